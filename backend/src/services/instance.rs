//! Instance-wide settings in `instance_settings`: the setup marker, the registration switch and
//! the two-factor requirement.
//!
//! The `setup` row is the arbiter of "is this instance set up": its primary key makes exactly
//! one of two concurrent setups succeed, and once present it is never removed.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait as _, ConnectionTrait, EntityTrait, QueryFilter as _};
use serde_json::json;

use crate::db::entities::instance_settings;

/// Key of the setup marker row.
pub const SETUP_KEY: &str = "setup";
/// Key of the registration switch.
pub const REGISTRATION_OPEN_KEY: &str = "registration_open";
/// Key of the switch that requires two-factor authentication of every user.
pub const REQUIRE_TWO_FACTOR_KEY: &str = "require_two_factor";

/// Whether the instance has been set up (a first administrator exists).
///
/// # Errors
/// Database errors.
pub async fn is_set_up(conn: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(instance_settings::Entity::find_by_id(SETUP_KEY.to_owned())
        .one(conn)
        .await?
        .is_some())
}

/// Inserts the setup marker. Fails with a unique violation when it exists already.
///
/// # Errors
/// Database errors, including the unique violation.
pub async fn insert_setup_marker(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    instance_settings::Entity::insert(marker(now))
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Inserts the setup marker unless it exists; returns whether it was inserted.
///
/// # Errors
/// Database errors.
pub async fn ensure_setup_marker(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let inserted = instance_settings::Entity::insert(marker(now))
        .on_conflict_do_nothing()
        .exec_without_returning(conn)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

fn marker(now: DateTime<Utc>) -> instance_settings::ActiveModel {
    instance_settings::ActiveModel {
        key: Set(SETUP_KEY.to_owned()),
        value: Set(json!({ "completed_at": now.to_rfc3339() })),
        updated_at: Set(now),
    }
}

/// Takes the instance-wide write lock for changes to administrator membership (demote,
/// deactivate, delete): an `UPDATE` of the setup row, the first statement of the transaction,
/// so PostgreSQL holds a row lock and SQLite the database write lock until commit. Two
/// concurrent changes therefore cannot both see "another active admin remains".
///
/// # Errors
/// Database errors.
pub async fn lock_admin_changes(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    instance_settings::Entity::update_many()
        .col_expr(instance_settings::Column::UpdatedAt, Expr::value(now))
        .filter(instance_settings::Column::Key.eq(SETUP_KEY))
        .exec(conn)
        .await?;
    Ok(())
}

/// Whether self-registration is open (`default` until an administrator or setup stores it).
///
/// # Errors
/// Database errors.
pub async fn registration_open(
    conn: &impl ConnectionTrait,
    default: bool,
) -> Result<bool, sea_orm::DbErr> {
    flag(conn, REGISTRATION_OPEN_KEY, default).await
}

/// Stores the registration switch.
///
/// # Errors
/// Database errors.
pub async fn set_registration_open(
    conn: &impl ConnectionTrait,
    open: bool,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    set_flag(conn, REGISTRATION_OPEN_KEY, open, now).await
}

/// Whether every user must sign in with a second factor (off until an administrator turns it
/// on).
///
/// # Errors
/// Database errors.
pub async fn require_two_factor(conn: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    flag(conn, REQUIRE_TWO_FACTOR_KEY, false).await
}

/// Stores the two-factor requirement.
///
/// # Errors
/// Database errors.
pub async fn set_require_two_factor(
    conn: &impl ConnectionTrait,
    required: bool,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    set_flag(conn, REQUIRE_TWO_FACTOR_KEY, required, now).await
}

/// A stored switch (`{"value": bool}` under `key`), or `default` when none is stored.
async fn flag(
    conn: &impl ConnectionTrait,
    key: &str,
    default: bool,
) -> Result<bool, sea_orm::DbErr> {
    let row = instance_settings::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?;
    Ok(row
        .and_then(|row| row.value.get("value").and_then(serde_json::Value::as_bool))
        .unwrap_or(default))
}

/// Stores a switch under `key`, replacing what was there.
async fn set_flag(
    conn: &impl ConnectionTrait,
    key: &str,
    value: bool,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let row = instance_settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(json!({ "value": value })),
        updated_at: Set(now),
    };
    instance_settings::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(instance_settings::Column::Key)
                .update_columns([
                    instance_settings::Column::Value,
                    instance_settings::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Stores the registration switch unless it is stored already (its initial value at setup).
///
/// # Errors
/// Database errors.
pub async fn init_registration_open(
    conn: &impl ConnectionTrait,
    open: bool,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let row = instance_settings::ActiveModel {
        key: Set(REGISTRATION_OPEN_KEY.to_owned()),
        value: Set(json!({ "value": open })),
        updated_at: Set(now),
    };
    instance_settings::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
