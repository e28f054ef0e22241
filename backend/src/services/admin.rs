//! What administrators do to other accounts and to the instance: create, change (deactivate,
//! reset the password), grant and remove roles, start an impersonation, and open or close
//! self-registration. Each use case validates, writes, ends the sessions that must end and
//! records its audit entry together; deletion is [`users::delete`].
//!
//! The caller has already checked that the actor is an administrator (the extractor does);
//! the rules that depend on data — the last active administrator, no impersonating oneself or
//! another administrator — are checked here and in [`users`].

use chrono::{DateTime, Utc};
use resume_shared::api::{CreateUserRequest, ErrorCode, UpdateUserRequest};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait as _};
use serde_json::json;
use uuid::Uuid;

use crate::auth::password;
use crate::db::entities::users as user_rows;
use crate::services::accounts::AccountForm;
use crate::services::sessions::StopReason;
use crate::services::users::{self, ListedUser, Role, UserChanges, UserWithRoles};
use crate::services::{FieldErrors, ServiceError, api_tokens, audit, instance, sessions};

/// A user with the number of resumes they own, as the administration pages show them.
///
/// # Errors
/// Database errors.
pub async fn listed(
    conn: &impl ConnectionTrait,
    user: UserWithRoles,
) -> Result<ListedUser, ServiceError> {
    let counts = users::resume_counts(conn, &[user.user.id]).await?;
    let resume_count = counts.get(&user.user.id).copied().unwrap_or(0);
    Ok(ListedUser { user, resume_count })
}

/// One user, as the administration pages show them.
///
/// # Errors
/// 404; database errors.
pub async fn get_user(db: &DatabaseConnection, id: Uuid) -> Result<ListedUser, ServiceError> {
    let user = users::get(db, id).await?;
    listed(db, user).await
}

/// Creates a user for administrator `admin_id` (roles default to `user`), optionally forced
/// to change the password at first login, and records `user.create`.
///
/// # Errors
/// 422 naming the bad fields (an unknown role first); 409 for a taken username or email; 503
/// when hashing is saturated; database errors.
pub async fn create_user(
    db: &DatabaseConnection,
    admin_id: Uuid,
    request: CreateUserRequest,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ListedUser, ServiceError> {
    let roles = match &request.roles {
        None => vec![Role::User],
        Some(names) => names
            .iter()
            .map(|name| Role::parse(name))
            .collect::<Option<Vec<Role>>>()
            .ok_or_else(|| {
                ServiceError::invalid("roles", "each role must be \"user\" or \"admin\"")
            })?,
    };
    let form = AccountForm {
        username: request.username,
        email: request.email,
        password: request.password,
    };
    let new = form
        .check()?
        .hash(roles, request.force_password_change)
        .await?;
    let user = db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let user = users::create(txn, new, now).await?;
                audit::record(
                    txn,
                    by_admin(
                        audit::action::USER_CREATE,
                        admin_id,
                        Some(user.user.id),
                        ip,
                        json!({ "username": user.user.username, "roles": user.roles }),
                    ),
                    now,
                )
                .await?;
                Ok(user)
            })
        })
        .await?;
    listed(db, user).await
}

