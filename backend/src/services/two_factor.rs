//! Two-factor authentication of a user: enrolment (a new TOTP secret, confirmed by its first
//! code, which turns it on and hands out recovery codes), checking a code (the app's, or a
//! recovery code), new recovery codes, turning it off, and an administrator's reset.
//!
//! The secret is stored encrypted and bound to its user (`crate::crypto`). A code is accepted
//! once: the step it belongs to is recorded with a conditional update, and a code of that step
//! or an earlier one is a replay; a recovery code is marked used the same way. Wrong codes
//! count against the user's `second_factor.user` limit (5, then a growing wait), wherever they
//! are typed. Every change is audited.

use chrono::{DateTime, Utc};
use resume_shared::api::two_factor::RECOVERY_CODE_COUNT;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait as _, QueryFilter as _, TransactionTrait as _,
};
use uuid::Uuid;

use crate::auth::{recovery_code, totp};
use crate::crypto::{SecretCipher, totp_secret_context};
use crate::db::entities::{recovery_codes, two_factor_secrets, users};
use crate::services::rate_limit::{self, Key, policy};
use crate::services::{ServiceError, accounts, audit, instance};

/// The user's two-factor state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Since when it is on.
    pub enabled_at: Option<DateTime<Utc>>,
    /// Unused recovery codes.
    pub recovery_codes_left: u64,
    /// Whether the administrator requires it.
    pub required: bool,
}

/// The two-factor state of `user`.
///
/// # Errors
/// Database errors.
pub async fn status(
    conn: &impl ConnectionTrait,
    user: &users::Model,
) -> Result<Status, ServiceError> {
    Ok(Status {
        enabled_at: user.two_factor_enabled_at,
        recovery_codes_left: unused_codes(conn, user.id).await?,
        required: instance::require_two_factor(conn).await?,
    })
}

/// Whether `user` must set up two-factor authentication before anything else: the
/// administrator requires it and the user has none.
///
/// # Errors
/// Database errors.
pub async fn enrolment_required(
    conn: &impl ConnectionTrait,
    user: &users::Model,
) -> Result<bool, sea_orm::DbErr> {
    Ok(user.two_factor_enabled_at.is_none() && instance::require_two_factor(conn).await?)
}

/// How many unused recovery codes `user_id` has.
///
/// # Errors
/// Database errors.
pub async fn unused_codes(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .count(conn)
        .await
}

