//! Sessions in the database: creation, lookup with the user, the sliding idle timeout and
//! revocation. Nothing about sessions is held in memory, so any instance can serve any request.
//!
//! Sliding window: every authenticated request may extend `expires_at` to now + the idle
//! timeout, but the row is written at most once per [`TOUCH_INTERVAL_SECS`], so the hot path of
//! an active client is a single read. The price is that a session can end up to that interval
//! before a perfectly sliding one would. Impersonation sessions do not slide: they end at a
//! fixed time.
//!
//! Impersonation sessions name the administrator's own session they were started from
//! (`parent_session_id`). Every way an impersonation ends — stop, logout, expiry, the end of the
//! administrator's session, a demotion — records `impersonation.stop` exactly once: the row is
//! revoked with a conditional update, and only the update that revoked it writes the event.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    EntityTrait, JoinType, QueryFilter as _, QueryOrder as _, QuerySelect as _, RelationTrait as _,
};
use uuid::Uuid;

use resume_shared::api::sessions::SignInMethod;

use crate::db::entities::{sessions, user_roles, users};
use crate::services::{ServiceError, audit};

/// A session row is rewritten (to slide its expiry) at most this often.
pub const TOUCH_INTERVAL_SECS: i64 = 60;
/// Expired and revoked session rows are deleted this long after they ended (kept a while for
/// whoever investigates a recent incident).
pub const RETENTION_DAYS: i64 = 7;

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
    /// For an impersonation session: the administrator's own session it was started from.
    pub parent_session_id: Option<Uuid>,
    /// How the session began.
    pub method: SignInMethod,
    /// The client's user agent (cut to [`MAX_USER_AGENT_CHARS`], control characters dropped).
    pub user_agent: Option<String>,
}

/// The longest user agent kept, in characters.
pub const MAX_USER_AGENT_CHARS: usize = 255;

/// A user agent as a session keeps it: without control characters, at most
/// [`MAX_USER_AGENT_CHARS`], `None` when nothing is left.
#[must_use]
pub fn clean_user_agent(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_USER_AGENT_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
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
        parent_session_id: Set(new.parent_session_id),
        method: Set(new.method.as_str().to_owned()),
        user_agent: Set(new.user_agent.as_deref().and_then(clean_user_agent)),
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

/// Revokes one session, and ends the impersonations started from it. Returns whether this
/// call revoked it (false when it already was).
///
/// # Errors
/// Database errors.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let revoked = revoke_row(conn, session_id, now).await?;
    end_impersonations(
        conn,
        sessions::Column::ParentSessionId.eq(session_id),
        StopReason::AdminSessionEnded,
        now,
    )
    .await?;
    Ok(revoked)
}

