//! Share links of a resume (`/resumes/{id}/shares`): list them, make one, revoke one. The
//! public page a link opens is served by the server at the link's `path`, outside the API.

use gloo_net::http::Method;
use resume_shared::api::shares::{CreateShareRequest, ShareListResponse, ShareResponse};

use super::{ApiError, AuthedApi, json_body};

/// `/resumes/{id}/shares`.
fn shares_path(resume_id: &str) -> String {
    format!("/resumes/{resume_id}/shares")
}

impl AuthedApi {
    /// `GET /resumes/{id}/shares`: every link of the resume, the newest first, revoked and
    /// expired ones included.
    ///
    /// # Errors
    /// 404 for a resume that is not the user's (or in the trash), or a network failure.
    pub async fn list_shares(self, resume_id: &str) -> Result<ShareListResponse, ApiError> {
        self.get(&shares_path(resume_id), &[]).await
    }

    /// `POST /resumes/{id}/shares`: makes a link.
    ///
    /// # Errors
    /// 422 naming `expires_at` or `password`, 409 `quota_exceeded`, 404, or a network failure.
    pub async fn create_share(
        self,
        resume_id: &str,
        request: &CreateShareRequest,
    ) -> Result<ShareResponse, ApiError> {
        self.write(Method::POST, &shares_path(resume_id), json_body(request))
            .await
    }

    /// `DELETE /resumes/{id}/shares/{share_id}`: revokes the link for good (idempotent).
    ///
    /// # Errors
    /// 404 for an unknown link, or a network failure.
    pub async fn revoke_share(self, resume_id: &str, share_id: &str) -> Result<(), ApiError> {
        let path = format!("{}/{share_id}", shares_path(resume_id));
        self.write_empty(Method::DELETE, &path, None).await
    }
}
