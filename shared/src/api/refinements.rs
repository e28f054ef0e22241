//! Request, response and event bodies of AI refinement (`/resumes/{id}/refinements`,
//! `/refinements/{id}`, its SSE stream and apply).
//!
//! The SSE stream sends one event per message: the SSE `event:` field is the kind
//! ([`EventKind`]) and `data:` the JSON payload of that kind; `id:` is the event's sequence
//! number, for `Last-Event-ID`.

use serde::{Deserialize, Serialize};

use super::input::{
    CheckInput, Limit, MAX_JOB_DESCRIPTION_BYTES, MAX_NAME_CHARS, MAX_NOTES_CHARS, Problems,
    check_line, check_text,
};
use super::resumes::JobDetails;
use crate::resume::Role;

/// Where a refinement job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefinementStatus {
    /// Waiting for its task to start.
    Queued,
    /// Working.
    Running,
    /// Finished; the results can be applied.
    Succeeded,
    /// Stopped by an error; can be resumed.
    Failed,
    /// Stopped by the user; can be resumed.
    Cancelled,
}

impl RefinementStatus {
    /// The name as stored and sent.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Running,
            Self::Succeeded,
            Self::Failed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// Whether the job has stopped (for good or until resumed).
    #[must_use]
    pub const fn is_finished(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// `POST /resumes/{id}/refinements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "job_description": "Senior Platform Engineer. Rust, Kafka and PostgreSQL; you will design event pipelines.",
        "company": "Initech"
    }))
)]
pub struct StartRefinementRequest {
    /// The job description (required, at most 100 KiB).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 102400, pattern = r"^[^\x00]*$")
    )]
    pub job_description: String,
    /// The company applied to (at most 255 characters, one line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub company: Option<String>,
    /// Notes to keep with the tailored resume (at most 5000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub notes: Option<String>,
    /// Only refine roles that ended in the last this many years, 1–60 (ongoing roles always
    /// count); the others are kept as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub years_limit: Option<u32>,
}

/// Company and notes of a refinement or of the tailored resume it makes.
fn check_company_and_notes(problems: &mut Problems, company: Option<&str>, notes: Option<&str>) {
    if let Some(company) = company {
        check_line(problems, "company", company, Limit::Chars(MAX_NAME_CHARS));
    }
    if let Some(notes) = notes {
        check_text(problems, "notes", notes, Limit::Chars(MAX_NOTES_CHARS));
    }
}

impl CheckInput for StartRefinementRequest {
    fn check_input(&self, problems: &mut Problems) {
        let limit = Limit::Bytes(MAX_JOB_DESCRIPTION_BYTES);
        check_text(problems, "job_description", &self.job_description, limit);
        check_company_and_notes(problems, self.company.as_deref(), self.notes.as_deref());
    }
}

/// The answer to starting or resuming a job (202).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefinementAccepted {
    /// The job id (UUID).
    pub id: String,
}

/// What the job analysis found in the job description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobAnalysisView {
    /// Skills and tools asked for.
    pub key_skills: Vec<String>,
    /// The main duties.
    pub primary_duties: Vec<String>,
    /// Themes the description states.
    pub themes: Vec<String>,
    /// Themes it implies.
    pub inferred_themes: Vec<String>,
    /// Practical details (company, title, pay, …).
    pub job_details: JobDetails,
    /// What the fact guard flagged: key skills and a pay rate the job description does not
    /// mention (check them before relying on the analysis).
    #[serde(default)]
    pub flags: Vec<FactFlag>,
}

/// What the fact guard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A skill the original role does not list; it was removed.
    RemovedSkill,
    /// A number or name the original does not contain; check it before accepting.
    Unverified,
}

/// Where the fact guard found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagField {
    /// The role's summary.
    Summary,
    /// The role's responsibilities.
    Responsibilities,
    /// The role's skills.
    Skills,
    /// The introduction.
    Introduction,
    /// The job analysis's key skills.
    KeySkills,
    /// The job analysis's pay rate.
    PayRate,
    /// A cover letter's body.
    Letter,
}

/// One finding of the fact guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactFlag {
    /// What.
    pub kind: FlagKind,
    /// The term as written by the model.
    pub term: String,
    /// Where.
    pub field: FlagField,
}

/// Keyword coverage of the analysis by a resume.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageView {
    /// 0–100.
    pub score: u8,
    /// Key skills and duties the resume covers.
    pub covered: Vec<String>,
    /// Those it does not.
    pub missing: Vec<String>,
}

/// How far one role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoleStatus {
    /// To be refined.
    Pending,
    /// Refined.
    Done,
    /// The model's answer could not be used; a resume retries it.
    Failed,
    /// Out of scope (years limit, or not included in exports): kept as it is.
    Skipped,
}