/// Starts an enrolment of `user`, who confirms with their `password`: a new secret, stored
/// encrypted and waiting for its first code (an earlier unconfirmed one is replaced). Returns
/// the secret, for the app.
///
/// # Errors
/// 409 when two-factor authentication is on already; 422 `password` when wrong; 429; database
/// and encryption errors.
pub async fn start_enrolment(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user: &users::Model,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ServiceError> {
    if user.two_factor_enabled_at.is_some() {
        return Err(ServiceError::conflict(
            "Two-factor authentication is on already: turn it off first to move it to another app.",
        ));
    }
    accounts::confirm_password(db, user, password, "password", now).await?;
    let mut secret = vec![0_u8; totp::SECRET_BYTES];
    getrandom::fill(&mut secret).map_err(|error| {
        ServiceError::Internal(anyhow::anyhow!("no randomness for a secret: {error}"))
    })?;
    let (ciphertext, nonce) = cipher
        .encrypt(&secret, &totp_secret_context(user.id))
        .map_err(|error| ServiceError::internal("encrypting a TOTP secret", error))?;
    let row = two_factor_secrets::ActiveModel {
        user_id: Set(user.id),
        secret_ciphertext: Set(ciphertext),
        secret_nonce: Set(nonce),
        last_used_step: Set(None),
        created_at: Set(now),
    };
    two_factor_secrets::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(two_factor_secrets::Column::UserId)
                .update_columns([
                    two_factor_secrets::Column::SecretCiphertext,
                    two_factor_secrets::Column::SecretNonce,
                    two_factor_secrets::Column::LastUsedStep,
                    two_factor_secrets::Column::CreatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(secret)
}

/// Confirms the enrolment of `user` with the first `code` of the new secret: turns two-factor
/// authentication on, hands out new recovery codes (returned, never stored in clear) and
/// records `two_factor.enable`.
///
/// # Errors
/// 409 when it is on already or no enrolment was started; 422 `code` when the code is wrong;
/// 429; database and encryption errors.
pub async fn confirm_enrolment(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user: &users::Model,
    code: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    if user.two_factor_enabled_at.is_some() {
        return Err(ServiceError::conflict(
            "Two-factor authentication is on already.",
        ));
    }
    let Some(row) = two_factor_secrets::Entity::find_by_id(user.id)
        .one(db)
        .await?
    else {
        return Err(ServiceError::conflict(
            "There is no set-up to confirm: start it again with your password.",
        ));
    };
    let Some(secret) = decrypt(cipher, &row) else {
        return Err(ServiceError::conflict(
            "The set-up can no longer be read: start it again with your password.",
        ));
    };
    let key = limit_key(user.id);
    let ticket = rate_limit::acquire(db, std::slice::from_ref(&key), now).await?;
    let Some(step) = totp::matching_step(&secret, code, now.timestamp()) else {
        return Err(ServiceError::invalid(
            "code",
            "is not the current code of your app: check the app's clock and try the new code",
        ));
    };
    rate_limit::release(db, ticket).await?;
    rate_limit::clear(db, &key).await?;
    let user_id = user.id;
    let codes = db
        .transaction::<_, Vec<String>, ServiceError>(|txn| {
            Box::pin(async move {
                let enabled = users::Entity::update_many()
                    .col_expr(users::Column::TwoFactorEnabledAt, Expr::value(now))
                    .filter(users::Column::Id.eq(user_id))
                    .filter(users::Column::TwoFactorEnabledAt.is_null())
                    .exec(txn)
                    .await?;
                if enabled.rows_affected != 1 {
                    return Err(ServiceError::conflict(
                        "Two-factor authentication is on already.",
                    ));
                }
                two_factor_secrets::Entity::update_many()
                    .col_expr(two_factor_secrets::Column::LastUsedStep, Expr::value(step))
                    .filter(two_factor_secrets::Column::UserId.eq(user_id))
                    .exec(txn)
                    .await?;
                let codes = replace_recovery_codes(txn, user_id, now).await?;
                audit::record(
                    txn,
                    own_event(audit::action::TWO_FACTOR_ENABLE, user_id, ip),
                    now,
                )
                .await?;
                Ok(codes)
            })
        })
        .await?;
    tracing::info!(user.id = %user.id, "two-factor authentication on");
    Ok(codes)
}

/// What a code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The app's code, for a step not used before (now used).
    Totp,
    /// An unused recovery code (now used).
    RecoveryCode,
    /// The app's code of a step used already, or a used recovery code.
    Replayed,
    /// Not a code of this user.
    Wrong,
}

impl CodeCheck {
    /// Whether the code was accepted.
    #[must_use]
    pub const fn accepted(self) -> bool {
        matches!(self, Self::Totp | Self::RecoveryCode)
    }

    /// The name in the audit log.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
            Self::Replayed => "replayed_code",
            Self::Wrong => "wrong_code",
        }
    }
}

