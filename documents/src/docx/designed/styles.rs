//! The designed document's Word styles (`styles.xml`), bullet numbering (`numbering.xml`) and
//! font table (`fontTable.xml`).
//!
//! Every part of the design is a real style, so that Word's style pane, navigation and
//! outline show the structure and a user who edits the document keeps the look: `Normal` (the
//! default paragraph style: the family, size, ink and language), `Title` (the name),
//! `Contact`, `Heading 1` (section headings: outline level 0, kept with the next paragraph,
//! the rule as a bottom border in the accent colour), `Entry Title` (with the right tab stop
//! for the dates), `Entry Subtitle`, `List Bullet` and the character styles `Entry Dates` and
//! `Hyperlink` (links look like the text around them, as in the PDF).
//!
//! Everything is written in the element order of the ECMA-376 schema.

use std::fmt::Write as _;

use crate::design::FontFamily;
use crate::style::Style;

use super::measure::{Measures, Part};
use super::xml::{DECLARATION, W_NS, colour, escape};

/// Style id of the name.
pub(super) const TITLE: &str = "Title";
/// Style id of the contact line.
pub(super) const CONTACT: &str = "Contact";
/// Style id of section headings.
pub(super) const HEADING: &str = "Heading1";
/// Style id of an entry's first line.
pub(super) const ENTRY_TITLE: &str = "EntryTitle";
/// Style id of an entry's second line.
pub(super) const ENTRY_SUBTITLE: &str = "EntrySubtitle";
/// Style id of bullets.
pub(super) const LIST_BULLET: &str = "ListBullet";
/// Style id of body paragraphs (the default paragraph style).
pub(super) const NORMAL: &str = "Normal";
/// Character style id of an entry's dates.
pub(super) const DATES: &str = "EntryDates";
/// Character style id of links.
pub(super) const HYPERLINK: &str = "Hyperlink";
/// The numbering instance of bullets.
pub(super) const BULLETS: u32 = 1;

/// The paragraph style of `part`.
pub(super) fn style_of(part: Part) -> &'static str {
    match part {
        Part::Name => TITLE,
        Part::Contact => CONTACT,
        Part::Heading => HEADING,
        Part::EntryTitle { .. } => ENTRY_TITLE,
        Part::EntrySubtitle => ENTRY_SUBTITLE,
        Part::Paragraph => NORMAL,
        Part::Item { .. } => LIST_BULLET,
    }
}

/// True when `part`'s style keeps it with the next paragraph.
pub(super) fn keeps_with_next(part: Part) -> bool {
    matches!(
        part,
        Part::Name | Part::Heading | Part::EntryTitle { .. } | Part::EntrySubtitle
    )
}

/// The language tag Word is given for a design language code: a region is added for the
/// languages the designs offer, because Word picks its proofing tools by locale.
pub(super) fn word_language(code: &str) -> &str {
    match code {
        "en" => "en-US",
        "de" => "de-DE",
        "fr" => "fr-FR",
        "es" => "es-ES",
        other => other,
    }
}

/// A paragraph style under construction: the parts of `w:style` in schema order.
struct ParagraphStyle<'a> {
    id: &'a str,
    name: &'a str,
    next: &'a str,
    ui_priority: Option<u32>,
    /// Paragraph properties, already in schema order.
    paragraph: String,
    /// Run properties, already in schema order.
    run: String,
}

impl ParagraphStyle<'_> {
    fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"{}\"><w:name w:val=\"{}\"/><w:basedOn w:val=\"{NORMAL}\"/><w:next w:val=\"{}\"/>",
            self.id, self.name, self.next
        );
        if let Some(priority) = self.ui_priority {
            let _ = write!(out, "<w:uiPriority w:val=\"{priority}\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !self.paragraph.is_empty() {
            let _ = write!(out, "<w:pPr>{}</w:pPr>", self.paragraph);
        }
        if !self.run.is_empty() {
            let _ = write!(out, "<w:rPr>{}</w:rPr>", self.run);
        }
        out.push_str("</w:style>");
    }
}

