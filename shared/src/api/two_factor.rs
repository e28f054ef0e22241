//! Wire types of two-factor authentication: the second step of a login
//! (`POST /auth/login` answers 202 with a [`SecondFactorChallenge`], and
//! `POST /auth/login/second-factor` completes it), and the user's own two-factor settings under
//! `/auth/two-factor` (enrol with an authenticator app, confirm, recovery codes, disable).
//!
//! Codes are time-based one-time passwords (RFC 6238: HMAC-SHA1, six digits, 30 seconds), or
//! one of ten single-use recovery codes of the form `xxxx-xxxx-xxxx`.

use serde::{Deserialize, Serialize};

use super::SessionMode;
use super::input::{CheckInput, Limit, MAX_PASSWORD_BYTES, Problems, check_secret};

/// How many recovery codes a user receives.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// The longest code accepted in any field that takes one (a recovery code with spaces).
pub const MAX_CODE_CHARS: usize = 32;
/// The longest second-step token accepted.
pub const MAX_CHALLENGE_CHARS: usize = 128;

/// What can complete the second step of a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorMethod {
    /// A six-digit code of the authenticator app.
    Totp,
    /// One of the single-use recovery codes.
    RecoveryCode,
}

/// The answer of `POST /auth/login` (202) when the password was right and the account has
/// two-factor authentication: nothing is signed in yet. Send `challenge` with a code to
/// `POST /auth/login/second-factor` before `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "challenge": "9vQ2Yx1m0c3k5Vd8pTqL7sWfZr4eJbNh6aKuGtXyC0E",
        "methods": ["totp", "recovery_code"],
        "expires_at": "2026-12-07T10:05:00Z"
    }))
)]
pub struct SecondFactorChallenge {
    /// The single-use token of this login's second step (good for nothing else).
    pub challenge: String,
    /// What may complete it.
    pub methods: Vec<SecondFactorMethod>,
    /// When the step ends (five minutes), RFC 3339.
    pub expires_at: String,
}

/// `POST /auth/login/second-factor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "challenge": "9vQ2Yx1m0c3k5Vd8pTqL7sWfZr4eJbNh6aKuGtXyC0E",
        "code": "492039",
        "session": "cookie"
    }))
)]
pub struct SecondFactorRequest {
    /// The `challenge` of the login's 202 answer.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub challenge: String,
    /// The authenticator app's six-digit code, or a recovery code (`xxxx-xxxx-xxxx`; case,
    /// spaces and dashes do not matter).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// How the session is handed over, as at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionMode>,
}

impl CheckInput for SecondFactorRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_secret(
            problems,
            "challenge",
            &self.challenge,
            Limit::Chars(MAX_CHALLENGE_CHARS),
        );
        check_code(problems, "code", &self.code);
    }
}

/// Checks a code field: not empty and at most [`MAX_CODE_CHARS`] (anything else that is not a
/// code is a wrong code, which the service answers).
fn check_code(problems: &mut Problems, field: &str, code: &str) {
    if code.is_empty() {
        problems.insert(field.to_owned(), "must not be empty".to_owned());
    }
    check_secret(problems, field, code, Limit::Chars(MAX_CODE_CHARS));
}

/// `GET /auth/two-factor`: the signed-in user's two-factor state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "enabled": true, "enabled_at": "2026-12-07T10:00:00Z",
        "recovery_codes_left": 9, "required": false
    }))
)]
pub struct TwoFactorStatus {
    /// Whether sign-in asks for a second factor.
    pub enabled: bool,
    /// Since when, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_at: Option<String>,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
    /// Whether the administrator requires two-factor authentication of every user.
    pub required: bool,
}

/// `POST /auth/two-factor/enrolment`: the password again, so that a session left open cannot
/// be used to lock its owner out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartEnrolmentRequest {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

impl CheckInput for StartEnrolmentRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_secret(
            problems,
            "password",
            &self.password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
    }
}

/// The answer of `POST /auth/two-factor/enrolment`: a new secret for the authenticator app,
/// waiting for a code to confirm it (two-factor is not on until then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        "otpauth_uri": "otpauth://totp/Resume%20Editor:casey?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Resume%20Editor&algorithm=SHA1&digits=6&period=30",
        "qr_svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" …</svg>",
        "digits": 6, "period": 30
    }))
)]
pub struct TwoFactorEnrolment {
    /// The secret in base32, to type into an app that cannot scan.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri` as an SVG document.
    pub qr_svg: String,
    /// Digits of a code (6).
    pub digits: u32,
    /// Seconds a code lasts (30).
    pub period: u32,
}

/// `POST /auth/two-factor/confirmation`: the first code of the new secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmEnrolmentRequest {
    /// The app's current six-digit code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
}

impl CheckInput for ConfirmEnrolmentRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_code(problems, "code", &self.code);
    }
}

/// New recovery codes, shown once (the server keeps only their hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"codes": ["k7qm-2xhd-9tfa", "…"]}))
)]
pub struct RecoveryCodes {
    /// Ten single-use codes, each good for one sign-in instead of the app's code.
    pub codes: Vec<String>,
}

/// `DELETE /auth/two-factor` and `POST /auth/two-factor/recovery-codes`: the password and a
/// current code (of the app, or a recovery code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorProof {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
    /// The app's current code, or an unused recovery code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
}

impl CheckInput for TwoFactorProof {
    fn check_input(&self, problems: &mut Problems) {
        check_secret(
            problems,
            "password",
            &self.password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
        check_code(problems, "code", &self.code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_step_without_a_code_names_the_field() {
        let request = SecondFactorRequest {
            challenge: "abc".to_owned(),
            code: String::new(),
            session: None,
        };
        let mut problems = Problems::new();
        request.check_input(&mut problems);
        assert!(problems.contains_key("code"), "{problems:?}");
        assert!(!problems.contains_key("challenge"), "{problems:?}");
    }

    #[test]
    fn an_over_long_code_is_refused() {
        let proof = TwoFactorProof {
            password: "pw".to_owned(),
            code: "1".repeat(MAX_CODE_CHARS + 1),
        };
        let mut problems = Problems::new();
        proof.check_input(&mut problems);
        assert!(problems.contains_key("code"), "{problems:?}");
    }

    #[test]
    fn the_login_answer_reads_back() {
        let challenge = SecondFactorChallenge {
            challenge: "c".to_owned(),
            methods: vec![SecondFactorMethod::Totp, SecondFactorMethod::RecoveryCode],
            expires_at: "2026-12-07T10:05:00Z".to_owned(),
        };
        let json = serde_json::to_value(&challenge).unwrap();
        assert_eq!(
            json["methods"],
            serde_json::json!(["totp", "recovery_code"])
        );
        assert_eq!(
            serde_json::from_value::<SecondFactorChallenge>(json).unwrap(),
            challenge
        );
    }
}