/// Checks `code` of `user_id` (with two-factor on) under the user's limit of wrong codes: an
/// accepted code is used up and clears the count; a wrong or replayed one stays counted.
///
/// # Errors
/// 429 once the limit is reached (even for a right code); database and encryption errors.
pub async fn check_code(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<CodeCheck, ServiceError> {
    let key = limit_key(user_id);
    let ticket = rate_limit::acquire(db, std::slice::from_ref(&key), now).await?;
    let checked = match use_code(db, cipher, user_id, code, now).await {
        Ok(checked) => checked,
        Err(error) => {
            rate_limit::release(db, ticket).await?;
            return Err(error);
        }
    };
    if checked.accepted() {
        rate_limit::release(db, ticket).await?;
        rate_limit::clear(db, &key).await?;
    }
    Ok(checked)
}

/// Checks and uses up a code, without the limit.
async fn use_code(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<CodeCheck, ServiceError> {
    if totp::looks_like_code(code) {
        let Some(row) = two_factor_secrets::Entity::find_by_id(user_id)
            .one(conn)
            .await?
        else {
            return Ok(CodeCheck::Wrong);
        };
        // A secret that no longer decrypts (the encryption key was changed) matches no code;
        // the recovery codes still work, and an administrator can reset the user's two-factor.
        let Some(secret) = decrypt(cipher, &row) else {
            return Ok(CodeCheck::Wrong);
        };
        let Some(step) = totp::matching_step(&secret, code, now.timestamp()) else {
            return Ok(CodeCheck::Wrong);
        };
        // Conditional: of two requests with the same code, one wins.
        let used = two_factor_secrets::Entity::update_many()
            .col_expr(two_factor_secrets::Column::LastUsedStep, Expr::value(step))
            .filter(two_factor_secrets::Column::UserId.eq(user_id))
            .filter(
                Condition::any()
                    .add(two_factor_secrets::Column::LastUsedStep.is_null())
                    .add(two_factor_secrets::Column::LastUsedStep.lt(step)),
            )
            .exec(conn)
            .await?;
        return Ok(if used.rows_affected == 1 {
            CodeCheck::Totp
        } else {
            CodeCheck::Replayed
        });
    }
    let Some(normalized) = recovery_code::normalize(code) else {
        return Ok(CodeCheck::Wrong);
    };
    let hash = recovery_code::hash(user_id, &normalized);
    let used = recovery_codes::Entity::update_many()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(now))
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::CodeHash.eq(hash.as_str()))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if used.rows_affected > 0 {
        return Ok(CodeCheck::RecoveryCode);
    }
    let known = recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::CodeHash.eq(hash))
        .count(conn)
        .await?;
    Ok(if known > 0 {
        CodeCheck::Replayed
    } else {
        CodeCheck::Wrong
    })
}

/// Checks the password and a code of `user` before a change of their two-factor settings.
async fn confirm_owner(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user: &users::Model,
    password: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if user.two_factor_enabled_at.is_none() {
        return Err(ServiceError::conflict(
            "Two-factor authentication is not on.",
        ));
    }
    accounts::confirm_password(db, user, password, "password", now).await?;
    if !check_code(db, cipher, user.id, code, now).await?.accepted() {
        return Err(ServiceError::invalid(
            "code",
            "is wrong or was used already: enter the app's current code or an unused recovery code",
        ));
    }
    Ok(())
}

/// New recovery codes for `user`, who confirms with the password and a code; the earlier ones
/// stop working. Records `two_factor.recovery_codes`.
///
/// # Errors
/// 409 when two-factor authentication is off; 422 `password` or `code`; 429; database errors.
pub async fn renew_recovery_codes(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user: &users::Model,
    password: &str,
    code: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    confirm_owner(db, cipher, user, password, code, now).await?;
    let user_id = user.id;
    let codes = db
        .transaction::<_, Vec<String>, ServiceError>(|txn| {
            Box::pin(async move {
                let codes = replace_recovery_codes(txn, user_id, now).await?;
                let event = own_event(audit::action::TWO_FACTOR_RECOVERY_CODES, user_id, ip);
                audit::record(txn, event, now).await?;
                Ok(codes)
            })
        })
        .await?;
    Ok(codes)
}

/// Turns two-factor authentication of `user` off, who confirms with the password and a code.
/// Records `two_factor.disable`.
///
/// # Errors
/// 409 when it is off, or when the administrator requires it; 422 `password` or `code`; 429;
/// database errors.
pub async fn disable(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    user: &users::Model,
    password: &str,
    code: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if user.two_factor_enabled_at.is_some() && instance::require_two_factor(db).await? {
        return Err(ServiceError::conflict(
            "The administrator requires two-factor authentication: it cannot be turned off.",
        ));
    }
    confirm_owner(db, cipher, user, password, code, now).await?;
    let event = own_event(audit::action::TWO_FACTOR_DISABLE, user.id, ip);
    remove(db, user.id, event, now).await?;
    tracing::info!(user.id = %user.id, "two-factor authentication off");
    Ok(())
}

