//! `refinement_roles`: the checkpoint of each role of a refinement job — in scope or not, the
//! original and the refined role, the fact guard's flags, or the error. A resumed job skips the
//! roles already done.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000010_create_refinement_jobs::RefinementJobs;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RefinementRoles::Table)
                    .col(uuid(RefinementRoles::JobId))
                    .col(integer(RefinementRoles::RoleIndex))
                    .col(string_len(RefinementRoles::Status, 16))
                    .col(json(RefinementRoles::Original))
                    .col(json_null(RefinementRoles::Refined))
                    .col(json_null(RefinementRoles::Flags))
                    .col(text_null(RefinementRoles::Error))
                    .col(timestamp_with_time_zone(RefinementRoles::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(RefinementRoles::JobId)
                            .col(RefinementRoles::RoleIndex),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refinement_roles_job")
                            .from(RefinementRoles::Table, RefinementRoles::JobId)
                            .to(RefinementJobs::Table, RefinementJobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefinementRoles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RefinementRoles {
    Table,
    JobId,
    RoleIndex,
    Status,
    Original,
    Refined,
    Flags,
    Error,
    UpdatedAt,
}
