//! The HTTP error type and the extractors that report their rejections through it.
//!
//! Every 4xx/5xx answer of the API carries the one envelope of [`resume_shared::api::ApiError`]:
//! handlers return [`AppError`], and request bodies, paths and queries are read with
//! [`AppJson`], [`AppPath`] and [`AppQuery`], whose rejections become envelopes too (axum's own
//! extractors answer in plain text). Internal errors are logged once, here, where they become a
//! response, and answered with an opaque message.
//!
//! [`AppJson`] and [`AppQuery`] are also where untrusted input is first held to its limits: a
//! body must be a JSON object, and so must every struct inside it (serde would otherwise fill a
//! struct from an array, by position; [`crate::strict_json`]), and every body and query type implements [`CheckInput`], whose size and
//! character rules are checked before the handler runs, so a request that breaks them reaches
//! no database, rate limiter or audit log.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use resume_shared::api::input::{CheckInput, capped};
use resume_shared::api::{ApiError, ErrorBody, ErrorCode};
use sea_orm::DbErr;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::services::{FieldErrors, ServiceError};
use crate::strict_json;

/// `Result` with [`AppError`] as the default error.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// An error answer of the API.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401, with `WWW-Authenticate: Bearer`.
    #[error("authentication required")]
    Unauthorized,
    /// 401 for a failed login (same code, a message about the credentials).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401 for a refused second step of a login: its code and the sentence saying what to do.
    #[error("{message}")]
    SecondFactorRejected {
        /// `invalid_code` or `sign_in_expired`.
        code: ErrorCode,
        /// The sentence.
        message: &'static str,
    },
    /// 403 with a specific code (`forbidden`, `csrf_failed`, `registration_closed`, …).
    #[error("{message}")]
    Forbidden {
        /// The code.
        code: ErrorCode,
        /// The sentence.
        message: String,
    },
    /// 404.
    #[error("{0}")]
    NotFound(String),
    /// 409 with a specific code (`conflict`, `setup_required`, `last_admin`, …).
    #[error("{message}")]
    Conflict {
        /// The code.
        code: ErrorCode,
        /// The sentence.
        message: String,
    },
    /// 409 `version_conflict`: a stale version; the body carries the current one.
    #[error("version conflict")]
    VersionConflict {
        /// The version stored now.
        current: i64,
    },
    /// 422 `invalid_resume`: resume text with errors, listed with their lines.
    #[error("invalid resume")]
    InvalidResume(resume_shared::ParseError),
    /// 422 `validation_failed`, naming each bad field.
    #[error("validation failed")]
    Validation {
        /// Field → problem.
        fields: FieldErrors,
    },
    /// 429 `rate_limited` with `Retry-After`.
    #[error("too many attempts")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// 503 `unavailable` with `Retry-After`: the server has no room for this work right now.
    #[error("busy: {message}")]
    Busy {
        /// The sentence.
        message: String,
        /// Seconds after which a retry is likely to find room.
        retry_after_secs: u64,
    },
    /// Any other 4xx (malformed JSON, wrong content type, oversized body, bad parameter).
    #[error("{message}")]
    BadRequest {
        /// The status.
        status: StatusCode,
        /// The code.
        code: ErrorCode,
        /// The sentence.
        message: String,
    },
    /// 503: the database cannot be reached.
    #[error("service unavailable")]
    Unavailable,
    /// A database error: 500, logged.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Anything else: 500, logged.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 422 naming the bad fields, e.g. `AppError::validation([("password", "too short")])`.
    pub fn validation<K: Into<String>, V: Into<String>>(
        fields: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::Validation {
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// A 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            code: ErrorCode::Forbidden,
            message: message.into(),
        }
    }

    /// A 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            code: ErrorCode::Conflict,
            message: message.into(),
        }
    }

    /// A 400 `invalid_parameter`.
    pub fn bad_parameter(message: impl Into<String>) -> Self {
        Self::BadRequest {
            status: StatusCode::BAD_REQUEST,
            code: ErrorCode::InvalidParameter,
            message: message.into(),
        }
    }

    fn status_and_body(&self) -> (StatusCode, ApiError) {
        let simple = |status, code, message: &str| (status, ApiError::new(code, message));
        match self {
            Self::Unauthorized => simple(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Sign in to continue.",
            ),
            Self::InvalidCredentials => simple(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Wrong username or password.",
            ),
            Self::SecondFactorRejected { code, message } => {
                simple(StatusCode::UNAUTHORIZED, *code, message)
            }
            Self::Forbidden { code, message } => simple(StatusCode::FORBIDDEN, *code, message),
            Self::NotFound(message) => simple(StatusCode::NOT_FOUND, ErrorCode::NotFound, message),
            Self::Conflict { code, message } => simple(StatusCode::CONFLICT, *code, message),
            Self::Validation { fields } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError {
                    error: ErrorBody {
                        fields: fields.clone(),
                        ..ApiError::new(ErrorCode::ValidationFailed, "Some fields are invalid.")
                            .error
                    },
                },
            ),
            Self::VersionConflict { current } => (
                StatusCode::CONFLICT,
                ApiError {
                    error: ErrorBody {
                        current_version: Some(*current),
                        ..ApiError::new(
                            ErrorCode::VersionConflict,
                            format!(
                                "The resume changed meanwhile (it is now at version {current}); \
                                 nothing was saved. Reload it, or save again based on version \
                                 {current} to keep your text."
                            ),
                        )
                        .error
                    },
                },
            ),
            Self::InvalidResume(failure) => {
                let count = failure.errors.len();
                let first = failure
                    .errors
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let message = if count == 1 {
                    format!("The resume has an error: {first}")
                } else {
                    format!("The resume has {count} errors, the first: {first}")
                };
                // A text can hold a finding on every line: the answer lists the first ones and
                // says how many there are, so its size does not grow with the text.
                let (diagnostics, total) = capped(failure.errors.clone());
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ApiError {
                        error: ErrorBody {
                            fields: [("content".to_owned(), first)].into(),
                            diagnostics,
                            diagnostic_count: Some(total as u64),
                            ..ApiError::new(ErrorCode::InvalidResume, message).error
                        },
                    },
                )
            }
            Self::RateLimited { .. } => simple(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "Too many attempts. Try again later.",
            ),
            Self::BadRequest {
                status,
                code,
                message,
            } => simple(*status, *code, message),
            Self::Unavailable => simple(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                "The service is temporarily unavailable.",
            ),
            Self::Busy { message, .. } => simple(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                message,
            ),
            Self::Db(_) | Self::Internal(_) => simple(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "Something went wrong on the server.",
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            // Logged once, here; the client gets an opaque message.
            Self::Db(error) => tracing::error!(error = %error, "database error"),
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error")
            }
            _ => {}
        }
        let (status, body) = self.status_and_body();
        let mut response = (status, axum::Json(body)).into_response();
        match self {
            Self::Unauthorized | Self::InvalidCredentials => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::RateLimited { retry_after_secs }
            | Self::Busy {
                retry_after_secs, ..
            } => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(1)),
                );
            }
            _ => {}
        }
        response
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Validation(fields) => Self::Validation { fields },
            ServiceError::NotFound(what) => Self::NotFound(what),
            ServiceError::Conflict { code, message } => Self::Conflict { code, message },
            ServiceError::VersionConflict { current } => Self::VersionConflict { current },
            ServiceError::InvalidResume(failure) => Self::InvalidResume(failure),
            ServiceError::Forbidden { code, message } => Self::Forbidden { code, message },
            ServiceError::Unauthorized => Self::InvalidCredentials,
            ServiceError::SecondFactorRejected { code, message } => {
                Self::SecondFactorRejected { code, message }
            }
            ServiceError::RateLimited { retry_after_secs } => {
                Self::RateLimited { retry_after_secs }
            }
            ServiceError::Busy { retry_after_secs } => Self::Busy {
                message: "The server is busy. Try again in a moment.".to_owned(),
                retry_after_secs,
            },
            ServiceError::Db(error) => Self::Db(error),
            ServiceError::Internal(error) => Self::Internal(error),
        }
    }
}

