//! The first administrator, and administrators created from the command line: `POST /setup`
//! (exactly once, guarded by the setup token when the instance has one) and `create-admin`
//! (before the setup, which it then completes, or after it) both create the account through
//! [`create_admin`], with its audit entry in the same transaction.
//!
//! The setup token itself is decided in `crate::setup_token`; it is checked here.

use chrono::{DateTime, Utc};
use resume_shared::api::ErrorCode;
use sea_orm::{DatabaseConnection, TransactionTrait as _};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::json;
use subtle::ConstantTimeEq as _;

use crate::config::Settings;
use crate::services::accounts::{AccountForm, CheckedAccount};
use crate::services::rate_limit::{self, Key, policy};
use crate::services::users::{self, Role, UserWithRoles};
use crate::services::{ServiceError, audit, instance};

/// The answer once any user exists: 409 `already_set_up`.
#[must_use]
pub fn already_set_up() -> ServiceError {
    ServiceError::Conflict {
        code: ErrorCode::AlreadySetUp,
        message: "This instance is already set up.".to_owned(),
    }
}

/// Passes when the instance has no setup token (`expected`), or `presented` is it (compared
/// in constant time, surrounding spaces ignored).
///
/// # Errors
/// 403 `invalid_setup_token`.
pub fn check_setup_token(
    expected: Option<&SecretString>,
    presented: Option<&str>,
) -> Result<(), ServiceError> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let presented = presented.unwrap_or("").trim();
    if bool::from(
        presented
            .as_bytes()
            .ct_eq(expected.expose_secret().as_bytes()),
    ) {
        return Ok(());
    }
    tracing::warn!("setup refused: missing or wrong setup token");
    Err(ServiceError::Forbidden {
        code: ErrorCode::InvalidSetupToken,
        message: "This instance needs its setup token to be set up: the value of \
                  RESUME_EDITOR_SETUP_TOKEN, or the token in the file the server log names."
            .to_owned(),
    })
}

/// Who creates an administrator, which decides what may already exist and what is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `POST /setup` from the client at `ip`: only while no user exists (of two concurrent
    /// calls exactly one succeeds); records `setup`.
    Setup {
        /// The client address.
        ip: Option<String>,
    },
    /// `resume-editor create-admin`: before or after the setup (before, it completes it);
    /// records `user.create` with `"via": "create-admin"` and no actor.
    Command,
}

/// Creates an administrator (roles `admin` and `user`) from a checked form, hashing its
/// password first, and records it, in one transaction. `registration_open` is the
/// configured default for self-registration, stored when this completes the setup.
///
/// # Errors
/// 409 `already_set_up` (setup only); 409 for a taken username or email; 503 when hashing is
/// saturated; database errors.
pub async fn create_admin(
    db: &DatabaseConnection,
    account: CheckedAccount,
    origin: Origin,
    registration_open: bool,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    let new = account.hash(vec![Role::Admin, Role::User], false).await?;
    let admin = db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let (admin, event) = match origin {
                    Origin::Setup { ip } => {
                        let admin =
                            users::create_first_admin(txn, new, registration_open, now).await?;
                        let event = audit::Event {
                            action: audit::action::SETUP,
                            actor_user_id: Some(admin.user.id),
                            target_user_id: Some(admin.user.id),
                            ip,
                            details: json!({ "username": admin.user.username }),
                            ..audit::Event::default()
                        };
                        (admin, event)
                    }
                    Origin::Command => {
                        if instance::ensure_setup_marker(txn, now).await? {
                            instance::init_registration_open(txn, registration_open, now).await?;
                        }
                        let admin = users::create(txn, new, now).await?;
                        let event = audit::Event {
                            action: audit::action::USER_CREATE,
                            target_user_id: Some(admin.user.id),
                            details: json!({
                                "username": admin.user.username,
                                "roles": admin.roles,
                                "via": "create-admin",
                            }),
                            ..audit::Event::default()
                        };
                        (admin, event)
                    }
                };
                audit::record(txn, event, now).await?;
                Ok(admin)
            })
        })
        .await?;
    Ok(admin)
}

/// `POST /setup`: creates the first administrator from `form` and counts it as their first
/// login. Every attempt, a wrong setup token included, counts against the client network's
/// limit (each may cost a password hash, or guess the token); then the token is checked
/// against the configured one, then the fields. The caller checks beforehand that no user
/// exists (it may know it without asking the database), answering [`already_set_up`].
///
/// # Errors
/// 429; 403 `invalid_setup_token`; 422 naming the bad fields; the errors of
/// [`create_admin`].
pub async fn set_up(
    db: &DatabaseConnection,
    settings: &Settings,
    form: AccountForm,
    setup_token: Option<&str>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    let _counted =
        rate_limit::acquire(db, &[Key::for_address(&policy::SETUP, ip.as_deref())], now).await?;
    check_setup_token(settings.setup_token.as_ref(), setup_token)?;
    let account = form.check()?;
    let origin = Origin::Setup { ip };
    let admin = create_admin(db, account, origin, settings.registration_open, now).await?;
    users::record_login(db, admin.user.id, now).await?;
    tracing::info!(user.id = %admin.user.id, "instance set up");
    Ok(admin)
}
