//! `/trash`: resumes deleted in the last 30 days, which can be restored or deleted for good.
//! Older ones are no longer listed, and the server's hourly task (`maintenance`) purges them;
//! a listing never deletes anything, so one user's request does no work for all the others.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::resumes::{RestoreResponse, TrashListResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::ApiUser;
use crate::error::{AppError, AppPath};
use crate::services::resumes::{listing, trash};
use crate::state::AppState;
use crate::wire::resumes as wire;

/// The trash routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_trash))
        .routes(routes!(restore_trash_item))
        .routes(routes!(delete_trash_item))
}

/// The caller's trash, newest deletion first.
#[utoipa::path(
    get,
    path = "/trash",
    tag = "trash",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The trash", body = TrashListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn list_trash(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
) -> Result<Json<TrashListResponse>, AppError> {
    let rows = trash::list_trash(&state.db, current.user.id, Utc::now()).await?;
    let parents =
        listing::names(&state.db, rows.iter().filter_map(|r| r.parent_id).collect()).await?;
    let items = rows
        .into_iter()
        .filter_map(|row| wire::trash_item(row, &parents))
        .collect();
    Ok(Json(TrashListResponse { items }))
}

/// Restores a resume from the trash, with the tailored resumes that went there with it. A
/// tailored resume whose base is still in the trash answers 409 `parent_in_trash`.
#[utoipa::path(
    post,
    path = "/trash/{id}/restore",
    tag = "trash",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The restored resumes", body = RestoreResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "Not in the caller's trash", body = ApiError),
        (status = 409, description = "The base resume is in the trash", body = ApiError),
    )
)]
pub async fn restore_trash_item(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RestoreResponse>, AppError> {
    let restored = trash::restore(&state.db, current.user.id, id).await?;
    Ok(Json(RestoreResponse {
        restored: wire::refs(restored),
    }))
}

/// Deletes a resume from the trash for good, with its revisions.
#[utoipa::path(
    delete,
    path = "/trash/{id}",
    tag = "trash",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "Not in the caller's trash", body = ApiError),
    )
)]
pub async fn delete_trash_item(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    trash::delete_permanently(&state.db, current.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
