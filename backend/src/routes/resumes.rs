//! `/resumes`: the signed-in user's resumes — list, create, read, update (with the version it is
//! based on), move to the trash, validate text without storing it and import a file (exports
//! are in [`super::documents`]). Another user's resume answers 404.

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest as _, Multipart, Request, State};
use axum::http::{StatusCode, header};
use chrono::Utc;
use resume_shared::api::import::{ImportPreviewRequest, ImportPreviewResponse};
use resume_shared::api::input::{
    CheckInput, Limit, MAX_NAME_CHARS, MAX_SEARCH_CHARS, Problems, capped, check_line, check_paging,
};
use resume_shared::api::resumes::{
    CreateResumeRequest, DeleteResumeResponse, ImportFormat, ImportRequest, ResumeKind,
    ResumeListResponse, ResumeRef, ResumeResponse, ResumeSummary, UpdateResumeRequest,
    ValidateRequest, ValidateResponse,
};
use resume_shared::api::{ApiError, ErrorCode};
use sea_orm::{ConnectionTrait, TransactionTrait as _};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Caller};
use crate::db::convert::timestamp;
use crate::db::entities::resumes;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::routes::query::lenient_u64;
use crate::services::resumes::listing::{
    self, DEFAULT_PER_PAGE, ListQuery, MAX_PER_PAGE, Sort, SummaryRow,
};
use crate::services::resumes::trash;
use crate::services::resumes::{self as service, Actor, Change, NewResume, Reason, from_json};
use crate::services::{Page, ServiceError};
use crate::state::AppState;

/// The resume routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resumes, create_resume))
        .routes(routes!(get_resume, update_resume, delete_resume))
        .routes(routes!(validate_resume))
        .routes(routes!(import_resume))
        .routes(routes!(preview_import))
}

/// The caller as the author of changes, held to the configured quotas.
pub(crate) fn actor(state: &AppState, current: &Caller) -> Actor {
    Actor {
        user_id: current.user.id,
        impersonator: current.impersonator(),
        quotas: state.settings.quotas,
    }
}

/// The whole answer for one resume: metadata, text, model and warnings.
///
/// # Errors
/// Database errors; an internal error if the stored text does not parse.
pub(crate) async fn resume_response(
    conn: &impl ConnectionTrait,
    row: resumes::Model,
) -> Result<ResumeResponse, AppError> {
    let parsed = service::parse_stored(&row)?;
    let parent = parent_ref(conn, row.parent_id).await?;
    let (warnings, warning_count) = capped(parsed.warnings);
    Ok(ResumeResponse {
        id: row.id.to_string(),
        name: row.name,
        kind: ResumeKind::from_name(&row.kind).unwrap_or(ResumeKind::Base),
        parent,
        company: row.company,
        notes: row.notes,
        job_description: row.job_description,
        job_details: from_json(row.job_details.as_ref()),
        introduction: row.introduction,
        export_preferences: from_json(row.export_preferences.as_ref()),
        version: row.version,
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
        content: row.content,
        resume: parsed.resume,
        warnings,
        warning_count: warning_count as u64,
    })
}

async fn parent_ref(
    conn: &impl ConnectionTrait,
    parent: Option<Uuid>,
) -> Result<Option<ResumeRef>, AppError> {
    let Some(parent) = parent else {
        return Ok(None);
    };
    Ok(listing::names(conn, vec![parent])
        .await?
        .into_iter()
        .next()
        .map(|(id, name)| ResumeRef {
            id: id.to_string(),
            name,
        }))
}

/// Query of `GET /resumes`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListResumesQuery {
    /// Every whitespace-separated term must occur in the name, company or notes (ignoring
    /// case); at most 255 characters.
    #[param(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub q: Option<String>,
    /// `base` or `tailored`.
    pub kind: Option<ResumeKind>,
    /// `name`, `company`, `created` or `updated`, `-` in front for descending (default `-updated`).
    #[param(pattern = r"^-?(name|company|created|updated)$")]
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

impl CheckInput for ListResumesQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_paging(problems, self.page, self.per_page, MAX_PER_PAGE);
        if let Some(q) = &self.q {
            check_line(problems, "q", q, Limit::Chars(MAX_SEARCH_CHARS));
        }
    }
}

