//! Business rules and their queries. Services take `&impl ConnectionTrait`, so they compose
//! inside a transaction, and return [`ServiceError`]; they know nothing about HTTP, cookies or
//! tokens (the routes and `crate::auth` do).
//!
//! Authorization that depends on data (the last administrator, self-deletion, who may be
//! impersonated) is checked here; "is the caller an administrator" is checked by the extractor.

pub mod account_export;
pub mod accounts;
pub mod admin;
pub mod api_tokens;
pub mod applications;
pub mod audit;
pub mod cover_letters;
pub mod cpu_slots;
pub mod instance;
pub mod login_challenges;
pub mod previews;
pub mod rate_limit;
pub mod refinements;
pub mod resumes;
pub mod sessions;
pub mod settings;
pub mod setup;
pub mod shares;
pub mod sign_in;
pub mod two_factor;
pub mod users;

use resume_shared::api::ErrorCode;
use resume_shared::api::input::check_paging;
use sea_orm::DbErr;

/// Field name → what is wrong with it.
pub type FieldErrors = std::collections::BTreeMap<String, String>;

/// Why a service refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input that breaks a rule, by field.
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    /// No such thing (the sentence says what).
    #[error("{0}")]
    NotFound(String),
    /// Conflicts with the current state.
    #[error("{message}")]
    Conflict {
        /// The error code.
        code: ErrorCode,
        /// The sentence.
        message: String,
    },
    /// Not allowed.
    #[error("{message}")]
    Forbidden {
        /// The error code.
        code: ErrorCode,
        /// The sentence.
        message: String,
    },
    /// Bad credentials (kept uniform: never says which part was wrong).
    #[error("invalid credentials")]
    Unauthorized,
    /// The second step of a login was refused (401): `invalid_code` (enter another code) or
    /// `sign_in_expired` (sign in again with the password), with the sentence saying so.
    #[error("{message}")]
    SecondFactorRejected {
        /// The error code.
        code: ErrorCode,
        /// The sentence.
        message: &'static str,
    },
    /// The change is based on a stale version; nothing was written.
    #[error("version conflict: the current version is {current}")]
    VersionConflict {
        /// The version stored now.
        current: i64,
    },
    /// Resume text with errors (every one, with its line).
    #[error(transparent)]
    InvalidResume(resume_shared::ParseError),
    /// Too many failed attempts.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// No room for the work right now: every password-hashing slot stayed taken.
    #[error("busy: try again in {retry_after_secs} s")]
    Busy {
        /// Seconds after which a retry is likely to find room.
        retry_after_secs: u64,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Anything else that should not happen (encryption, a stored text that no longer parses,
    /// a failed task), with what was being done and the whole chain of causes.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl ServiceError {
    /// An internal failure: `error`, caused while `doing` (kept as its source).
    pub fn internal<E>(doing: impl std::fmt::Display + Send + Sync + 'static, error: E) -> Self
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        Self::Internal(anyhow::Error::new(error).context(doing))
    }

    /// A 409 with the generic `conflict` code.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            code: ErrorCode::Conflict,
            message: message.into(),
        }
    }

    /// A validation error for one field.
    pub fn invalid(field: &str, problem: impl Into<String>) -> Self {
        Self::Validation(FieldErrors::from([(field.to_owned(), problem.into())]))
    }
}

impl From<sea_orm::TransactionError<ServiceError>> for ServiceError {
    fn from(error: sea_orm::TransactionError<ServiceError>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(error) => Self::Db(error),
            sea_orm::TransactionError::Transaction(error) => error,
        }
    }
}

/// A page request: `page` from 1 to [`resume_shared::api::input::MAX_PAGE`], `per_page` from
/// 1 to the list's largest page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page number, from 1.
    pub page: u64,
    /// The page size.
    pub per_page: u64,
}

impl Page {
    /// Default page size.
    pub const DEFAULT_PER_PAGE: u64 = 50;
    /// Largest page size.
    pub const MAX_PER_PAGE: u64 = 200;

    /// Validates optional query values.
    ///
    /// # Errors
    /// A page or a page size out of range.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self, ServiceError> {
        Self::within(page, per_page, Self::DEFAULT_PER_PAGE, Self::MAX_PER_PAGE)
    }

    /// Validates optional query values against a list's own default and largest page size.
    /// The query types check the same bounds when they are read; this keeps any other caller
    /// inside them too, so the row offset can never overflow.
    ///
    /// # Errors
    /// A page or a page size out of range.
    pub fn within(
        page: Option<u64>,
        per_page: Option<u64>,
        default_per_page: u64,
        max_per_page: u64,
    ) -> Result<Self, ServiceError> {
        let mut fields = FieldErrors::new();
        check_paging(&mut fields, page, per_page, max_per_page);
        if fields.is_empty() {
            Ok(Self {
                page: page.unwrap_or(1),
                per_page: per_page.unwrap_or(default_per_page),
            })
        } else {
            Err(ServiceError::Validation(fields))
        }
    }

    /// How many rows come before this page.
    #[must_use]
    pub const fn offset(self) -> u64 {
        self.page.saturating_sub(1).saturating_mul(self.per_page)
    }
}
