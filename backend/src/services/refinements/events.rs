//! The event log of a refinement job: appended by the job's runner (and by cancel and
//! recovery), read by the SSE stream from any sequence number on.
//!
//! A local [`EventBus`] wakes streams on this instance as soon as an event is appended; streams
//! on other instances find it on their next poll of the table.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use resume_shared::api::refinements::EventKind;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DbErr,
    EntityTrait as _, FromQueryResult, QueryFilter as _, QueryOrder as _, QuerySelect as _, SqlErr,
};
use serde::Serialize;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::db::entities::refinement_events;
use crate::services::ServiceError;

/// Wakes the event streams of this instance when a job gets a new event.
#[derive(Debug, Default)]
pub struct EventBus {
    jobs: Mutex<HashMap<Uuid, Arc<Notify>>>,
}

impl EventBus {
    /// The notifier of a job (created on first use).
    pub fn notifier(&self, job: Uuid) -> Arc<Notify> {
        let mut jobs = self
            .jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(jobs.entry(job).or_default())
    }

    /// Wakes every stream of `job`.
    pub fn notify(&self, job: Uuid) {
        self.notifier(job).notify_waiters();
    }

    /// Forgets a job whose run has ended (streams still poll the table).
    pub fn forget(&self, job: Uuid) {
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&job);
    }
}

/// Appends an event with the next sequence number; returns the number.
///
/// # Errors
/// Database errors.
pub async fn append(
    conn: &impl ConnectionTrait,
    job: Uuid,
    kind: EventKind,
    payload: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let payload = serde_json::to_value(payload)
        .map_err(|e| ServiceError::internal("serialising an event payload", e))?;
    // Two writers may race for a number (a cancel and the runner); the primary key refuses
    // the second, which takes the next one.
    for _ in 0..5 {
        let seq = last_seq(conn, job).await? + 1;
        let inserted = refinement_events::ActiveModel {
            job_id: Set(job),
            seq: Set(seq),
            kind: Set(kind.as_str().to_owned()),
            payload: Set(payload.clone()),
            created_at: Set(now),
        }
        .insert(conn)
        .await;
        match inserted {
            Ok(_) => return Ok(seq),
            Err(error) if is_unique_violation(&error) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Err(ServiceError::Internal(anyhow::anyhow!(
        "could not append an event to job {job}"
    )))
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

async fn last_seq(conn: &impl ConnectionTrait, job: Uuid) -> Result<i64, ServiceError> {
    #[derive(FromQueryResult)]
    struct Max {
        seq: Option<i64>,
    }
    let max = refinement_events::Entity::find()
        .select_only()
        .column_as(refinement_events::Column::Seq.max(), "seq")
        .filter(refinement_events::Column::JobId.eq(job))
        .into_model::<Max>()
        .one(conn)
        .await?;
    Ok(max.and_then(|m| m.seq).unwrap_or(0))
}

/// The events of a job after `after`, in order, at most `limit`.
///
/// # Errors
/// Database errors.
pub async fn since(
    conn: &impl ConnectionTrait,
    job: Uuid,
    after: i64,
    limit: u64,
) -> Result<Vec<refinement_events::Model>, ServiceError> {
    Ok(refinement_events::Entity::find()
        .filter(refinement_events::Column::JobId.eq(job))
        .filter(refinement_events::Column::Seq.gt(after))
        .order_by_asc(refinement_events::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?)
}
