//! `resume-editor backup --out FILE`: writes an archive of the whole database (one consistent
//! snapshot, safe while the server runs) to FILE, private and atomically. Uses the server's
//! database configuration; applies no migrations.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::server;

/// Arguments of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the archive (a zip file; replaced atomically when it exists).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
}

/// Writes the backup; returns the exit status (0, or 1 on any failure, with the target file
/// left as it was).
pub(super) fn run(args: &BackupArgs) -> u8 {
    let result = server::settings().and_then(|(settings, notices)| {
        let _log = crate::telemetry::init(&settings.log, settings.log_format);
        server::log_notices(&notices);
        // Connecting would create a missing SQLite file: a backup of nothing is a mistake in
        // the configuration, not an empty archive.
        if let Some(file) = crate::db::sqlite_file_to_create(settings.database_url.expose())
            && !file.exists()
        {
            anyhow::bail!("there is no database at {}", file.display());
        }
        server::runtime()?.block_on(async move {
            let db = crate::db::connect_with(&settings.database_url, 2)
                .await
                .with_context(|| format!("connecting to {}", settings.database_url))?;
            let written = crate::backup::write_backup(&db, &args.out).await;
            db.close().await.context("closing the database")?;
            let summary = written?;
            println!(
                "backup of {} tables ({} rows, schema {}) written to {}",
                summary.manifest.tables.len(),
                summary.rows(),
                summary.manifest.schema_version,
                args.out.display()
            );
            Ok(())
        })
    });
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error:#}");
            super::EXIT_INVALID
        }
    }
}
