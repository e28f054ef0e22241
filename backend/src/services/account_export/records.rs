//! The shapes of the archive's JSON files, made from the rows. Timestamps are
//! [`timestamp`]s; stored JSON (analysis, coverage, job details, per-role results) is written
//! as stored.

use resume_shared::Resume;
use serde::Serialize;
use serde_json::Value;

use crate::db::convert::timestamp;
use crate::db::entities::{
    application_events, applications, cover_letter_revisions, cover_letters, refinement_jobs,
    refinement_roles, resume_revisions, resumes, users,
};

use super::layout;

/// `account.json`.
#[derive(Debug, Serialize)]
pub struct AccountRecord<'a> {
    /// The username.
    pub username: &'a str,
    /// The email address.
    pub email: &'a str,
    /// The role names.
    pub roles: &'a [String],
    /// When the account was made.
    pub created_at: String,
    /// Since when sign-in asks for a second factor (absent: it does not). The secret and the
    /// recovery codes are never exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_factor_enabled_at: Option<String>,
}

impl<'a> AccountRecord<'a> {
    /// The record of `user` with `roles`.
    #[must_use]
    pub fn new(user: &'a users::Model, roles: &'a [String]) -> Self {
        Self {
            username: &user.username,
            email: &user.email,
            roles,
            created_at: timestamp(user.created_at),
            two_factor_enabled_at: user.two_factor_enabled_at.map(timestamp),
        }
    }
}

/// `resumes/<id>/resume.json`.
#[derive(Debug, Serialize)]
pub struct ResumeRecord<'a> {
    /// The resume's id.
    pub id: String,
    /// Its name.
    pub name: &'a str,
    /// `base` or `tailored`.
    pub kind: &'a str,
    /// The base resume a tailored one was made from.
    pub parent_id: Option<String>,
    /// The company a tailored resume is for.
    pub company: Option<&'a str>,
    /// Free notes.
    pub notes: Option<&'a str>,
    /// A tailored resume's introduction.
    pub introduction: Option<&'a str>,
    /// The current version.
    pub version: i64,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// When it was put in the trash (absent while it is not there).
    pub deleted_at: Option<String>,
    /// The export preferences (template and options), as stored.
    pub export_preferences: Option<&'a Value>,
    /// The parsed model of the text (`null` if the text does not parse).
    pub resume: Option<Resume>,
}

impl<'a> ResumeRecord<'a> {
    /// The record of `row`, with the model parsed from its text.
    #[must_use]
    pub fn new(row: &'a resumes::Model) -> Self {
        Self {
            id: row.id.to_string(),
            name: &row.name,
            kind: &row.kind,
            parent_id: row.parent_id.map(|id| id.to_string()),
            company: row.company.as_deref(),
            notes: row.notes.as_deref(),
            introduction: row.introduction.as_deref(),
            version: row.version,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            deleted_at: row.deleted_at.map(timestamp),
            export_preferences: row.export_preferences.as_ref(),
            resume: resume_shared::parse(&row.content)
                .ok()
                .map(|parsed| parsed.resume),
        }
    }
}

/// One entry of `resumes/<id>/revisions/index.json`.
#[derive(Debug, Serialize)]
pub struct RevisionRecord {
    /// The revision's id.
    pub id: String,
    /// The version it made.
    pub version: i64,
    /// Why it was made (`create`, `edit`, `restore`, …).
    pub reason: String,
    /// When.
    pub created_at: String,
    /// Whether an administrator made it while impersonating the user.
    pub by_administrator: bool,
    /// Its text's file, in the same folder.
    pub file: String,
}

impl RevisionRecord {
    /// The record of `row` (its text goes in its own file).
    #[must_use]
    pub fn new(row: &resume_revisions::Model) -> Self {
        Self {
            id: row.id.to_string(),
            version: row.version,
            reason: row.reason.clone(),
            created_at: timestamp(row.created_at),
            by_administrator: row.impersonator_id.is_some(),
            file: layout::revision_file(row.version),
        }
    }
}

