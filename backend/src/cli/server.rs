//! What the server commands (`serve`, `migrate`, `create-admin`) share: the tokio runtime,
//! configuration with its warnings, and an open, migrated database.

use anyhow::Context as _;
use sea_orm::DatabaseConnection;

use crate::config::{ConfigNotice, Settings};

/// A multi-threaded tokio runtime (the offline commands need none).
pub(super) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Reads the configuration from the environment.
pub(super) fn settings() -> anyhow::Result<(Settings, Vec<ConfigNotice>)> {
    Settings::from_env().context("reading the configuration")
}

/// Logs the configuration warnings (after tracing is up).
pub(super) fn log_notices(notices: &[ConfigNotice]) {
    for notice in notices {
        tracing::warn!("{}", notice.0);
    }
}

/// Connects to the configured database (creating the data directory, mode 0700, for the
/// default SQLite file) and applies pending migrations.
pub(super) async fn open_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if !settings.database_url.is_postgres() {
        crate::private_files::create_private_dir(&settings.data_dir).with_context(|| {
            format!(
                "creating the data directory {}",
                settings.data_dir.display()
            )
        })?;
    }
    let db = crate::db::connect_with(&settings.database_url, settings.database_max_connections)
        .await
        .with_context(|| format!("connecting to {}", settings.database_url))?;
    crate::db::migrate(&db)
        .await
        .context("applying database migrations")?;
    Ok(db)
}
