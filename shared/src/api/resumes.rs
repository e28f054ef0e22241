//! Request and response bodies of the resume routes (`/resumes`, `/trash`, revisions,
//! structured editing, export preferences, import).
//!
//! Ids are UUID strings and timestamps RFC 3339 strings, as in the rest of the API. Every write
//! that changes a resume answers with the whole [`ResumeResponse`], so a client always holds
//! the current text, model, warnings and version.

use serde::{Deserialize, Serialize};

use super::Patch;
pub use super::import::ImportFormat;
use super::input::{
    CheckInput, Limit, MAX_CONTENT_BYTES, MAX_EXPORT_CHOICE_BYTES, MAX_JOB_DESCRIPTION_BYTES,
    MAX_JOB_DETAIL_CHARS, MAX_NAME_CHARS, MAX_NOTES_CHARS, MAX_SECTIONS_BYTES, Problems,
    check_line, check_text, check_version,
};
use crate::markdown::Diagnostic;
use crate::resume::{Certification, Education, Personal, Resume};

/// What a resume is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResumeKind {
    /// A resume of its own.
    Base,
    /// A copy of a base resume tailored to one job.
    Tailored,
}

impl ResumeKind {
    /// `base` or `tailored`, as stored and as in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Base => "base",
            Self::Tailored => "tailored",
        }
    }

    /// Reads `base` or `tailored`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "base" => Some(Self::Base),
            "tailored" => Some(Self::Tailored),
            _ => None,
        }
    }
}

/// A short reference to a resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeRef {
    /// Resume id (UUID).
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A resume in a list: everything but the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "id": "5f0c2b9e-3d4a-4c1b-9e8f-7a6b5c4d3e2f", "name": "Platform roles", "kind": "base",
        "version": 3, "created_at": "2026-11-02T09:30:00Z", "updated_at": "2026-12-01T17:04:12Z"
    }))
)]
pub struct ResumeSummary {
    /// Resume id (UUID).
    pub id: String,
    /// The name.
    pub name: String,
    /// Base or tailored.
    pub kind: ResumeKind,
    /// The base resume of a tailored one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ResumeRef>,
    /// Target company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Current version.
    pub version: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// `GET /resumes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeListResponse {
    /// The page of resumes.
    pub items: Vec<ResumeSummary>,
    /// How many resumes match the filter, on all pages.
    pub total: u64,
    /// The page number, from 1.
    pub page: u64,
    /// The page size.
    pub per_page: u64,
}

/// Details extracted from a job description (each at most 5000 characters; free text, as the
/// model extracted it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobDetails {
    /// Hiring company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub company: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub job_title: Option<String>,
    /// Pay rate or range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub pay_rate: Option<String>,
    /// Contact information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub contact_info: Option<String>,
    /// Remote, hybrid, on site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub work_arrangement: Option<String>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub location: Option<String>,
    /// Special instructions for applicants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\x00]*$")
    )]
    pub special_instructions: Option<String>,
}

impl JobDetails {
    /// Each detail with its field name.
    fn fields(&self) -> [(&'static str, Option<&String>); 7] {
        [
            ("company", self.company.as_ref()),
            ("job_title", self.job_title.as_ref()),
            ("pay_rate", self.pay_rate.as_ref()),
            ("contact_info", self.contact_info.as_ref()),
            ("work_arrangement", self.work_arrangement.as_ref()),
            ("location", self.location.as_ref()),
            ("special_instructions", self.special_instructions.as_ref()),
        ]
    }
}

/// Export options remembered on a resume (`PUT /resumes/{id}/export-preferences`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportPreferences {
    /// `pdf`, `docx`, `markdown` or `json-resume` (`docx-ats` and `docx-plain` name the Word
    /// format with the original templates).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^(pdf|docx|markdown|json-resume|docx-ats|docx-plain)$"
        )
    )]
    pub format: String,
    /// `general` or `executive_summary` (also spelt `executive-summary`).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^(general|executive_summary|executive-summary)$"
        )
    )]
    pub preset: String,
    /// First month of the date range, `YYYY-MM` (or `MM/YYYY`); empty for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0?[1-9]|1[0-2])$|^(0?[1-9]|1[0-2])/([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])$"
        )
    )]
    pub from: Option<String>,
    /// Last month of the date range, `YYYY-MM` (or `MM/YYYY`); empty for none. Not before
    /// `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0?[1-9]|1[0-2])$|^(0?[1-9]|1[0-2])/([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])$"
        )
    )]
    pub to: Option<String>,
    /// Include the projects.
    pub include_projects: bool,
    /// Projects before the work history.
    pub projects_first: bool,
    /// Include the education.
    pub include_education: bool,
    /// The template (`GET /templates`); absent for the format's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^(modern|classic|compact|original-ats|original-plain)$"
        )
    )]
    pub template: Option<String>,
    /// The options of a designed template; absent ones take the template's defaults.
    #[serde(default, flatten)]
    pub design: DesignPreferences,
}

