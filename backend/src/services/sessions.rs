//! Sessions in the database: creation, lookup with the user, the sliding idle timeout and
//! revocation. Nothing about sessions is held in memory, so any instance can serve any request.
//!
//! Sliding window: every authenticated request may extend `expires_at` to now + the idle
//! timeout, but the row is written at most once per [`TOUCH_INTERVAL_SECS`], so the hot path of
//! an active client is a single read. The price is that a session can end up to that interval
//! before a perfectly sliding one would. Impersonation sessions do not slide: they end at a
//! fixed time.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    EntityTrait, JoinType, QueryFilter as _, QuerySelect as _, RelationTrait as _,
};
use uuid::Uuid;

use crate::db::entities::{sessions, user_roles, users};

/// A session row is rewritten (to slide its expiry) at most this often.
pub const TOUCH_INTERVAL_SECS: i64 = 60;

/// How a new session is to behave.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Whom the session is for.
    pub user_id: Uuid,
    /// The administrator acting as the user, for an impersonation session.
    pub impersonator_user_id: Option<Uuid>,
    /// Idle timeout (sliding sessions) or fixed lifetime (impersonation), in minutes.
    pub minutes: u32,
    /// Client address.
    pub ip: Option<String>,
}

/// Creates a session.
///
/// # Errors
/// Database errors.
pub async fn create(
    conn: &impl ConnectionTrait,
    new: NewSession,
    now: DateTime<Utc>,
) -> Result<sessions::Model, sea_orm::DbErr> {
    sessions::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(new.user_id),
        impersonator_user_id: Set(new.impersonator_user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::minutes(i64::from(new.minutes))),
        revoked_at: Set(None),
        idle_timeout_minutes: Set(i32::try_from(new.minutes).unwrap_or(i32::MAX)),
        ip: Set(new.ip),
    }
    .insert(conn)
    .await
}

/// A session with its user and the user's role names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionWithUser {
    /// The session row.
    pub session: sessions::Model,
    /// The user row.
    pub user: users::Model,
    /// The user's role names, sorted.
    pub roles: Vec<String>,
}

/// The session, its user and the user's roles, in one query (this runs on every
/// authenticated request).
///
/// # Errors
/// Database errors.
pub async fn find_with_user(
    conn: &impl ConnectionTrait,
    session_id: Uuid,
) -> Result<Option<SessionWithUser>, sea_orm::DbErr> {
    let rows = sessions::Entity::find_by_id(session_id)
        .select_also(users::Entity)
        .join(JoinType::InnerJoin, sessions::Relation::Users2.def())
        .find_also(users::Entity, user_roles::Entity)
        .all(conn)
        .await?;
    let mut found: Option<SessionWithUser> = None;
    for (session, user, role) in rows {
        let Some(user) = user else { continue };
        let entry = found.get_or_insert_with(|| SessionWithUser {
            session,
            user,
            roles: Vec::new(),
        });
        if let Some(role) = role {
            entry.roles.push(role.role);
        }
    }
    if let Some(found) = &mut found {
        found.roles.sort();
    }
    Ok(found)
}

/// Whether the session can be used at `now`.
#[must_use]
pub fn is_live(session: &sessions::Model, now: DateTime<Utc>) -> bool {
    session.revoked_at.is_none() && session.expires_at > now
}

/// Slides the expiry of a live, non-impersonation session if it was last written more than
/// [`TOUCH_INTERVAL_SECS`] ago. Returns the (possibly new) expiry.
///
/// # Errors
/// Database errors.
pub async fn touch(
    conn: &impl ConnectionTrait,
    session: &sessions::Model,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, sea_orm::DbErr> {
    if session.impersonator_user_id.is_some()
        || now - session.last_seen_at < Duration::seconds(TOUCH_INTERVAL_SECS)
    {
        return Ok(session.expires_at);
    }
    let expires_at = now + Duration::minutes(i64::from(session.idle_timeout_minutes));
    sessions::Entity::update_many()
        .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
        .col_expr(sessions::Column::ExpiresAt, Expr::value(expires_at))
        .filter(sessions::Column::Id.eq(session.id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(expires_at)
}

/// Revokes one session.
///
/// # Errors
/// Database errors.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Revokes every session of a user — their own and those in which they impersonate someone —
/// except `keep`. Returns how many were revoked.
///
/// # Errors
/// Database errors.
pub async fn revoke_all_for_user(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let mut condition = Condition::all()
        .add(
            Condition::any()
                .add(sessions::Column::UserId.eq(user_id))
                .add(sessions::Column::ImpersonatorUserId.eq(user_id)),
        )
        .add(sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        condition = condition.add(sessions::Column::Id.ne(keep));
    }
    let result = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(condition)
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Applies a new idle timeout to the user's live, sliding sessions (from their next use on).
///
/// # Errors
/// Database errors.
pub async fn set_idle_timeout(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    minutes: u32,
) -> Result<(), sea_orm::DbErr> {
    sessions::Entity::update_many()
        .col_expr(
            sessions::Column::IdleTimeoutMinutes,
            Expr::value(i32::try_from(minutes).unwrap_or(i32::MAX)),
        )
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::ImpersonatorUserId.is_null())
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
