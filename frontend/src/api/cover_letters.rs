//! Cover letters: drafting one with the language model (`POST /resumes/{id}/cover-letters`,
//! followed at `/cover-letter-drafts/{id}` and its event stream, cancelled and resumed there),
//! and the stored letters (`/cover-letters`): list, write by hand, read, change, delete, their
//! revisions, and the address of a download.
//!
//! A change is based on the version it was made from (a stale one answers 409
//! `version_conflict`). Downloads are plain links (the session cookie goes with them), like the
//! resume's export.

use gloo_net::http::Method;
use resume_shared::api::cover_letters::{
    CoverLetterDraftResponse, CoverLetterListResponse, CoverLetterResponse,
    CoverLetterRevisionList, CreateCoverLetterRequest, LetterFormat, StartCoverLetterRequest,
    UpdateCoverLetterRequest,
};
use resume_shared::api::refinements::RefinementAccepted;

use super::{API_BASE, ApiError, AuthedApi, json_body};

/// The designed templates a letter exports in: the API's `template` value and its label.
pub const LETTER_TEMPLATES: [(&str, &str); 3] = [
    ("classic", "Classic"),
    ("modern", "Modern"),
    ("compact", "Compact"),
];

/// The address of a drafting job's Server-Sent Events stream; with `after`, only the events
/// after that sequence number (a finished job is replayed in full without it).
#[must_use]
pub fn draft_events_url(draft: &str, after: Option<i64>) -> String {
    match after {
        Some(last) if last > 0 => {
            format!("{API_BASE}/cover-letter-drafts/{draft}/events?last_event_id={last}")
        }
        _ => format!("{API_BASE}/cover-letter-drafts/{draft}/events"),
    }
}

/// The address of a download of letter `id` as `format`, in `template` (a value of
/// [`LETTER_TEMPLATES`], sent as it is; Markdown has no template, so it is left out there).
#[must_use]
pub fn letter_export_url(id: &str, format: LetterFormat, template: &str) -> String {
    let base = format!(
        "{API_BASE}/cover-letters/{id}/export?format={}",
        format.as_str()
    );
    match format {
        LetterFormat::Markdown => base,
        LetterFormat::Pdf | LetterFormat::Docx => {
            format!("{base}&template={template}")
        }
    }
}

/// `/cover-letters/{id}`.
fn letter_path(id: &str) -> String {
    format!("/cover-letters/{id}")
}

/// `/cover-letter-drafts/{id}` and what follows it.
fn draft_path(draft: &str, action: &str) -> String {
    format!("/cover-letter-drafts/{draft}{action}")
}

impl AuthedApi {
    /// `POST /resumes/{id}/cover-letters`: starts drafting a letter from the resume (202).
    ///
    /// # Errors
    /// 422 naming the fields (a base resume needs a job description), 409 when a job already
    /// runs for the resume or too many run, 404, or a network failure.
    pub async fn start_cover_letter(
        self,
        resume: &str,
        request: &StartCoverLetterRequest,
    ) -> Result<RefinementAccepted, ApiError> {
        let path = format!("/resumes/{resume}/cover-letters");
        self.write(Method::POST, &path, json_body(request)).await
    }

    /// `GET /cover-letter-drafts/{id}`: where a drafting job is.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn get_cover_letter_draft(
        self,
        draft: &str,
    ) -> Result<CoverLetterDraftResponse, ApiError> {
        self.get(&draft_path(draft, ""), &[]).await
    }

    /// `POST /cover-letter-drafts/{id}/cancel` (204).
    ///
    /// # Errors
    /// 409 when it does not run, 404, or a network failure.
    pub async fn cancel_cover_letter_draft(self, draft: &str) -> Result<(), ApiError> {
        self.write_empty(Method::POST, &draft_path(draft, "/cancel"), None)
            .await
    }

    /// `POST /cover-letter-drafts/{id}/resume`: runs a failed or cancelled job again (202).
    ///
    /// # Errors
    /// 409 when it is neither failed nor cancelled, 404, or a network failure.
    pub async fn resume_cover_letter_draft(
        self,
        draft: &str,
    ) -> Result<RefinementAccepted, ApiError> {
        self.write(Method::POST, &draft_path(draft, "/resume"), None)
            .await
    }

    /// `GET /cover-letters`: the user's letters (only `resume`'s when given), newest change
    /// first.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_cover_letters(
        self,
        resume: Option<&str>,
    ) -> Result<CoverLetterListResponse, ApiError> {
        let query: Vec<(&str, String)> = resume
            .map(|resume| ("resume_id", resume.to_owned()))
            .into_iter()
            .collect();
        self.get("/cover-letters", &query).await
    }

    /// `POST /cover-letters`: a letter written by hand (201).
    ///
    /// # Errors
    /// 422 naming the fields, 409 when the resume has too many letters, 404 for an unknown
    /// resume, or a network failure.
    pub async fn create_cover_letter(
        self,
        request: &CreateCoverLetterRequest,
    ) -> Result<CoverLetterResponse, ApiError> {
        self.write(Method::POST, "/cover-letters", json_body(request))
            .await
    }

    /// `GET /cover-letters/{id}`: the letter with the fact guard's findings.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn get_cover_letter(self, id: &str) -> Result<CoverLetterResponse, ApiError> {
        self.get(&letter_path(id), &[]).await
    }

    /// `PATCH /cover-letters/{id}`: changes the letter (the findings are made again).
    ///
    /// # Errors
    /// 409 `version_conflict` for a stale version, 422 naming the fields, 404, or a network
    /// failure.
    pub async fn update_cover_letter(
        self,
        id: &str,
        request: &UpdateCoverLetterRequest,
    ) -> Result<CoverLetterResponse, ApiError> {
        self.write(Method::PATCH, &letter_path(id), json_body(request))
            .await
    }

    /// `DELETE /cover-letters/{id}` (204).
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn delete_cover_letter(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, &letter_path(id), None)
            .await
    }

    /// `GET /cover-letters/{id}/revisions`: every saved body, newest first.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn list_cover_letter_revisions(
        self,
        id: &str,
    ) -> Result<CoverLetterRevisionList, ApiError> {
        self.get(&format!("{}/revisions", letter_path(id)), &[])
            .await
    }
}
