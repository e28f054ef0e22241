//! Drafting a cover letter with the language model: a job of `refinement_jobs` with the
//! purpose `cover_letter`, so it shares everything that makes tailoring dependable — the lease
//! of its run, the event log and its stream, cancel and resume, recovery after a restart, the
//! per-user limit of active jobs and the rule of one active job per resume. The runner
//! (`crate::services::refinements::runner`) analyses the job description, writes the letter,
//! checks it with the fact guard and saves it as a new letter, all in the job's events.

use chrono::{DateTime, Utc};
use resume_shared::api::cover_letters::{
    CoverLetterDraftResponse, LetterLength, LetterTone, StartCoverLetterRequest,
};
use resume_shared::api::refinements::{EventKind, ProgressEvent, Stage};
use resume_shared::api::resumes::ResumeKind;
use resume_shared::parse;
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, DatabaseConnection, TransactionTrait as _};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{check_room, trimmed};
use crate::db::DbResultExt as _;
use crate::db::convert::timestamp;
use crate::db::entities::refinement_jobs;
use crate::services::refinements::{
    JobPurpose, MAX_JOB_DESCRIPTION_BYTES, RunId, check_active_limit, events, queued_job, to_json,
    view,
};
use crate::services::resumes::{from_json, owned as owned_resume};
use crate::services::{FieldErrors, ServiceError};

/// What a draft was asked for besides the job description and company
/// (`refinement_jobs.letter_options`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterOptions {
    /// The tone.
    pub tone: LetterTone,
    /// The length.
    pub length: LetterLength,
    /// The person written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// The options a draft job was started with.
#[must_use]
pub fn options_of(job: &refinement_jobs::Model) -> LetterOptions {
    from_json(job.letter_options.as_ref()).unwrap_or_default()
}

/// Creates a queued drafting job for the owner's resume, with its first event, under a fresh
/// run. The job description is the one given, else a tailored resume's own; the company the
/// one given, else the tailored resume's. The caller starts the runner with the run.
///
/// # Errors
/// Not found; 422 when there is no job description or it is too long; 409 when a job already
/// runs for the resume, the owner has `max_active` jobs active
/// (`too_many_active_refinements`), or the resume has the most letters allowed.
pub async fn start(
    db: &DatabaseConnection,
    owner: Uuid,
    resume_id: Uuid,
    input: StartCoverLetterRequest,
    now: DateTime<Utc>,
    max_active: u64,
) -> Result<(refinement_jobs::Model, RunId), ServiceError> {
    let resume = owned_resume(db, owner, resume_id).await?;
    let description = trimmed(input.job_description).or_else(|| {
        (resume.kind == ResumeKind::Tailored.as_str())
            .then(|| trimmed(resume.job_description.clone()))
            .flatten()
    });
    let mut fields = FieldErrors::new();
    match &description {
        None => {
            fields.insert(
                "job_description".into(),
                "is required for a base resume (a tailored resume uses its own)".into(),
            );
        }
        Some(text) if text.len() > MAX_JOB_DESCRIPTION_BYTES => {
            fields.insert("job_description".into(), "must be at most 100 KiB".into());
        }
        Some(_) => {}
    }
    if !fields.is_empty() {
        return Err(ServiceError::Validation(fields));
    }
    parse(&resume.content)
        .map_err(|e| ServiceError::internal("the stored resume does not parse", e))?;
    let company = trimmed(input.company).or_else(|| resume.company.clone());
    let options = LetterOptions {
        tone: input.tone,
        length: input.length,
        contact: trimmed(input.contact),
    };
    let run = RunId::new();
    let job = refinement_jobs::ActiveModel {
        company: Set(company),
        letter_options: Set(Some(to_json(&options))),
        ..queued_job(
            &resume,
            JobPurpose::CoverLetter,
            description.unwrap_or_default(),
            run,
            now,
        )
    };
    db.transaction::<_, _, ServiceError>(move |txn| {
        Box::pin(async move {
            check_active_limit(txn, owner, max_active).await?;
            check_room(txn, resume_id).await?;
            let job = job.insert(txn).await.on_unique_violation(|| {
                ServiceError::conflict(
                    "a refinement or cover letter draft is already running for this resume; cancel it or wait for it",
                )
            })?;
            events::append(
                txn,
                job.id,
                EventKind::Progress,
                &ProgressEvent {
                    stage: Stage::Parse,
                    message: "reading the resume and the job description".into(),
                },
                now,
            )
            .await?;
            Ok((job, run))
        })
    })
    .await
    .map_err(ServiceError::from)
}

/// The wire form of a drafting job.
#[must_use]
pub fn response(job: &refinement_jobs::Model) -> CoverLetterDraftResponse {
    let options = options_of(job);
    CoverLetterDraftResponse {
        id: job.id.to_string(),
        resume_id: job.resume_id.to_string(),
        status: view::status_of(job),
        tone: options.tone,
        length: options.length,
        company: job.company.clone(),
        contact: options.contact,
        letter_id: job.letter_id.map(|id| id.to_string()),
        error: job.error.clone(),
        retryable: job.retryable,
        created_at: timestamp(job.created_at),
        finished_at: job.finished_at.map(timestamp),
    }
}
