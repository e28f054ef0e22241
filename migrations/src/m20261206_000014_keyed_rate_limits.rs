//! Keyed rate limits and repeated audit events.
//!
//! - `rate_limits`: one row per limited key (a login's account and client network, a client
//!   network, a user): the attempts counted in its current window and when the window started
//!   and the last attempt was counted. The server locks the row while it decides, so concurrent
//!   attempts on one key are counted one after the other.
//! - `login_attempts` goes: it held one row per failed login, keyed on the login string as
//!   typed, and is replaced by `rate_limits` (`down` recreates it empty).
//! - `audit_log` gains `repeat_key`, `occurrences` and `last_occurred_at`, so a repeated event
//!   (a client refused by a rate limit again and again) is one row with a count instead of one
//!   row per attempt.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

const REPEAT_INDEX: &str = "idx_audit_log_repeat_key_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(string_len(RateLimits::Key, 255).primary_key())
                    .col(integer(RateLimits::Hits))
                    .col(timestamp_with_time_zone(RateLimits::WindowStartedAt))
                    .col(timestamp_with_time_zone(RateLimits::LastHitAt))
                    .to_owned(),
            )
            .await?;
        // Maintenance forgets rows that have been idle for a while.
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limits_last_hit_at")
                    .table(RateLimits::Table)
                    .col(RateLimits::LastHitAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(LoginAttempts::Table).to_owned())
            .await?;
        // SQLite takes one change per ALTER TABLE.
        for column in [
            string_len_null(AuditLog::RepeatKey, 255),
            integer(AuditLog::Occurrences).default(1).to_owned(),
            timestamp_with_time_zone_null(AuditLog::LastOccurredAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(REPEAT_INDEX)
                    .table(AuditLog::Table)
                    .col(AuditLog::RepeatKey)
                    .col(AuditLog::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(REPEAT_INDEX)
                    .table(AuditLog::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            AuditLog::LastOccurredAt,
            AuditLog::Occurrences,
            AuditLog::RepeatKey,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // `login_attempts` as `m20251125_000006_create_login_attempts` made it.
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(big_pk_auto(LoginAttempts::Id))
                    .col(string_len(LoginAttempts::UsernameKey, 254))
                    .col(string_len(LoginAttempts::Ip, 64))
                    .col(timestamp_with_time_zone(LoginAttempts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (
                "idx_login_attempts_username_key_created_at",
                LoginAttempts::UsernameKey,
            ),
            ("idx_login_attempts_ip_created_at", LoginAttempts::Ip),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LoginAttempts::Table)
                        .col(column)
                        .col(LoginAttempts::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    Hits,
    WindowStartedAt,
    LastHitAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    UsernameKey,
    Ip,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    CreatedAt,
    RepeatKey,
    Occurrences,
    LastOccurredAt,
}
