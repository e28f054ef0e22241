//! The building blocks both layouts are made of (format spec §6.2): formatted runs whose tabs
//! are real `w:tab` elements, line breaks (`w:br`), spacers, rules, headings, the right tab
//! stop and paragraph spacing. Text is made XML-safe here, once for every layout.

use std::borrow::Cow;

use super::styles;
use super::wml::{Paragraph, Run};

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
}

/// A run of `text`; each TAB becomes a `w:tab`, forbidden characters are dropped.
pub(super) fn run(text: &str, fmt: Fmt) -> Run {
    let mut run = Run::new(fmt);
    push_text(&mut run, text);
    run
}

/// Appends `text` to `run`, TABs as `w:tab`.
fn push_text(run: &mut Run, text: &str) {
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run.push_tab();
        }
        if !piece.is_empty() {
            run.push_text(&xml_safe(piece));
        }
    }
}

/// The run inside a hyperlink: character style `Hyperlink`, explicit size, bold and italic
/// explicitly on or off (format spec §6.2).
pub(super) fn link_run(text: &str, fmt: Fmt, base_pt: usize) -> Run {
    let mut link = Run::new(Fmt {
        size_pt: Some(fmt.size_pt.unwrap_or(base_pt)),
        ..fmt
    })
    .styled(styles::HYPERLINK);
    push_text(&mut link, text);
    link
}

/// A run holding only a TAB.
pub(super) fn tab() -> Run {
    let mut run = Run::new(Fmt::PLAIN);
    run.push_tab();
    run
}

/// `paragraph` with a line break after its last run (added to that run when possible).
pub(super) fn end_line(mut paragraph: Paragraph) -> Paragraph {
    match paragraph.last_run_mut() {
        Some(run) => run.push_break(),
        None => {
            let mut run = Run::new(Fmt::PLAIN);
            run.push_break();
            paragraph.push_run(run);
        }
    }
    paragraph
}

/// A run of a TAB followed by `text`.
pub(super) fn tabbed(text: &str, fmt: Fmt) -> Run {
    let mut run = Run::new(fmt);
    run.push_tab();
    push_text(&mut run, text);
    run
}

/// `run` followed by a line break.
pub(super) fn with_break(mut run: Run) -> Run {
    run.push_break();
    run
}

/// An empty paragraph.
pub(super) fn spacer() -> Paragraph {
    Paragraph::new()
}

/// An empty paragraph with a bottom border: single line, ¾ pt, 1 pt from the text, automatic
/// colour, no indents (the ATS section rule); kept with the next paragraph, so that a rule
/// never ends a page apart from what it introduces.
pub(super) fn rule() -> Paragraph {
    Paragraph::new()
        .bottom_border(6, 1)
        .zero_indent()
        .keep_next()
}

/// A heading paragraph of `level` 1–4 holding `text`.
pub(super) fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(styles::heading(level))
        .add_run(run(text, Fmt::PLAIN))
}

/// A centred heading (plain layout).
pub(super) fn centred_heading(level: usize, text: &str) -> Paragraph {
    heading(level, text).centred()
}

/// `paragraph` with a right-aligned tab stop at 7.4 in.
pub(super) fn with_right_tab(paragraph: Paragraph) -> Paragraph {
    paragraph.right_tab(RIGHT_TAB_TWIPS)
}

/// `paragraph` with space before and after, in twips.
pub(super) fn with_spacing(paragraph: Paragraph, before: u32, after: u32) -> Paragraph {
    paragraph.spacing(before, after)
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

    /// Starts a new line: a break unless it is the first one. The break joins the previous
    /// run when there is one (fewer runs, same text).
    pub(super) fn line(&mut self) {
        if self.started {
            self.paragraph = end_line(std::mem::take(&mut self.paragraph));
        }
        self.started = true;
    }

    /// Appends a run to the current line.
    pub(super) fn push(&mut self, run: Run) {
        self.paragraph.push_run(run);
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
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|c| !forbidden(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(xml_safe("a\u{1}b\u{FFFF}c\td"), "abc\td");
        assert!(matches!(xml_safe("plain"), Cow::Borrowed(_)));
        let tabbed = run("a\tb", Fmt::PLAIN);
        assert_eq!(Paragraph::new().add_run(tabbed).raw_text(), "a\tb");
    }
}
