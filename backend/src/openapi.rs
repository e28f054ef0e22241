//! The OpenAPI document's frame: title, tags and the two security schemes. The paths and
//! schemas come from the `#[utoipa::path]` handlers through `utoipa_axum`'s routers, so a
//! route cannot be added without appearing in the document. [`StandardResponses`] then adds to
//! every operation the error answers that come from the kind of request rather than from its
//! handler (a JSON body, parameters, authentication, the setup gate, the request timeout).

use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::setup_gate::OPEN_BEFORE_SETUP;

/// The document frame.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Resume Editor API",
        description = "JSON API of Resume Editor. Errors always use the `ApiError` envelope. \
            Authenticate with `Authorization: Bearer <token>`: a personal access token \
            (`re_pat_…`, from `POST /api/v1/tokens`; `read` tokens cannot write) or a session \
            token (from `POST /api/v1/auth/login`); or with the `resume_editor_session` cookie, \
            whose writes must send `X-CSRF-Token` equal to the `resume_editor_csrf` cookie.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&SecurityAddon),
    components(schemas(resume_shared::api::ApiError, resume_shared::api::ErrorBody)),
    tags(
        (name = "health", description = "Liveness and database check"),
        (name = "setup", description = "First run: creating the first administrator"),
        (name = "auth", description = "Login, logout, registration, passwords, impersonation stop"),
        (name = "settings", description = "The signed-in user's settings"),
        (name = "tokens", description = "Personal access tokens for scripts and API clients"),
        (name = "account", description = "The signed-in user's whole account: export everything, delete it"),
        (name = "admin", description = "User management, impersonation, audit log, instance settings (role admin)"),
        (name = "documents", description = "Templates, exports (PDF, Word, Markdown), page previews and remembered export options"),
        (name = "applications", description = "The application tracker: where a resume was sent, its status, next step and timeline; the list and its CSV export"),
        (name = "cover-letters", description = "Cover letters: drafted from a resume and a job by the language model (with the fact guard), stored with revisions, edited as Markdown"),
        (name = "shares", description = "Public read-only links to a resume (`/s/{token}`): made, listed and revoked by its owner"),
    )
)]
pub struct ApiDoc;

/// Adds the `bearer` (personal access token or session JWT) and `cookie`
/// (`resume_editor_session`) security schemes.
#[derive(Debug)]
pub struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal access token (`re_pat_…`, from `POST /api/v1/tokens`) or a \
                         session token (a JWT, from `POST /api/v1/auth/login`).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The session cookie set by login; writes also need the X-CSRF-Token header.",
            ))),
        );
    }
}

/// Gives every integer schema the range of its type where it has none: `format` says the type
/// (`int32`, `uint64`, …, with utoipa's `non_strict_integers`, whose `u-int32` spelling becomes
/// `uint32`; `usize` has no format but a
/// `minimum` of 0, and is a `u64` on the servers this runs on). A number outside the range
/// cannot be read (400 `invalid_json` or `invalid_parameter`), so the document says so.
#[derive(Debug)]
pub struct IntegerRanges;

impl Modify for IntegerRanges {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Ok(mut document) = serde_json::to_value(&*openapi) else {
            return;
        };
        add_integer_ranges(&mut document);
        // The document only gained keywords utoipa's types have, so it reads back; if it ever
        // did not, the document stays as it was (and the test of the ranges fails).
        if let Ok(ranged) = serde_json::from_value(document) {
            *openapi = ranged;
        }
    }
}

/// The range of an integer `format` (or of none: `usize`).
fn integer_range(format: Option<&str>) -> Option<(serde_json::Value, serde_json::Value)> {
    use serde_json::Value;
    Some(match format {
        Some("int8") => (Value::from(i8::MIN), Value::from(i8::MAX)),
        Some("int16") => (Value::from(i16::MIN), Value::from(i16::MAX)),
        Some("int32") => (Value::from(i32::MIN), Value::from(i32::MAX)),
        Some("int64") => (Value::from(i64::MIN), Value::from(i64::MAX)),
        Some("uint8") => (Value::from(0), Value::from(u8::MAX)),
        Some("uint16") => (Value::from(0), Value::from(u16::MAX)),
        Some("uint32") => (Value::from(0), Value::from(u32::MAX)),
        Some("uint64") | None => (Value::from(0), Value::from(u64::MAX)),
        Some(_) => return None,
    })
}

