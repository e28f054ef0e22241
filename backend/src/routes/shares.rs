//! The owner's share links: `/resumes/{id}/shares` (create, list) and
//! `/resumes/{id}/shares/{share_id}` (change, revoke). Another user's resume or link answers 404, as
//! does a resume in the trash. A `read` personal access token may list but not write. The
//! public pages the links open are `crate::share_page`'s.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::shares::{
    CreateShareRequest, ShareListResponse, ShareResponse, UpdateShareRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Caller, ClientIp};
use crate::error::{AppError, AppJson, AppPath};
use crate::services::applications::Author;
use crate::services::shares as service;
use crate::state::AppState;
use crate::wire::shares as wire;

/// The share link routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_share, list_shares))
        .routes(routes!(update_share, revoke_share))
}

/// The caller as the author of a change.
fn author(current: &Caller, ip: Option<String>) -> Author {
    Author {
        user_id: current.user.id,
        impersonator: current.impersonator(),
        ip,
    }
}

/// Makes a public read-only link to the resume: its answer's `path` (`/s/{token}`) is the
/// link. Audited (`share.create`).
#[utoipa::path(
    post,
    path = "/resumes/{id}/shares",
    tag = "shares",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = CreateShareRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The new link", body = ShareResponse),
        (status = 400, description = "Malformed body, an unknown mode or template, or an unknown field", body = ApiError),
        (status = 404, description = "No such resume (or someone else's, or in the trash)", body = ApiError),
        (status = 409, description = "The resume has as many links as allowed (`quota_exceeded`)", body = ApiError),
        (status = 422, description = "An expiry that is not a future RFC 3339 timestamp, or a password too short or too long", body = ApiError),
        (status = 503, description = "Password hashing is saturated; retry after `Retry-After` seconds", body = ApiError),
    )
)]
pub async fn create_share(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<CreateShareRequest>,
) -> Result<(StatusCode, Json<ShareResponse>), AppError> {
    let now = Utc::now();
    let by = author(&current, ip);
    let row = service::create(&state.db, &by, id, input, now).await?;
    Ok((StatusCode::CREATED, Json(wire::share(row, now))))
}

/// Every link of the resume, the newest first, revoked and expired ones included.
#[utoipa::path(
    get,
    path = "/resumes/{id}/shares",
    tag = "shares",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The links", body = ShareListResponse),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn list_shares(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ShareListResponse>, AppError> {
    let now = Utc::now();
    let rows = service::list(&state.db, current.user.id, id).await?;
    Ok(Json(ShareListResponse {
        items: rows.into_iter().map(|row| wire::share(row, now)).collect(),
    }))
}

/// Changes a link's expiry, password or indexing (absent fields stay, `null` clears). A new
/// password, or none, ends the grants visitors hold. Audited (`share.update`, naming the
/// changed fields).
#[utoipa::path(
    patch,
    path = "/resumes/{id}/shares/{share_id}",
    tag = "shares",
    params(
        ("id" = Uuid, Path, description = "Resume id"),
        ("share_id" = Uuid, Path, description = "Share link id"),
    ),
    request_body = UpdateShareRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The link after the change", body = ShareResponse),
        (status = 400, description = "Malformed body or an unknown field", body = ApiError),
        (status = 404, description = "No such resume, or no such link of it", body = ApiError),
        (status = 409, description = "The link is revoked (`conflict`)", body = ApiError),
        (status = 422, description = "An expiry that is not a future RFC 3339 timestamp, or a password too short or too long", body = ApiError),
        (status = 503, description = "Password hashing is saturated; retry after `Retry-After` seconds", body = ApiError),
    )
)]
pub async fn update_share(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath((id, share_id)): AppPath<(Uuid, Uuid)>,
    AppJson(input): AppJson<UpdateShareRequest>,
) -> Result<Json<ShareResponse>, AppError> {
    let now = Utc::now();
    let by = author(&current, ip);
    let row = service::update(&state.db, &by, id, share_id, input, now).await?;
    Ok(Json(wire::share(row, now)))
}

/// Revokes a link: from now on it answers 404 like a link that never existed. Idempotent.
/// Audited (`share.revoke`).
#[utoipa::path(
    delete,
    path = "/resumes/{id}/shares/{share_id}",
    tag = "shares",
    params(
        ("id" = Uuid, Path, description = "Resume id"),
        ("share_id" = Uuid, Path, description = "Share link id"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such resume, or no such link of it", body = ApiError),
    )
)]
pub async fn revoke_share(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath((id, share_id)): AppPath<(Uuid, Uuid)>,
) -> Result<StatusCode, AppError> {
    let by = author(&current, ip);
    service::revoke(&state.db, &by, id, share_id, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
