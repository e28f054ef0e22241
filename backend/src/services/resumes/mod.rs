//! Resumes: creation, lookup, updates with optimistic concurrency; listing in [`listing`], the
//! trash in [`trash`].
//!
//! Every resume belongs to one user and every function takes the owner: another user's resume
//! is simply not found. Content is always valid when stored — every write parses it first — and
//! every change of content is recorded in the revisions in the same transaction ([`revisions`]:
//! quick successive structured edits share one).
//! Structured edits of the parsed model live in [`structured`].

pub mod diff;
pub mod listing;
pub mod revisions;
pub mod structured;
pub mod trash;

use chrono::{DateTime, Utc};
use resume_shared::api::Patch;
use resume_shared::api::input::{line_character_problem, nul_line, nul_problem};
use resume_shared::api::resumes::{ExportPreferences, JobDetails, ResumeKind};
use resume_shared::json_resume::from_json_resume_str;
use resume_shared::{Diagnostic, Parsed, parse, to_markdown};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, EntityTrait as _,
    PaginatorTrait as _, QueryFilter as _,
};
use uuid::Uuid;

pub use crate::config::Quotas;
use crate::db::entities::resumes;
use crate::services::FieldErrors;
use crate::services::ServiceError;

/// The limits of resume fields, declared with the request types.
pub use resume_shared::api::input::{
    MAX_CONTENT_BYTES, MAX_JOB_DESCRIPTION_BYTES, MAX_NAME_CHARS, MAX_NOTES_CHARS,
};

/// Who makes a change: the signed-in user, and the administrator acting as them if any, with
/// the quotas their writes are held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The owner of the resumes.
    pub user_id: Uuid,
    /// The administrator impersonating the owner.
    pub impersonator: Option<Uuid>,
    /// The per-user quotas (resumes owned, revisions kept per resume).
    pub quotas: Quotas,
}

/// Why content changed, as recorded in its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The resume was created.
    Create,
    /// The resume was imported from a file.
    Import,
    /// The text was edited.
    Edit,
    /// A section was edited through the structured API.
    StructuredEdit,
    /// An earlier version was restored.
    Restore,
    /// An AI refinement was applied.
    RefinementApplied,
}

impl Reason {
    /// The wording stored and shown.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Import => "import",
            Self::Edit => "edit",
            Self::StructuredEdit => "structured edit",
            Self::Restore => "restore",
            Self::RefinementApplied => "refinement applied",
        }
    }
}

/// Parses resume text for storing: at most [`MAX_CONTENT_BYTES`], no NUL character, and
/// free of errors. The size and the NUL are checked before the text is parsed (request bodies
/// were checked already; this also holds for uploads, structured edits and refinements).
///
/// # Errors
/// [`ServiceError::Validation`] when too large or holding a NUL (naming its line),
/// [`ServiceError::InvalidResume`] with every line-numbered error otherwise.
pub fn check_content(content: &str) -> Result<Parsed, ServiceError> {
    if content.len() > MAX_CONTENT_BYTES {
        return Err(ServiceError::invalid(
            "content",
            format!("must be at most {MAX_CONTENT_BYTES} bytes (1 MiB)"),
        ));
    }
    if let Some(line) = nul_line(content) {
        return Err(ServiceError::invalid("content", nul_problem(line)));
    }
    parse(content).map_err(ServiceError::InvalidResume)
}

/// A JSON Resume document as resume text, with one warning per field the mapping dropped or
/// approximated (line 0, the JSON path as the path; `docs/FORMAT.md` lists them). The text
/// still has to pass [`check_content`] before it is stored.
///
/// # Errors
/// [`ServiceError::Validation`] on `field` when the document is over [`MAX_CONTENT_BYTES`],
/// not JSON, not a JSON Resume, holds a value of the wrong type (naming its JSON path), or
/// nothing our format can keep.
pub fn from_json_resume(
    document: &str,
    field: &str,
) -> Result<(String, Vec<Diagnostic>), ServiceError> {
    if document.len() > MAX_CONTENT_BYTES {
        return Err(ServiceError::invalid(
            field,
            format!("must be at most {MAX_CONTENT_BYTES} bytes (1 MiB)"),
        ));
    }
    let imported = from_json_resume_str(document).map_err(|e| {
        ServiceError::invalid(field, format!("cannot be imported as a JSON Resume: {e}"))
    })?;
    let warnings = imported
        .warnings
        .iter()
        .map(|w| w.to_diagnostic())
        .collect();
    Ok((to_markdown(&imported.resume), warnings))
}

/// Parses a stored resume's text (always valid: every write checked it).
///
/// # Errors
/// An internal error if it does not parse after all.
pub fn parse_stored(row: &resumes::Model) -> Result<Parsed, ServiceError> {
    parse(&row.content)
        .map_err(|e| ServiceError::internal(format!("stored resume {} does not parse", row.id), e))
}