fn add_integer_ranges(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            let integer = match object.get("type") {
                Some(serde_json::Value::String(kind)) => kind == "integer",
                Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|k| k == "integer"),
                _ => false,
            };
            // utoipa writes the unsigned formats as `u-int32` and so on; the usual name is
            // `uint32`.
            if integer
                && let Some(serde_json::Value::String(format)) = object.get_mut("format")
                && let Some(unsigned) = format.strip_prefix("u-int")
            {
                *format = format!("uint{unsigned}");
            }
            let format = object.get("format").and_then(serde_json::Value::as_str);
            // Without a format, only `usize` (minimum 0) is known to be 64-bit unsigned.
            let known = format.is_some() || object.get("minimum") == Some(&0.into());
            if integer
                && known
                && let Some((minimum, maximum)) = integer_range(format)
            {
                object.entry("minimum").or_insert(minimum);
                object.entry("maximum").or_insert(maximum);
            }
            for child in object.values_mut() {
                add_integer_ranges(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(add_integer_ranges),
        _ => {}
    }
}

/// Lists every closed set of values as an `enum`: a string whose `pattern` is an alternation of
/// plain words (`^(pdf|docx|markdown)$`, or `^-?(name|updated)$` for a sort that may be
/// reversed) gets those words as its `enum`, and the pattern, which said the same, goes. The
/// patterns are what the server checks, so the enums are exactly the values it takes.
#[derive(Debug)]
pub struct ClosedSets;

impl Modify for ClosedSets {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Ok(mut document) = serde_json::to_value(&*openapi) else {
            return;
        };
        add_closed_sets(&mut document);
        if let Ok(closed) = serde_json::from_value(document) {
            *openapi = closed;
        }
    }
}

/// The words of a pattern that only lists words, with their reversed (`-`) forms when the
/// pattern allows a leading `-`.
fn closed_set(pattern: &str) -> Option<Vec<String>> {
    let (reversible, rest) = match pattern.strip_prefix("^-?(") {
        Some(rest) => (true, rest),
        None => (false, pattern.strip_prefix("^(")?),
    };
    let words: Vec<&str> = rest.strip_suffix(")$")?.split('|').collect();
    let plain = |word: &&str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !words.iter().all(plain) {
        return None;
    }
    let mut values: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
    if reversible {
        values.extend(words.iter().map(|word| format!("-{word}")));
    }
    Some(values)
}

fn add_closed_sets(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            let set = object
                .get("pattern")
                .and_then(serde_json::Value::as_str)
                .and_then(closed_set);
            if let Some(set) = set
                && object.get("type") == Some(&"string".into())
            {
                object.remove("pattern");
                object.insert("enum".to_owned(), set.into());
            }
            for child in object.values_mut() {
                add_closed_sets(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(add_closed_sets),
        _ => {}
    }
}

/// Describes every answer that is not JSON or an event stream as what it is, bytes of its media
/// type (`type: string, format: binary`): documents (PDF, DOCX, Markdown) and page images.
#[derive(Debug)]
pub struct BinaryResponses;

impl Modify for BinaryResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for (_, operation) in operations_mut(item) {
                for response in operation.responses.responses.values_mut() {
                    let RefOr::T(response) = response else {
                        continue;
                    };
                    for (media_type, content) in &mut response.content {
                        if let RefOr::T(content) = content
                            && !media_type.starts_with("application/json")
                            && media_type != "text/event-stream"
                        {
                            content.schema = Some(binary_schema());
                        }
                    }
                }
            }
        }
    }
}

fn binary_schema() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
        .into()
}

/// Operations that admit a session whose user must still change their password and that never
/// check CSRF (reads): they cannot answer 403. Every other authenticated operation can, with
/// `password_change_required` or, for writes, `csrf_failed`.
const NEVER_FORBIDDEN: [&str; 1] = ["get_me"];

