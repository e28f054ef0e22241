//! Periodic housekeeping of a running server: refinement jobs whose runner stopped beating are
//! marked failed and resumable (every few seconds, and at start-up, so a restart loses no job),
//! and resumes in the trash for more than 30 days are purged (hourly).
//!
//! Every step is an idempotent statement over the shared database, so several instances may
//! run it at the same time.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::services::{refinements, resumes};

/// How often stale refinement jobs are looked for.
const RECOVERY_EVERY: Duration = Duration::from_secs(10);
/// How often the trash is purged.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until the task is aborted.
pub async fn run(db: DatabaseConnection) {
    let mut recovery = tokio::time::interval(RECOVERY_EVERY);
    let mut purge = tokio::time::interval(PURGE_EVERY);
    loop {
        tokio::select! {
            _ = recovery.tick() => recover(&db).await,
            _ = purge.tick() => purge_trash(&db).await,
        }
    }
}

async fn recover(db: &DatabaseConnection) {
    match refinements::recover_stale(db, Utc::now()).await {
        Ok(0) => {}
        Ok(count) => tracing::warn!(count, "marked stopped refinement jobs as failed"),
        Err(error) => tracing::warn!(error = %error, "looking for stopped refinement jobs failed"),
    }
}

async fn purge_trash(db: &DatabaseConnection) {
    match resumes::purge_trash(db, Utc::now()).await {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "purged resumes from the trash"),
        Err(error) => tracing::warn!(error = %error, "purging the trash failed"),
    }
}
