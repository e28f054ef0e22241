//! Why a JSON Resume document could not be imported at all.

use crate::validate::FieldError;

/// A document that is not JSON, not a JSON Resume, or holds values of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonResumeError {
    /// The text is not JSON.
    #[error("not JSON: {0}")]
    Syntax(String),
    /// A value has the wrong JSON type.
    #[error("{path}: must be {expected}, found {found}")]
    WrongType {
        /// JSON path of the value (`document` for the whole document).
        path: String,
        /// What the schema wants, e.g. `a string`.
        expected: &'static str,
        /// What was there, e.g. `a number`.
        found: &'static str,
    },
    /// A date that is none of `YYYY-MM-DD`, `YYYY-MM`, `YYYY`.
    #[error("{path}: \"{value}\" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")]
    InvalidDate {
        /// JSON path of the date.
        path: String,
        /// The value as written.
        value: String,
    },
    /// A JSON object without any JSON Resume section.
    #[error(
        "not a JSON Resume: the document has none of the sections basics, work, education, certificates, projects, …"
    )]
    NotAResume,
    /// Nothing our format can hold was left after the mapping.
    #[error("nothing to import: the document holds no field our resume format can keep")]
    NothingToImport,
    /// The mapped resume breaks a rule of our format (e.g. an end date before the start).
    #[error("the resume is not valid: {}", describe(.0))]
    Invalid(Vec<FieldError>),
}

/// `path: message; path: message`.
fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.path, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}
