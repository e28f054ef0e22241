//! The options of the designed templates (`classic`, `modern`, `compact`): page size, accent
//! colour, font, base size, margins, heading language and the sections with their order.
//! Each option has a text form (the API's query, the command line's flags) read by
//! [`Design::apply`], which names the option in its error.

mod language;

use std::fmt;
use std::str::FromStr;

pub use language::Language;

use crate::template::Template;

/// A section of a designed resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The banner and note: a few lines about the candidate.
    Summary,
    /// The work history.
    Experience,
    /// The projects.
    Projects,
    /// The degrees.
    Education,
    /// The certifications.
    Certifications,
    /// Every skill of the roles and projects, once each.
    Skills,
}

impl Section {
    /// Every section, in the default order.
    pub const ALL: [Self; 6] = [
        Self::Summary,
        Self::Experience,
        Self::Projects,
        Self::Education,
        Self::Certifications,
        Self::Skills,
    ];

    /// The text form: `summary`, `experience`, `projects`, `education`, `certifications` or
    /// `skills`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Experience => "experience",
            Self::Projects => "projects",
            Self::Education => "education",
            Self::Certifications => "certifications",
            Self::Skills => "skills",
        }
    }
}

impl FromStr for Section {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|section| section.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or(())
    }
}

/// A page size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm (the default).
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Both sizes.
    pub const ALL: [Self; 2] = [Self::A4, Self::Letter];

    /// The text form: `a4` or `letter`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "letter",
        }
    }

    /// Width and height in twentieths of a point (Word's unit).
    #[must_use]
    pub fn twips(self) -> (u32, u32) {
        match self {
            Self::A4 => (11_906, 16_838),
            Self::Letter => (12_240, 15_840),
        }
    }

    /// The width in points.
    #[must_use]
    pub fn width_points(self) -> f32 {
        match self {
            Self::A4 => 595.28,
            Self::Letter => 612.0,
        }
    }

    /// The name Typst gives the size.
    #[must_use]
    pub fn typst_name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "us-letter",
        }
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// The hexadecimal form without `#`, as Word writes colours: `1F6F8B`.
    #[must_use]
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("{r:02X}{g:02X}{b:02X}")
    }

    /// The CSS form: `#1f6f8b`.
    #[must_use]
    pub fn css(self) -> String {
        format!("#{}", self.hex().to_ascii_lowercase())
    }
}

impl FromStr for Rgb {
    type Err = ();

    /// Reads `#rrggbb` or `rrggbb`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| ());
        Ok(Self([channel(0)?, channel(2)?, channel(4)?]))
    }
}

/// A font family embedded in the program (`documents/fonts/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontFamily {
    /// Inter, a sans-serif made for screens and small sizes.
    Inter,
    /// Libertinus Serif, a book serif.
    LibertinusSerif,
}

impl FontFamily {
    /// Both families.
    pub const ALL: [Self; 2] = [Self::Inter, Self::LibertinusSerif];

    /// The text form: `inter` or `libertinus-serif`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inter => "inter",
            Self::LibertinusSerif => "libertinus-serif",
        }
    }

    /// The family name inside the font files, which Typst and Word look fonts up by.
    #[must_use]
    pub fn family_name(self) -> &'static str {
        match self {
            Self::Inter => "Inter",
            Self::LibertinusSerif => "Libertinus Serif",
        }
    }
}

/// The smallest and largest base size, in tenths of a point.
pub const FONT_SIZE_RANGE: (u16, u16) = (80, 140);

/// The narrowest and widest margin, in hundredths of an inch (the typography rules of the
/// designs: 0.5–0.75 in).
pub const MARGIN_RANGE: (u16, u16) = (50, 75);

/// Everything a designed template lets the user choose.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Design {
    /// The page size.
    pub paper: Paper,
    /// The one accent colour (name, headings and rules, depending on the template).
    pub accent: Rgb,
    /// The type family.
    pub font: FontFamily,
    /// The body text size, in tenths of a point.
    pub font_size: u16,
    /// The page margin on every side, in hundredths of an inch.
    pub margin: u16,
    /// The language of the headings and date words.
    pub language: Language,
    /// The sections shown, in order; `None` for the template's order with the export's
    /// inclusion controls (projects, projects first, education) applied.
    pub sections: Option<Vec<Section>>,
}

