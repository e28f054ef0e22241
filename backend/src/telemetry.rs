//! Logging: a `tracing` subscriber writing compact or JSON lines to standard error, filtered by
//! `RESUME_EDITOR_LOG` (default `info`). Lines are handed to a background writer thread, so a
//! request never waits for the write to standard error (at `info` every request is one line);
//! nothing is dropped: when the queue is full, logging waits.
//!
//! What is never logged: passwords, tokens, cookies, API keys, the secrets of the
//! configuration and SQL parameters. Request and response bodies and headers are not logged at
//! all; requests are logged as method, matched route, request id, status and latency.

use std::io::IsTerminal as _;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::config::LogFormat;

/// Keeps the background log writer alive; dropping it flushes what is queued. Hold it until
/// the program ends.
#[derive(Debug)]
pub struct LogGuard {
    _worker: Option<WorkerGuard>,
}

/// Installs the global subscriber. When one was installed already (tests), the guard holds
/// nothing.
#[must_use = "dropping the guard stops the log writer"]
pub fn init(filter: &str, format: LogFormat) -> LogGuard {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match format {
        LogFormat::Compact => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .compact()
                    // Colours only for a person at a terminal, not in files and collectors.
                    .with_ansi(std::io::stderr().is_terminal())
                    .with_writer(writer),
            )
            .try_init()
            .is_ok(),
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_writer(writer),
            )
            .try_init()
            .is_ok(),
    };
    LogGuard {
        _worker: installed.then_some(guard),
    }
}
