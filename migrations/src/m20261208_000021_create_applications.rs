//! `applications` and `application_events`: the application tracker. A resume (base or
//! tailored) has at most one application (`resume_id` is unique): where it was sent, its
//! status and next step. `version` rises with every change and is what optimistic concurrency
//! compares, as for resumes. Dates (`applied_on`, `next_step_on`) are calendar days kept as
//! `YYYY-MM-DD` text: portable, sortable, and a kind the backup archive already holds.
//!
//! `application_events` is the timeline: one row per status change, the first status
//! included (`from_status` NULL), with who made it and the administrator impersonating them.
//! Deleting a resume deletes its application and the application's events (CASCADE); deleting
//! a user keeps the events of others' applications with the actor set to NULL (SET NULL, like
//! the authors of resume revisions).

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
                    .table(Applications::Table)
                    .col(pk_uuid(Applications::Id))
                    .col(uuid_uniq(Applications::ResumeId))
                    .col(string_len(Applications::Status, 16))
                    .col(string_len_null(Applications::AppliedOn, 10))
                    .col(string_len_null(Applications::PostingUrl, 2048))
                    .col(string_len_null(Applications::Contact, 200))
                    .col(string_len_null(Applications::NextStep, 200))
                    .col(string_len_null(Applications::NextStepOn, 10))
                    .col(text_null(Applications::Notes))
                    .col(big_integer(Applications::Version))
                    .col(timestamp_with_time_zone(Applications::CreatedAt))
                    .col(timestamp_with_time_zone(Applications::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_resume")
                            .from(Applications::Table, Applications::ResumeId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationEvents::Table)
                    .col(big_pk_auto(ApplicationEvents::Id))
                    .col(uuid(ApplicationEvents::ApplicationId))
                    .col(string_len_null(ApplicationEvents::FromStatus, 16))
                    .col(string_len(ApplicationEvents::ToStatus, 16))
                    .col(uuid_null(ApplicationEvents::ActorId))
                    .col(uuid_null(ApplicationEvents::ImpersonatorId))
                    .col(timestamp_with_time_zone(ApplicationEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_events_application")
                            .from(ApplicationEvents::Table, ApplicationEvents::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_events_actor")
                            .from(ApplicationEvents::Table, ApplicationEvents::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_events_impersonator")
                            .from(ApplicationEvents::Table, ApplicationEvents::ImpersonatorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_events_application_id")
                    .table(ApplicationEvents::Table)
                    .col(ApplicationEvents::ApplicationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApplicationEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Applications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    ResumeId,
    Status,
    AppliedOn,
    PostingUrl,
    Contact,
    NextStep,
    NextStepOn,
    Notes,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationEvents {
    Table,
    Id,
    ApplicationId,
    FromStatus,
    ToStatus,
    ActorId,
    ImpersonatorId,
    CreatedAt,
}
