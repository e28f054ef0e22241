//! Why an export failed. Rendering itself cannot fail (every resume has a layout); only writing
//! the DOCX package can.

/// An export that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the DOCX zip package failed.
    #[error("could not write the DOCX package: {0}")]
    Pack(#[source] std::io::Error),
}
