//! Personal access tokens: creation (the secret is returned once and only its SHA-256 is
//! kept), the live tokens of a user, revocation, and the lookup that authenticates a request.
//!
//! A token works while it is not revoked, not expired and its user is active. Use is recorded
//! on the row: `last_used_at` at most once per [`TOUCH_INTERVAL_SECS`], and the address every
//! time it differs from the last one, which is also audited (`api_token.new_address`), so a
//! token leaking to another machine shows in the audit log. Password changes revoke the user's
//! tokens unless the user asks to keep them; deactivation and a password reset by an
//! administrator always do.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use resume_shared::api::ErrorCode;
use resume_shared::api::tokens::{CreateApiTokenRequest, TOKEN_PREFIX, TokenScope};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    EntityTrait, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::db::entities::{api_tokens, users};
use crate::services::{ServiceError, audit};

/// Random bytes of a token's secret (43 base64url characters after the prefix).
const SECRET_BYTES: usize = 32;
/// Characters of the token kept as its hint: the prefix and four more.
const HINT_CHARS: usize = TOKEN_PREFIX.len() + 4;
/// `last_used_at` is rewritten at most this often (a new address is always written).
pub const TOUCH_INTERVAL_SECS: i64 = 60;
/// How many live tokens one user may hold.
pub const MAX_TOKENS_PER_USER: u64 = 50;

/// A new token: its secret (for the caller, once) and its row.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    /// `re_pat_` and 43 base64url characters.
    pub secret: String,
    /// The stored row.
    pub token: api_tokens::Model,
}

/// A token that authenticated a request, with its user and the user's role names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenWithUser {
    /// The token row.
    pub token: api_tokens::Model,
    /// Its user.
    pub user: users::Model,
    /// The user's role names, sorted.
    pub roles: Vec<String>,
}

impl TokenWithUser {
    /// The token's scope (a row with an unknown scope, which no code writes, reads only).
    #[must_use]
    pub fn scope(&self) -> TokenScope {
        TokenScope::from_name(&self.token.scope).unwrap_or(TokenScope::Read)
    }
}

/// Whether `bearer` is shaped like a personal access token (rather than a session token).
#[must_use]
pub fn is_token(bearer: &str) -> bool {
    bearer.starts_with(TOKEN_PREFIX)
}