/// The caller's resumes (not in the trash), filtered, sorted and paged; without content.
#[utoipa::path(
    get,
    path = "/resumes",
    tag = "resumes",
    params(ListResumesQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of resumes", body = ResumeListResponse),
        (status = 400, description = "Bad query parameter", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 422, description = "Bad sort or paging", body = ApiError),
    )
)]
pub async fn list_resumes(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppQuery(query): AppQuery<ListResumesQuery>,
) -> Result<Json<ResumeListResponse>, AppError> {
    let page = Page::within(query.page, query.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
    let sort = query
        .sort
        .as_deref()
        .map(Sort::parse)
        .transpose()?
        .unwrap_or_default();
    let list = ListQuery {
        q: query.q,
        kind: query.kind,
        sort,
    };
    let (rows, total) = listing::list(&state.db, current.user.id, &list, page).await?;
    let parent_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.parent_id).collect();
    let parents = listing::names(&state.db, parent_ids).await?;
    let items = rows.into_iter().map(|row| summary(row, &parents)).collect();
    Ok(Json(ResumeListResponse {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}

fn summary(row: SummaryRow, parents: &[(Uuid, String)]) -> ResumeSummary {
    let parent = row.parent_id.and_then(|id| {
        parents
            .iter()
            .find(|(parent, _)| *parent == id)
            .map(|(id, name)| ResumeRef {
                id: id.to_string(),
                name: name.clone(),
            })
    });
    ResumeSummary {
        id: row.id.to_string(),
        name: row.name,
        kind: ResumeKind::from_name(&row.kind).unwrap_or(ResumeKind::Base),
        parent,
        company: row.company,
        notes: row.notes,
        version: row.version,
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
    }
}

/// Creates a base resume. Without `content`, it starts from a complete example that shows
/// every section.
#[utoipa::path(
    post,
    path = "/resumes",
    tag = "resumes",
    request_body = CreateResumeRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The new resume", body = ResumeResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 409, description = "The resumes quota is used up (`quota_exceeded`)", body = ApiError),
        (status = 422, description = "Invalid name, or content with errors (with line numbers)", body = ApiError),
    )
)]
pub async fn create_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppJson(input): AppJson<CreateResumeRequest>,
) -> Result<(StatusCode, Json<ResumeResponse>), AppError> {
    let content = input
        .content
        .unwrap_or_else(|| resume_shared::sample::PLACEHOLDER.to_owned());
    let new = NewResume::base(input.name, content, Reason::Create);
    let row = insert(&state, &current, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(resume_response(&state.db, row).await?),
    ))
}

/// Creates a resume and its first revision in one transaction.
pub(crate) async fn insert(
    state: &AppState,
    current: &Caller,
    new: NewResume,
) -> Result<resumes::Model, AppError> {
    let actor = actor(state, current);
    if let Some(parent) = new.parent_id {
        service::owned(&state.db, actor.user_id, parent).await?;
    }
    let now = Utc::now();
    Ok(state
        .db
        .transaction::<_, _, ServiceError>(move |txn| {
            Box::pin(async move { service::create(txn, actor, new, now).await })
        })
        .await
        .map_err(ServiceError::from)?)
}

/// One resume: metadata, text, parsed model and the parser's warnings.
#[utoipa::path(
    get,
    path = "/resumes/{id}",
    tag = "resumes",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The resume", body = ResumeResponse),
        (status = 400, description = "Bad id", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume (or someone else's)", body = ApiError),
    )
)]
pub async fn get_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ResumeResponse>, AppError> {
    let row = service::owned(&state.db, current.user.id, id).await?;
    Ok(Json(resume_response(&state.db, row).await?))
}

/// Changes a resume. `version` must be the current one: a stale version answers 409 with the
/// current version in `error.current_version`, and nothing is written. A change of content
/// keeps the previous content as a revision.
#[utoipa::path(
    put,
    path = "/resumes/{id}",
    tag = "resumes",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = UpdateResumeRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The updated resume", body = ResumeResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "Stale version", body = ApiError),
        (status = 422, description = "Invalid fields, or content with errors", body = ApiError),
    )
)]
pub async fn update_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<UpdateResumeRequest>,
) -> Result<Json<ResumeResponse>, AppError> {
    let change = Change {
        name: input.name,
        content: input.content.map(|content| (content, Reason::Edit)),
        company: input.company,
        notes: input.notes,
        introduction: input.introduction,
        job_description: input.job_description,
        job_details: input.job_details,
    };
    let row = write(&state, &current, id, input.version, change).await?;
    Ok(Json(resume_response(&state.db, row).await?))
}

/// Applies a change in one transaction.
pub(crate) async fn write(
    state: &AppState,
    current: &Caller,
    id: Uuid,
    version: i64,
    change: Change,
) -> Result<resumes::Model, AppError> {
    let actor = actor(state, current);
    let now = Utc::now();
    Ok(state
        .db
        .transaction::<_, _, ServiceError>(move |txn| {
            Box::pin(async move { service::update(txn, actor, id, version, change, now).await })
        })
        .await
        .map_err(ServiceError::from)?)
}

