//! `refinement_jobs`: one run of AI tailoring for one resume and one job description, with its
//! status, inputs, the snapshot of the resume it started from, the job analysis and the
//! results. The work runs in a background task that keeps `heartbeat_at` fresh; a job whose
//! heartbeat stops (the server went away) is marked failed and can be resumed. `active` is 1
//! while the job is queued or running and NULL otherwise: a unique index on (resume_id, active)
//! lets the database allow at most one active job per resume.

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
                    .table(RefinementJobs::Table)
                    .col(pk_uuid(RefinementJobs::Id))
                    .col(uuid(RefinementJobs::ResumeId))
                    .col(uuid(RefinementJobs::OwnerId))
                    .col(string_len(RefinementJobs::Status, 16))
                    .col(small_integer_null(RefinementJobs::Active))
                    .col(text(RefinementJobs::JobDescription))
                    .col(string_len_null(RefinementJobs::Company, 255))
                    .col(text_null(RefinementJobs::Notes))
                    .col(integer_null(RefinementJobs::YearsLimit))
                    .col(big_integer(RefinementJobs::BaseVersion))
                    .col(text(RefinementJobs::BaseContent))
                    .col(json_null(RefinementJobs::Analysis))
                    .col(text_null(RefinementJobs::Introduction))
                    .col(json_null(RefinementJobs::IntroductionFlags))
                    .col(json_null(RefinementJobs::CoverageBefore))
                    .col(json_null(RefinementJobs::CoverageAfter))
                    .col(text_null(RefinementJobs::Error))
                    .col(boolean(RefinementJobs::Retryable).default(false))
                    .col(timestamp_with_time_zone(RefinementJobs::CreatedAt))
                    .col(timestamp_with_time_zone(RefinementJobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(RefinementJobs::HeartbeatAt))
                    .col(timestamp_with_time_zone_null(RefinementJobs::FinishedAt))
                    .col(timestamp_with_time_zone_null(RefinementJobs::AppliedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refinement_jobs_resume")
                            .from(RefinementJobs::Table, RefinementJobs::ResumeId)
                            .to(Resumes::Table, Resumes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refinement_jobs_owner")
                            .from(RefinementJobs::Table, RefinementJobs::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refinement_jobs_one_active_per_resume")
                    .table(RefinementJobs::Table)
                    .col(RefinementJobs::ResumeId)
                    .col(RefinementJobs::Active)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refinement_jobs_status")
                    .table(RefinementJobs::Table)
                    .col(RefinementJobs::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefinementJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum RefinementJobs {
    Table,
    Id,
    ResumeId,
    OwnerId,
    Status,
    Active,
    JobDescription,
    Company,
    Notes,
    YearsLimit,
    BaseVersion,
    BaseContent,
    Analysis,
    Introduction,
    IntroductionFlags,
    CoverageBefore,
    CoverageAfter,
    Error,
    Retryable,
    CreatedAt,
    UpdatedAt,
    HeartbeatAt,
    FinishedAt,
    AppliedAt,
}