/// A resume as stored, with its text parsed once: by the check of the write that stored it,
/// or by [`Stored::read`]. Answers are built from it without parsing again.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The row.
    pub row: resumes::Model,
    /// Its text, parsed.
    pub parsed: Parsed,
}

impl Stored {
    /// The caller's resume (not in the trash), parsed.
    ///
    /// # Errors
    /// Not found; an internal error if the stored text does not parse.
    pub async fn read(
        conn: &impl ConnectionTrait,
        owner: Uuid,
        id: Uuid,
    ) -> Result<Self, ServiceError> {
        Self::parse(owned(conn, owner, id).await?)
    }

    /// A row read from the database, parsed.
    ///
    /// # Errors
    /// An internal error if the stored text does not parse.
    pub fn parse(row: resumes::Model) -> Result<Self, ServiceError> {
        let parsed = parse_stored(&row)?;
        Ok(Self { row, parsed })
    }
}

/// A name: trimmed, 1–255 characters, one line without control characters.
fn check_name(name: &str, fields: &mut FieldErrors) -> String {
    let name = name.trim();
    if name.is_empty() {
        fields.insert("name".into(), "must not be empty".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        fields.insert(
            "name".into(),
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
    } else if let Some(problem) = line_character_problem(name) {
        fields.insert("name".into(), problem.into());
    }
    name.to_owned()
}

/// What an optional field may hold besides its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One line, no control characters (a company).
    Line,
    /// Free text: anything but NUL (notes, an introduction).
    Text,
}

/// An optional text field: trimmed, empty = absent, at most `max` characters, and holding
/// only what its kind allows.
fn check_text(
    field: &str,
    value: Patch<String>,
    max_chars: usize,
    kind: Kind,
    fields: &mut FieldErrors,
) -> Patch<String> {
    match value {
        Patch::Set(text) => {
            let text = text.trim();
            if text.chars().count() > max_chars {
                fields.insert(
                    field.into(),
                    format!("must be at most {max_chars} characters"),
                );
            } else if kind == Kind::Line
                && let Some(problem) = line_character_problem(text)
            {
                fields.insert(field.into(), problem.into());
            } else {
                check_nul(field, text, fields);
            }
            if text.is_empty() {
                Patch::Clear
            } else {
                Patch::Set(text.to_owned())
            }
        }
        other => other,
    }
}

/// Refuses a NUL character in free text, naming its line: PostgreSQL cannot store it in text
/// and SQLite would, so both refuse it alike.
fn check_nul(field: &str, text: &str, fields: &mut FieldErrors) {
    if let Some(line) = nul_line(text) {
        fields.insert(field.into(), nul_problem(line));
    }
}

/// A job description: at most [`MAX_JOB_DESCRIPTION_BYTES`], no NUL.
fn check_job_description(text: &str, fields: &mut FieldErrors) {
    if text.len() > MAX_JOB_DESCRIPTION_BYTES {
        fields.insert("job_description".into(), "must be at most 100 KiB".into());
    } else {
        check_nul("job_description", text, fields);
    }
}

/// Extracted job details hold no NUL (they come from the model, or from the client).
fn check_job_details(details: &JobDetails, fields: &mut FieldErrors) {
    let values = [
        ("company", &details.company),
        ("job_title", &details.job_title),
        ("pay_rate", &details.pay_rate),
        ("contact_info", &details.contact_info),
        ("work_arrangement", &details.work_arrangement),
        ("location", &details.location),
        ("special_instructions", &details.special_instructions),
    ];
    for (key, value) in values {
        if let Some(value) = value {
            check_nul(&format!("job_details.{key}"), value, fields);
        }
    }
}

/// A new resume.
#[derive(Debug, Clone)]
pub struct NewResume {
    /// The name.
    pub name: String,
    /// The text (checked here).
    pub content: String,
    /// Base or tailored.
    pub kind: ResumeKind,
    /// The base of a tailored resume.
    pub parent_id: Option<Uuid>,
    /// Target company.
    pub company: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The job description.
    pub job_description: Option<String>,
    /// Extracted job details.
    pub job_details: Option<JobDetails>,
    /// The introduction.
    pub introduction: Option<String>,
    /// Why (create, import, refinement applied).
    pub reason: Reason,
}

impl NewResume {
    /// A base resume with only a name and a text.
    #[must_use]
    pub fn base(name: String, content: String, reason: Reason) -> Self {
        Self {
            name,
            content,
            kind: ResumeKind::Base,
            parent_id: None,
            company: None,
            notes: None,
            job_description: None,
            job_details: None,
            introduction: None,
            reason,
        }
    }
}

/// Creates a resume (version 1) and its first revision. The caller has checked that the
/// parent, if any, is the owner's (with [`owned`], before the write transaction).
///
/// # Errors
/// Invalid name, fields or content; [`ServiceError::Conflict`] (`quota_exceeded`) when the
/// owner has as many resumes as the quota allows, the trash included.
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Actor,
    new: NewResume,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    let mut fields = FieldErrors::new();
    let name = check_name(&new.name, &mut fields);
    let company = patch_value(check_text(
        "company",
        Patch::from(new.company),
        MAX_NAME_CHARS,
        Kind::Line,
        &mut fields,
    ));
    let notes = patch_value(check_text(
        "notes",
        Patch::from(new.notes),
        MAX_NOTES_CHARS,
        Kind::Text,
        &mut fields,
    ));
    if let Some(description) = &new.job_description {
        check_job_description(description, &mut fields);
    }
    if let Some(introduction) = &new.introduction {
        check_nul("introduction", introduction, &mut fields);
    }
    if let Some(details) = &new.job_details {
        check_job_details(details, &mut fields);
    }
    if !fields.is_empty() {
        return Err(ServiceError::Validation(fields));
    }
    let parsed = check_content(&new.content)?;
    check_resume_quota(conn, actor).await?;
    let row = resumes::ActiveModel {
        id: Set(Uuid::new_v4()),
        owner_id: Set(actor.user_id),
        name: Set(name),
        content: Set(new.content),
        kind: Set(new.kind.as_str().to_owned()),
        parent_id: Set(new.parent_id),
        company: Set(company),
        notes: Set(notes),
        job_description: Set(new.job_description),
        job_details: Set(new.job_details.map(to_json)),
        introduction: Set(new.introduction),
        export_preferences: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    }
    .insert(conn)
    .await?;
    revisions::record(conn, &row, actor, new.reason, now).await?;
    Ok(Stored { row, parsed })
}