/// Adds to every operation the error answers that the request's kind can cause before or
/// around its handler, when the operation does not document that status itself:
///
/// - a JSON body: 400 `invalid_json`, 413 `payload_too_large`, 415 `unsupported_media_type`
///   (the `AppJson` extractor and the body limit); any other body: 413;
/// - path or query parameters: 400 `invalid_parameter` (`AppPath`, `AppQuery`);
/// - authentication: 401 `unauthorized`, and 403 `csrf_failed` (cookie writes) or
///   `password_change_required` (a forced password change), except on the routes a forced
///   password change leaves open (`NEVER_FORBIDDEN`);
/// - every route behind the setup gate: 409 `setup_required`;
/// - every route: 408 `request_timeout` (`RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS`) and 500
///   `internal`.
///
/// Each carries the `ApiError` envelope. It runs on the finished document (paths under
/// `/api/v1`), so it is applied by `routes::api_router` rather than listed in `ApiDoc`.
#[derive(Debug)]
pub struct StandardResponses;

impl Modify for StandardResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let gated = !OPEN_BEFORE_SETUP.contains(&path.as_str());
            for (method, operation) in operations_mut(item) {
                for (status, description) in standard_responses(method, operation, gated) {
                    if !operation.responses.responses.contains_key(status) {
                        operation
                            .responses
                            .responses
                            .insert(status.to_owned(), RefOr::T(error_response(description)));
                    }
                }
            }
        }
    }
}

/// The operations of a path item with their lower-case methods.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("patch", item.patch.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|operation| (method, operation)))
}

/// The standard (status, description) pairs that apply to `operation`.
fn standard_responses(
    method: &str,
    operation: &Operation,
    gated: bool,
) -> Vec<(&'static str, &'static str)> {
    let mut responses = Vec::new();
    let body_types: Vec<&str> = operation
        .request_body
        .as_ref()
        .map(|body| match body {
            RefOr::T(body) => body.content.keys().map(String::as_str).collect(),
            RefOr::Ref(_) => Vec::new(),
        })
        .unwrap_or_default();
    let json_body = body_types.contains(&"application/json");
    let parameters = operation.parameters.iter().flatten().any(|parameter| {
        matches!(parameter, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query))
    });
    if json_body && parameters {
        responses.push((
            "400",
            "The body is not JSON, or not of the expected shape (`invalid_json`); or a path or \
             query parameter does not parse (`invalid_parameter`)",
        ));
    } else if json_body {
        responses.push((
            "400",
            "The body is not JSON, or not of the expected shape (`invalid_json`)",
        ));
    } else if parameters {
        responses.push((
            "400",
            "A path or query parameter does not parse (`invalid_parameter`)",
        ));
    }
    if !body_types.is_empty() {
        responses.push(("413", "The body is over 2 MiB (`payload_too_large`)"));
    }
    if json_body {
        responses.push((
            "415",
            "The body is not `application/json` (`unsupported_media_type`)",
        ));
    }
    let authenticated = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    if authenticated {
        responses.push(("401", "Not signed in (`unauthorized`)"));
        let never_forbidden = operation
            .operation_id
            .as_deref()
            .is_some_and(|id| NEVER_FORBIDDEN.contains(&id));
        if !never_forbidden {
            responses.push(if method == "get" {
                (
                    "403",
                    "The user must change their password first (`password_change_required`), or \
                     a personal access token on a route that needs a session (`session_required`)",
                )
            } else {
                (
                    "403",
                    "A cookie-authenticated write without the CSRF header (`csrf_failed`), the \
                     user must change their password first (`password_change_required`), a \
                     `read` personal access token (`insufficient_scope`), or a personal access \
                     token on a route that needs a session (`session_required`)",
                )
            });
        }
    }
    if gated {
        responses.push(("409", "The instance is not set up yet (`setup_required`)"));
    }
    responses.push((
        "408",
        "The request took longer than RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS (`request_timeout`)",
    ));
    responses.push((
        "500",
        "A server fault (`internal`); the cause is in the server log",
    ));
    responses
}

/// An error answer with `description` and the `ApiError` envelope.
fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build()
}
