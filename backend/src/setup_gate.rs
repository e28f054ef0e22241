//! The setup gate: until the first administrator exists, every API route but
//! [`OPEN_BEFORE_SETUP`] answers 409 `setup_required`. The OpenAPI document reads the same list
//! to say which operations can answer so.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use resume_shared::api::ErrorCode;

use crate::error::AppError;
use crate::state::AppState;

/// Paths that answer before the instance is set up.
pub const OPEN_BEFORE_SETUP: [&str; 3] =
    ["/api/v1/health", "/api/v1/setup/status", "/api/v1/setup"];

/// Until the instance is set up, every API route but health and setup answers 409
/// `setup_required`.
pub async fn setup_gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
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
