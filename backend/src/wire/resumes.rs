//! Resumes as the API answers them: the whole resume (metadata, text, model and warnings), a
//! list entry, a trash entry, and the short reference other answers name resumes by.

use resume_shared::api::input::capped;
use resume_shared::api::resumes::{
    ResumeKind, ResumeRef, ResumeResponse, ResumeSummary, TrashItem,
};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::db::convert::timestamp;
use crate::db::entities::resumes;
use crate::services::ServiceError;
use crate::services::resumes::listing::{self, SummaryRow};
use crate::services::resumes::{Stored, from_json, trash};

/// The whole answer for one resume, built from the parse its read or write already made.
///
/// # Errors
/// Database errors (looking up the base resume's name).
pub async fn resume(
    conn: &impl ConnectionTrait,
    stored: Stored,
) -> Result<ResumeResponse, ServiceError> {
    let Stored { row, parsed } = stored;
    let parents = match row.parent_id {
        Some(parent) => listing::names(conn, vec![parent]).await?,
        None => Vec::new(),
    };
    let (warnings, warning_count) = capped(parsed.warnings);
    Ok(ResumeResponse {
        id: row.id.to_string(),
        name: row.name,
        kind: kind(&row.kind),
        parent: parent(row.parent_id, &parents),
        company: row.company,
        notes: row.notes,
        job_description: row.job_description,
        job_details: from_json(row.job_details.as_ref()),
        introduction: row.introduction,
        export_preferences: from_json(row.export_preferences.as_ref()),
        version: row.version,
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
        content: row.content,
        resume: parsed.resume,
        warnings,
        warning_count: warning_count as u64,
    })
}

/// A list entry (no content), its base named from `parents` ([`listing::names`]).
#[must_use]
pub fn summary(row: SummaryRow, parents: &[(Uuid, String)]) -> ResumeSummary {
    ResumeSummary {
        id: row.id.to_string(),
        name: row.name,
        kind: kind(&row.kind),
        parent: parent(row.parent_id, parents),
        company: row.company,
        notes: row.notes,
        version: row.version,
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
    }
}

/// A trash entry, its base named from `parents`; `None` for a row that is not in the trash.
#[must_use]
pub fn trash_item(row: resumes::Model, parents: &[(Uuid, String)]) -> Option<TrashItem> {
    let deleted_at = row.deleted_at?;
    Some(TrashItem {
        id: row.id.to_string(),
        name: row.name,
        kind: kind(&row.kind),
        parent: parent(row.parent_id, parents),
        deleted_at: timestamp(deleted_at),
        purge_at: timestamp(trash::purge_at(deleted_at)),
    })
}

/// Resumes named by id and name (what went to the trash, what came back).
#[must_use]
pub fn refs(rows: Vec<resumes::Model>) -> Vec<ResumeRef> {
    rows.into_iter()
        .map(|row| ResumeRef {
            id: row.id.to_string(),
            name: row.name,
        })
        .collect()
}

/// The stored kind (an unknown one reads as base).
fn kind(stored: &str) -> ResumeKind {
    ResumeKind::from_name(stored).unwrap_or(ResumeKind::Base)
}

/// The base resume named, when there is one and its name was found.
fn parent(parent: Option<Uuid>, names: &[(Uuid, String)]) -> Option<ResumeRef> {
    let parent = parent?;
    names
        .iter()
        .find(|(id, _)| *id == parent)
        .map(|(id, name)| ResumeRef {
            id: id.to_string(),
            name: name.clone(),
        })
}