/// The checked fields of an update: the changes to apply, and the names of the fields it
/// changes (for the audit entry).
async fn checked_changes(
    target: &UserWithRoles,
    request: UpdateUserRequest,
) -> Result<(UserChanges, Vec<&'static str>), ServiceError> {
    let mut fields = FieldErrors::new();
    let email = match request.email.as_deref().map(users::validate_email) {
        Some(Ok(email)) => Some(email),
        Some(Err(problem)) => {
            fields.insert("email".to_owned(), problem);
            None
        }
        None => None,
    };
    if let Some(new_password) = &request.password
        && let Err(problems) =
            password::check_rules("password", &target.user.username, new_password)
    {
        fields.extend(problems);
    }
    if let Some(attributes) = &request.attributes
        && let Err(problem) = users::check_attributes(attributes)
    {
        fields.insert("attributes".to_owned(), problem);
    }
    if !fields.is_empty() {
        return Err(ServiceError::Validation(fields));
    }
    let password_hash = match request.password {
        Some(new_password) => Some(password::hash(new_password).await?),
        None => None,
    };
    let changed: Vec<&'static str> = [
        ("email", email.is_some()),
        ("active", request.active.is_some()),
        (
            "force_password_change",
            request.force_password_change.is_some(),
        ),
        ("attributes", request.attributes.is_some()),
        ("password", password_hash.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect();
    let changes = UserChanges {
        email,
        active: request.active,
        attributes: request.attributes,
        force_password_change: request.force_password_change,
        password_hash,
    };
    Ok((changes, changed))
}

/// Changes user `id` for administrator `admin_id`: email, active, forced password change,
/// attributes, password. Deactivation and a new password end the user's sessions and personal
/// access tokens, in the transaction that records `user.update`.
///
/// # Errors
/// 404; 422 naming the bad fields; 409 for a taken email or the last active administrator;
/// 503 when hashing is saturated; database errors.
pub async fn update_user(
    db: &DatabaseConnection,
    admin_id: Uuid,
    id: Uuid,
    request: UpdateUserRequest,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ListedUser, ServiceError> {
    let target = users::get(db, id).await?;
    let (changes, changed) = checked_changes(&target, request).await?;
    let user = db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let (user, outcome) = users::update(txn, id, changes, now).await?;
                let (ended, tokens_revoked) = if outcome.end_sessions {
                    (
                        sessions::revoke_all_for_user(txn, id, None, now).await?,
                        api_tokens::revoke_all_for_user(txn, id, now).await?,
                    )
                } else {
                    (0, 0)
                };
                audit::record(
                    txn,
                    by_admin(
                        audit::action::USER_UPDATE,
                        admin_id,
                        Some(id),
                        ip,
                        json!({
                            "fields": changed,
                            "sessions_ended": ended,
                            "api_tokens_revoked": tokens_revoked,
                        }),
                    ),
                    now,
                )
                .await?;
                Ok(user)
            })
        })
        .await?;
    listed(db, user).await
}

/// A role named in a path, or 404.
fn parse_role(name: &str) -> Result<Role, ServiceError> {
    Role::parse(name).ok_or_else(|| ServiceError::NotFound(format!("No role named {name:?}.")))
}

/// Grants the role named `role` to user `id` (granting a held role changes nothing) and
/// records `role.add`.
///
/// # Errors
/// 404 for an unknown user or role; database errors.
pub async fn grant_role(
    db: &DatabaseConnection,
    admin_id: Uuid,
    id: Uuid,
    role: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ListedUser, ServiceError> {
    change_role(db, admin_id, id, parse_role(role)?, true, ip, now).await
}

/// Removes the role named `role` from user `id` (removing one not held changes nothing) and
/// records `role.remove`. A former administrator's impersonations end.
///
/// # Errors
/// 404 for an unknown user or role; 409 `last_admin`; database errors.
pub async fn revoke_role(
    db: &DatabaseConnection,
    admin_id: Uuid,
    id: Uuid,
    role: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ListedUser, ServiceError> {
    change_role(db, admin_id, id, parse_role(role)?, false, ip, now).await
}

async fn change_role(
    db: &DatabaseConnection,
    admin_id: Uuid,
    id: Uuid,
    role: Role,
    add: bool,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ListedUser, ServiceError> {
    let user = db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let user = if add {
                    users::add_role(txn, id, role, now).await?
                } else {
                    users::remove_role(txn, id, role, now).await?
                };
                // A former administrator keeps no impersonation going (each one ended is
                // recorded as `impersonation.stop`).
                if !add && role == Role::Admin {
                    sessions::end_impersonations_by(txn, id, StopReason::Demoted, now).await?;
                }
                audit::record(
                    txn,
                    by_admin(
                        if add {
                            audit::action::ROLE_ADD
                        } else {
                            audit::action::ROLE_REMOVE
                        },
                        admin_id,
                        Some(id),
                        ip,
                        json!({ "role": role.as_str() }),
                    ),
                    now,
                )
                .await?;
                Ok(user)
            })
        })
        .await?;
    listed(db, user).await
}

