//! Users and audit entries as the API answers them: rows and service results to the wire types
//! of `resume_shared::api` (above the services, which know nothing of the wire).

use resume_shared::api::{AdminUserResponse, AuditEntryResponse, UserRef, UserResponse};

use crate::db::convert::timestamp;
use crate::db::entities::{audit_log, users};
use crate::services::users::{ListedUser, UserWithRoles, attributes, force_password_change};

/// The signed-in user, with the impersonating administrator if any.
#[must_use]
pub fn user_response(user: &UserWithRoles, impersonator: Option<&users::Model>) -> UserResponse {
    UserResponse {
        id: user.user.id.to_string(),
        username: user.user.username.clone(),
        email: user.user.email.clone(),
        roles: user.roles.clone(),
        active: user.user.active,
        force_password_change: force_password_change(&user.user),
        last_login_at: user.user.last_login_at.map(timestamp),
        impersonator: impersonator.map(|admin| UserRef {
            id: admin.id.to_string(),
            username: admin.username.clone(),
        }),
        two_factor_enabled: user.user.two_factor_enabled_at.is_some(),
        // Set by the answers that know the instance's rule (`GET /auth/me`).
        two_factor_enrolment_required: false,
    }
}

/// A user as administrators see it.
#[must_use]
pub fn admin_user_response(listed: &ListedUser) -> AdminUserResponse {
    let user = &listed.user.user;
    AdminUserResponse {
        id: user.id.to_string(),
        username: user.username.clone(),
        email: user.email.clone(),
        roles: listed.user.roles.clone(),
        active: user.active,
        force_password_change: force_password_change(user),
        two_factor_enabled: user.two_factor_enabled_at.is_some(),
        last_login_at: user.last_login_at.map(timestamp),
        resume_count: listed.resume_count,
        attributes: attributes(user),
        created_at: timestamp(user.created_at),
        updated_at: timestamp(user.updated_at),
    }
}

/// An audit entry.
#[must_use]
pub fn audit_entry(row: audit_log::Model) -> AuditEntryResponse {
    AuditEntryResponse {
        id: row.id,
        created_at: timestamp(row.created_at),
        actor_user_id: row.actor_user_id.map(|id| id.to_string()),
        impersonator_user_id: row.impersonator_user_id.map(|id| id.to_string()),
        action: row.action,
        target_user_id: row.target_user_id.map(|id| id.to_string()),
        ip: row.ip,
        details: row.details,
        count: u64::try_from(row.occurrences).unwrap_or(1).max(1),
        last_at: row.last_occurred_at.map(timestamp),
    }
}
