//! The application tracker: at most one application per resume (where it was sent, its status
//! and next step), with optimistic concurrency like resumes, a timeline of status changes and
//! the list and export of the owner's applications.
//!
//! Every function takes the owner: an application of another user's resume, or of a resume in
//! the trash, is simply not found. Writes run in one transaction each, writing first (see
//! `docs/ARCHITECTURE.md`, "Resumes"): the row, the timeline event of a status change and the
//! audit entry (`application.create`, `application.status`, `application.delete`) commit
//! together.

use chrono::{DateTime, NaiveDate, Utc};
use resume_shared::api::applications::{
    ApplicationFields, ApplicationStatus, MAX_APPLICATION_LINE_CHARS, MAX_APPLICATION_NOTES_CHARS,
    MAX_POSTING_URL_CHARS,
};
use resume_shared::api::input::{MAX_VERSION, line_character_problem, nul_line, nul_problem};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr, SimpleExpr};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, EntityTrait as _,
    FromQueryResult, JoinType, Order, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, RelationTrait as _, TransactionTrait as _,
};
use serde_json::json;
use uuid::Uuid;

use crate::db::DbResultExt as _;
use crate::db::entities::{application_events, applications, resumes};
use crate::services::resumes::listing::escape_like;
use crate::services::resumes::owned;
use crate::services::{FieldErrors, Page, ServiceError, audit};

/// Default page size of [`list`].
pub const DEFAULT_PER_PAGE: u64 = 20;
/// Largest page size of [`list`].
pub const MAX_PER_PAGE: u64 = 100;

/// Who writes: the owner, the administrator impersonating them if any, and the client address
/// (for the audit log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The owner of the resume.
    pub user_id: Uuid,
    /// The administrator acting as the owner.
    pub impersonator: Option<Uuid>,
    /// The client's address.
    pub ip: Option<String>,
}

impl Author {
    /// Records an audit event of this author about their own data.
    pub async fn record(
        &self,
        conn: &impl ConnectionTrait,
        action: &'static str,
        details: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let event = audit::Event {
            action,
            actor_user_id: Some(self.user_id),
            impersonator_user_id: self.impersonator,
            target_user_id: Some(self.user_id),
            ip: self.ip.clone(),
            details,
        };
        audit::record(conn, event, now).await
    }
}

/// An application as stored, with its timeline (oldest event first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The row.
    pub row: applications::Model,
    /// Its status changes, oldest first.
    pub timeline: Vec<application_events::Model>,
}

/// The editable fields after checking: trimmed, empty ones absent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    status: ApplicationStatus,
    applied_on: Option<String>,
    posting_url: Option<String>,
    contact: Option<String>,
    next_step: Option<String>,
    next_step_on: Option<String>,
    notes: Option<String>,
}

/// Trimmed text, `None` when empty.
fn trimmed(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// A one-line value of at most `max` characters.
fn check_line(field: &str, value: Option<&str>, max: usize, fields: &mut FieldErrors) {
    let Some(value) = value else { return };
    if value.chars().count() > max {
        fields.insert(field.into(), format!("must be at most {max} characters"));
    } else if let Some(problem) = line_character_problem(value) {
        fields.insert(field.into(), problem.into());
    }
}

/// A calendar day written `YYYY-MM-DD`.
fn check_date(field: &str, value: Option<&str>, fields: &mut FieldErrors) {
    let Some(value) = value else { return };
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped || NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
        fields.insert(
            field.into(),
            "must be a date written YYYY-MM-DD (e.g. 2026-12-01)".into(),
        );
    }
}

/// An absolute `http` or `https` URL with a host.
fn check_url(value: Option<&str>, fields: &mut FieldErrors) {
    let Some(value) = value else { return };
    check_line("posting_url", Some(value), MAX_POSTING_URL_CHARS, fields);
    if fields.contains_key("posting_url") {
        return;
    }
    let absolute = url::Url::parse(value).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
    });
    if !absolute {
        fields.insert(
            "posting_url".into(),
            "must be an absolute http or https URL".into(),
        );
    }
}