/// An administrator's reset of the two-factor authentication of `target_id` (who lost the
/// app and the recovery codes): it is off, the secret and codes are gone. Records
/// `two_factor.reset`. The user's sessions go on.
///
/// # Errors
/// 404 for an unknown user; 409 when two-factor authentication of the user is off; database
/// errors.
pub async fn reset(
    db: &DatabaseConnection,
    admin_id: Uuid,
    target_id: Uuid,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(target) = users::Entity::find_by_id(target_id).one(db).await? else {
        return Err(ServiceError::NotFound("No such user.".to_owned()));
    };
    if target.two_factor_enabled_at.is_none() {
        return Err(ServiceError::conflict(
            "This user does not have two-factor authentication.",
        ));
    }
    let event = audit::Event {
        action: audit::action::TWO_FACTOR_RESET,
        actor_user_id: Some(admin_id),
        target_user_id: Some(target_id),
        ip,
        ..audit::Event::default()
    };
    remove(db, target_id, event, now).await?;
    tracing::info!(user.id = %target_id, "two-factor authentication reset by an administrator");
    Ok(())
}

/// Removes the two-factor state of `user_id` and records `event`, in one transaction.
async fn remove(
    db: &DatabaseConnection,
    user_id: Uuid,
    event: audit::Event,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    db.transaction::<_, (), ServiceError>(|txn| {
        Box::pin(async move {
            users::Entity::update_many()
                .col_expr(
                    users::Column::TwoFactorEnabledAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(users::Column::Id.eq(user_id))
                .exec(txn)
                .await?;
            two_factor_secrets::Entity::delete_by_id(user_id)
                .exec(txn)
                .await?;
            recovery_codes::Entity::delete_many()
                .filter(recovery_codes::Column::UserId.eq(user_id))
                .exec(txn)
                .await?;
            audit::record(txn, event, now).await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// Replaces the recovery codes of `user_id` with [`RECOVERY_CODE_COUNT`] new ones; returns
/// them in clear (only their hashes are stored).
async fn replace_recovery_codes(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
    let mut rows = Vec::with_capacity(RECOVERY_CODE_COUNT);
    for _ in 0..RECOVERY_CODE_COUNT {
        let code = recovery_code::generate().map_err(|error| {
            ServiceError::Internal(anyhow::anyhow!(
                "no randomness for a recovery code: {error}"
            ))
        })?;
        let normalized = recovery_code::normalize(&code).ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!("a recovery code of the wrong shape"))
        })?;
        rows.push(recovery_codes::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(user_id),
            code_hash: Set(recovery_code::hash(user_id, &normalized)),
            used_at: Set(None),
            created_at: Set(now),
        });
        codes.push(code);
    }
    recovery_codes::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(codes)
}

/// The secret of `row`; `None` (logged) when it does not decrypt with this server's key.
fn decrypt(cipher: &SecretCipher, row: &two_factor_secrets::Model) -> Option<Vec<u8>> {
    let secret = cipher.decrypt(
        &row.secret_ciphertext,
        &row.secret_nonce,
        &totp_secret_context(row.user_id),
    );
    if secret.is_err() {
        tracing::warn!(
            user.id = %row.user_id,
            "a TOTP secret does not decrypt (was RESUME_EDITOR_ENCRYPTION_KEY changed?)"
        );
    }
    secret.ok()
}

fn limit_key(user_id: Uuid) -> Key {
    Key::new(&policy::SECOND_FACTOR, &user_id.to_string())
}

/// An event the user caused on their own account.
fn own_event(action: &'static str, user_id: Uuid, ip: Option<String>) -> audit::Event {
    audit::Event {
        action,
        actor_user_id: Some(user_id),
        target_user_id: Some(user_id),
        ip,
        ..audit::Event::default()
    }
}
