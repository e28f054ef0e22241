//! Resume model, Markdown parser and canonical serializer shared by the server and the
//! browser app.
//!
//! - [`resume`]: the structured model (JSON field names are an API contract);
//! - [`date`]: calendar months and the date spellings the format accepts;
//! - [`markdown`]: reading the resume text format with line-numbered diagnostics, and
//!   writing it back canonically;
//! - [`json_resume`]: import and export of the JSON Resume schema, with a warning for
//!   every field an import drops or approximates;
//! - [`validate`]: normalizing and checking a model edited outside the parser (forms, JSON);
//! - [`sample`]: generated resumes for benchmarks;
//! - [`api`]: the JSON API's request and response bodies and its error envelope.
//!
//! The crate is pure (no I/O, no clock, no async) so it builds for `wasm32-unknown-unknown`;
//! the `openapi` feature adds `utoipa` schemas for the server's API document.

pub mod api;
pub mod date;
pub mod json_resume;
pub mod markdown;
pub mod resume;
pub mod sample;
pub mod validate;

pub use date::YearMonth;
pub use markdown::{Diagnostic, ParseError, Parsed, parse, to_markdown};
pub use resume::{
    Certification, Contact, Degree, Education, Experience, Inclusion, Personal, Project,
    ProjectOverview, Resume, Role, RoleBasics, Visa, Websites,
};
