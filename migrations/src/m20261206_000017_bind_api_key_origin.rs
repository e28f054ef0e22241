//! `user_settings.api_key_origin`: the endpoint origin (`scheme://host[:port]`) the stored LLM
//! API key was saved for. The key is only ever sent to that origin, and its ciphertext is bound
//! to it (and to the user) as AES-GCM associated data. NULL beside a ciphertext marks a key
//! stored before the binding existed; the server binds such a key to the user's current origin
//! the first time it reads it.

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
                    .add_column(string_null(UserSettings::ApiKeyOrigin))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserSettings::Table)
                    .drop_column(UserSettings::ApiKeyOrigin)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum UserSettings {
    Table,
    ApiKeyOrigin,
}
