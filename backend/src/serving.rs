//! Serving the router over TCP with limits a directly exposed server needs: a header-read
//! timeout (slow-header attacks), a cap on connections served at once (further ones wait in the
//! listen backlog until one closes), and a graceful shutdown bounded by a grace period.
//!
//! Shutdown, once the signal future completes: stop accepting; cancel the application's
//! shutdown token (event streams end); stop this instance's refinement runs (their jobs become
//! failed and resumable at once); let requests in flight finish, and close idle connections.
//! Whatever is still open when the grace period ends is dropped.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::app::build_router;
use crate::state::AppState;

/// How long to wait before accepting again after an accept error (e.g. out of file
/// descriptors), so the loop does not spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// Serves `state`'s application on `listener` until `shutdown` completes, then shuts down
/// within the configured grace period (see the module documentation).
///
/// # Errors
/// Never at present (accept errors are logged and retried); the signature leaves room for
/// listener failures.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.settings.runtime.clone();
    let stopping = state.shutdown.clone();
    let jobs = Arc::clone(&state.jobs);
    let router = build_router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    tokio::pin!(shutdown);
    loop {
        // Take a slot before accepting: over the cap, new connections wait in the backlog.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(error = %error, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
        };
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(connection_service(
                router.clone(),
                remote,
            )),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    stopping.cancel();
    let grace = limits.shutdown_grace;
    let (runs_stopped, connections_closed) = tokio::join!(
        jobs.shutdown(grace),
        tokio::time::timeout(grace, graceful.shutdown()),
    );
    if !runs_stopped {
        tracing::warn!("refinement runs still stopping after the shutdown grace period");
    }
    if connections_closed.is_err() {
        tracing::warn!(
            grace_seconds = grace.as_secs(),
            "connections still open after the shutdown grace period are closed"
        );
    }
    Ok(())
}

/// The router as the service of one connection: every request carries the peer address (what
/// `ConnectInfo<SocketAddr>` extracts).
fn connection_service(
    router: Router,
    remote: SocketAddr,
) -> impl tower::Service<
    Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        router.clone().oneshot(request.map(axum::body::Body::new))
    })
}
