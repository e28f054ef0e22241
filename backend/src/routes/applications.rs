//! The application tracker: `/resumes/{id}/application` (create, read with its timeline,
//! replace with the version it is based on, delete) and `/applications` (the caller's list and
//! its CSV export). Another user's resume answers 404, as does a resume in the trash.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::applications::{
    ApplicationListResponse, ApplicationResponse, ApplicationStatus, CreateApplicationRequest,
    UpdateApplicationRequest,
};
use resume_shared::api::input::{
    CheckInput, Limit, MAX_SEARCH_CHARS, Problems, check_line, check_paging, check_version,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Caller, ClientIp};
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::Page;
use crate::services::applications::{
    self as service, Author, DEFAULT_PER_PAGE, ListQuery, MAX_PER_PAGE, Sort,
};
use crate::state::AppState;
use crate::wire::applications as wire;
use crate::wire::query::lenient_u64;

/// The application routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            create_application,
            get_application,
            update_application,
            delete_application
        ))
        .routes(routes!(list_applications))
        .routes(routes!(export_applications))
}

/// The caller as the author of a change.
fn author(current: &Caller, ip: Option<String>) -> Author {
    Author {
        user_id: current.user.id,
        impersonator: current.impersonator(),
        ip,
    }
}

/// Creates the resume's application, with the first event of its timeline. Audited
/// (`application.create`).
#[utoipa::path(
    post,
    path = "/resumes/{id}/application",
    tag = "applications",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = CreateApplicationRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The new application (version 1)", body = ApplicationResponse),
        (status = 404, description = "No such resume (or someone else's, or in the trash)", body = ApiError),
        (status = 409, description = "The resume has an application already (`conflict`)", body = ApiError),
        (status = 422, description = "Invalid fields, each named", body = ApiError),
    )
)]
pub async fn create_application(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<CreateApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationResponse>), AppError> {
    let by = author(&current, ip);
    let stored = service::create(&state.db, &by, id, input.fields, Utc::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(wire::application(&state.db, stored).await?),
    ))
}

/// The resume's application with its timeline, oldest event first.
#[utoipa::path(
    get,
    path = "/resumes/{id}/application",
    tag = "applications",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The application", body = ApplicationResponse),
        (status = 404, description = "No such resume, or it has no application", body = ApiError),
    )
)]
pub async fn get_application(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ApplicationResponse>, AppError> {
    let stored = service::get(&state.db, current.user.id, id).await?;
    Ok(Json(wire::application(&state.db, stored).await?))
}

/// Replaces the application's fields (absent ones are cleared). `version` must be the current
/// one: a stale version answers 409 `version_conflict` with `current_version`, and nothing is
/// written. A changed status adds a timeline event (audited, `application.status`).
#[utoipa::path(
    put,
    path = "/resumes/{id}/application",
    tag = "applications",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = UpdateApplicationRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The application after the change", body = ApplicationResponse),
        (status = 404, description = "No such resume, or it has no application", body = ApiError),
        (status = 409, description = "Stale version (`version_conflict`)", body = ApiError),
        (status = 422, description = "Invalid fields, each named", body = ApiError),
    )
)]
pub async fn update_application(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<UpdateApplicationRequest>,
) -> Result<Json<ApplicationResponse>, AppError> {
    let by = author(&current, ip);
    let version = input.version;
    let stored = service::update(&state.db, &by, id, version, input.fields, Utc::now()).await?;
    Ok(Json(wire::application(&state.db, stored).await?))
}

/// Query of `DELETE /resumes/{id}/application`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteApplicationQuery {
    /// The version this deletion is based on.
    #[param(minimum = 1, maximum = 9007199254740991_i64)]
    pub version: i64,
}

impl CheckInput for DeleteApplicationQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// Deletes the application and its timeline. Audited (`application.delete`).
#[utoipa::path(
    delete,
    path = "/resumes/{id}/application",
    tag = "applications",
    params(("id" = Uuid, Path, description = "Resume id"), DeleteApplicationQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such resume, or it has no application", body = ApiError),
        (status = 409, description = "Stale version (`version_conflict`)", body = ApiError),
        (status = 422, description = "A version out of range", body = ApiError),
    )
)]
pub async fn delete_application(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<DeleteApplicationQuery>,
) -> Result<StatusCode, AppError> {
    let by = author(&current, ip);
    service::delete(&state.db, &by, id, query.version, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Query of `GET /applications`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListApplicationsQuery {
    /// Only applications with this status.
    pub status: Option<ApplicationStatus>,
    /// Every whitespace-separated term must occur in the resume's name or company, the
    /// contact or the next step (ignoring case); at most 255 characters.
    #[param(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub q: Option<String>,
    /// `updated`, `next_step`, `applied` or `name`, `-` in front for descending (default
    /// `-updated`: the latest change first). Applications without the date sorted on come
    /// last in either direction.
    #[param(pattern = r"^-?(updated|next_step|applied|name)$")]
    pub sort: Option<String>,
    /// Page number, from 1 (default 1).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, 1–100 (default 20).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

impl CheckInput for ListApplicationsQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_paging(problems, self.page, self.per_page, MAX_PER_PAGE);
        if let Some(q) = &self.q {
            check_line(problems, "q", q, Limit::Chars(MAX_SEARCH_CHARS));
        }
    }
}

/// The caller's applications (of resumes not in the trash), filtered, sorted and paged.
#[utoipa::path(
    get,
    path = "/applications",
    tag = "applications",
    params(ListApplicationsQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of applications", body = ApplicationListResponse),
        (status = 422, description = "Bad sort or paging", body = ApiError),
    )
)]
pub async fn list_applications(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppQuery(query): AppQuery<ListApplicationsQuery>,
) -> Result<Json<ApplicationListResponse>, AppError> {
    let page = Page::within(query.page, query.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
    let sort = query
        .sort
        .as_deref()
        .map(Sort::parse)
        .transpose()?
        .unwrap_or_default();
    let list = ListQuery {
        status: query.status,
        q: query.q,
        sort,
    };
    let (rows, total) = service::list(&state.db, current.user.id, &list, page).await?;
    Ok(Json(ApplicationListResponse {
        items: rows.into_iter().map(wire::summary).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// Every application of the caller (of resumes not in the trash) as CSV, latest change first:
/// a header row, then one row per application (RFC 4180, CRLF line ends). A cell beginning
/// with `=`, `+`, `-`, `@`, a tab or a carriage return starts with `'`, so a spreadsheet shows
/// it rather than running it as a formula.
#[utoipa::path(
    get,
    path = "/applications/export",
    tag = "applications",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The CSV file, as an attachment named `applications.csv`", content_type = "text/csv", body = String),
    )
)]
pub async fn export_applications(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
) -> Result<Response, AppError> {
    let rows = service::export(&state.db, current.user.id).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"applications.csv\""),
    );
    Ok((StatusCode::OK, headers, wire::csv(&rows)).into_response())
}
