//! `/resumes`: the signed-in user's resumes — list, create, read, update (with the version it is
//! based on), move to the trash, validate text without storing it and import a file (exports
//! are in [`super::documents`]). Another user's resume answers 404.

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest as _, Multipart, Request, State};
use axum::http::{StatusCode, header};
use chrono::Utc;
use resume_shared::Diagnostic;
use resume_shared::api::import::{ImportPreviewRequest, ImportPreviewResponse};
use resume_shared::api::input::{
    CheckInput, Limit, MAX_NAME_CHARS, MAX_SEARCH_CHARS, Problems, capped, check_line, check_paging,
};
use resume_shared::api::resumes::{
    CreateResumeRequest, DeleteResumeResponse, ImportFormat, ImportRequest, ResumeKind,
    ResumeListResponse, ResumeResponse, UpdateResumeRequest, ValidateRequest, ValidateResponse,
};
use resume_shared::api::{ApiError, ErrorCode};
use sea_orm::TransactionTrait as _;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Caller};
use crate::db::convert::timestamp;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::resumes::listing::{self, DEFAULT_PER_PAGE, ListQuery, MAX_PER_PAGE, Sort};
use crate::services::resumes::trash;
use crate::services::resumes::{self as service, Change, NewResume, Reason, Stored};
use crate::services::{Page, ServiceError};
use crate::state::AppState;
use crate::wire::query::lenient_u64;
use crate::wire::resumes as wire;

/// The resume routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resumes, create_resume))
        .routes(routes!(get_resume, update_resume, delete_resume))
        .routes(routes!(validate_resume))
        .routes(routes!(import_resume))
        .routes(routes!(preview_import))
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
    let items = rows
        .into_iter()
        .map(|row| wire::summary(row, &parents))
        .collect();
    Ok(Json(ResumeListResponse {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
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
    let stored = insert(&state, &current, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(wire::resume(&state.db, stored).await?),
    ))
}

/// Creates a resume and its first revision in one transaction.
pub(crate) async fn insert(
    state: &AppState,
    current: &Caller,
    new: NewResume,
) -> Result<Stored, AppError> {
    let actor = current.actor(state.settings.quotas);
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
    let stored = Stored::read(&state.db, current.user.id, id).await?;
    Ok(Json(wire::resume(&state.db, stored).await?))
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
    let stored = write(&state, &current, id, input.version, change).await?;
    Ok(Json(wire::resume(&state.db, stored).await?))
}

/// Applies a change in one transaction.
pub(crate) async fn write(
    state: &AppState,
    current: &Caller,
    id: Uuid,
    version: i64,
    change: Change,
) -> Result<Stored, AppError> {
    let actor = current.actor(state.settings.quotas);
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
        resumes: wire::refs(trashed),
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
    let Imported {
        name,
        content,
        file_name,
        mapping_warnings,
    } = read_import(&state, request).await?;
    let parsed = service::check_content(&content)?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .or(file_name)
        .or_else(|| parsed.resume.candidate_name().map(str::to_owned))
        .unwrap_or_else(|| "Imported resume".to_owned());
    let stored = insert(
        &state,
        &current,
        NewResume::base(name, content, Reason::Import),
    )
    .await?;
    let mut response = wire::resume(&state.db, stored).await?;
    // Every mapping warning, before the text's own (which stay capped).
    response.warning_count += mapping_warnings.len() as u64;
    response.warnings.splice(0..0, mapping_warnings);
    Ok((StatusCode::CREATED, Json(response)))
}

/// What an import request brings: JSON or a form, a JSON Resume document already mapped.
struct Imported {
    /// The name asked for.
    name: Option<String>,
    /// The resume text.
    content: String,
    /// The uploaded file's name without its extension.
    file_name: Option<String>,
    /// What the JSON Resume mapping dropped or approximated.
    mapping_warnings: Vec<Diagnostic>,
}

/// Reads an import request: a form upload (held to the JSON body's limits) or JSON.
async fn read_import(state: &AppState, request: Request) -> Result<Imported, AppError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let multipart = Multipart::from_request(request, state)
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
        let (content, mapping_warnings) = if upload.json_resume {
            service::from_json_resume(&form.content, "file")?
        } else {
            (form.content, Vec::new())
        };
        Ok(Imported {
            name: form.name,
            content,
            file_name: upload.stem,
            mapping_warnings,
        })
    } else {
        let AppJson(input) = AppJson::<ImportRequest>::from_request(request, state).await?;
        let (content, mapping_warnings) = if input.format == Some(ImportFormat::JsonResume) {
            service::from_json_resume(&input.content, "content")?
        } else {
            (input.content, Vec::new())
        };
        Ok(Imported {
            name: input.name,
            content,
            file_name: None,
            mapping_warnings,
        })
    }
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
