//! Why an export failed. Every resume has a layout, so only the writers can fail: the DOCX
//! package, or Typst (a fault in a template, never in the resume's text, which is data). A
//! request can also ask for what is not offered: a format a template does not render, or a
//! cover letter in a template or format letters do not come in.

/// An export that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the DOCX zip package failed.
    #[error("could not write the DOCX package: {0}")]
    Pack(#[source] std::io::Error),
    /// Typst could not typeset or write the document.
    #[error("could not typeset the document: {0}")]
    Typeset(String),
    /// The template does not render the format.
    #[error("template {template} does not render {format}: use {available}")]
    FormatNotOffered {
        /// The template asked for.
        template: &'static str,
        /// The format asked for.
        format: &'static str,
        /// The formats it renders.
        available: String,
    },
    /// Cover letters are exported in the designed templates only.
    #[error("cover letters use the designed templates only, not {template}: use {available}")]
    LetterTemplate {
        /// The template asked for.
        template: &'static str,
        /// The templates a letter can use.
        available: String,
    },
    /// Cover letters are not exported in this format.
    #[error("a cover letter does not export as {format}: use {available}")]
    LetterFormat {
        /// The format asked for.
        format: &'static str,
        /// The formats a letter exports as.
        available: String,
    },
}