/// Moves a resume to the trash for 30 days. A base resume takes its tailored resumes with it;
/// the answer lists every resume that went.
#[utoipa::path(
    delete,
    path = "/resumes/{id}",
    tag = "resumes",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "What went to the trash", body = DeleteResumeResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn delete_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<DeleteResumeResponse>, AppError> {
    let now = Utc::now();
    let trashed = trash::trash(&state.db, current.user.id, id, now).await?;
    Ok(Json(DeleteResumeResponse {
        trashed: trashed.len() as u64,
        resumes: trashed
            .into_iter()
            .map(|r| ResumeRef {
                id: r.id.to_string(),
                name: r.name,
            })
            .collect(),
        purge_at: timestamp(trash::purge_at(now)),
    }))
}

/// Checks resume text without storing anything: every error and warning with its line.
#[utoipa::path(
    post,
    path = "/resumes/validate",
    tag = "resumes",
    request_body = ValidateRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The diagnostics, and the model when valid", body = ValidateResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 422, description = "Content over 1 MiB or holding a NUL character", body = ApiError),
    )
)]
pub async fn validate_resume(
    ApiUser(_current): ApiUser,
    AppJson(input): AppJson<ValidateRequest>,
) -> Result<Json<ValidateResponse>, AppError> {
    Ok(Json(validation(&input.content)?))
}

/// The findings about a text: the first of each kind and how many there are (a text can hold
/// one on every line, and the answer must not grow with it).
fn validation(content: &str) -> Result<ValidateResponse, AppError> {
    let (errors, warnings, resume) = match service::check_content(content) {
        Ok(parsed) => (Vec::new(), parsed.warnings, Some(parsed.resume)),
        Err(ServiceError::InvalidResume(failure)) => (failure.errors, failure.warnings, None),
        Err(other) => return Err(other.into()),
    };
    let (errors, error_count) = capped(errors);
    let (warnings, warning_count) = capped(warnings);
    Ok(ValidateResponse {
        valid: error_count == 0,
        errors,
        error_count: error_count as u64,
        warnings,
        warning_count: warning_count as u64,
        resume,
    })
}

/// What importing a file would save, without saving anything: a JSON Resume document (a
/// `file_name` ending in `.json`) is mapped to Markdown, and the text is checked. The answer
/// lists the errors (any error means it cannot be saved) and the warnings, every field the
/// mapping dropped or approximated first (line 0, its JSON path). Send `content` and `name`
/// to `POST /resumes/import` to save it.
#[utoipa::path(
    post,
    path = "/resumes/import/preview",
    tag = "resumes",
    request_body = ImportPreviewRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "What would be saved", body = ImportPreviewResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 422, description = "Over 1 MiB or holding a NUL; a JSON Resume file that is not JSON, not a resume or has a value of the wrong type (with its JSON path)", body = ApiError),
    )
)]
pub async fn preview_import(
    ApiUser(_current): ApiUser,
    AppJson(input): AppJson<ImportPreviewRequest>,
) -> Result<Json<ImportPreviewResponse>, AppError> {
    let format = ImportFormat::of_file(input.file_name.as_deref());
    let (content, mapping_warnings) = match format {
        ImportFormat::JsonResume => service::from_json_resume(&input.content, "content")?,
        ImportFormat::Markdown => (input.content, Vec::new()),
    };
    let found = validation(&content)?;
    let stem = input
        .file_name
        .as_deref()
        .map(|name| name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim())
        .filter(|stem| !stem.is_empty());
    let name = stem
        .map(str::to_owned)
        .or_else(|| {
            found
                .resume
                .as_ref()
                .and_then(|resume| resume.candidate_name().map(str::to_owned))
        })
        .unwrap_or_else(|| "Imported resume".to_owned());
    let mut warnings = mapping_warnings;
    let warning_count = warnings.len() as u64 + found.warning_count;
    warnings.extend(found.warnings);
    Ok(Json(ImportPreviewResponse {
        format,
        name,
        content,
        errors: found.errors,
        error_count: found.error_count,
        warnings,
        warning_count,
    }))
}