/// Checks and normalises the editable fields.
fn check(input: ApplicationFields) -> Result<Checked, ServiceError> {
    let checked = Checked {
        status: input.status,
        applied_on: trimmed(input.applied_on),
        posting_url: trimmed(input.posting_url),
        contact: trimmed(input.contact),
        next_step: trimmed(input.next_step),
        next_step_on: trimmed(input.next_step_on),
        notes: trimmed(input.notes),
    };
    let mut fields = FieldErrors::new();
    check_date("applied_on", checked.applied_on.as_deref(), &mut fields);
    check_date("next_step_on", checked.next_step_on.as_deref(), &mut fields);
    check_url(checked.posting_url.as_deref(), &mut fields);
    let max = MAX_APPLICATION_LINE_CHARS;
    check_line("contact", checked.contact.as_deref(), max, &mut fields);
    check_line("next_step", checked.next_step.as_deref(), max, &mut fields);
    if let Some(notes) = &checked.notes {
        if notes.chars().count() > MAX_APPLICATION_NOTES_CHARS {
            fields.insert(
                "notes".into(),
                format!("must be at most {MAX_APPLICATION_NOTES_CHARS} characters"),
            );
        } else if let Some(line) = nul_line(notes) {
            fields.insert("notes".into(), nul_problem(line));
        }
    }
    if fields.is_empty() {
        Ok(checked)
    } else {
        Err(ServiceError::Validation(fields))
    }
}

fn not_found() -> ServiceError {
    ServiceError::NotFound("this resume has no application".into())
}

/// The application row of a resume, whoever owns it (the caller checked the owner).
async fn row_of(
    conn: &impl ConnectionTrait,
    resume_id: Uuid,
) -> Result<Option<applications::Model>, ServiceError> {
    Ok(applications::Entity::find()
        .filter(applications::Column::ResumeId.eq(resume_id))
        .one(conn)
        .await?)
}

/// The timeline of an application, oldest first.
///
/// # Errors
/// Database errors.
pub async fn timeline(
    conn: &impl ConnectionTrait,
    application_id: Uuid,
) -> Result<Vec<application_events::Model>, sea_orm::DbErr> {
    application_events::Entity::find()
        .filter(application_events::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_events::Column::Id)
        .all(conn)
        .await
}

/// The application of a resume with its timeline, whoever owns it, or `None` (for the
/// account export, which reads the owner's resumes itself).
///
/// # Errors
/// Database errors.
pub async fn of_resume(
    conn: &impl ConnectionTrait,
    resume_id: Uuid,
) -> Result<Option<Stored>, sea_orm::DbErr> {
    let row = applications::Entity::find()
        .filter(applications::Column::ResumeId.eq(resume_id))
        .one(conn)
        .await?;
    match row {
        Some(row) => {
            let timeline = timeline(conn, row.id).await?;
            Ok(Some(Stored { row, timeline }))
        }
        None => Ok(None),
    }
}

/// The application of the owner's resume (not in the trash).
///
/// # Errors
/// Not found: no such resume of the owner, in the trash, or no application.
pub async fn get(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    resume_id: Uuid,
) -> Result<Stored, ServiceError> {
    owned(conn, owner, resume_id).await?;
    let row = row_of(conn, resume_id).await?.ok_or_else(not_found)?;
    let timeline = timeline(conn, row.id).await?;
    Ok(Stored { row, timeline })
}

/// Status changes kept per application: writing one more deletes the oldest (as the oldest
/// revisions of a resume go), so a timeline cannot grow without end.
pub const MAX_TIMELINE_EVENTS: u64 = 200;

