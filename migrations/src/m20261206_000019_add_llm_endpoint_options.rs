//! `user_settings.llm_options`: the user's options for their LLM endpoint, as a JSON object
//! (`resume_shared::api::llm::LlmEndpointOptions`: output mode, concurrency, output limit,
//! timeouts, the API key's header, extra query parameters). NULL means every option takes the
//! server's default. One JSON column rather than a column per option: the options are read and
//! written together, and new ones need no migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserSettings::Table)
                    .add_column(json_null(UserSettings::LlmOptions))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserSettings::Table)
                    .drop_column(UserSettings::LlmOptions)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum UserSettings {
    Table,
    LlmOptions,
}
