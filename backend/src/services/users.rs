//! Accounts: creation (setup, registration, administrators, `create-admin`), lookup, listing,
//! updates, deletion and roles, with the rules that protect the instance: usernames and emails
//! unique ignoring case, the last active administrator cannot be demoted, deactivated or
//! deleted, and an administrator cannot delete themself.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use resume_shared::api::input::MAX_EMAIL_BYTES;
use resume_shared::api::{Attributes, ErrorCode};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, FromQueryResult, JoinType, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, RelationTrait as _, TransactionTrait as _,
};
use serde_json::json;
use uuid::Uuid;

use crate::db::DbResultExt as _;
use crate::db::entities::{resumes, user_roles, users};
use crate::services::FieldErrors;
use crate::services::{Page, ServiceError, audit, instance};

/// The attribute that forces a password change.
pub const FORCE_PASSWORD_CHANGE: &str = "force_password_change";

/// A role a user can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Writes their own resumes.
    User,
    /// Manages the instance.
    Admin,
}

impl Role {
    /// The role's name in the database and on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Admin => "admin",
        }
    }

    /// Parses a role name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "user" => Some(Self::User),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A user with their roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWithRoles {
    /// The row.
    pub user: users::Model,
    /// Role names, sorted.
    pub roles: Vec<String>,
}

impl UserWithRoles {
    /// Whether the user holds `role`.
    #[must_use]
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r == role.as_str())
    }
}

/// Whether the user must change their password before anything else.
#[must_use]
pub fn force_password_change(user: &users::Model) -> bool {
    user.attributes
        .get(FORCE_PASSWORD_CHANGE)
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// The attribute map of a user (an empty map if the stored value is not an object).
#[must_use]
pub fn attributes(user: &users::Model) -> Attributes {
    user.attributes.as_object().cloned().unwrap_or_default()
}

/// A validated new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Username as entered (already validated).
    pub username: String,
    /// Email, lower-cased (already validated).
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Roles to grant.
    pub roles: Vec<Role>,
    /// Whether to force a password change at first login.
    pub force_password_change: bool,
}

/// Checks a username and an email; returns the normalised email.
///
/// # Errors
/// The fields that break the rules.
pub fn validate_identity(username: &str, email: &str) -> Result<String, FieldErrors> {
    let mut fields = FieldErrors::new();
    if let Err(problem) = validate_username(username) {
        fields.insert("username".to_owned(), problem);
    }
    let email = match validate_email(email) {
        Ok(email) => email,
        Err(problem) => {
            fields.insert("email".to_owned(), problem);
            String::new()
        }
    };
    if fields.is_empty() {
        Ok(email)
    } else {
        Err(fields)
    }
}

fn validate_username(username: &str) -> Result<(), String> {
    let length = username.chars().count();
    if !(3..=64).contains(&length) {
        return Err("must be 3 to 64 characters".to_owned());
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("may contain only letters, digits, '.', '_' and '-'".to_owned());
    }
    Ok(())
}

/// Checks an email address (one `@`, something on both sides, a dot in the domain, no spaces
/// or control characters, at most 254 bytes) and lower-cases it.
///
/// # Errors
/// What is wrong.
pub fn validate_email(email: &str) -> Result<String, String> {
    let email = email.trim();
    // Control characters are not whitespace: a NUL would pass for an address (and SQLite
    // would store it) without this.
    let valid = email.len() <= MAX_EMAIL_BYTES
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email.to_lowercase())
    } else {
        Err("must be an email address".to_owned())
    }
}

/// Checks that an attribute map can be stored and read back on every database.
///
/// PostgreSQL's `jsonb` keeps a number's exact decimal and writes it back without an exponent,
/// so a float near the largest one (`1.7976931348623157e308`) returns as a 309-digit integer
/// that the JSON reader cannot read, and every later read of the user would fail. Such numbers
/// are refused on both databases alike.
///
/// # Errors
/// What is wrong.
pub fn check_attributes(attributes: &Attributes) -> Result<(), String> {
    fn reads_back(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) if number.is_f64() => {
                serde_json::from_str::<serde_json::Value>(&without_exponent(&number.to_string()))
                    .is_ok()
            }
            serde_json::Value::Array(items) => items.iter().all(reads_back),
            serde_json::Value::Object(fields) => fields.values().all(reads_back),
            _ => true,
        }
    }
    if attributes.values().all(reads_back) {
        Ok(())
    } else {
        Err("holds a number too large to store".to_owned())
    }
}