/// `refinements/<id>/refinement.json`.
#[derive(Debug, Serialize)]
pub struct RefinementRecord<'a> {
    /// The refinement's id.
    pub id: String,
    /// The resume it refined.
    pub resume_id: String,
    /// `resume` for a refinement, `cover_letter` for a cover letter draft.
    pub purpose: &'a str,
    /// `queued`, `running`, `succeeded`, `failed`, `cancelled`, …
    pub status: &'a str,
    /// The tone, length and contact a cover letter draft was asked for, as stored.
    pub letter_options: Option<&'a Value>,
    /// The letter a cover letter draft wrote.
    pub letter_id: Option<String>,
    /// The job description it tailored for.
    pub job_description: &'a str,
    /// The company.
    pub company: Option<&'a str>,
    /// Notes.
    pub notes: Option<&'a str>,
    /// Roles older than this many years were kept unchanged.
    pub years_limit: Option<i32>,
    /// The version of the resume it started from (its text is `base.md`).
    pub base_version: i64,
    /// The job analysis, as stored.
    pub analysis: Option<&'a Value>,
    /// The proposed introduction.
    pub introduction: Option<&'a str>,
    /// The introduction's fact flags, as stored.
    pub introduction_flags: Option<&'a Value>,
    /// Keyword coverage before, as stored.
    pub coverage_before: Option<&'a Value>,
    /// Keyword coverage after, as stored.
    pub coverage_after: Option<&'a Value>,
    /// What went wrong, if it failed.
    pub error: Option<&'a str>,
    /// Whether a failed refinement can be resumed.
    pub retryable: bool,
    /// When it was started.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// When it finished.
    pub finished_at: Option<String>,
    /// When it was applied.
    pub applied_at: Option<String>,
    /// The result for each role, in order.
    pub roles: Vec<RoleRecord<'a>>,
}

impl<'a> RefinementRecord<'a> {
    /// The record of `job` with its `roles`.
    #[must_use]
    pub fn new(job: &'a refinement_jobs::Model, roles: &'a [refinement_roles::Model]) -> Self {
        Self {
            id: job.id.to_string(),
            resume_id: job.resume_id.to_string(),
            purpose: &job.purpose,
            status: &job.status,
            letter_options: job.letter_options.as_ref(),
            letter_id: job.letter_id.map(|id| id.to_string()),
            job_description: &job.job_description,
            company: job.company.as_deref(),
            notes: job.notes.as_deref(),
            years_limit: job.years_limit,
            base_version: job.base_version,
            analysis: job.analysis.as_ref(),
            introduction: job.introduction.as_deref(),
            introduction_flags: job.introduction_flags.as_ref(),
            coverage_before: job.coverage_before.as_ref(),
            coverage_after: job.coverage_after.as_ref(),
            error: job.error.as_deref(),
            retryable: job.retryable,
            created_at: timestamp(job.created_at),
            updated_at: timestamp(job.updated_at),
            finished_at: job.finished_at.map(timestamp),
            applied_at: job.applied_at.map(timestamp),
            roles: roles.iter().map(RoleRecord::new).collect(),
        }
    }
}

/// The result of one role of a refinement.
#[derive(Debug, Serialize)]
pub struct RoleRecord<'a> {
    /// The role's position in the resume, from 0.
    pub index: i32,
    /// Its status.
    pub status: &'a str,
    /// The role as it was, as stored.
    pub original: &'a Value,
    /// The refined role, as stored.
    pub refined: Option<&'a Value>,
    /// Its fact flags, as stored.
    pub flags: Option<&'a Value>,
    /// What went wrong, if it failed.
    pub error: Option<&'a str>,
    /// When it last changed.
    pub updated_at: String,
}

impl<'a> RoleRecord<'a> {
    /// The record of `row`.
    #[must_use]
    pub fn new(row: &'a refinement_roles::Model) -> Self {
        Self {
            index: row.role_index,
            status: &row.status,
            original: &row.original,
            refined: row.refined.as_ref(),
            flags: row.flags.as_ref(),
            error: row.error.as_deref(),
            updated_at: timestamp(row.updated_at),
        }
    }
}

