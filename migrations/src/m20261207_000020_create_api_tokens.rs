//! `api_tokens`: personal access tokens. The secret is never stored: `token_hash` is the
//! SHA-256 of it (the secret is 256 random bits, so a fast hash is enough and lookups stay one
//! indexed read). `hint` keeps the first characters to recognise a token in the list. A token
//! works while it is not revoked, not expired and its user is active.

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
                    .table(ApiTokens::Table)
                    .col(pk_uuid(ApiTokens::Id))
                    .col(uuid(ApiTokens::UserId))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::Scope))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(string(ApiTokens::Hint))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(string_null(ApiTokens::LastUsedIp))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_user")
                            .from(ApiTokens::Table, ApiTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_tokens_user_id")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    Scope,
    TokenHash,
    Hint,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    LastUsedIp,
    RevokedAt,
}
