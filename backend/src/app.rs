//! The HTTP application: [`AppState`], [`build_router`] (routes, OpenAPI document, Swagger UI and
//! the middleware stack) and [`serve`] (a listener with timeouts and a connection cap, graceful
//! shutdown within a grace period: [`crate::serving`]).
//!
//! Middleware, outermost first: request id (`x-request-id`, generated when absent and echoed on
//! the response), tracing span per request (method, matched path, request id) with one log
//! line per response, the security headers (`headers`), the request timeout, and for the API
//! the body limit, the setup gate and the audit of impersonated writes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use resume_shared::api::ErrorCode;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::csrf::CsrfKey;
use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::crypto::SecretCipher;
use crate::error::AppError;
use crate::llm::{LlmClient, LlmError, OpenAiClient};
use crate::services::cpu_slots::CpuSlots;
use crate::services::instance;
use crate::services::previews::PreviewCache;
use crate::services::refinements::events::EventBus;
use crate::services::refinements::runner::JobRunner;
use crate::services::refinements::streams::StreamCounter;

/// Largest accepted request body of the API (resume content is at most 1 MiB).
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// Paths that answer before the instance is set up.
pub(crate) const OPEN_BEFORE_SETUP: [&str; 3] =
    ["/api/v1/health", "/api/v1/setup/status", "/api/v1/setup"];

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// The configuration.
    pub settings: Arc<Settings>,
    /// Session token keys.
    pub jwt: Arc<JwtKeys>,
    /// The key of the session-bound CSRF values.
    pub csrf: Arc<CsrfKey>,
    /// Encryption of user secrets.
    pub cipher: Arc<SecretCipher>,
    /// The language-model client (one per process: it holds the connection pool).
    pub llm: Arc<dyn LlmClient>,
    /// Runs refinement jobs in the background.
    pub jobs: Arc<JobRunner>,
    /// Cancelled when the server starts shutting down: long-lived responses (event streams)
    /// end on it.
    pub shutdown: CancellationToken,
    /// The open refinement event streams of each user (capped).
    pub streams: Arc<StreamCounter>,
    /// Bounds the CPU-bound jobs (revision comparisons, document renders) running at once.
    pub cpu_slots: Arc<CpuSlots>,
    /// Page images of designed templates, by what they show.
    pub previews: Arc<PreviewCache>,
    /// Set once the instance is known to be set up; it never becomes unset (the last
    /// administrator cannot be deleted), so this instance stops asking the database.
    set_up: Arc<AtomicBool>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over an open (and migrated) database.
    ///
    /// # Errors
    /// When the HTTP client of the LLM layer cannot be built.
    pub fn new(db: DatabaseConnection, settings: Settings) -> Result<Self, LlmError> {
        let llm: Arc<dyn LlmClient> = Arc::new(OpenAiClient::new(settings.llm.client_config())?);
        Ok(Self::with_llm(db, settings, llm))
    }

    /// State with a given LLM client.
    #[must_use]
    pub fn with_llm(db: DatabaseConnection, settings: Settings, llm: Arc<dyn LlmClient>) -> Self {
        let cipher = Arc::new(SecretCipher::new(&settings));
        let jobs = Arc::new(JobRunner::new(
            db.clone(),
            Arc::clone(&llm),
            Arc::clone(&cipher),
            settings.llm.clone(),
            Arc::new(EventBus::default()),
        ));
        Self {
            jwt: Arc::new(JwtKeys::new(&settings)),
            csrf: Arc::new(CsrfKey::new(&settings)),
            cipher,
            llm,
            jobs,
            shutdown: CancellationToken::new(),
            streams: Arc::new(StreamCounter::default()),
            cpu_slots: Arc::new(CpuSlots::for_this_machine()),
            previews: Arc::new(PreviewCache::default()),
            settings: Arc::new(settings),
            db,
            set_up: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the instance is set up (cached once true).
    ///
    /// # Errors
    /// Database errors.
    pub async fn is_set_up(&self) -> Result<bool, sea_orm::DbErr> {
        if self.set_up.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let set_up = instance::is_set_up(&self.db).await?;
        if set_up {
            self.set_up.store(true, Ordering::Relaxed);
        }
        Ok(set_up)
    }

    /// Whether cookies get `Secure`.
    #[must_use]
    pub fn cookie_secure(&self) -> bool {
        self.settings.cookie_secure()
    }
}

/// The whole application: the API under `/api/v1`, the OpenAPI document at
/// `/api/openapi.json` and Swagger UI at `/api/docs`.
pub fn build_router(state: AppState) -> Router {
    let (api, openapi) = crate::routes::api_router().split_for_parts();
    let api = api
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::audit_impersonated_writes,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), setup_gate))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES));
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", openapi))
        .fallback_service(crate::web::router(&state.settings.static_dir))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::headers::security_headers,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(make_span)
                .on_request(())
                .on_failure(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

fn make_span(request: &Request<Body>) -> tracing::Span {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| request.uri().path(), MatchedPath::as_str);
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        http.method = %request.method(),
        http.route = %path,
        request_id = %request_id,
    )
}

pub(crate) async fn not_found() -> AppError {
    AppError::NotFound("No such route.".to_owned())
}

pub(crate) async fn method_not_allowed() -> AppError {
    AppError::BadRequest {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: ErrorCode::MethodNotAllowed,
        message: "This route does not accept that method.".to_owned(),
    }
}

/// Until the instance is set up, every API route but health and setup answers 409
/// `setup_required`.
async fn setup_gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/api/v1/") || OPEN_BEFORE_SETUP.contains(&path) {
        return next.run(request).await;
    }
    match state.is_set_up().await {
        Ok(true) => next.run(request).await,
        Ok(false) => AppError::Conflict {
            code: ErrorCode::SetupRequired,
            message: "This instance is not set up yet: create the first administrator with POST /api/v1/setup.".to_owned(),
        }
        .into_response(),
        Err(error) => AppError::Db(error).into_response(),
    }
}

/// Answers 408 `request_timeout` when a request (reading its body included) has not produced
/// its response within `RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS`. Only the time until the
/// response starts counts: a streamed body (an event stream, a download) is not cut.
async fn request_timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.settings.runtime.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::BadRequest {
            status: StatusCode::REQUEST_TIMEOUT,
            code: ErrorCode::RequestTimeout,
            message: format!(
                "The request took longer than {} s (RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS).",
                limit.as_secs()
            ),
        }
        .into_response(),
    }
}

/// Serves the application on `listener` until `shutdown` completes, then ends event streams,
/// stops refinement runs and finishes the requests in flight, within the shutdown grace period
/// ([`crate::serving::serve`]).
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    crate::serving::serve(listener, state, shutdown).await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    match shutdown_signals() {
        Ok(received) => received.await,
        Err(error) => {
            tracing::warn!(error = %error, "cannot watch SIGTERM; only Ctrl-C stops the server");
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            tracing::info!("shutdown signal received; finishing requests in flight");
        }
    }
}

/// Installs the SIGINT and SIGTERM handlers now (within a runtime) and returns a future that
/// completes on the first of them.
///
/// # Errors
/// When a handler cannot be installed.
pub fn shutdown_signals() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    let (mut interrupt, mut terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        )
    };
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutdown signal received; finishing requests in flight");
    })
}
