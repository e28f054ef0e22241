//! `resume-editor restore FILE`: restores an archive written by `backup` into the configured
//! database, which must be empty (the migrations are applied by the restore itself). Everything
//! happens in one transaction, verified against the archive's row counts and content hash
//! before it commits.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::server;
use crate::backup::{Archive, BackupError};

/// Exit status: the target database is not empty.
const EXIT_NOT_EMPTY: u8 = 3;

/// Arguments of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The archive written by `resume-editor backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Restores; returns the exit status: 0 restored, 1 the archive is refused (damaged, not a
/// backup, another format or schema version, rows that do not match the manifest), 2 a
/// configuration, I/O or database error, 3 the target database is not empty. On any failure
/// the target is left as it was.
pub(super) fn run(args: &RestoreArgs) -> u8 {
    match run_inner(args) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error:#}");
            match error.downcast_ref::<BackupError>() {
                Some(BackupError::NotEmpty { .. }) => EXIT_NOT_EMPTY,
                Some(refused) if refused.is_refused_archive() => super::EXIT_INVALID,
                _ => super::EXIT_USAGE,
            }
        }
    }
}

fn run_inner(args: &RestoreArgs) -> anyhow::Result<()> {
    let (settings, notices) = server::settings()?;
    let _log = crate::telemetry::init(&settings.log, settings.log_format);
    server::log_notices(&notices);
    // The archive is checked before the database is opened.
    let archive = Archive::open(&args.file)?;
    server::runtime()?.block_on(async move {
        if !settings.database_url.is_postgres() {
            crate::private_files::create_private_dir(&settings.data_dir).with_context(|| {
                format!(
                    "creating the data directory {}",
                    settings.data_dir.display()
                )
            })?;
        }
        let db = crate::db::connect_with(&settings.database_url, 2)
            .await
            .with_context(|| format!("connecting to {}", settings.database_url))?;
        let restored = crate::backup::restore_backup(&db, archive).await;
        db.close().await.context("closing the database")?;
        let summary = restored?;
        println!(
            "restored {} tables ({} rows) from {} into {}",
            summary.manifest.tables.len(),
            summary.rows(),
            args.file.display(),
            settings.database_url
        );
        Ok(())
    })
}
