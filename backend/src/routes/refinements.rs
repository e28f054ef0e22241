//! AI refinement of a base resume: start a job (202), follow it over SSE (replayable from
//! `Last-Event-ID`), read its state, cancel, resume after a failure, and apply its results.

use std::convert::Infallible;
use std::time::Duration;

use tokio::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::Utc;
use futures::Stream;
use resume_shared::api::event_stream::StreamEvent;
use resume_shared::api::input::{CheckInput, Problems};
use resume_shared::api::refinements::{
    ApplyRefinementRequest, EventKind, RefinementAccepted, RefinementListResponse,
    RefinementResponse, RefinementStatus, StartRefinementRequest,
};
use resume_shared::api::resumes::ResumeResponse;
use resume_shared::api::{ApiError, ErrorCode};
use sea_orm::EntityTrait as _;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Credential};
use crate::clock;
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::refinements::streams::StreamPermit;
use crate::services::refinements::{self as service, JobPurpose, events};
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

/// Query of the event stream (for clients that cannot send `Last-Event-ID`).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Replay the events after this one (like the `Last-Event-ID` header, which wins).
    pub last_event_id: Option<i64>,
}

/// Any number: events after it are replayed, and there are none after a number past the end.
impl CheckInput for EventsQuery {
    fn check_input(&self, _problems: &mut Problems) {}
}

/// How long a stream waits for news before looking at the table again (events written by
/// another instance arrive this late at most).
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// How often a stream with nothing new looks whether its job has finished (a client may ask
/// for events past the last one, which then never come).
const STATUS_EVERY: Duration = Duration::from_secs(1);

/// How often a stream checks that its session is still valid (not revoked by a logout, a
/// password change, a deactivation or the end of an impersonation; not expired); it ends when
/// the session no longer is.
pub const SESSION_RECHECK: Duration = Duration::from_secs(5);

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

/// The event stream of job `id`, already found to be the caller's: replayed from the
/// `Last-Event-ID` header, else from `last_event_id`, else from the start; refused with 429
/// when the caller has the most streams open. Shared by refinements and cover letter drafts.
///
/// # Errors
/// 429 `too_many_event_streams`.
pub(crate) fn job_events(
    state: AppState,
    current: &crate::auth::extractor::Caller,
    id: Uuid,
    last_event_id: Option<i64>,
    headers: &HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>> + use<>>, AppError> {
    let max = state.settings.runtime.max_event_streams_per_user;
    let permit = state
        .streams
        .try_open(current.user.id, max)
        .ok_or_else(|| AppError::BadRequest {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: ErrorCode::TooManyEventStreams,
            message: format!(
                "You have {max} event streams open, the most allowed at once (RESUME_EDITOR_MAX_EVENT_STREAMS_PER_USER); close one first."
            ),
        })?;
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(last_event_id)
        .unwrap_or(0);
    let stream = event_stream(state, id, last, current.credential.clone(), permit);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn event_stream(
    state: AppState,
    job: Uuid,
    mut last: i64,
    credential: Credential,
    permit: StreamPermit,
) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        // Held for as long as the stream is open.
        let _permit = permit;
        let notifier = state.jobs.bus().notifier(job);
        let mut session_check = Instant::now() + SESSION_RECHECK;
        let mut status_check = Instant::now();
        loop {
            if Instant::now() >= session_check {
                if !credential_is_live(&state, &credential).await {
                    tracing::debug!(job = %job, "event stream ends with its session or token");
                    break;
                }
                session_check = Instant::now() + SESSION_RECHECK;
            }
            // Register interest before reading, so an event appended meanwhile still wakes us.
            let woken = notifier.notified();
            let batch = match events::since(&state.db, job, last, 200).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(job = %job, error = %error, "reading refinement events failed");
                    tokio::time::sleep(POLL_INTERVAL).await;
                    continue;
                }
            };
            let empty = batch.is_empty();
            let mut ended_run = false;
            for event in batch {
                last = event.seq;
                ended_run = event.kind == EventKind::Done.as_str();
                yield Ok(sse_event(event));
            }
            // A resumed job has several runs, each ending with `done`: the stream ends at the
            // `done` that is the newest event of a job that is no longer active, or, when there
            // is nothing after the client's event id, as soon as the job is seen finished.
            let look = ended_run || (empty && Instant::now() >= status_check);
            if look {
                status_check = Instant::now() + STATUS_EVERY;
                if job_has_stopped(&state, job).await {
                    if empty {
                        // The run may have ended between the read and the status check.
                        for event in events::since(&state.db, job, last, 200).await.unwrap_or_default() {
                            yield Ok(sse_event(event));
                        }
                    }
                    break;
                }
            }
            tokio::select! {
                () = state.shutdown.cancelled() => break,
                _ = tokio::time::timeout(POLL_INTERVAL, woken) => {}
            }
        }
    }
}