/// A JSON request body. Like [`axum::Json`], but malformed JSON, a wrong content type and an
/// oversized body answer in the error envelope; the body must be a JSON object (400
/// `invalid_json` otherwise); and the value must pass its [`CheckInput`] limits (422
/// `validation_failed` naming each field otherwise). Responses use [`axum::Json`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned + CheckInput,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json_content_type(req.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| body_rejection(rejection.status()))?;
        if !is_json_object(&bytes) {
            return Err(AppError::BadRequest {
                status: StatusCode::BAD_REQUEST,
                code: ErrorCode::InvalidJson,
                message: "The request body must be a JSON object with named fields, \
                          such as {\"name\": \"…\"}."
                    .to_owned(),
            });
        }
        let axum::Json(json) = axum::Json::<Value>::from_bytes(&bytes)
            .map_err(|rejection| json_rejection(&rejection))?;
        // Structs are read from objects only, at every depth (`strict_json`).
        let value = match strict_json::from_value::<T>(json) {
            Ok(value) => value,
            // JSON Schema counts `3.0` as an integer, and so does the OpenAPI document: read
            // such numbers as the integers they are before calling the body malformed.
            Err(error) => integral_floats_as_integers(&bytes)
                .and_then(|value| strict_json::from_value(value).ok())
                .ok_or_else(|| shape_error(&error))?,
        };
        check(&value)?;
        Ok(Self(value))
    }
}

