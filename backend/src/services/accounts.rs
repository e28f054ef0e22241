//! A person's own account: opening one (the fields every way of creating an account checks,
//! and self-registration), confirming and changing its password, and deleting it. Each use case
//! validates, hashes, writes, ends what must end and records its audit entry together.
//!
//! Nothing here knows about HTTP: the caller passes what the request said and gets the account
//! back; starting a session for it is `crate::auth::session`'s job.

use chrono::{DateTime, Utc};
use resume_shared::api::{ChangePasswordRequest, ErrorCode};
use sea_orm::{DatabaseConnection, TransactionTrait as _};
use serde_json::json;

use crate::auth::password;
use crate::db::entities::{sessions as session_rows, users as user_rows};
use crate::services::rate_limit::{self, Key, policy};
use crate::services::users::{self, DeletedBy, NewUser, Role, UserWithRoles};
use crate::services::{ServiceError, api_tokens, audit, instance, sessions};

/// The one answer to a registration whose username or email is taken: which of the two must
/// not be told, or registration would be a way to find out who has an account.
pub const REGISTRATION_CONFLICT: &str = "That username or email address cannot be used.";

/// What someone types to open an account: the same three fields for registration, setup, an
/// administrator's form and `create-admin`.
pub struct AccountForm {
    /// The username, as typed.
    pub username: String,
    /// The email address, as typed.
    pub email: String,
    /// The password, in clear.
    pub password: String,
}

impl AccountForm {
    /// Checks the fields against the account rules (username, email, password), naming every
    /// broken rule at once.
    ///
    /// # Errors
    /// 422 naming the bad fields.
    pub fn check(self) -> Result<CheckedAccount, ServiceError> {
        let identity = users::validate_identity(&self.username, &self.email);
        let rules = password::check_rules("password", &self.username, &self.password);
        match (identity, rules) {
            (Ok(email), Ok(())) => Ok(CheckedAccount {
                username: self.username,
                email,
                password: self.password,
            }),
            (identity, rules) => {
                let mut fields = identity.err().unwrap_or_default();
                fields.extend(rules.err().unwrap_or_default());
                Err(ServiceError::Validation(fields))
            }
        }
    }
}

/// An [`AccountForm`] that passed its rules (the email normalised), not yet hashed.
pub struct CheckedAccount {
    username: String,
    email: String,
    password: String,
}

impl CheckedAccount {
    /// Hashes the password: the account, ready to create with `roles`.
    ///
    /// # Errors
    /// 503 when every hashing slot stays taken; a failed hash.
    pub async fn hash(
        self,
        roles: Vec<Role>,
        force_password_change: bool,
    ) -> Result<NewUser, ServiceError> {
        let password_hash = password::hash(self.password).await?;
        Ok(NewUser {
            username: self.username,
            email: self.email,
            password_hash,
            roles,
            force_password_change,
        })
    }
}

/// Creates a `user` account for whoever asks, when the instance allows self-registration
/// (its stored setting, else `open_by_default`), records `user.register` in the same
/// transaction, and counts it as the account's first login. Every attempt counts against the
/// client network's limit (each may cost a password hash). A taken username and a taken email
/// get the same 409, [`REGISTRATION_CONFLICT`].
///
/// # Errors
/// 403 `registration_closed`; 429; 422 naming the bad fields; 409; 503 when hashing is
/// saturated; database errors.
pub async fn register(
    db: &DatabaseConnection,
    open_by_default: bool,
    form: AccountForm,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    if !instance::registration_open(db, open_by_default).await? {
        return Err(ServiceError::Forbidden {
            code: ErrorCode::RegistrationClosed,
            message:
                "Registration is closed on this instance; ask an administrator for an account."
                    .to_owned(),
        });
    }
    let _counted = rate_limit::acquire(db, &[Key::for_address(&policy::REGISTER, ip)], now).await?;
    let new = form.check()?.hash(vec![Role::User], false).await?;
    let user = db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let user = users::create(txn, new, now)
                    .await
                    .map_err(|error| match error {
                        ServiceError::Conflict {
                            code: ErrorCode::Conflict,
                            ..
                        } => ServiceError::conflict(REGISTRATION_CONFLICT),
                        other => other,
                    })?;
                audit::record(
                    txn,
                    audit::Event {
                        action: audit::action::REGISTER,
                        actor_user_id: Some(user.user.id),
                        target_user_id: Some(user.user.id),
                        details: json!({ "username": user.user.username }),
                        ..audit::Event::default()
                    },
                    now,
                )
                .await?;
                Ok(user)
            })
        })
        .await?;
    users::record_login(db, user.user.id, now).await?;
    Ok(user)
}

