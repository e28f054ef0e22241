//! `word/document.xml` of a designed template: the [`Sheet`] walked in reading order, one
//! paragraph per line of the design and no tables, so that Word, LibreOffice and applicant
//! tracking systems read the same text in the same order as the PDF shows it.
//!
//! - the name (`Title`) and the contact items joined by [`SEPARATOR`] (`Contact`);
//! - per section a `Heading 1` and its paragraphs and bullets; a section without a heading
//!   (a cover letter's body) has no `Heading 1`, only the heading's space above its first
//!   paragraph;
//! - per entry the title with the dates after a TAB (right tab stop of `Entry Title`), the
//!   subtitle (`Entry Subtitle`), then the body. The header paragraphs keep with the next
//!   one; the last paragraph of an entry does not.
//!
//! Bullets are list paragraphs (`w:numPr`), never typed markers. Spacing is paragraph
//! spacing: each paragraph states its space before only where its context differs from what
//! its style says ([`Measures::before`]). Links are `w:hyperlink` elements whose external
//! relationships are collected in [`Body::links`].

use std::fmt::Write as _;

use crate::inline::Run;
use crate::sheet::{Block, Entry, SEPARATOR, Sheet, SheetSection};

use super::measure::{Measures, Part};
use super::styles::{self, BULLETS, DATES, HYPERLINK, NORMAL};
use super::xml::{DECLARATION, R_NS, W_NS, escape_into};

/// The document body and the links it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Body {
    /// `word/document.xml`.
    pub(super) xml: String,
    /// Hyperlink relationships `(id, target)`, in order of appearance.
    pub(super) links: Vec<(String, String)>,
}

/// `word/document.xml` of `sheet` measured by `m`.
pub(super) fn document(sheet: &Sheet, m: &Measures) -> Body {
    let mut writer = Writer {
        out: String::with_capacity(32 * 1024),
        links: Vec::new(),
        measures: m,
        previous: None,
        opens_untitled_section: false,
    };
    let _ = write!(
        writer.out,
        "{DECLARATION}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
    );
    writer.header(sheet);
    for section in &sheet.sections {
        writer.section(section);
    }
    let half_margin = m.margin / 2;
    let _ = write!(
        writer.out,
        "<w:sectPr><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{margin}\" w:right=\"{margin}\" w:bottom=\"{margin}\" w:left=\"{margin}\" w:header=\"{half_margin}\" w:footer=\"{half_margin}\" w:gutter=\"0\"/><w:cols w:space=\"720\"/></w:sectPr></w:body></w:document>",
        m.page_width,
        m.page_height,
        margin = m.margin,
    );
    Body {
        xml: writer.out,
        links: writer.links,
    }
}

