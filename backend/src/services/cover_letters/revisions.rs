//! The saved bodies of a letter, one per version that changed it. The newest
//! [`KEPT_REVISIONS`] are kept; older ones go when a new one is saved.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, EntityTrait as _,
    QueryFilter as _, QueryOrder as _,
};
use uuid::Uuid;

use crate::db::entities::cover_letter_revisions;
use crate::services::ServiceError;

/// Revisions kept per letter.
pub const KEPT_REVISIONS: i64 = 100;

/// Why a body was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Written by the language model.
    Drafted,
    /// Written by hand as a new letter.
    Created,
    /// Edited.
    Edited,
}

impl Reason {
    /// The name as stored and sent.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Drafted => "drafted",
            Self::Created => "created",
            Self::Edited => "edited",
        }
    }
}

/// Saves `content` as the body of `letter`'s `version`, and forgets revisions older than the
/// newest [`KEPT_REVISIONS`].
///
/// # Errors
/// Database errors.
pub async fn add(
    conn: &impl ConnectionTrait,
    letter: Uuid,
    version: i64,
    content: &str,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    cover_letter_revisions::ActiveModel {
        letter_id: Set(letter),
        version: Set(version),
        content: Set(content.to_owned()),
        reason: Set(reason.as_str().to_owned()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    cover_letter_revisions::Entity::delete_many()
        .filter(cover_letter_revisions::Column::LetterId.eq(letter))
        .filter(cover_letter_revisions::Column::Version.lte(version - KEPT_REVISIONS))
        .exec(conn)
        .await?;
    Ok(())
}

/// The revisions of `letter` (already found to be the caller's), newest first.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    letter: Uuid,
) -> Result<Vec<cover_letter_revisions::Model>, ServiceError> {
    Ok(cover_letter_revisions::Entity::find()
        .filter(cover_letter_revisions::Column::LetterId.eq(letter))
        .order_by_desc(cover_letter_revisions::Column::Version)
        .all(conn)
        .await?)
}