/// Refuses a new resume when the owner has used up the resumes quota. Resumes in the trash
/// count (until they are purged), or deleting and creating again would bypass it.
async fn check_resume_quota(conn: &impl ConnectionTrait, actor: Actor) -> Result<(), ServiceError> {
    let max = actor.quotas.resumes_per_user;
    let owned = resumes::Entity::find()
        .filter(resumes::Column::OwnerId.eq(actor.user_id))
        .count(conn)
        .await?;
    if owned >= max {
        return Err(ServiceError::Conflict {
            code: resume_shared::api::ErrorCode::QuotaExceeded,
            message: format!(
                "the resumes quota is used up: at most {max} resumes per user, those in the \
                 trash included; delete some (and empty the trash) to make room"
            ),
        });
    }
    Ok(())
}

/// The caller's resume, not in the trash.
///
/// # Errors
/// [`ServiceError::NotFound`] when it does not exist, is someone else's, or is in the trash.
pub async fn owned(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<resumes::Model, ServiceError> {
    resumes::Entity::find_by_id(id)
        .filter(resumes::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_null())
        .one(conn)
        .await?
        .ok_or_else(not_found)
}

fn not_found() -> ServiceError {
    ServiceError::NotFound("no such resume".into())
}

/// A change to a resume; absent parts stay as they are.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// New name.
    pub name: Option<String>,
    /// New text and why it changed.
    pub content: Option<(String, Reason)>,
    /// Target company.
    pub company: Patch<String>,
    /// Notes.
    pub notes: Patch<String>,
    /// Introduction.
    pub introduction: Patch<String>,
    /// Job description.
    pub job_description: Patch<String>,
    /// Extracted job details.
    pub job_details: Patch<JobDetails>,
}

