//! The lease of a refinement run: which run may write a job.
//!
//! Starting or resuming a job gives it a fresh [`RunId`] (`refinement_jobs.run_id`). The runner
//! claims the job with that id, and every heartbeat, checkpoint and event it writes happens in a
//! transaction that first re-asserts the lease: an `UPDATE` of the job row conditional on the
//! run id (and on the job still running). When the job was cancelled and resumed meanwhile
//! (possibly through another instance), or marked failed while its runner was paused, the
//! condition fails, nothing is written, and the superseded runner stops.
//!
//! The `UPDATE` also takes the job row's lock (PostgreSQL) or the database's write lock
//! (SQLite) for the rest of the transaction, so a cancel or resume cannot slip in between the
//! check and the write, and event sequence numbers are handed out one writer at a time.

use chrono::{DateTime, Utc};
use resume_shared::api::refinements::RefinementStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, DatabaseTransaction, EntityTrait as _, QueryFilter as _,
    TransactionTrait as _,
};
use uuid::Uuid;

use crate::db::entities::refinement_jobs;
use crate::services::ServiceError;

/// The id of one run of a job (its lease).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunId(Uuid);

impl RunId {
    /// A fresh run id.
    #[must_use]
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }

    /// The id as stored in `refinement_jobs.run_id`.
    #[must_use]
    pub const fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl Default for RunId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for RunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Who ends a job's run, and so which run it may end.
#[derive(Debug, Clone, Copy)]
pub enum Ender {
    /// The run itself (succeeded, failed, or stopped by a shutdown): only while it holds the
    /// lease.
    Run(RunId),
    /// The owner (cancel): whichever run is active.
    Owner,
    /// Recovery of a run that stopped beating: only that run, and only while its heartbeat is
    /// still older than `stale_before` (a resume in between made a new run, which is left
    /// alone).
    Recovery {
        /// The run found stale (NULL for jobs made before runs had ids).
        run: Option<Uuid>,
        /// The heartbeat cut-off it was found stale by.
        stale_before: DateTime<Utc>,
    },
}

/// The statuses of an active job.
pub(super) fn active_statuses() -> [&'static str; 2] {
    [
        RefinementStatus::Queued.as_str(),
        RefinementStatus::Running.as_str(),
    ]
}

/// Makes the queued job `job` running under `run`. False when the run no longer holds the job
/// (it was cancelled, or resumed under another run, before the runner got to it).
///
/// # Errors
/// Database errors.
pub async fn claim(
    db: &DatabaseConnection,
    job: Uuid,
    run: RunId,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let claimed = refinement_jobs::Entity::update_many()
        .col_expr(
            refinement_jobs::Column::Status,
            Expr::value(RefinementStatus::Running.as_str()),
        )
        .col_expr(refinement_jobs::Column::HeartbeatAt, Expr::value(now))
        .filter(refinement_jobs::Column::Id.eq(job))
        .filter(refinement_jobs::Column::RunId.eq(run.as_uuid()))
        .filter(refinement_jobs::Column::Status.eq(RefinementStatus::Queued.as_str()))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Refreshes the heartbeat of `run`. False when the run no longer holds the job.
///
/// # Errors
/// Database errors.
pub async fn beat(
    db: &DatabaseConnection,
    job: Uuid,
    run: RunId,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let beat = refinement_jobs::Entity::update_many()
        .col_expr(refinement_jobs::Column::HeartbeatAt, Expr::value(now))
        .filter(refinement_jobs::Column::Id.eq(job))
        .filter(refinement_jobs::Column::RunId.eq(run.as_uuid()))
        .filter(refinement_jobs::Column::Status.is_in(active_statuses()))
        .exec(db)
        .await?;
    Ok(beat.rows_affected == 1)
}

/// Opens a transaction in which `run` holds the running job `job`, for a checkpoint or an
/// event; commit it after writing. `None` (and nothing held) when the run was superseded.
///
/// # Errors
/// Database errors.
pub async fn hold(
    db: &DatabaseConnection,
    job: Uuid,
    run: RunId,
) -> Result<Option<DatabaseTransaction>, ServiceError> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let held = refinement_jobs::Entity::update_many()
        // A write is as good a sign of life as a heartbeat.
        .col_expr(refinement_jobs::Column::HeartbeatAt, Expr::value(now))
        .col_expr(refinement_jobs::Column::UpdatedAt, Expr::value(now))
        .filter(refinement_jobs::Column::Id.eq(job))
        .filter(refinement_jobs::Column::RunId.eq(run.as_uuid()))
        .filter(refinement_jobs::Column::Status.eq(RefinementStatus::Running.as_str()))
        .exec(&txn)
        .await?;
    if held.rows_affected == 1 {
        Ok(Some(txn))
    } else {
        txn.rollback().await?;
        Ok(None)
    }
}
