//! The signed-in user's settings (`/settings`).

use gloo_net::http::Method;
use resume_shared::api::{SettingsResponse, UpdateSettingsRequest};

use super::{ApiError, AuthedApi, json_body};

impl AuthedApi {
    /// `GET /settings`.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn get_settings(self) -> Result<SettingsResponse, ApiError> {
        self.get("/settings", &[]).await
    }

    /// `PUT /settings`: a partial update (absent fields stay, `null` clears).
    ///
    /// # Errors
    /// Validation errors per field, or a network failure.
    pub async fn update_settings(
        self,
        request: &UpdateSettingsRequest,
    ) -> Result<SettingsResponse, ApiError> {
        self.write(Method::PUT, "/settings", json_body(request))
            .await
    }
}
