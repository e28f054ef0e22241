//! Revisions as the API answers them: who made each version, when and why.

use std::collections::HashMap;

use resume_shared::api::UserRef;
use resume_shared::api::resumes::RevisionSummary;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::db::convert::timestamp;
use crate::services::ServiceError;
use crate::services::resumes::revisions::RevisionRow;
use crate::services::users;

/// The revisions as list entries, authors and impersonators named (one query for all).
///
/// # Errors
/// Database errors.
pub async fn summaries(
    conn: &impl ConnectionTrait,
    rows: Vec<RevisionRow>,
) -> Result<Vec<RevisionSummary>, ServiceError> {
    let ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.author_id, r.impersonator_id])
        .flatten()
        .collect();
    let names = users::usernames(conn, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| RevisionSummary {
            version: row.version,
            created_at: timestamp(row.created_at),
            reason: row.reason,
            author: user_ref(&names, row.author_id),
            impersonator: user_ref(&names, row.impersonator_id),
        })
        .collect())
}

/// A user named, when there is one and the name was found.
fn user_ref(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> Option<UserRef> {
    let id = id?;
    names.get(&id).map(|username| UserRef {
        id: id.to_string(),
        username: username.clone(),
    })
}
