//! The building blocks both layouts are made of (format spec §6.2): formatted runs whose tabs
//! are real `w:tab` elements, line breaks (`w:br`), spacers, rules, headings, the right tab
//! stop and paragraph spacing. Text is made XML-safe here, once for every layout.

use std::borrow::Cow;

use docx_rs::{
    AlignmentType, BreakType, LineSpacing, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphChild, Run, Tab, TabValueType,
};

use super::styles;

/// The right tab stop of the plain layout: 7.4 in.
const RIGHT_TAB_TWIPS: usize = 10_656;

/// Twips (twentieths of a point) in a point.
pub(super) const TWIPS_PER_PT: u32 = 20;

/// Character formatting of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Fmt {
    /// Bold.
    pub(super) bold: bool,
    /// Italic.
    pub(super) italic: bool,
    /// Single underline.
    pub(super) underline: bool,
    /// Font size in points; `None` inherits the paragraph's.
    pub(super) size_pt: Option<usize>,
}

impl Fmt {
    /// No formatting of its own.
    pub(super) const PLAIN: Self = Self {
        bold: false,
        italic: false,
        underline: false,
        size_pt: None,
    };

    /// The same, bold.
    pub(super) fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// The same, italic.
    pub(super) fn italic(self) -> Self {
        Self {
            italic: true,
            ..self
        }
    }

    /// The same, underlined.
    pub(super) fn underline(self) -> Self {
        Self {
            underline: true,
            ..self
        }
    }

    /// The same at `pt` points.
    pub(super) fn size(self, pt: usize) -> Self {
        Self {
            size_pt: Some(pt),
            ..self
        }
    }

    fn apply(self, mut run: Run) -> Run {
        if self.bold {
            run = run.bold();
        }
        if self.italic {
            run = run.italic();
        }
        if self.underline {
            run = run.underline("single");
        }
        if let Some(pt) = self.size_pt {
            run = run.size(pt * 2);
        }
        run
    }
}

/// A run of `text`; each TAB becomes a `w:tab`.
pub(super) fn run(text: &str, fmt: Fmt) -> Run {
    let mut run = fmt.apply(Run::new());
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(xml_safe(piece));
        }
    }
    run
}

/// The run inside a hyperlink: character style `Hyperlink`, explicit size, bold and italic
/// explicitly on or off (format spec §6.2).
pub(super) fn link_run(text: &str, fmt: Fmt, base_pt: usize) -> Run {
    let mut link = run(text, Fmt::PLAIN)
        .style(styles::HYPERLINK)
        .size(fmt.size_pt.unwrap_or(base_pt) * 2);
    link = if fmt.bold { link.bold() } else { link.disable_bold() };
    if fmt.italic {
        link.italic()
    } else {
        link.disable_italic()
    }
}

/// A line break inside a paragraph.
pub(super) fn br() -> Run {
    Run::new().add_break(BreakType::TextWrapping)
}

/// A run holding only a TAB.
pub(super) fn tab() -> Run {
    Run::new().add_tab()
}

/// An empty paragraph.
pub(super) fn spacer() -> Paragraph {
    Paragraph::new()
}

/// An empty paragraph with a bottom border: single line, ¾ pt, 1 pt from the text, automatic
/// colour, no indents (the ATS section rule).
pub(super) fn rule() -> Paragraph {
    let mut paragraph = Paragraph::new().indent(Some(0), None, Some(0), None);
    paragraph.property = paragraph.property.set_border(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .size(6)
            .space(1)
            .color("auto"),
    );
    paragraph
}

/// A heading paragraph of `level` 1–4 holding `text`.
pub(super) fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(styles::heading(level))
        .add_run(run(text, Fmt::PLAIN))
}

/// A centred heading (plain layout).
pub(super) fn centred_heading(level: usize, text: &str) -> Paragraph {
    heading(level, text).align(AlignmentType::Center)
}

/// `paragraph` with a right-aligned tab stop at 7.4 in.
pub(super) fn with_right_tab(paragraph: Paragraph) -> Paragraph {
    paragraph.add_tab(
        Tab::new()
            .val(TabValueType::Right)
            .pos(RIGHT_TAB_TWIPS),
    )
}

/// `paragraph` with space before and after, in twips.
pub(super) fn with_spacing(paragraph: Paragraph, before: u32, after: u32) -> Paragraph {
    paragraph.line_spacing(LineSpacing::new().before(before).after(after))
}

/// A paragraph written line by line, with a line break between consecutive lines.
pub(super) struct Lines {
    paragraph: Paragraph,
    started: bool,
}

impl Lines {
    /// Lines written into `paragraph`.
    pub(super) fn new(paragraph: Paragraph) -> Self {
        Self {
            paragraph,
            started: false,
        }
    }

    /// Starts a new line: a break unless it is the first one.
    pub(super) fn line(&mut self) {
        if self.started {
            self.push(br());
        }
        self.started = true;
    }

    /// Appends a run to the current line.
    pub(super) fn push(&mut self, run: Run) {
        self.paragraph
            .children
            .push(ParagraphChild::Run(Box::new(run)));
    }

    /// Starts a new line holding `text`.
    pub(super) fn text(&mut self, text: &str, fmt: Fmt) {
        self.line();
        self.push(run(text, fmt));
    }

    /// The finished paragraph.
    pub(super) fn finish(self) -> Paragraph {
        self.paragraph
    }
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than TAB, LF and CR,
/// U+FFFE, U+FFFF); a text field holding one would otherwise make the package unreadable.
pub(super) fn xml_safe(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|c| !forbidden(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` escaped for an XML attribute value (docx-rs writes attributes verbatim).
pub(super) fn xml_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_safe(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_dropped_and_attributes_escaped() {
        assert_eq!(xml_safe("a\u{1}b\u{FFFF}c\td"), "abc\td");
        assert!(matches!(xml_safe("plain"), Cow::Borrowed(_)));
        assert_eq!(
            xml_attribute("https://x.org/?a=1&b=\"2\"<'>"),
            "https://x.org/?a=1&amp;b=&quot;2&quot;&lt;&apos;&gt;"
        );
    }
}
