//! What an export is asked to produce: the format, the preset and the options of the export
//! dialog. Plain values with their text forms; nothing here looks at a resume.

use std::fmt;
use std::str::FromStr;

use resume_shared::YearMonth;

/// The MIME type of a DOCX package.
const DOCX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The MIME type of a Markdown export.
const MARKDOWN_CONTENT_TYPE: &str = "text/markdown; charset=utf-8";

/// The kind of document an export produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The resume text (`.md`).
    Markdown,
    /// The ATS-friendly Word layout (`.docx`): plain paragraphs, no tables, tabs or links.
    DocxAts,
    /// The plain Word layout (`.docx`): centred headings, tab stops, hyperlinks.
    DocxPlain,
}

impl ExportFormat {
    /// Every format, in the order the export dialog lists them.
    pub const ALL: [Self; 3] = [Self::Markdown, Self::DocxAts, Self::DocxPlain];

    /// The text form: `markdown`, `docx-ats` or `docx-plain`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::DocxAts => "docx-ats",
            Self::DocxPlain => "docx-plain",
        }
    }

    /// The file extension, without the dot: `md` or `docx`.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::DocxAts | Self::DocxPlain => "docx",
        }
    }

    /// The MIME type of the exported bytes.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Markdown => MARKDOWN_CONTENT_TYPE,
            Self::DocxAts | Self::DocxPlain => DOCX_CONTENT_TYPE,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no export format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format \"{0}\" (use markdown, docx-ats or docx-plain)")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// Reads `markdown`, `docx-ats` or `docx-plain` (ASCII case ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// A named set of DOCX render settings (format spec B §6.8 with the changes of `docs/EXPORT.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Header, certifications, education and the work history.
    #[default]
    General,
    /// As `General` without role summaries and employment types, preceded (plain layout only)
    /// by an executive summary per job category and a skills matrix.
    ExecutiveSummary,
}

impl Preset {
    /// Both presets.
    pub const ALL: [Self; 2] = [Self::General, Self::ExecutiveSummary];

    /// The text form: `general` or `executive_summary`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::ExecutiveSummary => "executive_summary",
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no preset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown preset \"{0}\" (use general or executive_summary)")]
pub struct UnknownPreset(pub String);

impl FromStr for Preset {
    type Err = UnknownPreset;

    /// Reads `general`, `executive_summary` or `executive-summary` (ASCII case ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalised = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|preset| preset.as_str() == normalised)
            .ok_or_else(|| UnknownPreset(s.to_owned()))
    }
}

/// Everything an export needs besides the resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// What to produce.
    pub format: ExportFormat,
    /// The DOCX preset (ignored by the Markdown export).
    pub preset: Preset,
    /// Keep only roles and projects that end in or after this month (format spec B §7).
    pub from: Option<YearMonth>,
    /// Keep only roles and projects that start in or before this month (format spec B §7).
    pub to: Option<YearMonth>,
    /// DOCX: show the `Projects` section.
    pub include_projects: bool,
    /// DOCX: put `Projects` before `Work History`.
    pub projects_first: bool,
    /// DOCX: show the `Education` section.
    pub include_education: bool,
    /// The current month: the end of ongoing roles in the skills matrix. Passed in so that
    /// an export is a pure function of its inputs.
    pub today: YearMonth,
}

impl ExportOptions {
    /// Options for `format` with the `general` preset, no date range, projects and education
    /// included and roles before projects.
    #[must_use]
    pub fn new(format: ExportFormat, today: YearMonth) -> Self {
        Self {
            format,
            preset: Preset::General,
            from: None,
            to: None,
            include_projects: true,
            projects_first: false,
            include_education: true,
            today,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_read_and_write_their_text_forms() {
        for format in ExportFormat::ALL {
            assert_eq!(format.to_string().parse::<ExportFormat>(), Ok(format));
        }
        assert_eq!("DOCX-ATS".parse(), Ok(ExportFormat::DocxAts));
        assert_eq!(ExportFormat::Markdown.extension(), "md");
        assert_eq!(ExportFormat::DocxPlain.extension(), "docx");
        assert!("pdf".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn presets_accept_both_spellings_of_executive_summary() {
        for text in [
            "executive-summary",
            "executive_summary",
            "Executive_Summary",
        ] {
            assert_eq!(text.parse(), Ok(Preset::ExecutiveSummary), "{text}");
        }
        assert_eq!("general".parse(), Ok(Preset::General));
        assert_eq!(Preset::ExecutiveSummary.to_string(), "executive_summary");
        assert!("full".parse::<Preset>().is_err());
    }
}