/// Lets administrator `admin` act as user `id` for `minutes` and records
/// `impersonation.start`; returns the user, whose session the caller then starts.
/// Administrators cannot be impersonated, nor can oneself or a deactivated user.
///
/// # Errors
/// 404; 409 for oneself or a deactivated user; 403 for an administrator; database errors.
pub async fn impersonate(
    db: &DatabaseConnection,
    admin: &user_rows::Model,
    id: Uuid,
    minutes: u32,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    let target = users::get(db, id).await?;
    if target.user.id == admin.id {
        return Err(ServiceError::conflict("You cannot impersonate yourself."));
    }
    if target.has_role(Role::Admin) {
        return Err(ServiceError::Forbidden {
            code: ErrorCode::Forbidden,
            message: "Administrators cannot be impersonated.".to_owned(),
        });
    }
    if !target.user.active {
        return Err(ServiceError::conflict("The user is deactivated."));
    }
    audit::record(
        db,
        audit::Event {
            impersonator_user_id: Some(admin.id),
            ..by_admin(
                audit::action::IMPERSONATION_START,
                admin.id,
                Some(target.user.id),
                ip,
                json!({
                    "username": target.user.username,
                    "minutes": minutes,
                }),
            )
        },
        now,
    )
    .await?;
    Ok(target)
}

/// A change of the instance settings.
#[derive(Debug, Clone, Copy)]
pub struct InstanceChange {
    /// Whether self-registration is open.
    pub registration_open: bool,
    /// Whether every user must use a second factor; `None` leaves it as it is.
    pub require_two_factor: Option<bool>,
}

/// Applies `change` for administrator `admin` and records `instance.update` with the new
/// values. Returns whether two-factor authentication is now required.
///
/// # Errors
/// 409 when the administrator turns the two-factor requirement on without having two-factor
/// authentication themself (the requirement would lock them out of this screen); database
/// errors.
pub async fn update_instance(
    db: &DatabaseConnection,
    admin: &user_rows::Model,
    change: InstanceChange,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    if change.require_two_factor == Some(true) && admin.two_factor_enabled_at.is_none() {
        return Err(ServiceError::conflict(
            "Turn on two-factor authentication for your own account first: the requirement applies to administrators too.",
        ));
    }
    let admin_id = admin.id;
    let required = db
        .transaction::<_, bool, ServiceError>(|txn| {
            Box::pin(async move {
                instance::set_registration_open(txn, change.registration_open, now).await?;
                if let Some(required) = change.require_two_factor {
                    instance::set_require_two_factor(txn, required, now).await?;
                }
                let required = instance::require_two_factor(txn).await?;
                audit::record(
                    txn,
                    by_admin(
                        audit::action::INSTANCE_UPDATE,
                        admin_id,
                        None,
                        ip,
                        json!({
                            "registration_open": change.registration_open,
                            "require_two_factor": required,
                        }),
                    ),
                    now,
                )
                .await?;
                Ok(required)
            })
        })
        .await?;
    Ok(required)
}

/// What administrator `admin_id` did (to user `target`, if it concerns one) as an audit event.
fn by_admin(
    action: &'static str,
    admin_id: Uuid,
    target: Option<Uuid>,
    ip: Option<String>,
    details: serde_json::Value,
) -> audit::Event {
    audit::Event {
        action,
        actor_user_id: Some(admin_id),
        target_user_id: target,
        ip,
        details,
        ..audit::Event::default()
    }
}