/// 422 naming every field of `input` that breaks its limits.
fn check(input: &impl CheckInput) -> Result<(), AppError> {
    let fields = input.input_problems();
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation { fields })
    }
}

/// Whether a body is (at least at its start) a JSON object. serde fills a struct from a JSON
/// array by position, so `["a@example.com", false]` would pass for `{email, active}`; every
/// request body of this API is an object with named fields, and one byte tells.
fn is_json_object(body: &[u8]) -> bool {
    body.iter()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|byte| *byte == b'{')
}

/// The answer to a body that could not be read: too large, or broken off.
fn body_rejection(status: StatusCode) -> AppError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadRequest {
            status,
            code: ErrorCode::PayloadTooLarge,
            message: "The request body is too large.".to_owned(),
        }
    } else {
        AppError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            code: ErrorCode::InvalidJson,
            message: "The request body could not be read.".to_owned(),
        }
    }
}

/// Whether the request says its body is JSON: `application/json` or `application/*+json`, with
/// any parameters (as `axum::Json` decides).
fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let essence = value.split(';').next().unwrap_or_default().trim();
            essence
                .to_ascii_lowercase()
                .strip_prefix("application/")
                .is_some_and(|subtype| subtype == "json" || subtype.ends_with("+json"))
        })
}

fn unsupported_media_type() -> AppError {
    AppError::BadRequest {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: ErrorCode::UnsupportedMediaType,
        message: "The request body must be JSON (Content-Type: application/json).".to_owned(),
    }
}

