//! Exports of a resume: the Markdown text and the two Word layouts (product spec §7, format
//! spec A.5 and B §6–§7). Everything here is a pure function of the resume and the options,
//! `today` included, so the same request always yields the same document. This crate owns
//! neither storage nor HTTP: callers load the resume, pick the options and send the bytes.
//!
//! - `options`: formats, presets and options as the export dialog offers them;
//! - `filter`: the date range and inclusion controls, applied to a copy of the resume;
//! - `markdown` and `docx`: the writers; `settings`: what each DOCX layout shows;
//! - [`file_name`]: the download file name.
//!
//! `docs/EXPORT.md` describes the layouts and every deliberate difference from the original.

mod docx;
mod error;
mod file_name;
mod filter;
mod markdown;
mod options;
mod settings;

use resume_shared::Resume;

pub use error::ExportError;
pub use options::{ExportFormat, ExportOptions, Preset, UnknownFormat, UnknownPreset};

use docx::Layout;
use filter::DateRange;
use settings::Settings;

/// An exported document, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file content.
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub content_type: &'static str,
    /// Its file extension, without the dot.
    pub extension: &'static str,
}

/// Exports `resume`, which was parsed from `source`, as `options` ask.
///
/// Markdown: `source` byte for byte when no date range is given and every role and project is
/// included; otherwise the canonical text of [`prepare`]'s result. DOCX: the layout of
/// `options.format` with `options.preset`, rendered from [`prepare`]'s result.
///
/// # Errors
/// [`ExportError::Pack`] when the DOCX package cannot be written.
pub fn export(
    source: &str,
    resume: &Resume,
    options: &ExportOptions,
) -> Result<Document, ExportError> {
    let bytes = match options.format {
        ExportFormat::Markdown => {
            markdown::export(source, resume, date_range(options)).into_bytes()
        }
        ExportFormat::DocxAts => {
            let settings = Settings::new(options).for_ats();
            docx::render(
                &prepare(resume, options),
                &settings,
                Layout::Ats,
                options.today,
            )?
        }
        ExportFormat::DocxPlain => {
            let settings = Settings::new(options);
            docx::render(
                &prepare(resume, options),
                &settings,
                Layout::Plain,
                options.today,
            )?
        }
    };
    Ok(Document {
        bytes,
        content_type: options.format.content_type(),
        extension: options.format.extension(),
    })
}

/// The resume as exported: roles and projects outside the date range dropped (format spec
/// B §7), `Omit` items dropped, `Not Relevant` items reduced (A.3), every inclusion reset to
/// `Include`. Personal data, education and certifications are never filtered.
#[must_use]
pub fn prepare(resume: &Resume, options: &ExportOptions) -> Resume {
    filter::prepare(resume, date_range(options))
}

/// The download file name (product spec §7): `<resume name>.<ext>`, or
/// `<candidate name>_<resume name>.<ext>` when `tailored` and a candidate name is known;
/// reduced to letters, digits, `_` and `.` (whitespace becomes `_`, other characters are
/// dropped, runs of `_` collapse, leading and trailing `_`/`.` go; an empty name becomes
/// `resume`).
#[must_use]
pub fn file_name(
    resume_name: &str,
    candidate_name: Option<&str>,
    tailored: bool,
    format: ExportFormat,
) -> String {
    file_name::file_name(resume_name, candidate_name, tailored, format)
}

fn date_range(options: &ExportOptions) -> DateRange {
    DateRange {
        from: options.from,
        to: options.to,
    }
}
