//! Cover letters: drafting one with the language model (`POST /resumes/{id}/cover-letters`,
//! then `/cover-letter-drafts/{id}`: its state, its event stream, cancel and resume), and the
//! stored letters (`/cover-letters`: list, write by hand, read, change, delete, revisions).
//! Their export is with the other documents (`crate::routes::documents`).
//!
//! Another user's letter or draft answers 404, as does a letter whose resume is in the trash.
//! A `read` personal access token may read but not write.

use std::convert::Infallible;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use chrono::Utc;
use futures::Stream;
use resume_shared::api::ApiError;
use resume_shared::api::cover_letters::{
    CoverLetterDraftResponse, CoverLetterListResponse, CoverLetterResponse,
    CoverLetterRevisionList, CreateCoverLetterRequest, StartCoverLetterRequest,
    UpdateCoverLetterRequest,
};
use resume_shared::api::event_stream::StreamEvent;
use resume_shared::api::input::{CheckInput, Problems};
use resume_shared::api::refinements::RefinementAccepted;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::ApiUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::job_endpoints::{EventsQuery, cancel_job, job_events, resume_job};
use crate::services::cover_letters::{self as service, drafts, revisions};
use crate::services::refinements::{self as jobs, JobPurpose};
use crate::state::AppState;
use crate::wire::cover_letters as wire;

/// The cover letter routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_cover_letter))
        .routes(routes!(get_cover_letter_draft))
        .routes(routes!(cover_letter_draft_events))
        .routes(routes!(cancel_cover_letter_draft))
        .routes(routes!(resume_cover_letter_draft))
        .routes(routes!(list_cover_letters, create_cover_letter))
        .routes(routes!(
            get_cover_letter,
            update_cover_letter,
            delete_cover_letter
        ))
        .routes(routes!(list_cover_letter_revisions))
}

/// Starts drafting a cover letter from the resume and a job: the job description given, or a
/// tailored resume's own. The work runs in the background; follow it at
/// `/cover-letter-drafts/{id}/events`. When it succeeds the letter is saved (its id is in the
/// `letter` event and the draft's `letter_id`). One refinement or draft per resume runs at a
/// time, and drafts count towards the user's limit of active refinements.
#[utoipa::path(
    post,
    path = "/resumes/{id}/cover-letters",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = StartCoverLetterRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 202, description = "Started", body = RefinementAccepted),
        (status = 400, description = "Malformed JSON, an unknown tone or length", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "A refinement or draft already runs for the resume or the resume has the most letters allowed (`conflict`), or the user has RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER jobs queued or running (`too_many_active_refinements`)", body = ApiError),
        (status = 422, description = "No job description for a base resume, or a field too long", body = ApiError),
    )
)]
pub async fn start_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<StartCoverLetterRequest>,
) -> Result<(StatusCode, Json<RefinementAccepted>), AppError> {
    let (job, run) = drafts::start(
        &state.db,
        current.user.id,
        id,
        input,
        Utc::now(),
        state.settings.runtime.max_active_refinements_per_user,
    )
    .await?;
    state.jobs.spawn(job.id, run);
    Ok((
        StatusCode::ACCEPTED,
        Json(RefinementAccepted {
            id: job.id.to_string(),
        }),
    ))
}

/// Where a draft is: its status, the letter it wrote, or why it failed.
#[utoipa::path(
    get,
    path = "/cover-letter-drafts/{id}",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Draft id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The draft", body = CoverLetterDraftResponse),
        (status = 404, description = "No such draft", body = ApiError),
    )
)]
pub async fn get_cover_letter_draft(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CoverLetterDraftResponse>, AppError> {
    let job = jobs::owned_of(&state.db, current.user.id, id, JobPurpose::CoverLetter).await?;
    Ok(Json(drafts::response(&job)))
}

/// The events of a draft as Server-Sent Events, exactly as a refinement's stream (replay with
/// `Last-Event-ID`, keep-alives, the same limits): `progress` {stage: parse, analysis or
/// letter, message}, `analysis` {key_skills, …}, `letter` {letter_id, text, flags}, `error`
/// {message, retryable}, `done` {status}.
#[utoipa::path(
    get,
    path = "/cover-letter-drafts/{id}/events",
    tag = "cover-letters",
    params(
        ("id" = Uuid, Path, description = "Draft id"),
        ("Last-Event-ID" = Option<String>, Header, description = "Replay the events after this one (an event's `id`; a value that is not a number is ignored)"),
        EventsQuery,
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = StreamEvent),
        (status = 404, description = "No such draft", body = ApiError),
        (status = 429, description = "Too many event streams open (`too_many_event_streams`)", body = ApiError),
    )
)]
pub async fn cover_letter_draft_events(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<EventsQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    jobs::owned_of(&state.db, current.user.id, id, JobPurpose::CoverLetter).await?;
    job_events(state, &current, id, query.last_event_id, &headers)
}

