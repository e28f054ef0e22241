//! Documents of a resume: the templates (`GET /templates`), the export
//! (`GET /resumes/{id}/export`), page images of a designed template
//! (`GET /resumes/{id}/preview`) and the remembered export options
//! (`PUT /resumes/{id}/export-preferences`), and the export of a cover letter
//! (`GET /cover-letters/{id}/export`). Rendering runs on the blocking pool, in a CPU
//! slot; the documents themselves come from `resume_documents`.

mod choices;
mod disposition;
mod letters;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use resume_documents::template::OptionKind;
use resume_documents::{Document, ExportError, ExportOptions, Template, export, file_name};
use resume_shared::Resume;
use resume_shared::api::ApiError;
use resume_shared::api::resumes::{ExportPreferences, ResumeKind};
use resume_shared::api::templates::{TemplateInfo, TemplateOption, TemplateOptionKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::ApiUser;
use crate::db::entities::resumes;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::previews::PreviewCache;
use crate::services::resumes::{self as service, from_json};
use crate::state::AppState;
pub(crate) use choices::designed_options;
pub use choices::{ExportQuery, PreviewQuery};
use choices::{export_options, reject_unknown, stored_preferences};
use disposition::content_disposition;
pub use letters::LetterExportQuery;

/// Response header with the number of pages of a PDF export or preview.
pub const PAGE_COUNT_HEADER: &str = "x-page-count";
/// Response header with what the reader should know about the document (e.g. a one-page
/// design that needed more pages), sentences separated by ` | `.
pub const WARNING_HEADER: &str = "x-export-warning";

/// The document routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_templates))
        .routes(routes!(export_resume))
        .routes(routes!(preview_resume))
        .routes(routes!(update_export_preferences))
        .routes(routes!(letters::export_cover_letter))
}

/// Lists the templates: names, descriptions, formats, and the options of each with their
/// types and defaults.
#[utoipa::path(
    get,
    path = "/templates",
    tag = "documents",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Every template", body = Vec<TemplateInfo>),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn list_templates(ApiUser(_current): ApiUser) -> Json<Vec<TemplateInfo>> {
    Json(Template::ALL.into_iter().map(template_info).collect())
}

fn template_info(template: Template) -> TemplateInfo {
    TemplateInfo {
        name: template.as_str().to_owned(),
        description: template.description().to_owned(),
        formats: template
            .formats()
            .iter()
            .map(|f| f.as_str().to_owned())
            .collect(),
        options: template
            .options()
            .into_iter()
            .map(|option| {
                let (kind, values, range) = match option.kind {
                    OptionKind::Choice(values) => (TemplateOptionKind::Choice, values, None),
                    OptionKind::SectionList(values) => (TemplateOptionKind::Sections, values, None),
                    OptionKind::Colour => (TemplateOptionKind::Colour, Vec::new(), None),
                    OptionKind::Number { min, max, step } => (
                        TemplateOptionKind::Number,
                        Vec::new(),
                        Some((min, max, step)),
                    ),
                };
                TemplateOption {
                    name: option.name.to_owned(),
                    description: option.description.to_owned(),
                    kind,
                    values: values.into_iter().map(str::to_owned).collect(),
                    min: range.map(|r| r.0),
                    max: range.map(|r| r.1),
                    step: range.map(|r| r.2),
                    default: option.default,
                }
            })
            .collect(),
        target_pages: template
            .target_pages()
            .and_then(|pages| u32::try_from(pages).ok()),
    }
}

