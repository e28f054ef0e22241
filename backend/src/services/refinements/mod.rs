//! Refinement jobs: AI tailoring of one base resume to one job description, persisted so that
//! it survives a page reload, a restart and a second server instance.
//!
//! A job is a row of `refinement_jobs` (status, inputs, the resume text it started from, the
//! analysis, results), a checkpoint per role (`refinement_roles`) and an event log
//! (`refinement_events`, [`events`]). [`runner`] does the work in a background task; this
//! module starts, reads, cancels, resumes, recovers and applies jobs. At most one job per
//! resume is active (queued or running): the database enforces it with a unique index; and at
//! most a configured number per user (each job makes several model calls at once). Every run
//! of a job holds a lease ([`lease`]) that its writes check, so one job never runs twice.

pub mod events;
pub mod lease;
pub mod notices;
pub mod runner;
pub mod streams;
pub mod view;

use chrono::{DateTime, Duration, Utc};
use resume_shared::api::ErrorCode;
use resume_shared::api::refinements::{
    ApplyMode, ApplyRefinementRequest, DoneEvent, ErrorEvent, EventKind, JobAnalysisView,
    ProgressEvent, RefinementResponse, RefinementStatus, RefinementSummary, RoleResult, RoleStatus,
    Stage, StartRefinementRequest,
};
use resume_shared::api::resumes::ResumeKind;
use resume_shared::{Inclusion, Resume, Role, YearMonth, parse};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection,
    EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
    TransactionTrait as _,
};
use uuid::Uuid;

use crate::db::DbResultExt as _;
use crate::db::entities::{refinement_jobs, refinement_roles, resumes, users};
use crate::llm::JobAnalysis;
use crate::services::FieldErrors;
use crate::services::ServiceError;
use crate::services::resumes::{
    self as resume_service, Actor, Change, NewResume, Reason, from_json, structured,
};
pub use lease::{Ender, RunId};

/// Largest job description, in bytes, and longest company and notes, in characters (declared
/// with the request types).
pub use resume_shared::api::input::{MAX_JOB_DESCRIPTION_BYTES, MAX_NAME_CHARS, MAX_NOTES_CHARS};
/// Largest years limit.
pub const MAX_YEARS_LIMIT: u32 = 60;
/// A running job whose heartbeat is older than this is taken for dead.
pub const STALE_AFTER_SECONDS: i64 = 30;

/// What a job is for: tailoring a resume, or drafting a cover letter
/// (`refinement_jobs.purpose`). Both kinds share the lease, the event log, the limits and
/// recovery; each is found only through its own routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobPurpose {
    /// Tailoring a base resume (a refinement).
    Resume,
    /// Drafting a cover letter.
    CoverLetter,
}

impl JobPurpose {
    /// The name as stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::CoverLetter => "cover_letter",
        }
    }

    /// The purpose of a stored job (a refinement unless it says otherwise).
    #[must_use]
    pub fn of(job: &refinement_jobs::Model) -> Self {
        if job.purpose == Self::CoverLetter.as_str() {
            Self::CoverLetter
        } else {
            Self::Resume
        }
    }

    /// What the API calls a job of this purpose, in messages.
    #[must_use]
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Resume => "refinement",
            Self::CoverLetter => "cover letter draft",
        }
    }

    /// What a job of this purpose says when the server stopped while it ran.
    #[must_use]
    pub const fn stopped_message(self) -> &'static str {
        match self {
            Self::Resume => {
                "the server stopped while the refinement was running; resume it to continue (roles already refined are kept)"
            }
            Self::CoverLetter => {
                "the server stopped while the cover letter was being written; resume it to continue"
            }
        }
    }
}

