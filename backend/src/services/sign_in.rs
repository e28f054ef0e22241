//! Signing in and out: the login with its rate limits and audit entries, the end of a session,
//! and the end of an impersonation with the way back to the administrator's own session.
//!
//! These decide who is signed in and record it; handing the session over (its row, token and
//! cookies) is `crate::auth::session`'s job, and nothing here knows about HTTP.

use chrono::{DateTime, Utc};
use resume_shared::api::ErrorCode;
use resume_shared::api::sessions::SignInMethod;
use sea_orm::DatabaseConnection;
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

use crate::auth::{fingerprint, password};
use crate::db::entities::sessions as session_rows;
use crate::services::rate_limit::{self, Key, LimitError, policy};
use crate::services::sessions::{SessionWithUser, StopReason};
use crate::services::users::{self, Role, UserWithRoles};
use crate::services::{FieldErrors, ServiceError, audit, sessions};

/// Why a login failed, as the audit log records it (the client always gets the same 401).
#[derive(Debug, Clone, Copy)]
enum LoginFailure {
    UnknownName,
    WrongPassword,
    Inactive,
}

impl LoginFailure {
    const fn as_str(self) -> &'static str {
        match self {
            Self::UnknownName => "unknown name",
            Self::WrongPassword => "wrong password",
            Self::Inactive => "inactive",
        }
    }
}

