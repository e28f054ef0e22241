//! The audit log: security-relevant events (logins, password changes, account and role
//! changes, impersonation and every write made while impersonating), newest first.
//!
//! Its size is bounded whatever clients send: every string of an event's details is cut to
//! [`MAX_DETAIL_BYTES`] and arrays to [`MAX_DETAIL_ITEMS`] items, the address to its column's 64
//! bytes ([`record`]); an event that repeats (a client refused by a rate limit again and again)
//! is one row with a count per key and window ([`record_repeated`]); and entries older than the
//! configured retention are deleted ([`purge`], run by the maintenance task). Login names are
//! never recorded as typed (see `crate::auth::fingerprint`).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait as _, ConnectionTrait, EntityTrait, PaginatorTrait as _, QueryFilter as _,
    QueryOrder as _,
};
use serde_json::Value;
use uuid::Uuid;

use crate::db::entities::audit_log;
use crate::services::Page;

/// Action names used in the log.
pub mod action {
    /// A successful login.
    pub const LOGIN_SUCCESS: &str = "login.success";
    /// A failed login (wrong password, unknown or inactive user).
    pub const LOGIN_FAILURE: &str = "login.failure";
    /// A login refused by the rate limit.
    pub const LOGIN_RATE_LIMITED: &str = "login.rate_limited";
    /// A logout.
    pub const LOGOUT: &str = "logout";
    /// The first administrator was created.
    pub const SETUP: &str = "setup";
    /// A user registered themself.
    pub const REGISTER: &str = "user.register";
    /// A user changed their password.
    pub const PASSWORD_CHANGE: &str = "password.change";
    /// An administrator (or `create-admin`) created a user.
    pub const USER_CREATE: &str = "user.create";
    /// An administrator changed a user.
    pub const USER_UPDATE: &str = "user.update";
    /// An administrator deleted a user.
    pub const USER_DELETE: &str = "user.delete";
    /// A role was granted.
    pub const ROLE_ADD: &str = "role.add";
    /// A role was removed.
    pub const ROLE_REMOVE: &str = "role.remove";
    /// An impersonation session started.
    pub const IMPERSONATION_START: &str = "impersonation.start";
    /// An impersonation session ended.
    pub const IMPERSONATION_STOP: &str = "impersonation.stop";
    /// A state-changing request made in an impersonation session.
    pub const IMPERSONATION_WRITE: &str = "impersonation.write";
    /// The instance settings changed.
    pub const INSTANCE_UPDATE: &str = "instance.update";
    /// A user changed their settings.
    pub const SETTINGS_UPDATE: &str = "settings.update";
    /// A user created a personal access token.
    pub const API_TOKEN_CREATE: &str = "api_token.create";
    /// A personal access token was revoked (by its user or an administrator).
    pub const API_TOKEN_REVOKE: &str = "api_token.revoke";
    /// A personal access token was used from an address other than its last one.
    pub const API_TOKEN_NEW_ADDRESS: &str = "api_token.new_address";
    /// A user started tracking an application for one of their resumes.
    pub const APPLICATION_CREATE: &str = "application.create";
    /// An application's status changed.
    pub const APPLICATION_STATUS: &str = "application.status";
    /// An application was deleted.
    pub const APPLICATION_DELETE: &str = "application.delete";
    /// A user made a public share link to one of their resumes.
    pub const SHARE_CREATE: &str = "share.create";
    /// A share link's expiry, password or indexing changed.
    pub const SHARE_UPDATE: &str = "share.update";
    /// A share link was revoked.
    pub const SHARE_REVOKE: &str = "share.revoke";
    /// The second step of a login was refused (`details.reason`: `wrong_code`,
    /// `replayed_code`, `expired_challenge`).
    pub const LOGIN_SECOND_FACTOR_FAILURE: &str = "login.second_factor_failure";
    /// A user turned two-factor authentication on.
    pub const TWO_FACTOR_ENABLE: &str = "two_factor.enable";
    /// A user turned two-factor authentication off.
    pub const TWO_FACTOR_DISABLE: &str = "two_factor.disable";
    /// A user replaced their recovery codes.
    pub const TWO_FACTOR_RECOVERY_CODES: &str = "two_factor.recovery_codes";
    /// A recovery code was used to sign in (`details.left`: how many remain).
    pub const TWO_FACTOR_RECOVERY_CODE_USED: &str = "two_factor.recovery_code_used";
    /// An administrator reset a user's two-factor authentication.
    pub const TWO_FACTOR_RESET: &str = "two_factor.reset";
    /// A user ended one of their sessions from the session list.
    pub const SESSION_REVOKE: &str = "session.revoke";
}

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// The action name (see [`action`]).
    pub action: &'static str,
    /// Who acted.
    pub actor_user_id: Option<Uuid>,
    /// The administrator behind an impersonated action.
    pub impersonator_user_id: Option<Uuid>,
    /// Whom it concerned.
    pub target_user_id: Option<Uuid>,
    /// Client address.
    pub ip: Option<String>,
    /// Details (never a secret).
    pub details: Value,
}

/// Longest string kept in an event's details, in bytes (longer ones are cut and end in `…`).
pub const MAX_DETAIL_BYTES: usize = 256;
/// Most items kept of an array in an event's details.
pub const MAX_DETAIL_ITEMS: usize = 50;
/// Longest client address kept, in bytes (the column's width).
const MAX_IP_BYTES: usize = 64;
/// Longest grouping key of a repeated event, in bytes (the column's width).
const MAX_REPEAT_KEY_BYTES: usize = 255;

