//! The body of `word/document.xml`: a small model of the WordprocessingML the layouts use
//! (paragraphs, runs, hyperlinks, one table shape) and its serialization, with every
//! property written in the order of the ECMA-376 schema.
//!
//! docx-rs builds the rest of the package (styles, numbering, settings, relationships, the
//! zip). The body is written here because docx-rs's serializer cost 4–7 ms for a long resume
//! (its XML writer moves a large value on every element), over the export budget, and writes
//! properties out of schema order, which Word may reject or ignore.

use std::fmt::Write as _;

use super::primitives::Fmt;

/// WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Office relationships namespace.
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A piece of run content.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Text, already XML-safe but not escaped.
    Text(String),
    /// `w:tab`.
    Tab,
    /// `w:br` (a line break).
    Break,
}

/// A run: one formatting over text, tabs and breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Run {
    fmt: Fmt,
    /// A character style id.
    style: Option<&'static str>,
    /// Write bold and italic explicitly off when not on (hyperlink runs).
    explicit: bool,
    items: Vec<Item>,
}

impl Run {
    /// An empty run with `fmt`.
    pub(super) fn new(fmt: Fmt) -> Self {
        Self {
            fmt,
            style: None,
            explicit: false,
            items: Vec::new(),
        }
    }

    /// The same run with character style `style`, bold and italic written explicitly.
    pub(super) fn styled(mut self, style: &'static str) -> Self {
        self.style = Some(style);
        self.explicit = true;
        self
    }

    /// Appends text (must already be XML-safe; escaping happens when writing).
    pub(super) fn push_text(&mut self, text: &str) {
        if let Some(Item::Text(last)) = self.items.last_mut() {
            last.push_str(text);
        } else {
            self.items.push(Item::Text(text.to_owned()));
        }
    }

    /// Appends a TAB.
    pub(super) fn push_tab(&mut self) {
        self.items.push(Item::Tab);
    }

    /// Appends a line break.
    pub(super) fn push_break(&mut self) {
        self.items.push(Item::Break);
    }

    fn write(&self, out: &mut String) {
        out.push_str("<w:r>");
        let fmt = self.fmt;
        let has_props = self.style.is_some()
            || fmt.bold
            || fmt.italic
            || fmt.underline
            || fmt.size_pt.is_some()
            || self.explicit;
        if has_props {
            out.push_str("<w:rPr>");
            if let Some(style) = self.style {
                let _ = write!(out, "<w:rStyle w:val=\"{style}\"/>");
            }
            if fmt.bold {
                out.push_str("<w:b/><w:bCs/>");
            } else if self.explicit {
                out.push_str("<w:b w:val=\"false\"/>");
            }
            if fmt.italic {
                out.push_str("<w:i/><w:iCs/>");
            } else if self.explicit {
                out.push_str("<w:i w:val=\"false\"/>");
            }
            if let Some(pt) = fmt.size_pt {
                let _ = write!(out, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", pt * 2);
            }
            if fmt.underline {
                out.push_str("<w:u w:val=\"single\"/>");
            }
            out.push_str("</w:rPr>");
        }
        for item in &self.items {
            match item {
                Item::Text(text) => {
                    out.push_str("<w:t xml:space=\"preserve\">");
                    escape_into(text, out);
                    out.push_str("</w:t>");
                }
                Item::Tab => out.push_str("<w:tab/>"),
                Item::Break => out.push_str("<w:br/>"),
            }
        }
        out.push_str("</w:r>");
    }

    #[cfg(test)]
    fn text_into(&self, out: &mut String) {
        for item in &self.items {
            match item {
                Item::Text(text) => out.push_str(text),
                Item::Tab => out.push('\t'),
                Item::Break => out.push('\n'),
            }
        }
    }
}

/// An external hyperlink around one run; `rid` names its relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hyperlink {
    pub(super) rid: String,
    pub(super) run: Run,
}

/// Paragraph content.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inline {
    Run(Run),
    Link(Hyperlink),
}

/// A right-aligned tab stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RightTab(usize);

/// A paragraph and its properties.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Paragraph {
    style: Option<&'static str>,
    /// Kept on the same page as the next paragraph.
    keep_next: bool,
    /// Kept on one page (no page break inside).
    keep_lines: bool,
    page_break_before: bool,
    /// `(numbering id, level)` of a list paragraph.
    numbering: Option<(usize, usize)>,
    /// A bottom border: (size in eighths of a point, space in points).
    bottom_border: Option<(usize, usize)>,
    right_tab: Option<RightTab>,
    /// Space before and after, in twips.
    spacing: Option<(u32, u32)>,
    /// Left and right indents of zero.
    zero_indent: bool,
    centred: bool,
    content: Vec<Inline>,
}

