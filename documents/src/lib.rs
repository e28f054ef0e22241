//! Exports of a resume: the Markdown text, the two original Word layouts (product spec §7,
//! format spec A.5 and B §6–§7) and the designed templates as PDF and Word. Everything here is
//! a pure function of the resume and the options, `today` included, so the same request
//! always yields the same document. This crate owns neither storage nor HTTP: callers load
//! the resume, pick the options and send the bytes.
//!
//! - `options`, [`template`] and [`design`]: formats, templates and their options;
//! - `filter`: the date range and inclusion controls, applied to a copy of the resume;
//! - `markdown` and `docx`: the writers; `settings`: what each original layout shows;
//! - `inline`, `sheet` and `style`: the designed templates' content and measurements, shared
//!   by `pdf` (Typst) and `docx`;
//! - [`file_name`]: the download file name;
//! - `letter`: cover letters ([`export_letter`]) in the designed templates and as Markdown,
//!   under the resume's header.
//!
//! `docs/EXPORT.md` describes the original layouts and every deliberate difference from the
//! originals; `docs/TEMPLATES.md` the designs.

pub mod design;
mod docx;
mod error;
mod file_name;
mod filter;
mod inline;
mod json_resume;
mod letter;
mod markdown;
mod options;
pub mod pdf;
mod settings;
mod sheet;
mod style;
pub mod template;

use resume_shared::Resume;

pub use design::{Design, DesignChoices, OptionError};
pub use error::ExportError;
pub use letter::{Letter, LetterDate, export_letter};
pub use options::{ExportFormat, ExportOptions, Preset, UnknownFormat, UnknownPreset};
pub use template::{Template, UnknownTemplate};

use docx::Layout;
use filter::DateRange;
use settings::Settings;
use style::Style;

/// An exported document, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file content.
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub content_type: &'static str,
    /// Its file extension, without the dot.
    pub extension: &'static str,
    /// The number of pages, when the format knows it (PDF).
    pub pages: Option<usize>,
    /// What the reader should know about the result, such as a one-page design that needed
    /// more pages; never a reason to leave content out.
    pub warnings: Vec<String>,
}

/// Exports `resume`, which was parsed from `source`, as `options` ask.
///
/// Markdown: `source` byte for byte when no date range is given and every role and project is
/// included; otherwise the canonical text of [`prepare`]'s result. DOCX: the layout of
/// `options.format` with `options.preset`, rendered from [`prepare`]'s result. JSON Resume:
/// [`prepare`]'s result as a JSON Resume document (see `docs/FORMAT.md`).
///
/// # Errors
/// [`ExportError::Pack`] when the DOCX package cannot be written.
pub fn export(
    source: &str,
    resume: &Resume,
    options: &ExportOptions,
) -> Result<Document, ExportError> {
    let template = options.template;
    if options.format.is_designed() && !template.formats().contains(&options.format) {
        return Err(ExportError::FormatNotOffered {
            template: template.as_str(),
            format: options.format.as_str(),
            available: template
                .formats()
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
        });
    }
    let mut pages = None;
    let mut warnings = Vec::new();
    let bytes = match (options.format, template) {
        (ExportFormat::Markdown, _) => {
            markdown::export(source, resume, date_range(options)).into_bytes()
        }
        (ExportFormat::JsonResume, _) => json_resume::export(resume, date_range(options)),
        (ExportFormat::Docx, Template::OriginalAts) => {
            let settings = Settings::new(options).for_ats();
            docx::render(
                &prepare(resume, options),
                &settings,
                Layout::Ats,
                options.today,
            )?
        }
        (ExportFormat::Docx, Template::OriginalPlain) => {
            let settings = Settings::new(options);
            docx::render(
                &prepare(resume, options),
                &settings,
                Layout::Plain,
                options.today,
            )?
        }
        (ExportFormat::Docx, _) => {
            let sheet = sheet::build(&prepare(resume, options), options);
            docx::designed::render(
                &sheet,
                &Style::new(template, &options.design),
                &options.design,
            )?
        }
        (ExportFormat::Pdf, _) => {
            let typeset = typeset(resume, options)?;
            let count = typeset.pages();
            if let Some(target) = template.target_pages().filter(|t| count > *t) {
                warnings.push(format!(
                    "The {template} design aims at {target} page; this resume needs {count}. Nothing was left out."
                ));
            }
            pages = Some(count);
            typeset.pdf()?
        }
    };
    Ok(Document {
        bytes,
        content_type: options.format.content_type(),
        extension: options.format.extension(),
        pages,
        warnings,
    })
}

/// Typesets `resume` in `options`' designed template, for a PDF or page images.
///
/// # Errors
/// [`ExportError::Typeset`] when Typst fails (a template fault).
pub fn typeset(resume: &Resume, options: &ExportOptions) -> Result<pdf::Typeset, ExportError> {
    let template = if options.template.is_designed() {
        options.template
    } else {
        Template::Classic
    };
    let sheet = sheet::build(&prepare(resume, options), options);
    pdf::typeset(
        &sheet,
        &Style::new(template, &options.design),
        options.today,
    )
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

/// The download file name of a cover letter: `<candidate>_Cover_Letter_<company>.<ext>`
/// (`Jane_Doe_Cover_Letter_Initech.pdf`), each name left out when unknown or when nothing of
/// it survives the sanitising of [`file_name()`]; `Cover_Letter.<ext>` with neither.
#[must_use]
pub fn letter_file_name(
    candidate_name: Option<&str>,
    company: Option<&str>,
    format: ExportFormat,
) -> String {
    file_name::letter_file_name(candidate_name, company, format)
}

fn date_range(options: &ExportOptions) -> DateRange {
    DateRange {
        from: options.from,
        to: options.to,
    }
}
