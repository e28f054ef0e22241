//! The trash: moving a resume there (a base resume with its tailored resumes), listing it,
//! restoring, deleting for good, and the purge after [`TRASH_DAYS`].

use chrono::{DateTime, Duration, Utc};
use resume_shared::api::resumes::ResumeKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _, QueryOrder as _,
};
use uuid::Uuid;

use super::owned;
use crate::db::entities::resumes;
use crate::services::ServiceError;

/// How long a resume stays in the trash.
pub const TRASH_DAYS: i64 = 30;

/// Moves a resume to the trash; a base resume takes its tailored resumes with it. Returns the
/// trashed rows, the resume first.
///
/// # Errors
/// Not found.
pub async fn trash(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<resumes::Model>, ServiceError> {
    let resume = owned(conn, owner, id).await?;
    let mut affected = vec![resume];
    affected.extend(
        resumes::Entity::find()
            .filter(resumes::Column::ParentId.eq(id))
            .filter(resumes::Column::OwnerId.eq(owner))
            .filter(resumes::Column::DeletedAt.is_null())
            .order_by_asc(resumes::Column::Name)
            .all(conn)
            .await?,
    );
    resumes::Entity::update_many()
        .col_expr(resumes::Column::DeletedAt, Expr::value(now))
        .filter(resumes::Column::Id.is_in(affected.iter().map(|r| r.id)))
        .filter(resumes::Column::DeletedAt.is_null())
        .exec(conn)
        .await?;
    Ok(affected)
}

async fn restore_rows(conn: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<(), ServiceError> {
    resumes::Entity::update_many()
        .col_expr(
            resumes::Column::DeletedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(resumes::Column::Id.is_in(ids))
        .exec(conn)
        .await?;
    Ok(())
}

/// When a resume deleted at `deleted_at` is purged.
#[must_use]
pub fn purge_at(deleted_at: DateTime<Utc>) -> DateTime<Utc> {
    deleted_at + Duration::days(TRASH_DAYS)
}

/// The owner's trash, newest deletion first. Resumes due for purging (the server's hourly task
/// deletes them) are no longer listed.
///
/// # Errors
/// Database errors.
pub async fn list_trash(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<resumes::Model>, ServiceError> {
    Ok(resumes::Entity::find()
        .filter(resumes::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_not_null())
        .filter(resumes::Column::DeletedAt.gte(now - Duration::days(TRASH_DAYS)))
        .order_by_desc(resumes::Column::DeletedAt)
        .order_by_asc(resumes::Column::Name)
        .all(conn)
        .await?)
}

async fn trashed(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<resumes::Model, ServiceError> {
    resumes::Entity::find_by_id(id)
        .filter(resumes::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_not_null())
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("no such resume in the trash".into()))
}

/// Takes a resume out of the trash, with the tailored resumes that went there with it. A
/// tailored resume whose base is still in the trash cannot come back alone.
///
/// # Errors
/// Not found in the trash; [`ServiceError::Conflict`] (`parent_in_trash`).
pub async fn restore(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<Vec<resumes::Model>, ServiceError> {
    let resume = trashed(conn, owner, id).await?;
    if let Some(parent_id) = resume.parent_id {
        let parent = resumes::Entity::find_by_id(parent_id).one(conn).await?;
        if let Some(parent) = parent.filter(|p| p.deleted_at.is_some()) {
            return Err(ServiceError::Conflict {
                code: resume_shared::api::ErrorCode::ParentInTrash,
                message: format!(
                    "its base resume \"{}\" is in the trash; restore that one first",
                    parent.name
                ),
            });
        }
    }
    let mut restored = vec![resume.clone()];
    if resume.kind == ResumeKind::Base.as_str() {
        restored.extend(
            resumes::Entity::find()
                .filter(resumes::Column::ParentId.eq(id))
                .filter(resumes::Column::DeletedAt.eq(resume.deleted_at))
                .all(conn)
                .await?,
        );
    }
    restore_rows(conn, restored.iter().map(|r| r.id).collect()).await?;
    Ok(restored)
}

/// Deletes a resume from the trash for good (its revisions and tailored resumes go too).
///
/// # Errors
/// Not found in the trash.
pub async fn delete_permanently(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<(), ServiceError> {
    let result = resumes::Entity::delete_many()
        .filter(resumes::Column::Id.eq(id))
        .filter(resumes::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_not_null())
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Err(ServiceError::NotFound("no such resume in the trash".into()));
    }
    Ok(())
}

/// Deletes every resume that has been in the trash longer than [`TRASH_DAYS`], for all users.
/// Returns how many rows went.
///
/// # Errors
/// Database errors.
pub async fn purge_trash(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let cutoff = now - Duration::days(TRASH_DAYS);
    let result = resumes::Entity::delete_many()
        .filter(resumes::Column::DeletedAt.lt(cutoff))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