/// The body with every number that is written as a float but is a whole number within the
/// 64-bit integer range (`3.0`, `1e3`) turned into that integer; `None` when the body is not
/// JSON or has no such number (nothing would change).
fn integral_floats_as_integers(body: &[u8]) -> Option<Value> {
    fn walk(value: &mut Value) -> bool {
        match value {
            Value::Number(number) if number.is_f64() => {
                let Some(float) = number.as_f64().filter(|f| f.fract() == 0.0) else {
                    return false;
                };
                // 2^63 and 2^64 are exact as f64; every whole float below them converts exactly.
                let integer = if (0.0..18_446_744_073_709_551_616.0).contains(&float) {
                    Value::from(float as u64)
                } else if (-9_223_372_036_854_775_808.0..0.0).contains(&float) {
                    Value::from(float as i64)
                } else {
                    return false;
                };
                *value = integer;
                true
            }
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| walk(item) | changed),
            Value::Object(fields) => fields
                .values_mut()
                .fold(false, |changed, field| walk(field) | changed),
            _ => false,
        }
    }
    let mut value: Value = serde_json::from_slice(body).ok()?;
    walk(&mut value).then_some(value)
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    let status = rejection.status();
    let (code, message) = match rejection {
        JsonRejection::MissingJsonContentType(_) => return unsupported_media_type(),
        JsonRejection::JsonSyntaxError(_) => (
            ErrorCode::InvalidJson,
            format!(
                "The request body is not valid JSON: {}",
                rejection.body_text()
            ),
        ),
        JsonRejection::JsonDataError(_) => (
            ErrorCode::InvalidJson,
            format!(
                "The request body does not have the expected shape: {}",
                rejection.body_text()
            ),
        ),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "The request body is too large.".to_owned(),
        ),
        _ => (
            ErrorCode::InvalidJson,
            "The request body could not be read.".to_owned(),
        ),
    };
    // Data errors come back from axum as 422; they are about the JSON's shape, not the
    // values, so they answer 400 `invalid_json`, and 422 stays reserved for field validation.
    let status = match code {
        ErrorCode::InvalidJson => StatusCode::BAD_REQUEST,
        _ => status,
    };
    AppError::BadRequest {
        status,
        code,
        message,
    }
}

/// 400 `invalid_json` for a body that is JSON but not of the request's shape, naming the field.
fn shape_error(error: &strict_json::ShapeError) -> AppError {
    AppError::BadRequest {
        status: StatusCode::BAD_REQUEST,
        code: ErrorCode::InvalidJson,
        message: format!("The request body does not have the expected shape: {error}"),
    }
}

/// A path parameter whose parse failure answers 400 `invalid_parameter` in the envelope.
#[derive(Debug, Clone, Copy)]
pub struct AppPath<T>(pub T);

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(path_rejection(&rejection)),
        }
    }
}

fn path_rejection(rejection: &PathRejection) -> AppError {
    AppError::bad_parameter(format!("Invalid path parameter: {}", rejection.body_text()))
}

/// Query parameters whose parse failure answers 400 `invalid_parameter` in the envelope, and
/// whose values must pass their [`CheckInput`] limits (422 `validation_failed` naming each
/// parameter otherwise).
#[derive(Debug, Clone, Copy, Default)]
pub struct AppQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned + CheckInput,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => {
                check(&value)?;
                Ok(Self(value))
            }
            Err(rejection) => Err(query_rejection(&rejection)),
        }
    }
}

fn query_rejection(rejection: &QueryRejection) -> AppError {
    AppError::bad_parameter(format!(
        "Invalid query parameter: {}",
        rejection.body_text()
    ))
}

/// The answer to an unknown route: 404 in the envelope.
pub async fn not_found() -> AppError {
    AppError::NotFound("No such route.".to_owned())
}

/// The answer to a known route with a method it does not take: 405 in the envelope.
pub async fn method_not_allowed() -> AppError {
    AppError::BadRequest {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: ErrorCode::MethodNotAllowed,
        message: "This route does not accept that method.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::password::{BUSY_RETRY_AFTER_SECS, HashError};

    #[tokio::test]
    async fn a_full_hashing_gate_answers_503_with_retry_after() {
        let response = AppError::from(ServiceError::from(HashError::Busy)).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers()[header::RETRY_AFTER],
            BUSY_RETRY_AFTER_SECS.to_string().as_str()
        );
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "unavailable");
        let failed = AppError::from(ServiceError::from(HashError::Failed(
            "out of memory".to_owned(),
        )));
        assert_eq!(
            failed.into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
