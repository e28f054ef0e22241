//! Two-factor authentication (`/auth/login/second-factor`, `/auth/two-factor*`): the second
//! step of a sign-in, and the signed-in user's own settings (enrol with an authenticator app,
//! confirm with a first code, new recovery codes, turn it off).

use gloo_net::http::Method;
use resume_shared::api::two_factor::{
    ConfirmEnrolmentRequest, RecoveryCodes, SecondFactorRequest, StartEnrolmentRequest,
    TwoFactorEnrolment, TwoFactorProof, TwoFactorStatus,
};
use resume_shared::api::{SessionMode, TokenResponse, UserResponse};

use super::{ApiClient, ApiError, AuthedApi, json_body};

impl ApiClient {
    /// `POST /auth/login/second-factor`: completes a sign-in with the authenticator app's code
    /// or a recovery code (the server sets the session cookie).
    ///
    /// # Errors
    /// 401 for a wrong or used code, and for a challenge that ended (its message then says to
    /// sign in again); 422 on `code` when it is empty; `rate_limited` (429); or a network
    /// failure.
    pub async fn second_factor(
        self,
        request: &SecondFactorRequest,
    ) -> Result<UserResponse, ApiError> {
        let request = SecondFactorRequest {
            session: Some(SessionMode::Cookie),
            ..request.clone()
        };
        let token: TokenResponse = self
            .call(
                Method::POST,
                "/auth/login/second-factor",
                &[],
                json_body(&request),
            )
            .await?;
        Ok(token.user)
    }
}

impl AuthedApi {
    /// `GET /auth/two-factor`: whether it is on, since when, the recovery codes left, and
    /// whether the administrator requires it.
    ///
    /// # Errors
    /// The API's error, or a network failure.
    pub async fn two_factor_status(self) -> Result<TwoFactorStatus, ApiError> {
        self.get("/auth/two-factor", &[]).await
    }

    /// `POST /auth/two-factor/enrolment`: a new secret for the authenticator app, waiting for
    /// a first code.
    ///
    /// # Errors
    /// A wrong password (on `password`), 409 when two-factor is on already, or a network
    /// failure.
    pub async fn start_two_factor(self, password: String) -> Result<TwoFactorEnrolment, ApiError> {
        let request = StartEnrolmentRequest { password };
        self.write(
            Method::POST,
            "/auth/two-factor/enrolment",
            json_body(&request),
        )
        .await
    }

    /// `POST /auth/two-factor/confirmation`: turns two-factor on with the app's first code,
    /// and answers the recovery codes (shown once).
    ///
    /// # Errors
    /// A wrong code (on `code`), 409 when no enrolment was started, or a network failure.
    pub async fn confirm_two_factor(self, code: String) -> Result<RecoveryCodes, ApiError> {
        let request = ConfirmEnrolmentRequest { code };
        self.write(
            Method::POST,
            "/auth/two-factor/confirmation",
            json_body(&request),
        )
        .await
    }

    /// `POST /auth/two-factor/recovery-codes`: a new set of recovery codes (the old ones stop
    /// working).
    ///
    /// # Errors
    /// A wrong password or code (on `password` or `code`), too many wrong codes (429), or a
    /// network failure.
    pub async fn new_recovery_codes(
        self,
        proof: &TwoFactorProof,
    ) -> Result<RecoveryCodes, ApiError> {
        self.write(
            Method::POST,
            "/auth/two-factor/recovery-codes",
            json_body(proof),
        )
        .await
    }

    /// `DELETE /auth/two-factor`: turns two-factor off.
    ///
    /// # Errors
    /// A wrong password or code (on `password` or `code`), 409 when the administrator
    /// requires two-factor, or a network failure.
    pub async fn disable_two_factor(self, proof: &TwoFactorProof) -> Result<(), ApiError> {
        self.write_empty(Method::DELETE, "/auth/two-factor", json_body(proof))
            .await
    }
}