/// Applies a change based on `expected_version`: all of it or nothing. Content is checked (and
/// parsed once: the answer carries that parse), the version rises by one, and a changed text
/// gets a revision.
///
/// # Errors
/// Invalid fields or content; [`ServiceError::VersionConflict`] with the current version when
/// `expected_version` is stale (nothing is written); not found.
pub async fn update(
    conn: &impl ConnectionTrait,
    actor: Actor,
    id: Uuid,
    expected_version: i64,
    change: Change,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    let mut fields = FieldErrors::new();
    let name = change.name.as_deref().map(|n| check_name(n, &mut fields));
    let company = check_text(
        "company",
        change.company,
        MAX_NAME_CHARS,
        Kind::Line,
        &mut fields,
    );
    let notes = check_text(
        "notes",
        change.notes,
        MAX_NOTES_CHARS,
        Kind::Text,
        &mut fields,
    );
    let introduction = check_text(
        "introduction",
        change.introduction,
        MAX_NOTES_CHARS,
        Kind::Text,
        &mut fields,
    );
    if let Patch::Set(text) = &change.job_description {
        check_job_description(text, &mut fields);
    }
    let job_description = match change.job_description {
        Patch::Set(text) if text.trim().is_empty() => Patch::Clear,
        other => other,
    };
    if let Patch::Set(details) = &change.job_details {
        check_job_details(details, &mut fields);
    }
    // The next version must exist: a client-supplied `i64::MAX` would overflow (a panic in
    // debug builds, a wrap to a negative version in release builds).
    let next_version = expected_version.checked_add(1);
    if next_version.is_none() {
        fields.insert(
            "version".into(),
            format!(
                "must be from 1 to {}",
                resume_shared::api::input::MAX_VERSION
            ),
        );
    }
    let Some(next_version) = next_version.filter(|_| fields.is_empty()) else {
        return Err(ServiceError::Validation(fields));
    };
    let parsed = match &change.content {
        Some((content, _)) => Some(check_content(content)?),
        None => None,
    };
    let mut update = resumes::Entity::update_many()
        .col_expr(resumes::Column::Version, Expr::value(next_version))
        .col_expr(resumes::Column::UpdatedAt, Expr::value(now));
    if let Some(name) = name {
        update = update.col_expr(resumes::Column::Name, Expr::value(name));
    }
    if let Some((content, _)) = &change.content {
        update = update.col_expr(resumes::Column::Content, Expr::value(content.clone()));
    }
    update = set_patch(update, resumes::Column::Company, company);
    update = set_patch(update, resumes::Column::Notes, notes);
    update = set_patch(update, resumes::Column::Introduction, introduction);
    update = set_patch(update, resumes::Column::JobDescription, job_description);
    update = match change.job_details {
        Patch::Unchanged => update,
        Patch::Clear => update.col_expr(
            resumes::Column::JobDetails,
            Expr::value(Option::<serde_json::Value>::None),
        ),
        Patch::Set(details) => {
            update.col_expr(resumes::Column::JobDetails, Expr::value(to_json(details)))
        }
    };
    // The version in the WHERE clause makes the check and the write one atomic step: of two
    // writers holding the same version, exactly one matches. Writing first (before any read)
    // also takes SQLite's write lock at the start of the transaction, so a concurrent writer
    // waits instead of failing to upgrade a read lock.
    let result = update
        .filter(resumes::Column::Id.eq(id))
        .filter(resumes::Column::OwnerId.eq(actor.user_id))
        .filter(resumes::Column::Version.eq(expected_version))
        .filter(resumes::Column::DeletedAt.is_null())
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        let current = owned(conn, actor.user_id, id).await?;
        return Err(ServiceError::VersionConflict {
            current: current.version,
        });
    }
    let updated = owned(conn, actor.user_id, id).await?;
    if let Some((_, reason)) = change.content {
        revisions::record_change(conn, &updated, actor, reason, now).await?;
    }
    match parsed {
        Some(parsed) => Ok(Stored {
            row: updated,
            parsed,
        }),
        None => Stored::parse(updated),
    }
}

fn set_patch(
    update: sea_orm::UpdateMany<resumes::Entity>,
    column: resumes::Column,
    patch: Patch<String>,
) -> sea_orm::UpdateMany<resumes::Entity> {
    match patch {
        Patch::Unchanged => update,
        Patch::Clear => update.col_expr(column, Expr::value(Option::<String>::None)),
        Patch::Set(value) => update.col_expr(column, Expr::value(value)),
    }
}

fn patch_value(patch: Patch<String>) -> Option<String> {
    match patch {
        Patch::Set(value) => Some(value),
        _ => None,
    }
}

fn to_json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Reads a JSON column written by `to_json`; anything unreadable counts as absent.
#[must_use]
pub fn from_json<T: serde::de::DeserializeOwned>(value: Option<&serde_json::Value>) -> Option<T> {
    value.and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// Stores the export options chosen for a resume (no new version: they are not content).
///
/// # Errors
/// Not found.
pub async fn set_export_preferences(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
    preferences: ExportPreferences,
) -> Result<resumes::Model, ServiceError> {
    owned(conn, owner, id).await?;
    resumes::Entity::update_many()
        .col_expr(
            resumes::Column::ExportPreferences,
            Expr::value(to_json(preferences)),
        )
        .filter(resumes::Column::Id.eq(id))
        .exec(conn)
        .await?;
    owned(conn, owner, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_over_one_mebibyte_is_refused_before_parsing() {
        let big = "x".repeat(MAX_CONTENT_BYTES + 1);
        assert!(matches!(
            check_content(&big),
            Err(ServiceError::Validation(fields)) if fields.contains_key("content")
        ));
        assert!(matches!(
            check_content("no sections"),
            Err(ServiceError::InvalidResume(_))
        ));
    }
}
