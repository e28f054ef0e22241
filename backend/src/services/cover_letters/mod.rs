//! Cover letters: stored letters of one user, each written for one of their resumes, with
//! every body it had kept as a revision ([`revisions`]), and the drafting jobs that write them
//! with the language model ([`drafts`]).
//!
//! A letter is found only by its owner, and only while its resume is not in the trash (a
//! letter states that resume's facts; restoring the resume brings its letters back). Changes
//! are based on a version: a stale one is refused and nothing is written. The fact guard's
//! findings are computed on every read from the letter and its resume as they are now, so
//! editing either updates them.

pub mod drafts;
pub mod revisions;

use chrono::{DateTime, Utc};
use resume_shared::api::cover_letters::{
    CreateCoverLetterRequest, LetterLength, LetterTone, MAX_LETTERS_PER_RESUME,
    UpdateCoverLetterRequest,
};
use resume_shared::api::input::MAX_VERSION;
use resume_shared::{Resume, parse};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _,
    PaginatorTrait as _, QueryFilter as _, QueryOrder as _, TransactionTrait as _,
};
use uuid::Uuid;

use crate::db::entities::{cover_letters, resumes};
use crate::llm::{Flag, guard_letter};
use crate::services::ServiceError;
use crate::services::resumes::owned as owned_resume;
use revisions::Reason;

/// A letter with what a response needs besides its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The row.
    pub row: cover_letters::Model,
    /// The name of its resume.
    pub resume_name: String,
    /// What the fact guard finds in its body against its resume.
    pub flags: Vec<Flag>,
}

/// What a new letter holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    /// The resume it is written for (the owner's).
    pub resume_id: Uuid,
    /// The drafting job that wrote it.
    pub draft_id: Option<Uuid>,
    /// Its name.
    pub name: String,
    /// The company written to.
    pub company: Option<String>,
    /// The person written to.
    pub contact: Option<String>,
    /// The job applied for.
    pub job_title: Option<String>,
    /// The tone and length it was drafted with.
    pub drafted: Option<(LetterTone, LetterLength)>,
    /// The body.
    pub content: String,
    /// Why its first revision was saved.
    pub reason: Reason,
}

fn not_found() -> ServiceError {
    ServiceError::NotFound("no such cover letter".into())
}

