//! `/auth/sessions`: the signed-in user's live sessions — how each began, on which device,
//! from where, when it was last used — and ending any of them. The rules live in
//! `crate::services::sessions`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::sessions::SessionList;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ClientIp, SessionUser};
use crate::auth::session;
use crate::error::{AppError, AppPath};
use crate::services::sessions;
use crate::state::AppState;
use crate::wire::sessions::session_entry;

/// The `/auth/sessions` routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
}

/// The signed-in user's live sessions, the most recently used first; `current` marks the one
/// of this request. An administrator's impersonations of the user are not listed (the audit
/// log records them).
#[utoipa::path(
    get,
    path = "/auth/sessions",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The live sessions", body = SessionList),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "A personal access token", body = ApiError),
    )
)]
pub async fn list_sessions(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<Json<SessionList>, AppError> {
    let rows = sessions::list_own(&state.db, current.user.id, Utc::now()).await?;
    Ok(Json(SessionList {
        items: rows
            .iter()
            .map(|row| session_entry(row, current.session.id))
            .collect(),
    }))
}

/// Ends one of the signed-in user's sessions (recorded as `session.revoke`). Ending the
/// current one signs out: in the browser its cookies are cleared.
#[utoipa::path(
    delete,
    path = "/auth/sessions/{id}",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 400, description = "Not a UUID", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, a personal access token, or impersonating", body = ApiError),
        (status = 404, description = "No such live session of yours", body = ApiError),
    )
)]
pub async fn end_session(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionUser(current): SessionUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    if current.impersonator().is_some() {
        return Err(AppError::forbidden(
            "Sessions can only be ended by their user, not while impersonating.",
        ));
    }
    sessions::end_own(&state.db, current.user.id, id, ip, Utc::now()).await?;
    if id == current.session.id {
        return Ok(session::signed_out(&state));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