/// Cancels a running draft.
#[utoipa::path(
    post,
    path = "/cover-letter-drafts/{id}/cancel",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Draft id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Cancelled", body = CoverLetterDraftResponse),
        (status = 404, description = "No such draft", body = ApiError),
        (status = 409, description = "Not running", body = ApiError),
    )
)]
pub async fn cancel_cover_letter_draft(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CoverLetterDraftResponse>, AppError> {
    let owner = current.user.id;
    cancel_job(&state, owner, id, JobPurpose::CoverLetter).await?;
    let job = jobs::owned_of(&state.db, owner, id, JobPurpose::CoverLetter).await?;
    Ok(Json(drafts::response(&job)))
}

/// Continues a failed or cancelled draft (an analysis already made is not asked for again).
#[utoipa::path(
    post,
    path = "/cover-letter-drafts/{id}/resume",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Draft id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 202, description = "Resumed", body = RefinementAccepted),
        (status = 404, description = "No such draft", body = ApiError),
        (status = 409, description = "Not failed or cancelled, or another job runs for the resume (`conflict`), or the user has RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER jobs queued or running (`too_many_active_refinements`)", body = ApiError),
    )
)]
pub async fn resume_cover_letter_draft(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<(StatusCode, Json<RefinementAccepted>), AppError> {
    resume_job(&state, current.user.id, id, JobPurpose::CoverLetter).await
}

/// The query of the letter list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListCoverLettersQuery {
    /// Only the letters of this resume.
    pub resume_id: Option<Uuid>,
}

/// Any resume id: one that is not the caller's answers 404.
impl CheckInput for ListCoverLettersQuery {
    fn check_input(&self, _problems: &mut Problems) {}
}

/// The caller's letters (of resumes not in the trash), the latest change first.
#[utoipa::path(
    get,
    path = "/cover-letters",
    tag = "cover-letters",
    params(ListCoverLettersQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The letters", body = CoverLetterListResponse),
        (status = 400, description = "A resume id that is not a UUID", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn list_cover_letters(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppQuery(query): AppQuery<ListCoverLettersQuery>,
) -> Result<Json<CoverLetterListResponse>, AppError> {
    let rows = service::list(&state.db, current.user.id, query.resume_id).await?;
    Ok(Json(CoverLetterListResponse {
        items: rows
            .into_iter()
            .map(|(row, resume_name)| wire::summary(row, resume_name))
            .collect(),
    }))
}

/// Saves a letter written by hand for one of the caller's resumes.
#[utoipa::path(
    post,
    path = "/cover-letters",
    tag = "cover-letters",
    request_body = CreateCoverLetterRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The new letter", body = CoverLetterResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "The resume has the most letters allowed", body = ApiError),
        (status = 422, description = "A resume id that is not a UUID, or a field too long", body = ApiError),
    )
)]
pub async fn create_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppJson(input): AppJson<CreateCoverLetterRequest>,
) -> Result<(StatusCode, Json<CoverLetterResponse>), AppError> {
    let stored = service::create(&state.db, current.user.id, input, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(wire::letter(stored))))
}

/// A letter, with what the fact guard finds in it against its resume as it is now.
#[utoipa::path(
    get,
    path = "/cover-letters/{id}",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Letter id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The letter", body = CoverLetterResponse),
        (status = 404, description = "No such letter", body = ApiError),
    )
)]
pub async fn get_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CoverLetterResponse>, AppError> {
    let stored = service::get(&state.db, current.user.id, id).await?;
    Ok(Json(wire::letter(stored)))
}

/// Changes a letter, based on its version: name, company, contact, body (absent fields stay;
/// an empty company or contact is cleared). A changed body is a new revision.
#[utoipa::path(
    patch,
    path = "/cover-letters/{id}",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Letter id")),
    request_body = UpdateCoverLetterRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The letter after the change", body = CoverLetterResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = ApiError),
        (status = 404, description = "No such letter", body = ApiError),
        (status = 409, description = "The version is stale (`version_conflict`); nothing was written", body = ApiError),
        (status = 422, description = "An empty name, or a field too long", body = ApiError),
    )
)]
pub async fn update_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<UpdateCoverLetterRequest>,
) -> Result<Json<CoverLetterResponse>, AppError> {
    let stored = service::update(&state.db, current.user.id, id, input, Utc::now()).await?;
    Ok(Json(wire::letter(stored)))
}

/// Deletes a letter and its revisions.
#[utoipa::path(
    delete,
    path = "/cover-letters/{id}",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Letter id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such letter", body = ApiError),
    )
)]
pub async fn delete_cover_letter(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    service::delete(&state.db, current.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every saved body of a letter, the newest first (the newest 100 are kept).
#[utoipa::path(
    get,
    path = "/cover-letters/{id}/revisions",
    tag = "cover-letters",
    params(("id" = Uuid, Path, description = "Letter id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The revisions", body = CoverLetterRevisionList),
        (status = 404, description = "No such letter", body = ApiError),
    )
)]
pub async fn list_cover_letter_revisions(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CoverLetterRevisionList>, AppError> {
    service::owned(&state.db, current.user.id, id).await?;
    let rows = revisions::list(&state.db, id).await?;
    Ok(Json(CoverLetterRevisionList {
        items: rows.into_iter().map(wire::revision).collect(),
    }))
}