/// Trimmed text, an empty one as absent.
pub(crate) fn trimmed(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The name a letter gets when none is given.
#[must_use]
pub fn default_name(company: Option<&str>, resume_name: &str) -> String {
    match company {
        Some(company) => format!("Cover letter – {company}"),
        None => format!("Cover letter – {resume_name}"),
    }
}

/// The fact guard's findings in `row`'s body against `resume`: what the body states that
/// neither the resume nor whom it is written to (company, contact, job title) contains.
#[must_use]
pub fn flags_of(row: &cover_letters::Model, resume: &Resume) -> Vec<Flag> {
    let addressing: Vec<&str> = [
        row.company.as_deref(),
        row.contact.as_deref(),
        row.job_title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    guard_letter(resume, &row.content, &addressing)
}

/// The job title of a tailored resume, which a letter for it may name.
pub(crate) fn job_title_of(resume: &resumes::Model) -> Option<String> {
    crate::services::resumes::from_json::<resume_shared::api::resumes::JobDetails>(
        resume.job_details.as_ref(),
    )
    .and_then(|details| details.job_title)
}

/// Reads `row` with its resume's name and the fact guard's findings.
fn stored(row: cover_letters::Model, resume: &resumes::Model) -> Result<Stored, ServiceError> {
    let parsed = parse(&resume.content)
        .map_err(|e| ServiceError::internal("the stored resume does not parse", e))?
        .resume;
    let flags = flags_of(&row, &parsed);
    Ok(Stored {
        row,
        resume_name: resume.name.clone(),
        flags,
    })
}

/// The owner's letter and its resume (not in the trash).
///
/// # Errors
/// Not found (also for another user's letter, or one whose resume is in the trash).
pub async fn owned(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<(cover_letters::Model, resumes::Model), ServiceError> {
    let row = cover_letters::Entity::find_by_id(id)
        .filter(cover_letters::Column::OwnerId.eq(owner))
        .one(conn)
        .await?
        .ok_or_else(not_found)?;
    let resume = owned_resume(conn, owner, row.resume_id)
        .await
        .map_err(|_| not_found())?;
    Ok((row, resume))
}

/// The owner's letter, ready to answer.
///
/// # Errors
/// Not found.
pub async fn get(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<Stored, ServiceError> {
    let (row, resume) = owned(conn, owner, id).await?;
    stored(row, &resume)
}

/// Refuses a new letter when the resume has [`MAX_LETTERS_PER_RESUME`] already.
///
/// # Errors
/// 409 when the resume is full.
pub async fn check_room(conn: &impl ConnectionTrait, resume_id: Uuid) -> Result<(), ServiceError> {
    let count = cover_letters::Entity::find()
        .filter(cover_letters::Column::ResumeId.eq(resume_id))
        .count(conn)
        .await?;
    if count >= MAX_LETTERS_PER_RESUME {
        return Err(ServiceError::conflict(format!(
            "this resume has {count} cover letters, the most it may have; delete one first"
        )));
    }
    Ok(())
}

/// Inserts a letter and its first revision (inside the caller's transaction).
///
/// # Errors
/// Database errors.
pub async fn insert(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    new: NewLetter,
    now: DateTime<Utc>,
) -> Result<cover_letters::Model, ServiceError> {
    let id = Uuid::new_v4();
    let row = cover_letters::Model {
        id,
        owner_id: owner,
        resume_id: new.resume_id,
        draft_id: new.draft_id,
        name: new.name,
        company: new.company,
        contact: new.contact,
        job_title: new.job_title,
        tone: new.drafted.map(|(tone, _)| tone.as_str().to_owned()),
        length: new.drafted.map(|(_, length)| length.as_str().to_owned()),
        content: new.content,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    cover_letters::ActiveModel::from(row.clone())
        .insert(conn)
        .await?;
    revisions::add(conn, id, 1, &row.content, new.reason, now).await?;
    Ok(row)
}

/// Creates a letter written by hand for one of the owner's resumes.
///
/// # Errors
/// 422 for a resume id that is not a UUID; not found (the resume); 409 when the resume has
/// the most letters allowed.
pub async fn create(
    db: &DatabaseConnection,
    owner: Uuid,
    input: CreateCoverLetterRequest,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    let resume_id = Uuid::parse_str(input.resume_id.trim())
        .map_err(|_| ServiceError::invalid("resume_id", "must be a resume id (a UUID)"))?;
    let resume = owned_resume(db, owner, resume_id).await?;
    let company = trimmed(input.company);
    let name =
        trimmed(input.name).unwrap_or_else(|| default_name(company.as_deref(), &resume.name));
    let new = NewLetter {
        resume_id,
        draft_id: None,
        name,
        company,
        contact: trimmed(input.contact),
        job_title: job_title_of(&resume),
        drafted: None,
        content: input.content,
        reason: Reason::Created,
    };
    let txn = db.begin().await?;
    check_room(&txn, resume_id).await?;
    let row = insert(&txn, owner, new, now).await?;
    txn.commit().await?;
    stored(row, &resume)
}

/// The owner's letters, newest change first; only those of `resume` when given.
///
/// # Errors
/// Not found when `resume` is given and is not the owner's (or is in the trash).
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume: Option<Uuid>,
) -> Result<Vec<(cover_letters::Model, String)>, ServiceError> {
    if let Some(resume) = resume {
        owned_resume(conn, owner, resume).await?;
    }
    let mut query = cover_letters::Entity::find()
        .find_also_related(resumes::Entity)
        .filter(cover_letters::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_null())
        .order_by_desc(cover_letters::Column::UpdatedAt)
        .order_by_asc(cover_letters::Column::Id);
    if let Some(resume) = resume {
        query = query.filter(cover_letters::Column::ResumeId.eq(resume));
    }
    Ok(query
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|(row, resume)| resume.map(|resume| (row, resume.name)))
        .collect())
}

/// Applies `input` to the owner's letter, based on its version: all or nothing. A changed
/// body is saved as a new revision.
///
/// # Errors
/// Invalid fields; not found; [`ServiceError::VersionConflict`] when the version is stale.
pub async fn update(
    db: &DatabaseConnection,
    owner: Uuid,
    id: Uuid,
    input: UpdateCoverLetterRequest,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    if !(1..=MAX_VERSION).contains(&input.version) {
        return Err(ServiceError::invalid(
            "version",
            format!("must be from 1 to {MAX_VERSION}"),
        ));
    }
    let name = match input.name {
        Some(name) if name.trim().is_empty() => {
            return Err(ServiceError::invalid("name", "must not be empty"));
        }
        name => name.map(|n| n.trim().to_owned()),
    };
    let (before, resume) = owned(db, owner, id).await?;
    if before.version != input.version {
        return Err(ServiceError::VersionConflict {
            current: before.version,
        });
    }
    let content_changed = input
        .content
        .as_ref()
        .is_some_and(|content| *content != before.content);
    let version = input.version + 1;
    let mut update = cover_letters::Entity::update_many()
        .col_expr(cover_letters::Column::Version, Expr::value(version))
        .col_expr(cover_letters::Column::UpdatedAt, Expr::value(now));
    if let Some(name) = name {
        update = update.col_expr(cover_letters::Column::Name, Expr::value(name));
    }
    if let Some(company) = input.company {
        update = update.col_expr(
            cover_letters::Column::Company,
            Expr::value(trimmed(Some(company))),
        );
    }
    if let Some(contact) = input.contact {
        update = update.col_expr(
            cover_letters::Column::Contact,
            Expr::value(trimmed(Some(contact))),
        );
    }
    if let Some(content) = &input.content {
        update = update.col_expr(cover_letters::Column::Content, Expr::value(content.clone()));
    }
    let txn = db.begin().await?;
    let result = update
        .filter(cover_letters::Column::Id.eq(id))
        .filter(cover_letters::Column::Version.eq(input.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        drop(txn);
        let (current, _) = owned(db, owner, id).await?;
        return Err(ServiceError::VersionConflict {
            current: current.version,
        });
    }
    if content_changed && let Some(content) = &input.content {
        revisions::add(&txn, id, version, content, Reason::Edited, now).await?;
    }
    txn.commit().await?;
    let (row, _) = owned(db, owner, id).await?;
    stored(row, &resume)
}

/// Deletes the owner's letter and its revisions.
///
/// # Errors
/// Not found.
pub async fn delete(db: &DatabaseConnection, owner: Uuid, id: Uuid) -> Result<(), ServiceError> {
    owned(db, owner, id).await?;
    cover_letters::Entity::delete_many()
        .filter(cover_letters::Column::Id.eq(id))
        .filter(cover_letters::Column::OwnerId.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}
