//! Cover letters as the API answers them: a stored letter with its resume's name and the fact
//! guard's findings, a letter in a list, and a revision.

use resume_shared::api::cover_letters::{
    CoverLetterResponse, CoverLetterRevision, CoverLetterSummary, LetterLength, LetterTone,
};

use crate::db::convert::timestamp;
use crate::db::entities::{cover_letter_revisions, cover_letters};
use crate::services::cover_letters::Stored;
use crate::services::refinements::view::flags;

/// A stored letter.
#[must_use]
pub fn letter(stored: Stored) -> CoverLetterResponse {
    let Stored {
        row,
        resume_name,
        flags: found,
    } = stored;
    CoverLetterResponse {
        id: row.id.to_string(),
        resume_id: row.resume_id.to_string(),
        resume_name,
        name: row.name,
        company: row.company,
        contact: row.contact,
        job_title: row.job_title,
        tone: row.tone.as_deref().and_then(LetterTone::from_name),
        length: row.length.as_deref().and_then(LetterLength::from_name),
        content: row.content,
        version: row.version,
        flags: flags(&found),
        draft_id: row.draft_id.map(|id| id.to_string()),
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
    }
}

/// A letter in a list.
#[must_use]
pub fn summary(row: cover_letters::Model, resume_name: String) -> CoverLetterSummary {
    CoverLetterSummary {
        id: row.id.to_string(),
        resume_id: row.resume_id.to_string(),
        resume_name,
        name: row.name,
        company: row.company,
        version: row.version,
        updated_at: timestamp(row.updated_at),
    }
}

/// A saved body of a letter.
#[must_use]
pub fn revision(row: cover_letter_revisions::Model) -> CoverLetterRevision {
    CoverLetterRevision {
        version: row.version,
        content: row.content,
        reason: row.reason,
        created_at: timestamp(row.created_at),
    }
}