/// Downloads the resume as PDF, Word, Markdown or JSON Resume in a template, with the file name in
/// `Content-Disposition`. Absent options come from the resume's remembered ones, then from
/// the template's defaults; they are not stored here (`PUT /resumes/{id}/export-preferences`
/// does that). A PDF carries its page count in `X-Page-Count`; a design that could not keep
/// its page target still renders everything and says so in `X-Export-Warning`.
#[utoipa::path(
    get,
    path = "/resumes/{id}/export",
    tag = "documents",
    params(("id" = Uuid, Path, description = "Resume id"), ExportQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The document", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "text/markdown; charset=utf-8"),
            (Object = "application/json"),
        ), headers(
            ("x-page-count" = u32, description = "PDF only: the number of pages"),
            ("x-export-warning" = String, description = "Present when the design missed its page target; nothing is left out"),
        )),
        (status = 400, description = "Bad format, preset, month or flag", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 422, description = "An unknown template or option, a value an option does not take, a format the template does not render, or a value over its length", body = ApiError),
        (status = 503, description = "Every render slot is busy; retry after `Retry-After` seconds", body = ApiError),
    )
)]
pub async fn export_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    RawQuery(raw): RawQuery,
    AppQuery(query): AppQuery<ExportQuery>,
) -> Result<Response, AppError> {
    reject_unknown(raw.as_deref(), ExportQuery::NAMES)?;
    let row = service::owned(&state.db, current.user.id, id).await?;
    let saved: Option<ExportPreferences> = from_json(row.export_preferences.as_ref());
    let options = export_options(&query.choices(), saved.as_ref())?;
    let parsed = service::parse_stored(&row)?;
    let candidate = parsed.resume.candidate_name().map(str::to_owned);
    let content = row.content;
    let resume = parsed.resume;
    let render_options = options.clone();
    let document = render(&state, move || export(&content, &resume, &render_options)).await?;
    let tailored = row.kind == ResumeKind::Tailored.as_str();
    let name = file_name(&row.name, candidate.as_deref(), tailored, options.format);
    Ok(download(document, &name))
}

/// A document as a download named `name`: its media type, `Content-Disposition`, `no-store`,
/// and its page count and warnings as headers.
pub(crate) fn download(document: Document, name: &str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(document.content_type),
    );
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(name));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    add_page_headers(&mut headers, document.pages, &document.warnings);
    (headers, document.bytes).into_response()
}

/// A page of the resume in a designed template as a PNG image: thumbnails for the export
/// dialog and its full-size preview. The image is cached by the resume's content and the
/// options (`ETag`; `If-None-Match` answers 304).
#[utoipa::path(
    get,
    path = "/resumes/{id}/preview",
    tag = "documents",
    params(("id" = Uuid, Path, description = "Resume id"), ExportQuery, PreviewQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The page as an image", content((Vec<u8> = "image/png")), headers(
            ("x-page-count" = u32, description = "The number of pages of the document"),
            ("etag" = String, description = "Names the content and options rendered"),
        )),
        (status = 304, description = "The image named by `If-None-Match` is still current"),
        (status = 400, description = "Bad preset, month or flag", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 422, description = "An unknown template or option, a format other than pdf, a template without a preview (the Word-only originals), a page the document does not have, or a width out of range", body = ApiError),
        (status = 503, description = "Every render slot is busy; retry after `Retry-After` seconds", body = ApiError),
    )
)]
pub async fn preview_resume(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    request_headers: HeaderMap,
    RawQuery(raw): RawQuery,
    AppQuery(choices): AppQuery<ExportQuery>,
    AppQuery(query): AppQuery<PreviewQuery>,
) -> Result<Response, AppError> {
    let names: Vec<&str> = ExportQuery::NAMES
        .iter()
        .chain(PreviewQuery::NAMES)
        .copied()
        .collect();
    reject_unknown(raw.as_deref(), &names)?;
    let row = service::owned(&state.db, current.user.id, id).await?;
    let saved: Option<ExportPreferences> = from_json(row.export_preferences.as_ref());
    let options = previewable(export_options(&choices.preview_choices()?, saved.as_ref())?)?;
    let page = query.page_index()?;
    let width = query.width()?;
    let key = PreviewCache::key(&row.content, &options, page, width);
    let etag = format!("\"{key:016x}\"");
    if names_current_image(&request_headers, &etag) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let image = match state.previews.get(key) {
        Some(image) => image,
        None => {
            let (png, pages) = render_page(&state, &row, options, page, width).await?;
            state.previews.insert(key, png, pages)
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    add_page_headers(&mut headers, Some(image.pages), &[]);
    Ok((headers, image.png.as_ref().clone()).into_response())
}

/// The options, when their template is a design (the Word-only originals have no preview).
fn previewable(options: ExportOptions) -> Result<ExportOptions, AppError> {
    if options.template.is_designed() {
        Ok(options)
    } else {
        Err(AppError::validation([(
            "template",
            format!(
                "Template {} is a Word layout and has no preview; use modern, classic or compact.",
                options.template
            ),
        )]))
    }
}

/// Whether `If-None-Match` names the image `etag` names.
fn names_current_image(request_headers: &HeaderMap, etag: &str) -> bool {
    request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag))
}