/// A JSON number written without a positive exponent, as PostgreSQL writes a `numeric`
/// (`1.5e3` → `1500`); other numbers are returned as they are.
fn without_exponent(number: &str) -> String {
    let Some((mantissa, exponent)) = number.split_once(['e', 'E']) else {
        return number.to_owned();
    };
    let Ok(exponent) = exponent.parse::<usize>() else {
        return number.to_owned();
    };
    let (sign, mantissa) = mantissa
        .strip_prefix('-')
        .map_or(("", mantissa), |rest| ("-", rest));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = format!("{whole}{fraction}");
    let point = whole.len() + exponent;
    if digits.len() < point {
        digits.push_str(&"0".repeat(point - digits.len()));
    } else if digits.len() > point {
        digits.insert(point, '.');
    }
    format!("{sign}{digits}")
}

/// Creates a user and their roles (inside the caller's transaction, if any).
///
/// # Errors
/// 409 `conflict` naming the taken username or email; database errors.
pub async fn create(
    conn: &impl ConnectionTrait,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    let username_key = new.username.to_lowercase();
    if users::Entity::find()
        .filter(users::Column::UsernameKey.eq(&username_key))
        .one(conn)
        .await?
        .is_some()
    {
        return Err(ServiceError::conflict("That username is taken."));
    }
    if users::Entity::find()
        .filter(users::Column::Email.eq(&new.email))
        .one(conn)
        .await?
        .is_some()
    {
        return Err(ServiceError::conflict(
            "That email address is already in use.",
        ));
    }
    let mut attributes = serde_json::Map::new();
    if new.force_password_change {
        attributes.insert(FORCE_PASSWORD_CHANGE.to_owned(), true.into());
    }
    let user = users::ActiveModel {
        id: Set(Uuid::new_v4()),
        username: Set(new.username),
        username_key: Set(username_key),
        email: Set(new.email),
        password_hash: Set(new.password_hash),
        active: Set(true),
        last_login_at: Set(None),
        attributes: Set(attributes.into()),
        created_at: Set(now),
        updated_at: Set(now),
        two_factor_enabled_at: Set(None),
    }
    .insert(conn)
    .await
    // The checks above give the precise message; the constraint settles concurrent inserts.
    .on_unique_violation(|| ServiceError::conflict("That username or email address is taken."))?;
    let mut roles = new.roles;
    roles.sort_by_key(|role| role.as_str());
    roles.dedup();
    for role in &roles {
        add_role_row(conn, user.id, *role, now).await?;
    }
    Ok(UserWithRoles {
        user,
        roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
    })
}

/// Creates the first administrator while the instance is not set up. The setup marker's
/// primary key makes exactly one of two concurrent calls succeed; the other gets 409
/// `already_set_up`. Run it inside a transaction.
///
/// # Errors
/// 409 `already_set_up`; the errors of [`create`].
pub async fn create_first_admin(
    conn: &impl ConnectionTrait,
    new: NewUser,
    registration_open: bool,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    // The insert comes first: on SQLite it takes the write lock before anything is read, so a
    // concurrent setup waits and then fails on the key instead of on a stale snapshot.
    instance::insert_setup_marker(conn, now)
        .await
        .on_unique_violation(|| ServiceError::Conflict {
            code: ErrorCode::AlreadySetUp,
            message: "This instance is already set up.".to_owned(),
        })?;
    instance::init_registration_open(conn, registration_open, now).await?;
    create(conn, new, now).await
}

/// Finds a user by id.
///
/// # Errors
/// Database errors.
pub async fn find(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find_by_id(id).one(conn).await
}

