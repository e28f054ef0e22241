//! The documents of a resume: the templates (`GET /templates`), the addresses of a download
//! (`GET /resumes/{id}/export`) and of a page image (`GET /resumes/{id}/preview`), the page
//! count of a design, and the remembered export options (`PUT /resumes/{id}/export-preferences`).
//!
//! Downloads and page images are plain links and `<img>` sources (the session cookie goes with
//! them), so the browser saves files under the server's names and caches images by their
//! `ETag`; only the page count and the options go through [`AuthedApi`].

use gloo_net::http::Method;
use resume_shared::api::resumes::ExportPreferences;
use resume_shared::api::templates::TemplateInfo;

use super::{API_BASE, ApiError, AuthedApi, json_body, send};

/// The header with the number of pages of a PDF export or a preview.
pub const PAGE_COUNT_HEADER: &str = "x-page-count";

/// `{API_BASE}/resumes/{id}/{action}?name=value&…`, every value URI-encoded.
fn resume_url(id: &str, action: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| {
            format!(
                "{name}={}",
                String::from(js_sys::encode_uri_component(value))
            )
        })
        .collect();
    format!("{API_BASE}/resumes/{id}/{action}?{}", query.join("&"))
}

/// The address of a download of resume `id` with the export query `params`.
#[must_use]
pub fn export_url(id: &str, params: &[(&str, String)]) -> String {
    resume_url(id, "export", params)
}

/// The address of the image of page `page` (from 1), `width` pixels wide, of resume `id` in
/// the designed template and options of `params` (the export query, without `format`).
#[must_use]
pub fn preview_url(id: &str, params: &[(&str, String)], width: u32, page: u32) -> String {
    let mut params = params.to_vec();
    params.push(("width", width.to_string()));
    params.push(("page", page.to_string()));
    resume_url(id, "preview", &params)
}

impl AuthedApi {
    /// `GET /templates`: every template with its formats and options.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_templates(self) -> Result<Vec<TemplateInfo>, ApiError> {
        self.get("/templates", &[]).await
    }

    /// The number of pages of resume `id` in a design: the `X-Page-Count` of the page image
    /// `url` (a [`preview_url`]; asking for the thumbnail the dialog shows costs no render,
    /// the server keeps it).
    ///
    /// # Errors
    /// 422 for a Word-only template or a bad option, or a network failure.
    pub async fn preview_pages(self, url: &str) -> Result<u32, ApiError> {
        let path = url.strip_prefix(API_BASE).unwrap_or(url);
        let response = self.reported(send(Method::GET, path, &[], None).await)?;
        Ok(response
            .headers()
            .get(PAGE_COUNT_HEADER)
            .and_then(|count| count.trim().parse().ok())
            .unwrap_or(1))
    }

    /// `PUT /resumes/{id}/export-preferences`: remembers the export options; the answer holds
    /// them in their canonical forms.
    ///
    /// # Errors
    /// 422 for an unknown format, template or option value or a bad month, or a network
    /// failure.
    pub async fn save_export_preferences(
        self,
        id: &str,
        preferences: &ExportPreferences,
    ) -> Result<ExportPreferences, ApiError> {
        self.write(
            Method::PUT,
            &format!("/resumes/{id}/export-preferences"),
            json_body(preferences),
        )
        .await
    }
}