/// Typesets the resume and draws page `page` (from 0) `width` pixels wide: the PNG and the
/// number of pages; 422 naming `page` when the document is shorter.
async fn render_page(
    state: &AppState,
    row: &resumes::Model,
    options: ExportOptions,
    page: usize,
    width: u32,
) -> Result<(Vec<u8>, usize), AppError> {
    let resume: Resume = service::parse_stored(row)?.resume;
    let pixels_per_point = width as f32 / options.design.paper.width_points();
    let rendered = render(state, move || {
        let typeset = resume_documents::typeset(&resume, &options)?;
        let pages = typeset.pages();
        if page >= pages {
            return Ok(Err(pages));
        }
        Ok(Ok((typeset.png(page, pixels_per_point)?, pages)))
    })
    .await?;
    rendered.map_err(|pages| {
        AppError::validation([(
            "page",
            format!(
                "The document has {pages} page(s); page {} does not exist.",
                page + 1
            ),
        )])
    })
}

/// Runs a render on the blocking pool once a CPU slot is free.
pub(crate) async fn render<T: Send + 'static>(
    state: &AppState,
    job: impl FnOnce() -> Result<T, ExportError> + Send + 'static,
) -> Result<T, AppError> {
    let _slot = state
        .cpu_slots
        .acquire()
        .await
        .map_err(|_| AppError::Busy {
            message: "Too many documents are being rendered right now; try again in a moment."
                .to_owned(),
            retry_after_secs: 1,
        })?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("render task failed")))?
        .map_err(|e| match e {
            ExportError::FormatNotOffered { .. } | ExportError::LetterFormat { .. } => {
                AppError::validation([("format", e.to_string())])
            }
            ExportError::LetterTemplate { .. } => {
                AppError::validation([("template", e.to_string())])
            }
            other => AppError::Internal(anyhow::anyhow!(other).context("export failed")),
        })
}

fn add_page_headers(headers: &mut HeaderMap, pages: Option<usize>, warnings: &[String]) {
    if let Some(pages) = pages {
        headers.insert(PAGE_COUNT_HEADER, HeaderValue::from(pages));
    }
    if !warnings.is_empty()
        && let Ok(value) = HeaderValue::from_str(&warnings.join(" | "))
    {
        headers.insert(WARNING_HEADER, value);
    }
}

/// Remembers the export options chosen for a resume (not content: the version stays). Every
/// value is checked as the export would check it, and stored in its canonical form.
#[utoipa::path(
    put,
    path = "/resumes/{id}/export-preferences",
    tag = "documents",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = ExportPreferences,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The stored options", body = ExportPreferences),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 422, description = "Unknown format, preset, template or option value, bad month, or a value over its length", body = ApiError),
    )
)]
pub async fn update_export_preferences(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<ExportPreferences>,
) -> Result<Json<ExportPreferences>, AppError> {
    let options: ExportOptions = export_options(&choices::Choices::from_preferences(&input), None)
        .map_err(|e| match e {
            AppError::BadRequest { message, .. } => {
                AppError::validation([("preferences", message)])
            }
            other => other,
        })?;
    let stored = stored_preferences(&input, &options);
    service::set_export_preferences(&state.db, current.user.id, id, stored.clone()).await?;
    Ok(Json(stored))
}
