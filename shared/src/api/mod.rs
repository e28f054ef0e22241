//! Wire types of the JSON API under `/api/v1`: request and response bodies shared by the server
//! and the browser app, and the one error envelope every 4xx/5xx answer carries.
//!
//! These are plain data with public fields (`XxxRequest` / `XxxResponse`). Identifiers are
//! UUIDs and timestamps RFC 3339 strings in UTC, kept as `String` here so the crate stays free
//! of clock and UUID dependencies and builds for wasm32. Validation happens on the server, once,
//! at the handler boundary; nothing here enforces it.
//!
//! JSON field names are a contract for scripts that call the API (see `docs/API-DESIGN.md`).

pub mod account;
pub mod applications;
pub mod cover_letters;
#[cfg(feature = "openapi")]
pub mod event_stream;
pub mod import;
pub mod input;
pub mod llm;
pub mod refinements;
pub mod resumes;
pub mod sessions;
pub mod shares;
pub mod templates;
pub mod tokens;
pub mod two_factor;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use self::input::{
    CheckInput, Limit, MAX_API_KEY_BYTES, MAX_ATTRIBUTES_BYTES, MAX_EMAIL_BYTES, MAX_MODEL_BYTES,
    MAX_PASSWORD_BYTES, MAX_ROLE_NAME_BYTES, MAX_ROLES, MAX_SETUP_TOKEN_BYTES, MAX_URL_BYTES,
    MAX_USERNAME_BYTES, Problems, check_line, check_secret,
};
use crate::markdown::Diagnostic;

/// A free JSON map of per-user attributes (`force_password_change` is one of them).
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// The body of every error response: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "error": {
            "code": "validation_failed",
            "message": "Some fields are invalid.",
            "fields": { "name": "must be at most 255 characters" }
        }
    }))
)]
pub struct ApiError {
    /// What went wrong.
    pub error: ErrorBody,
}

/// The inside of the error envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable, machine-readable `snake_case` code (see [`ErrorCode`]).
    #[cfg_attr(feature = "openapi", schema(example = "validation_failed"))]
    pub code: String,
    /// A human sentence, safe to show to the user.
    pub message: String,
    /// For validation errors: what is wrong with each named request field.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// For `version_conflict`: the version the resource has now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For `invalid_resume`: the errors in the resume text, with their lines and sections, in
    /// line order; the first 100 of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// For `invalid_resume`: how many errors the text has in all (`diagnostics` lists the
    /// first 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostic_count: Option<u64>,
}

impl ApiError {
    /// An envelope with `code` and `message` and no field errors.
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorBody {
                code: code.as_str().to_owned(),
                message: message.into(),
                fields: BTreeMap::new(),
                current_version: None,
                diagnostics: Vec::new(),
                diagnostic_count: None,
            },
        }
    }
}