/// `w:spacing` with `before` and `after` twips and a line pitch of at least `line` twips.
fn spacing(before: u32, after: u32, line: u32) -> String {
    format!(
        "<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"atLeast\"/>"
    )
}

/// `w:color` and the two size elements.
fn colour_and_size(colour: &str, half_points: u32) -> String {
    format!(
        "<w:color w:val=\"{colour}\"/><w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>"
    )
}

/// `styles.xml` of `style` measured by `m`, in language `language` (a Word language tag).
pub(super) fn styles(style: &Style, m: &Measures, language: &str) -> String {
    let ink = colour(style.ink);
    let muted = colour(style.muted);
    let accent = colour(&style.accent);
    let font = escape(style.font);
    let fonts = format!("<w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"/>");
    let language = escape(language);
    let base_run = format!(
        "{fonts}{}<w:lang w:val=\"{language}\"/>",
        colour_and_size(&ink, m.size)
    );
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "{DECLARATION}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>{base_run}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{}</w:pPr></w:pPrDefault></w:docDefaults>",
        spacing(0, 0, m.line)
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"{NORMAL}\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl/>{}</w:pPr><w:rPr>{base_run}</w:rPr></w:style>",
        spacing(m.style_before(Part::Paragraph), 0, m.line)
    );
    out.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
    );
    let centred = if style.centred_header {
        "<w:jc w:val=\"center\"/>"
    } else {
        ""
    };
    let keep = "<w:keepNext/><w:keepLines/>";
    let name_colour = if style.name_in_accent { &accent } else { &ink };
    let heading_colour = if style.heading_in_accent {
        &accent
    } else {
        &ink
    };
    let mut heading_run = String::from("<w:b/><w:bCs/>");
    if style.heading_upper {
        heading_run.push_str("<w:caps/>");
    }
    let _ = write!(heading_run, "<w:color w:val=\"{heading_colour}\"/>");
    if m.tracking > 0 {
        let _ = write!(heading_run, "<w:spacing w:val=\"{}\"/>", m.tracking);
    }
    let _ = write!(
        heading_run,
        "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
        m.heading_size
    );
    let paragraph_styles = [
        ParagraphStyle {
            id: TITLE,
            name: "Title",
            next: CONTACT,
            ui_priority: Some(10),
            // The name's one line is the font's own height: the least Word can give it.
            paragraph: format!(
                "{keep}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{centred}"
            ),
            run: format!(
                "<w:b/><w:bCs/>{}",
                colour_and_size(name_colour, m.name_size)
            ),
        },
        ParagraphStyle {
            id: CONTACT,
            name: "Contact",
            next: NORMAL,
            ui_priority: None,
            paragraph: format!(
                "{}{centred}",
                spacing(m.style_before(Part::Contact), 0, m.line)
            ),
            run: format!("<w:color w:val=\"{muted}\"/>"),
        },
        ParagraphStyle {
            id: HEADING,
            name: "heading 1",
            next: NORMAL,
            ui_priority: Some(9),
            paragraph: format!(
                "{keep}<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{}\" w:space=\"{}\" w:color=\"{accent}\"/></w:pBdr>{}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/>",
                m.rule_size,
                m.rule_space,
                spacing(
                    m.style_before(Part::Heading),
                    m.heading_after,
                    m.heading_line
                ),
            ),
            run: heading_run,
        },
        ParagraphStyle {
            id: ENTRY_TITLE,
            name: "Entry Title",
            next: ENTRY_SUBTITLE,
            ui_priority: None,
            paragraph: format!(
                "{keep}<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>{}",
                m.text_width,
                spacing(m.style_before(Part::EntryTitle { first: false }), 0, m.line)
            ),
            run: String::new(),
        },
        ParagraphStyle {
            id: ENTRY_SUBTITLE,
            name: "Entry Subtitle",
            next: NORMAL,
            ui_priority: None,
            paragraph: format!(
                "{keep}{}",
                spacing(m.style_before(Part::EntrySubtitle), 0, m.line)
            ),
            run: format!("<w:color w:val=\"{muted}\"/>"),
        },
        ParagraphStyle {
            id: LIST_BULLET,
            name: "List Bullet",
            next: LIST_BULLET,
            ui_priority: None,
            paragraph: format!(
                "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{BULLETS}\"/></w:numPr>{}",
                spacing(m.style_before(Part::Item { first: false }), 0, m.line)
            ),
            run: String::new(),
        },
    ];
    for paragraph_style in &paragraph_styles {
        paragraph_style.write(&mut out);
    }
    let _ = write!(
        out,
        "<w:style w:type=\"character\" w:styleId=\"{DATES}\"><w:name w:val=\"Entry Dates\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:qFormat/><w:rPr><w:color w:val=\"{muted}\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"{HYPERLINK}\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/></w:style></w:styles>"
    );
    out
}

