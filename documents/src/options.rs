//! What an export is asked to produce: the format, the preset and the options of the export
//! dialog. Plain values with their text forms; nothing here looks at a resume.

use std::fmt;
use std::str::FromStr;

use resume_shared::YearMonth;

use crate::design::Design;
use crate::template::Template;

/// The MIME type of a DOCX package.
const DOCX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The MIME type of a Markdown export.
const MARKDOWN_CONTENT_TYPE: &str = "text/markdown; charset=utf-8";

/// The MIME type of a PDF document.
const PDF_CONTENT_TYPE: &str = "application/pdf";

/// The MIME type of a JSON Resume export.
const JSON_CONTENT_TYPE: &str = "application/json";

/// The kind of document an export produces; the [`Template`] decides its design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The resume text (`.md`).
    Markdown,
    /// A Word document (`.docx`).
    Docx,
    /// A PDF document (`.pdf`), typeset in-process.
    Pdf,
    /// A JSON Resume document (`.json`, <https://jsonresume.org>).
    JsonResume,
}

impl ExportFormat {
    /// Every format, in the order the export dialog lists them.
    pub const ALL: [Self; 4] = [Self::Pdf, Self::Docx, Self::Markdown, Self::JsonResume];

    /// The text form: `markdown`, `docx`, `pdf` or `json-resume`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::JsonResume => "json-resume",
        }
    }

    /// Whether a template lays the document out (Word and PDF); the Markdown and JSON Resume
    /// exports are data, the same in every template.
    #[must_use]
    pub fn is_designed(self) -> bool {
        matches!(self, Self::Docx | Self::Pdf)
    }

    /// The file extension, without the dot: `md`, `docx`, `pdf` or `json`.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::JsonResume => "json",
        }
    }

    /// The MIME type of the exported bytes.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Markdown => MARKDOWN_CONTENT_TYPE,
            Self::Docx => DOCX_CONTENT_TYPE,
            Self::Pdf => PDF_CONTENT_TYPE,
            Self::JsonResume => JSON_CONTENT_TYPE,
        }
    }

    /// Reads a format as requests name it: `markdown`, `docx`, `pdf`, `json-resume`, or one of the older
    /// names `docx-ats` and `docx-plain`, which also name their template (ASCII case
    /// ignored).
    ///
    /// # Errors
    /// [`UnknownFormat`] for any other text.
    pub fn parse_with_alias(text: &str) -> Result<(Self, Option<Template>), UnknownFormat> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("docx-ats") {
            return Ok((Self::Docx, Some(Template::OriginalAts)));
        }
        if trimmed.eq_ignore_ascii_case("docx-plain") {
            return Ok((Self::Docx, Some(Template::OriginalPlain)));
        }
        Ok((text.parse()?, None))
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no export format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown export format \"{0}\" (use pdf, docx, markdown or json-resume; docx-ats and docx-plain also work)"
)]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// Reads `markdown`, `docx`, `pdf` or `json-resume` (ASCII case ignored).
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExportOptions {
    /// What to produce.
    pub format: ExportFormat,
    /// The design (ignored by the Markdown export).
    pub template: Template,
    /// The options of a designed template (ignored by the originals).
    pub design: Design,
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
    /// Options for `format` with its default template and that template's design, the
    /// `general` preset, no date range, projects and education included and roles before
    /// projects.
    #[must_use]
    pub fn new(format: ExportFormat, today: YearMonth) -> Self {
        let template = Template::default_for(format);
        Self::with_template(format, template, today)
    }

    /// Options for `format` in `template` with the template's design and the other defaults
    /// of [`ExportOptions::new`].
    #[must_use]
    pub fn with_template(format: ExportFormat, template: Template, today: YearMonth) -> Self {
        Self {
            format,
            template,
            design: Design::for_template(template),
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
        assert_eq!(
            ExportFormat::parse_with_alias("DOCX-ATS"),
            Ok((ExportFormat::Docx, Some(Template::OriginalAts)))
        );
        assert_eq!(
            ExportFormat::parse_with_alias("docx-plain"),
            Ok((ExportFormat::Docx, Some(Template::OriginalPlain)))
        );
        assert_eq!(
            ExportFormat::parse_with_alias("pdf"),
            Ok((ExportFormat::Pdf, None))
        );
        assert_eq!(ExportFormat::Markdown.extension(), "md");
        assert_eq!(ExportFormat::Pdf.content_type(), "application/pdf");
        assert_eq!("JSON-Resume".parse(), Ok(ExportFormat::JsonResume));
        assert_eq!(ExportFormat::JsonResume.extension(), "json");
        assert_eq!(ExportFormat::JsonResume.content_type(), "application/json");
        assert!(!ExportFormat::JsonResume.is_designed() && ExportFormat::Pdf.is_designed());
        assert!("docx-fancy".parse::<ExportFormat>().is_err());
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