fn sse_event(event: crate::db::entities::refinement_events::Model) -> Event {
    Event::default()
        .id(event.seq.to_string())
        .event(event.kind)
        .data(event.payload.to_string())
}

/// Whether the stream's session or token may still be used: not revoked, not expired, its user
/// active and not held to a password change. A database error keeps the stream (checked again
/// later).
async fn credential_is_live(state: &AppState, credential: &Credential) -> bool {
    let now = Utc::now();
    let found = match credential {
        Credential::Session(session) => {
            crate::services::sessions::find_with_user(&state.db, session.id)
                .await
                .map(|found| {
                    found.map(|found| {
                        (
                            crate::services::sessions::is_live(&found.session, now),
                            found.user,
                        )
                    })
                })
        }
        Credential::Token(token) => {
            crate::services::api_tokens::find_with_user(&state.db, token.id)
                .await
                .map(|found| {
                    found.map(|found| {
                        (
                            crate::services::api_tokens::is_live(&found.token, now),
                            found.user,
                        )
                    })
                })
        }
    };
    match found {
        Ok(Some((live, user))) => {
            live && user.active && !crate::services::users::force_password_change(&user)
        }
        Ok(None) => false,
        Err(error) => {
            tracing::warn!(error = %error, "checking an event stream's credential failed");
            true
        }
    }
}

async fn job_has_stopped(state: &AppState, job: Uuid) -> bool {
    match crate::db::entities::refinement_jobs::Entity::find_by_id(job)
        .one(&state.db)
        .await
    {
        Ok(Some(row)) => {
            RefinementStatus::from_name(&row.status).is_none_or(RefinementStatus::is_finished)
        }
        Ok(None) => true,
        Err(error) => {
            tracing::warn!(job = %job, error = %error, "reading a refinement's status failed");
            false
        }
    }
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

/// Cancels the caller's job `id` of `purpose` and stops its run at once on this instance.
///
/// # Errors
/// Not found; 409 when the job is not active.
pub(crate) async fn cancel_job(
    state: &AppState,
    owner: Uuid,
    id: Uuid,
    purpose: JobPurpose,
) -> Result<(), AppError> {
    service::cancel(&state.db, owner, id, purpose, Utc::now()).await?;
    state.jobs.cancel_local(id);
    state.jobs.bus().notify(id);
    Ok(())
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

/// Resumes the caller's failed or cancelled job `id` of `purpose` under a fresh run: 202 with
/// its id.
///
/// # Errors
/// Not found; 409 as [`service::resume`] says.
pub(crate) async fn resume_job(
    state: &AppState,
    owner: Uuid,
    id: Uuid,
    purpose: JobPurpose,
) -> Result<(StatusCode, Json<RefinementAccepted>), AppError> {
    let run = service::resume(
        &state.db,
        owner,
        id,
        purpose,
        Utc::now(),
        state.settings.runtime.max_active_refinements_per_user,
    )
    .await?;
    state.jobs.spawn(id, run);
    Ok((
        StatusCode::ACCEPTED,
        Json(RefinementAccepted { id: id.to_string() }),
    ))
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
