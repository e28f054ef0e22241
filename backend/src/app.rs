//! The HTTP application: [`build_router`] (routes, OpenAPI document, Swagger UI and the
//! middleware stack) and the shutdown signals. `crate::serving` serves it (a listener with
//! timeouts and a connection cap, graceful shutdown within a grace period).
//!
//! Middleware, outermost first: request id (`x-request-id`, generated when absent and echoed on
//! the response), tracing span per request (method, matched path, request id) with one log
//! line per response, the security headers (`headers`), the request timeout, and for the API
//! the body limit, the setup gate and the audit of impersonated writes.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use resume_shared::api::ErrorCode;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::{AppError, method_not_allowed};
use crate::setup_gate::setup_gate;
use crate::state::AppState;

/// Largest accepted request body of the API (resume content is at most 1 MiB).
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// The whole application: the API under `/api/v1`, the OpenAPI document at
/// `/api/openapi.json`, Swagger UI at `/api/docs` and the public share pages under `/s/`.
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
        .merge(crate::share_page::router())
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
