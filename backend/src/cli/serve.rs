//! `resume-editor serve [--bind ADDR]`: applies migrations and runs the HTTP server until
//! SIGINT or SIGTERM, then stops within `RESUME_EDITOR_SHUTDOWN_GRACE_SECONDS` and exits 0.
//!
//! The stop is bounded twice. The server itself ends event streams, stops refinement runs and
//! drops connections still open at the end of the grace period; blocking work still running
//! then (`spawn_blocking`) is abandoned rather than waited for. And the signals are watched on a
//! thread of their own, which ends the process (status 1) if it is still alive a few seconds
//! after the grace period, whatever the runtime's workers are busy with.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use tokio_util::sync::CancellationToken;

use super::server;
use crate::serving::serve;
use crate::state::AppState;

/// How long blocking work still running after the server stopped may delay the exit.
const BLOCKING_WORK_WAIT: Duration = Duration::from_secs(1);
/// How long after the grace period the watchdog ends a process that has not stopped.
const HARD_STOP_MARGIN: Duration = Duration::from_secs(3);

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
    let stop = CancellationToken::new();
    watch_signals(stop.clone(), settings.runtime.shutdown_grace)?;
    let runtime = server::runtime()?;
    let result = runtime.block_on(async move {
        let db = server::open_database(&settings).await?;
        let set_up = crate::services::instance::is_set_up(&db)
            .await
            .context("reading whether the instance is set up")?;
        if let Some(generated) = crate::setup_token::ensure(&mut settings, set_up)? {
            tracing::warn!(
                file = %generated.path.display(),
                "the instance is not set up and listens beyond loopback: POST /setup needs the setup token {} in {}",
                if generated.created { "generated now" } else { "generated earlier" },
                generated.path.display()
            );
        }
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
        serve(listener, state, stop.cancelled_owned())
            .await
            .context("serving HTTP")?;
        maintenance.abort();
        db.close().await.context("closing the database")?;
        tracing::info!("stopped");
        Ok(())
    });
    // Dropping the runtime would wait for every blocking task (a long computation of a request
    // that was cut) without limit.
    runtime.shutdown_timeout(BLOCKING_WORK_WAIT);
    result
}

/// Watches SIGINT and SIGTERM on a thread with its own small runtime: on the first, cancels
/// `stop`; if the process still runs `grace` plus a margin later, ends it. The handlers are
/// installed before this returns, so a signal that comes early is not lost.
fn watch_signals(stop: CancellationToken, grace: Duration) -> anyhow::Result<()> {
    let signals = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the signal watcher")?;
    let received = signals.block_on(async { crate::app::shutdown_signals() })?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            signals.block_on(received);
            stop.cancel();
            std::thread::sleep(grace + HARD_STOP_MARGIN);
            tracing::error!(
                grace_seconds = grace.as_secs(),
                "the server did not stop within the shutdown grace period; exiting now"
            );
            std::process::exit(i32::from(super::EXIT_INVALID));
        })
        .context("starting the signal watcher")?;
    Ok(())
}