/// Finds a user by id, with roles, or 404.
///
/// # Errors
/// 404; database errors.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<UserWithRoles, ServiceError> {
    let user = find(conn, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("No such user.".to_owned()))?;
    let roles = roles_of(conn, user.id).await?;
    Ok(UserWithRoles { user, roles })
}

/// Finds the user a login names: by username (any case), or by email when it contains `@`.
///
/// # Errors
/// Database errors.
pub async fn find_for_login(
    conn: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<users::Model>, sea_orm::DbErr> {
    let key = login.trim().to_lowercase();
    let column = if key.contains('@') {
        users::Column::Email
    } else {
        users::Column::UsernameKey
    };
    users::Entity::find().filter(column.eq(key)).one(conn).await
}

/// The role names of one user, sorted.
///
/// # Errors
/// Database errors.
pub async fn roles_of(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let mut roles: Vec<String> = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.role)
        .collect();
    roles.sort();
    Ok(roles)
}

/// The role names of several users.
async fn roles_of_many(
    conn: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>, sea_orm::DbErr> {
    let mut map: HashMap<Uuid, Vec<String>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(map);
    }
    for row in user_roles::Entity::find()
        .filter(user_roles::Column::UserId.is_in(user_ids.iter().copied()))
        .all(conn)
        .await?
    {
        map.entry(row.user_id).or_default().push(row.role);
    }
    for roles in map.values_mut() {
        roles.sort();
    }
    Ok(map)
}

/// How many resumes each user owns (trash included: they still hold the data).
///
/// # Errors
/// Database errors.
pub async fn resume_counts(
    conn: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>, sea_orm::DbErr> {
    #[derive(FromQueryResult)]
    struct CountRow {
        owner_id: Uuid,
        count: i64,
    }
    let mut counts: HashMap<Uuid, u64> = user_ids.iter().map(|id| (*id, 0)).collect();
    if user_ids.is_empty() {
        return Ok(counts);
    }
    let rows = resumes::Entity::find()
        .select_only()
        .column(resumes::Column::OwnerId)
        .column_as(resumes::Column::Id.count(), "count")
        .filter(resumes::Column::OwnerId.is_in(user_ids.to_vec()))
        .group_by(resumes::Column::OwnerId)
        .into_model::<CountRow>()
        .all(conn)
        .await?;
    for row in rows {
        counts.insert(row.owner_id, u64::try_from(row.count).unwrap_or(0));
    }
    Ok(counts)
}

/// Usernames by id, for showing who did something (ids of deleted users are left out).
///
/// # Errors
/// Database errors.
pub async fn usernames(
    conn: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.username))
        .collect())
}

/// A user as the administration pages list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUser {
    /// The user and roles.
    pub user: UserWithRoles,
    /// Resumes owned.
    pub resume_count: u64,
}

/// A page of users ordered by username, and the total.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: Page,
) -> Result<(Vec<ListedUser>, u64), sea_orm::DbErr> {
    let paginator = users::Entity::find()
        .order_by_asc(users::Column::UsernameKey)
        .paginate(conn, page.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page.page - 1).await?;
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let mut roles = roles_of_many(conn, &ids).await?;
    let counts = resume_counts(conn, &ids).await?;
    let listed = rows
        .into_iter()
        .map(|user| ListedUser {
            resume_count: counts.get(&user.id).copied().unwrap_or(0),
            user: UserWithRoles {
                roles: roles.remove(&user.id).unwrap_or_default(),
                user,
            },
        })
        .collect();
    Ok((listed, total))
}

/// Number of active users holding the admin role.
///
/// # Errors
/// Database errors.
pub async fn count_active_admins(conn: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
    user_roles::Entity::find()
        .join(JoinType::InnerJoin, user_roles::Relation::Users.def())
        .filter(user_roles::Column::Role.eq(Role::Admin.as_str()))
        .filter(users::Column::Active.eq(true))
        .count(conn)
        .await
}

/// Fails with 409 `last_admin` when no active administrator is left (call after the change,
/// inside the transaction that made it, having taken [`instance::lock_admin_changes`]).
async fn ensure_an_active_admin_remains(
    conn: &impl ConnectionTrait,
    what: &str,
) -> Result<(), ServiceError> {
    if count_active_admins(conn).await? == 0 {
        return Err(ServiceError::Conflict {
            code: ErrorCode::LastAdmin,
            message: format!("{what}: this is the last active administrator."),
        });
    }
    Ok(())
}

