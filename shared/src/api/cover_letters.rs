//! Wire types of cover letters: drafting one with the language model
//! (`POST /resumes/{id}/cover-letters`, followed at `/cover-letter-drafts/{id}` and its event
//! stream), and the stored letters (`/cover-letters`), edited as Markdown with revisions and
//! exported as PDF, Word or Markdown.
//!
//! A letter belongs to one resume (the facts it may state come from that resume) and says
//! whom it is written to. Its body is Markdown: paragraphs, inline emphasis, links and bullets.
//! Every response carries the fact guard's findings for the current text: numbers and names
//! the resume does not contain.

use serde::{Deserialize, Serialize};

use super::input::{
    CheckInput, Limit, MAX_JOB_DESCRIPTION_BYTES, MAX_NAME_CHARS, Problems, check_line, check_text,
    check_version,
};
use super::refinements::{FactFlag, RefinementStatus};

/// Longest letter body, in bytes.
pub const MAX_LETTER_BYTES: usize = 50 * 1024;
/// Most letters one resume may have.
pub const MAX_LETTERS_PER_RESUME: u64 = 100;

/// How a drafted letter sounds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterTone {
    /// Courteous and restrained (the default).
    #[default]
    Formal,
    /// Friendly and personal, still professional.
    Warm,
    /// Short sentences, straight to the point.
    Concise,
}

impl LetterTone {
    /// Every tone.
    pub const ALL: [Self; 3] = [Self::Formal, Self::Warm, Self::Concise];

    /// The tone's name, as stored and as in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Formal => "formal",
            Self::Warm => "warm",
            Self::Concise => "concise",
        }
    }

    /// The tone named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tone| tone.as_str() == name)
    }
}

/// How long a drafted letter is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterLength {
    /// About half a page: three short paragraphs, at most 200 words.
    HalfPage,
    /// About one page: four paragraphs, at most 400 words (the default).
    #[default]
    OnePage,
}

impl LetterLength {
    /// Both lengths.
    pub const ALL: [Self; 2] = [Self::HalfPage, Self::OnePage];

    /// The length's name, as stored and as in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HalfPage => "half_page",
            Self::OnePage => "one_page",
        }
    }

    /// The length named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|length| length.as_str() == name)
    }

    /// The most words a draft of this length should have.
    #[must_use]
    pub const fn max_words(self) -> usize {
        match self {
            Self::HalfPage => 200,
            Self::OnePage => 400,
        }
    }
}

/// Company and contact of a letter: one line each, at most 255 characters.
fn check_addressee(problems: &mut Problems, company: Option<&str>, contact: Option<&str>) {
    for (field, value) in [("company", company), ("contact", contact)] {
        if let Some(value) = value {
            check_line(problems, field, value.trim(), Limit::Chars(MAX_NAME_CHARS));
        }
    }
}

/// `POST /resumes/{id}/cover-letters`: draft a letter from the resume and a job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "company": "Initech", "contact": "Sam Lee", "tone": "warm", "length": "half_page"
    }))
)]
pub struct StartCoverLetterRequest {
    /// The job description (at most 100 KiB). Required for a base resume; a tailored
    /// resume's own job description is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 102400, pattern = r"^[^\x00]*$")
    )]
    pub job_description: Option<String>,
    /// The company written to (one line, at most 255 characters); default: the tailored
    /// resume's company, else the one the job analysis finds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub company: Option<String>,
    /// The person written to (one line, at most 255 characters); the letter greets them by
    /// name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub contact: Option<String>,
    /// The tone (default `formal`).
    #[serde(default)]
    pub tone: LetterTone,
    /// The length (default `one_page`).
    #[serde(default)]
    pub length: LetterLength,
}

impl CheckInput for StartCoverLetterRequest {
    fn check_input(&self, problems: &mut Problems) {
        if let Some(description) = &self.job_description {
            let limit = Limit::Bytes(MAX_JOB_DESCRIPTION_BYTES);
            check_text(problems, "job_description", description, limit);
        }
        check_addressee(problems, self.company.as_deref(), self.contact.as_deref());
    }
}

/// `GET /cover-letter-drafts/{id}`: where a drafting job is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterDraftResponse {
    /// The drafting job's id (UUID).
    pub id: String,
    /// The resume the letter is drafted from.
    pub resume_id: String,
    /// Where the job is.
    pub status: RefinementStatus,
    /// The tone asked for.
    pub tone: LetterTone,
    /// The length asked for.
    pub length: LetterLength,
    /// The company given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The contact given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The letter written, once the job has succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_id: Option<String>,
    /// Why the job failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether resuming may help.
    pub retryable: bool,
    /// When it started (RFC 3339, UTC).
    pub created_at: String,
    /// When it stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
}

