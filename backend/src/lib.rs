//! Resume Editor: the server, the document exporters and the command line, as a library so
//! tests drive the same code the `resume-editor` binary runs.

/// The `resume-editor` command line.
pub mod cli;
/// Reading the wall clock (the current month).
pub mod clock;
/// Markdown and DOCX exports of a resume.
pub mod export;
