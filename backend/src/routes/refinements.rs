//! AI refinement of a base resume: start a job (202), follow it over SSE (replayable from
//! `Last-Event-ID`), read its state, cancel, resume after a failure, and apply its results.

use std::convert::Infallible;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use chrono::Utc;
use futures::Stream;
use resume_shared::api::ApiError;
use resume_shared::api::event_stream::StreamEvent;
use resume_shared::api::refinements::{
    ApplyRefinementRequest, RefinementAccepted, RefinementListResponse, RefinementResponse,
    StartRefinementRequest,
};
use resume_shared::api::resumes::ResumeResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::ApiUser;
use crate::clock;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::job_endpoints::{EventsQuery, cancel_job, job_events, resume_job};
use crate::services::refinements::{self as service, JobPurpose};
use crate::state::AppState;
use crate::wire;

/// The refinement routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_refinement, list_refinements))
        .routes(routes!(get_refinement))
        .routes(routes!(refinement_events))
        .routes(routes!(cancel_refinement))
        .routes(routes!(resume_refinement))
        .routes(routes!(apply_refinement))
}

/// Starts tailoring a base resume to a job description. The work runs in the background;
/// follow it at `/refinements/{id}/events`. At most one refinement per resume runs at a time.
#[utoipa::path(
    post,
    path = "/resumes/{id}/refinements",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Resume id (a base resume)")),
    request_body = StartRefinementRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 202, description = "Started", body = RefinementAccepted),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "A refinement is already running for the resume (`conflict`), the resume is tailored (`conflict`), or the user has RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER refinements queued or running (`too_many_active_refinements`)", body = ApiError),
        (status = 422, description = "Invalid fields, or no role to refine", body = ApiError),
    )
)]
pub async fn start_refinement(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<StartRefinementRequest>,
) -> Result<(StatusCode, Json<RefinementAccepted>), AppError> {
    let (job, run) = service::start(
        &state.db,
        current.user.id,
        id,
        input,
        clock::current_month(),
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

/// The refinements of a resume, newest first.
#[utoipa::path(
    get,
    path = "/resumes/{id}/refinements",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The refinements", body = RefinementListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn list_refinements(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RefinementListResponse>, AppError> {
    let items = service::list(&state.db, current.user.id, id).await?;
    Ok(Json(RefinementListResponse { items }))
}

/// The whole state of a refinement: status, analysis, every role, introduction, coverage.
#[utoipa::path(
    get,
    path = "/refinements/{id}",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Refinement id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The refinement", body = RefinementResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such refinement", body = ApiError),
    )
)]
pub async fn get_refinement(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RefinementResponse>, AppError> {
    Ok(Json(service::state(&state.db, current.user.id, id).await?))
}

/// The events of a refinement as Server-Sent Events. Every event has an `id:` (its sequence
/// number); a reconnecting client sends `Last-Event-ID` and gets what it missed; a finished job
/// is replayed in full. The stream ends after the `done` event. Kinds and payloads:
/// `progress` {stage, message}, `analysis` {key_skills, …}, `role` {index, original, refined,
/// flags}, `introduction` {text, flags}, `coverage` {before, after, missing}, `error` {message,
/// retryable, role_index?, role_title?}, `done` {status}. Keep-alive comments come every 15 s.
///
/// The stream also ends when the job has finished and nothing is left after the given event id,
/// when the session ends (checked every 5 s), and when the server shuts down. One user may have
/// `RESUME_EDITOR_MAX_EVENT_STREAMS_PER_USER` streams open at once on one server (429
/// `too_many_event_streams` beyond).
#[utoipa::path(
    get,
    path = "/refinements/{id}/events",
    tag = "refinements",
    params(
        ("id" = Uuid, Path, description = "Refinement id"),
        ("Last-Event-ID" = Option<String>, Header, description = "Replay the events after this one (an event's `id`; a value that is not a number is ignored)"),
        EventsQuery,
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = StreamEvent),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such refinement", body = ApiError),
        (status = 429, description = "Too many event streams open (`too_many_event_streams`)", body = ApiError),
    )
)]
pub async fn refinement_events(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<EventsQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    service::owned(&state.db, current.user.id, id).await?;
    job_events(state, &current, id, query.last_event_id, &headers)
}

/// Cancels a running refinement.
#[utoipa::path(
    post,
    path = "/refinements/{id}/cancel",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Refinement id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Cancelled", body = RefinementResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such refinement", body = ApiError),
        (status = 409, description = "Not running", body = ApiError),
    )
)]
pub async fn cancel_refinement(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RefinementResponse>, AppError> {
    cancel_job(&state, current.user.id, id, JobPurpose::Resume).await?;
    Ok(Json(service::state(&state.db, current.user.id, id).await?))
}

/// Continues a failed or cancelled refinement: roles already refined are not sent to the model
/// again.
#[utoipa::path(
    post,
    path = "/refinements/{id}/resume",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Refinement id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 202, description = "Resumed", body = RefinementAccepted),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such refinement", body = ApiError),
        (status = 409, description = "Not failed or cancelled, or another refinement runs for the resume (`conflict`), or the user has RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER refinements queued or running (`too_many_active_refinements`)", body = ApiError),
    )
)]
pub async fn resume_refinement(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<(StatusCode, Json<RefinementAccepted>), AppError> {
    resume_job(&state, current.user.id, id, JobPurpose::Resume).await
}

/// Applies a finished refinement: `overwrite` makes the accepted roles (and the introduction,
/// as the Banner) the base resume's new version — refused with 409 when the base changed since
/// the refinement started; `new` saves a tailored resume linked to the base, with the job
/// description, the extracted details and the introduction. Roles not accepted keep their text.
#[utoipa::path(
    post,
    path = "/refinements/{id}/apply",
    tag = "refinements",
    params(("id" = Uuid, Path, description = "Refinement id")),
    request_body = ApplyRefinementRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The resume written", body = ResumeResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such refinement", body = ApiError),
        (status = 409, description = "Not finished, the base resume changed, or the resumes quota is used up (`quota_exceeded`)", body = ApiError),
        (status = 422, description = "A role that was not refined, or invalid fields", body = ApiError),
    )
)]
pub async fn apply_refinement(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<ApplyRefinementRequest>,
) -> Result<Json<ResumeResponse>, AppError> {
    let stored = service::apply(
        &state.db,
        current.actor(state.settings.quotas),
        id,
        input,
        Utc::now(),
    )
    .await?;
    Ok(Json(wire::resumes::resume(&state.db, stored).await?))
}
