//! Password rules and hashing: argon2id (the crate's default parameters), always off the async
//! runtime (`spawn_blocking`), with a dummy hash so that a login for an unknown user costs as
//! much as one for a known user.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

use crate::error::FieldErrors;

/// Minimum password length, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Maximum password length, in bytes (argon2 accepts more; this bounds the work per request).
/// Declared with the request types, which refuse longer passwords before any other work.
pub use resume_shared::api::input::MAX_PASSWORD_BYTES;

/// A hashing failure (only on an exhausted system: the inputs are always valid).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Checks the password rules; `field` names the request field in the error.
///
/// # Errors
/// The field and the broken rule.
pub fn check_rules(field: &str, username: &str, password: &str) -> Result<(), FieldErrors> {
    let problem = if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!("must be at least {MIN_PASSWORD_CHARS} characters"))
    } else if password.len() > MAX_PASSWORD_BYTES {
        Some(format!("must be at most {MAX_PASSWORD_BYTES} bytes"))
    } else if password.to_lowercase() == username.to_lowercase() {
        Some("must not be the username".to_owned())
    } else {
        None
    };
    match problem {
        Some(problem) => Err(FieldErrors::from([(field.to_owned(), problem)])),
        None => Ok(()),
    }
}

/// Hashes a password (argon2id, random salt) on the blocking pool; returns the PHC string.
///
/// # Errors
/// When hashing fails or the blocking task is lost.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|error| HashError(error.to_string()))?
}

fn hash_now(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| HashError(error.to_string()))
}

/// Whether `password` matches the PHC string `hash` (on the blocking pool). A malformed hash
/// never matches.
pub async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// Spends the time of a real verification, for a login whose user does not exist.
pub async fn verify_dummy(password: String) {
    let hash = match dummy_hash().await {
        Some(hash) => hash,
        None => return,
    };
    let _ = verify(password, hash).await;
}

/// A hash of a random password, computed once per process.
async fn dummy_hash() -> Option<String> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Some(hash.clone());
    }
    let mut random = [0_u8; 24];
    getrandom::fill(&mut random).ok()?;
    let password = random
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let hash = hash(password).await.ok()?;
    Some(DUMMY.get_or_init(|| hash).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_the_field_and_the_problem() {
        assert_eq!(
            check_rules("password", "alice", "short").unwrap_err()["password"],
            "must be at least 10 characters"
        );
        assert_eq!(
            check_rules("new_password", "LongUsername", "longusername").unwrap_err()["new_password"],
            "must not be the username"
        );
        assert!(check_rules("password", "alice", &"x".repeat(1025)).is_err());
        assert!(check_rules("password", "alice", "correct horse battery").is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_and_salts_differ() {
        let first = hash("correct horse battery".to_owned()).await.unwrap();
        let second = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(first.starts_with("$argon2id$"));
        assert_ne!(first, second);
        assert!(verify("correct horse battery".to_owned(), first.clone()).await);
        assert!(!verify("wrong horse battery".to_owned(), first).await);
        assert!(!verify("x".to_owned(), "not a hash".to_owned()).await);
    }
}
