//! `resume-editor serve [--bind ADDR]`: applies migrations and runs the HTTP server until
//! SIGINT or SIGTERM, then finishes the requests in flight and exits 0.

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::Args;

use super::server;
use crate::app::{AppState, serve, shutdown_signal};

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (overrides RESUME_EDITOR_BIND; default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
}

/// Runs the server; returns the exit status.
pub(super) fn run(args: &ServeArgs) -> u8 {
    match run_inner(args) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error:#}");
            super::EXIT_INVALID
        }
    }
}

fn run_inner(args: &ServeArgs) -> anyhow::Result<()> {
    let (mut settings, notices) = server::settings()?;
    if let Some(bind) = args.bind {
        settings.bind = bind;
    }
    let _log = crate::telemetry::init(&settings.log, settings.log_format);
    server::log_notices(&notices);
    server::runtime()?.block_on(async move {
        let db = server::open_database(&settings).await?;
        let listener = tokio::net::TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("listening on {}", settings.bind))?;
        let address = listener.local_addr().context("reading the bound address")?;
        tracing::info!(
            address = %address,
            database = %settings.database_url,
            cookie_secure = settings.cookie_secure(),
            "listening on http://{address}"
        );
        let audit_retention_days = settings.audit_retention_days;
        let state = AppState::new(db.clone(), settings).context("starting the LLM client")?;
        let maintenance = tokio::spawn(crate::maintenance::run(db.clone(), audit_retention_days));
        serve(listener, state, shutdown_signal())
            .await
            .context("serving HTTP")?;
        maintenance.abort();
        db.close().await.context("closing the database")?;
        tracing::info!("stopped");
        Ok(())
    })
}
