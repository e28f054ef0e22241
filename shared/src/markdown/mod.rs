//! The resume text format: reading ([`parse`]) and canonical writing ([`to_markdown`]).
//!
//! The format is the Markdown-shaped text of an existing tool family (see `docs/FORMAT.md`).
//! Reading is a superset of theirs with line-numbered diagnostics; writing is byte for byte
//! theirs. For every model `r` that [`parse`] can produce, `parse(to_markdown(r)) == r`.
//!
//! The parser works in two passes: `outline` turns lines into a tree of sections following
//! the heading rules of the original tools, then `parse` reads keys, dates, lists and text into
//! the model. `schema` is the catalogue of sections both passes share.

mod error;
mod outline;
mod parse;
mod schema;
mod serialize;

pub use error::{Diagnostic, ParseError};
pub use parse::parse;
pub use serialize::to_markdown;

use crate::resume::Resume;

/// A successfully read resume and the warnings about what was ignored or guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The structured resume.
    pub resume: Resume,
    /// Warnings in line order (unknown headings and keys, duplicates, ignored lines, …).
    pub warnings: Vec<Diagnostic>,
}
