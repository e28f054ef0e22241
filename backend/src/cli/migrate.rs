//! `resume-editor migrate`: applies pending database migrations and exits (the server also
//! applies them at start-up).

use clap::Args;

use super::server;

/// Arguments of `migrate` (none).
#[derive(Debug, Args)]
pub struct MigrateArgs {}

/// Applies the migrations; returns the exit status.
pub(super) fn run(_args: &MigrateArgs) -> u8 {
    let result = server::settings().and_then(|(settings, notices)| {
        let _log = crate::telemetry::init(&settings.log, settings.log_format);
        server::log_notices(&notices);
        server::runtime()?.block_on(async move {
            let db = server::open_database(&settings).await?;
            db.close().await?;
            println!("migrations applied to {}", settings.database_url);
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