/// The error codes the API uses. The wire carries the string ([`ErrorCode::as_str`]) so that a
/// client built before a new code appeared still reads the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the body is not valid JSON, or does not have the expected shape.
    InvalidJson,
    /// 400: a path or query parameter is malformed.
    InvalidParameter,
    /// 401: no valid session or token (the response carries `WWW-Authenticate: Bearer`).
    Unauthorized,
    /// 403: authenticated, but not allowed.
    Forbidden,
    /// 403: a cookie-authenticated write without a matching `X-CSRF-Token` header.
    CsrfFailed,
    /// 403: a personal access token with the `read` scope was used for a write.
    InsufficientScope,
    /// 403: this route needs a signed-in session; personal access tokens cannot use it
    /// (token management, password, settings' secrets, administration, impersonation).
    SessionRequired,
    /// 403: self-registration is closed on this instance.
    RegistrationClosed,
    /// 403: the user must change their password before doing anything else.
    PasswordChangeRequired,
    /// 404: no such resource (or not yours).
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 409: the request conflicts with the current state (e.g. a duplicate username).
    Conflict,
    /// 409: a per-user quota (resumes) is used up; the message names the quota and its limit.
    QuotaExceeded,
    /// 403: `POST /setup` without the instance's setup token, or with a wrong one.
    InvalidSetupToken,
    /// 409: no user exists yet; only the setup routes answer.
    SetupRequired,
    /// 409: the instance is already set up.
    AlreadySetUp,
    /// 409: the change would leave the instance without an active administrator.
    LastAdmin,
    /// 409: the request needs an impersonation session and this is not one.
    NotImpersonating,
    /// 409: the change is based on an old version; `current_version` says the current one.
    VersionConflict,
    /// 409: a tailored resume cannot leave the trash while its base resume is there.
    ParentInTrash,
    /// 422: the resume text has errors; `diagnostics` lists them with their lines.
    InvalidResume,
    /// 422: two versions are too large to compare; download them instead.
    DiffTooLarge,
    /// 413: the request body is larger than the limit.
    PayloadTooLarge,
    /// 415: the request body is not `application/json`.
    UnsupportedMediaType,
    /// 422: one or more fields are invalid; `fields` says which and why.
    ValidationFailed,
    /// 429: too many attempts; retry after the `Retry-After` header's seconds.
    RateLimited,
    /// 500: something failed on the server; details are in the server log only.
    Internal,
    /// 503: a dependency (the database) is unavailable.
    Unavailable,
    /// 408: the request (its head and body, up to the start of the response) took longer than
    /// the server's request timeout.
    RequestTimeout,
    /// 429: the user already has as many refinement event streams open as one server allows.
    TooManyEventStreams,
    /// 409: the user already has as many refinement jobs queued or running as allowed.
    TooManyActiveRefinements,
    /// The administrator requires two-factor authentication and this account has none yet:
    /// enrol first (`/auth/two-factor`).
    TwoFactorEnrolmentRequired,
    /// The second step of a login got a wrong code, or one used already (401): try another.
    InvalidCode,
    /// The second step of a login expired, was completed already or is unknown (401): sign in
    /// again with the password.
    SignInExpired,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidParameter => "invalid_parameter",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::CsrfFailed => "csrf_failed",
            Self::InsufficientScope => "insufficient_scope",
            Self::SessionRequired => "session_required",
            Self::RegistrationClosed => "registration_closed",
            Self::PasswordChangeRequired => "password_change_required",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::QuotaExceeded => "quota_exceeded",
            Self::InvalidSetupToken => "invalid_setup_token",
            Self::SetupRequired => "setup_required",
            Self::AlreadySetUp => "already_set_up",
            Self::LastAdmin => "last_admin",
            Self::VersionConflict => "version_conflict",
            Self::ParentInTrash => "parent_in_trash",
            Self::InvalidResume => "invalid_resume",
            Self::DiffTooLarge => "diff_too_large",
            Self::NotImpersonating => "not_impersonating",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::ValidationFailed => "validation_failed",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::RequestTimeout => "request_timeout",
            Self::TooManyEventStreams => "too_many_event_streams",
            Self::TooManyActiveRefinements => "too_many_active_refinements",
            Self::TwoFactorEnrolmentRequired => "two_factor_enrolment_required",
            Self::InvalidCode => "invalid_code",
            Self::SignInExpired => "sign_in_expired",
        }
    }
}

/// A field that distinguishes "absent" from "null" from "a value", for partial updates:
/// absent leaves the stored value unchanged, `null` clears it, a value sets it.
///
/// Use it with `#[serde(default, skip_serializing_if = "Patch::is_unchanged")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// The field was absent: keep what is stored.
    #[default]
    Unchanged,
    /// The field was `null`: clear the stored value.
    Clear,
    /// The field had a value: store it.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the field was absent.
    #[must_use]
    pub const fn is_unchanged(&self) -> bool {
        matches!(self, Self::Unchanged)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `None` leaves the value as it is; `Some` sets it.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Unchanged, Self::Set)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the field is present (absent fields take `Default`).
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Self::Clear,
            Some(value) => Self::Set(value),
        })
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Unchanged | Self::Clear => serializer.serialize_none(),
            Self::Set(value) => value.serialize(serializer),
        }
    }
}

/// `POST /settings/llm/test`: what a tiny request to the user's LLM endpoint showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LlmTestResponse {
    /// Whether the endpoint answered usefully.
    pub ok: bool,
    /// Wall time of the test in milliseconds.
    pub latency_ms: u64,
    /// The structured-output mode it accepted: `json_schema`, `json_object` or `plain` (JSON
    /// extracted from the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<llm::LlmOutputMode>))]
    pub mode: Option<String>,
    /// The model asked.
    pub model: String,
    /// Why it failed, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a failure: whether trying again later may help (false when a setting must change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    /// What happened on the way, for people: waits for a rate limit, options the endpoint did
    /// not take, an answer read from a reasoning field or an event stream.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// The server's state.
    pub status: HealthState,
    /// The database's state.
    pub database: DatabaseState,
}

/// The server's state in `GET /health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthState {
    /// Serving.
    Ok,
    /// Serving, but something it depends on is not well.
    Degraded,
}