impl RoleStatus {
    /// The name as stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Pending, Self::Done, Self::Failed, Self::Skipped]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// One role of a job: the original, and the refinement when done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleResult {
    /// Position in the resume's roles, from 0.
    pub index: usize,
    /// How far it is.
    pub status: RoleStatus,
    /// The role as it was.
    pub original: Role,
    /// The refined role (its basics are the original's, always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refined: Option<Role>,
    /// What the fact guard flagged.
    pub flags: Vec<FactFlag>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `GET /refinements/{id}`: the whole state of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefinementResponse {
    /// Job id (UUID).
    pub id: String,
    /// The resume refined.
    pub resume_id: String,
    /// Where the job is.
    pub status: RefinementStatus,
    /// The job description.
    pub job_description: String,
    /// The company given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The notes given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The years limit given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_limit: Option<u32>,
    /// The resume's version when the job started.
    pub base_version: i64,
    /// The job analysis, once done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<JobAnalysisView>,
    /// Every role, in resume order.
    pub roles: Vec<RoleResult>,
    /// The generated introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// What the fact guard flagged in the introduction.
    pub introduction_flags: Vec<FactFlag>,
    /// Coverage of the analysis by the resume as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_before: Option<CoverageView>,
    /// Coverage by the refined resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_after: Option<CoverageView>,
    /// Why the job failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether resuming may help.
    pub retryable: bool,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// When it stopped, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// When its results were applied, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_at: Option<String>,
}

/// A job in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefinementSummary {
    /// Job id (UUID).
    pub id: String,
    /// Where the job is.
    pub status: RefinementStatus,
    /// The company given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The first line of the job description.
    pub job_title: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_at: Option<String>,
}

/// `GET /resumes/{id}/refinements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefinementListResponse {
    /// Newest first.
    pub items: Vec<RefinementSummary>,
}

/// How to apply a job's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplyMode {
    /// Overwrite the base resume (its previous text stays in the revisions).
    Overwrite,
    /// Save a new tailored resume linked to the base.
    New,
}

/// `POST /refinements/{id}/apply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({ "mode": "new", "accepted_roles": [0] }))
)]
pub struct ApplyRefinementRequest {
    /// Overwrite the base or save a new tailored resume.
    pub mode: ApplyMode,
    /// Indices of the refined roles to take; every other role keeps its original text.
    pub accepted_roles: Vec<usize>,
    /// Use the generated introduction as the Banner (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_introduction: Option<bool>,
    /// For `new`: the name (at most 255 characters, one line; default: the base's name and
    /// the company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: Option<String>,
    /// For `new`: the company (at most 255 characters, one line; default: the one given, else
    /// the one extracted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub company: Option<String>,
    /// For `new`: notes (at most 5000 characters; default: those given); the job's special
    /// instructions are appended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub notes: Option<String>,
}

impl CheckInput for ApplyRefinementRequest {
    fn check_input(&self, problems: &mut Problems) {
        if let Some(name) = &self.name {
            check_line(problems, "name", name, Limit::Chars(MAX_NAME_CHARS));
        }
        check_company_and_notes(problems, self.company.as_deref(), self.notes.as_deref());
    }
}

/// The kinds of events on a job's SSE stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// [`ProgressEvent`].
    Progress,
    /// [`JobAnalysisView`].
    Analysis,
    /// [`RoleEvent`].
    Role,
    /// [`IntroductionEvent`].
    Introduction,
    /// [`CoverageEvent`].
    Coverage,
    /// [`super::cover_letters::LetterEvent`] (cover letter drafts only).
    Letter,
    /// [`ErrorEvent`].
    Error,
    /// [`DoneEvent`]; the last event of a run.
    Done,
}

impl EventKind {
    /// The SSE `event:` name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Progress => "progress",
            Self::Analysis => "analysis",
            Self::Role => "role",
            Self::Introduction => "introduction",
            Self::Coverage => "coverage",
            Self::Letter => "letter",
            Self::Error => "error",
            Self::Done => "done",
        }
    }

    /// Reads an SSE `event:` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Progress,
            Self::Analysis,
            Self::Role,
            Self::Introduction,
            Self::Coverage,
            Self::Letter,
            Self::Error,
            Self::Done,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// The steps of a job, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the resume.
    Parse,
    /// Analysing the job description.
    Analysis,
    /// Refining the roles.
    Roles,
    /// Writing the introduction.
    Introduction,
    /// Measuring keyword coverage.
    Coverage,
    /// Writing a cover letter.
    Letter,
}

/// `progress`: a step started or advanced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressEvent {
    /// The step.
    pub stage: Stage,
    /// What is happening, for people.
    pub message: String,
}

/// `role`: one role refined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleEvent {
    /// Position in the resume's roles, from 0.
    pub index: usize,
    /// The role as it was.
    pub original: Role,
    /// The refined role.
    pub refined: Role,
    /// What the fact guard flagged.
    pub flags: Vec<FactFlag>,
}

/// `introduction`: the introduction written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntroductionEvent {
    /// The text.
    pub text: String,
    /// What the fact guard flagged.
    pub flags: Vec<FactFlag>,
}

/// `coverage`: keyword coverage before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageEvent {
    /// The resume as it was.
    pub before: CoverageView,
    /// The refined resume.
    pub after: CoverageView,
    /// What is still missing after.
    pub missing: Vec<String>,
}

/// `error`: something failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEvent {
    /// What failed, for people.
    pub message: String,
    /// Whether resuming may help.
    pub retryable: bool,
    /// The role it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_index: Option<usize>,
    /// That role's title and company ("Staff Engineer at Acme"), for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_title: Option<String>,
}

/// `done`: the run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoneEvent {
    /// How it ended.
    pub status: RefinementStatus,
}