/// The options of the designed templates in their text forms (`GET /templates` lists each
/// with its values and default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignPreferences {
    /// Page size: `a4` or `letter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^(a4|letter)$")
    )]
    pub paper: Option<String>,
    /// The accent colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^#[0-9a-fA-F]{6}$")
    )]
    pub accent: Option<String>,
    /// The type family: `inter` or `libertinus-serif`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^(inter|libertinus-serif)$")
    )]
    pub font: Option<String>,
    /// Body text size in points, 8 to 14 in steps of 0.5: `10.5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^(([89]|1[0-3])(\.[05]0?)?|14(\.00?)?)$")
    )]
    pub font_size: Option<String>,
    /// Page margin in inches, 0.5 to 0.75: `0.6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^0?\.(5[0-9]?|6[0-9]?|7[0-5]?)$")
    )]
    pub margin: Option<String>,
    /// Language of the headings and date words: `en`, `de`, `fr` or `es`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^(en|de|fr|es)$")
    )]
    pub language: Option<String>,
    /// The sections shown, in order, separated by commas (`summary`, `experience`,
    /// `projects`, `education`, `certifications`, `skills`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 128,
            pattern = r"^((summary|experience|projects|education|certifications|skills)(,(summary|experience|projects|education|certifications|skills))*)?$"
        )
    )]
    pub sections: Option<String>,
}

impl DesignPreferences {
    /// Each option's name and value, for checks and for passing them on.
    #[must_use]
    pub fn fields(&self) -> [(&'static str, Option<&String>); 7] {
        [
            ("paper", self.paper.as_ref()),
            ("accent", self.accent.as_ref()),
            ("font", self.font.as_ref()),
            ("font_size", self.font_size.as_ref()),
            ("margin", self.margin.as_ref()),
            ("language", self.language.as_ref()),
            ("sections", self.sections.as_ref()),
        ]
    }
}

impl CheckInput for DesignPreferences {
    fn check_input(&self, problems: &mut Problems) {
        for (field, value) in self.fields() {
            if let Some(value) = value {
                let bytes = if field == "sections" {
                    MAX_SECTIONS_BYTES
                } else {
                    MAX_EXPORT_CHOICE_BYTES
                };
                check_line(problems, field, value, Limit::Bytes(bytes));
            }
        }
    }
}

impl CheckInput for ExportPreferences {
    fn check_input(&self, problems: &mut Problems) {
        let limit = Limit::Bytes(MAX_EXPORT_CHOICE_BYTES);
        check_line(problems, "format", &self.format, limit);
        check_line(problems, "preset", &self.preset, limit);
        for (field, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("template", &self.template),
        ] {
            if let Some(value) = value {
                check_line(problems, field, value, limit);
            }
        }
        self.design.check_input(problems);
    }
}

/// A whole resume: metadata, text, parsed model and the parser's warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeResponse {
    /// Resume id (UUID).
    pub id: String,
    /// The name.
    pub name: String,
    /// Base or tailored.
    pub kind: ResumeKind,
    /// The base resume of a tailored one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ResumeRef>,
    /// Target company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The job description a tailored resume was made for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_description: Option<String>,
    /// Details extracted from the job description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_details: Option<JobDetails>,
    /// The generated introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// The export options last chosen for this resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_preferences: Option<ExportPreferences>,
    /// Current version; send it back with every write.
    pub version: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// The Markdown text.
    pub content: String,
    /// The text parsed.
    pub resume: Resume,
    /// The parser's warnings about the text (always valid, so no errors), in line order: the
    /// first 100.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings the text has in all.
    pub warning_count: u64,
}

