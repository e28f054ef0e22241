//! The application tracker: one application per resume (`/resumes/{id}/application`) and the
//! signed-in user's list of them (`/applications`), with the address of its CSV export.
//!
//! A change is always based on a version: [`AuthedApi::move_application`] reads the current one
//! first, so a status change made on the board or with "Move to…" never overwrites an edit made
//! elsewhere without the server seeing it (a stale version answers 409 `version_conflict`).

use gloo_net::http::Method;
use resume_shared::api::applications::{
    ApplicationFields, ApplicationListResponse, ApplicationResponse, ApplicationStatus,
    ApplicationSummary, CreateApplicationRequest, UpdateApplicationRequest,
};

use super::{API_BASE, ApiError, AuthedApi, json_body};

/// The orders of the application list: the API's `sort` value and its label (`-` in front is
/// descending; applications without the date sorted on come last either way).
pub const SORT_OPTIONS: [(&str, &str); 8] = [
    ("-updated", "Last change, newest first"),
    ("updated", "Last change, oldest first"),
    ("next_step", "Next step, soonest first"),
    ("-next_step", "Next step, latest first"),
    ("-applied", "Applied, newest first"),
    ("applied", "Applied, oldest first"),
    ("name", "Resume, A to Z"),
    ("-name", "Resume, Z to A"),
];

/// The largest page the API serves.
pub const MAX_PER_PAGE: u64 = 100;

/// The address of the CSV export of every application (a plain download link: the session
/// cookie goes with it).
#[must_use]
pub fn export_url() -> String {
    format!("{API_BASE}/applications/export")
}

/// What the application list asks for: status, filter, sort and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationQuery {
    /// Only applications with this status.
    pub status: Option<ApplicationStatus>,
    /// Every term must match the resume's name or company, the contact or the next step.
    pub q: String,
    /// A value of [`SORT_OPTIONS`].
    pub sort: String,
    /// From 1.
    pub page: u64,
    /// 1–100.
    pub per_page: u64,
}

impl Default for ApplicationQuery {
    fn default() -> Self {
        Self {
            status: None,
            q: String::new(),
            sort: "-updated".to_owned(),
            page: 1,
            per_page: 20,
        }
    }
}

impl ApplicationQuery {
    /// The query string parameters (`status` and `q` only when set).
    #[must_use]
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_owned()));
        }
        let q = self.q.trim();
        if !q.is_empty() {
            params.push(("q", q.to_owned()));
        }
        params.push(("sort", self.sort.clone()));
        params.push(("page", self.page.to_string()));
        params.push(("per_page", self.per_page.to_string()));
        params
    }
}

/// The editable fields of `application`, to send back changed.
#[must_use]
pub fn fields_of(application: &ApplicationResponse) -> ApplicationFields {
    ApplicationFields {
        status: application.status,
        applied_on: application.applied_on.clone(),
        posting_url: application.posting_url.clone(),
        contact: application.contact.clone(),
        next_step: application.next_step.clone(),
        next_step_on: application.next_step_on.clone(),
        notes: application.notes.clone(),
    }
}

/// `/resumes/{id}/application`.
fn application_path(resume_id: &str) -> String {
    format!("/resumes/{resume_id}/application")
}

impl AuthedApi {
    /// `GET /applications`: one page of applications.
    ///
    /// # Errors
    /// 422 for a bad sort or page, or a network failure.
    pub async fn list_applications(
        self,
        query: &ApplicationQuery,
    ) -> Result<ApplicationListResponse, ApiError> {
        self.get("/applications", &query.params()).await
    }

    /// Every application, latest change first (all pages), for the board.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn all_applications(self) -> Result<Vec<ApplicationSummary>, ApiError> {
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let query = ApplicationQuery {
                page,
                per_page: MAX_PER_PAGE,
                ..ApplicationQuery::default()
            };
            let list = self.list_applications(&query).await?;
            let done = list.items.is_empty() || page * list.per_page >= list.total;
            items.extend(list.items);
            if done {
                return Ok(items);
            }
            page += 1;
        }
    }

    /// `GET /resumes/{id}/application`: the application with its timeline.
    ///
    /// # Errors
    /// 404 when the resume has none (or is someone else's, or in the trash), or a network
    /// failure.
    pub async fn get_application(self, resume_id: &str) -> Result<ApplicationResponse, ApiError> {
        self.get(&application_path(resume_id), &[]).await
    }

    /// `POST /resumes/{id}/application`: starts tracking the resume's application.
    ///
    /// # Errors
    /// 409 `conflict` when the resume has one already, 422 per field, 404, or a network
    /// failure.
    pub async fn create_application(
        self,
        resume_id: &str,
        fields: ApplicationFields,
    ) -> Result<ApplicationResponse, ApiError> {
        let request = CreateApplicationRequest::from(fields);
        self.write(
            Method::POST,
            &application_path(resume_id),
            json_body(&request),
        )
        .await
    }

    /// `PUT /resumes/{id}/application`: replaces every field of `version`.
    ///
    /// # Errors
    /// 409 `version_conflict` for a stale version, 422 per field, 404, or a network failure.
    pub async fn update_application(
        self,
        resume_id: &str,
        version: i64,
        fields: ApplicationFields,
    ) -> Result<ApplicationResponse, ApiError> {
        let request = UpdateApplicationRequest { version, fields };
        self.write(
            Method::PUT,
            &application_path(resume_id),
            json_body(&request),
        )
        .await
    }

    /// Moves the application to `status`: reads its current version, then replaces it with
    /// only the status changed (nothing is written when it has that status already).
    ///
    /// # Errors
    /// 409 `version_conflict` when it changed between the two calls, 404, or a network failure.
    pub async fn move_application(
        self,
        resume_id: &str,
        status: ApplicationStatus,
    ) -> Result<ApplicationResponse, ApiError> {
        let current = self.get_application(resume_id).await?;
        if current.status == status {
            return Ok(current);
        }
        let fields = ApplicationFields {
            status,
            ..fields_of(&current)
        };
        self.update_application(resume_id, current.version, fields)
            .await
    }

    /// `DELETE /resumes/{id}/application?version=`: deletes it with its timeline.
    ///
    /// # Errors
    /// 409 `version_conflict` for a stale version, 404, or a network failure.
    pub async fn delete_application(self, resume_id: &str, version: i64) -> Result<(), ApiError> {
        let path = format!("{}?version={version}", application_path(resume_id));
        self.write_empty(Method::DELETE, &path, None).await
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn the_query_sends_only_what_is_set() {
        let params = ApplicationQuery::default().params();
        assert_eq!(
            params,
            vec![
                ("sort", "-updated".to_owned()),
                ("page", "1".to_owned()),
                ("per_page", "20".to_owned()),
            ]
        );
        let query = ApplicationQuery {
            status: Some(ApplicationStatus::Offer),
            q: "  acme  ".to_owned(),
            ..ApplicationQuery::default()
        };
        assert_eq!(
            query.params()[..2],
            [("status", "offer".to_owned()), ("q", "acme".to_owned())]
        );
    }
}
