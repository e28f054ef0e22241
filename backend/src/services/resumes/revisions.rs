//! Revisions: the content of every version of a resume, written in the same transaction as
//! the change, and read back to list, compare and restore.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection,
    EntityTrait as _, FromQueryResult, QueryFilter as _, QueryOrder as _, QuerySelect as _,
    TransactionTrait as _,
};
use uuid::Uuid;

use super::diff::{self, TooLarge};
use super::{Actor, Change, Reason, owned};
use crate::db::entities::{resume_revisions, resumes};
use crate::services::ServiceError;
use crate::services::cpu_slots::{Busy, CpuSlots};

/// Records the current content of `resume` as the revision of its current version, and deletes
/// the oldest revisions beyond the revisions quota (`actor.quotas.revisions_per_resume`): the
/// newest ones are kept, so the history always reaches the current version.
///
/// # Errors
/// Database errors (a second revision for one version is refused by a unique index).
pub async fn record(
    conn: &impl ConnectionTrait,
    resume: &resumes::Model,
    actor: Actor,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    resume_revisions::ActiveModel {
        id: Set(Uuid::new_v4()),
        resume_id: Set(resume.id),
        version: Set(resume.version),
        content: Set(resume.content.clone()),
        author_id: Set(Some(actor.user_id)),
        impersonator_id: Set(actor.impersonator),
        reason: Set(reason.as_str().to_owned()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    prune(conn, resume.id, actor.quotas.revisions_per_resume).await
}

/// Deletes the revisions of a resume older than its `keep` newest.
async fn prune(
    conn: &impl ConnectionTrait,
    resume_id: Uuid,
    keep: u64,
) -> Result<(), ServiceError> {
    let newest_dropped: Option<i64> = resume_revisions::Entity::find()
        .select_only()
        .column(resume_revisions::Column::Version)
        .filter(resume_revisions::Column::ResumeId.eq(resume_id))
        .order_by_desc(resume_revisions::Column::Version)
        .offset(keep)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    if let Some(version) = newest_dropped {
        resume_revisions::Entity::delete_many()
            .filter(resume_revisions::Column::ResumeId.eq(resume_id))
            .filter(resume_revisions::Column::Version.lte(version))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// How long after a structured edit the next one by the same person joins its revision
/// instead of starting another: quick successive clicks (Include, Not relevant, Omit, one
/// field after another) make one entry in the history, a pause starts a new one.
pub const STRUCTURED_EDITS_JOIN_WITHIN: chrono::Duration = chrono::Duration::seconds(60);

/// Records a change of content made by `update`: nothing when the text is the newest
/// revision's already; a structured edit made within [`STRUCTURED_EDITS_JOIN_WITHIN`] of the
/// newest revision, itself a structured edit by the same person (and the same impersonator),
/// takes that revision over (its version, text and time become this change's; the versions in
/// between leave the history); anything else is a new revision ([`record`]).
///
/// # Errors
/// Database errors.
pub async fn record_change(
    conn: &impl ConnectionTrait,
    resume: &resumes::Model,
    actor: Actor,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let latest = resume_revisions::Entity::find()
        .filter(resume_revisions::Column::ResumeId.eq(resume.id))
        .order_by_desc(resume_revisions::Column::Version)
        .one(conn)
        .await?;
    match latest {
        Some(latest) if latest.content == resume.content => Ok(()),
        Some(latest) if joins(&latest, actor, reason, now) => {
            let mut joined: resume_revisions::ActiveModel = latest.into();
            joined.version = Set(resume.version);
            joined.content = Set(resume.content.clone());
            joined.created_at = Set(now);
            joined.update(conn).await?;
            Ok(())
        }
        _ => record(conn, resume, actor, reason, now).await,
    }
}

/// Whether a change joins the newest revision (see [`record_change`]).
fn joins(
    latest: &resume_revisions::Model,
    actor: Actor,
    reason: Reason,
    now: DateTime<Utc>,
) -> bool {
    reason == Reason::StructuredEdit
        && latest.reason == Reason::StructuredEdit.as_str()
        && latest.author_id == Some(actor.user_id)
        && latest.impersonator_id == actor.impersonator
        && now >= latest.created_at
        && now - latest.created_at < STRUCTURED_EDITS_JOIN_WITHIN
}

/// A revision without its content.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct RevisionRow {
    /// The resume version.
    pub version: i64,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// Who.
    pub author_id: Option<Uuid>,
    /// The administrator acting as the author.
    pub impersonator_id: Option<Uuid>,
}

/// The revisions of the owner's resume, newest first.
///
/// # Errors
/// Not found.
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
) -> Result<Vec<RevisionRow>, ServiceError> {
    owned(conn, owner, resume_id).await?;
    Ok(resume_revisions::Entity::find()
        .select_only()
        .columns([
            resume_revisions::Column::Version,
            resume_revisions::Column::CreatedAt,
            resume_revisions::Column::Reason,
            resume_revisions::Column::AuthorId,
            resume_revisions::Column::ImpersonatorId,
        ])
        .filter(resume_revisions::Column::ResumeId.eq(resume_id))
        .order_by_desc(resume_revisions::Column::Version)
        .into_model::<RevisionRow>()
        .all(conn)
        .await?)
}

/// One revision with its content.
///
/// # Errors
/// Not found (the resume or that version).
pub async fn get(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
    version: i64,
) -> Result<resume_revisions::Model, ServiceError> {
    owned(conn, owner, resume_id).await?;
    resume_revisions::Entity::find()
        .filter(resume_revisions::Column::ResumeId.eq(resume_id))
        .filter(resume_revisions::Column::Version.eq(version))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no revision for version {version}")))
}

/// Why two versions were not compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Not found, or the database failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// A version is over the size a comparison takes.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// Every comparison slot stayed taken.
    #[error(transparent)]
    Busy(#[from] Busy),
}

/// A unified diff (three lines of context) from one version's content to another's (see
/// [`diff::unified_diff`]). It waits for a slot of `slots` first, then loads both versions,
/// and compares them on the blocking pool, holding the slot until the comparison ends, even
/// when the client has left meanwhile.
///
/// # Errors
/// Not found; a version too large to compare; no slot in time.
pub async fn diff(
    conn: &impl ConnectionTrait,
    slots: &CpuSlots,
    owner: Uuid,
    resume_id: Uuid,
    from: i64,
    to: i64,
) -> Result<String, DiffError> {
    let slot = slots.acquire().await?;
    let old = get(conn, owner, resume_id, from).await?;
    let new = get(conn, owner, resume_id, to).await?;
    let compared = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        diff::unified_diff(&old.content, &new.content, from, to)
    })
    .await
    .map_err(|error| ServiceError::internal("the comparison task failed", error))?;
    Ok(compared?)
}

/// Makes an earlier version's content current again, as a new version (`restore`). The
/// revision is read before the write transaction starts.
///
/// # Errors
/// Not found; a stale `expected_version`.
pub async fn restore(
    db: &DatabaseConnection,
    actor: Actor,
    resume_id: Uuid,
    version: i64,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<super::Stored, ServiceError> {
    let revision = get(db, actor.user_id, resume_id, version).await?;
    Ok(db
        .transaction::<_, _, ServiceError>(move |txn| {
            Box::pin(async move {
                super::update(
                    txn,
                    actor,
                    resume_id,
                    expected_version,
                    Change {
                        content: Some((revision.content, Reason::Restore)),
                        ..Change::default()
                    },
                    now,
                )
                .await
            })
        })
        .await?)
}