/// The database's state in `GET /health` (an unreachable database answers 503).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatabaseState {
    /// It answered.
    Ok,
    /// It did not answer.
    Unavailable,
}

/// `GET /setup/status`: what the login page needs before anyone is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatusResponse {
    /// True until the first administrator exists.
    pub needs_setup: bool,
    /// Whether self-registration is open.
    pub registration_open: bool,
    /// Whether `POST /setup` needs `setup_token` (only while `needs_setup`).
    #[serde(default)]
    pub setup_token_required: bool,
}

/// How a client that starts a session holds it (`session` of login, setup and registration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// A browser: the session lives in the HttpOnly cookie and the token is never put in the
    /// answer's body, where a script could read it.
    Cookie,
    /// An API client or script: the token comes in the body and no cookie is set.
    Bearer,
}

/// `POST /auth/register` (a user account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// 3–64 characters: letters, digits, `.`, `_`, `-`. Unique, ignoring case.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
    )]
    pub username: String,
    /// Unique, ignoring case; at most 254 bytes.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@\s.\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@\s.\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: String,
    /// At least 10 characters, at most 1024 bytes, not the username.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: String,
    /// `cookie` (browsers: no token in the answer) or `bearer` (token only, no cookies);
    /// absent: both, as before this field existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionMode>,
}

impl CheckInput for RegisterRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_new_account(problems, &self.username, &self.email, &self.password);
    }
}

/// The limits of a new account's fields (registration, setup, an administrator's new user);
/// the identity rules (length, characters, the email's shape) come after them.
fn check_new_account(problems: &mut Problems, username: &str, email: &str, password: &str) {
    check_line(
        problems,
        "username",
        username,
        Limit::Bytes(MAX_USERNAME_BYTES),
    );
    check_line(problems, "email", email, Limit::Bytes(MAX_EMAIL_BYTES));
    check_secret(
        problems,
        "password",
        password,
        Limit::Bytes(MAX_PASSWORD_BYTES),
    );
}

/// `POST /setup`: the first administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupRequest {
    /// 3–64 characters: letters, digits, `.`, `_`, `-`.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
    )]
    pub username: String,
    /// The email address; at most 254 bytes.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@\s.\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@\s.\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: String,
    /// At least 10 characters, at most 1024 bytes, not the username.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: String,
    /// The instance's setup token, required when `GET /setup/status` says
    /// `setup_token_required` (`RESUME_EDITOR_SETUP_TOKEN`, or the file the server log names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub setup_token: Option<String>,
    /// As in [`RegisterRequest::session`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionMode>,
}

impl CheckInput for SetupRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_new_account(problems, &self.username, &self.email, &self.password);
        if let Some(token) = &self.setup_token {
            check_secret(
                problems,
                "setup_token",
                token,
                Limit::Bytes(MAX_SETUP_TOKEN_BYTES),
            );
        }
    }
}

/// `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({ "username": "sam", "password": "correct horse battery", "session": "bearer" }))
)]
pub struct LoginRequest {
    /// The username (any case) or the email address; at most 254 bytes, one line.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 254,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub username: String,
    /// The password; at most 1024 bytes.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
    /// As in [`RegisterRequest::session`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionMode>,
}

impl CheckInput for LoginRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_line(
            problems,
            "username",
            &self.username,
            Limit::Bytes(MAX_USERNAME_BYTES),
        );
        check_secret(
            problems,
            "password",
            &self.password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
    }
}

/// A session: answer of login, setup, registration, impersonation start and stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The bearer token; absent for cookie sessions (the HttpOnly cookie holds it) and from
    /// `POST /auth/impersonation/stop` under a bearer token (the caller still has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `Bearer`, with `access_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// When the session ends unless used (sliding), RFC 3339.
    pub expires_at: String,
    /// Who the session is for.
    pub user: UserResponse,
}

/// The signed-in user (`GET /auth/me`, and inside [`TokenResponse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserResponse {
    /// User id (UUID).
    pub id: String,
    /// The username as entered.
    pub username: String,
    /// The email address (lower-cased).
    pub email: String,
    /// Role names: `user`, `admin`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<RoleName>))]
    pub roles: Vec<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Whether the user must change their password before doing anything else.
    pub force_password_change: bool,
    /// The last successful login, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<String>,
    /// Present when an administrator is acting as this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonator: Option<UserRef>,
    /// Whether sign-in asks this user for a second factor.
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// Whether the user must set up two-factor authentication before doing anything else (the
    /// administrator requires it and the user has none).
    #[serde(default)]
    pub two_factor_enrolment_required: bool,
}

