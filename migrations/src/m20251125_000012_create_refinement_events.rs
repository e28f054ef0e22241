//! `refinement_events`: the event log of a refinement job, in order (`seq` from 1). The SSE
//! stream replays it from any `Last-Event-ID`, so a client that reconnects, or connects after
//! the job finished, gets everything, from any server instance.

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
                    .table(RefinementEvents::Table)
                    .col(uuid(RefinementEvents::JobId))
                    .col(big_integer(RefinementEvents::Seq))
                    .col(string_len(RefinementEvents::Kind, 16))
                    .col(json(RefinementEvents::Payload))
                    .col(timestamp_with_time_zone(RefinementEvents::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(RefinementEvents::JobId)
                            .col(RefinementEvents::Seq),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refinement_events_job")
                            .from(RefinementEvents::Table, RefinementEvents::JobId)
                            .to(RefinementJobs::Table, RefinementJobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefinementEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RefinementEvents {
    Table,
    JobId,
    Seq,
    Kind,
    Payload,
    CreatedAt,
}
