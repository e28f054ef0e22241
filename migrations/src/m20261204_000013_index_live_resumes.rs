//! Indexes for the dashboard list: the owner's live (not trashed) resumes in order of last
//! change and of creation. They are partial (`deleted_at IS NULL`), so trashed rows cost nothing,
//! and end with the id, the list's tie-break, so the first page of 20 reads 20 index entries in
//! either direction and the total is counted from the index alone.

use sea_orm_migration::prelude::*;

use crate::m20251125_000008_create_resumes::Resumes;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// The indexed sort columns, each with its index name.
const SORTS: [(&str, Resumes); 2] = [
    ("idx_resumes_live_updated", Resumes::UpdatedAt),
    ("idx_resumes_live_created", Resumes::CreatedAt),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in SORTS {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Resumes::Table)
                        .col(Resumes::OwnerId)
                        .col(column)
                        .col(Resumes::Id)
                        .and_where(Expr::col(Resumes::DeletedAt).is_null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in SORTS {
            manager
                .drop_index(Index::drop().name(name).table(Resumes::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
