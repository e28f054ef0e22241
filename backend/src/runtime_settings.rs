//! The serving and run-time limits (`RESUME_EDITOR_SHUTDOWN_GRACE_SECONDS`,
//! `…_HEADER_READ_TIMEOUT_SECONDS`, `…_REQUEST_TIMEOUT_SECONDS`, `…_MAX_CONNECTIONS`,
//! `…_MAX_EVENT_STREAMS_PER_USER`, `…_MAX_ACTIVE_REFINEMENTS_PER_USER`): how long a stop may
//! take, how slow a client may be, and how much one server and one user may hold open. Part of
//! [`crate::config::Settings`] (`settings.runtime`).

use std::time::Duration;

use crate::config_values::{ConfigError, whole_number};

/// Limits of the HTTP server, the event streams and the refinement jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeSettings {
    /// `RESUME_EDITOR_SHUTDOWN_GRACE_SECONDS`: after SIGTERM, how long requests in flight, event
    /// streams and refinement runs get to end before the process exits anyway.
    pub shutdown_grace: Duration,
    /// `RESUME_EDITOR_HEADER_READ_TIMEOUT_SECONDS`: a connection that has not sent a whole
    /// request head within this time is closed (slow-header attacks).
    pub header_read_timeout: Duration,
    /// `RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS`: the time a request may take until its response
    /// starts (body upload included); answered 408 beyond. A response that has started (an
    /// event stream, a download) is not cut.
    pub request_timeout: Duration,
    /// `RESUME_EDITOR_MAX_CONNECTIONS`: connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// `RESUME_EDITOR_MAX_EVENT_STREAMS_PER_USER`: refinement event streams one user may have
    /// open at once on one server (429 beyond).
    pub max_event_streams_per_user: usize,
    /// `RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER`: refinement jobs one user may have queued
    /// or running at once (409 `too_many_active_refinements` beyond).
    pub max_active_refinements_per_user: u64,
}

impl Default for RuntimeSettings {
    fn default() -> Self {
        Self {
            shutdown_grace: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            max_connections: 1024,
            max_event_streams_per_user: 6,
            max_active_refinements_per_user: 3,
        }
    }
}

impl RuntimeSettings {
    /// Reads the variables through `get` (name without the prefix → value).
    ///
    /// # Errors
    /// A value that is not a whole number in its range.
    pub(crate) fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let number =
            |key: &str, default: u64, min: u64, max: u64| whole_number(get, key, default, min, max);
        let seconds = |key: &str, default: Duration, max: u64| {
            number(key, default.as_secs(), 1, max).map(Duration::from_secs)
        };
        let count = |key: &str, default: usize, max: u64| {
            number(key, u64::try_from(default).unwrap_or(max), 1, max)
                .map(|n| usize::try_from(n).unwrap_or(default))
        };
        Ok(Self {
            shutdown_grace: seconds("SHUTDOWN_GRACE_SECONDS", defaults.shutdown_grace, 300)?,
            header_read_timeout: seconds(
                "HEADER_READ_TIMEOUT_SECONDS",
                defaults.header_read_timeout,
                300,
            )?,
            request_timeout: seconds("REQUEST_TIMEOUT_SECONDS", defaults.request_timeout, 3600)?,
            max_connections: count("MAX_CONNECTIONS", defaults.max_connections, 100_000)?,
            max_event_streams_per_user: count(
                "MAX_EVENT_STREAMS_PER_USER",
                defaults.max_event_streams_per_user,
                1000,
            )?,
            max_active_refinements_per_user: number(
                "MAX_ACTIVE_REFINEMENTS_PER_USER",
                defaults.max_active_refinements_per_user,
                1,
                1000,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<RuntimeSettings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        RuntimeSettings::from_lookup(&|key: &str| map.get(key).cloned())
    }

    #[test]
    fn defaults_apply_and_values_are_read_in_range() {
        assert_eq!(read(&[]).unwrap(), RuntimeSettings::default());
        let settings = read(&[
            ("SHUTDOWN_GRACE_SECONDS", "3"),
            ("HEADER_READ_TIMEOUT_SECONDS", "2"),
            ("REQUEST_TIMEOUT_SECONDS", "30"),
            ("MAX_CONNECTIONS", "50"),
            ("MAX_EVENT_STREAMS_PER_USER", "2"),
            ("MAX_ACTIVE_REFINEMENTS_PER_USER", "1"),
        ])
        .unwrap();
        assert_eq!(settings.shutdown_grace, Duration::from_secs(3));
        assert_eq!(settings.header_read_timeout, Duration::from_secs(2));
        assert_eq!(settings.request_timeout, Duration::from_secs(30));
        assert_eq!(settings.max_connections, 50);
        assert_eq!(settings.max_event_streams_per_user, 2);
        assert_eq!(settings.max_active_refinements_per_user, 1);
    }

    #[test]
    fn zero_and_out_of_range_values_are_refused_by_name() {
        for (key, value) in [
            ("SHUTDOWN_GRACE_SECONDS", "0"),
            ("HEADER_READ_TIMEOUT_SECONDS", "301"),
            ("MAX_CONNECTIONS", "0"),
            ("MAX_EVENT_STREAMS_PER_USER", "many"),
        ] {
            let error = read(&[(key, value)]).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("RESUME_EDITOR_{key}:")),
                "{error}"
            );
        }
    }
}
