//! The calls of the resume editor: saving the text and metadata, validating as the user types,
//! the structured section routes and revisions (the export dialog's calls are in
//! [`super::documents`]).
//!
//! Every write takes the version it is based on and answers with the whole
//! [`ResumeResponse`], so the editor always holds the current text, model and version.

use gloo_net::http::Method;
use resume_shared::api::resumes::{
    DiffResponse, EducationRequest, ItemRequest, PersonalRequest, ReorderRequest, ResumeResponse,
    RevisionListResponse, UpdateResumeRequest, ValidateRequest, ValidateResponse, VersionRequest,
};
use resume_shared::resume::{Education, Personal};
use serde::Serialize;

use super::{ApiError, AuthedApi, decode, json_body};

/// The error code of a write based on a stale version.
pub const VERSION_CONFLICT: &str = "version_conflict";

/// The collections of a resume that the API edits item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// `Experience › Roles`.
    Roles,
    /// `Experience › Projects`.
    Projects,
    /// `Education › Degrees`.
    Degrees,
    /// `Certifications`.
    Certifications,
}

impl Collection {
    /// The path segment of the collection.
    #[must_use]
    pub const fn segment(self) -> &'static str {
        match self {
            Self::Roles => "roles",
            Self::Projects => "projects",
            Self::Degrees => "degrees",
            Self::Certifications => "certifications",
        }
    }
}

impl AuthedApi {
    /// `PUT /resumes/{id}`: name, text or tailoring fields.
    ///
    /// # Errors
    /// `version_conflict` (409) for a stale version, `invalid_resume`, or a network failure.
    pub async fn update_resume(
        self,
        id: &str,
        request: &UpdateResumeRequest,
    ) -> Result<ResumeResponse, ApiError> {
        self.write(Method::PUT, &format!("/resumes/{id}"), json_body(request))
            .await
    }

    /// `POST /resumes/validate`: errors, warnings and the parsed model of a text.
    ///
    /// # Errors
    /// A network failure.
    pub async fn validate_resume(self, content: &str) -> Result<ValidateResponse, ApiError> {
        let request = ValidateRequest {
            content: content.to_owned(),
        };
        self.write(Method::POST, "/resumes/validate", json_body(&request))
            .await
    }

    /// `PUT /resumes/{id}/personal`.
    ///
    /// # Errors
    /// 409 for a stale version, 422 for an invalid section, or a network failure.
    pub async fn update_personal(
        self,
        id: &str,
        version: i64,
        personal: Option<Personal>,
    ) -> Result<ResumeResponse, ApiError> {
        let request = PersonalRequest { version, personal };
        self.write(
            Method::PUT,
            &format!("/resumes/{id}/personal"),
            json_body(&request),
        )
        .await
    }

    /// `PUT /resumes/{id}/education`.
    ///
    /// # Errors
    /// 409 for a stale version, 422 for an invalid section, or a network failure.
    pub async fn update_education(
        self,
        id: &str,
        version: i64,
        education: Option<Education>,
    ) -> Result<ResumeResponse, ApiError> {
        let request = EducationRequest { version, education };
        self.write(
            Method::PUT,
            &format!("/resumes/{id}/education"),
            json_body(&request),
        )
        .await
    }

    /// `POST /resumes/{id}/{collection}`: adds an item at the end.
    ///
    /// # Errors
    /// 409 for a stale version, 422 for an invalid item, or a network failure.
    pub async fn add_item<T: Serialize + Clone>(
        self,
        id: &str,
        collection: Collection,
        version: i64,
        item: &T,
    ) -> Result<ResumeResponse, ApiError> {
        let request = ItemRequest {
            version,
            item: item.clone(),
            position: None,
        };
        self.write(
            Method::POST,
            &format!("/resumes/{id}/{}", collection.segment()),
            json_body(&request),
        )
        .await
    }

    /// `PUT /resumes/{id}/{collection}/{index}`: replaces one item.
    ///
    /// # Errors
    /// 409 for a stale version, 422 for an invalid item, 404, or a network failure.
    pub async fn replace_item<T: Serialize + Clone>(
        self,
        id: &str,
        collection: Collection,
        index: usize,
        version: i64,
        item: &T,
    ) -> Result<ResumeResponse, ApiError> {
        let request = ItemRequest {
            version,
            item: item.clone(),
            position: None,
        };
        self.write(
            Method::PUT,
            &format!("/resumes/{id}/{}/{index}", collection.segment()),
            json_body(&request),
        )
        .await
    }

    /// `DELETE /resumes/{id}/{collection}/{index}`.
    ///
    /// # Errors
    /// 409 for a stale version, 404, or a network failure.
    pub async fn delete_item(
        self,
        id: &str,
        collection: Collection,
        index: usize,
        version: i64,
    ) -> Result<ResumeResponse, ApiError> {
        let path = format!("/resumes/{id}/{}/{index}", collection.segment());
        let query = [("version", version.to_string())];
        decode(&self.text(Method::DELETE, &path, &query, None).await?)
    }

    /// `POST /resumes/{id}/{collection}/reorder`: `order` lists the current indices in their
    /// new order.
    ///
    /// # Errors
    /// 409 for a stale version, 422 for a bad permutation, or a network failure.
    pub async fn reorder_items(
        self,
        id: &str,
        collection: Collection,
        version: i64,
        order: Vec<usize>,
    ) -> Result<ResumeResponse, ApiError> {
        let request = ReorderRequest { version, order };
        self.write(
            Method::POST,
            &format!("/resumes/{id}/{}/reorder", collection.segment()),
            json_body(&request),
        )
        .await
    }

    /// `GET /resumes/{id}/revisions`: newest first.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn list_revisions(self, id: &str) -> Result<RevisionListResponse, ApiError> {
        self.get(&format!("/resumes/{id}/revisions"), &[]).await
    }

    /// `GET /resumes/{id}/diff?from=&to=`: a unified diff between two versions.
    ///
    /// # Errors
    /// 404 for an unknown version, or a network failure.
    pub async fn diff_revisions(
        self,
        id: &str,
        from: i64,
        to: i64,
    ) -> Result<DiffResponse, ApiError> {
        self.get(
            &format!("/resumes/{id}/diff"),
            &[("from", from.to_string()), ("to", to.to_string())],
        )
        .await
    }

    /// `POST /resumes/{id}/revisions/{revision}/restore`: makes that content current again.
    ///
    /// # Errors
    /// 409 for a stale version, 404, or a network failure.
    pub async fn restore_revision(
        self,
        id: &str,
        revision: i64,
        version: i64,
    ) -> Result<ResumeResponse, ApiError> {
        let request = VersionRequest { version };
        self.write(
            Method::POST,
            &format!("/resumes/{id}/revisions/{revision}/restore"),
            json_body(&request),
        )
        .await
    }
}