/// Revokes a row unless it already is; true when this call did.
async fn revoke_row(
    conn: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let result = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Why an impersonation ended (`details.reason` of `impersonation.stop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// `POST /auth/impersonation/stop`.
    Stopped,
    /// Logout of the impersonation session.
    Logout,
    /// Its fixed lifetime ran out.
    Expired,
    /// The administrator's own session ended (logout, revocation).
    AdminSessionEnded,
    /// The administrator lost the `admin` role.
    Demoted,
    /// A password change or deactivation ended the sessions of the administrator or the user.
    SessionsEnded,
}

impl StopReason {
    /// The name in the audit log.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Stopped => "stopped",
            Self::Logout => "logout",
            Self::Expired => "expired",
            Self::AdminSessionEnded => "admin_session_ended",
            Self::Demoted => "demoted",
            Self::SessionsEnded => "sessions_ended",
        }
    }
}

/// Ends one impersonation session: revokes it and, if this call did, records
/// `impersonation.stop`. Returns whether this call ended it.
///
/// # Errors
/// Database errors.
pub async fn end_impersonation(
    conn: &impl ConnectionTrait,
    session: &sessions::Model,
    reason: StopReason,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(admin_id) = session.impersonator_user_id else {
        return Ok(false);
    };
    if !revoke_row(conn, session.id, now).await? {
        return Ok(false);
    }
    audit::record(
        conn,
        audit::Event {
            action: audit::action::IMPERSONATION_STOP,
            actor_user_id: Some(admin_id),
            impersonator_user_id: Some(admin_id),
            target_user_id: Some(session.user_id),
            ip,
            details: serde_json::json!({ "reason": reason.as_str(), "session_id": session.id }),
        },
        now,
    )
    .await?;
    Ok(true)
}

/// Ends the live (not revoked) impersonation sessions that match `filter`. Returns how many
/// this call ended.
async fn end_impersonations(
    conn: &impl ConnectionTrait,
    filter: impl sea_orm::sea_query::IntoCondition,
    reason: StopReason,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let rows = sessions::Entity::find()
        .filter(filter)
        .filter(sessions::Column::ImpersonatorUserId.is_not_null())
        .filter(sessions::Column::RevokedAt.is_null())
        .all(conn)
        .await?;
    let mut ended = 0;
    for row in rows {
        if end_impersonation(conn, &row, reason, None, now).await? {
            ended += 1;
        }
    }
    Ok(ended)
}

/// Ends every impersonation by `admin_id` (on demotion).
///
/// # Errors
/// Database errors.
pub async fn end_impersonations_by(
    conn: &impl ConnectionTrait,
    admin_id: Uuid,
    reason: StopReason,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    end_impersonations(
        conn,
        sessions::Column::ImpersonatorUserId.eq(admin_id),
        reason,
        now,
    )
    .await
}

/// Ends the impersonation sessions whose lifetime ran out and that nothing ended before,
/// recording `impersonation.stop` (reason `expired`) once for each, whichever instance finds
/// them first. Returns how many.
///
/// # Errors
/// Database errors.
pub async fn end_expired_impersonations(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    end_impersonations(
        conn,
        sessions::Column::ExpiresAt.lte(now),
        StopReason::Expired,
        now,
    )
    .await
}

/// Deletes the rows of sessions that ended more than [`RETENTION_DAYS`] ago: revoked then, or
/// expired then (impersonation sessions only once revoked, so that their end is recorded
/// first). Returns how many.
///
/// # Errors
/// Database errors.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let cutoff = now - Duration::days(RETENTION_DAYS);
    let result = sessions::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sessions::Column::RevokedAt.lt(cutoff))
                .add(
                    Condition::all()
                        .add(sessions::Column::ExpiresAt.lt(cutoff))
                        .add(sessions::Column::ImpersonatorUserId.is_null()),
                ),
        )
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Keeps at most `max` live sessions of the user's own (impersonations of them do not count):
/// the least recently used beyond that are revoked, `keep` (the one just made) never. Returns
/// how many were revoked.
///
/// # Errors
/// Database errors.
pub async fn enforce_limit(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Uuid,
    max: u64,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let live = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::ImpersonatorUserId.is_null())
        .filter(sessions::Column::RevokedAt.is_null())
        .filter(sessions::Column::ExpiresAt.gt(now))
        .filter(sessions::Column::Id.ne(keep))
        .order_by_desc(sessions::Column::LastSeenAt)
        .order_by_desc(sessions::Column::CreatedAt)
        .all(conn)
        .await?;
    // `keep` takes one of the places.
    let allowed = usize::try_from(max.saturating_sub(1)).unwrap_or(usize::MAX);
    let mut revoked = 0;
    for session in live.iter().skip(allowed) {
        if revoke(conn, session.id, now).await? {
            revoked += 1;
        }
    }
    Ok(revoked)
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
    let involved = Condition::any()
        .add(sessions::Column::UserId.eq(user_id))
        .add(sessions::Column::ImpersonatorUserId.eq(user_id));
    let mut impersonations = Condition::all().add(involved);
    if let Some(keep) = keep {
        impersonations = impersonations.add(sessions::Column::Id.ne(keep));
    }
    let ended = end_impersonations(conn, impersonations, StopReason::SessionsEnded, now).await?;
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
    Ok(result.rows_affected + ended)
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

/// The live sessions of the user's own (not the impersonations of them), the most recently
/// used first.
///
/// # Errors
/// Database errors.
pub async fn list_own(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<sessions::Model>, sea_orm::DbErr> {
    sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::ImpersonatorUserId.is_null())
        .filter(sessions::Column::RevokedAt.is_null())
        .filter(sessions::Column::ExpiresAt.gt(now))
        .order_by_desc(sessions::Column::LastSeenAt)
        .order_by_desc(sessions::Column::CreatedAt)
        .all(conn)
        .await
}

/// Ends the live session `session_id` of `user_id`'s own (and the impersonations started from
/// it) and records `session.revoke`.
///
/// # Errors
/// 404 when the user has no such live session (another user's is the same 404); database
/// errors.
pub async fn end_own(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    session_id: Uuid,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let owned = sessions::Entity::find_by_id(session_id)
        .one(conn)
        .await?
        .filter(|session| {
            session.user_id == user_id
                && session.impersonator_user_id.is_none()
                && is_live(session, now)
        });
    if owned.is_none() || !revoke(conn, session_id, now).await? {
        return Err(ServiceError::NotFound("No such session.".to_owned()));
    }
    audit::record(
        conn,
        audit::Event {
            action: audit::action::SESSION_REVOKE,
            actor_user_id: Some(user_id),
            target_user_id: Some(user_id),
            ip,
            details: serde_json::json!({ "session_id": session_id }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    Ok(())
}
