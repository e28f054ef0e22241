//! Cover letters.
//!
//! `cover_letters`: one letter of a user, written for one resume (whose facts it may state:
//! deleting the resume deletes its letters, CASCADE). It says whom it is written to (company,
//! contact) and for which job (its title), how it was drafted (tone and length; NULL for a letter written by hand, with
//! `draft_id` the drafting job when one wrote it), and holds its current Markdown body and
//! version. `cover_letter_revisions` keeps every body a letter had, by version.
//!
//! Drafting a letter is a job of `refinement_jobs` (same lease, events, concurrency limits and
//! recovery as tailoring): `purpose` tells the two apart (`resume` for every earlier row),
//! `letter_options` holds what the draft was asked for (tone, length, contact) and `letter_id`
//! the letter it wrote. The two ids are plain columns, not foreign keys, so neither table
//! depends on the other for inserts, and a deleted letter leaves its job's history readable.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000001_create_users::Users;
use crate::m20251125_000008_create_resumes::Resumes;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            string_len(Jobs::Purpose, 16).default("resume").to_owned(),
            json_null(Jobs::LetterOptions).to_owned(),
            uuid_null(Jobs::LetterId).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Jobs::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CoverLetters::Table)
                    .col(pk_uuid(CoverLetters::Id))
                    .col(uuid(CoverLetters::OwnerId))
                    .col(uuid(CoverLetters::ResumeId))
                    .col(uuid_null(CoverLetters::DraftId))
                    .col(string_len(CoverLetters::Name, 255))
                    .col(string_len_null(CoverLetters::Company, 255))
                    .col(string_len_null(CoverLetters::Contact, 255))
                    .col(string_len_null(CoverLetters::JobTitle, 255))
                    .col(string_len_null(CoverLetters::Tone, 16))
                    .col(string_len_null(CoverLetters::Length, 16))
                    .col(text(CoverLetters::Content))
                    .col(big_integer(CoverLetters::Version))
                    .col(timestamp_with_time_zone(CoverLetters::CreatedAt))
                    .col(timestamp_with_time_zone(CoverLetters::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cover_letters_owner")
                            .from(CoverLetters::Table, CoverLetters::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cover_letters_resume")
                            .from(CoverLetters::Table, CoverLetters::ResumeId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_cover_letters_owner_id", CoverLetters::OwnerId),
            ("idx_cover_letters_resume_id", CoverLetters::ResumeId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(CoverLetters::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CoverLetterRevisions::Table)
                    .col(uuid(CoverLetterRevisions::LetterId))
                    .col(big_integer(CoverLetterRevisions::Version))
                    .col(text(CoverLetterRevisions::Content))
                    .col(string_len(CoverLetterRevisions::Reason, 16))
                    .col(timestamp_with_time_zone(CoverLetterRevisions::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(CoverLetterRevisions::LetterId)
                            .col(CoverLetterRevisions::Version),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cover_letter_revisions_letter")
                            .from(CoverLetterRevisions::Table, CoverLetterRevisions::LetterId)
                            .to(CoverLetters::Table, CoverLetters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CoverLetterRevisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CoverLetters::Table).to_owned())
            .await?;
        for column in [Jobs::LetterId, Jobs::LetterOptions, Jobs::Purpose] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Jobs::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Jobs {
    #[sea_orm(iden = "refinement_jobs")]
    Table,
    Purpose,
    LetterOptions,
    LetterId,
}

#[derive(DeriveIden)]
enum CoverLetters {
    Table,
    Id,
    OwnerId,
    ResumeId,
    DraftId,
    Name,
    Company,
    Contact,
    JobTitle,
    Tone,
    Length,
    Content,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CoverLetterRevisions {
    Table,
    LetterId,
    Version,
    Content,
    Reason,
    CreatedAt,
}
