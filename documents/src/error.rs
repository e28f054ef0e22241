//! Why an export failed. Every resume has a layout, so only the writers can fail: the DOCX
//! package, or Typst (a fault in a template, never in the resume's text, which is data).

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
}
