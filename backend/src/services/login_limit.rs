//! The login rate limit, kept in the database (`login_attempts`) so that every instance sees
//! the same counts: at most [`PER_USERNAME`] failed logins per username and [`PER_ADDRESS`] per
//! client address within a sliding [`WINDOW_MINUTES`]-minute window. A success clears the
//! username's failures.
//!
//! The client address is the TCP peer: behind a reverse proxy every client shares the proxy's
//! address, so raise [`PER_ADDRESS`] or add trusted forwarding before deploying that way.
//! `X-Forwarded-For` is deliberately not trusted: any client could set it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait as _, ConnectionTrait, EntityTrait, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};

use crate::db::entities::login_attempts;
use crate::services::ServiceError;

/// Failed logins allowed per username in the window.
pub const PER_USERNAME: u64 = 5;
/// Failed logins allowed per client address in the window.
pub const PER_ADDRESS: u64 = 20;
/// The window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// Fails with 429 (and the seconds until the oldest counted failure leaves the window) when
/// either limit is reached.
///
/// # Errors
/// `RateLimited`; database errors.
pub async fn check(
    conn: &impl ConnectionTrait,
    username_key: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let by_username = retry_after(
        conn,
        login_attempts::Column::UsernameKey,
        username_key,
        PER_USERNAME,
        now,
    )
    .await?;
    let by_address = retry_after(conn, login_attempts::Column::Ip, ip, PER_ADDRESS, now).await?;
    match by_username.max(by_address) {
        Some(retry_after_secs) => Err(ServiceError::RateLimited { retry_after_secs }),
        None => Ok(()),
    }
}

async fn retry_after(
    conn: &impl ConnectionTrait,
    column: login_attempts::Column,
    value: &str,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Option<u64>, sea_orm::DbErr> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let recent = login_attempts::Entity::find()
        .filter(column.eq(value))
        .filter(login_attempts::Column::CreatedAt.gt(now - window))
        .order_by_desc(login_attempts::Column::CreatedAt)
        .limit(limit)
        .all(conn)
        .await?;
    if (recent.len() as u64) < limit {
        return Ok(None);
    }
    // The limit-th newest failure leaves the window first; then one attempt is allowed again.
    let oldest = recent.last().map_or(now, |row| row.created_at);
    let wait = (oldest + window - now).num_seconds();
    Ok(Some(u64::try_from(wait).unwrap_or(0).max(1)))
}

/// Records a failed login, and forgets failures older than a day.
///
/// # Errors
/// Database errors.
pub async fn record_failure(
    conn: &impl ConnectionTrait,
    username_key: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    login_attempts::Entity::insert(login_attempts::ActiveModel {
        id: NotSet,
        username_key: Set(truncate(username_key, 254)),
        ip: Set(truncate(ip, 64)),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::CreatedAt.lt(now - Duration::days(1)))
        .exec(conn)
        .await?;
    Ok(())
}

/// Forgets the failures of a username (after a successful login).
///
/// # Errors
/// Database errors.
pub async fn clear(conn: &impl ConnectionTrait, username_key: &str) -> Result<(), sea_orm::DbErr> {
    login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::UsernameKey.eq(username_key))
        .exec(conn)
        .await?;
    Ok(())
}

fn truncate(value: &str, max_bytes: usize) -> String {
    let mut end = value.len().min(max_bytes);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}
