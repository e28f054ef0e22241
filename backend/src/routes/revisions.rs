//! `/resumes/{id}/revisions` and `/resumes/{id}/diff`: the history of a resume's content —
//! list, read, compare, restore (a restore is itself a new version).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use resume_shared::api::input::{CheckInput, Problems};
use resume_shared::api::resumes::{
    DiffResponse, ResumeResponse, RevisionListResponse, RevisionResponse, VersionRequest,
};
use resume_shared::api::{ApiError, ErrorCode};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::ApiUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::resumes::revisions::{self, DiffError, RevisionRow};
use crate::state::AppState;
use crate::wire;

/// The revision routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_revisions))
        .routes(routes!(get_revision))
        .routes(routes!(restore_revision))
        .routes(routes!(diff_revisions))
}

/// Every version of the resume's content, newest first: when, who, why.
#[utoipa::path(
    get,
    path = "/resumes/{id}/revisions",
    tag = "revisions",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The revisions", body = RevisionListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn list_revisions(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RevisionListResponse>, AppError> {
    let rows = revisions::list(&state.db, current.user.id, id).await?;
    let items = wire::revisions::summaries(&state.db, rows).await?;
    Ok(Json(RevisionListResponse { items }))
}

/// The content of one version.
#[utoipa::path(
    get,
    path = "/resumes/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("id" = Uuid, Path, description = "Resume id"),
        ("version" = i64, Path, description = "Version"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The revision", body = RevisionResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume or version", body = ApiError),
    )
)]
pub async fn get_revision(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath((id, version)): AppPath<(Uuid, i64)>,
) -> Result<Json<RevisionResponse>, AppError> {
    let revision = revisions::get(&state.db, current.user.id, id, version).await?;
    let row = RevisionRow {
        version: revision.version,
        created_at: revision.created_at,
        reason: revision.reason,
        author_id: revision.author_id,
        impersonator_id: revision.impersonator_id,
    };
    let summary = wire::revisions::summaries(&state.db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound("no such revision".into()))?;
    Ok(Json(RevisionResponse {
        summary,
        content: revision.content,
    }))
}

/// Makes an earlier version's content current again. `version` in the body is the current
/// version the restore is based on (409 when stale); the restore is a new version.
#[utoipa::path(
    post,
    path = "/resumes/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("id" = Uuid, Path, description = "Resume id"),
        ("version" = i64, Path, description = "The version to restore"),
    ),
    request_body = VersionRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The resume after the restore", body = ResumeResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume or version", body = ApiError),
        (status = 409, description = "Stale version", body = ApiError),
        (status = 422, description = "A version out of range", body = ApiError),
    )
)]
pub async fn restore_revision(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath((id, version)): AppPath<(Uuid, i64)>,
    AppJson(input): AppJson<VersionRequest>,
) -> Result<Json<ResumeResponse>, AppError> {
    let stored = revisions::restore(
        &state.db,
        current.actor(state.settings.quotas),
        id,
        version,
        input.version,
        Utc::now(),
    )
    .await?;
    Ok(Json(wire::resumes::resume(&state.db, stored).await?))
}

/// Query of `GET /resumes/{id}/diff`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The older version.
    pub from: i64,
    /// The newer version.
    pub to: i64,
}

/// Versions that do not exist are simply not found.
impl CheckInput for DiffQuery {
    fn check_input(&self, _problems: &mut Problems) {}
}

/// A unified diff between the contents of two versions. Versions of more than 20,000 lines
/// (or 1 MiB) are not compared (422 `diff_too_large`); the search for the shortest diff has a
/// time budget, past which the rest of a changed region shows as replaced. Comparisons run a
/// few at a time; when none frees up within seconds the answer is 503 with `Retry-After`.
#[utoipa::path(
    get,
    path = "/resumes/{id}/diff",
    tag = "revisions",
    params(("id" = Uuid, Path, description = "Resume id"), DiffQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The diff", body = DiffResponse),
        (status = 400, description = "Missing or bad from/to", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume or version", body = ApiError),
        (status = 422, description = "A version is too large to compare (`diff_too_large`)", body = ApiError),
        (status = 503, description = "Too many comparisons at once; see Retry-After", body = ApiError),
    )
)]
pub async fn diff_revisions(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<DiffQuery>,
) -> Result<Json<DiffResponse>, AppError> {
    let diff = revisions::diff(
        &state.db,
        &state.cpu_slots,
        current.user.id,
        id,
        query.from,
        query.to,
    )
    .await?;
    Ok(Json(DiffResponse {
        from: query.from,
        to: query.to,
        diff,
    }))
}

impl From<DiffError> for AppError {
    fn from(error: DiffError) -> Self {
        match error {
            DiffError::Service(error) => error.into(),
            DiffError::TooLarge(too_large) => Self::BadRequest {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: ErrorCode::DiffTooLarge,
                message: too_large.to_string(),
            },
            DiffError::Busy(_) => Self::Busy {
                message: "Too many versions are being compared right now; try again in a \
                          moment."
                    .to_owned(),
                retry_after_secs: 1,
            },
        }
    }
}