impl Paragraph {
    /// An empty paragraph with no properties of its own.
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// With paragraph style `style`.
    pub(super) fn style(mut self, style: &'static str) -> Self {
        self.style = Some(style);
        self
    }

    /// Centred.
    pub(super) fn centred(mut self) -> Self {
        self.centred = true;
        self
    }

    /// Kept on the same page as the next paragraph (`w:keepNext`).
    pub(super) fn keep_next(mut self) -> Self {
        self.keep_next = true;
        self
    }

    /// Kept on one page, never split by a page break (`w:keepLines`).
    pub(super) fn keep_lines(mut self) -> Self {
        self.keep_lines = true;
        self
    }

    /// Marks the paragraph, in place, to be kept on the same page as the next one.
    pub(super) fn set_keep_next(&mut self) {
        self.keep_next = true;
    }

    /// Starting on a new page.
    pub(super) fn page_break_before(mut self) -> Self {
        self.page_break_before = true;
        self
    }

    /// A list item of numbering `id` at `level`.
    pub(super) fn numbering(mut self, id: usize, level: usize) -> Self {
        self.numbering = Some((id, level));
        self
    }

    /// With a single bottom border of `size` eighths of a point, `space` points from the text.
    pub(super) fn bottom_border(mut self, size: usize, space: usize) -> Self {
        self.bottom_border = Some((size, space));
        self
    }

    /// With zero left and right indents.
    pub(super) fn zero_indent(mut self) -> Self {
        self.zero_indent = true;
        self
    }

    /// With a right-aligned tab stop at `position` twips.
    pub(super) fn right_tab(mut self, position: usize) -> Self {
        self.right_tab = Some(RightTab(position));
        self
    }

    /// With `before` and `after` twips of space.
    pub(super) fn spacing(mut self, before: u32, after: u32) -> Self {
        self.spacing = Some((before, after));
        self
    }

    /// Appends a run.
    pub(super) fn add_run(mut self, run: Run) -> Self {
        self.push_run(run);
        self
    }

    /// Appends a hyperlink.
    pub(super) fn add_hyperlink(mut self, link: Hyperlink) -> Self {
        self.content.push(Inline::Link(link));
        self
    }

    /// Appends a run in place.
    pub(super) fn push_run(&mut self, run: Run) {
        self.content.push(Inline::Run(run));
    }

    /// True for a list item.
    pub(super) fn is_numbered(&self) -> bool {
        self.numbering.is_some()
    }

    /// The last run, when the paragraph ends with one.
    pub(super) fn last_run_mut(&mut self) -> Option<&mut Run> {
        match self.content.last_mut() {
            Some(Inline::Run(run)) => Some(run),
            _ => None,
        }
    }

    /// The paragraph's text: TAB for tabs, LF for breaks.
    #[cfg(test)]
    pub(super) fn raw_text(&self) -> String {
        let mut text = String::new();
        for inline in &self.content {
            match inline {
                Inline::Run(run) => run.text_into(&mut text),
                Inline::Link(link) => link.run.text_into(&mut text),
            }
        }
        text
    }

    /// The paragraph's XML.
    #[cfg(test)]
    pub(super) fn xml(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push_str("<w:p>");
        let has_props = self.style.is_some()
            || self.keep_next
            || self.keep_lines
            || self.page_break_before
            || self.numbering.is_some()
            || self.bottom_border.is_some()
            || self.right_tab.is_some()
            || self.spacing.is_some()
            || self.zero_indent
            || self.centred;
        if has_props {
            // CT_PPr order: pStyle, keepNext, keepLines, pageBreakBefore, numPr, pBdr, tabs,
            // spacing, ind, jc.
            out.push_str("<w:pPr>");
            if let Some(style) = self.style {
                let _ = write!(out, "<w:pStyle w:val=\"{style}\"/>");
            }
            if self.keep_next {
                out.push_str("<w:keepNext/>");
            }
            if self.keep_lines {
                out.push_str("<w:keepLines/>");
            }
            if self.page_break_before {
                out.push_str("<w:pageBreakBefore/>");
            }
            if let Some((id, level)) = self.numbering {
                let _ = write!(
                    out,
                    "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
                );
            }
            if let Some((size, space)) = self.bottom_border {
                let _ = write!(
                    out,
                    "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{size}\" w:space=\"{space}\" w:color=\"auto\"/></w:pBdr>"
                );
            }
            if let Some(RightTab(position)) = self.right_tab {
                let _ = write!(
                    out,
                    "<w:tabs><w:tab w:val=\"right\" w:pos=\"{position}\"/></w:tabs>"
                );
            }
            if let Some((before, after)) = self.spacing {
                let _ = write!(
                    out,
                    "<w:spacing w:before=\"{before}\" w:after=\"{after}\"/>"
                );
            }
            if self.zero_indent {
                out.push_str("<w:ind w:left=\"0\" w:right=\"0\"/>");
            }
            if self.centred {
                out.push_str("<w:jc w:val=\"center\"/>");
            }
            out.push_str("</w:pPr>");
        }
        for inline in &self.content {
            match inline {
                Inline::Run(run) => run.write(out),
                Inline::Link(link) => {
                    let _ = write!(out, "<w:hyperlink r:id=\"{}\" w:history=\"1\">", link.rid);
                    link.run.write(out);
                    out.push_str("</w:hyperlink>");
                }
            }
        }
        out.push_str("</w:p>");
    }
}