/// A short reference to a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    /// User id (UUID).
    pub id: String,
    /// Username.
    pub username: String,
}

/// `POST /auth/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// Required, unless the user is flagged `force_password_change`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub current_password: Option<String>,
    /// The new password (same rules as at registration).
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub new_password: String,
    /// Keep the user's personal access tokens working. By default a password change revokes
    /// them all, like the other sessions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_api_tokens: bool,
}

impl CheckInput for ChangePasswordRequest {
    fn check_input(&self, problems: &mut Problems) {
        let limit = Limit::Bytes(MAX_PASSWORD_BYTES);
        if let Some(current) = &self.current_password {
            check_secret(problems, "current_password", current, limit);
        }
        check_secret(problems, "new_password", &self.new_password, limit);
    }
}

/// `GET /settings` and the answer of `PUT /settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsResponse {
    /// OpenAI-compatible base URL, if set.
    pub llm_endpoint: Option<String>,
    /// Model name, if set.
    pub llm_model: Option<String>,
    /// Whether an API key is stored (the key itself is never returned).
    pub api_key_set: bool,
    /// Idle timeout of this user's sessions, 15–1440 minutes.
    pub session_timeout_minutes: u32,
    /// The options of the LLM endpoint (unset ones take the server's defaults).
    #[serde(default)]
    pub llm_options: llm::LlmEndpointOptions,
}

/// `PUT /settings`: absent fields stay as they are; `null` clears `llm_endpoint`, `llm_model`
/// and `api_key`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSettingsRequest {
    /// `http(s)://` base URL (at most 2048 bytes), or `null` to clear.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 2048, pattern = r"^https?://[^\s\x00-\x1F\x7F-\x9F]+$"))]
    pub llm_endpoint: Patch<String>,
    /// Model name (at most 200 bytes, one line), or `null` to clear.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, min_length = 1, max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"))]
    pub llm_model: Patch<String>,
    /// The API key (write-only, at most 4096 bytes), or `null` to clear it.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, min_length = 1, max_length = 4096, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"))]
    pub api_key: Patch<String>,
    /// 15–1440.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 1440))]
    pub session_timeout_minutes: Option<u32>,
    /// Replaces all options of the LLM endpoint, or `null` to reset them to the defaults.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<llm::LlmEndpointOptions>))]
    pub llm_options: Patch<llm::LlmEndpointOptions>,
}

impl CheckInput for UpdateSettingsRequest {
    fn check_input(&self, problems: &mut Problems) {
        // The key goes into an HTTP header: control characters cannot travel there either.
        for (field, value, max) in [
            ("llm_endpoint", &self.llm_endpoint, MAX_URL_BYTES),
            ("llm_model", &self.llm_model, MAX_MODEL_BYTES),
            ("api_key", &self.api_key, MAX_API_KEY_BYTES),
        ] {
            if let Patch::Set(value) = value {
                check_line(problems, field, value, Limit::Bytes(max));
            }
        }
    }
}

/// `GET/PUT /admin/instance`: settings of the whole instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceSettings {
    /// Whether anyone may create a `user` account with `POST /auth/register`.
    pub registration_open: bool,
    /// Whether every user must sign in with a second factor: users without one are sent to
    /// set it up after signing in (403 `two_factor_enrolment_required` elsewhere until they
    /// do). Absent in a `PUT`: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_two_factor: Option<bool>,
}

impl CheckInput for InstanceSettings {
    fn check_input(&self, _problems: &mut Problems) {}
}

/// One user as administrators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUserResponse {
    /// User id (UUID).
    pub id: String,
    /// Username.
    pub username: String,
    /// Email address.
    pub email: String,
    /// Role names.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<RoleName>))]
    pub roles: Vec<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Whether the user must change their password first.
    pub force_password_change: bool,
    /// Whether sign-in asks the user for a second factor.
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// The last successful login, RFC 3339.
    pub last_login_at: Option<String>,
    /// How many resumes the user owns.
    pub resume_count: u64,
    /// Free attributes (includes `force_password_change` when set).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub attributes: Attributes,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// A page of users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserListResponse {
    /// The users of this page, by username.
    pub items: Vec<AdminUserResponse>,
    /// The page number (from 1).
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// How many users there are in all.
    pub total: u64,
}

/// `POST /admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    /// Username (the rules of registration).
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
    )]
    pub username: String,
    /// Email address (the rules of registration).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@\s.\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@\s.\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: String,
    /// Initial password (the rules of registration).
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: String,
    /// Roles to grant (`user`, `admin`; at most 8 names); default `["user"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<Vec<RoleName>>, max_items = 8)
    )]
    pub roles: Option<Vec<String>>,
    /// Make the user change the password at first login.
    #[serde(default)]
    pub force_password_change: bool,
}

