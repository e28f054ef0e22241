//! The one timestamp form of the API: RFC 3339 in UTC, to the second.

use chrono::{DateTime, SecondsFormat, Utc};

/// A timestamp as RFC 3339 in UTC, to the second (`2026-01-31T12:00:00Z`).
#[must_use]
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