/// Imports a Markdown file as a new base resume: `multipart/form-data` with a `file` part (and
/// an optional `name` part), or JSON `{content, name?, format?}`. A `file` named `*.json` or
/// sent as `application/json`, or `content` with `format: "json-resume"`, is a JSON Resume
/// document: it is mapped to our format (`docs/FORMAT.md`) and every field the mapping
/// dropped or approximated comes first in `warnings`, with line 0 and its JSON path. Invalid
/// files answer 422 with every line-numbered error (or, for JSON Resume, the problem and its
/// JSON path); nothing is stored.
#[utoipa::path(
    post,
    path = "/resumes/import",
    tag = "resumes",
    request_body(
        content(
            (ImportRequest = "application/json"),
            (ImportForm = "multipart/form-data")
        ),
        description = "The file, as JSON or as a form upload"
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The imported resume, with its warnings", body = ResumeResponse),
        (status = 400, description = "Malformed body", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 409, description = "The resumes quota is used up (`quota_exceeded`)", body = ApiError),
        (status = 413, description = "Over the 2 MiB body limit (JSON or form)", body = ApiError),
        (status = 415, description = "Neither JSON nor multipart", body = ApiError),
        (status = 422, description = "The file has errors (with line numbers), is not UTF-8, is over 1 MiB or holds a NUL; a JSON Resume file is not JSON, not a resume or has a value of the wrong type (with its JSON path); or the name breaks its rules", body = ApiError),
    )
)]
pub async fn import_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    request: Request,
) -> Result<(StatusCode, Json<ResumeResponse>), AppError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (name, content, file_name, mapping_warnings) = if is_multipart {
        let multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| AppError::bad_parameter(format!("Invalid form upload: {e}")))?;
        let upload = read_upload(multipart).await?;
        // The form's fields meet the limits of the JSON body's.
        let form = ImportRequest {
            name: upload.name,
            content: upload.content,
            format: None,
        };
        let fields = form.input_problems();
        if !fields.is_empty() {
            return Err(AppError::Validation { fields });
        }
        let (content, warnings) = if upload.json_resume {
            service::from_json_resume(&form.content, "file")?
        } else {
            (form.content, Vec::new())
        };
        (form.name, content, upload.stem, warnings)
    } else {
        let AppJson(input) = AppJson::<ImportRequest>::from_request(request, &state).await?;
        let (content, warnings) = if input.format == Some(ImportFormat::JsonResume) {
            service::from_json_resume(&input.content, "content")?
        } else {
            (input.content, Vec::new())
        };
        (input.name, content, None, warnings)
    };
    let parsed = service::check_content(&content)?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .or(file_name)
        .or_else(|| parsed.resume.candidate_name().map(str::to_owned))
        .unwrap_or_else(|| "Imported resume".to_owned());
    let row = insert(
        &state,
        &current,
        NewResume::base(name, content, Reason::Import),
    )
    .await?;
    let mut response = resume_response(&state.db, row).await?;
    // Every mapping warning, before the text's own (which stay capped).
    response.warning_count += mapping_warnings.len() as u64;
    response.warnings.splice(0..0, mapping_warnings);
    Ok((StatusCode::CREATED, Json(response)))
}

/// The multipart form of an import (for the OpenAPI document). Other parts are ignored, but the
/// form reader refuses some part names (non-ASCII ones), so the document admits none.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "describes the form in the OpenAPI document only")]
pub struct ImportForm {
    /// The Markdown file (UTF-8), or a JSON Resume file (`*.json` or `application/json`).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Name of the new resume (default: the file name without extension).
    name: Option<String>,
}

/// The parts of an import form.
struct Upload {
    /// The `name` part.
    name: Option<String>,
    /// The file's text.
    content: String,
    /// The file name without its extension, as a default resume name.
    stem: Option<String>,
    /// Whether the file is a JSON Resume document (named `*.json` or sent as
    /// `application/json`).
    json_resume: bool,
}

/// Reads `file` (and `name`) from an upload.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let (mut name, mut content, mut stem) = (None, None, None);
    let mut json_resume = false;
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name() {
            Some("file") => {
                json_resume = field.file_name().is_some_and(|f| {
                    std::path::Path::new(f)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                }) || field
                    .content_type()
                    .is_some_and(|t| t.starts_with("application/json"));
                stem = field
                    .file_name()
                    .and_then(|f| std::path::Path::new(f).file_stem())
                    .map(|s| default_name(&s.to_string_lossy()))
                    .filter(|s| !s.is_empty());
                let bytes: Bytes = field.bytes().await.map_err(upload_error)?;
                content = Some(String::from_utf8(bytes.to_vec()).map_err(|_| {
                    AppError::validation([(
                        "file",
                        "must be UTF-8 text (a Markdown or JSON Resume file)",
                    )])
                })?);
            }
            Some("name") => {
                name = Some(field.text().await.map_err(upload_error)?);
            }
            _ => {}
        }
    }
    let content = content.ok_or_else(|| AppError::validation([("file", "is required")]))?;
    Ok(Upload {
        name,
        content,
        stem,
        json_resume,
    })
}

/// A form that could not be read: 413 when it is over the body limit (like every other body),
/// else 400.
fn upload_error(error: MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadRequest {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: ErrorCode::PayloadTooLarge,
            message: "The request body is too large.".to_owned(),
        }
    } else {
        AppError::bad_parameter(format!("Invalid form upload: {error}"))
    }
}

/// A file name as the default name of a resume: control characters dropped, at most
/// [`MAX_NAME_CHARS`] characters (the name someone types is held to the rules instead).
fn default_name(stem: &str) -> String {
    stem.chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}
