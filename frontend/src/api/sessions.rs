//! The signed-in user's sessions (`/auth/sessions`): where and how each started, and ending
//! one.

use gloo_net::http::Method;
use resume_shared::api::sessions::SessionList;

use super::{ApiError, AuthedApi};

impl AuthedApi {
    /// `GET /auth/sessions`: the live sessions, the most recently used first.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn list_sessions(self) -> Result<SessionList, ApiError> {
        self.get("/auth/sessions", &[]).await
    }

    /// `DELETE /auth/sessions/{id}`: ends a session. Ending the current one signs out (the
    /// server clears the cookies).
    ///
    /// # Errors
    /// 404 when it has ended already, or a network failure.
    pub async fn end_session(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, &format!("/auth/sessions/{id}"), None)
            .await
    }
}