/// Records a status change in the timeline, keeping the newest [`MAX_TIMELINE_EVENTS`].
async fn add_event(
    conn: &impl ConnectionTrait,
    application_id: Uuid,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    author: &Author,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    application_events::Entity::insert(application_events::ActiveModel {
        id: NotSet,
        application_id: Set(application_id),
        from_status: Set(from.map(|status| status.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        actor_id: Set(Some(author.user_id)),
        impersonator_id: Set(author.impersonator),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    let oldest_kept = application_events::Entity::find()
        .filter(application_events::Column::ApplicationId.eq(application_id))
        .order_by_desc(application_events::Column::Id)
        .offset(MAX_TIMELINE_EVENTS - 1)
        .one(conn)
        .await?;
    if let Some(oldest_kept) = oldest_kept {
        application_events::Entity::delete_many()
            .filter(application_events::Column::ApplicationId.eq(application_id))
            .filter(application_events::Column::Id.lt(oldest_kept.id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Creates the application of the owner's resume (version 1), its first timeline event and
/// its audit entry, in one transaction.
///
/// # Errors
/// Invalid fields; not found (no such resume of the owner, or in the trash); 409 `conflict`
/// when the resume has an application already.
pub async fn create(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    input: ApplicationFields,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    let fields = check(input)?;
    owned(db, author.user_id, resume_id).await?;
    let exists = || ServiceError::conflict("This resume has an application already.");
    let id = Uuid::new_v4();
    let row = applications::Model {
        id,
        resume_id,
        status: fields.status.as_str().to_owned(),
        applied_on: fields.applied_on,
        posting_url: fields.posting_url,
        contact: fields.contact,
        next_step: fields.next_step,
        next_step_on: fields.next_step_on,
        notes: fields.notes,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let txn = db.begin().await?;
    applications::Entity::insert(applications::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await
        .on_unique_violation(exists)?;
    add_event(&txn, id, None, fields.status, author, now).await?;
    let details = json!({ "resume_id": resume_id, "status": fields.status.as_str() });
    author
        .record(&txn, audit::action::APPLICATION_CREATE, details, now)
        .await?;
    txn.commit().await?;
    // A resume moved to the trash meanwhile keeps its application (restoring brings it back).
    let timeline = timeline(db, id).await?;
    Ok(Stored { row, timeline })
}

/// A version the next one can follow: from 1 to [`MAX_VERSION`].
fn check_version(version: i64) -> Result<(), ServiceError> {
    if (1..=MAX_VERSION).contains(&version) {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "version",
            format!("must be from 1 to {MAX_VERSION}"),
        ))
    }
}

/// Replaces the editable fields of the application, based on `expected_version`: all or
/// nothing. A changed status adds a timeline event and an audit entry.
///
/// # Errors
/// Invalid fields; not found; [`ServiceError::VersionConflict`] with the current version when
/// `expected_version` is stale (nothing is written).
pub async fn update(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    expected_version: i64,
    input: ApplicationFields,
    now: DateTime<Utc>,
) -> Result<Stored, ServiceError> {
    check_version(expected_version)?;
    let fields = check(input)?;
    owned(db, author.user_id, resume_id).await?;
    // Read before the transaction: the status the change starts from. The version in the
    // UPDATE's WHERE clause proves it is still the one read.
    let before = row_of(db, resume_id).await?.ok_or_else(not_found)?;
    if before.version != expected_version {
        return Err(ServiceError::VersionConflict {
            current: before.version,
        });
    }
    let previous = ApplicationStatus::from_name(&before.status);
    let txn = db.begin().await?;
    let result = applications::Entity::update_many()
        .col_expr(
            applications::Column::Status,
            Expr::value(fields.status.as_str()),
        )
        .col_expr(
            applications::Column::AppliedOn,
            Expr::value(fields.applied_on),
        )
        .col_expr(
            applications::Column::PostingUrl,
            Expr::value(fields.posting_url),
        )
        .col_expr(applications::Column::Contact, Expr::value(fields.contact))
        .col_expr(
            applications::Column::NextStep,
            Expr::value(fields.next_step),
        )
        .col_expr(
            applications::Column::NextStepOn,
            Expr::value(fields.next_step_on),
        )
        .col_expr(applications::Column::Notes, Expr::value(fields.notes))
        .col_expr(
            applications::Column::Version,
            Expr::value(expected_version + 1),
        )
        .col_expr(applications::Column::UpdatedAt, Expr::value(now))
        .filter(applications::Column::Id.eq(before.id))
        .filter(applications::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        drop(txn);
        let current = row_of(db, resume_id).await?.ok_or_else(not_found)?;
        return Err(ServiceError::VersionConflict {
            current: current.version,
        });
    }
    if previous != Some(fields.status) {
        add_event(&txn, before.id, previous, fields.status, author, now).await?;
        let details = json!({
            "resume_id": resume_id,
            "from": before.status,
            "to": fields.status.as_str(),
        });
        author
            .record(&txn, audit::action::APPLICATION_STATUS, details, now)
            .await?;
    }
    txn.commit().await?;
    get(db, author.user_id, resume_id).await
}

/// Deletes the application (and its timeline) based on `expected_version`, with its audit
/// entry.
///
/// # Errors
/// Not found; [`ServiceError::VersionConflict`] when `expected_version` is stale.
pub async fn delete(
    db: &DatabaseConnection,
    author: &Author,
    resume_id: Uuid,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    check_version(expected_version)?;
    owned(db, author.user_id, resume_id).await?;
    let txn = db.begin().await?;
    let result = applications::Entity::delete_many()
        .filter(applications::Column::ResumeId.eq(resume_id))
        .filter(applications::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        drop(txn);
        let current = row_of(db, resume_id).await?.ok_or_else(not_found)?;
        return Err(ServiceError::VersionConflict {
            current: current.version,
        });
    }
    let details = json!({ "resume_id": resume_id });
    author
        .record(&txn, audit::action::APPLICATION_DELETE, details, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Sort keys of [`list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By last change of the application.
    Updated,
    /// By the next step's date; applications without one last either way.
    NextStep,
    /// By the day it was sent; applications without one last either way.
    Applied,
    /// By the resume's name, ignoring case.
    Name,
}

/// A sort order: key and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// What to sort by.
    pub key: SortKey,
    /// Descending when true.
    pub descending: bool,
}

impl Sort {
    /// Reads `updated`, `next_step`, `applied`, `name`, with `-` in front for descending.
    ///
    /// # Errors
    /// A validation error naming the accepted values.
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        let (descending, key) = match text.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, text),
        };
        let key = match key {
            "updated" => SortKey::Updated,
            "next_step" => SortKey::NextStep,
            "applied" => SortKey::Applied,
            "name" => SortKey::Name,
            _ => {
                return Err(ServiceError::invalid(
                    "sort",
                    "must be updated, next_step, applied or name, with - in front for descending",
                ));
            }
        };
        Ok(Self { key, descending })
    }
}

impl Default for Sort {
    /// Newest change first.
    fn default() -> Self {
        Self {
            key: SortKey::Updated,
            descending: true,
        }
    }
}

/// Filters and order of [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this status.
    pub status: Option<ApplicationStatus>,
    /// Every whitespace-separated term must occur in the resume's name or company, the
    /// contact or the next step (ignoring case).
    pub q: Option<String>,
    /// The order.
    pub sort: Sort,
}

/// What [`list`] returns for each application.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct SummaryRow {
    /// The resume.
    pub resume_id: Uuid,
    /// The resume's name.
    pub resume_name: String,
    /// The resume's kind.
    pub kind: String,
    /// The resume's company.
    pub company: Option<String>,
    /// The status.
    pub status: String,
    /// The day it was sent.
    pub applied_on: Option<String>,
    /// The next step.
    pub next_step: Option<String>,
    /// Its date.
    pub next_step_on: Option<String>,
    /// Last change of the application.
    pub updated_at: DateTime<Utc>,
}

/// What [`export`] returns for each application: everything, with the resume's name, kind
/// and company.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ExportRow {
    /// The resume.
    pub resume_id: Uuid,
    /// The resume's name.
    pub resume_name: String,
    /// The resume's kind.
    pub kind: String,
    /// The resume's company.
    pub company: Option<String>,
    /// The status.
    pub status: String,
    /// The day it was sent.
    pub applied_on: Option<String>,
    /// The job posting.
    pub posting_url: Option<String>,
    /// Whom to talk to.
    pub contact: Option<String>,
    /// The next step.
    pub next_step: Option<String>,
    /// Its date.
    pub next_step_on: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// The owner's applications whose resumes are not in the trash, joined with their resumes.
fn owned_applications(owner: Uuid) -> sea_orm::Select<applications::Entity> {
    applications::Entity::find()
        .select_only()
        .join(JoinType::InnerJoin, applications::Relation::Resumes.def())
        .filter(resumes::Column::OwnerId.eq(owner))
        .filter(resumes::Column::DeletedAt.is_null())
}

/// `lower(table.column)`.
fn lower<T, C>(table: T, column: C) -> SimpleExpr
where
    T: sea_orm::sea_query::IntoIden,
    C: sea_orm::sea_query::IntoIden,
{
    Func::lower(Expr::col((table, column))).into()
}

/// A page of the owner's applications (resumes in the trash left out) and how many match.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    query: &ListQuery,
    page: Page,
) -> Result<(Vec<SummaryRow>, u64), ServiceError> {
    let mut condition = Condition::all();
    if let Some(status) = query.status {
        condition = condition.add(applications::Column::Status.eq(status.as_str()));
    }
    for term in query.q.iter().flat_map(|q| q.split_whitespace()) {
        let pattern = format!("%{}%", escape_like(&term.to_lowercase()));
        let matches = |expr: SimpleExpr| -> SimpleExpr {
            expr.like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        condition = condition.add(
            Condition::any()
                .add(matches(lower(resumes::Entity, resumes::Column::Name)))
                .add(matches(lower(resumes::Entity, resumes::Column::Company)))
                .add(matches(lower(
                    applications::Entity,
                    applications::Column::Contact,
                )))
                .add(matches(lower(
                    applications::Entity,
                    applications::Column::NextStep,
                ))),
        );
    }
    let total = owned_applications(owner)
        .column(applications::Column::Id)
        .filter(condition.clone())
        .count(conn)
        .await?;
    let order = if query.sort.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let mut select = owned_applications(owner)
        .column(applications::Column::ResumeId)
        .column_as(resumes::Column::Name, "resume_name")
        .column(resumes::Column::Kind)
        .column(resumes::Column::Company)
        .columns([
            applications::Column::Status,
            applications::Column::AppliedOn,
            applications::Column::NextStep,
            applications::Column::NextStepOn,
            applications::Column::UpdatedAt,
        ])
        .filter(condition);
    let absent_last =
        |column: applications::Column| Expr::col((applications::Entity, column)).is_null();
    select = match query.sort.key {
        SortKey::Updated => select.order_by(applications::Column::UpdatedAt, order.clone()),
        SortKey::NextStep => select
            .order_by(absent_last(applications::Column::NextStepOn), Order::Asc)
            .order_by(applications::Column::NextStepOn, order.clone()),
        SortKey::Applied => select
            .order_by(absent_last(applications::Column::AppliedOn), Order::Asc)
            .order_by(applications::Column::AppliedOn, order.clone()),
        SortKey::Name => {
            select.order_by(lower(resumes::Entity, resumes::Column::Name), order.clone())
        }
    };
    let rows = select
        .order_by(applications::Column::ResumeId, order)
        .offset(page.offset())
        .limit(page.per_page)
        .into_model::<SummaryRow>()
        .all(conn)
        .await?;
    Ok((rows, total))
}

/// Every application of the owner whose resume is not in the trash, newest change first (a
/// user has at most as many as the resumes quota allows).
///
/// # Errors
/// Database errors.
pub async fn export(
    conn: &impl ConnectionTrait,
    owner: Uuid,
) -> Result<Vec<ExportRow>, ServiceError> {
    Ok(owned_applications(owner)
        .column(applications::Column::ResumeId)
        .column_as(resumes::Column::Name, "resume_name")
        .column(resumes::Column::Kind)
        .column(resumes::Column::Company)
        .columns([
            applications::Column::Status,
            applications::Column::AppliedOn,
            applications::Column::PostingUrl,
            applications::Column::Contact,
            applications::Column::NextStep,
            applications::Column::NextStepOn,
            applications::Column::Notes,
            applications::Column::CreatedAt,
            applications::Column::UpdatedAt,
        ])
        .order_by(applications::Column::UpdatedAt, Order::Desc)
        .order_by(applications::Column::ResumeId, Order::Desc)
        .into_model::<ExportRow>()
        .all(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(fields: ApplicationFields) -> FieldErrors {
        match check(fields) {
            Err(ServiceError::Validation(problems)) => problems,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn urls_must_be_absolute_http_and_dates_real_days() {
        for url in [
            "javascript:alert(1)",
            "ftp://example.com",
            "/jobs/42",
            "https://",
        ] {
            let fields = ApplicationFields {
                posting_url: Some(url.to_owned()),
                ..ApplicationFields::default()
            };
            assert!(problems(fields).contains_key("posting_url"), "{url}");
        }
        for date in [
            "2026-02-30",
            "2026-2-01",
            "26-02-01",
            "2026/02/01",
            "tomorrow",
        ] {
            let fields = ApplicationFields {
                applied_on: Some(date.to_owned()),
                ..ApplicationFields::default()
            };
            assert!(problems(fields).contains_key("applied_on"), "{date}");
        }
    }

    #[test]
    fn text_is_trimmed_and_empty_text_is_absent() {
        let checked = check(ApplicationFields {
            posting_url: Some(" https://jobs.example.com/42 ".to_owned()),
            contact: Some("   ".to_owned()),
            next_step_on: Some("2026-12-08".to_owned()),
            ..ApplicationFields::default()
        })
        .unwrap();
        assert_eq!(
            checked.posting_url.as_deref(),
            Some("https://jobs.example.com/42")
        );
        assert_eq!(checked.contact, None);
        assert_eq!(checked.next_step_on.as_deref(), Some("2026-12-08"));
    }

    #[test]
    fn sorts_read_with_direction() {
        assert_eq!(
            Sort::parse("-next_step").unwrap(),
            Sort {
                key: SortKey::NextStep,
                descending: true
            }
        );
        assert!(Sort::parse("status").is_err());
    }
}