/// `POST /resumes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "name": "Platform roles",
        "content": "# Personal\n\n## Contact Information\n\nName: Sam Lee\n\n# Experience\n\n## Roles\n\n### Role\n\n#### Basics\n\nCompany: Acme\nTitle: Engineer\nStart date: 01/2020\n"
    }))
)]
pub struct CreateResumeRequest {
    /// 1–255 characters, one line.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    /// The Markdown text (at most 1 MiB, no NUL characters); absent: a complete example to
    /// start from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1048576, pattern = r"^[^\x00]*$")
    )]
    pub content: Option<String>,
}

/// The name of a resume (one line) and its text.
fn check_name_and_content(problems: &mut Problems, name: Option<&str>, content: Option<&str>) {
    if let Some(name) = name {
        check_line(problems, "name", name, Limit::Chars(MAX_NAME_CHARS));
    }
    if let Some(content) = content {
        check_text(
            problems,
            "content",
            content,
            Limit::Bytes(MAX_CONTENT_BYTES),
        );
    }
}

impl CheckInput for CreateResumeRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_name_and_content(problems, Some(&self.name), self.content.as_deref());
    }
}

/// `PUT /resumes/{id}`: absent fields stay as they are; `null` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({ "version": 3, "name": "Platform roles (2027)" }))
)]
pub struct UpdateResumeRequest {
    /// The version this change is based on; a stale one is refused with 409.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// New name (1–255 characters, one line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: Option<String>,
    /// New Markdown text (≤ 1 MiB, no NUL characters); it must parse without errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1048576, pattern = r"^[^\x00]*$")
    )]
    pub content: Option<String>,
    /// Target company (≤ 255 characters, one line).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"))]
    pub company: Patch<String>,
    /// Notes (≤ 5000 characters).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 5000, pattern = r"^[^\x00]*$"))]
    pub notes: Patch<String>,
    /// Introduction (≤ 5000 characters).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 5000, pattern = r"^[^\x00]*$"))]
    pub introduction: Patch<String>,
    /// Job description (≤ 100 KiB).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 102400, pattern = r"^[^\x00]*$"))]
    pub job_description: Patch<String>,
    /// Extracted job details.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<JobDetails>))]
    pub job_details: Patch<JobDetails>,
}

impl CheckInput for UpdateResumeRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
        check_name_and_content(problems, self.name.as_deref(), self.content.as_deref());
        if let Patch::Set(company) = &self.company {
            check_line(problems, "company", company, Limit::Chars(MAX_NAME_CHARS));
        }
        for (field, value) in [("notes", &self.notes), ("introduction", &self.introduction)] {
            if let Patch::Set(value) = value {
                check_text(problems, field, value, Limit::Chars(MAX_NOTES_CHARS));
            }
        }
        if let Patch::Set(description) = &self.job_description {
            let limit = Limit::Bytes(MAX_JOB_DESCRIPTION_BYTES);
            check_text(problems, "job_description", description, limit);
        }
        if let Patch::Set(details) = &self.job_details {
            for (key, value) in details.fields() {
                if let Some(value) = value {
                    let field = format!("job_details.{key}");
                    check_text(problems, &field, value, Limit::Chars(MAX_JOB_DETAIL_CHARS));
                }
            }
        }
    }
}

/// `DELETE /resumes/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteResumeResponse {
    /// How many resumes went to the trash: the resume and its tailored copies.
    pub trashed: u64,
    /// The trashed resumes.
    pub resumes: Vec<ResumeRef>,
    /// When they are deleted for good unless restored, RFC 3339.
    pub purge_at: String,
}

/// A resume in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrashItem {
    /// Resume id (UUID).
    pub id: String,
    /// The name.
    pub name: String,
    /// Base or tailored.
    pub kind: ResumeKind,
    /// The base resume of a tailored one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ResumeRef>,
    /// When it was deleted, RFC 3339.
    pub deleted_at: String,
    /// When it will be deleted for good, RFC 3339.
    pub purge_at: String,
}

/// `GET /trash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrashListResponse {
    /// Newest deletion first.
    pub items: Vec<TrashItem>,
}

/// `POST /trash/{id}/restore`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RestoreResponse {
    /// The restored resumes: the one asked for and the tailored copies trashed with it.
    pub restored: Vec<ResumeRef>,
}

/// One version of a resume's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionSummary {
    /// The resume version that had this content.
    pub version: i64,
    /// When, RFC 3339.
    pub created_at: String,
    /// Why: `create`, `edit`, `structured edit`, `restore`, `refinement applied`, `import`.
    pub reason: String,
    /// Who (absent when the account no longer exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<super::UserRef>,
    /// The administrator acting as the author, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonator: Option<super::UserRef>,
}