async fn add_role_row(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    user_roles::Entity::insert(user_roles::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Grants a role (idempotent). Run inside a transaction.
///
/// # Errors
/// 404; database errors.
pub async fn add_role(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    let user = get(conn, user_id).await?;
    add_role_row(conn, user.user.id, role, now).await?;
    touch(conn, user_id, now).await?;
    get(conn, user_id).await
}

/// Removes a role (idempotent). Removing `admin` from the last active administrator answers
/// 409 `last_admin`. Run inside a transaction.
///
/// # Errors
/// 404, 409; database errors.
pub async fn remove_role(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
    now: DateTime<Utc>,
) -> Result<UserWithRoles, ServiceError> {
    if role == Role::Admin {
        instance::lock_admin_changes(conn, now).await?;
    }
    get(conn, user_id).await?;
    user_roles::Entity::delete_many()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.eq(role.as_str()))
        .exec(conn)
        .await?;
    if role == Role::Admin {
        ensure_an_active_admin_remains(conn, "Cannot remove the admin role").await?;
    }
    touch(conn, user_id, now).await?;
    get(conn, user_id).await
}

async fn touch(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// A change to a user by an administrator; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New email (already validated and lower-cased).
    pub email: Option<String>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// Replace the attribute map.
    pub attributes: Option<Attributes>,
    /// Set or clear the forced password change (wins over `attributes`).
    pub force_password_change: Option<bool>,
    /// A new password hash.
    pub password_hash: Option<String>,
}

/// What [`update`] did that the caller must follow up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateOutcome {
    /// The user was deactivated or got a new password: end their sessions.
    pub end_sessions: bool,
}

/// Applies changes. Deactivating the last active administrator answers 409 `last_admin`.
/// Run inside a transaction.
///
/// # Errors
/// 404, 409 (taken email, last admin); database errors.
pub async fn update(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    changes: UserChanges,
    now: DateTime<Utc>,
) -> Result<(UserWithRoles, UpdateOutcome), ServiceError> {
    let deactivating = changes.active == Some(false);
    if deactivating {
        instance::lock_admin_changes(conn, now).await?;
    }
    let current = get(conn, user_id).await?;
    if let Some(email) = &changes.email
        && *email != current.user.email
        && users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .one(conn)
            .await?
            .is_some()
    {
        return Err(ServiceError::conflict(
            "That email address is already in use.",
        ));
    }
    let was_active = current.user.active;
    let mut new_attributes = changes
        .attributes
        .unwrap_or_else(|| attributes(&current.user));
    match changes.force_password_change {
        Some(true) => {
            new_attributes.insert(FORCE_PASSWORD_CHANGE.to_owned(), true.into());
        }
        Some(false) => {
            new_attributes.remove(FORCE_PASSWORD_CHANGE);
        }
        None => {}
    }
    let new_password = changes.password_hash.is_some();
    let mut row: users::ActiveModel = current.user.into();
    if let Some(email) = changes.email {
        row.email = Set(email);
    }
    if let Some(active) = changes.active {
        row.active = Set(active);
    }
    if let Some(hash) = changes.password_hash {
        row.password_hash = Set(hash);
    }
    row.attributes = Set(new_attributes.into());
    row.updated_at = Set(now);
    row.update(conn)
        .await
        .on_unique_violation(|| ServiceError::conflict("That email address is already in use."))?;
    if deactivating && was_active {
        ensure_an_active_admin_remains(conn, "Cannot deactivate the user").await?;
    }
    Ok((
        get(conn, user_id).await?,
        UpdateOutcome {
            end_sessions: (deactivating && was_active) || new_password,
        },
    ))
}

