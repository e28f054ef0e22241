//! Share links: public, read-only links to one resume (`/s/{token}`). The owner makes, lists
//! and revokes them; visitors open them without an account.
//!
//! Owner functions take the owner: a link of another user's resume, or of a resume in the
//! trash, is simply not found. Writes commit with their audit entry (`share.create`,
//! `share.update`, `share.revoke`) in one transaction.
//!
//! The visitor side ([`find_live`], [`check_password`], [`record_view`]) never says why a
//! link does not answer: an unknown token, a revoked or expired link, a resume in the trash
//! and an owner whose account is deactivated all come back as `None`. The token is 256 random
//! bits, stored as it is: the resume it opens lives in the same database, so a hash would
//! protect nothing a reader of the database could not read directly, and the owner can copy
//! the link again from the list.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use resume_shared::api::shares::{
    CreateShareRequest, MAX_SHARES_PER_RESUME, ShareMode, UpdateShareRequest,
};
use resume_shared::api::{ErrorCode, Patch};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection,
    EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
    TransactionTrait as _,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::password;
use crate::db::entities::{resume_shares, resumes, users};
use crate::services::applications::Author;
use crate::services::rate_limit::{self, Key, LimitError, policy};
use crate::services::resumes::owned;
use crate::services::{ServiceError, audit};

/// Random bytes of a token: 256 bits, 43 URL-safe base64 characters.
pub const TOKEN_BYTES: usize = 32;
/// Characters of a token.
pub const TOKEN_CHARS: usize = 43;