/// Checks a login: `username` (or the email) and `password`, from the client at `ip`.
///
/// Failed attempts are limited per account and client network and per client network (the
/// attempt is counted before the password is checked; a success gives it back); a refusal
/// records `login.rate_limited` (one row per key and window). A wrong password, an unknown
/// name and a deactivated account are one 401 for the client, and `login.failure` with the
/// real reason for the audit log, where a name no account has appears only as its keyed
/// fingerprint under `secret_key`. A success records `login.success` and the login time,
/// unless the account has two-factor authentication: then the login waits for its second step
/// ([`PasswordChecked::SecondFactorNeeded`]).
///
/// # Errors
/// 422 for empty fields; 429; 401; 503 when hashing is saturated; database errors.
pub async fn login(
    db: &DatabaseConnection,
    secret_key: &SecretString,
    username: &str,
    password: String,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<PasswordChecked, ServiceError> {
    let mut fields = FieldErrors::new();
    if username.trim().is_empty() {
        fields.insert("username".to_owned(), "must not be empty".to_owned());
    }
    if password.is_empty() {
        fields.insert("password".to_owned(), "must not be empty".to_owned());
    }
    if !fields.is_empty() {
        return Err(ServiceError::Validation(fields));
    }
    let user = users::find_for_login(db, username).await?;
    // What the name resolves to: the account (so its username and its email count as one), or
    // for a name no account has, its keyed fingerprint. Never the name itself: it may be a
    // password typed into the wrong field.
    let (account, name_fingerprint) = match &user {
        Some(user) => (user.id.to_string(), None),
        None => {
            let fingerprint = fingerprint::login_name(secret_key, username);
            (format!("name-{fingerprint}"), Some(fingerprint))
        }
    };
    let network = rate_limit::address_subject(ip.as_deref());
    let account_key = Key::new(&policy::LOGIN_ACCOUNT, &format!("{account}@{network}"));
    let address_key = Key::new(&policy::LOGIN_ADDRESS, &network);
    // The attempt is counted before the password is checked, so parallel guesses cannot all
    // pass the limit; a success gives it back.
    let ticket = match rate_limit::acquire(db, &[account_key.clone(), address_key], now).await {
        Ok(ticket) => ticket,
        Err(LimitError::Limited(limited)) => {
            let on_account = limited.key == account_key;
            audit::record_repeated(
                db,
                audit::Event {
                    action: audit::action::LOGIN_RATE_LIMITED,
                    target_user_id: user.as_ref().filter(|_| on_account).map(|u| u.id),
                    ip,
                    details: match &name_fingerprint {
                        Some(fingerprint) if on_account => json!({
                            "limit": limited.key.policy().scope,
                            "name_fingerprint": fingerprint,
                        }),
                        _ => json!({ "limit": limited.key.policy().scope }),
                    },
                    ..audit::Event::default()
                },
                limited.key.as_str(),
                limited.key.policy().window,
                now,
            )
            .await?;
            return Err(ServiceError::RateLimited {
                retry_after_secs: limited.retry_after_secs,
            });
        }
        Err(LimitError::Db(error)) => return Err(error.into()),
    };
    // The request type refuses over-long passwords (422) before any of this; the length guard
    // stays so that no path ever hashes an unbounded password. An unknown name costs a dummy
    // verification, so the time taken tells nothing.
    let checked = match &user {
        Some(user) if password.len() <= password::MAX_PASSWORD_BYTES => {
            password::verify(password, user.password_hash.clone()).await
        }
        _ => password::verify_dummy(String::new()).await.map(|()| false),
    };
    let verified = match checked {
        Ok(verified) => verified,
        Err(error) => {
            // Not checked: the attempt does not count.
            rate_limit::release(db, ticket).await?;
            return Err(error.into());
        }
    };
    let outcome = match (user, verified) {
        (None, _) => Err((None, LoginFailure::UnknownName)),
        (Some(user), false) => Err((Some(user.id), LoginFailure::WrongPassword)),
        (Some(user), true) if !user.active => Err((Some(user.id), LoginFailure::Inactive)),
        (Some(user), true) => Ok(user),
    };
    let user = match outcome {
        Ok(user) => user,
        Err((target, failure)) => {
            let reason = failure.as_str();
            audit::record(
                db,
                audit::Event {
                    action: audit::action::LOGIN_FAILURE,
                    target_user_id: target,
                    ip,
                    details: match &name_fingerprint {
                        Some(fingerprint) => {
                            json!({ "reason": reason, "name_fingerprint": fingerprint })
                        }
                        None => json!({ "reason": reason }),
                    },
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
            // The same answer for every reason (the audit log keeps the real one). The
            // attempt stays counted.
            return Err(ServiceError::Unauthorized);
        }
    };
    rate_limit::release(db, ticket).await?;
    rate_limit::clear(db, &account_key).await?;
    if user.two_factor_enabled_at.is_some() {
        // The password alone grants nothing: the second step completes the login.
        return Ok(PasswordChecked::SecondFactorNeeded(user.id));
    }
    let user = complete(db, user.id, SignInMethod::Password, ip, now).await?;
    Ok(PasswordChecked::SignedIn(Box::new(user)))
}

/// What the right password led to.
#[derive(Debug, Clone)]
pub enum PasswordChecked {
    /// The login is complete.
    SignedIn(Box<UserWithRoles>),
    /// The account has two-factor authentication: the login needs its second step.
    SecondFactorNeeded(Uuid),
}

/// Completes a login of `user_id` by `method`: records the login time and `login.success`
/// (with the method), and returns the user.
///
/// # Errors
/// Database errors.
pub async fn complete(
    db: &DatabaseConnection,
    user_id: Uuid,
    method: SignInMethod,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    users::record_login(db, user_id, now).await?;
    audit::record(
        db,
        audit::Event {
            action: audit::action::LOGIN_SUCCESS,
            actor_user_id: Some(user_id),
            target_user_id: Some(user_id),
            ip,
            details: json!({ "method": method.as_str() }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    let user = users::get(db, user_id).await?;
    tracing::info!(user.id = %user.user.id, method = method.as_str(), "login");
    Ok(user)
}

/// Ends `session` and the impersonations started from it, and records `logout`. Ending an
/// impersonation session records `impersonation.stop` too, and also ends `admin_session`: the
/// administrator's own session the browser kept for the way back (it forgets it now, so
/// nothing could use it any more).
///
/// # Errors
/// Database errors.
pub async fn sign_out(
    db: &DatabaseConnection,
    session: &session_rows::Model,
    admin_session: Option<Uuid>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if session.impersonator_user_id.is_some() {
        sessions::end_impersonation(db, session, StopReason::Logout, ip, now).await?;
        if let Some(parent) = admin_session {
            sessions::revoke(db, parent, now).await?;
        }
    } else {
        sessions::revoke(db, session.id, now).await?;
    }
    audit::record(
        db,
        audit::Event {
            action: audit::action::LOGOUT,
            actor_user_id: Some(session.user_id),
            impersonator_user_id: session.impersonator_user_id,
            target_user_id: Some(session.user_id),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    Ok(())
}

/// What the caller who stops an impersonation holds of the administrator's own session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WayBack {
    /// A bearer caller: it goes on with its own token, so there is nothing to prove.
    Bearer,
    /// A browser, which needs the administrator's own token: the session whose token its
    /// cookie keeps, if any (the impersonation token alone is not enough).
    Cookie(Option<Uuid>),
}

/// Ends the impersonation `session` (recording `impersonation.stop`) and returns the
/// administrator's own session it was started from, if that one is still live, still the
/// administrator's own, its user still an active administrator, and (in the browser) the one
/// whose token the caller holds. `None`: the impersonation ended, but there is no session to
/// return to; the caller must sign in again.
///
/// # Errors
/// 409 `not_impersonating` when `session` is not an impersonation; database errors.
pub async fn stop_impersonation(
    db: &DatabaseConnection,
    session: &session_rows::Model,
    way_back: WayBack,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Option<SessionWithUser>, ServiceError> {
    let Some(admin_id) = session.impersonator_user_id else {
        return Err(ServiceError::Conflict {
            code: ErrorCode::NotImpersonating,
            message: "This session is not an impersonation.".to_owned(),
        });
    };
    sessions::end_impersonation(db, session, StopReason::Stopped, ip, now).await?;
    let parent = match session.parent_session_id {
        Some(id) => sessions::find_with_user(db, id).await?,
        None => None,
    };
    Ok(parent.filter(|parent| {
        parent.session.user_id == admin_id
            && parent.session.impersonator_user_id.is_none()
            && sessions::is_live(&parent.session, now)
            && parent.user.active
            && parent.roles.iter().any(|role| role == Role::Admin.as_str())
            && match way_back {
                WayBack::Bearer => true,
                WayBack::Cookie(held) => held == Some(parent.session.id),
            }
    }))
}
