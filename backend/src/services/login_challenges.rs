//! The second step of a login: after the right password of an account with two-factor
//! authentication, a single-use challenge token (good for five minutes and for nothing but
//! this step) that a code of the user completes into a session.
//!
//! Only a hash of the token is stored. A challenge is used up by the first code that completes
//! it (a conditional update, so two requests cannot both complete it); a wrong or replayed code
//! leaves it open for another try within the user's limit of wrong codes. Every refusal is
//! recorded as `login.second_factor_failure` with its reason.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use resume_shared::api::ErrorCode;
use resume_shared::api::sessions::SignInMethod;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter as _,
};
use serde_json::json;
use uuid::Uuid;

use crate::crypto::SecretCipher;
use crate::db::entities::{sign_in_challenges, users};
use crate::services::two_factor::{self, CodeCheck};
use crate::services::users::UserWithRoles;
use crate::services::{ServiceError, api_tokens, audit, rate_limit, sign_in};

/// How long the second step may take.
pub const LIFETIME_MINUTES: i64 = 5;
/// Random bytes of a challenge token.
const TOKEN_BYTES: usize = 32;

/// The answer to an expired, used, unknown or foreign challenge.
pub const EXPIRED: &str =
    "This sign-in has expired or was completed already: sign in again with your password.";
/// The answer to a wrong or replayed code.
pub const WRONG_CODE: &str = "The code is wrong or was already used. Enter the current code of your authenticator app, or an unused recovery code.";

/// A started second step: the token to hand to the client, and when it ends.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// The token (only its hash is stored).
    pub token: String,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
}

/// Starts the second step of a login of `user_id`, whose password was right.
///
/// # Errors
/// Database errors; no randomness.
pub async fn start(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Challenge, ServiceError> {
    let mut bytes = [0_u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        ServiceError::Internal(anyhow::anyhow!("no randomness for a challenge: {error}"))
    })?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let expires_at = now + Duration::minutes(LIFETIME_MINUTES);
    sign_in_challenges::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(api_tokens::hash(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        consumed_at: Set(None),
        ip: Set(ip),
    }
    .insert(conn)
    .await?;
    Ok(Challenge { token, expires_at })
}

/// Completes the second step with `code`: the challenge must be open and its user active, and
/// the code right and unused. Uses up the challenge and the code and records `login.success`
/// with the method (and `two_factor.recovery_code_used` for a recovery code). Returns the user
/// and how they signed in.
///
/// # Errors
/// 401 `sign_in_expired` with [`EXPIRED`] or `invalid_code` with [`WRONG_CODE`] (audited); 429 past the user's limit of wrong codes;
/// database and encryption errors.
pub async fn complete(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    token: &str,
    code: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(UserWithRoles, SignInMethod), ServiceError> {
    let found = sign_in_challenges::Entity::find()
        .filter(sign_in_challenges::Column::TokenHash.eq(api_tokens::hash(token)))
        .find_also_related(users::Entity)
        .one(db)
        .await?;
    let open = found.filter(|(challenge, user)| {
        challenge.consumed_at.is_none()
            && challenge.expires_at > now
            && user.as_ref().is_some_and(|user| user.active)
    });
    let Some((challenge, Some(user))) = open else {
        // One row per network and quarter of an hour, however many tokens are tried.
        let network = rate_limit::address_subject(ip.as_deref());
        let event = failure_event(None, "expired_challenge", ip);
        let key = format!("second_factor.expired@{network}");
        audit::record_repeated(db, event, &key, Duration::minutes(15), now).await?;
        return Err(expired());
    };
    let checked = two_factor::check_code(db, cipher, user.id, code, now).await?;
    let method = match checked {
        CodeCheck::Totp => SignInMethod::Totp,
        CodeCheck::RecoveryCode => SignInMethod::RecoveryCode,
        CodeCheck::Replayed | CodeCheck::Wrong => {
            failure(db, Some(user.id), checked.as_str(), ip, now).await?;
            return Err(ServiceError::SecondFactorRejected {
                code: ErrorCode::InvalidCode,
                message: WRONG_CODE,
            });
        }
    };
    let used = sign_in_challenges::Entity::update_many()
        .col_expr(sign_in_challenges::Column::ConsumedAt, Expr::value(now))
        .filter(sign_in_challenges::Column::Id.eq(challenge.id))
        .filter(sign_in_challenges::Column::ConsumedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        failure(db, Some(user.id), "expired_challenge", ip, now).await?;
        return Err(expired());
    }
    if method == SignInMethod::RecoveryCode {
        let left = two_factor::unused_codes(db, user.id).await?;
        audit::record(
            db,
            audit::Event {
                action: audit::action::TWO_FACTOR_RECOVERY_CODE_USED,
                actor_user_id: Some(user.id),
                target_user_id: Some(user.id),
                ip: ip.clone(),
                details: json!({ "left": left }),
                ..audit::Event::default()
            },
            now,
        )
        .await?;
    }
    let user = sign_in::complete(db, user.id, method, ip, now).await?;
    Ok((user, method))
}

fn expired() -> ServiceError {
    ServiceError::SecondFactorRejected {
        code: ErrorCode::SignInExpired,
        message: EXPIRED,
    }
}

/// Records a refused second step of `user_id`'s login.
async fn failure(
    conn: &impl ConnectionTrait,
    user_id: Option<Uuid>,
    reason: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    audit::record(conn, failure_event(user_id, reason, ip), now).await?;
    Ok(())
}

fn failure_event(user_id: Option<Uuid>, reason: &str, ip: Option<String>) -> audit::Event {
    audit::Event {
        action: audit::action::LOGIN_SECOND_FACTOR_FAILURE,
        target_user_id: user_id,
        ip,
        details: json!({ "reason": reason }),
        ..audit::Event::default()
    }
}

/// Deletes challenges that ended more than a day ago (used or expired). Returns how many.
///
/// # Errors
/// Database errors.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let cutoff = now - Duration::days(1);
    let result = sign_in_challenges::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sign_in_challenges::Column::ExpiresAt.lt(cutoff))
                .add(sign_in_challenges::Column::ConsumedAt.lt(cutoff)),
        )
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
