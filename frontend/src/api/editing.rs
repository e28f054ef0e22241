//! The calls of the resume editor: saving the text and metadata, validating as the user types,
//! the structured section routes and revisions (the export dialog's calls are in
//! [`super::documents`]).
//!
//! Every write takes the version it is based on. A text or metadata write answers the whole
//! [`ResumeResponse`]; a section write answers only its [`Fragment`] and the new version, and
//! the section panels read their fragments through the same routes. The section calls are
//! plain [`SectionCall`] values sent by one untyped [`AuthedApi::send_section`] and read by the
//! panel ([`read_fragment`]), so no request code is repeated per fragment type.

use gloo_net::http::Method;
use resume_shared::api::resumes::{
    CollectionResponse, DiffResponse, ItemRequest, PersonalRequest, PersonalResponse,
    ReorderRequest, ResumeResponse, RevisionListResponse, UpdateResumeRequest, ValidateRequest,
    ValidateResponse, VersionRequest,
};
use resume_shared::resume::Personal;
use serde::Serialize;
use serde::de::DeserializeOwned;

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

/// What a section route answers: a fragment of the resume and the version it belongs to.
pub trait Fragment {
    /// The resume's version the fragment was read or written at.
    fn version(&self) -> i64;
}

impl Fragment for PersonalResponse {
    fn version(&self) -> i64 {
        self.version
    }
}

impl<T> Fragment for CollectionResponse<T> {
    fn version(&self) -> i64 {
        self.version
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

    /// Sends a section route's request; answers the body of its success, which the panel that
    /// asked reads with [`read_fragment`]. One sending path for every section and collection.
    ///
    /// # Errors
    /// 404, 409 for a stale version, 422 for an invalid section or item, or a network failure.
    pub async fn send_section(self, call: SectionCall) -> Result<String, ApiError> {
        self.text(call.method, &call.path, &call.query, call.body)
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

/// A request to a section route, made by the functions below and sent by
/// [`AuthedApi::send_section`].
#[derive(Debug, Clone)]
pub struct SectionCall {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<String>,
}

impl SectionCall {
    fn new(method: Method, id: &str, rest: &str) -> Self {
        Self {
            method,
            path: format!("/resumes/{id}/{rest}"),
            query: Vec::new(),
            body: None,
        }
    }

    fn with_body(mut self, body: &impl Serialize) -> Self {
        self.body = json_body(body);
        self
    }
}

/// Reads the answer of a section call as `R`.
///
/// # Errors
/// A body that is not the expected JSON.
pub fn read_fragment<R: DeserializeOwned>(text: &str) -> Result<R, ApiError> {
    decode(text)
}

/// `GET /resumes/{id}/personal`: the section and the resume's version ([`PersonalResponse`]).
#[must_use]
pub fn get_personal(id: &str) -> SectionCall {
    SectionCall::new(Method::GET, id, "personal")
}

/// `PUT /resumes/{id}/personal`: answers the section as written and the new version
/// ([`PersonalResponse`]).
#[must_use]
pub fn update_personal(id: &str, version: i64, personal: Option<Personal>) -> SectionCall {
    SectionCall::new(Method::PUT, id, "personal").with_body(&PersonalRequest { version, personal })
}

/// `GET /resumes/{id}/{collection}`: the items in order and the resume's version
/// ([`CollectionResponse`], as every collection write answers).
#[must_use]
pub fn list_items(id: &str, collection: Collection) -> SectionCall {
    SectionCall::new(Method::GET, id, collection.segment())
}

/// `POST /resumes/{id}/{collection}`: adds an item at the end.
#[must_use]
pub fn add_item<T: Serialize + Clone>(
    id: &str,
    collection: Collection,
    version: i64,
    item: &T,
) -> SectionCall {
    let request = ItemRequest {
        version,
        item: item.clone(),
        position: None,
    };
    SectionCall::new(Method::POST, id, collection.segment()).with_body(&request)
}

/// `PUT /resumes/{id}/{collection}/{index}`: replaces one item.
#[must_use]
pub fn replace_item<T: Serialize + Clone>(
    id: &str,
    collection: Collection,
    index: usize,
    version: i64,
    item: &T,
) -> SectionCall {
    let request = ItemRequest {
        version,
        item: item.clone(),
        position: None,
    };
    let rest = format!("{}/{index}", collection.segment());
    SectionCall::new(Method::PUT, id, &rest).with_body(&request)
}

/// `DELETE /resumes/{id}/{collection}/{index}?version=`.
#[must_use]
pub fn delete_item(id: &str, collection: Collection, index: usize, version: i64) -> SectionCall {
    let rest = format!("{}/{index}", collection.segment());
    let mut call = SectionCall::new(Method::DELETE, id, &rest);
    call.query.push(("version", version.to_string()));
    call
}

/// `POST /resumes/{id}/{collection}/reorder`: `order` lists the current indices in their new
/// order.
#[must_use]
pub fn reorder_items(
    id: &str,
    collection: Collection,
    version: i64,
    order: Vec<usize>,
) -> SectionCall {
    let rest = format!("{}/reorder", collection.segment());
    SectionCall::new(Method::POST, id, &rest).with_body(&ReorderRequest { version, order })
}
