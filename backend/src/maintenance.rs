//! Periodic housekeeping of a running server: refinement jobs whose runner stopped beating are
//! marked failed and resumable (every few seconds, and at start-up, so a restart loses no job);
//! impersonation sessions whose lifetime ran out are ended with their `impersonation.stop`
//! (every minute); hourly, resumes in the trash for more than 30 days, session rows that
//! ended more than a week ago and second steps of logins that ended more than a day ago are
//! purged, audit entries older than
//! `RESUME_EDITOR_AUDIT_RETENTION_DAYS` are deleted, and rate-limit counters no limit
//! remembers any more are forgotten. Nothing else purges: requests never do work on behalf of
//! all users.
//!
//! Every step is an idempotent statement over the shared database, so several instances may
//! run it at the same time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use crate::services::{audit, login_challenges, rate_limit, refinements, resumes, sessions};

/// How often stale refinement jobs are looked for.
const RECOVERY_EVERY: Duration = Duration::from_secs(10);
/// How often expired impersonation sessions are looked for.
const IMPERSONATIONS_EVERY: Duration = Duration::from_secs(60);
/// How often the trash and ended sessions are purged.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until the task is aborted. `audit_retention_days`: see [`forget_old_records`].
pub async fn run(db: DatabaseConnection, audit_retention_days: u32) {
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
                match forget_old_records(&db, audit_retention_days, Utc::now()).await {
                    Ok(Forgotten { audit_entries: 0, .. }) => {}
                    Ok(forgotten) => tracing::info!(
                        count = forgotten.audit_entries,
                        "deleted audit entries past their retention"
                    ),
                    Err(error) => tracing::warn!(error = %error, "deleting old records failed"),
                }
            }
        }
    }
}

/// Logs what a housekeeping step did: nothing when it found nothing to do, `done` with the
/// count, or `failed` with the error.
fn report(outcome: Result<u64, impl std::fmt::Display>, done: &str, failed: &str) {
    match outcome {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "{done}"),
        Err(error) => tracing::warn!(error = %error, "{failed}"),
    }
}

async fn end_expired_impersonations(db: &DatabaseConnection) {
    report(
        sessions::end_expired_impersonations(db, Utc::now()).await,
        "ended expired impersonation sessions",
        "ending expired impersonations failed",
    );
}

async fn purge_sessions(db: &DatabaseConnection) {
    report(
        sessions::purge(db, Utc::now()).await,
        "purged ended sessions",
        "purging ended sessions failed",
    );
    report(
        login_challenges::purge(db, Utc::now()).await,
        "purged ended sign-in challenges",
        "purging ended sign-in challenges failed",
    );
}

/// What [`forget_old_records`] deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    /// Audit entries past their retention.
    pub audit_entries: u64,
    /// Rate-limit counters idle for longer than any limit looks back.
    pub rate_limit_counters: u64,
}

/// Deletes audit entries older than `audit_retention_days` days (none when it is 0) and
/// rate-limit counters no limit remembers any more.
///
/// # Errors
/// Database errors.
pub async fn forget_old_records(
    db: &DatabaseConnection,
    audit_retention_days: u32,
    now: DateTime<Utc>,
) -> Result<Forgotten, DbErr> {
    let audit_entries = if audit_retention_days == 0 {
        0
    } else {
        audit::purge(
            db,
            now - chrono::Duration::days(i64::from(audit_retention_days)),
        )
        .await?
    };
    let rate_limit_counters = rate_limit::purge(db, now).await?;
    Ok(Forgotten {
        audit_entries,
        rate_limit_counters,
    })
}

async fn recover(db: &DatabaseConnection) {
    match refinements::recover_stale(db, Utc::now()).await {
        Ok(0) => {}
        Ok(count) => tracing::warn!(count, "marked stopped refinement jobs as failed"),
        Err(error) => tracing::warn!(error = %error, "looking for stopped refinement jobs failed"),
    }
}

async fn purge_trash(db: &DatabaseConnection) {
    report(
        resumes::trash::purge_trash(db, Utc::now()).await,
        "purged resumes from the trash",
        "purging the trash failed",
    );
}
