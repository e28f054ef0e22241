//! The export of a cover letter (`GET /cover-letters/{id}/export`): PDF or Word in a designed
//! template with the resume's header, or Markdown, dated today (UTC). The design options are
//! the ones the letter's resume remembers for its own export, so both documents match.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::{Datelike as _, Utc};
use resume_documents::{ExportFormat, Letter, LetterDate, export_letter, letter_file_name};
use resume_shared::api::ApiError;
use resume_shared::api::cover_letters::LetterFormat;
use resume_shared::api::input::{CheckInput, Limit, MAX_EXPORT_CHOICE_BYTES, Problems, check_line};
use resume_shared::api::resumes::ExportPreferences;
use serde::Deserialize;
use uuid::Uuid;

use super::choices::{designed_options, reject_unknown};
use super::{download, render};
use crate::auth::extractor::ApiUser;
use crate::error::{AppError, AppPath, AppQuery};
use crate::services::cover_letters as letters;
use crate::services::resumes::{from_json, parse_stored};
use crate::state::AppState;

/// Query of `GET /cover-letters/{id}/export`. A parameter not listed here is refused (422).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LetterExportQuery {
    /// `pdf`, `docx` or `markdown` (default `pdf`).
    #[param(pattern = r"^(pdf|docx|markdown)$")]
    pub format: Option<String>,
    /// `classic`, `modern` or `compact` (default: the resume's remembered designed template,
    /// else `modern`).
    #[param(pattern = r"^(classic|modern|compact)$")]
    pub template: Option<String>,
}

impl LetterExportQuery {
    /// Every parameter's name.
    const NAMES: &'static [&'static str] = &["format", "template"];
}

impl CheckInput for LetterExportQuery {
    fn check_input(&self, problems: &mut Problems) {
        for (field, value) in [("format", &self.format), ("template", &self.template)] {
            if let Some(value) = value {
                check_line(
                    problems,
                    field,
                    value,
                    Limit::Bytes(MAX_EXPORT_CHOICE_BYTES),
                );
            }
        }
    }
}

/// Downloads a cover letter as PDF, Word or Markdown, with the file name in
/// `Content-Disposition`: the resume's header (name and contact line as its designed templates
/// show them), today's date, the company and contact written to, then the body. A PDF carries
/// its page count in `X-Page-Count`, and a warning in `X-Export-Warning` when it needs more
/// than one page (nothing is left out).
#[utoipa::path(
    get,
    path = "/cover-letters/{id}/export",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Letter id"), LetterExportQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The document", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "text/markdown; charset=utf-8"),
        ), headers(
            ("x-page-count" = u32, description = "PDF only: the number of pages"),
            ("x-export-warning" = String, description = "Present when the letter needs more than one page; nothing is left out"),
        )),
        (status = 400, description = "A parameter that cannot be read", body = ApiError),
        (status = 404, description = "No such letter", body = ApiError),
        (status = 422, description = "An unknown format, template or parameter, or an original (resume-only) template", body = ApiError),
        (status = 503, description = "Every render slot is busy; retry after `Retry-After` seconds", body = ApiError),
    )
)]
pub async fn export_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    RawQuery(raw): RawQuery,
    AppQuery(query): AppQuery<LetterExportQuery>,
) -> Result<Response, AppError> {
    reject_unknown(raw.as_deref(), LetterExportQuery::NAMES)?;
    let format = match query.format.as_deref() {
        None => LetterFormat::Pdf,
        Some(name) => LetterFormat::from_name(name).ok_or_else(|| {
            AppError::validation([(
                "format",
                format!("Cover letters export as pdf, docx or markdown, not \"{name}\"."),
            )])
        })?,
    };
    let format = match format {
        LetterFormat::Pdf => ExportFormat::Pdf,
        LetterFormat::Docx => ExportFormat::Docx,
        LetterFormat::Markdown => ExportFormat::Markdown,
    };
    let (row, resume_row) = letters::owned(&state.db, current.user.id, id).await?;
    let saved: Option<ExportPreferences> = from_json(resume_row.export_preferences.as_ref());
    let options = designed_options(format, query.template.as_deref(), saved.as_ref())?;
    let resume = parse_stored(&resume_row)?.resume;
    let candidate = resume.candidate_name().map(str::to_owned);
    let name = letter_file_name(candidate.as_deref(), row.company.as_deref(), format);
    let today = Utc::now().date_naive();
    let date = LetterDate::new(
        u32::try_from(today.year()).unwrap_or(2000),
        today.month(),
        today.day(),
    )
    .map_err(|e| AppError::Internal(anyhow::anyhow!("today is not a letter date: {e}")))?;
    let document = render(&state, move || {
        let letter = Letter {
            body: &row.content,
            company: row.company.as_deref(),
            contact: row.contact.as_deref(),
            date,
        };
        export_letter(&letter, &resume, &options)
    })
    .await?;
    Ok(download(document, &name))
}
