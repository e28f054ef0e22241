//! The background work of a refinement job: analysis → every role in scope (concurrently, at
//! most the endpoint's concurrency at a time) → introduction → keyword coverage → done.
//! Retries and waits inside the LLM calls are written as progress events as they happen
//! ([`super::notices`]).
//!
//! Every step writes its result (checkpoint) and its event before the next starts, so a
//! resumed job continues where it stopped and a reconnecting client replays what it missed.
//! The task is not tied to any HTTP connection. While it runs it refreshes the job's heartbeat
//! every few seconds and watches the job's status, so a cancel made on another instance stops
//! it too; a cancel made on this instance stops it at once.
//!
//! Each run holds the job's lease ([`super::lease`]): its claim, heartbeats, checkpoints and
//! events are all conditional on its run id, and a checkpoint is written in one transaction with
//! its event. A run that lost the lease (its job was cancelled and resumed elsewhere, or marked
//! failed while this process was paused) writes nothing more and stops.
//!
//! On shutdown ([`JobRunner::shutdown`]) every run is stopped and its job marked failed and
//! resumable at once, so another instance (or this one, restarted) can continue it without
//! waiting for the heartbeat to go stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use resume_shared::api::cover_letters::LetterEvent;
use resume_shared::api::refinements::{
    CoverageEvent, EventKind, IntroductionEvent, ProgressEvent, RefinementStatus, RoleEvent,
    RoleStatus, Stage,
};
use resume_shared::{Resume, Role, parse};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait as _,
    QueryFilter as _,
};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use uuid::Uuid;

use super::lease::{self, Ender, RunId};
use super::notices::{self, JobNotices};
use super::{JobPurpose, events, finish, roles, to_json, view};
use crate::config::LlmSettings;
use crate::crypto::SecretCipher;
use crate::db::entities::{refinement_jobs, refinement_roles};
use crate::llm::sanitize::LogSafe;
use crate::llm::{
    JobAnalysis, LetterBrief, LlmClient, LlmEndpoint, LlmError, coverage, guard_introduction,
    guard_letter, guard_role,
};
use crate::services::ServiceError;
use crate::services::cover_letters::revisions::Reason;
use crate::services::cover_letters::{self, NewLetter, drafts};
use crate::services::resumes::{from_json, structured};
use crate::services::settings as user_settings_service;

/// How often a running job proves it is alive and looks for a cancel from elsewhere.
const HEARTBEAT: Duration = Duration::from_secs(2);

/// Why a run stopped early.
#[derive(Debug)]
enum Stop {
    /// Cancelled: by the user (the cancel already ended the job), by the loss of the lease, or
    /// by the server's shutdown (the run then ends the job as failed and resumable).
    Cancelled,
    /// The run no longer holds the job's lease: another run (or a cancel, or recovery) took
    /// over, and this one must write nothing more.
    Superseded,
    /// Failed: the message and whether resuming may help.
    Failed(String, bool),
}

impl From<ServiceError> for Stop {
    fn from(error: ServiceError) -> Self {
        tracing::error!(error = %error, "refinement job storage failed");
        Self::Failed(
            "the server could not save the refinement's progress".into(),
            true,
        )
    }
}

impl From<LlmError> for Stop {
    fn from(error: LlmError) -> Self {
        let retryable = error.is_retryable();
        Self::Failed(error.to_string(), retryable)
    }
}

/// Runs refinement jobs on this instance. One per process, shared through the app state.
pub struct JobRunner {
    db: DatabaseConnection,
    llm: Arc<dyn LlmClient>,
    cipher: Arc<SecretCipher>,
    settings: LlmSettings,
    bus: Arc<events::EventBus>,
    running: Mutex<HashMap<Uuid, (RunId, CancellationToken)>>,
    /// Cancelled on shutdown; every run's token is a child of it.
    stopping: CancellationToken,
    /// Every run task, so that shutdown can wait for them.
    tasks: TaskTracker,
}

