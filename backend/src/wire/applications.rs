//! Applications as the API answers them: the application with its timeline (actors named),
//! list entries, and the CSV export (RFC 4180, with spreadsheet formulas defused).

use std::collections::HashMap;

use resume_shared::api::UserRef;
use resume_shared::api::applications::{
    ApplicationEvent, ApplicationResponse, ApplicationStatus, ApplicationSummary,
};
use resume_shared::api::resumes::ResumeKind;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::db::convert::timestamp;
use crate::services::ServiceError;
use crate::services::applications::{ExportRow, Stored, SummaryRow};
use crate::services::users;

/// A stored status (only the service writes them; an unknown one reads as `saved`).
fn status(name: &str) -> ApplicationStatus {
    ApplicationStatus::from_name(name).unwrap_or_default()
}

/// A stored resume kind (an unknown one reads as `base`).
fn kind(name: &str) -> ResumeKind {
    ResumeKind::from_name(name).unwrap_or(ResumeKind::Base)
}

/// A user named, when there is one and the name was found.
fn user_ref(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> Option<UserRef> {
    let id = id?;
    names.get(&id).map(|username| UserRef {
        id: id.to_string(),
        username: username.clone(),
    })
}

/// The application with its timeline, oldest event first, actors named (one query for all).
///
/// # Errors
/// Database errors.
pub async fn application(
    conn: &impl ConnectionTrait,
    stored: Stored,
) -> Result<ApplicationResponse, ServiceError> {
    let ids: Vec<Uuid> = stored
        .timeline
        .iter()
        .flat_map(|event| [event.actor_id, event.impersonator_id])
        .flatten()
        .collect();
    let names = users::usernames(conn, ids).await?;
    let row = stored.row;
    Ok(ApplicationResponse {
        resume_id: row.resume_id.to_string(),
        status: status(&row.status),
        applied_on: row.applied_on,
        posting_url: row.posting_url,
        contact: row.contact,
        next_step: row.next_step,
        next_step_on: row.next_step_on,
        notes: row.notes,
        version: row.version,
        created_at: timestamp(row.created_at),
        updated_at: timestamp(row.updated_at),
        timeline: stored
            .timeline
            .into_iter()
            .map(|event| ApplicationEvent {
                from: event.from_status.as_deref().map(status),
                to: status(&event.to_status),
                actor: user_ref(&names, event.actor_id),
                impersonator: user_ref(&names, event.impersonator_id),
                changed_at: timestamp(event.created_at),
            })
            .collect(),
    })
}

/// A list entry.
#[must_use]
pub fn summary(row: SummaryRow) -> ApplicationSummary {
    ApplicationSummary {
        resume_id: row.resume_id.to_string(),
        resume_name: row.resume_name,
        kind: kind(&row.kind),
        company: row.company,
        status: status(&row.status),
        applied_on: row.applied_on,
        next_step: row.next_step,
        next_step_on: row.next_step_on,
        updated_at: timestamp(row.updated_at),
    }
}

/// The columns of the CSV export, in order.
pub const CSV_HEADER: [&str; 13] = [
    "resume_id",
    "resume_name",
    "kind",
    "company",
    "status",
    "applied_on",
    "posting_url",
    "contact",
    "next_step",
    "next_step_on",
    "notes",
    "created_at",
    "updated_at",
];

/// One CSV cell: a value a spreadsheet would run as a formula (beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`; a value holding a comma, a quote or a
/// line break is quoted, its quotes doubled (RFC 4180).
fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// One CSV record, ended by CRLF.
fn record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    let line: Vec<String> = cells.into_iter().map(cell).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The applications as CSV: a header row, then one row per application.
#[must_use]
pub fn csv(rows: &[ExportRow]) -> String {
    let mut out = String::new();
    record(&mut out, CSV_HEADER);
    for row in rows {
        let resume_id = row.resume_id.to_string();
        let created_at = timestamp(row.created_at);
        let updated_at = timestamp(row.updated_at);
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let cells = [
            resume_id,
            row.resume_name.clone(),
            row.kind.clone(),
            text(&row.company),
            row.status.clone(),
            text(&row.applied_on),
            text(&row.posting_url),
            text(&row.contact),
            text(&row.next_step),
            text(&row.next_step_on),
            text(&row.notes),
            created_at,
            updated_at,
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(cell(""), "");
    }
}