/// An option that does not exist or a value it does not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A value the option does not take.
    #[error("invalid {option} \"{value}\": {expected}")]
    Value {
        /// The option's name.
        option: &'static str,
        /// The value given.
        value: String,
        /// What the option takes.
        expected: String,
    },
}

impl OptionError {
    /// The name of the option at fault.
    #[must_use]
    pub fn option(&self) -> &'static str {
        match self {
            Self::Value { option, .. } => option,
        }
    }
}

/// Option values in their text forms, each absent when not chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct DesignChoices<'a> {
    /// `a4` or `letter`.
    pub paper: Option<&'a str>,
    /// `#rrggbb`.
    pub accent: Option<&'a str>,
    /// `inter` or `libertinus-serif`.
    pub font: Option<&'a str>,
    /// Points, 8 to 14 in steps of 0.5: `10.5`.
    pub font_size: Option<&'a str>,
    /// Inches, 0.5 to 0.75: `0.6`.
    pub margin: Option<&'a str>,
    /// `en`, `de`, `fr` or `es`.
    pub language: Option<&'a str>,
    /// Section names separated by commas, in the order to show them: `experience,skills`.
    pub sections: Option<&'a str>,
}

impl Design {
    /// The defaults of `template` (the originals take none of these options and get the
    /// classic defaults).
    #[must_use]
    pub fn for_template(template: Template) -> Self {
        let (accent, font, font_size, margin) = match template {
            Template::Modern => ([0x1f, 0x5f, 0x8b], FontFamily::Inter, 100, 60),
            Template::Compact => ([0x2b, 0x4c, 0x7e], FontFamily::Inter, 90, 50),
            Template::Classic | Template::OriginalAts | Template::OriginalPlain => {
                ([0x33, 0x33, 0x33], FontFamily::LibertinusSerif, 105, 70)
            }
        };
        Self {
            paper: Paper::A4,
            accent: Rgb(accent),
            font,
            font_size,
            margin,
            language: Language::English,
            sections: None,
        }
    }

    /// This design with the given choices applied.
    ///
    /// # Errors
    /// [`OptionError`] naming the first option whose value is not one it takes.
    pub fn apply(mut self, choices: &DesignChoices<'_>) -> Result<Self, OptionError> {
        if let Some(value) = choices.paper {
            self.paper = Paper::ALL
                .into_iter()
                .find(|p| p.as_str().eq_ignore_ascii_case(value.trim()))
                .ok_or_else(|| invalid("paper", value, "use a4 or letter"))?;
        }
        if let Some(value) = choices.accent {
            self.accent = value
                .parse()
                .map_err(|()| invalid("accent", value, "use a colour such as #1f5f8b"))?;
        }
        if let Some(value) = choices.font {
            self.font = FontFamily::ALL
                .into_iter()
                .find(|f| f.as_str().eq_ignore_ascii_case(value.trim()))
                .ok_or_else(|| invalid("font", value, "use inter or libertinus-serif"))?;
        }
        if let Some(value) = choices.font_size {
            self.font_size = tenths(value, FONT_SIZE_RANGE, 5)
                .ok_or_else(|| invalid("font_size", value, "use 8 to 14 points in steps of 0.5"))?;
        }
        if let Some(value) = choices.margin {
            self.margin = hundredths(value, MARGIN_RANGE)
                .ok_or_else(|| invalid("margin", value, "use 0.5 to 0.75 inches"))?;
        }
        if let Some(value) = choices.language {
            self.language = value
                .parse()
                .map_err(|()| invalid("language", value, "use en, de, fr or es"))?;
        }
        if let Some(value) = choices.sections {
            self.sections = Some(sections(value)?);
        }
        Ok(self)
    }
}

fn invalid(option: &'static str, value: &str, expected: &str) -> OptionError {
    OptionError::Value {
        option,
        value: value.to_owned(),
        expected: expected.to_owned(),
    }
}

/// `10.5` → 105 when inside `range` (tenths) and a multiple of `step` tenths.
fn tenths(value: &str, range: (u16, u16), step: u16) -> Option<u16> {
    let scaled = decimal(value, 1)?;
    (scaled >= range.0 && scaled <= range.1 && scaled % step == 0).then_some(scaled)
}