/// What a paragraph holds.
enum Content<'a> {
    /// Plain text.
    Text(&'a str),
    /// Runs with their emphasis and links.
    Runs(&'a [Run]),
    /// Runs joined by [`SEPARATOR`].
    Joined(&'a [Run]),
    /// An entry's first line: the title runs, then a TAB and the dates.
    Header(&'a [Run], &'a str),
}

struct Writer<'a> {
    out: String,
    links: Vec<(String, String)>,
    measures: &'a Measures,
    /// The part of the paragraph written last.
    previous: Option<Part>,
    /// The next paragraph begins a section without a heading.
    opens_untitled_section: bool,
}

impl Writer<'_> {
    fn header(&mut self, sheet: &Sheet) {
        if !sheet.name.trim().is_empty() {
            self.paragraph(Part::Name, false, &Content::Text(&sheet.name));
        }
        if has_text(&sheet.contact) {
            self.paragraph(Part::Contact, false, &Content::Joined(&sheet.contact));
        }
    }

    /// A section: its heading, or for a section without one (a cover letter's body) the
    /// heading's space above its first paragraph, then its blocks and entries.
    fn section(&mut self, section: &SheetSection) {
        if section.heading.trim().is_empty() {
            self.opens_untitled_section = true;
        } else {
            self.paragraph(Part::Heading, false, &Content::Text(section.heading));
        }
        for block in &section.blocks {
            self.block(block);
        }
        for (i, entry) in section.entries.iter().enumerate() {
            self.entry(entry, i == 0);
        }
    }

    fn entry(&mut self, entry: &Entry, first: bool) {
        let body: Vec<&Block> = entry.body.iter().filter(|b| block_has_text(b)).collect();
        let has_title = has_text(&entry.title) || !entry.dates.trim().is_empty();
        let has_subtitle = has_text(&entry.subtitle);
        if has_title {
            let last = !has_subtitle && body.is_empty();
            self.paragraph(
                Part::EntryTitle { first },
                last,
                &Content::Header(&entry.title, entry.dates.trim()),
            );
        }
        if has_subtitle {
            self.paragraph(
                Part::EntrySubtitle,
                body.is_empty(),
                &Content::Runs(&entry.subtitle),
            );
        }
        for block in body {
            self.block(block);
        }
    }

    /// A paragraph or a run of bullets; empty ones are left out.
    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph { runs } => {
                if has_text(runs) {
                    self.paragraph(Part::Paragraph, false, &Content::Runs(runs));
                }
            }
            Block::Bullets { items } => {
                let mut first = true;
                for item in items.iter().filter(|item| has_text(item)) {
                    self.paragraph(Part::Item { first }, false, &Content::Runs(item));
                    first = false;
                }
            }
        }
    }

    /// Writes a paragraph of `part`; `release` turns off its style's keep-with-next (the
    /// last paragraph of an entry).
    fn paragraph(&mut self, part: Part, release: bool, content: &Content<'_>) {
        let m = self.measures;
        let style = styles::style_of(part);
        let before = if std::mem::take(&mut self.opens_untitled_section) {
            m.untitled_section_before(self.previous, part)
        } else {
            m.before(self.previous, part)
        };
        let mut properties = String::new();
        if style != NORMAL {
            let _ = write!(properties, "<w:pStyle w:val=\"{style}\"/>");
        }
        if release && styles::keeps_with_next(part) {
            properties.push_str("<w:keepNext w:val=\"0\"/>");
        }
        if matches!(part, Part::Item { .. }) {
            let _ = write!(
                properties,
                "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{BULLETS}\"/></w:numPr>"
            );
        }
        if before != m.style_before(part) {
            let _ = write!(properties, "<w:spacing w:before=\"{before}\"/>");
        }
        self.out.push_str("<w:p>");
        if !properties.is_empty() {
            let _ = write!(self.out, "<w:pPr>{properties}</w:pPr>");
        }
        match content {
            Content::Text(text) => self.text_run(text, false, false, None),
            Content::Runs(runs) => self.runs(runs),
            Content::Joined(runs) => {
                for (i, run) in runs.iter().filter(|r| !r.text.is_empty()).enumerate() {
                    if i > 0 {
                        self.text_run(SEPARATOR, false, false, None);
                    }
                    self.run(run);
                }
            }
            Content::Header(title, dates) => {
                self.runs(title);
                if !dates.is_empty() {
                    self.out.push_str("<w:r><w:rPr>");
                    let _ = write!(self.out, "<w:rStyle w:val=\"{DATES}\"/>");
                    self.out.push_str("</w:rPr><w:tab/>");
                    self.text(dates);
                    self.out.push_str("</w:r>");
                }
            }
        }
        self.out.push_str("</w:p>");
        self.previous = Some(part);
    }

    fn runs(&mut self, runs: &[Run]) {
        for run in runs.iter().filter(|r| !r.text.is_empty()) {
            self.run(run);
        }
    }

    /// A run, inside a hyperlink when it links somewhere.
    fn run(&mut self, run: &Run) {
        match run.url.as_deref() {
            Some(url) => {
                let rid = format!("rIdLink{}", self.links.len() + 1);
                let _ = write!(self.out, "<w:hyperlink r:id=\"{rid}\" w:history=\"1\">");
                self.links.push((rid, url.to_owned()));
                self.text_run(&run.text, run.bold, run.italic, Some(HYPERLINK));
                self.out.push_str("</w:hyperlink>");
            }
            None => self.text_run(&run.text, run.bold, run.italic, None),
        }
    }

    fn text_run(&mut self, text: &str, bold: bool, italic: bool, style: Option<&str>) {
        self.out.push_str("<w:r>");
        if bold || italic || style.is_some() {
            self.out.push_str("<w:rPr>");
            if let Some(style) = style {
                let _ = write!(self.out, "<w:rStyle w:val=\"{style}\"/>");
            }
            if bold {
                self.out.push_str("<w:b/><w:bCs/>");
            }
            if italic {
                self.out.push_str("<w:i/><w:iCs/>");
            }
            self.out.push_str("</w:rPr>");
        }
        self.text(text);
        self.out.push_str("</w:r>");
    }

    /// Run content: text, with TABs as `w:tab` and line feeds as `w:br`.
    fn text(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let end = rest.find(['\t', '\n']).unwrap_or(rest.len());
            let (piece, tail) = rest.split_at(end);
            if !piece.is_empty() {
                self.out.push_str("<w:t xml:space=\"preserve\">");
                escape_into(piece.trim_end_matches('\r'), &mut self.out);
                self.out.push_str("</w:t>");
            }
            let mut chars = tail.chars();
            match chars.next() {
                Some('\t') => self.out.push_str("<w:tab/>"),
                Some(_) => self.out.push_str("<w:br/>"),
                None => {}
            }
            rest = chars.as_str();
        }
    }
}

