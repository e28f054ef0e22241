//! `audit_log`: security-relevant events. User references become NULL when the user is
//! deleted (the entry stays; its `details` keep the username).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .col(uuid_null(AuditLog::ActorUserId))
                    .col(uuid_null(AuditLog::ImpersonatorUserId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(uuid_null(AuditLog::TargetUserId))
                    .col(string_len_null(AuditLog::Ip, 64))
                    .col(json(AuditLog::Details))
                    .foreign_key(&mut user_fk("fk_audit_log_actor", AuditLog::ActorUserId))
                    .foreign_key(&mut user_fk(
                        "fk_audit_log_impersonator",
                        AuditLog::ImpersonatorUserId,
                    ))
                    .foreign_key(&mut user_fk("fk_audit_log_target", AuditLog::TargetUserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_action_created_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::Action)
                    .col(AuditLog::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_created_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

fn user_fk(name: &str, column: AuditLog) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(AuditLog::Table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    CreatedAt,
    ActorUserId,
    ImpersonatorUserId,
    Action,
    TargetUserId,
    Ip,
    Details,
}