impl std::fmt::Debug for JobRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobRunner")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl JobRunner {
    /// A runner over the database and the LLM client.
    #[must_use]
    pub fn new(
        db: DatabaseConnection,
        llm: Arc<dyn LlmClient>,
        cipher: Arc<SecretCipher>,
        settings: LlmSettings,
        bus: Arc<events::EventBus>,
    ) -> Self {
        Self {
            db,
            llm,
            cipher,
            settings,
            bus,
            running: Mutex::new(HashMap::new()),
            stopping: CancellationToken::new(),
            tasks: TaskTracker::new(),
        }
    }

    /// The event bus streams wait on.
    #[must_use]
    pub fn bus(&self) -> &Arc<events::EventBus> {
        &self.bus
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, (RunId, CancellationToken)>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts the job's work under `run` (the lease `start` or `resume` gave it) in a
    /// background task.
    pub fn spawn(self: &Arc<Self>, job: Uuid, run: RunId) {
        let token = self.stopping.child_token();
        self.running().insert(job, (run, token.clone()));
        let runner = Arc::clone(self);
        self.tasks.spawn(async move {
            runner.run(job, run, token).await;
            {
                // A resume on this instance may have started a newer run of the same job.
                let mut running = runner.running();
                if running
                    .get(&job)
                    .is_some_and(|(current, _)| *current == run)
                {
                    running.remove(&job);
                }
            }
            runner.bus.notify(job);
            runner.bus.forget(job);
        });
    }

    /// Stops the job's work at once if it runs on this instance (others notice within a
    /// heartbeat, or at their next write).
    pub fn cancel_local(&self, job: Uuid) {
        if let Some((_, token)) = self.running().get(&job) {
            token.cancel();
        }
    }

    /// Stops every run of this instance, marking their jobs failed and resumable, and waits at
    /// most `grace` for them to finish doing so. Runs started afterwards stop at once the same
    /// way. Returns whether every run ended within `grace`.
    pub async fn shutdown(&self, grace: Duration) -> bool {
        self.stopping.cancel();
        self.tasks.close();
        tokio::time::timeout(grace, self.tasks.wait()).await.is_ok()
    }

    async fn run(self: &Arc<Self>, job: Uuid, run: RunId, token: CancellationToken) {
        let heartbeat = tokio::spawn(Self::heartbeat(self.db.clone(), job, run, token.clone()));
        let (notices, mut queued) = notices::channel();
        let writer = {
            let runner = Arc::clone(self);
            tokio::spawn(async move {
                while let Some((stage, message)) = queued.recv().await {
                    // A failed write is logged (`Stop::from`), a lost lease stops nothing here:
                    // the run itself notices it at its next write; the run goes on.
                    let _ = runner.progress(job, run, stage, message).await;
                }
            })
        };
        let outcome = self.execute(job, run, &token, notices).await;
        // Every endpoint that could report is gone with `execute`: the writer ends once the
        // queue is written, before the run's last events.
        let _ = writer.await;
        heartbeat.abort();
        let now = Utc::now();
        let ended = match outcome {
            Ok(()) => {
                finish(
                    &self.db,
                    job,
                    RefinementStatus::Succeeded,
                    None,
                    now,
                    Ender::Run(run),
                )
                .await
            }
            // Stopped by the shutdown: leave the job resumable at once (a no-op when the job
            // was cancelled or taken over meanwhile: the run no longer holds it).
            Err(Stop::Cancelled) if self.stopping.is_cancelled() => {
                let purpose = refinement_jobs::Entity::find_by_id(job)
                    .one(&self.db)
                    .await
                    .ok()
                    .flatten()
                    .map_or(JobPurpose::Resume, |row| JobPurpose::of(&row));
                finish(
                    &self.db,
                    job,
                    RefinementStatus::Failed,
                    Some((purpose.stopped_message().to_owned(), true)),
                    now,
                    Ender::Run(run),
                )
                .await
            }
            Err(Stop::Cancelled) => Ok(false),
            Err(Stop::Superseded) => {
                tracing::warn!(job = %job, run = %run, "refinement run superseded; it stops without writing");
                Ok(false)
            }
            Err(Stop::Failed(message, retryable)) => {
                tracing::warn!(job = %job, error = %LogSafe(&message), "refinement failed");
                finish(
                    &self.db,
                    job,
                    RefinementStatus::Failed,
                    Some((message, retryable)),
                    now,
                    Ender::Run(run),
                )
                .await
            }
        };
        if let Err(error) = ended {
            tracing::error!(job = %job, error = %error, "could not record the end of a refinement");
        }
    }

    /// Refreshes the heartbeat, and cancels the local run when it lost the job's lease
    /// (cancelled, or resumed under another run, through another instance).
    async fn heartbeat(db: DatabaseConnection, job: Uuid, run: RunId, token: CancellationToken) {
        loop {
            tokio::select! {
                () = token.cancelled() => return,
                () = tokio::time::sleep(HEARTBEAT) => {}
            }
            match lease::beat(&db, job, run, Utc::now()).await {
                Ok(false) => {
                    token.cancel();
                    return;
                }
                Ok(true) => {}
                Err(error) => tracing::warn!(job = %job, error = %error, "heartbeat failed"),
            }
        }
    }

    /// A transaction in which this run holds the job, for a checkpoint and its event.
    async fn hold(&self, job: Uuid, run: RunId) -> Result<DatabaseTransaction, Stop> {
        lease::hold(&self.db, job, run)
            .await?
            .ok_or(Stop::Superseded)
    }

    /// Commits what was written under the lease and wakes the job's streams.
    async fn commit(&self, job: Uuid, txn: DatabaseTransaction) -> Result<(), Stop> {
        txn.commit().await.map_err(ServiceError::from)?;
        self.bus.notify(job);
        Ok(())
    }

    async fn event(
        &self,
        job: Uuid,
        run: RunId,
        kind: EventKind,
        payload: &impl serde::Serialize,
    ) -> Result<(), Stop> {
        let txn = self.hold(job, run).await?;
        events::append(&txn, job, kind, payload, Utc::now()).await?;
        self.commit(job, txn).await
    }

    async fn progress(
        &self,
        job: Uuid,
        run: RunId,
        stage: Stage,
        message: String,
    ) -> Result<(), Stop> {
        self.event(
            job,
            run,
            EventKind::Progress,
            &ProgressEvent { stage, message },
        )
        .await
    }

    async fn endpoint(&self, owner: Uuid) -> Result<LlmEndpoint, Stop> {
        let endpoint =
            user_settings_service::llm_endpoint(&self.db, &self.cipher, owner, &self.settings)
                .await?;
        endpoint.chat_completions_url()?;
        Ok(endpoint)
    }

    async fn execute(
        self: &Arc<Self>,
        job_id: Uuid,
        run: RunId,
        token: &CancellationToken,
        notices: JobNotices,
    ) -> Result<(), Stop> {
        if token.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        if !lease::claim(&self.db, job_id, run, Utc::now()).await? {
            return Err(Stop::Superseded);
        }
        let job = refinement_jobs::Entity::find_by_id(job_id)
            .one(&self.db)
            .await
            .map_err(ServiceError::from)?
            .ok_or(Stop::Superseded)?;
        let endpoint = notices.observe(self.endpoint(job.owner_id).await?, None);
        let base = parse(&job.base_content)
            .map_err(|e| ServiceError::internal("the job's base text does not parse", e))?
            .resume;

        let analysis = self
            .ensure_analysis(&job, run, &endpoint, &base, token)
            .await?;
        if JobPurpose::of(&job) == JobPurpose::CoverLetter {
            return self
                .draft_letter(&job, run, &endpoint, &base, &analysis, token)
                .await;
        }

        self.refine_roles(job_id, run, &endpoint, &analysis, token, &notices)
            .await?;

        let checkpoints = roles(&self.db, job_id).await?;
        let mut refined = base.clone();
        for row in &checkpoints {
            if row.status == RoleStatus::Done.as_str()
                && let (Ok(index), Some(role)) = (
                    usize::try_from(row.role_index),
                    from_json::<Role>(row.refined.as_ref()),
                )
            {
                structured::replace(&mut refined, index, role)?;
            }
        }

        self.progress(
            job_id,
            run,
            Stage::Introduction,
            "writing the introduction".into(),
        )
        .await?;
        let introduction = cancellable(
            token,
            self.llm.write_introduction(&endpoint, &refined, &analysis),
        )
        .await?;
        let flags = view::flags(&guard_introduction(&base, &introduction));
        let txn = self.hold(job_id, run).await?;
        save_job(
            &txn,
            job_id,
            &[
                (
                    refinement_jobs::Column::Introduction,
                    introduction.text.clone().into(),
                ),
                (
                    refinement_jobs::Column::IntroductionFlags,
                    to_json(&flags).into(),
                ),
            ],
        )
        .await?;
        events::append(
            &txn,
            job_id,
            EventKind::Introduction,
            &IntroductionEvent {
                text: introduction.text.clone(),
                flags,
            },
            Utc::now(),
        )
        .await?;
        self.commit(job_id, txn).await?;

        self.progress(
            job_id,
            run,
            Stage::Coverage,
            "measuring keyword coverage".into(),
        )
        .await?;
        refined.personal.get_or_insert_with(Default::default).banner = Some(introduction.text);
        let before = view::coverage(&coverage(&analysis, &base));
        let after = view::coverage(&coverage(&analysis, &refined));
        let txn = self.hold(job_id, run).await?;
        save_job(
            &txn,
            job_id,
            &[
                (
                    refinement_jobs::Column::CoverageBefore,
                    to_json(&before).into(),
                ),
                (
                    refinement_jobs::Column::CoverageAfter,
                    to_json(&after).into(),
                ),
            ],
        )
        .await?;
        let missing = after.missing.clone();
        events::append(
            &txn,
            job_id,
            EventKind::Coverage,
            &CoverageEvent {
                before,
                after,
                missing,
            },
            Utc::now(),
        )
        .await?;
        self.commit(job_id, txn).await?;
        if token.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        Ok(())
    }

    /// The job's analysis: the stored one, or a new one from the model, saved with its event.
    async fn ensure_analysis(
        &self,
        job: &refinement_jobs::Model,
        run: RunId,
        endpoint: &LlmEndpoint,
        base: &Resume,
        token: &CancellationToken,
    ) -> Result<JobAnalysis, Stop> {
        let job_id = job.id;
        Ok(match from_json::<JobAnalysis>(job.analysis.as_ref()) {
            Some(analysis) => analysis,
            None => {
                self.progress(
                    job_id,
                    run,
                    Stage::Analysis,
                    "analysing the job description".into(),
                )
                .await?;
                let analysis = cancellable(
                    token,
                    self.llm.analyze_job(endpoint, &job.job_description, base),
                )
                .await?;
                let txn = self.hold(job_id, run).await?;
                save_job(
                    &txn,
                    job_id,
                    &[(refinement_jobs::Column::Analysis, to_json(&analysis).into())],
                )
                .await?;
                events::append(
                    &txn,
                    job_id,
                    EventKind::Analysis,
                    &view::analysis(&analysis, &job.job_description),
                    Utc::now(),
                )
                .await?;
                self.commit(job_id, txn).await?;
                analysis
            }
        })
    }

    /// Writes the cover letter of a drafting job, checks it with the fact guard, signs it with
    /// the candidate's name, and saves it as a new letter with its event, in one transaction.
    async fn draft_letter(
        &self,
        job: &refinement_jobs::Model,
        run: RunId,
        endpoint: &LlmEndpoint,
        base: &Resume,
        analysis: &JobAnalysis,
        token: &CancellationToken,
    ) -> Result<(), Stop> {
        if job.letter_id.is_some() {
            // Written before the run stopped: nothing is left to do.
            return Ok(());
        }
        let job_id = job.id;
        let options = drafts::options_of(job);
        let resume = crate::services::resumes::owned(&self.db, job.owner_id, job.resume_id)
            .await
            .map_err(|_| {
                Stop::Failed(
                    "the resume was deleted while its cover letter was being written".into(),
                    false,
                )
            })?;
        let tailored_title = cover_letters::job_title_of(&resume);
        let company = job
            .company
            .clone()
            .or_else(|| analysis.job_details.company.clone());
        let brief = LetterBrief {
            company: company.clone(),
            contact: options.contact.clone(),
            job_title: analysis.job_details.job_title.clone().or(tailored_title),
            tone: options.tone,
            length: options.length,
        };
        self.progress(job_id, run, Stage::Letter, "writing the letter".into())
            .await?;
        let letter = cancellable(
            token,
            self.llm
                .write_cover_letter(endpoint, base, analysis, &brief),
        )
        .await?;
        let content = signed(&letter.text, base.candidate_name());
        let addressing: Vec<&str> = [
            brief.company.as_deref(),
            brief.contact.as_deref(),
            brief.job_title.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let flags = view::flags(&guard_letter(base, &content, &addressing));
        let new = NewLetter {
            resume_id: job.resume_id,
            draft_id: Some(job_id),
            name: cover_letters::default_name(company.as_deref(), &resume.name),
            company,
            contact: options.contact,
            job_title: brief.job_title.clone(),
            drafted: Some((options.tone, options.length)),
            content: content.clone(),
            reason: Reason::Drafted,
        };
        let now = Utc::now();
        let txn = self.hold(job_id, run).await?;
        let row = cover_letters::insert(&txn, job.owner_id, new, now).await?;
        save_job(
            &txn,
            job_id,
            &[(refinement_jobs::Column::LetterId, Some(row.id).into())],
        )
        .await?;
        events::append(
            &txn,
            job_id,
            EventKind::Letter,
            &LetterEvent {
                letter_id: row.id.to_string(),
                text: content,
                flags,
            },
            now,
        )
        .await?;
        self.commit(job_id, txn).await?;
        if token.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        Ok(())
    }

    /// Refines every pending role, at most the endpoint's concurrency at a time. A role that
    /// fails is recorded (and reported) without stopping the others; the job then fails,
    /// resumable, and retryable when a retry may help one of the failed roles.
    async fn refine_roles(
        self: &Arc<Self>,
        job: Uuid,
        run: RunId,
        endpoint: &LlmEndpoint,
        analysis: &JobAnalysis,
        token: &CancellationToken,
        notices: &JobNotices,
    ) -> Result<(), Stop> {
        let checkpoints = roles(&self.db, job).await?;
        let pending: Vec<(usize, Role)> = checkpoints
            .iter()
            .filter(|row| row.status == RoleStatus::Pending.as_str())
            .filter_map(|row| {
                Some((
                    usize::try_from(row.role_index).ok()?,
                    serde_json::from_value(row.original.clone()).ok()?,
                ))
            })
            .collect();
        let done = checkpoints
            .iter()
            .filter(|row| row.status == RoleStatus::Done.as_str())
            .count();
        let limit = self.llm.concurrency(endpoint).await.max(1);
        let roles = match pending.len() {
            1 => "1 role".to_owned(),
            n => format!("{n} roles"),
        };
        let message = match (done, pending.len()) {
            // "1 at a time" says nothing about a single role.
            (0, 0 | 1) => format!("refining {roles}"),
            (0, n) => format!("refining {roles}, {} at a time", limit.min(n)),
            (1, _) => format!("refining {roles}; 1 already refined is kept"),
            (done, _) => format!("refining {roles}; {done} already refined are kept"),
        };
        self.progress(job, run, Stage::Roles, message).await?;
        let permits = Arc::new(Semaphore::new(limit));
        let analysis = Arc::new(analysis.clone());
        let mut tasks = JoinSet::new();
        for (index, original) in pending {
            let runner = Arc::clone(self);
            let permits = Arc::clone(&permits);
            let label = format!(
                "role {} ({} at {})",
                index + 1,
                original.basics.title,
                original.basics.company
            );
            let endpoint = notices.observe(endpoint.clone(), Some(label));
            let analysis = Arc::clone(&analysis);
            let token = token.clone();
            tasks.spawn(async move {
                let Ok(_permit) = permits.acquire_owned().await else {
                    return Err(Stop::Cancelled);
                };
                if token.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                let result = runner
                    .refine_one(job, run, index, original, &endpoint, &analysis, &token)
                    .await;
                if matches!(result, Err(Stop::Superseded)) {
                    // The other roles must not call the model for a run that is over.
                    token.cancel();
                }
                result
            });
        }
        let mut failures = Vec::new();
        let mut cancelled = false;
        let mut superseded = false;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(Stop::Cancelled)) => cancelled = true,
                Ok(Err(Stop::Superseded)) => superseded = true,
                Ok(Err(Stop::Failed(message, retryable))) => failures.push((message, retryable)),
                Err(error) => failures.push((format!("a role task stopped: {error}"), true)),
            }
        }
        if superseded {
            return Err(Stop::Superseded);
        }
        if cancelled || token.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        if !failures.is_empty() {
            return Err(roles_failed(&failures));
        }
        Ok(())
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one role of one run: the job, its lease, the role and the call's inputs"
    )]
    async fn refine_one(
        &self,
        job: Uuid,
        run: RunId,
        index: usize,
        original: Role,
        endpoint: &LlmEndpoint,
        analysis: &JobAnalysis,
        token: &CancellationToken,
    ) -> Result<(), Stop> {
        let result =
            match cancellable(token, self.llm.refine_role(endpoint, &original, analysis)).await {
                Ok(answer) => guard_role(&original, &answer).map_err(Stop::from),
                Err(stop) => Err(stop),
            };
        match result {
            Ok(guarded) => {
                let flags = view::flags(&guarded.flags);
                let txn = self.hold(job, run).await?;
                save_role(
                    &txn,
                    job,
                    index,
                    RoleStatus::Done,
                    Some(to_json(&guarded.role)),
                    Some(to_json(&flags)),
                    None,
                )
                .await?;
                events::append(
                    &txn,
                    job,
                    EventKind::Role,
                    &RoleEvent {
                        index,
                        original,
                        refined: guarded.role,
                        flags,
                    },
                    Utc::now(),
                )
                .await?;
                self.commit(job, txn).await
            }
            Err(stop @ (Stop::Cancelled | Stop::Superseded)) => Err(stop),
            Err(Stop::Failed(message, retryable)) => {
                let title = format!("{} at {}", original.basics.title, original.basics.company);
                let label = format!("role {} ({title})", index + 1);
                let txn = self.hold(job, run).await?;
                save_role(
                    &txn,
                    job,
                    index,
                    RoleStatus::Failed,
                    None,
                    None,
                    Some(message.clone()),
                )
                .await?;
                events::append(
                    &txn,
                    job,
                    EventKind::Error,
                    &resume_shared::api::refinements::ErrorEvent {
                        message: format!("{label}: {message}"),
                        retryable,
                        role_index: Some(index),
                        role_title: Some(title),
                    },
                    Utc::now(),
                )
                .await?;
                self.commit(job, txn).await?;
                Err(Stop::Failed(format!("{label}: {message}"), retryable))
            }
        }
    }
}