/// The role names, for the OpenAPI document (the wire carries plain strings).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy)]
pub enum RoleName {
    /// A user: their own resumes.
    User,
    /// An administrator: also users, the audit log and the instance.
    Admin,
}

impl CheckInput for CreateUserRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_line(
            problems,
            "username",
            &self.username,
            Limit::Bytes(MAX_USERNAME_BYTES),
        );
        check_line(
            problems,
            "email",
            &self.email,
            Limit::Bytes(MAX_EMAIL_BYTES),
        );
        check_secret(
            problems,
            "password",
            &self.password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
        if let Some(roles) = &self.roles {
            if roles.len() > MAX_ROLES {
                problems
                    .entry("roles".to_owned())
                    .or_insert_with(|| format!("must list at most {MAX_ROLES} roles"));
            }
            for role in roles {
                check_line(problems, "roles", role, Limit::Bytes(MAX_ROLE_NAME_BYTES));
            }
        }
    }
}

/// `PATCH /admin/users/{id}`: absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUserRequest {
    /// New email address (the rules of registration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@\s.\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@\s.\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: Option<String>,
    /// Activate or deactivate (deactivation ends the user's sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Set or clear the forced password change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_password_change: Option<bool>,
    /// Replaces the attribute map (`force_password_change` inside it is honoured too; the
    /// explicit field above wins); at most 16 KiB as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub attributes: Option<Attributes>,
    /// Set a new password (the rules of registration; the user's sessions end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: Option<String>,
}

impl CheckInput for UpdateUserRequest {
    fn check_input(&self, problems: &mut Problems) {
        if let Some(email) = &self.email {
            check_line(problems, "email", email, Limit::Bytes(MAX_EMAIL_BYTES));
        }
        if let Some(password) = &self.password {
            check_secret(
                problems,
                "password",
                password,
                Limit::Bytes(MAX_PASSWORD_BYTES),
            );
        }
        if let Some(attributes) = &self.attributes
            && json_size(attributes) > MAX_ATTRIBUTES_BYTES
        {
            problems
                .entry("attributes".to_owned())
                .or_insert_with(|| Limit::Bytes(MAX_ATTRIBUTES_BYTES).problem() + " as JSON");
        }
    }
}

/// The size of a value written as compact JSON, without building the text.
fn json_size(value: &impl Serialize) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing a map of JSON values cannot fail; if it ever did, count it as too large.
    match serde_json::to_writer(&mut counter, value) {
        Ok(()) => counter.0,
        Err(_) => usize::MAX,
    }
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryResponse {
    /// Entry id (increasing).
    pub id: i64,
    /// RFC 3339.
    pub created_at: String,
    /// Who acted (the impersonated user when an administrator acted as them).
    pub actor_user_id: Option<String>,
    /// The administrator behind an impersonated action.
    pub impersonator_user_id: Option<String>,
    /// What happened, e.g. `login.success`, `user.delete`, `impersonation.write`.
    pub action: String,
    /// Whom it concerned.
    pub target_user_id: Option<String>,
    /// The client address.
    pub ip: Option<String>,
    /// Event-specific details.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    /// How many times the event happened: more than 1 for a repeated event recorded once per
    /// key and window (a client refused by a rate limit again and again).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub count: u64,
    /// When a repeated event last happened (RFC 3339); absent when `count` is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_at: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditListResponse {
    /// The entries of this page, newest first.
    pub items: Vec<AuditEntryResponse>,
    /// The page number (from 1).
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// How many entries match in all.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_tells_absent_from_null_from_value() {
        let absent: UpdateSettingsRequest = serde_json::from_str("{}").unwrap();
        let null: UpdateSettingsRequest = serde_json::from_str(r#"{"api_key":null}"#).unwrap();
        let set: UpdateSettingsRequest = serde_json::from_str(r#"{"api_key":"k"}"#).unwrap();
        assert_eq!(absent.api_key, Patch::Unchanged);
        assert_eq!(null.api_key, Patch::Clear);
        assert_eq!(set.api_key, Patch::Set("k".to_owned()));
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
    }

    #[test]
    fn error_envelope_omits_empty_fields() {
        let error = ApiError::new(ErrorCode::NotFound, "No such user.");
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"error":{"code":"not_found","message":"No such user."}}"#
        );
    }
}
