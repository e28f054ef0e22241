//! `refinement_jobs.run_id`: the lease of the run that may write a job. Starting or resuming a
//! job gives it a fresh run id; its runner claims the job with that id, and every heartbeat,
//! checkpoint and event it writes is conditional on the id still being the job's. A runner whose
//! job was cancelled and resumed elsewhere (or marked failed while it was paused) therefore
//! stops at its next write instead of running alongside the new run. NULL for jobs made before
//! this column existed (they are never active again without a resume, which sets it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Jobs::Table)
                    .add_column(uuid_null(Jobs::RunId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Jobs::Table)
                    .drop_column(Jobs::RunId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    #[sea_orm(iden = "refinement_jobs")]
    Table,
    RunId,
}