/// Sets a user's own new password and clears the forced change.
///
/// # Errors
/// Database errors.
pub async fn set_password(
    conn: &impl ConnectionTrait,
    user: &users::Model,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let mut attributes = attributes(user);
    attributes.remove(FORCE_PASSWORD_CHANGE);
    let mut row: users::ActiveModel = user.clone().into();
    row.password_hash = Set(password_hash);
    row.attributes = Set(attributes.into());
    row.updated_at = Set(now);
    row.update(conn).await?;
    Ok(())
}

/// Records a successful login.
///
/// # Errors
/// Database errors.
pub async fn record_login(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Who asked for a user's deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletedBy {
    /// The user, deleting their own account.
    Themself,
    /// An administrator (never themself: they are refused).
    Administrator(Uuid),
}

/// Deletes a user and everything they own (sessions, roles, settings cascade; audit entries
/// keep the event with the reference set to NULL) and records `user.delete`, in one
/// transaction. An administrator cannot delete themself, and the last active administrator
/// cannot be deleted (whoever asks).
///
/// # Errors
/// 404, 409; database errors (nothing is deleted).
pub async fn delete(
    db: &DatabaseConnection,
    user_id: Uuid,
    by: DeletedBy,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if by == DeletedBy::Administrator(user_id) {
        return Err(ServiceError::Conflict {
            code: ErrorCode::Conflict,
            message: "You cannot delete your own account.".to_owned(),
        });
    }
    db.transaction::<_, _, ServiceError>(|txn| {
        Box::pin(async move {
            let deleted = delete_account(txn, user_id, now).await?;
            let (actor_user_id, details) = match by {
                // The user is gone: their id stays in the details only.
                DeletedBy::Themself => (
                    None,
                    json!({ "user_id": deleted.id, "username": deleted.username, "own_request": true }),
                ),
                DeletedBy::Administrator(admin) => (
                    Some(admin),
                    json!({ "user_id": deleted.id, "username": deleted.username }),
                ),
            };
            audit::record(
                txn,
                audit::Event {
                    action: audit::action::USER_DELETE,
                    actor_user_id,
                    target_user_id: None,
                    ip,
                    details,
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
            Ok(())
        })
    })
    .await
    .map_err(ServiceError::from)
}

/// The deletion [`delete`] makes, whoever asked.
async fn delete_account(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<users::Model, ServiceError> {
    instance::lock_admin_changes(conn, now).await?;
    let user = get(conn, user_id).await?;
    users::Entity::delete_many()
        .filter(Condition::all().add(users::Column::Id.eq(user_id)))
        .exec(conn)
        .await?;
    if user.has_role(Role::Admin) {
        ensure_an_active_admin_remains(conn, "Cannot delete the user").await?;
    }
    Ok(user.user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_rules() {
        assert_eq!(
            validate_identity("Alice", " Alice@Example.COM ").unwrap(),
            "alice@example.com"
        );
        let fields = validate_identity("a b", "nope").unwrap_err();
        assert_eq!(fields.len(), 2);
        assert!(validate_identity("ab", "a@b.c").is_err());
        assert!(validate_email("a@b").is_err());
        assert!(validate_email("a@@b.c").is_err());
        // Not whitespace, but no more an address (the command line reaches this directly).
        assert!(validate_email("nul\u{0}@example.com").is_err());
        assert!(validate_email("bell\u{7}@example.com").is_err());
    }

    #[test]
    fn numbers_are_written_without_exponent_as_postgresql_does() {
        assert_eq!(without_exponent("1.5e3"), "1500");
        assert_eq!(without_exponent("-1.25e1"), "-12.5");
        assert_eq!(without_exponent("2e0"), "2");
        assert_eq!(without_exponent("1.5e-3"), "1.5e-3");
        assert_eq!(without_exponent("42"), "42");
        assert_eq!(without_exponent("1.7976931348623157e308").len(), 309);
    }

    #[test]
    fn attributes_with_numbers_that_do_not_read_back_are_refused() {
        let attributes = |value: serde_json::Value| value.as_object().unwrap().clone();
        assert!(check_attributes(&attributes(serde_json::json!({"a": [1.5, 1e300, 7]}))).is_ok());
        assert!(check_attributes(&attributes(serde_json::json!({"a": {"b": f64::MAX}}))).is_err());
    }
}
