//! Diagnostics of a parse: errors and warnings with 1-based line numbers and section paths.
//!
//! A [`Diagnostic`] says where (line, section path) and what (message). A parse that finds
//! errors returns a [`ParseError`] holding *all* of them, plus the warnings found on the way,
//! so an editor can show everything at once.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One finding of the parser, tied to a line of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diagnostic {
    /// 1-based line number in the input (after a leading BOM is removed).
    pub line: usize,
    /// Section path, e.g. `Experience › Roles › Role 2 › Basics`; empty at document level.
    pub path: String,
    /// What is wrong, in a sentence a user can act on.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `line` in section `path`.
    #[must_use]
    pub fn new(line: usize, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line,
            path: path.into(),
            message: message.into(),
        }
    }

    /// `PATH: MESSAGE`, or only the message at document level.
    #[must_use]
    pub fn located_message(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `line 42: Experience › Roles › Role 2 › Basics: missing required key "Company"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.located_message())
    }
}

/// A resume text that could not be read: every error found, and the warnings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// All errors, in line order. Never empty.
    pub errors: Vec<Diagnostic>,
    /// Warnings found on the way, in line order.
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        write!(
            f,
            "the resume has {count} error{}",
            if count == 1 { "" } else { "s" }
        )?;
        for error in &self.errors {
            write!(f, "\n{error}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while parsing.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn error(&mut self, line: usize, path: &str, message: impl Into<String>) {
        self.errors.push(Diagnostic::new(line, path, message));
    }

    pub(crate) fn warn(&mut self, line: usize, path: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(line, path, message));
    }

    /// Both lists sorted by line (stable, so findings on one line keep their order).
    pub(crate) fn into_sorted(mut self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        self.errors.sort_by_key(|d| d.line);
        self.warnings.sort_by_key(|d| d.line);
        (self.errors, self.warnings)
    }
}
