//! Password rules and hashing: argon2id (the crate's default parameters: 19 MiB and two passes
//! per hash), always off the async runtime (`spawn_blocking`), with a dummy hash so that a
//! login for an unknown user costs as much as one for a known user.
//!
//! Every hash and verification passes one gate: at most [`concurrent_hashes`] (the number of
//! cores) run at once in the process, so a burst of logins or registrations cannot take
//! hundreds of 19 MiB blocks at the same time. A request waits at most [`GATE_WAIT`] for its
//! turn, then gets [`HashError::Busy`] (503 with `Retry-After`). The permit travels with the
//! blocking task, so a client that disconnects does not free it before the work is done.

use std::sync::{LazyLock, OnceLock};
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::services::{FieldErrors, ServiceError};

/// Minimum password length, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Maximum password length, in bytes (argon2 accepts more; this bounds the work per request).
/// Declared with the request types, which refuse longer passwords before any other work.
pub use resume_shared::api::input::MAX_PASSWORD_BYTES;
/// How long a request waits for a hashing slot before it is answered 503.
pub const GATE_WAIT: Duration = Duration::from_secs(2);
/// The `Retry-After` of a request turned away by the gate, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every hashing slot stayed taken for [`GATE_WAIT`].
    #[error("too many password hashes at once")]
    Busy,
    /// Hashing failed (only on an exhausted system: the inputs are always valid).
    #[error("password hashing failed: {0}")]
    Failed(String),
}

impl From<HashError> for ServiceError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => Self::Busy {
                retry_after_secs: BUSY_RETRY_AFTER_SECS,
            },
            failed @ HashError::Failed(_) => Self::Internal(anyhow::Error::new(failed)),
        }
    }
}

/// How many hashes may run at once: the number of cores.
#[must_use]
pub fn concurrent_hashes() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

/// A bound on concurrent hashing work: `permits` at once, each waited for at most `wait`.
#[derive(Debug)]
pub(crate) struct Gate {
    permits: std::sync::Arc<Semaphore>,
    wait: Duration,
}

impl Gate {
    pub(crate) fn new(permits: usize, wait: Duration) -> Self {
        Self {
            permits: std::sync::Arc::new(Semaphore::new(permits)),
            wait,
        }
    }

    /// Runs `work` on the blocking pool once a permit is free (waiting at most `wait`).
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let permit: OwnedSemaphorePermit = tokio::time::timeout(
            self.wait,
            std::sync::Arc::clone(&self.permits).acquire_owned(),
        )
        .await
        .map_err(|_| HashError::Busy)?
        .map_err(|error| HashError::Failed(error.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|error| HashError::Failed(error.to_string()))
    }
}

/// The process's gate.
static GATE: LazyLock<Gate> = LazyLock::new(|| Gate::new(concurrent_hashes(), GATE_WAIT));

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
/// [`HashError::Busy`] when the gate stays full; [`HashError::Failed`] when hashing fails.
pub async fn hash(password: String) -> Result<String, HashError> {
    GATE.run(move || hash_now(&password)).await?
}

fn hash_now(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| HashError::Failed(error.to_string()))
}

/// Whether `password` matches the PHC string `hash` (on the blocking pool). A malformed hash
/// never matches.
///
/// # Errors
/// [`HashError::Busy`] when the gate stays full.
pub async fn verify(password: String, hash: String) -> Result<bool, HashError> {
    GATE.run(move || verify_now(&password, &hash)).await
}

fn verify_now(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Spends the time of a real verification, for a login whose user does not exist.
///
/// # Errors
/// [`HashError::Busy`] when the gate stays full.
pub async fn verify_dummy(password: String) -> Result<(), HashError> {
    GATE.run(move || {
        if let Some(hash) = dummy_hash() {
            let _ = verify_now(&password, hash);
        }
    })
    .await
}

/// A hash of a random password, computed once per process (on the first caller's blocking
/// thread, holding its permit; concurrent first callers wait for it instead of each hashing).
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let mut random = [0_u8; 24];
            getrandom::fill(&mut random).ok()?;
            let password = random
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
            hash_now(&password).ok()
        })
        .as_deref()
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
        assert!(
            verify("correct horse battery".to_owned(), first.clone())
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".to_owned(), first)
                .await
                .unwrap()
        );
        assert!(
            !verify("x".to_owned(), "not a hash".to_owned())
                .await
                .unwrap()
        );
        verify_dummy("x".to_owned()).await.unwrap();
    }

    #[tokio::test]
    async fn the_gate_bounds_concurrent_work_and_turns_away_after_its_wait() {
        let gate = std::sync::Arc::new(Gate::new(2, Duration::from_millis(100)));
        let running = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = std::sync::Arc::new(std::sync::Mutex::new(released));
        let mut tasks = Vec::new();
        for _ in 0..2 {
            let (gate, running, most, released) = (
                gate.clone(),
                running.clone(),
                most.clone(),
                released.clone(),
            );
            tasks.push(tokio::spawn(async move {
                gate.run(move || {
                    use std::sync::atomic::Ordering::SeqCst;
                    let now = running.fetch_add(1, SeqCst) + 1;
                    most.fetch_max(now, SeqCst);
                    let _ = released.lock().unwrap().recv();
                    running.fetch_sub(1, SeqCst);
                })
                .await
            }));
        }
        // Both permits are taken (by work that waits for the channel): a third caller is
        // turned away after the wait, without running.
        while running.load(std::sync::atomic::Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let third = gate.run(|| ()).await;
        assert!(matches!(third, Err(HashError::Busy)), "{third:?}");
        release.send(()).unwrap();
        release.send(()).unwrap();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
        // With the permits back, work runs again.
        assert_eq!(gate.run(|| 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn a_dropped_caller_keeps_its_permit_until_the_work_is_done() {
        let gate = std::sync::Arc::new(Gate::new(1, Duration::from_millis(50)));
        let (release, released) = std::sync::mpsc::channel::<()>();
        let caller = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.run(move || released.recv()).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        // The client went away, the work goes on: its permit stays taken.
        caller.abort();
        let _ = caller.await;
        assert!(matches!(gate.run(|| ()).await, Err(HashError::Busy)));
        release.send(()).unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(gate.run(|| ()).await.is_ok());
    }
}
