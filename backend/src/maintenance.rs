//! Periodic housekeeping of a running server: refinement jobs whose runner stopped beating are
//! marked failed and resumable (every few seconds, and at start-up, so a restart loses no job);
//! impersonation sessions whose lifetime ran out are ended with their `impersonation.stop`
//! (every minute); resumes in the trash for more than 30 days, and session rows that ended
//! more than a week ago, are purged (hourly). Nothing else purges: requests never do work on
//! behalf of all users.
//!
//! Every step is an idempotent statement over the shared database, so several instances may
//! run it at the same time.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::services::{refinements, resumes, sessions};

/// How often stale refinement jobs are looked for.
const RECOVERY_EVERY: Duration = Duration::from_secs(10);
/// How often expired impersonation sessions are looked for.
const IMPERSONATIONS_EVERY: Duration = Duration::from_secs(60);
/// How often the trash and ended sessions are purged.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until the task is aborted.
pub async fn run(db: DatabaseConnection) {
    let mut recovery = tokio::time::interval(RECOVERY_EVERY);
    let mut impersonations = tokio::time::interval(IMPERSONATIONS_EVERY);
    let mut purge = tokio::time::interval(PURGE_EVERY);
    loop {
        tokio::select! {
            _ = recovery.tick() => recover(&db).await,
            _ = impersonations.tick() => end_expired_impersonations(&db).await,
            _ = purge.tick() => {
                purge_trash(&db).await;
                purge_sessions(&db).await;
            }
        }
    }
}

async fn end_expired_impersonations(db: &DatabaseConnection) {
    match sessions::end_expired_impersonations(db, Utc::now()).await {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "ended expired impersonation sessions"),
        Err(error) => tracing::warn!(error = %error, "ending expired impersonations failed"),
    }
}

async fn purge_sessions(db: &DatabaseConnection) {
    match sessions::purge(db, Utc::now()).await {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "purged ended sessions"),
        Err(error) => tracing::warn!(error = %error, "purging ended sessions failed"),
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
