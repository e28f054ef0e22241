//! Setup, sign-in, registration, the current user, logout, password change and the end of an
//! impersonation (`/setup*`, `/auth/*`). The second step of a sign-in and the user's own
//! two-factor settings are in [`super::two_factor`].

use gloo_net::http::Method;
use resume_shared::api::two_factor::SecondFactorChallenge;
use resume_shared::api::{
    ChangePasswordRequest, LoginRequest, RegisterRequest, SessionMode, SetupRequest,
    SetupStatusResponse, TokenResponse, UserResponse,
};

use super::{ApiClient, ApiError, AuthedApi, decode, json_body};

/// What a right password leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Signed in (200): the session cookie is set.
    SignedIn(UserResponse),
    /// The account has two-factor authentication (202): nothing is signed in until a code
    /// completes the challenge (see [`ApiClient::second_factor`]).
    SecondFactor(SecondFactorChallenge),
}

impl ApiClient {
    /// `GET /setup/status`: whether the instance needs setup and whether registration is open.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn setup_status(self) -> Result<SetupStatusResponse, ApiError> {
        self.call(Method::GET, "/setup/status", &[], None).await
    }

    /// `POST /setup`: creates the first administrator and signs them in (cookie session).
    ///
    /// # Errors
    /// Validation errors per field, `invalid_setup_token`, `already_set_up`, or a network
    /// failure.
    pub async fn setup(self, request: &SetupRequest) -> Result<UserResponse, ApiError> {
        let request = SetupRequest {
            session: Some(SessionMode::Cookie),
            ..request.clone()
        };
        let token: TokenResponse = self
            .call(Method::POST, "/setup", &[], json_body(&request))
            .await?;
        Ok(token.user)
    }

    /// `POST /auth/login`: signs in (the server sets the session cookie), or asks for the
    /// second factor of an account that has one.
    ///
    /// # Errors
    /// Wrong credentials (401, also for a deactivated account), `rate_limited` (429), a busy
    /// server (503), or a network failure.
    pub async fn login(self, request: &LoginRequest) -> Result<LoginOutcome, ApiError> {
        let request = LoginRequest {
            session: Some(SessionMode::Cookie),
            ..request.clone()
        };
        let body = self
            .text(Method::POST, "/auth/login", &[], json_body(&request))
            .await?;
        // 200 and 202 differ in their bodies: only a signed-in answer has a user.
        match serde_json::from_str::<TokenResponse>(&body) {
            Ok(token) => Ok(LoginOutcome::SignedIn(token.user)),
            Err(_) => decode(&body).map(LoginOutcome::SecondFactor),
        }
    }

    /// `POST /auth/register`: creates a `user` account and signs it in.
    ///
    /// # Errors
    /// `registration_closed`, validation errors per field, duplicates, or a network failure.
    pub async fn register(self, request: &RegisterRequest) -> Result<UserResponse, ApiError> {
        let request = RegisterRequest {
            session: Some(SessionMode::Cookie),
            ..request.clone()
        };
        let token: TokenResponse = self
            .call(Method::POST, "/auth/register", &[], json_body(&request))
            .await?;
        Ok(token.user)
    }

    /// `GET /auth/me`: who the session cookie belongs to.
    ///
    /// # Errors
    /// 401 without a session, or a network failure.
    pub async fn me(self) -> Result<UserResponse, ApiError> {
        self.call(Method::GET, "/auth/me", &[], None).await
    }
}

impl AuthedApi {
    /// `GET /auth/me`.
    ///
    /// # Errors
    /// 401 without a session, or a network failure.
    pub async fn me(self) -> Result<UserResponse, ApiError> {
        self.get("/auth/me", &[]).await
    }

    /// `POST /auth/logout`: ends this session.
    ///
    /// # Errors
    /// A network failure.
    pub async fn logout(self) -> Result<(), ApiError> {
        self.write_empty(Method::POST, "/auth/logout", None).await
    }

    /// `POST /auth/password`: changes the password (other sessions end).
    ///
    /// # Errors
    /// A wrong current password or an invalid new one, per field.
    pub async fn change_password(self, request: &ChangePasswordRequest) -> Result<(), ApiError> {
        self.write_empty(Method::POST, "/auth/password", json_body(request))
            .await
    }

    /// `POST /auth/impersonation/stop`: back to the administrator's own session.
    ///
    /// # Errors
    /// `not_impersonating`; 401 when the administrator's own session has ended meanwhile (the
    /// impersonation ends all the same, and the routes lead to the login page); or a network
    /// failure.
    pub async fn stop_impersonation(self) -> Result<UserResponse, ApiError> {
        let token: TokenResponse = self
            .write(Method::POST, "/auth/impersonation/stop", None)
            .await?;
        Ok(token.user)
    }
}