/// `resumes/<id>/application.json`.
#[derive(Debug, Serialize)]
pub struct ApplicationRecord<'a> {
    /// `saved`, `applied`, `interviewing`, `offer`, `rejected` or `withdrawn`.
    pub status: &'a str,
    /// The day it was sent, `YYYY-MM-DD`.
    pub applied_on: Option<&'a str>,
    /// The job posting.
    pub posting_url: Option<&'a str>,
    /// Whom to talk to.
    pub contact: Option<&'a str>,
    /// What happens next.
    pub next_step: Option<&'a str>,
    /// When the next step is due, `YYYY-MM-DD`.
    pub next_step_on: Option<&'a str>,
    /// Free notes.
    pub notes: Option<&'a str>,
    /// The current version.
    pub version: i64,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Every status change, oldest first.
    pub timeline: Vec<ApplicationEventRecord<'a>>,
}

impl<'a> ApplicationRecord<'a> {
    /// The record of `row` with its `timeline`.
    #[must_use]
    pub fn new(row: &'a applications::Model, timeline: &'a [application_events::Model]) -> Self {
        Self {
            status: &row.status,
            applied_on: row.applied_on.as_deref(),
            posting_url: row.posting_url.as_deref(),
            contact: row.contact.as_deref(),
            next_step: row.next_step.as_deref(),
            next_step_on: row.next_step_on.as_deref(),
            notes: row.notes.as_deref(),
            version: row.version,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            timeline: timeline.iter().map(ApplicationEventRecord::new).collect(),
        }
    }
}

/// One status change of an application.
#[derive(Debug, Serialize)]
pub struct ApplicationEventRecord<'a> {
    /// The status before (absent for the first).
    pub from: Option<&'a str>,
    /// The status after.
    pub to: &'a str,
    /// When.
    pub changed_at: String,
    /// Whether an administrator made it while impersonating the user.
    pub by_administrator: bool,
}

impl<'a> ApplicationEventRecord<'a> {
    /// The record of `row`.
    #[must_use]
    pub fn new(row: &'a application_events::Model) -> Self {
        Self {
            from: row.from_status.as_deref(),
            to: &row.to_status,
            changed_at: timestamp(row.created_at),
            by_administrator: row.impersonator_id.is_some(),
        }
    }
}

/// `cover-letters/<id>/letter.json`: a cover letter without its body (`letter.md`).
#[derive(Debug, Serialize)]
pub struct LetterRecord<'a> {
    /// The letter's id.
    pub id: String,
    /// The resume it was written for.
    pub resume_id: String,
    /// Its name.
    pub name: &'a str,
    /// The company written to.
    pub company: Option<&'a str>,
    /// The person written to.
    pub contact: Option<&'a str>,
    /// The job applied for.
    pub job_title: Option<&'a str>,
    /// The tone it was drafted in (absent when written by hand).
    pub tone: Option<&'a str>,
    /// The length it was drafted at (absent when written by hand).
    pub length: Option<&'a str>,
    /// The draft (`refinements/<id>/`) that wrote it.
    pub draft_id: Option<String>,
    /// The current version.
    pub version: i64,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Every saved body, oldest first: version, reason, created_at and file.
    pub revisions: Vec<LetterRevisionRecord>,
}

impl<'a> LetterRecord<'a> {
    /// The record of `row` with the index of its `revisions`.
    #[must_use]
    pub fn new(row: &'a cover_letters::Model, revisions: Vec<LetterRevisionRecord>) -> Self {
        Self {
            id: row.id.to_string(),
            resume_id: row.resume_id.to_string(),
            name: &row.name,
            company: row.company.as_deref(),
            contact: row.contact.as_deref(),
            job_title: row.job_title.as_deref(),
            tone: row.tone.as_deref(),
            length: row.length.as_deref(),
            draft_id: row.draft_id.map(|id| id.to_string()),
            version: row.version,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            revisions,
        }
    }
}

/// One saved body of a letter.
#[derive(Debug, Serialize)]
pub struct LetterRevisionRecord {
    /// The version it was saved as.
    pub version: i64,
    /// Why: `drafted`, `created` or `edited`.
    pub reason: String,
    /// When.
    pub created_at: String,
    /// Its text's file, in the letter's `revisions` folder.
    pub file: String,
}

impl LetterRevisionRecord {
    /// The record of `row` (its text goes in its own file).
    #[must_use]
    pub fn new(row: &cover_letter_revisions::Model) -> Self {
        Self {
            version: row.version,
            reason: row.reason.clone(),
            created_at: timestamp(row.created_at),
            file: layout::revision_file(row.version),
        }
    }
}