/// `GET /resumes/{id}/revisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionListResponse {
    /// Newest first.
    pub items: Vec<RevisionSummary>,
}

/// `GET /resumes/{id}/revisions/{version}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionResponse {
    /// When, who and why.
    #[serde(flatten)]
    pub summary: RevisionSummary,
    /// The content of that version.
    pub content: String,
}

/// `GET /resumes/{id}/diff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffResponse {
    /// The older version.
    pub from: i64,
    /// The newer version.
    pub to: i64,
    /// Unified diff (three lines of context), empty when the contents are equal.
    pub diff: String,
}

/// `POST /resumes/{id}/revisions/{version}/restore` and other writes that only need the
/// version they are based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionRequest {
    /// The version this change is based on; a stale one is refused with 409.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
}

impl CheckInput for VersionRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// `POST /resumes/validate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidateRequest {
    /// The Markdown text (at most 1 MiB, no NUL characters).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1048576, pattern = r"^[^\x00]*$")
    )]
    pub content: String,
}

impl CheckInput for ValidateRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_name_and_content(problems, None, Some(&self.content));
    }
}

/// The answer of `POST /resumes/validate` and of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidateResponse {
    /// No errors.
    pub valid: bool,
    /// The errors, in line order: the first 100.
    pub errors: Vec<Diagnostic>,
    /// How many errors there are in all.
    pub error_count: u64,
    /// The warnings, in line order: the first 100.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there are in all.
    pub warning_count: u64,
    /// The parsed resume when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Resume>,
}

/// `POST /resumes/import` as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRequest {
    /// Name of the new resume (at most 255 characters, one line); default: the candidate's
    /// name, or "Imported resume".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: Option<String>,
    /// The Markdown text, or with `format: "json-resume"` the JSON Resume document as text
    /// (at most 1 MiB, no NUL characters).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1048576, pattern = r"^[^\x00]*$")
    )]
    pub content: String,
    /// What `content` is: `markdown` (the default) or `json-resume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ImportFormat>,
}

impl CheckInput for ImportRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_name_and_content(problems, self.name.as_deref(), Some(&self.content));
    }
}

/// `PUT /resumes/{id}/personal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalRequest {
    /// The version this change is based on.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The new Personal section (`null` removes it).
    pub personal: Option<Personal>,
}

impl CheckInput for PersonalRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// `PUT /resumes/{id}/education`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EducationRequest {
    /// The version this change is based on.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The new Education section (`null` removes it).
    pub education: Option<Education>,
}

impl CheckInput for EducationRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// `GET /resumes/{id}/personal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalResponse {
    /// The resume's version.
    pub version: i64,
    /// The Personal section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Personal>,
}

/// `GET /resumes/{id}/education`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EducationResponse {
    /// The resume's version.
    pub version: i64,
    /// The Education section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
}

/// The items of a collection (`roles`, `projects`, `degrees`, `certifications`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionResponse<T> {
    /// The resume's version.
    pub version: i64,
    /// The items in document order.
    pub items: Vec<T>,
}

/// One item of a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemResponse<T> {
    /// The resume's version.
    pub version: i64,
    /// Position in the collection, from 0.
    pub index: usize,
    /// The item.
    pub item: T,
}

/// Adds (`POST`) or replaces (`PUT`) one item of a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemRequest<T> {
    /// The version this change is based on.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The item.
    pub item: T,
    /// For `POST`: where to insert (from 0; default: at the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// The item's own fields are checked with the whole resume (`validate::validate`, paths such
/// as `experience.roles[2].basics.title`); the canonical text it makes is held to the content
/// limit before it is parsed.
impl<T> CheckInput for ItemRequest<T> {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// `POST /resumes/{id}/{collection}/reorder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReorderRequest {
    /// The version this change is based on.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The current indices in their new order: a permutation of `0..n`.
    pub order: Vec<usize>,
}

impl CheckInput for ReorderRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// `PUT /resumes/{id}/certifications`: replaces the whole list at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificationsRequest {
    /// The version this change is based on.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub version: i64,
    /// The certifications in order.
    pub certifications: Vec<Certification>,
}

impl CheckInput for CertificationsRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}
