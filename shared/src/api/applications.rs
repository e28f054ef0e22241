//! Wire types of the application tracker (`/resumes/{id}/application`, `/applications`): at
//! most one application per resume, recording where it was sent, what happened and what comes
//! next, with a timeline of its status changes.
//!
//! The limits here are the bounds every value must meet before anything else happens; the
//! server's service then checks what needs more than size and characters (a URL's scheme, a
//! real calendar date) and stores trimmed text, an empty one as absent.

use serde::{Deserialize, Serialize};

use super::UserRef;
use super::input::{
    CheckInput, Limit, MAX_URL_BYTES, Problems, check_line, check_text, check_version,
};
use super::resumes::ResumeKind;

/// Longest contact and next step, in characters (one line each).
pub const MAX_APPLICATION_LINE_CHARS: usize = 200;
/// Longest posting URL, in characters.
pub const MAX_POSTING_URL_CHARS: usize = MAX_URL_BYTES;
/// Longest notes of an application, in characters.
pub const MAX_APPLICATION_NOTES_CHARS: usize = 10_000;
/// Longest date text (`YYYY-MM-DD`), in characters.
pub const MAX_DATE_CHARS: usize = 10;

/// Where an application stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Kept for later: not sent yet.
    #[default]
    Saved,
    /// Sent.
    Applied,
    /// In interviews.
    Interviewing,
    /// An offer came.
    Offer,
    /// Turned down by the employer.
    Rejected,
    /// Withdrawn by the applicant.
    Withdrawn,
}

impl ApplicationStatus {
    /// Every status, in the order of a typical application.
    pub const ALL: [Self; 6] = [
        Self::Saved,
        Self::Applied,
        Self::Interviewing,
        Self::Offer,
        Self::Rejected,
        Self::Withdrawn,
    ];

    /// The status's name, as stored and as in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Applied => "applied",
            Self::Interviewing => "interviewing",
            Self::Offer => "offer",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// The status named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// The editable fields of an application, shared by creation and replacement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationFields {
    /// Where it stands (default `saved`).
    #[serde(default)]
    pub status: ApplicationStatus,
    /// The day it was sent, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 10,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$",
            example = "2026-12-01"
        )
    )]
    pub applied_on: Option<String>,
    /// The job posting: an absolute `http` or `https` URL, at most 2048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 2048, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub posting_url: Option<String>,
    /// Whom to talk to (one line, at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub contact: Option<String>,
    /// What happens next (one line, at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub next_step: Option<String>,
    /// When the next step is due, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 10,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$",
            example = "2026-12-15"
        )
    )]
    pub next_step_on: Option<String>,
    /// Free notes (at most 10000 characters, no NUL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 10000, pattern = r"^[^\x00]*$")
    )]
    pub notes: Option<String>,
}

impl CheckInput for ApplicationFields {
    fn check_input(&self, problems: &mut Problems) {
        let lines = [
            ("applied_on", &self.applied_on, MAX_DATE_CHARS),
            ("posting_url", &self.posting_url, MAX_POSTING_URL_CHARS),
            ("contact", &self.contact, MAX_APPLICATION_LINE_CHARS),
            ("next_step", &self.next_step, MAX_APPLICATION_LINE_CHARS),
            ("next_step_on", &self.next_step_on, MAX_DATE_CHARS),
        ];
        for (field, value, max) in lines {
            if let Some(value) = value {
                // Surrounding white space is trimmed before storing: it does not count.
                check_line(problems, field, value.trim(), Limit::Chars(max));
            }
        }
        if let Some(notes) = &self.notes {
            let limit = Limit::Chars(MAX_APPLICATION_NOTES_CHARS);
            check_text(problems, "notes", notes.trim(), limit);
        }
    }
}

/// `POST /resumes/{id}/application`: the fields of the new application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "status": "applied", "applied_on": "2026-12-01",
        "posting_url": "https://jobs.example.com/42", "contact": "Sam Lee, recruiter",
        "next_step": "Phone screen", "next_step_on": "2026-12-08"
    }))
)]
pub struct CreateApplicationRequest {
    /// The fields (`status` defaults to `saved`).
    #[serde(flatten)]
    pub fields: ApplicationFields,
}

impl From<ApplicationFields> for CreateApplicationRequest {
    fn from(fields: ApplicationFields) -> Self {
        Self { fields }
    }
}

impl CheckInput for CreateApplicationRequest {
    fn check_input(&self, problems: &mut Problems) {
        self.fields.check_input(problems);
    }
}

/// `PUT /resumes/{id}/application`: replaces every editable field (an absent one is cleared)
/// of the version it is based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateApplicationRequest {
    /// The version this change is based on; a stale one is refused with 409.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The fields; a changed `status` adds an event to the timeline.
    #[serde(flatten)]
    pub fields: ApplicationFields,
}

impl CheckInput for UpdateApplicationRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
        self.fields.check_input(problems);
    }
}

/// One status change of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationEvent {
    /// The status before; absent for the first status, set when the application was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ApplicationStatus>,
    /// The status after.
    pub to: ApplicationStatus,
    /// Who made the change (absent when that account has been deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<UserRef>,
    /// The administrator who made it while impersonating the owner, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonator: Option<UserRef>,
    /// When (RFC 3339, UTC).
    pub changed_at: String,
}

/// An application, with its timeline (oldest event first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationResponse {
    /// The resume it belongs to (UUID).
    pub resume_id: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The day it was sent, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<String>,
    /// The job posting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posting_url: Option<String>,
    /// Whom to talk to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// What happens next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// When the next step is due, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step_on: Option<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The version: send it with the next change.
    pub version: i64,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Every status change, oldest first; the first is the status it was created with.
    pub timeline: Vec<ApplicationEvent>,
}

/// An application in the list, with the resume it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSummary {
    /// The resume (UUID).
    pub resume_id: String,
    /// The resume's name.
    pub resume_name: String,
    /// Base or tailored.
    pub kind: ResumeKind,
    /// The company the resume is tailored for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The day it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<String>,
    /// What happens next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// When the next step is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step_on: Option<String>,
    /// When the application last changed.
    pub updated_at: String,
}

/// `GET /applications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationListResponse {
    /// The page of applications.
    pub items: Vec<ApplicationSummary>,
    /// How many applications match the filter, on all pages.
    pub total: u64,
    /// The page number, from 1.
    pub page: u64,
    /// The page size.
    pub per_page: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_have_their_wire_names_both_ways() {
        for status in ApplicationStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(ApplicationStatus::from_name(status.as_str()), Some(status));
        }
        assert_eq!(ApplicationStatus::from_name("hired"), None);
    }

    #[test]
    fn fields_are_held_to_their_limits() {
        let fields = ApplicationFields {
            contact: Some("x".repeat(201)),
            next_step: Some("call\nback".to_owned()),
            notes: Some("a\0b".to_owned()),
            posting_url: Some(format!("https://{}", "x".repeat(2048))),
            ..ApplicationFields::default()
        };
        let problems = fields.input_problems();
        assert_eq!(problems["contact"], "must be at most 200 characters");
        assert_eq!(problems["next_step"], "must be a single line");
        assert_eq!(
            problems["notes"],
            "must not contain NUL characters (line 1)"
        );
        assert_eq!(problems["posting_url"], "must be at most 2048 characters");
        let fine = ApplicationFields {
            contact: Some(format!("  {}  ", "x".repeat(200))),
            ..ApplicationFields::default()
        };
        assert!(fine.input_problems().is_empty());
    }
}