/// A table cell: one paragraph in a column of fixed width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cell {
    pub(super) paragraph: Paragraph,
    /// Vertically centred.
    pub(super) centred: bool,
}

/// A `Table Grid` table of equal columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    pub(super) style: &'static str,
    pub(super) column_twips: usize,
    pub(super) rows: Vec<Vec<Cell>>,
}

impl Table {
    fn write(&self, out: &mut String) {
        let columns = self.rows.first().map_or(0, Vec::len);
        let _ = write!(
            out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"{}\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>",
            self.style
        );
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(
                out,
                "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
            );
        }
        out.push_str("</w:tblBorders><w:tblLayout w:type=\"autofit\"/></w:tblPr><w:tblGrid>");
        for _ in 0..columns {
            let _ = write!(out, "<w:gridCol w:w=\"{}\"/>", self.column_twips);
        }
        out.push_str("</w:tblGrid>");
        for row in &self.rows {
            out.push_str("<w:tr>");
            for cell in row {
                let _ = write!(
                    out,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
                    self.column_twips
                );
                if cell.centred {
                    out.push_str("<w:vAlign w:val=\"center\"/>");
                }
                out.push_str("</w:tcPr>");
                cell.paragraph.write(out);
                out.push_str("</w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }
}

/// A top-level block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// The page of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) top: i32,
    pub(super) bottom: i32,
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) header_footer: i32,
}

/// `word/document.xml` holding `blocks` on `page`.
pub(super) fn document(blocks: &[Block], page: Page) -> String {
    let mut out = String::with_capacity(256 + blocks.len() * 512);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
    );
    for block in blocks {
        match block {
            Block::Paragraph(paragraph) => paragraph.write(&mut out),
            Block::Table(table) => table.write(&mut out),
        }
    }
    let _ = write!(
        out,
        "<w:sectPr><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{hf}\" w:footer=\"{hf}\" w:gutter=\"0\"/><w:cols w:space=\"720\"/></w:sectPr></w:body></w:document>",
        page.width,
        page.height,
        page.top,
        page.right,
        page.bottom,
        page.left,
        hf = page.header_footer,
    );
    out
}

/// Appends `text` XML-escaped (for element content and quoted attribute values).
pub(super) fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_written_in_schema_order() {
        let mut run = Run::new(Fmt::PLAIN.bold().italic().underline().size(12));
        run.push_text("a < b & \"c\"");
        run.push_tab();
        run.push_break();
        let paragraph = Paragraph::new()
            .centred()
            .spacing(0, 100)
            .right_tab(10_656)
            .style("Heading2")
            .page_break_before()
            .keep_lines()
            .keep_next()
            .add_run(run);
        let mut xml = String::new();
        paragraph.write(&mut xml);
        assert_eq!(
            xml,
            "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/><w:keepNext/><w:keepLines/><w:pageBreakBefore/>\
             <w:tabs><w:tab w:val=\"right\" w:pos=\"10656\"/></w:tabs>\
             <w:spacing w:before=\"0\" w:after=\"100\"/><w:jc w:val=\"center\"/></w:pPr>\
             <w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>\
             <w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">a &lt; b &amp; &quot;c&quot;</w:t>\
             <w:tab/><w:br/></w:r></w:p>"
        );
        assert_eq!(paragraph.raw_text(), "a < b & \"c\"\t\n");
    }

    #[test]
    fn hyperlink_runs_state_bold_and_italic_explicitly() {
        let mut run = Run::new(Fmt::PLAIN.size(10)).styled("Hyperlink");
        run.push_text("x");
        let paragraph = Paragraph::new().add_hyperlink(Hyperlink {
            rid: "rIdLink1".to_owned(),
            run,
        });
        let mut xml = String::new();
        paragraph.write(&mut xml);
        assert_eq!(
            xml,
            "<w:p><w:hyperlink r:id=\"rIdLink1\" w:history=\"1\"><w:r><w:rPr>\
             <w:rStyle w:val=\"Hyperlink\"/><w:b w:val=\"false\"/><w:i w:val=\"false\"/>\
             <w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr><w:t xml:space=\"preserve\">x</w:t>\
             </w:r></w:hyperlink></w:p>"
        );
    }
}
