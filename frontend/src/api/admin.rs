//! Administration (`/admin/*`): users, roles, impersonation, resetting a user's two-factor
//! authentication, the audit log and the instance settings. Everyone but administrators gets 403 from these routes.

use gloo_net::http::Method;
use resume_shared::api::tokens::ApiTokenListResponse;
use resume_shared::api::{
    AdminUserResponse, AuditListResponse, CreateUserRequest, InstanceSettings, TokenResponse,
    UpdateUserRequest, UserListResponse, UserResponse,
};

use super::{ApiError, AuthedApi, json_body};

impl AuthedApi {
    /// `GET /admin/users`: one page of users, by username.
    ///
    /// # Errors
    /// 403 for non-administrators, or a network failure.
    pub async fn list_users(self, page: u64, per_page: u64) -> Result<UserListResponse, ApiError> {
        self.get(
            "/admin/users",
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    /// `POST /admin/users`.
    ///
    /// # Errors
    /// Validation errors per field, duplicates (409), or a network failure.
    pub async fn create_user(
        self,
        request: &CreateUserRequest,
    ) -> Result<AdminUserResponse, ApiError> {
        self.write(Method::POST, "/admin/users", json_body(request))
            .await
    }

    /// `PATCH /admin/users/{id}`.
    ///
    /// # Errors
    /// Validation errors, `last_admin`, or a network failure.
    pub async fn update_user(
        self,
        id: &str,
        request: &UpdateUserRequest,
    ) -> Result<AdminUserResponse, ApiError> {
        self.write(
            Method::PATCH,
            &format!("/admin/users/{id}"),
            json_body(request),
        )
        .await
    }

    /// `DELETE /admin/users/{id}`: the user and everything they own.
    ///
    /// # Errors
    /// `last_admin`, deleting oneself (409), or a network failure.
    pub async fn delete_user(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, &format!("/admin/users/{id}"), None)
            .await
    }

    /// `POST` (grant) or `DELETE` (remove) `/admin/users/{id}/roles/{role}`.
    ///
    /// # Errors
    /// `last_admin`, an unknown role, or a network failure.
    pub async fn set_role(
        self,
        id: &str,
        role: &str,
        granted: bool,
    ) -> Result<AdminUserResponse, ApiError> {
        let method = if granted {
            Method::POST
        } else {
            Method::DELETE
        };
        self.write(method, &format!("/admin/users/{id}/roles/{role}"), None)
            .await
    }

    /// `POST /admin/users/{id}/impersonate`: a session as that user.
    ///
    /// # Errors
    /// Impersonating an administrator, oneself or an inactive user, or a network failure.
    pub async fn impersonate(self, id: &str) -> Result<UserResponse, ApiError> {
        let token: TokenResponse = self
            .write(
                Method::POST,
                &format!("/admin/users/{id}/impersonate"),
                None,
            )
            .await?;
        Ok(token.user)
    }

    /// `DELETE /admin/users/{id}/two-factor`: turns the user's two-factor authentication off
    /// (they set it up again, if they must, at their next sign-in).
    ///
    /// # Errors
    /// 404 for an unknown user, or a network failure.
    pub async fn reset_user_two_factor(self, id: &str) -> Result<(), ApiError> {
        self.write_empty(
            Method::DELETE,
            &format!("/admin/users/{id}/two-factor"),
            None,
        )
        .await
    }

    /// `GET /admin/users/{id}/tokens`: the user's live personal access tokens.
    ///
    /// # Errors
    /// 403 for non-administrators, 404 for an unknown user, or a network failure.
    pub async fn list_user_tokens(self, id: &str) -> Result<ApiTokenListResponse, ApiError> {
        self.get(&format!("/admin/users/{id}/tokens"), &[]).await
    }

    /// `DELETE /admin/users/{id}/tokens/{token_id}`: revokes one of the user's tokens.
    ///
    /// # Errors
    /// 404 when it is gone already, or a network failure.
    pub async fn revoke_user_token(self, id: &str, token_id: &str) -> Result<(), ApiError> {
        self.write_empty(
            Method::DELETE,
            &format!("/admin/users/{id}/tokens/{token_id}"),
            None,
        )
        .await
    }

    /// `GET /admin/audit`: one page of the audit log, newest first, optionally one action.
    ///
    /// # Errors
    /// 403 for non-administrators, or a network failure.
    pub async fn list_audit(
        self,
        page: u64,
        per_page: u64,
        action: Option<&str>,
    ) -> Result<AuditListResponse, ApiError> {
        let mut query = vec![
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ];
        if let Some(action) = action {
            query.push(("action", action.to_owned()));
        }
        self.get("/admin/audit", &query).await
    }

    /// `GET /admin/instance`.
    ///
    /// # Errors
    /// 403 for non-administrators, or a network failure.
    pub async fn get_instance(self) -> Result<InstanceSettings, ApiError> {
        self.get("/admin/instance", &[]).await
    }

    /// `PUT /admin/instance`.
    ///
    /// # Errors
    /// 403 for non-administrators, or a network failure.
    pub async fn update_instance(
        self,
        settings: &InstanceSettings,
    ) -> Result<InstanceSettings, ApiError> {
        self.write(Method::PUT, "/admin/instance", json_body(settings))
            .await
    }
}