/// Checks `given` against the user's password, counted per user (before the check, so parallel
/// guesses cannot race past the limit: 429 with `Retry-After` once it is used up); the right one
/// clears the count. A wrong one is a 422 naming `field`. Used by the password change and the
/// account deletion.
///
/// # Errors
/// The rate limit, a wrong password, a full hashing gate (503), database errors.
pub async fn confirm_password(
    db: &DatabaseConnection,
    user: &user_rows::Model,
    given: &str,
    field: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let key = Key::new(&policy::PASSWORD_CHECK, &user.id.to_string());
    let ticket = rate_limit::acquire(db, std::slice::from_ref(&key), now).await?;
    let checked = if !given.is_empty() && given.len() <= password::MAX_PASSWORD_BYTES {
        password::verify(given.to_owned(), user.password_hash.clone()).await
    } else {
        Ok(false)
    };
    let matches = match checked {
        Ok(matches) => matches,
        Err(error) => {
            rate_limit::release(db, ticket).await?;
            return Err(error.into());
        }
    };
    if !matches {
        return Err(ServiceError::invalid(field, "is not correct"));
    }
    rate_limit::clear(db, &key).await?;
    Ok(())
}

/// Changes the password of `user`, signed in with `session`. The current password is required
/// (and confirmed, see [`confirm_password`]) unless the user is flagged to change it, a flag
/// this clears. In one transaction: the new hash, the end of every other session of the user,
/// of their personal access tokens unless `keep_api_tokens`, and `password.change`.
///
/// # Errors
/// 422 for a missing or wrong current password or a weak new one; 429; 503 when hashing is
/// saturated; database errors.
pub async fn change_password(
    db: &DatabaseConnection,
    user: &user_rows::Model,
    session: &session_rows::Model,
    request: ChangePasswordRequest,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let forced = users::force_password_change(user);
    if !forced {
        let Some(current_password) = request.current_password.filter(|p| !p.is_empty()) else {
            return Err(ServiceError::invalid("current_password", "is required"));
        };
        confirm_password(db, user, &current_password, "current_password", now).await?;
    }
    password::check_rules("new_password", &user.username, &request.new_password)
        .map_err(ServiceError::Validation)?;
    let hash = password::hash(request.new_password).await?;
    let user = user.clone();
    let keep = session.id;
    let keep_api_tokens = request.keep_api_tokens;
    let impersonator = session.impersonator_user_id;
    db.transaction::<_, _, ServiceError>(|txn| {
        Box::pin(async move {
            users::set_password(txn, &user, hash, now).await?;
            let ended = sessions::revoke_all_for_user(txn, user.id, Some(keep), now).await?;
            let tokens_revoked = if keep_api_tokens {
                0
            } else {
                api_tokens::revoke_all_for_user(txn, user.id, now).await?
            };
            audit::record(
                txn,
                audit::Event {
                    action: audit::action::PASSWORD_CHANGE,
                    actor_user_id: Some(user.id),
                    impersonator_user_id: impersonator,
                    target_user_id: Some(user.id),
                    details: json!({
                        "forced": forced,
                        "sessions_ended": ended,
                        "api_tokens_revoked": tokens_revoked,
                    }),
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// Deletes the account of `user` at their own request, signed in with `session`, once
/// `password` is confirmed (see [`confirm_password`]); see [`users::delete`]. Never in a
/// session in which an administrator impersonates the user.
///
/// # Errors
/// 403 in an impersonation session; 422 for a wrong password; 429; 409 for the last active
/// administrator; database errors.
pub async fn delete_own(
    db: &DatabaseConnection,
    user: &user_rows::Model,
    session: &session_rows::Model,
    password: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if session.impersonator_user_id.is_some() {
        return Err(ServiceError::Forbidden {
            code: ErrorCode::Forbidden,
            message: "An administrator impersonating a user cannot delete the user's account."
                .to_owned(),
        });
    }
    confirm_password(db, user, password, "password", now).await?;
    users::delete(db, user.id, DeletedBy::Themself, ip, now).await
}
