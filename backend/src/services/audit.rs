//! The audit log: security-relevant events (logins, password changes, account and role
//! changes, impersonation and every write made while impersonating), newest first.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait as _, ConnectionTrait, EntityTrait, PaginatorTrait as _, QueryFilter as _,
    QueryOrder as _,
};
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
    pub details: serde_json::Value,
}

/// Records an event.
///
/// # Errors
/// Database errors.
pub async fn record(
    conn: &impl ConnectionTrait,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let details = if event.details.is_null() {
        serde_json::json!({})
    } else {
        event.details
    };
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        created_at: Set(now),
        actor_user_id: Set(event.actor_user_id),
        impersonator_user_id: Set(event.impersonator_user_id),
        action: Set(event.action.to_owned()),
        target_user_id: Set(event.target_user_id),
        ip: Set(event.ip),
        details: Set(details),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
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
