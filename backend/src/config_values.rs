//! What reading the configuration shares between `config` and `runtime_settings`: the
//! variables' prefix, the error type, and reading a bounded whole number.

use std::path::PathBuf;

/// Prefix of every environment variable.
pub const ENV_PREFIX: &str = "RESUME_EDITOR_";

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// An environment variable has a value that does not parse or is out of range.
    #[error("{name}: {reason}")]
    Invalid {
        /// The full variable name.
        name: String,
        /// What is wrong (never the value itself, which may be a secret).
        reason: String,
    },
    /// A generated secret file could not be read or written.
    #[error("{path}: {source}")]
    SecretFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The whole number in variable `key` (name without the prefix), or `default` when it is not
/// set.
///
/// # Errors
/// A value that is not a whole number from `min` to `max`; the error names the variable and the
/// range, never the value.
pub(crate) fn whole_number(
    get: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    match get(key) {
        None => Ok(default),
        Some(value) => match value.trim().parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(invalid(
                key,
                &format!("expected a whole number from {min} to {max}"),
            )),
        },
    }
}

/// The error of variable `key` (name without the prefix): `reason`, never the value.
pub(crate) fn invalid(key: &str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        name: format!("{ENV_PREFIX}{key}"),
        reason: reason.to_owned(),
    }
}
