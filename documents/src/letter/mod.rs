//! Cover letters, exported "in the same templates as the resume": a PDF or Word document in a
//! designed template (`classic`, `modern`, `compact`) with the resume's header, or Markdown.
//! Like the resume exports, a pure function of its inputs: the caller passes the date.
//!
//! - `date`: [`LetterDate`], the day a letter is dated, written in the design's language;
//! - `body`: the Markdown body as paragraphs and bullets;
//! - `sheet`: the letter as a designed document's sheet (the resume's header, then the date,
//!   the recipient lines and the body under no heading);
//! - `markdown`: the Markdown text.

mod body;
mod date;
mod markdown;
mod sheet;

use resume_shared::Resume;

use crate::error::ExportError;
use crate::options::{ExportFormat, ExportOptions};
use crate::style::Style;
use crate::template::Template;
use crate::{Document, docx, pdf};

pub use date::LetterDate;

/// The formats a letter exports as, in the order the export dialog lists them.
const LETTER_FORMATS: [ExportFormat; 3] = [
    ExportFormat::Pdf,
    ExportFormat::Docx,
    ExportFormat::Markdown,
];

/// The number of pages a cover letter should fit on; a longer one is exported with a warning.
const TARGET_PAGES: usize = 1;

/// A cover letter to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter<'a> {
    /// The body as Markdown (salutation, paragraphs, closing), as the user wrote it.
    pub body: &'a str,
    /// The company written to, if known.
    pub company: Option<&'a str>,
    /// The person written to, if known.
    pub contact: Option<&'a str>,
    /// The day the letter is dated.
    pub date: LetterDate,
}

/// Exports `letter`, written by the candidate of `resume`, as `options` ask.
///
/// PDF and DOCX: `options.template` must be a designed one; the letter has the resume's
/// header (the name and contact line exactly as the resume's designed templates show them),
/// then the date, the recipient lines and the body, in the design's style and language. A PDF
/// reports its page count and warns when it needs more than one page; nothing is cut.
/// Markdown (any template): the header as text, the date, the recipient lines and the body
/// as written.
///
/// # Errors
/// [`ExportError::LetterTemplate`] for PDF or DOCX in an original template,
/// [`ExportError::LetterFormat`] for JSON Resume, [`ExportError::Pack`] or
/// [`ExportError::Typeset`] when the document cannot be written.
pub fn export_letter(
    letter: &Letter<'_>,
    resume: &Resume,
    options: &ExportOptions,
) -> Result<Document, ExportError> {
    let format = options.format;
    let mut pages = None;
    let mut warnings = Vec::new();
    let bytes = match format {
        ExportFormat::Markdown => {
            let sheet = sheet::build(letter, resume, options);
            markdown::export(letter, &sheet, options.design.language).into_bytes()
        }
        ExportFormat::Docx => {
            let style = designed_style(options)?;
            let sheet = sheet::build(letter, resume, options);
            docx::designed::render(&sheet, &style, &options.design)?
        }
        ExportFormat::Pdf => {
            let style = designed_style(options)?;
            let sheet = sheet::build(letter, resume, options);
            let typeset = pdf::typeset(&sheet, &style, options.today)?;
            let count = typeset.pages();
            if count > TARGET_PAGES {
                warnings.push(format!(
                    "A cover letter usually fits on {TARGET_PAGES} page; this one needs {count}. Nothing was left out."
                ));
            }
            pages = Some(count);
            typeset.pdf()?
        }
        ExportFormat::JsonResume => {
            return Err(ExportError::LetterFormat {
                format: format.as_str(),
                available: listed(LETTER_FORMATS.iter().map(|f| f.as_str())),
            });
        }
    };
    Ok(Document {
        bytes,
        content_type: format.content_type(),
        extension: format.extension(),
        pages,
        warnings,
    })
}

/// The style of `options`' template, which must be a designed one.
fn designed_style(options: &ExportOptions) -> Result<Style, ExportError> {
    let template = options.template;
    if !template.is_designed() {
        return Err(ExportError::LetterTemplate {
            template: template.as_str(),
            available: listed(
                Template::ALL
                    .into_iter()
                    .filter(|t| t.is_designed())
                    .map(Template::as_str),
            ),
        });
    }
    Ok(Style::new(template, &options.design))
}

/// `a, b or c`.
fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((only, _)) => (*only).to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(
            listed(["pdf", "docx", "markdown"].into_iter()),
            "pdf, docx or markdown"
        );
        assert_eq!(listed(["pdf"].into_iter()), "pdf");
        assert_eq!(listed(std::iter::empty()), "");
    }
}
