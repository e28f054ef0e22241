//! What an import could not keep exactly: one [`Warning`] per dropped or approximated field,
//! named by its JSON path (`work[2].url`, `awards`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::markdown::Diagnostic;

/// Whether a field was left out or kept in another shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Not kept at all: our format has no place for it.
    Dropped,
    /// Kept, but changed (joined into one line, a day cut to the month, …).
    Approximated,
}

/// One field of a JSON Resume document that was not kept exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    /// JSON path of the field, e.g. `basics.profiles[1]` or `awards`.
    pub path: String,
    /// Dropped or approximated.
    pub kind: WarningKind,
    /// Why, and for an approximation how, e.g. `our format has no awards section`.
    pub message: String,
}

impl Warning {
    /// A field that was not kept.
    #[must_use]
    pub fn dropped(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            kind: WarningKind::Dropped,
            message: message.into(),
        }
    }

    /// A field that was kept in another shape.
    #[must_use]
    pub fn approximated(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            kind: WarningKind::Approximated,
            message: message.into(),
        }
    }

    /// The warning as a diagnostic of the API's warning lists: line 0 (it is about the
    /// imported JSON file, not a line of the resume text) and the JSON path as its path.
    #[must_use]
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(0, self.path.clone(), self.sentence())
    }

    /// `dropped: REASON` or `approximated: HOW`.
    fn sentence(&self) -> String {
        let kind = match self.kind {
            WarningKind::Dropped => "dropped",
            WarningKind::Approximated => "approximated",
        };
        format!("{kind}: {}", self.message)
    }
}

impl fmt::Display for Warning {
    /// `work[0].url: dropped: our roles have no company URL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.sentence())
    }
}