/// The stored form of a secret: hex SHA-256.
#[must_use]
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn new_secret() -> Result<String, ServiceError> {
    let mut bytes = [0_u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        ServiceError::Internal(anyhow::anyhow!("no randomness for a token: {error}"))
    })?;
    Ok(format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// Whether a token row can be used at `now` (its user's state is checked separately).
#[must_use]
pub fn is_live(token: &api_tokens::Model, now: DateTime<Utc>) -> bool {
    token.revoked_at.is_none() && token.expires_at.is_none_or(|at| at > now)
}

/// Creates a token for `user_id` and audits it (`api_token.create`).
///
/// # Errors
/// 409 `quota_exceeded` when the user already holds [`MAX_TOKENS_PER_USER`] live tokens;
/// database errors.
pub async fn create(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    request: &CreateApiTokenRequest,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<CreatedToken, ServiceError> {
    let live = live_tokens(user_id, now).count(conn).await?;
    if live >= MAX_TOKENS_PER_USER {
        return Err(ServiceError::Conflict {
            code: ErrorCode::QuotaExceeded,
            message: format!(
                "You already have {MAX_TOKENS_PER_USER} API tokens, the most one account may hold: revoke one first."
            ),
        });
    }
    let secret = new_secret()?;
    let token = api_tokens::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        name: Set(request.name.trim().to_owned()),
        scope: Set(request.scope.as_str().to_owned()),
        token_hash: Set(hash(&secret)),
        hint: Set(secret.chars().take(HINT_CHARS).collect()),
        created_at: Set(now),
        expires_at: Set(request
            .expires_in_days
            .map(|days| now + Duration::days(i64::from(days)))),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        revoked_at: Set(None),
    }
    .insert(conn)
    .await?;
    audit::record(
        conn,
        audit::Event {
            action: audit::action::API_TOKEN_CREATE,
            actor_user_id: Some(user_id),
            target_user_id: Some(user_id),
            ip,
            details: json!({
                "token_id": token.id.to_string(),
                "name": token.name,
                "scope": token.scope,
                "expires_at": token.expires_at.map(crate::db::convert::timestamp),
            }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    Ok(CreatedToken { secret, token })
}

fn live_tokens(user_id: Uuid, now: DateTime<Utc>) -> sea_orm::Select<api_tokens::Entity> {
    api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(api_tokens::Column::ExpiresAt.is_null())
                .add(api_tokens::Column::ExpiresAt.gt(now)),
        )
}

/// The user's live tokens, newest first.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<api_tokens::Model>, sea_orm::DbErr> {
    live_tokens(user_id, now)
        .order_by_desc(api_tokens::Column::CreatedAt)
        .order_by_desc(api_tokens::Column::Id)
        .all(conn)
        .await
}

/// Who revokes a token.
#[derive(Debug, Clone)]
pub struct Revoker {
    /// The acting user (the owner, or an administrator).
    pub actor_user_id: Uuid,
    /// Client address.
    pub ip: Option<String>,
}

/// Revokes one live token of `user_id` and audits it (`api_token.revoke`).
///
/// # Errors
/// 404 when the user has no such live token (another user's token is "no such token" too);
/// database errors.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    token_id: Uuid,
    by: Revoker,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let token = live_tokens(user_id, now)
        .filter(api_tokens::Column::Id.eq(token_id))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("No such API token.".to_owned()))?;
    let result = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
        .filter(api_tokens::Column::Id.eq(token.id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Err(ServiceError::NotFound("No such API token.".to_owned()));
    }
    audit::record(
        conn,
        audit::Event {
            action: audit::action::API_TOKEN_REVOKE,
            actor_user_id: Some(by.actor_user_id),
            target_user_id: Some(user_id),
            ip: by.ip,
            details: json!({
                "token_id": token.id.to_string(),
                "name": token.name,
                "by_administrator": by.actor_user_id != user_id,
            }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    Ok(())
}

/// Revokes every live token of a user (password change, password reset, deactivation).
/// Returns how many were revoked.
///
/// # Errors
/// Database errors.
pub async fn revoke_all_for_user(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let result = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The token whose secret is `secret`, with its user and roles, whatever its state (the caller
/// checks revocation, expiry and the user).
///
/// # Errors
/// Database errors.
pub async fn find_by_secret(
    conn: &impl ConnectionTrait,
    secret: &str,
) -> Result<Option<TokenWithUser>, sea_orm::DbErr> {
    find_one(conn, api_tokens::Column::TokenHash.eq(hash(secret))).await
}

/// The token with this id, with its user and roles, whatever its state.
///
/// # Errors
/// Database errors.
pub async fn find_with_user(
    conn: &impl ConnectionTrait,
    token_id: Uuid,
) -> Result<Option<TokenWithUser>, sea_orm::DbErr> {
    find_one(conn, api_tokens::Column::Id.eq(token_id)).await
}

async fn find_one(
    conn: &impl ConnectionTrait,
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<Option<TokenWithUser>, sea_orm::DbErr> {
    let found = api_tokens::Entity::find()
        .filter(condition)
        .find_also_related(users::Entity)
        .one(conn)
        .await?;
    let Some((token, Some(user))) = found else {
        return Ok(None);
    };
    let roles = crate::services::users::roles_of(conn, user.id).await?;
    Ok(Some(TokenWithUser { token, user, roles }))
}

/// Records a use of the token: `last_used_at` (at most once per [`TOUCH_INTERVAL_SECS`]) and
/// the address; an address other than the last one is written at once and audited.
///
/// # Errors
/// Database errors.
pub async fn record_use(
    conn: &impl ConnectionTrait,
    token: &api_tokens::Model,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let new_address = ip.is_some() && ip != token.last_used_ip.as_deref();
    let stale = token
        .last_used_at
        .is_none_or(|at| now - at >= Duration::seconds(TOUCH_INTERVAL_SECS));
    if !new_address && !stale {
        return Ok(());
    }
    let mut update = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
        .filter(api_tokens::Column::Id.eq(token.id));
    if new_address {
        update = update.col_expr(api_tokens::Column::LastUsedIp, Expr::value(ip));
    }
    update.exec(conn).await?;
    if new_address {
        audit::record(
            conn,
            audit::Event {
                action: audit::action::API_TOKEN_NEW_ADDRESS,
                actor_user_id: Some(token.user_id),
                target_user_id: Some(token.user_id),
                ip: ip.map(str::to_owned),
                details: json!({
                    "token_id": token.id.to_string(),
                    "name": token.name,
                    "previous_ip": token.last_used_ip,
                }),
                ..audit::Event::default()
            },
            now,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_random_and_hashed() {
        let one = new_secret().unwrap();
        let two = new_secret().unwrap();
        assert!(is_token(&one));
        assert_eq!(one.len(), TOKEN_PREFIX.len() + 43);
        assert_ne!(one, two);
        assert_eq!(hash(&one).len(), 64);
        assert_ne!(hash(&one), hash(&two));
        assert!(!is_token("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    }

    #[test]
    fn a_token_lives_until_revoked_or_expired() {
        let now = Utc::now();
        let token = api_tokens::Model {
            id: Uuid::new_v4(),
            user_id: Uuid::new_v4(),
            name: "ci".to_owned(),
            scope: "read".to_owned(),
            token_hash: String::new(),
            hint: String::new(),
            created_at: now,
            expires_at: None,
            last_used_at: None,
            last_used_ip: None,
            revoked_at: None,
        };
        assert!(is_live(&token, now));
        let expired = api_tokens::Model {
            expires_at: Some(now),
            ..token.clone()
        };
        assert!(!is_live(&expired, now));
        let revoked = api_tokens::Model {
            revoked_at: Some(now),
            ..token
        };
        assert!(!is_live(&revoked, now));
    }
}