/// `POST /cover-letters`: a letter written by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "resume_id": "0b8f2f6e-3f64-4a55-9a43-4ad1b3c1c2de",
        "company": "Initech",
        "content": "Dear Sam Lee,\n\nI would like to apply…\n\nKind regards,\nJane Doe"
    }))
)]
pub struct CreateCoverLetterRequest {
    /// The resume whose facts the letter may state (UUID).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 36, pattern = r"^[0-9A-Fa-f-]*$")
    )]
    pub resume_id: String,
    /// The letter's name (one line, at most 255 characters); default: "Cover letter" and the
    /// company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: Option<String>,
    /// The company written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub company: Option<String>,
    /// The person written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub contact: Option<String>,
    /// The body as Markdown (at most 50 KiB, no NUL; may be empty).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 51200, pattern = r"^[^\x00]*$")
    )]
    pub content: String,
}

impl CheckInput for CreateCoverLetterRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_line(
            problems,
            "resume_id",
            &self.resume_id,
            Limit::Chars(MAX_NAME_CHARS),
        );
        if let Some(name) = &self.name {
            check_line(problems, "name", name.trim(), Limit::Chars(MAX_NAME_CHARS));
        }
        check_addressee(problems, self.company.as_deref(), self.contact.as_deref());
        check_text(
            problems,
            "content",
            &self.content,
            Limit::Bytes(MAX_LETTER_BYTES),
        );
    }
}

/// `PATCH /cover-letters/{id}`: changes to the version it is based on; absent fields stay, an
/// empty company or contact is cleared. A changed body is a new revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({ "version": 2, "content": "Dear Sam Lee,\n\n…" }))
)]
pub struct UpdateCoverLetterRequest {
    /// The version this change is based on; a stale one is refused with 409.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// A new name (one line, 1–255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: Option<String>,
    /// The company written to (empty clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub company: Option<String>,
    /// The person written to (empty clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub contact: Option<String>,
    /// The new body as Markdown (at most 50 KiB, no NUL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 51200, pattern = r"^[^\x00]*$")
    )]
    pub content: Option<String>,
}

impl CheckInput for UpdateCoverLetterRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
        if let Some(name) = &self.name {
            check_line(problems, "name", name.trim(), Limit::Chars(MAX_NAME_CHARS));
        }
        check_addressee(problems, self.company.as_deref(), self.contact.as_deref());
        if let Some(content) = &self.content {
            check_text(problems, "content", content, Limit::Bytes(MAX_LETTER_BYTES));
        }
    }
}

/// A stored letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterResponse {
    /// Letter id (UUID).
    pub id: String,
    /// The resume whose facts it may state.
    pub resume_id: String,
    /// That resume's name.
    pub resume_name: String,
    /// The letter's name.
    pub name: String,
    /// The company written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The person written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The job applied for (from the job analysis of its draft, or the tailored resume's job
    /// details); the letter may name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// The tone it was drafted in (absent for a letter written by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<LetterTone>,
    /// The length it was drafted at (absent for a letter written by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<LetterLength>,
    /// The body as Markdown.
    pub content: String,
    /// The version: send it with the next change.
    pub version: i64,
    /// Numbers and names in the body that the resume does not contain (as it is now): check
    /// them before sending the letter.
    pub flags: Vec<FactFlag>,
    /// The drafting job that wrote it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_id: Option<String>,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// A letter in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterSummary {
    /// Letter id (UUID).
    pub id: String,
    /// The resume it belongs to.
    pub resume_id: String,
    /// That resume's name.
    pub resume_name: String,
    /// The letter's name.
    pub name: String,
    /// The company written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The version.
    pub version: i64,
    /// When it last changed (RFC 3339, UTC).
    pub updated_at: String,
}

/// `GET /cover-letters`: newest change first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterListResponse {
    /// The letters.
    pub items: Vec<CoverLetterSummary>,
}

/// One saved version of a letter's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterRevision {
    /// The version it was saved as.
    pub version: i64,
    /// The body of that version.
    pub content: String,
    /// Why it was saved: `drafted`, `created` or `edited`.
    pub reason: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// `GET /cover-letters/{id}/revisions`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverLetterRevisionList {
    /// The revisions.
    pub items: Vec<CoverLetterRevision>,
}

/// The formats a letter exports to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterFormat {
    /// A PDF in a designed template (the default).
    #[default]
    Pdf,
    /// A Word document in a designed template.
    Docx,
    /// The letter as Markdown, with the header as text.
    Markdown,
}

impl LetterFormat {
    /// Every format.
    pub const ALL: [Self; 3] = [Self::Pdf, Self::Docx, Self::Markdown];

    /// The format's name, as in the query.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Markdown => "markdown",
        }
    }

    /// The format named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }
}

/// The event `letter` of a drafting job's stream: the letter was written and saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterEvent {
    /// The saved letter's id (UUID).
    pub letter_id: String,
    /// The body as drafted.
    pub text: String,
    /// What the fact guard flagged: numbers and names the resume does not contain.
    pub flags: Vec<FactFlag>,
}
