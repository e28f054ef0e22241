//! The measurements of each designed template, shared by the PDF and the Word renderer so the
//! two look the same: name size, heading treatment, rule weight and the spacing between
//! sections, entries and paragraphs. Sizes scale with the chosen base size.

use serde::Serialize;

use crate::design::Design;
use crate::template::Template;

/// How a designed template sets its parts. Lengths in points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Style {
    /// The template's name.
    pub template: &'static str,
    /// The type family's name.
    pub font: &'static str,
    /// The accent colour, `#rrggbb`.
    pub accent: String,
    /// The near-black of the text, `#rrggbb`.
    pub ink: &'static str,
    /// The grey of secondary lines (subtitles, dates, contact), `#rrggbb`.
    pub muted: &'static str,
    /// Body text size.
    pub size: f64,
    /// The candidate's name size (20–26 pt).
    pub name_size: f64,
    /// The name in the accent colour (else in ink).
    pub name_in_accent: bool,
    /// The name and contact line centred (else left-aligned).
    pub centred_header: bool,
    /// Section heading size.
    pub heading_size: f64,
    /// Section headings in capitals with a little letter spacing.
    pub heading_upper: bool,
    /// Section headings in the accent colour (else in ink).
    pub heading_in_accent: bool,
    /// The weight of the rule under each heading.
    pub rule: f64,
    /// Space before a section heading.
    pub section_above: f64,
    /// Space between a heading's rule and the section's first line.
    pub section_below: f64,
    /// Space before each entry after the first.
    pub entry_gap: f64,
    /// Space between paragraphs of an entry.
    pub paragraph_gap: f64,
    /// Line height as a multiple of the text size.
    pub line_height: f64,
    /// Page margin on every side.
    pub margin: f64,
    /// The paper name as Typst spells it.
    pub paper: &'static str,
}

impl Style {
    /// The style of `template` with `design`'s choices.
    #[must_use]
    pub fn new(template: Template, design: &Design) -> Self {
        let size = f64::from(design.font_size) / 10.0;
        let base = Self {
            template: template.as_str(),
            font: design.font.family_name(),
            accent: design.accent.css(),
            ink: "#1a1a1a",
            muted: "#555555",
            size,
            name_size: 24.0,
            name_in_accent: false,
            centred_header: true,
            heading_size: size + 1.0,
            heading_upper: false,
            heading_in_accent: false,
            rule: 0.6,
            section_above: size * 1.2,
            section_below: size * 0.45,
            entry_gap: size * 0.75,
            paragraph_gap: size * 0.25,
            line_height: 1.25,
            margin: f64::from(design.margin) * 0.72,
            paper: design.paper.typst_name(),
        };
        match template {
            Template::Modern => Self {
                name_size: 26.0,
                name_in_accent: true,
                centred_header: false,
                heading_size: size,
                heading_upper: true,
                heading_in_accent: true,
                rule: 0.5,
                ..base
            },
            Template::Compact => Self {
                name_size: 20.0,
                name_in_accent: true,
                centred_header: false,
                heading_size: size,
                heading_upper: true,
                heading_in_accent: true,
                rule: 0.4,
                section_above: size * 0.8,
                section_below: size * 0.3,
                entry_gap: size * 0.45,
                paragraph_gap: size * 0.1,
                line_height: 1.18,
                ..base
            },
            Template::Classic | Template::OriginalAts | Template::OriginalPlain => base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_design_keeps_the_typography_rules() {
        for template in [Template::Classic, Template::Modern, Template::Compact] {
            let style = Style::new(template, &Design::for_template(template));
            assert!((20.0..=26.0).contains(&style.name_size), "{template}");
            assert!((36.0..=54.0).contains(&style.margin), "{template}");
        }
    }
}
