//! Importing a file as a new resume: the preview that stores nothing, then the import.

use gloo_net::http::Method;
use resume_shared::api::import::{ImportPreviewRequest, ImportPreviewResponse};
use resume_shared::api::resumes::{ImportRequest, ResumeResponse};

use super::{ApiError, AuthedApi, json_body};

impl AuthedApi {
    /// `POST /resumes/import/preview`: what importing the file would save; nothing is stored.
    ///
    /// # Errors
    /// A file that is not a resume (not JSON, over the limit), or a network failure.
    pub async fn preview_import(
        self,
        request: &ImportPreviewRequest,
    ) -> Result<ImportPreviewResponse, ApiError> {
        self.write(Method::POST, "/resumes/import/preview", json_body(request))
            .await
    }

    /// `POST /resumes/import`: saves the previewed Markdown as a new base resume.
    ///
    /// # Errors
    /// The resume's errors, the quota, or a network failure.
    pub async fn import_resume(self, request: &ImportRequest) -> Result<ResumeResponse, ApiError> {
        self.write(Method::POST, "/resumes/import", json_body(request))
            .await
    }
}
