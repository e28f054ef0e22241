//! `user_settings`: one row per user with LLM settings (the API key AES-256-GCM encrypted, with
//! its nonce) and the session timeout (NULL: the instance default).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserSettings::Table)
                    .col(uuid(UserSettings::UserId).primary_key())
                    .col(string_null(UserSettings::LlmEndpoint))
                    .col(string_null(UserSettings::LlmModel))
                    .col(blob_null(UserSettings::ApiKeyCiphertext))
                    .col(blob_null(UserSettings::ApiKeyNonce))
                    .col(integer_null(UserSettings::SessionTimeoutMinutes))
                    .col(timestamp_with_time_zone(UserSettings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_settings_user")
                            .from(UserSettings::Table, UserSettings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserSettings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum UserSettings {
    Table,
    UserId,
    LlmEndpoint,
    LlmModel,
    ApiKeyCiphertext,
    ApiKeyNonce,
    SessionTimeoutMinutes,
    UpdatedAt,
}
