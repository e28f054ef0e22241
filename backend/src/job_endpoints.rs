//! What the routes of AI jobs share — refinements (`crate::routes::refinements`) and cover
//! letter drafts (`crate::routes::cover_letters`), both rows of `refinement_jobs`: the job's
//! event stream as Server-Sent Events (replayable, capped per user, ended with its session),
//! and cancel and resume.

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::Utc;
use futures::Stream;
use resume_shared::api::ErrorCode;
use resume_shared::api::input::{CheckInput, Problems};
use resume_shared::api::refinements::{EventKind, RefinementAccepted, RefinementStatus};
use sea_orm::EntityTrait as _;
use serde::Deserialize;
use tokio::time::Instant;
use uuid::Uuid;

use crate::auth::extractor::{Caller, Credential};
use crate::error::AppError;
use crate::services::refinements::streams::StreamPermit;
use crate::services::refinements::{self as service, JobPurpose, events};
use crate::state::AppState;

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

/// The event stream of job `id`, already found to be the caller's: replayed from the
/// `Last-Event-ID` header, else from `last_event_id`, else from the start; refused with 429
/// when the caller has the most streams open. Shared by refinements and cover letter drafts.
///
/// # Errors
/// 429 `too_many_event_streams`.
pub(crate) fn job_events(
    state: AppState,
    current: &Caller,
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
