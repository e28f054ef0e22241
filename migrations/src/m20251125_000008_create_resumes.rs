//! `resumes`: a user's resumes. `content` is the Markdown text, the single source of truth, and
//! is always valid (every write parses it first). `kind` is `base` or `tailored`; a tailored
//! resume names its base in `parent_id` and carries the job it was tailored for. `version` rises
//! with every change and is what optimistic concurrency compares. `deleted_at` set = in the
//! trash.

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
                    .table(Resumes::Table)
                    .col(pk_uuid(Resumes::Id))
                    .col(uuid(Resumes::OwnerId))
                    .col(string_len(Resumes::Name, 255))
                    .col(text(Resumes::Content))
                    .col(string_len(Resumes::Kind, 16))
                    .col(uuid_null(Resumes::ParentId))
                    .col(string_len_null(Resumes::Company, 255))
                    .col(text_null(Resumes::Notes))
                    .col(text_null(Resumes::JobDescription))
                    .col(json_null(Resumes::JobDetails))
                    .col(text_null(Resumes::Introduction))
                    .col(json_null(Resumes::ExportPreferences))
                    .col(big_integer(Resumes::Version))
                    .col(timestamp_with_time_zone(Resumes::CreatedAt))
                    .col(timestamp_with_time_zone(Resumes::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Resumes::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resumes_owner")
                            .from(Resumes::Table, Resumes::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resumes_parent")
                            .from(Resumes::Table, Resumes::ParentId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_resumes_owner_deleted")
                    .table(Resumes::Table)
                    .col(Resumes::OwnerId)
                    .col(Resumes::DeletedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_resumes_parent_id")
                    .table(Resumes::Table)
                    .col(Resumes::ParentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Resumes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Resumes {
    Table,
    Id,
    OwnerId,
    Name,
    Content,
    Kind,
    ParentId,
    Company,
    Notes,
    JobDescription,
    JobDetails,
    Introduction,
    ExportPreferences,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}
