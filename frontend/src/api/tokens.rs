//! The signed-in user's personal access tokens (`/tokens`).

use gloo_net::http::Method;
use resume_shared::api::tokens::{
    ApiTokenListResponse, CreateApiTokenRequest, CreatedApiTokenResponse,
};

use super::{ApiError, AuthedApi, json_body};

impl AuthedApi {
    /// `GET /tokens`: the live tokens, newest first.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_tokens(self) -> Result<ApiTokenListResponse, ApiError> {
        self.get("/tokens", &[]).await
    }

    /// `POST /tokens`: a new token and its secret, shown once.
    ///
    /// # Errors
    /// Validation errors per field, the quota, or a network failure.
    pub async fn create_token(
        self,
        request: &CreateApiTokenRequest,
    ) -> Result<CreatedApiTokenResponse, ApiError> {
        self.write(Method::POST, "/tokens", json_body(request))
            .await
    }

    /// `DELETE /tokens/{id}`.
    ///
    /// # Errors
    /// 404 when it is gone already, or a network failure.
    pub async fn revoke_token(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, &format!("/tokens/{id}"), None)
            .await
    }
}