/// The job's failure when roles failed: which roles and why (roles failing for the same
/// reason are named together), and whether resuming as it is may help.
fn roles_failed(failures: &[(String, bool)]) -> Stop {
    // In resume order ("role 2 (…): …"), not in the order the roles finished.
    let mut ordered: Vec<&(String, bool)> = failures.iter().collect();
    ordered.sort_by_key(|(failure, _)| {
        failure
            .strip_prefix("role ")
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|number| number.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    });
    let mut causes: Vec<(String, Vec<&str>)> = Vec::new();
    for (failure, _) in ordered {
        let (role, cause) = failure
            .split_once("): ")
            .map_or((failure.as_str(), ""), |(role, cause)| (role, cause));
        match causes.iter_mut().find(|(known, _)| known == cause) {
            Some((_, roles)) => roles.push(role),
            None => causes.push((cause.to_owned(), vec![role])),
        }
    }
    let reasons: Vec<String> = causes
        .iter()
        .map(|(cause, roles)| {
            let roles: Vec<String> = roles.iter().map(|role| format!("{role})")).collect();
            if cause.is_empty() {
                roles.join(", ")
            } else {
                format!("{}: {cause}", roles.join(", "))
            }
        })
        .collect();
    let retryable = failures.iter().any(|(_, retryable)| *retryable);
    Stop::Failed(
        format!(
            "{} could not be refined ({}); {} — roles already refined are kept",
            if failures.len() == 1 {
                "1 role".to_owned()
            } else {
                format!("{} roles", failures.len())
            },
            reasons.join("; "),
            if retryable {
                "resume to try again"
            } else {
                "change what the message says, then resume"
            }
        ),
        retryable,
    )
}

