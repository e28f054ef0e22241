//! `resume_shares`: public read-only links to a resume. Each link has a random token (the
//! `/s/{token}` of its address, unique), a mode (`snapshot` keeps the resume text of the moment
//! it was made in `content`; `latest` reads the resume as it is now and leaves `content` NULL),
//! the template it is shown in, an optional expiry, an optional argon2 password hash (PHC
//! string), whether search engines may index it, its view count and last view.
//!
//! Revoking sets `revoked_at` and keeps the row, so the owner's list still shows the link's
//! history; a revoked link never answers again. Deleting the resume deletes its links
//! (CASCADE), so a link cannot outlive what it shows.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000008_create_resumes::Resumes;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ResumeShares::Table)
                    .col(pk_uuid(ResumeShares::Id))
                    .col(uuid(ResumeShares::ResumeId))
                    .col(string_len_uniq(ResumeShares::Token, 64))
                    .col(string_len(ResumeShares::Mode, 16))
                    .col(string_len(ResumeShares::Template, 32))
                    .col(text_null(ResumeShares::Content))
                    .col(timestamp_with_time_zone_null(ResumeShares::ExpiresAt))
                    .col(string_len_null(ResumeShares::PasswordHash, 255))
                    .col(boolean(ResumeShares::Indexable))
                    .col(big_integer(ResumeShares::ViewCount))
                    .col(timestamp_with_time_zone_null(ResumeShares::LastViewedAt))
                    .col(timestamp_with_time_zone(ResumeShares::CreatedAt))
                    .col(timestamp_with_time_zone_null(ResumeShares::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resume_shares_resume")
                            .from(ResumeShares::Table, ResumeShares::ResumeId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_resume_shares_resume_id")
                    .table(ResumeShares::Table)
                    .col(ResumeShares::ResumeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ResumeShares::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ResumeShares {
    Table,
    Id,
    ResumeId,
    Token,
    Mode,
    Template,
    Content,
    ExpiresAt,
    PasswordHash,
    Indexable,
    ViewCount,
    LastViewedAt,
    CreatedAt,
    RevokedAt,
}