/// Whether `token` is shaped like a token this server hands out (43 URL-safe base64
/// characters), so anything else is turned away before reaching the database.
#[must_use]
pub fn is_token_shaped(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn new_token() -> Result<String, ServiceError> {
    let mut bytes = [0_u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        ServiceError::Internal(anyhow::anyhow!("no randomness for a share token: {error}"))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether a link answers at `now` (its resume and owner are checked separately).
#[must_use]
pub fn is_live(share: &resume_shares::Model, now: DateTime<Utc>) -> bool {
    share.revoked_at.is_none() && share.expires_at.is_none_or(|at| at > now)
}

/// The expiry of a new link: an RFC 3339 timestamp after `now`.
fn expiry(text: Option<&str>, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let Some(text) = text else { return Ok(None) };
    let at = DateTime::parse_from_rfc3339(text.trim())
        .map_err(|_| {
            ServiceError::invalid(
                "expires_at",
                "must be an RFC 3339 timestamp (e.g. 2027-01-31T12:00:00Z)",
            )
        })?
        .with_timezone(&Utc);
    if at <= now {
        return Err(ServiceError::invalid("expires_at", "must be in the future"));
    }
    Ok(Some(at))
}

/// Creates a link to the owner's resume (not in the trash) and audits it. A `snapshot` link
/// keeps the resume's text of now; a password is stored as an argon2 hash.
///
/// # Errors
/// 422 for an expiry that is not a future RFC 3339 timestamp; not found; 409
/// `quota_exceeded` past [`MAX_SHARES_PER_RESUME`] links; 503 when hashing is saturated;
/// database errors.
pub async fn create(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    input: CreateShareRequest,
    now: DateTime<Utc>,
) -> Result<resume_shares::Model, ServiceError> {
    let expires_at = expiry(input.expires_at.as_deref(), now)?;
    let resume = owned(db, author.user_id, resume_id).await?;
    let count = resume_shares::Entity::find()
        .filter(resume_shares::Column::ResumeId.eq(resume_id))
        .count(db)
        .await?;
    if count >= MAX_SHARES_PER_RESUME {
        return Err(ServiceError::Conflict {
            code: ErrorCode::QuotaExceeded,
            message: format!(
                "A resume can have at most {MAX_SHARES_PER_RESUME} share links, revoked ones \
                 included."
            ),
        });
    }
    let password_hash = match input.password {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };
    let row = resume_shares::Model {
        id: Uuid::new_v4(),
        resume_id,
        token: new_token()?,
        mode: input.mode.as_str().to_owned(),
        template: input.template.as_str().to_owned(),
        content: (input.mode == ShareMode::Snapshot).then_some(resume.content),
        expires_at,
        password_hash,
        indexable: input.indexable,
        view_count: 0,
        last_viewed_at: None,
        created_at: now,
        revoked_at: None,
    };
    let txn = db.begin().await?;
    resume_shares::Entity::insert(resume_shares::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    let details = json!({
        "resume_id": resume_id,
        "share_id": row.id,
        "mode": row.mode,
        "template": row.template,
        "expires": row.expires_at.is_some(),
        "password": row.password_hash.is_some(),
        "indexable": row.indexable,
    });
    author
        .record(&txn, audit::action::SHARE_CREATE, details, now)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// Every link of the owner's resume (not in the trash), the newest first.
///
/// # Errors
/// Not found; database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
) -> Result<Vec<resume_shares::Model>, ServiceError> {
    owned(conn, owner, resume_id).await?;
    Ok(resume_shares::Entity::find()
        .filter(resume_shares::Column::ResumeId.eq(resume_id))
        .order_by_desc(resume_shares::Column::CreatedAt)
        .order_by_desc(resume_shares::Column::Id)
        .all(conn)
        .await?)
}

/// A link of the owner's resume (not in the trash), revoked or not.
async fn owned_share(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
    share_id: Uuid,
) -> Result<resume_shares::Model, ServiceError> {
    owned(conn, owner, resume_id).await?;
    resume_shares::Entity::find_by_id(share_id)
        .filter(resume_shares::Column::ResumeId.eq(resume_id))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("no such share link".into()))
}

/// Changes the expiry, the password or `indexable` of a link of the owner's resume, and
/// audits which of them changed (never their values). A changed password (or none) ends
/// every grant visitors hold, since grants are bound to the password hash.
///
/// # Errors
/// 422 for an expiry that is not a future RFC 3339 timestamp; not found; 409 `conflict` for
/// a revoked link; 503 when hashing is saturated; database errors.
pub async fn update(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    share_id: Uuid,
    input: UpdateShareRequest,
    now: DateTime<Utc>,
) -> Result<resume_shares::Model, ServiceError> {
    let expires_at = match &input.expires_at {
        Patch::Unchanged => None,
        Patch::Clear => Some(None),
        Patch::Set(text) => Some(expiry(Some(text), now)?),
    };
    let share = owned_share(db, author.user_id, resume_id, share_id).await?;
    if share.revoked_at.is_some() {
        return Err(ServiceError::conflict(
            "This share link is revoked; make a new one instead.",
        ));
    }
    let password_hash = match input.password {
        Patch::Unchanged => None,
        Patch::Clear => Some(None),
        Patch::Set(password) => Some(Some(password::hash(password).await?)),
    };
    let mut changed: Vec<&str> = Vec::new();
    let mut active: resume_shares::ActiveModel = share.into();
    if let Some(expires_at) = expires_at {
        active.expires_at = Set(expires_at);
        changed.push("expires_at");
    }
    if let Some(password_hash) = password_hash {
        active.password_hash = Set(password_hash);
        changed.push("password");
    }
    if let Some(indexable) = input.indexable {
        active.indexable = Set(indexable);
        changed.push("indexable");
    }
    let txn = db.begin().await?;
    let row = active.update(&txn).await?;
    if !changed.is_empty() {
        let details = json!({ "resume_id": resume_id, "share_id": share_id, "changed": changed });
        author
            .record(&txn, audit::action::SHARE_UPDATE, details, now)
            .await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// Revokes a link of the owner's resume: it never answers again. Revoking a revoked link
/// changes nothing and records nothing.
///
/// # Errors
/// Not found (no such resume of the owner, in the trash, or no such link of it); database
/// errors.
pub async fn revoke(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    share_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let share = owned_share(db, author.user_id, resume_id, share_id).await?;
    if share.revoked_at.is_some() {
        return Ok(());
    }
    let txn = db.begin().await?;
    resume_shares::Entity::update_many()
        .col_expr(resume_shares::Column::RevokedAt, Expr::value(now))
        .filter(resume_shares::Column::Id.eq(share_id))
        .filter(resume_shares::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let details = json!({ "resume_id": resume_id, "share_id": share_id });
    author
        .record(&txn, audit::action::SHARE_REVOKE, details, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A link that answers, with the text it shows.
#[derive(Debug, Clone)]
pub struct Live {
    /// The link.
    pub share: resume_shares::Model,
    /// The resume text it shows: the snapshot, or the resume's current text.
    pub content: String,
    /// The export options the owner saved for the resume (its PDF takes their design).
    pub export_preferences: Option<serde_json::Value>,
}

/// The link of `token` if it answers at `now`: not revoked, not expired, its resume not in
/// the trash and its owner's account active. `None` in every other case, whatever the reason.
///
/// # Errors
/// Database errors.
pub async fn find_live(
    conn: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Live>, sea_orm::DbErr> {
    if !is_token_shaped(token) {
        return Ok(None);
    }
    let Some(share) = resume_shares::Entity::find()
        .filter(resume_shares::Column::Token.eq(token))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if !is_live(&share, now) {
        return Ok(None);
    }
    let Some(resume) = resumes::Entity::find_by_id(share.resume_id)
        .filter(resumes::Column::DeletedAt.is_null())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let owner_active = users::Entity::find_by_id(resume.owner_id)
        .one(conn)
        .await?
        .is_some_and(|owner| owner.active);
    if !owner_active {
        return Ok(None);
    }
    let content = match (ShareMode::from_name(&share.mode), &share.content) {
        (Some(ShareMode::Snapshot), Some(snapshot)) => snapshot.clone(),
        _ => resume.content,
    };
    Ok(Some(Live {
        share,
        content,
        export_preferences: resume.export_preferences,
    }))
}

/// Counts one view of the link's page.
///
/// # Errors
/// Database errors.
pub async fn record_view(
    conn: &impl ConnectionTrait,
    share_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    resume_shares::Entity::update_many()
        .col_expr(
            resume_shares::Column::ViewCount,
            Expr::col(resume_shares::Column::ViewCount).add(1),
        )
        .col_expr(resume_shares::Column::LastViewedAt, Expr::value(Some(now)))
        .filter(resume_shares::Column::Id.eq(share_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Checks a visitor's password for a protected link, from the client at `ip`. Wrong
/// passwords are limited per link and client network ([`policy::SHARE_PASSWORD`]): the
/// attempt is counted before the hash is checked; the right password gives it back and clears
/// the count. A link without a password accepts anything.
///
/// # Errors
/// 401 for a wrong password; 429 with the wait; 503 when hashing is saturated; database
/// errors.
pub async fn check_password(
    db: &DatabaseConnection,
    share: &resume_shares::Model,
    password: String,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(hash) = share.password_hash.clone() else {
        return Ok(());
    };
    let network = rate_limit::address_subject(ip);
    let key = Key::new(&policy::SHARE_PASSWORD, &format!("{}@{network}", share.id));
    let ticket = match rate_limit::acquire(db, std::slice::from_ref(&key), now).await {
        Ok(ticket) => ticket,
        Err(LimitError::Limited(limited)) => {
            return Err(ServiceError::RateLimited {
                retry_after_secs: limited.retry_after_secs,
            });
        }
        Err(LimitError::Db(error)) => return Err(error.into()),
    };
    let verified = if password.len() <= password::MAX_PASSWORD_BYTES {
        password::verify(password, hash).await
    } else {
        Ok(false)
    };
    match verified {
        Ok(true) => {
            rate_limit::release(db, ticket).await?;
            rate_limit::clear(db, &key).await?;
            Ok(())
        }
        Ok(false) => Err(ServiceError::Unauthorized),
        Err(error) => {
            rate_limit::release(db, ticket).await?;
            Err(error.into())
        }
    }
}