/// The letter with the candidate's name under its closing line, unless it already ends with it.
fn signed(text: &str, name: Option<&str>) -> String {
    let text = text.trim_end();
    match name.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) if !text.ends_with(name) => format!("{text}\n{name}"),
        _ => text.to_owned(),
    }
}

/// Awaits `work` unless the job is cancelled first.
async fn cancellable<T>(
    token: &CancellationToken,
    work: impl Future<Output = Result<T, LlmError>>,
) -> Result<T, Stop> {
    tokio::select! {
        () = token.cancelled() => Err(Stop::Cancelled),
        result = work => result.map_err(Stop::from),
    }
}

/// Writes job columns (inside a transaction that holds the lease).
async fn save_job(
    txn: &impl ConnectionTrait,
    job: Uuid,
    columns: &[(refinement_jobs::Column, sea_orm::Value)],
) -> Result<(), Stop> {
    let mut update = refinement_jobs::Entity::update_many();
    for (column, value) in columns {
        update = update.col_expr(*column, Expr::value(value.clone()));
    }
    update
        .col_expr(refinement_jobs::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(refinement_jobs::Column::Id.eq(job))
        .exec(txn)
        .await
        .map_err(ServiceError::from)?;
    Ok(())
}

/// Writes a role's checkpoint (inside a transaction that holds the lease).
async fn save_role(
    txn: &impl ConnectionTrait,
    job: Uuid,
    index: usize,
    status: RoleStatus,
    refined: Option<serde_json::Value>,
    flags: Option<serde_json::Value>,
    error: Option<String>,
) -> Result<(), Stop> {
    refinement_roles::Entity::update_many()
        .col_expr(
            refinement_roles::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(refinement_roles::Column::Refined, Expr::value(refined))
        .col_expr(refinement_roles::Column::Flags, Expr::value(flags))
        .col_expr(refinement_roles::Column::Error, Expr::value(error))
        .col_expr(refinement_roles::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(refinement_roles::Column::JobId.eq(job))
        .filter(refinement_roles::Column::RoleIndex.eq(i32::try_from(index).unwrap_or(i32::MAX)))
        .exec(txn)
        .await
        .map_err(ServiceError::from)?;
    Ok(())
}
