//! The database: connecting (PostgreSQL or SQLite, chosen by the URL), applying migrations, and
//! the sea-orm entities. Queries live in `crate::services`.

pub mod convert;
#[expect(
    missing_docs,
    reason = "entities mirror the migrations in the generator's shape; the tables are documented there"
)]
pub mod entities;

use std::time::Duration;

use migration::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::config::DatabaseUrl;

/// Default connection pool size (`RESUME_EDITOR_DATABASE_MAX_CONNECTIONS`). Small on purpose:
/// PostgreSQL serves best with few busy connections per core.
pub const MAX_CONNECTIONS: u32 = 10;

/// A pooled connection idle for this long is checked (a ping) before it is used again.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Opens a connection pool.
///
/// # Errors
/// When the database cannot be reached or the URL is invalid.
pub async fn connect(url: &DatabaseUrl) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, MAX_CONNECTIONS).await
}

/// Opens a connection pool of at most `max_connections`.
///
/// # Errors
/// When the database cannot be reached or the URL is invalid.
pub async fn connect_with(
    url: &DatabaseUrl,
    max_connections: u32,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // A connection in use is known to work; only one idle for a while (the server, a proxy
        // or a firewall may have dropped it) is checked with a round trip before it is handed
        // out. Checking every time would add a round trip to every query.
        .test_before_acquire_if_idle_for(PING_AFTER_IDLE)
        // Statements are not logged: their parameters could hold secrets, and at `info` they
        // would drown the request log.
        .sqlx_logging(false)
        // SQLite: write-ahead logging, so readers and the one writer do not wait for each
        // other. With the default rollback journal a burst of 200 parallel logins (each a few
        // short writes: the rate-limit count, the audit entry) left some requests waiting out
        // the 5 s busy timeout, answered 500 "database is locked". (No effect on PostgreSQL.)
        .map_sqlx_sqlite_opts(|options| {
            options.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
        });
    Database::connect(options).await
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
