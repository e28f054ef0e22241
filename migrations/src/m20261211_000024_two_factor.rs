//! Two-factor authentication and how sessions began.
//!
//! - `users.two_factor_enabled_at`: when the user turned two-factor authentication on (NULL:
//!   off). It sits on the user row because every request's authentication reads that row
//!   anyway, and the administrator's "require two-factor" rule needs it there.
//! - `two_factor_secrets`: the user's TOTP secret, encrypted like the LLM key (ciphertext and
//!   nonce), and the last time step a code was accepted for (a code of that step or an earlier
//!   one is a replay). A row without `users.two_factor_enabled_at` is an enrolment waiting for
//!   its first code.
//! - `recovery_codes`: the hashes of the user's single-use recovery codes, with when each was
//!   used.
//! - `sign_in_challenges`: the second step of a login (a hash of its single-use token, its
//!   five-minute expiry, and when it was used).
//! - `sessions.method` (how the session began: `password`, `totp`, …; earlier rows become
//!   `password`, or `impersonation` for impersonations) and `sessions.user_agent`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20251125_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserColumns::Table)
                    .add_column(timestamp_with_time_zone_null(
                        UserColumns::TwoFactorEnabledAt,
                    ))
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        for column in [
            string_len(Sessions::Method, 16)
                .default("password")
                .to_owned(),
            string_len_null(Sessions::UserAgent, 255).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Sessions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .exec_stmt(
                Query::update()
                    .table(Sessions::Table)
                    .value(Sessions::Method, "impersonation")
                    .and_where(Expr::col(Sessions::ImpersonatorUserId).is_not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TwoFactorSecrets::Table)
                    .col(pk_uuid(TwoFactorSecrets::UserId))
                    .col(blob(TwoFactorSecrets::SecretCiphertext))
                    .col(blob(TwoFactorSecrets::SecretNonce))
                    .col(big_integer_null(TwoFactorSecrets::LastUsedStep))
                    .col(timestamp_with_time_zone(TwoFactorSecrets::CreatedAt))
                    .foreign_key(&mut owner(
                        "fk_two_factor_secrets_user",
                        TwoFactorSecrets::Table,
                        TwoFactorSecrets::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(pk_uuid(RecoveryCodes::Id))
                    .col(uuid(RecoveryCodes::UserId))
                    .col(string_len(RecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .foreign_key(&mut owner(
                        "fk_recovery_codes_user",
                        RecoveryCodes::Table,
                        RecoveryCodes::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user_id")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInChallenges::Table)
                    .col(pk_uuid(SignInChallenges::Id))
                    .col(uuid(SignInChallenges::UserId))
                    .col(string_len_uniq(SignInChallenges::TokenHash, 64))
                    .col(timestamp_with_time_zone(SignInChallenges::CreatedAt))
                    .col(timestamp_with_time_zone(SignInChallenges::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInChallenges::ConsumedAt))
                    .col(string_len_null(SignInChallenges::Ip, 64))
                    .foreign_key(&mut owner(
                        "fk_sign_in_challenges_user",
                        SignInChallenges::Table,
                        SignInChallenges::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sign_in_challenges_user_id")
                    .table(SignInChallenges::Table)
                    .col(SignInChallenges::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SignInChallenges::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            TwoFactorSecrets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [Sessions::UserAgent, Sessions::Method] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Sessions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(UserColumns::Table)
                    .drop_column(UserColumns::TwoFactorEnabledAt)
                    .to_owned(),
            )
            .await
    }
}

/// The foreign key from `column` of `table` to the user who owns the row (deleted with them).
fn owner(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden)]
enum UserColumns {
    #[sea_orm(iden = "users")]
    Table,
    TwoFactorEnabledAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ImpersonatorUserId,
    Method,
    UserAgent,
}

#[derive(DeriveIden)]
enum TwoFactorSecrets {
    Table,
    UserId,
    SecretCiphertext,
    SecretNonce,
    LastUsedStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInChallenges {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    ConsumedAt,
    Ip,
}