/// `numbering.xml`: one bullet list, "•" in the muted colour, the marker 0.1 em in and the
/// text on a hanging indent, as the PDF sets lists.
pub(super) fn numbering(style: &Style, m: &Measures) -> String {
    let font = escape(style.font);
    format!(
        "{DECLARATION}<w:numbering xmlns:w=\"{W_NS}\"><w:abstractNum w:abstractNumId=\"{BULLETS}\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{}\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:hint=\"default\"/><w:color w:val=\"{}\"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId=\"{BULLETS}\"><w:abstractNumId w:val=\"{BULLETS}\"/></w:num></w:numbering>",
        m.bullet_left,
        m.bullet_hanging,
        colour(style.muted),
    )
}

/// `fontTable.xml`: the design's family with what Word should use where it is not
/// installed (the font files are not embedded): Arial for Inter, Times New Roman for
/// Libertinus Serif, or failing those any proportional sans-serif or serif.
pub(super) fn font_table(font: FontFamily) -> String {
    let (alternative, family) = match font {
        FontFamily::Inter => ("Arial", "swiss"),
        FontFamily::LibertinusSerif => ("Times New Roman", "roman"),
    };
    format!(
        "{DECLARATION}<w:fonts xmlns:w=\"{W_NS}\"><w:font w:name=\"{}\"><w:altName w:val=\"{alternative}\"/><w:charset w:val=\"00\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>",
        escape(font.family_name())
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::conform::conform;
    use super::*;
    use crate::design::Design;
    use crate::template::Template;

    fn parts(template: Template) -> (String, String, String) {
        let design = Design::for_template(template);
        let style = Style::new(template, &design);
        let m = Measures::new(&style, &design);
        (
            styles(&style, &m, "en-US"),
            numbering(&style, &m),
            font_table(design.font),
        )
    }

    #[test]
    fn parts_are_already_in_schema_order() {
        for template in [Template::Classic, Template::Modern, Template::Compact] {
            let (styles, numbering, fonts) = parts(template);
            for part in [styles, numbering, fonts] {
                assert_eq!(conform(&part).expect("well-formed"), part, "{template}");
            }
        }
    }

    #[test]
    fn normal_is_the_default_and_carries_the_design() {
        let (styles, ..) = parts(Template::Modern);
        assert!(
            styles.contains("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">")
        );
        assert!(styles.contains("<w:rFonts w:ascii=\"Inter\" w:hAnsi=\"Inter\"/><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"20\"/>"));
        assert!(styles.contains("<w:lang w:val=\"en-US\"/>"));
    }

    #[test]
    fn headings_follow_the_template() {
        let (modern, ..) = parts(Template::Modern);
        assert!(modern.contains("<w:caps/><w:color w:val=\"1F5F8B\"/><w:spacing w:val=\"12\"/>"));
        let (classic, ..) = parts(Template::Classic);
        assert!(!classic.contains("<w:caps/>"));
        assert!(classic.contains("<w:b/><w:bCs/><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"23\"/>"));
        assert!(
            classic.contains("w:color=\"333333\"/></w:pBdr>"),
            "the rule is in the accent"
        );
        assert!(
            classic.contains("<w:jc w:val=\"center\"/>"),
            "classic centres the header"
        );
        assert!(!modern.contains("<w:jc w:val=\"center\"/>"));
    }

    #[test]
    fn languages_get_a_region() {
        assert_eq!(word_language("de"), "de-DE");
        assert_eq!(word_language("pt-BR"), "pt-BR");
    }
}
