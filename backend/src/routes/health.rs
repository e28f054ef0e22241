//! `GET /health`: the process answers and the database responds.

use axum::Json;
use axum::extract::State;
use resume_shared::api::{ApiError, DatabaseState, HealthResponse, HealthState};
use sea_orm::ConnectionTrait as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::state::AppState;

/// The health routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_health))
}

/// Pings the database: 200 `{"status": "ok", "database": "ok"}` when it answers, 503
/// `unavailable` (in the error envelope) when it does not. Needs no authentication and answers
/// before setup, for load balancers and container health checks.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses(
        (status = 200, description = "Healthy", body = HealthResponse),
        (status = 503, description = "The database is unreachable", body = ApiError),
    )
)]
pub async fn get_health(State(state): State<AppState>) -> Result<Json<HealthResponse>, AppError> {
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => Ok(Json(HealthResponse {
            status: HealthState::Ok,
            database: DatabaseState::Ok,
        })),
        Err(error) => {
            tracing::warn!(error = %error, "health check: database unreachable");
            Err(AppError::Unavailable)
        }
    }
}
