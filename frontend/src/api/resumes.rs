//! The signed-in user's resumes and their trash (`/resumes`, `/trash`).

use gloo_net::http::Method;
use resume_shared::api::resumes::{
    CreateResumeRequest, DeleteResumeResponse, RestoreResponse, ResumeKind, ResumeListResponse,
    ResumeResponse, TrashListResponse,
};

use super::{ApiError, AuthedApi, json_body};

/// The orders of the resume list: the API's `sort` value and its label (`-` in front is
/// descending).
pub const SORT_OPTIONS: [(&str, &str); 8] = [
    ("-updated", "Last change, newest first"),
    ("updated", "Last change, oldest first"),
    ("name", "Name, A to Z"),
    ("-name", "Name, Z to A"),
    ("company", "Company, A to Z"),
    ("-company", "Company, Z to A"),
    ("-created", "Created, newest first"),
    ("created", "Created, oldest first"),
];

/// What the dashboard asks for: filter, kind, sort and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeQuery {
    /// Every term must match the name, company or notes.
    pub q: String,
    /// Only base or only tailored resumes.
    pub kind: Option<ResumeKind>,
    /// A value of [`SORT_OPTIONS`].
    pub sort: String,
    /// From 1.
    pub page: u64,
    /// 1–100.
    pub per_page: u64,
}

impl Default for ResumeQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            kind: None,
            sort: "-updated".to_owned(),
            page: 1,
            per_page: 10,
        }
    }
}

impl ResumeQuery {
    /// The query string parameters (`q` only when not blank).
    #[must_use]
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        let q = self.q.trim();
        if !q.is_empty() {
            params.push(("q", q.to_owned()));
        }
        if let Some(kind) = self.kind {
            params.push(("kind", kind.as_str().to_owned()));
        }
        params.push(("sort", self.sort.clone()));
        params.push(("page", self.page.to_string()));
        params.push(("per_page", self.per_page.to_string()));
        params
    }
}

impl AuthedApi {
    /// `GET /resumes`: one page of resumes.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_resumes(self, query: &ResumeQuery) -> Result<ResumeListResponse, ApiError> {
        self.get("/resumes", &query.params()).await
    }

    /// Every tailored resume made from `parent` (what goes to the trash with it).
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn tailored_of(self, parent: &str) -> Result<Vec<String>, ApiError> {
        let mut names = Vec::new();
        let mut page = 1;
        loop {
            let query = ResumeQuery {
                kind: Some(ResumeKind::Tailored),
                sort: "name".to_owned(),
                page,
                per_page: 100,
                ..ResumeQuery::default()
            };
            let list = self.list_resumes(&query).await?;
            names.extend(
                list.items
                    .iter()
                    .filter(|item| item.parent.as_ref().is_some_and(|p| p.id == parent))
                    .map(|item| item.name.clone()),
            );
            if page * list.per_page >= list.total || list.items.is_empty() {
                return Ok(names);
            }
            page += 1;
        }
    }

    /// `POST /resumes`: a new base resume that starts from a placeholder text.
    ///
    /// # Errors
    /// An invalid name (per field), or a network failure.
    pub async fn create_resume(self, name: &str) -> Result<ResumeResponse, ApiError> {
        let request = CreateResumeRequest {
            name: name.to_owned(),
            content: None,
        };
        self.write(Method::POST, "/resumes", json_body(&request))
            .await
    }

    /// `GET /resumes/{id}`.
    ///
    /// # Errors
    /// 404 for an unknown (or someone else's) resume, or a network failure.
    pub async fn get_resume(self, id: &str) -> Result<ResumeResponse, ApiError> {
        self.get(&format!("/resumes/{id}"), &[]).await
    }

    /// `DELETE /resumes/{id}`: moves it (and, for a base resume, its tailored resumes) to the
    /// trash.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn delete_resume(self, id: &str) -> Result<DeleteResumeResponse, ApiError> {
        self.write(Method::DELETE, &format!("/resumes/{id}"), None)
            .await
    }

    /// `GET /trash`.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_trash(self) -> Result<TrashListResponse, ApiError> {
        self.get("/trash", &[]).await
    }

    /// `POST /trash/{id}/restore`.
    ///
    /// # Errors
    /// `parent_in_trash` for a tailored resume whose base is in the trash, 404, or a network
    /// failure.
    pub async fn restore_resume(self, id: &str) -> Result<RestoreResponse, ApiError> {
        self.write(Method::POST, &format!("/trash/{id}/restore"), None)
            .await
    }

    /// `DELETE /trash/{id}`: deletes it for good.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn purge_resume(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, &format!("/trash/{id}"), None)
            .await
    }
}