fn has_text(runs: &[Run]) -> bool {
    runs.iter().any(|r| !r.text.trim().is_empty())
}

fn block_has_text(block: &Block) -> bool {
    match block {
        Block::Paragraph { runs } => has_text(runs),
        Block::Bullets { items } => items.iter().any(|item| has_text(item)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::conform::conform;
    use super::*;
    use crate::design::Design;
    use crate::style::Style;
    use crate::template::Template;

    fn sheet() -> Sheet {
        Sheet {
            title: "Ana – Resume".to_owned(),
            author: "Ana".to_owned(),
            language: "en",
            name: "Ana <Ortiz>".to_owned(),
            contact: vec![
                Run::link("ana@example.com", "mailto:ana@example.com"),
                Run::plain("Lima"),
            ],
            sections: vec![SheetSection {
                kind: "experience",
                heading: "Experience",
                blocks: Vec::new(),
                entries: vec![
                    Entry {
                        title: vec![Run::bold("Engineer")],
                        dates: "2020 – Present".to_owned(),
                        subtitle: vec![Run::plain("Acme & Co")],
                        body: vec![
                            Block::Paragraph {
                                runs: vec![Run::plain("Built\u{1} things.")],
                            },
                            Block::Bullets {
                                items: vec![
                                    vec![Run::plain("One")],
                                    vec![],
                                    vec![Run {
                                        italic: true,
                                        ..Run::plain("Two")
                                    }],
                                ],
                            },
                        ],
                    },
                    Entry {
                        title: vec![Run::bold("Intern")],
                        dates: String::new(),
                        subtitle: Vec::new(),
                        body: Vec::new(),
                    },
                ],
            }],
        }
    }

    fn render() -> Body {
        let design = Design::for_template(Template::Modern);
        let style = Style::new(Template::Modern, &design);
        document(&sheet(), &Measures::new(&style, &design))
    }

    /// The paragraphs of `xml`, each as its XML.
    fn paragraphs(xml: &str) -> Vec<&str> {
        xml.split("<w:p>")
            .skip(1)
            .map(|p| p.split("</w:p>").next().unwrap())
            .collect()
    }

    #[test]
    fn body_is_well_formed_and_in_schema_order() {
        let body = render();
        assert_eq!(conform(&body.xml).unwrap(), body.xml);
        assert!(!body.xml.contains("<w:tbl"));
        assert!(!body.xml.contains('\u{1}'));
        assert!(body.xml.contains("Ana &lt;Ortiz&gt;"));
        assert!(body.xml.contains("Acme &amp; Co"));
    }

    #[test]
    fn no_paragraph_is_empty_and_bullets_are_numbered() {
        let body = render();
        let paragraphs = paragraphs(&body.xml);
        assert!(paragraphs.iter().all(|p| p.contains("<w:t ")));
        let bullets: Vec<_> = paragraphs
            .iter()
            .filter(|p| p.contains("<w:numPr>"))
            .collect();
        assert_eq!(bullets.len(), 2, "the empty item is left out");
        assert!(!body.xml.contains('•'));
    }

    #[test]
    fn headers_keep_with_the_body_and_entries_end_free() {
        let body = render();
        let paragraphs = paragraphs(&body.xml);
        let title = paragraphs.iter().find(|p| p.contains("Engineer")).unwrap();
        assert!(title.contains("<w:pStyle w:val=\"EntryTitle\"/>"));
        assert!(
            !title.contains("keepNext"),
            "the style keeps it with the next"
        );
        assert!(title.contains("<w:rStyle w:val=\"EntryDates\"/></w:rPr><w:tab/><w:t xml:space=\"preserve\">2020 – Present"));
        let intern = paragraphs.iter().find(|p| p.contains("Intern")).unwrap();
        assert!(intern.contains("<w:keepNext w:val=\"0\"/>"), "{intern}");
        assert!(!intern.contains("<w:tab/>"), "no dates, no TAB");
    }

    #[test]
    fn links_are_hyperlinks_with_relationships() {
        let body = render();
        assert_eq!(
            body.links,
            [("rIdLink1".to_owned(), "mailto:ana@example.com".to_owned())]
        );
        assert!(body.xml.contains("<w:hyperlink r:id=\"rIdLink1\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">ana@example.com</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> · </w:t></w:r>"));
    }

    #[test]
    fn tabs_and_line_feeds_become_elements() {
        let design = Design::for_template(Template::Classic);
        let style = Style::new(Template::Classic, &design);
        let m = Measures::new(&style, &design);
        let mut writer = Writer {
            out: String::new(),
            links: Vec::new(),
            measures: &m,
            previous: None,
            opens_untitled_section: false,
        };
        writer.text("a\tb\nc\r\n");
        assert_eq!(
            writer.out,
            "<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t><w:br/>"
        );
    }
}
