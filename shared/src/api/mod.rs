//! Wire types of the JSON API under `/api/v1`: request and response bodies shared by the server
//! and the browser app, and the one error envelope every 4xx/5xx answer carries.
//!
//! These are plain data with public fields (`XxxRequest` / `XxxResponse`). Identifiers are
//! UUIDs and timestamps RFC 3339 strings in UTC, kept as `String` here so the crate stays free
//! of clock and UUID dependencies and builds for wasm32. Validation happens on the server, once,
//! at the handler boundary; nothing here enforces it.
//!
//! JSON field names are a contract for scripts that call the API (see `docs/API-DESIGN.md`).

pub mod llm;
pub mod refinements;
pub mod resumes;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::markdown::Diagnostic;

/// A free JSON map of per-user attributes (`force_password_change` is one of them).
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// The body of every error response: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// For `invalid_resume`: every error in the resume text, with its line and section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
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
            Self::RegistrationClosed => "registration_closed",
            Self::PasswordChangeRequired => "password_change_required",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::SetupRequired => "setup_required",
            Self::AlreadySetUp => "already_set_up",
            Self::LastAdmin => "last_admin",
            Self::VersionConflict => "version_conflict",
            Self::ParentInTrash => "parent_in_trash",
            Self::InvalidResume => "invalid_resume",
            Self::NotImpersonating => "not_impersonating",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::ValidationFailed => "validation_failed",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
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
    /// `ok` or `degraded`.
    pub status: String,
    /// `ok` or `unavailable`.
    pub database: String,
}

/// `GET /setup/status`: what the login page needs before anyone is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatusResponse {
    /// True until the first administrator exists.
    pub needs_setup: bool,
    /// Whether self-registration is open.
    pub registration_open: bool,
}

/// `POST /setup` (the first administrator) and `POST /auth/register` (a user account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// 3–64 characters: letters, digits, `.`, `_`, `-`. Unique, ignoring case.
    pub username: String,
    /// Unique, ignoring case.
    pub email: String,
    /// At least 10 characters, at most 1024 bytes, not the username.
    pub password: String,
}

/// `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The username (any case) or the email address.
    pub username: String,
    /// The password.
    pub password: String,
}

/// A new session: answer of login, impersonation start and stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The bearer token (also set as the `resume_editor_session` cookie).
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
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
    pub current_password: Option<String>,
    /// The new password (same rules as at registration).
    pub new_password: String,
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
    /// `http(s)://` base URL, or `null` to clear.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub llm_endpoint: Patch<String>,
    /// Model name, or `null` to clear.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub llm_model: Patch<String>,
    /// The API key (write-only), or `null` to clear it.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub api_key: Patch<String>,
    /// 15–1440.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_timeout_minutes: Option<u32>,
    /// Replaces all options of the LLM endpoint, or `null` to reset them to the defaults.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<llm::LlmEndpointOptions>))]
    pub llm_options: Patch<llm::LlmEndpointOptions>,
}

/// `GET/PUT /admin/instance`: settings of the whole instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceSettings {
    /// Whether anyone may create a `user` account with `POST /auth/register`.
    pub registration_open: bool,
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
    pub roles: Vec<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Whether the user must change their password first.
    pub force_password_change: bool,
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
    /// Username.
    pub username: String,
    /// Email address.
    pub email: String,
    /// Initial password.
    pub password: String,
    /// Roles to grant; default `["user"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Make the user change the password at first login.
    #[serde(default)]
    pub force_password_change: bool,
}

/// `PATCH /admin/users/{id}`: absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUserRequest {
    /// New email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Activate or deactivate (deactivation ends the user's sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Set or clear the forced password change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_password_change: Option<bool>,
    /// Replaces the attribute map (`force_password_change` inside it is honoured too; the
    /// explicit field above wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub attributes: Option<Attributes>,
    /// Set a new password (the user's sessions end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
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