/// The owner's refinement.
///
/// # Errors
/// Not found (also for another user's job, and for a cover letter draft).
pub async fn owned(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<refinement_jobs::Model, ServiceError> {
    owned_of(conn, owner, id, JobPurpose::Resume).await
}

/// The owner's job of `purpose`.
///
/// # Errors
/// Not found (also for another user's job, or one of another purpose).
pub async fn owned_of(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
    purpose: JobPurpose,
) -> Result<refinement_jobs::Model, ServiceError> {
    refinement_jobs::Entity::find_by_id(id)
        .filter(refinement_jobs::Column::OwnerId.eq(owner))
        .filter(refinement_jobs::Column::Purpose.eq(purpose.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no such {}", purpose.noun())))
}

/// Whether a role is refined under a years limit: ongoing roles always are; ended ones when
/// they ended within `years` years before `today`. Only included roles are refined.
#[must_use]
pub fn in_scope(role: &Role, years: Option<u32>, today: YearMonth) -> bool {
    if role.basics.inclusion != Inclusion::Include {
        return false;
    }
    match (years, role.basics.end_date) {
        (None, _) | (_, None) => true,
        (Some(years), Some(end)) => today.ordinal() - end.ordinal() < i64::from(years) * 12,
    }
}

fn check_start(input: &StartRefinementRequest) -> Result<(), ServiceError> {
    let mut fields = FieldErrors::new();
    if input.job_description.trim().is_empty() {
        fields.insert("job_description".into(), "must not be empty".into());
    } else if input.job_description.len() > MAX_JOB_DESCRIPTION_BYTES {
        fields.insert("job_description".into(), "must be at most 100 KiB".into());
    }
    if input
        .company
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_NAME_CHARS)
    {
        fields.insert(
            "company".into(),
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
    }
    if input
        .notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS)
    {
        fields.insert(
            "notes".into(),
            format!("must be at most {MAX_NOTES_CHARS} characters"),
        );
    }
    if input
        .years_limit
        .is_some_and(|y| y == 0 || y > MAX_YEARS_LIMIT)
    {
        fields.insert(
            "years_limit".into(),
            format!("must be from 1 to {MAX_YEARS_LIMIT}"),
        );
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Validation(fields))
    }
}

fn trimmed(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Refuses (409 `too_many_active_refinements`) when the owner already has `limit` jobs queued
/// or running (refinements and cover letter drafts together). Call it first in the transaction
/// that activates a job: it locks the owner's row, so parallel starts of one user are counted
/// one after the other.
pub(crate) async fn check_active_limit(
    txn: &impl ConnectionTrait,
    owner: Uuid,
    limit: u64,
) -> Result<(), ServiceError> {
    users::Entity::update_many()
        .col_expr(
            users::Column::UpdatedAt,
            Expr::col(users::Column::UpdatedAt),
        )
        .filter(users::Column::Id.eq(owner))
        .exec(txn)
        .await?;
    let active = refinement_jobs::Entity::find()
        .filter(refinement_jobs::Column::OwnerId.eq(owner))
        .filter(refinement_jobs::Column::Status.is_in(lease::active_statuses()))
        .count(txn)
        .await?;
    if active >= limit {
        return Err(ServiceError::Conflict {
            code: ErrorCode::TooManyActiveRefinements,
            message: format!(
                "you already have {active} refinements or cover letter drafts queued or running, the most allowed at once ({limit}, RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER); wait for one to finish or cancel one"
            ),
        });
    }
    Ok(())
}

/// Creates a queued job for the owner's base resume, with a checkpoint per role and the first
/// event, under a fresh run. The caller starts the runner with that run.
///
/// # Errors
/// Invalid input; not found; a tailored resume (refine its base); a resume without roles; a job
/// already active for the resume (409); `max_active` jobs of the owner already active (409
/// `too_many_active_refinements`).
pub async fn start(
    db: &DatabaseConnection,
    owner: Uuid,
    resume_id: Uuid,
    input: StartRefinementRequest,
    today: YearMonth,
    now: DateTime<Utc>,
    max_active: u64,
) -> Result<(refinement_jobs::Model, RunId), ServiceError> {
    check_start(&input)?;
    let resume = resume_service::owned(db, owner, resume_id).await?;
    if resume.kind != ResumeKind::Base.as_str() {
        return Err(ServiceError::conflict(
            "tailored resumes are not refined themselves: start a new refinement from their base resume",
        ));
    }
    let model = parse(&resume.content)
        .map_err(|e| ServiceError::internal("the stored resume does not parse", e))?
        .resume;
    let roles: Vec<Role> = model
        .experience
        .as_ref()
        .map(|e| e.roles.clone())
        .unwrap_or_default();
    if roles.is_empty() {
        return Err(ServiceError::invalid(
            "resume",
            "has no roles to refine; add roles under `## Roles` first",
        ));
    }
    let in_scope_count = roles
        .iter()
        .filter(|r| in_scope(r, input.years_limit, today))
        .count();
    if in_scope_count == 0 {
        return Err(ServiceError::invalid(
            "years_limit",
            "leaves no role to refine; raise it or leave it out",
        ));
    }
    let job_id = Uuid::new_v4();
    let run = RunId::new();
    let years_limit = input.years_limit;
    let job = refinement_jobs::ActiveModel {
        id: Set(job_id),
        company: Set(trimmed(input.company)),
        notes: Set(trimmed(input.notes)),
        years_limit: Set(years_limit.and_then(|y| i32::try_from(y).ok())),
        ..queued_job(
            &resume,
            JobPurpose::Resume,
            input.job_description.trim().to_owned(),
            run,
            now,
        )
    };
    let kept = roles.len() - in_scope_count;
    let message = match (in_scope_count, kept) {
        (1, 0) => "1 role to refine".to_owned(),
        (n, 0) => format!("{n} roles to refine"),
        (n, k) => format!(
            "{n} {} to refine; {k} kept as {}",
            if n == 1 { "role" } else { "roles" },
            if k == 1 { "it is" } else { "they are" },
        ),
    };
    db.transaction::<_, _, ServiceError>(move |txn| {
        Box::pin(async move {
            check_active_limit(txn, owner, max_active).await?;
            let job = job.insert(txn).await.on_unique_violation(|| {
                ServiceError::conflict(
                    "a refinement is already running for this resume; cancel it or wait for it",
                )
            })?;
            for (index, role) in roles.iter().enumerate() {
                let status = if in_scope(role, years_limit, today) {
                    RoleStatus::Pending
                } else {
                    RoleStatus::Skipped
                };
                refinement_roles::ActiveModel {
                    job_id: Set(job_id),
                    role_index: Set(i32::try_from(index).unwrap_or(i32::MAX)),
                    status: Set(status.as_str().to_owned()),
                    original: Set(to_json(role)),
                    refined: Set(None),
                    flags: Set(None),
                    error: Set(None),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
            events::append(
                txn,
                job_id,
                EventKind::Progress,
                &ProgressEvent {
                    stage: Stage::Parse,
                    message,
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

/// A queued job of `purpose` for `resume` (its text and version as they are now) under `run`:
/// active, nothing analysed or written yet, no company, notes or letter options (callers set
/// what their purpose takes).
pub(crate) fn queued_job(
    resume: &resumes::Model,
    purpose: JobPurpose,
    job_description: String,
    run: RunId,
    now: DateTime<Utc>,
) -> refinement_jobs::ActiveModel {
    refinement_jobs::ActiveModel {
        id: Set(Uuid::new_v4()),
        resume_id: Set(resume.id),
        owner_id: Set(resume.owner_id),
        status: Set(RefinementStatus::Queued.as_str().to_owned()),
        active: Set(Some(1)),
        job_description: Set(job_description),
        company: Set(None),
        notes: Set(None),
        years_limit: Set(None),
        base_version: Set(resume.version),
        base_content: Set(resume.content.clone()),
        analysis: Set(None),
        introduction: Set(None),
        introduction_flags: Set(None),
        coverage_before: Set(None),
        coverage_after: Set(None),
        error: Set(None),
        retryable: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        heartbeat_at: Set(Some(now)),
        finished_at: Set(None),
        applied_at: Set(None),
        run_id: Set(Some(run.as_uuid())),
        purpose: Set(purpose.as_str().to_owned()),
        letter_options: Set(None),
        letter_id: Set(None),
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The role checkpoints of a job, in order.
///
/// # Errors
/// Database errors.
pub async fn roles(
    conn: &impl ConnectionTrait,
    job: Uuid,
) -> Result<Vec<refinement_roles::Model>, ServiceError> {
    Ok(refinement_roles::Entity::find()
        .filter(refinement_roles::Column::JobId.eq(job))
        .order_by_asc(refinement_roles::Column::RoleIndex)
        .all(conn)
        .await?)
}

/// The whole state of the owner's job.
///
/// # Errors
/// Not found.
pub async fn state(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<RefinementResponse, ServiceError> {
    let job = owned(conn, owner, id).await?;
    let roles = roles(conn, id).await?;
    Ok(view::response(job, &roles))
}

/// The jobs of the owner's resume, newest first.
///
/// # Errors
/// Not found (the resume).
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
) -> Result<Vec<RefinementSummary>, ServiceError> {
    resume_service::owned(conn, owner, resume_id).await?;
    let jobs = refinement_jobs::Entity::find()
        .filter(refinement_jobs::Column::ResumeId.eq(resume_id))
        .filter(refinement_jobs::Column::OwnerId.eq(owner))
        .filter(refinement_jobs::Column::Purpose.eq(JobPurpose::Resume.as_str()))
        .order_by_desc(refinement_jobs::Column::CreatedAt)
        .all(conn)
        .await?;
    Ok(jobs.into_iter().map(view::summary).collect())
}

/// Ends a job's run with `status` (if it is still active and `ender` may end it) and records
/// the final events, in one transaction. Returns false when the job was no longer active or
/// its run was not the one `ender` may end (someone else ended or replaced it).
///
/// # Errors
/// Database errors.
pub async fn finish(
    db: &DatabaseConnection,
    job: Uuid,
    status: RefinementStatus,
    error: Option<(String, bool)>,
    now: DateTime<Utc>,
    ender: Ender,
) -> Result<bool, ServiceError> {
    let (message, retryable) = error.clone().unzip();
    let conn = db.begin().await?;
    let update = refinement_jobs::Entity::update_many()
        .col_expr(
            refinement_jobs::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(
            refinement_jobs::Column::Active,
            Expr::value(Option::<i16>::None),
        )
        .col_expr(refinement_jobs::Column::Error, Expr::value(message))
        .col_expr(
            refinement_jobs::Column::Retryable,
            Expr::value(retryable.unwrap_or(false)),
        )
        .col_expr(refinement_jobs::Column::FinishedAt, Expr::value(now))
        .col_expr(refinement_jobs::Column::UpdatedAt, Expr::value(now))
        .filter(refinement_jobs::Column::Id.eq(job))
        .filter(refinement_jobs::Column::Status.is_in(lease::active_statuses()));
    let update = match ender {
        Ender::Run(run) => update.filter(refinement_jobs::Column::RunId.eq(run.as_uuid())),
        Ender::Owner => update,
        Ender::Recovery { run, stale_before } => update
            .filter(match run {
                Some(run) => refinement_jobs::Column::RunId.eq(run),
                None => refinement_jobs::Column::RunId.is_null(),
            })
            .filter(
                sea_orm::Condition::any()
                    .add(refinement_jobs::Column::HeartbeatAt.is_null())
                    .add(refinement_jobs::Column::HeartbeatAt.lt(stale_before)),
            ),
    };
    let result = update.exec(&conn).await?;
    if result.rows_affected == 0 {
        conn.rollback().await?;
        return Ok(false);
    }
    if let Some((message, retryable)) = error {
        events::append(
            &conn,
            job,
            EventKind::Error,
            &ErrorEvent {
                message,
                retryable,
                role_index: None,
                role_title: None,
            },
            now,
        )
        .await?;
    }
    events::append(&conn, job, EventKind::Done, &DoneEvent { status }, now).await?;
    conn.commit().await?;
    Ok(true)
}

/// Cancels the owner's active job of `purpose`.
///
/// # Errors
/// Not found; 409 when the job is not active.
pub async fn cancel(
    db: &DatabaseConnection,
    owner: Uuid,
    id: Uuid,
    purpose: JobPurpose,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let job = owned_of(db, owner, id, purpose).await?;
    if !finish(
        db,
        job.id,
        RefinementStatus::Cancelled,
        None,
        now,
        Ender::Owner,
    )
    .await?
    {
        return Err(ServiceError::conflict(format!(
            "the {} is not running (it is {})",
            purpose.noun(),
            job.status
        )));
    }
    Ok(())
}

/// Makes a failed or cancelled job of `purpose` active again under a fresh run: failed roles
/// become pending, finished ones stay done (they are not sent to the model again). A runner of
/// an earlier run that is somehow still going loses its lease and stops at its next write. The
/// caller starts the runner with the returned run.
///
/// # Errors
/// Not found; 409 when the job is not failed or cancelled, another job of the resume is
/// active, or `max_active` jobs of the owner are (`too_many_active_refinements`).
pub async fn resume(
    db: &DatabaseConnection,
    owner: Uuid,
    id: Uuid,
    purpose: JobPurpose,
    now: DateTime<Utc>,
    max_active: u64,
) -> Result<RunId, ServiceError> {
    let job = owned_of(db, owner, id, purpose).await?;
    if !matches!(
        view::status_of(&job),
        RefinementStatus::Failed | RefinementStatus::Cancelled
    ) {
        return Err(ServiceError::conflict(format!(
            "only a failed or cancelled {} can be resumed (this one is {})",
            purpose.noun(),
            job.status
        )));
    }
    let resumed = match purpose {
        JobPurpose::Resume => (Stage::Roles, "resumed; roles already refined are kept"),
        JobPurpose::CoverLetter => (Stage::Letter, "resumed"),
    };
    let run = RunId::new();
    db.transaction::<_, _, ServiceError>(move |txn| {
        Box::pin(async move {
            check_active_limit(txn, owner, max_active).await?;
            let result = refinement_jobs::Entity::update_many()
                .col_expr(
                    refinement_jobs::Column::Status,
                    Expr::value(RefinementStatus::Queued.as_str()),
                )
                .col_expr(
                    refinement_jobs::Column::RunId,
                    Expr::value(Some(run.as_uuid())),
                )
                .col_expr(refinement_jobs::Column::Active, Expr::value(Some(1_i16)))
                .col_expr(
                    refinement_jobs::Column::Error,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(refinement_jobs::Column::Retryable, Expr::value(false))
                .col_expr(
                    refinement_jobs::Column::FinishedAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(refinement_jobs::Column::HeartbeatAt, Expr::value(now))
                .col_expr(refinement_jobs::Column::UpdatedAt, Expr::value(now))
                .filter(refinement_jobs::Column::Id.eq(id))
                .filter(refinement_jobs::Column::Status.is_in([
                    RefinementStatus::Failed.as_str(),
                    RefinementStatus::Cancelled.as_str(),
                ]))
                .exec(txn)
                .await
                .on_unique_violation(|| {
                    ServiceError::conflict(
                        "another refinement or cover letter draft is running for this resume; cancel it first",
                    )
                })?;
            if result.rows_affected == 0 {
                return Err(ServiceError::conflict("the refinement changed meanwhile"));
            }
            refinement_roles::Entity::update_many()
                .col_expr(
                    refinement_roles::Column::Status,
                    Expr::value(RoleStatus::Pending.as_str()),
                )
                .col_expr(
                    refinement_roles::Column::Error,
                    Expr::value(Option::<String>::None),
                )
                .filter(refinement_roles::Column::JobId.eq(id))
                .filter(refinement_roles::Column::Status.eq(RoleStatus::Failed.as_str()))
                .exec(txn)
                .await?;
            events::append(
                txn,
                id,
                EventKind::Progress,
                &ProgressEvent {
                    stage: resumed.0,
                    message: resumed.1.into(),
                },
                now,
            )
            .await?;
            Ok(run)
        })
    })
    .await
    .map_err(ServiceError::from)
}

/// Marks active jobs whose runner stopped beating (a restart, a crashed instance) as failed
/// and resumable. Returns how many.
///
/// # Errors
/// Database errors.
pub async fn recover_stale(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let cutoff = now - Duration::seconds(STALE_AFTER_SECONDS);
    let stale = refinement_jobs::Entity::find()
        .filter(refinement_jobs::Column::Status.is_in(lease::active_statuses()))
        .filter(
            sea_orm::Condition::any()
                .add(refinement_jobs::Column::HeartbeatAt.is_null())
                .add(refinement_jobs::Column::HeartbeatAt.lt(cutoff)),
        )
        .all(db)
        .await?;
    let mut recovered = 0;
    for job in stale {
        let message = JobPurpose::of(&job).stopped_message().to_owned();
        // Only the run found stale, and only while it still is: a resume meanwhile made a new
        // run that must not be ended.
        let ender = Ender::Recovery {
            run: job.run_id,
            stale_before: cutoff,
        };
        if finish(
            db,
            job.id,
            RefinementStatus::Failed,
            Some((message, true)),
            now,
            ender,
        )
        .await?
        {
            recovered += 1;
        }
    }
    Ok(recovered)
}

/// The resume a job would produce: the base text it started from with the accepted refined
/// roles in place and, when asked, the introduction as the Banner.
fn refined_resume(
    job: &refinement_jobs::Model,
    roles: &[refinement_roles::Model],
    accepted: &[usize],
    use_introduction: bool,
) -> Result<Resume, ServiceError> {
    let mut resume = parse(&job.base_content)
        .map_err(|e| ServiceError::internal("the job's base text does not parse", e))?
        .resume;
    let results: Vec<RoleResult> = roles.iter().filter_map(view::role_result).collect();
    let mut fields = FieldErrors::new();
    for &index in accepted {
        match results.iter().find(|r| r.index == index) {
            Some(RoleResult {
                status: RoleStatus::Done,
                refined: Some(refined),
                ..
            }) => {
                structured::replace(&mut resume, index, refined.clone())?;
            }
            _ => {
                fields.insert(
                    format!("accepted_roles[{index}]"),
                    "is not a refined role of this job".into(),
                );
            }
        }
    }
    if !fields.is_empty() {
        return Err(ServiceError::Validation(fields));
    }
    if use_introduction && let Some(introduction) = &job.introduction {
        resume.personal.get_or_insert_with(Default::default).banner = Some(introduction.clone());
    }
    Ok(resume)
}

/// Applies a finished job: overwrites the base resume (a new version; 409 when the base
/// changed since the job started) or creates a tailored resume linked to it.
///
/// # Errors
/// Not found; 409 when the job has not succeeded or the base changed; 422 for roles that were
/// not refined or an invalid result.
pub async fn apply(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    input: ApplyRefinementRequest,
    now: DateTime<Utc>,
) -> Result<resume_service::Stored, ServiceError> {
    let job = owned(db, actor.user_id, id).await?;
    if view::status_of(&job) != RefinementStatus::Succeeded {
        return Err(ServiceError::conflict(format!(
            "only a finished refinement can be applied (this one is {})",
            job.status
        )));
    }
    let roles = roles(db, id).await?;
    let resume = refined_resume(
        &job,
        &roles,
        &input.accepted_roles,
        input.use_introduction.unwrap_or(true),
    )?;
    let content = structured::canonical_text(resume)?;
    let base = resume_service::owned(db, actor.user_id, job.resume_id).await?;
    let analysis: Option<JobAnalysisView> = from_json::<JobAnalysis>(job.analysis.as_ref())
        .map(|a| view::analysis(&a, &job.job_description));
    let written = match input.mode {
        ApplyMode::Overwrite => {
            let version = job.base_version;
            db.transaction::<_, _, ServiceError>(move |txn| {
                Box::pin(async move {
                    resume_service::update(
                        txn,
                        actor,
                        base.id,
                        version,
                        Change {
                            content: Some((content, Reason::RefinementApplied)),
                            ..Change::default()
                        },
                        now,
                    )
                    .await
                })
            })
            .await?
        }
        ApplyMode::New => {
            let details = analysis.map(|a| a.job_details).unwrap_or_default();
            let company = trimmed(input.company)
                .or_else(|| job.company.clone())
                .or_else(|| details.company.clone());
            let name = trimmed(input.name).unwrap_or_else(|| match &company {
                Some(company) => format!("{} – {company}", base.name),
                None => format!("{} (tailored)", base.name),
            });
            let mut notes = trimmed(input.notes).or_else(|| job.notes.clone());
            if let Some(instructions) = &details.special_instructions {
                let line = format!("Special instructions: {instructions}");
                notes = Some(match notes {
                    Some(notes) => format!("{notes}\n\n{line}"),
                    None => line,
                });
            }
            let new = NewResume {
                kind: ResumeKind::Tailored,
                parent_id: Some(base.id),
                company,
                notes,
                job_description: Some(job.job_description.clone()),
                job_details: Some(details),
                introduction: job.introduction.clone(),
                ..NewResume::base(name, content, Reason::RefinementApplied)
            };
            db.transaction::<_, _, ServiceError>(move |txn| {
                Box::pin(async move { resume_service::create(txn, actor, new, now).await })
            })
            .await?
        }
    };
    refinement_jobs::Entity::update_many()
        .col_expr(refinement_jobs::Column::AppliedAt, Expr::value(now))
        .filter(refinement_jobs::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use resume_shared::RoleBasics;

    use super::*;

    fn role(end: Option<(u32, u32)>, inclusion: Inclusion) -> Role {
        let mut basics = RoleBasics::new("C", "T", YearMonth::new(2000, 1).unwrap());
        basics.end_date = end.map(|(y, m)| YearMonth::new(y, m).unwrap());
        basics.inclusion = inclusion;
        Role::new(basics)
    }

    #[test]
    fn the_years_limit_keeps_ongoing_and_recent_roles_in_scope() {
        let today = YearMonth::new(2026, 11).unwrap();
        assert!(in_scope(&role(None, Inclusion::Include), Some(1), today));
        assert!(in_scope(
            &role(Some((2022, 1)), Inclusion::Include),
            Some(5),
            today
        ));
        assert!(in_scope(
            &role(Some((2021, 12)), Inclusion::Include),
            Some(5),
            today
        ));
        assert!(!in_scope(
            &role(Some((2021, 11)), Inclusion::Include),
            Some(5),
            today
        ));
        assert!(in_scope(
            &role(Some((1990, 1)), Inclusion::Include),
            None,
            today
        ));
        assert!(!in_scope(&role(None, Inclusion::Omit), None, today));
        assert!(!in_scope(&role(None, Inclusion::NotRelevant), None, today));
    }
}
