//! The templates: named designs, each with the formats it renders and the options it takes.
//! The two originals reproduce the existing tools' Word layouts; the three designs render as
//! PDF and as Word with the same look (`docs/TEMPLATES.md`).

use std::fmt;
use std::str::FromStr;

use crate::design::{Design, FONT_SIZE_RANGE, FontFamily, Language, MARGIN_RANGE, Paper, Section};
use crate::options::ExportFormat;

/// A named design of the exported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// The existing tools' ATS-friendly Word layout (format spec B §6.3).
    OriginalAts,
    /// The existing tools' plain Word layout (format spec B §6.4).
    OriginalPlain,
    /// A classic single column: serif type, near-black, thin rules.
    Classic,
    /// A modern single column: sans-serif type with an accent colour.
    Modern,
    /// A compact single column that fits a typical three-role resume on one page.
    Compact,
}

impl Template {
    /// Every template, in the order the export dialog lists them.
    pub const ALL: [Self; 5] = [
        Self::Modern,
        Self::Classic,
        Self::Compact,
        Self::OriginalAts,
        Self::OriginalPlain,
    ];

    /// The text form: `original-ats`, `original-plain`, `classic`, `modern` or `compact`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OriginalAts => "original-ats",
            Self::OriginalPlain => "original-plain",
            Self::Classic => "classic",
            Self::Modern => "modern",
            Self::Compact => "compact",
        }
    }

    /// A sentence describing the design.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::OriginalAts => {
                "The original ATS-friendly Word layout: plain paragraphs, no tables, tabs or links."
            }
            Self::OriginalPlain => {
                "The original plain Word layout: centred headings, tab stops, hyperlinks and the executive summary preset."
            }
            Self::Classic => {
                "Classic single column: a serif face in near-black, left-aligned headings over thin rules."
            }
            Self::Modern => {
                "Modern single column: a sans-serif face, the name and headings in one accent colour."
            }
            Self::Compact => {
                "Compact single column: small type and tight spacing, for one page with about three roles."
            }
        }
    }

    /// The formats it renders (besides Markdown, which every template can give).
    #[must_use]
    pub fn formats(self) -> &'static [ExportFormat] {
        match self {
            Self::OriginalAts | Self::OriginalPlain => &[ExportFormat::Docx],
            Self::Classic | Self::Modern | Self::Compact => {
                &[ExportFormat::Pdf, ExportFormat::Docx]
            }
        }
    }

    /// Whether it is one of the designs that take the [`Design`] options.
    #[must_use]
    pub fn is_designed(self) -> bool {
        matches!(self, Self::Classic | Self::Modern | Self::Compact)
    }

    /// The number of pages it aims at, if it aims at one.
    #[must_use]
    pub fn target_pages(self) -> Option<usize> {
        matches!(self, Self::Compact).then_some(1)
    }

    /// The template a format uses when none is named: `original-ats` for Word, `modern` for
    /// PDF.
    #[must_use]
    pub fn default_for(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Pdf => Self::Modern,
            ExportFormat::Markdown | ExportFormat::JsonResume | ExportFormat::Docx => {
                Self::OriginalAts
            }
        }
    }

    /// The options it takes, with their types and defaults.
    #[must_use]
    pub fn options(self) -> Vec<OptionSpec> {
        if !self.is_designed() {
            return Vec::new();
        }
        let defaults = Design::for_template(self);
        vec![
            OptionSpec {
                name: "paper",
                description: "Page size (the browser app defaults to the locale's size).",
                kind: OptionKind::Choice(Paper::ALL.iter().map(|p| p.as_str()).collect()),
                default: defaults.paper.as_str().to_owned(),
            },
            OptionSpec {
                name: "accent",
                description: "The one accent colour, as #rrggbb.",
                kind: OptionKind::Colour,
                default: defaults.accent.css(),
            },
            OptionSpec {
                name: "font",
                description: "Type family, from the fonts embedded in the program.",
                kind: OptionKind::Choice(FontFamily::ALL.iter().map(|f| f.as_str()).collect()),
                default: defaults.font.as_str().to_owned(),
            },
            OptionSpec {
                name: "font_size",
                description: "Body text size in points.",
                kind: OptionKind::Number {
                    min: f64::from(FONT_SIZE_RANGE.0) / 10.0,
                    max: f64::from(FONT_SIZE_RANGE.1) / 10.0,
                    step: 0.5,
                },
                default: format!("{}", f64::from(defaults.font_size) / 10.0),
            },
            OptionSpec {
                name: "margin",
                description: "Page margin on every side, in inches.",
                kind: OptionKind::Number {
                    min: f64::from(MARGIN_RANGE.0) / 100.0,
                    max: f64::from(MARGIN_RANGE.1) / 100.0,
                    step: 0.05,
                },
                default: format!("{}", f64::from(defaults.margin) / 100.0),
            },
            OptionSpec {
                name: "language",
                description: "Language of the section headings and date words; the text itself stays as written.",
                kind: OptionKind::Choice(Language::ALL.iter().map(|l| l.code()).collect()),
                default: defaults.language.code().to_owned(),
            },
            OptionSpec {
                name: "sections",
                description: "Sections to show, in order, separated by commas; absent for the default order with the projects and education controls applied.",
                kind: OptionKind::SectionList(Section::ALL.iter().map(|s| s.as_str()).collect()),
                default: Section::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            },
        ]
    }
}

/// One option of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionSpec {
    /// Its name, as the query parameter and the command-line flag spell it.
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// What values it takes.
    pub kind: OptionKind,
    /// The template's default, in the text form.
    pub default: String,
}

/// The values an option takes.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionKind {
    /// One of these names.
    Choice(Vec<&'static str>),
    /// A colour, `#rrggbb`.
    Colour,
    /// A number in a range, in steps.
    Number {
        /// The smallest value.
        min: f64,
        /// The largest value.
        max: f64,
        /// The step between values.
        step: f64,
    },
    /// Any of these names, each at most once, separated by commas.
    SectionList(Vec<&'static str>),
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown template \"{0}\" (use modern, classic, compact, original-ats or original-plain)")]
pub struct UnknownTemplate(pub String);

impl FromStr for Template {
    type Err = UnknownTemplate;

    /// Reads a template's text form (ASCII case ignored, `_` for `-` accepted).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalised = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|template| template.as_str() == normalised)
            .ok_or_else(|| UnknownTemplate(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_designs_take_options() {
        for template in Template::ALL {
            assert_eq!(template.as_str().parse(), Ok(template));
            assert_eq!(template.is_designed(), !template.options().is_empty());
            assert!(template.formats().contains(&ExportFormat::Docx));
        }
        assert_eq!("Original_ATS".parse(), Ok(Template::OriginalAts));
        assert!("fancy".parse::<Template>().is_err());
    }

    #[test]
    fn defaults_read_back_as_choices() {
        use crate::design::DesignChoices;
        for template in [Template::Classic, Template::Modern, Template::Compact] {
            let options = template.options();
            let value = |name: &str| {
                options
                    .iter()
                    .find(|o| o.name == name)
                    .map(|o| o.default.as_str())
            };
            let choices = DesignChoices {
                paper: value("paper"),
                accent: value("accent"),
                font: value("font"),
                font_size: value("font_size"),
                margin: value("margin"),
                language: value("language"),
                sections: None,
            };
            let defaults = Design::for_template(template);
            assert_eq!(defaults.clone().apply(&choices), Ok(defaults), "{template}");
        }
    }
}
