//! `resume_revisions`: the content of every version of a resume, immutable. A row is written in
//! the same transaction as each change of content (create, edit, structured edit, restore,
//! refinement applied), so the history is complete and any two versions can be compared.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000001_create_users::Users;
use crate::m20251125_000008_create_resumes::Resumes;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ResumeRevisions::Table)
                    .col(pk_uuid(ResumeRevisions::Id))
                    .col(uuid(ResumeRevisions::ResumeId))
                    .col(big_integer(ResumeRevisions::Version))
                    .col(text(ResumeRevisions::Content))
                    .col(uuid_null(ResumeRevisions::AuthorId))
                    .col(uuid_null(ResumeRevisions::ImpersonatorId))
                    .col(string_len(ResumeRevisions::Reason, 32))
                    .col(timestamp_with_time_zone(ResumeRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resume_revisions_resume")
                            .from(ResumeRevisions::Table, ResumeRevisions::ResumeId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resume_revisions_author")
                            .from(ResumeRevisions::Table, ResumeRevisions::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resume_revisions_impersonator")
                            .from(ResumeRevisions::Table, ResumeRevisions::ImpersonatorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_resume_revisions_resume_version")
                    .table(ResumeRevisions::Table)
                    .col(ResumeRevisions::ResumeId)
                    .col(ResumeRevisions::Version)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ResumeRevisions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ResumeRevisions {
    Table,
    Id,
    ResumeId,
    Version,
    Content,
    AuthorId,
    ImpersonatorId,
    Reason,
    CreatedAt,
}