/// Cuts `value` to at most `max_bytes`, on a character boundary, marking a cut with `…`.
fn truncate(value: &str, max_bytes: usize) -> String {
    const MARK: &str = "…";
    if value.len() <= max_bytes {
        return value.to_owned();
    }
    let mut end = max_bytes.saturating_sub(MARK.len());
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{MARK}", &value[..end])
}

/// `details` with every string (keys included) and array bounded.
fn bound_details(details: Value) -> Value {
    match details {
        Value::String(text) => Value::String(truncate(&text, MAX_DETAIL_BYTES)),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .take(MAX_DETAIL_ITEMS)
                .map(bound_details)
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .take(MAX_DETAIL_ITEMS)
                .map(|(key, value)| (truncate(&key, MAX_DETAIL_BYTES), bound_details(value)))
                .collect(),
        ),
        other => other,
    }
}

/// Records an event (its strings bounded, see the module documentation).
///
/// # Errors
/// Database errors.
pub async fn record(
    conn: &impl ConnectionTrait,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    insert(conn, event, None, now).await
}

async fn insert(
    conn: &impl ConnectionTrait,
    event: Event,
    repeat_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        created_at: Set(now),
        actor_user_id: Set(event.actor_user_id),
        impersonator_user_id: Set(event.impersonator_user_id),
        action: Set(event.action.to_owned()),
        target_user_id: Set(event.target_user_id),
        ip: Set(event.ip.map(|ip| truncate(&ip, MAX_IP_BYTES))),
        details: Set(if event.details.is_null() {
            Value::Object(serde_json::Map::new())
        } else {
            bound_details(event.details)
        }),
        repeat_key: Set(repeat_key),
        occurrences: Set(1),
        last_occurred_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records an event that may repeat many times: when an entry of the same action and
/// `repeat_key` started less than `window` ago, that entry's count goes up (and its last
/// occurrence moves to `now`) instead of a new row being written.
///
/// # Errors
/// Database errors.
pub async fn record_repeated(
    conn: &impl ConnectionTrait,
    event: Event,
    repeat_key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    // Scoped: its blanket methods (`is_null`, …) would shadow others elsewhere in the module.
    use sea_orm::sea_query::ExprTrait as _;
    let repeat_key = truncate(repeat_key, MAX_REPEAT_KEY_BYTES);
    let updated = audit_log::Entity::update_many()
        .col_expr(
            audit_log::Column::Occurrences,
            Expr::col(audit_log::Column::Occurrences).add(1),
        )
        .col_expr(audit_log::Column::LastOccurredAt, Expr::value(Some(now)))
        .filter(audit_log::Column::Action.eq(event.action))
        .filter(audit_log::Column::RepeatKey.eq(repeat_key.as_str()))
        .filter(audit_log::Column::CreatedAt.gt(now - window))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        insert(conn, event, Some(repeat_key), now).await?;
    }
    Ok(())
}

/// Deletes the entries older than `cutoff`; returns how many.
///
/// # Errors
/// Database errors.
pub async fn purge(
    conn: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let result = audit_log::Entity::delete_many()
        .filter(audit_log::Column::CreatedAt.lt(cutoff))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Optional filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this action.
    pub action: Option<String>,
    /// Only events by this user.
    pub actor_user_id: Option<Uuid>,
    /// Only events concerning this user.
    pub target_user_id: Option<Uuid>,
}

/// A page of entries, newest first, and the total.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: Filter,
    page: Page,
) -> Result<(Vec<audit_log::Model>, u64), sea_orm::DbErr> {
    let mut query = audit_log::Entity::find();
    if let Some(action) = filter.action {
        query = query.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(actor) = filter.actor_user_id {
        query = query.filter(audit_log::Column::ActorUserId.eq(actor));
    }
    if let Some(target) = filter.target_user_id {
        query = query.filter(audit_log::Column::TargetUserId.eq(target));
    }
    let paginator = query
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .paginate(conn, page.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page.page - 1).await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_string_and_array_of_the_details_is_bounded() {
        let long = "A".repeat(2_000_000);
        let mut details = json!({
            "username": long,
            "nested": { "path": "é".repeat(1000) },
            "fields": (0..500).collect::<Vec<_>>(),
            "status": 204,
        });
        details[&long] = json!("a long key too");
        let bounded = bound_details(details);
        let text = bounded.to_string();
        assert!(text.len() < 2_000, "{} bytes", text.len());
        let username = bounded["username"].as_str().unwrap();
        assert!(username.len() <= MAX_DETAIL_BYTES && username.ends_with('…'));
        let path = bounded["nested"]["path"].as_str().unwrap();
        assert!(path.len() <= MAX_DETAIL_BYTES && path.starts_with("éé"));
        assert_eq!(
            bounded["fields"].as_array().unwrap().len(),
            MAX_DETAIL_ITEMS
        );
        assert_eq!(bounded["status"], 204);
        assert_eq!(
            bound_details(json!({ "gone": null })),
            json!({ "gone": null })
        );
        assert_eq!(
            bound_details(json!({ "short": "kept" })),
            json!({ "short": "kept" })
        );
    }

    #[test]
    fn truncation_keeps_short_text_and_cuts_on_a_character_boundary() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcdef", 5), "ab…");
        let cut = truncate(&"ü".repeat(100), 64);
        assert!(cut.len() <= 64 && cut.ends_with('…'));
    }
}