/// `0.6` → 60 when inside `range` (hundredths).
fn hundredths(value: &str, range: (u16, u16)) -> Option<u16> {
    let scaled = decimal(value, 2)?;
    (scaled >= range.0 && scaled <= range.1).then_some(scaled)
}

/// A non-negative decimal with at most `places` fractional digits, scaled by 10^places.
fn decimal(value: &str, places: u32) -> Option<u16> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    // `10.50` is `10.5`: zeros after the last significant digit do not count as places.
    let fraction = if fraction.is_empty() {
        fraction
    } else {
        let significant = fraction.trim_end_matches('0');
        if significant.is_empty() {
            "0"
        } else {
            significant
        }
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || whole.len() > 3
        || fraction.len() > usize::try_from(places).ok()?
    {
        return None;
    }
    let whole: u16 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let padded = format!("{fraction:0<width$}", width = usize::try_from(places).ok()?);
    let fraction: u16 = if padded.is_empty() {
        0
    } else {
        padded.parse().ok()?
    };
    whole.checked_mul(10_u16.pow(places))?.checked_add(fraction)
}

fn sections(value: &str) -> Result<Vec<Section>, OptionError> {
    let mut out = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let section: Section = name.parse().map_err(|()| {
            invalid(
                "sections",
                name,
                "use summary, experience, projects, education, certifications or skills",
            )
        })?;
        if out.contains(&section) {
            return Err(invalid("sections", name, "name each section once"));
        }
        out.push(section);
    }
    Ok(out)
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_override_the_template_defaults() {
        let design = Design::for_template(Template::Modern)
            .apply(&DesignChoices {
                paper: Some("Letter"),
                accent: Some("#AA0011"),
                font: Some("libertinus-serif"),
                font_size: Some("10.5"),
                margin: Some(".7"),
                language: Some("de"),
                sections: Some("skills, experience"),
            })
            .expect("valid choices");
        assert_eq!(design.paper, Paper::Letter);
        assert_eq!(design.accent.css(), "#aa0011");
        assert_eq!(design.font, FontFamily::LibertinusSerif);
        assert_eq!(design.font_size, 105);
        assert_eq!(design.margin, 70);
        assert_eq!(design.language, Language::German);
        assert_eq!(
            design.sections,
            Some(vec![Section::Skills, Section::Experience])
        );
    }

    #[test]
    fn bad_values_name_their_option() {
        let base = Design::for_template(Template::Classic);
        for (choices, option) in [
            (
                DesignChoices {
                    paper: Some("a5"),
                    ..Default::default()
                },
                "paper",
            ),
            (
                DesignChoices {
                    accent: Some("red"),
                    ..Default::default()
                },
                "accent",
            ),
            (
                DesignChoices {
                    font: Some("comic"),
                    ..Default::default()
                },
                "font",
            ),
            (
                DesignChoices {
                    font_size: Some("10.3"),
                    ..Default::default()
                },
                "font_size",
            ),
            (
                DesignChoices {
                    font_size: Some("30"),
                    ..Default::default()
                },
                "font_size",
            ),
            (
                DesignChoices {
                    margin: Some("0.2"),
                    ..Default::default()
                },
                "margin",
            ),
            (
                DesignChoices {
                    margin: Some("1e3"),
                    ..Default::default()
                },
                "margin",
            ),
            (
                DesignChoices {
                    language: Some("xx"),
                    ..Default::default()
                },
                "language",
            ),
            (
                DesignChoices {
                    sections: Some("skills,hobbies"),
                    ..Default::default()
                },
                "sections",
            ),
            (
                DesignChoices {
                    sections: Some("skills,skills"),
                    ..Default::default()
                },
                "sections",
            ),
        ] {
            let error = base.clone().apply(&choices).expect_err(option);
            assert_eq!(error.option(), option);
            assert!(error.to_string().contains(option), "{error}");
        }
    }

    #[test]
    fn decimals_scale_exactly() {
        assert_eq!(decimal("10", 1), Some(100));
        assert_eq!(decimal("9.5", 1), Some(95));
        assert_eq!(decimal("0.55", 2), Some(55));
        assert_eq!(decimal(".5", 2), Some(50));
        assert_eq!(decimal("", 2), None);
        assert_eq!(decimal("-1", 2), None);
        assert_eq!(decimal("1.234", 2), None);
        assert_eq!(decimal("10.50", 1), Some(105));
        assert_eq!(decimal("14.00", 1), Some(140));
    }
}
