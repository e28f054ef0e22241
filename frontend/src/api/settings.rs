//! The signed-in user's settings (`/settings`).

use gloo_net::http::Method;
use resume_shared::api::{LlmTestResponse, SettingsResponse, UpdateSettingsRequest};

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

    /// `POST /settings/llm/test`: tries the saved LLM settings with a tiny request. A failing
    /// endpoint is an answer (`ok: false` and why), not an error.
    ///
    /// # Errors
    /// A network failure, or the API's error (not signed in, rate limited).
    pub async fn test_llm_settings(self) -> Result<LlmTestResponse, ApiError> {
        self.write(Method::POST, "/settings/llm/test", None).await
    }
}
