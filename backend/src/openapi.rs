//! The OpenAPI document's frame: title, tags and the two security schemes. The paths and
//! schemas come from the `#[utoipa::path]` handlers through `utoipa_axum`'s routers, so a
//! route cannot be added without appearing in the document. Answers every operation can give
//! (the request timeout) are added to each once the paths are known.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// The document frame.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Resume Editor API",
        description = "JSON API of Resume Editor. Errors always use the `ApiError` envelope. \
            Authenticate with `Authorization: Bearer <access_token>` (from `POST /api/v1/auth/login`) \
            or with the `resume_editor_session` cookie; cookie-authenticated writes must send \
            `X-CSRF-Token` equal to the `resume_editor_csrf` cookie.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&SecurityAddon),
    components(schemas(resume_shared::api::ApiError, resume_shared::api::ErrorBody)),
    tags(
        (name = "health", description = "Liveness and database check"),
        (name = "setup", description = "First run: creating the first administrator"),
        (name = "auth", description = "Login, logout, registration, passwords, impersonation stop"),
        (name = "settings", description = "The signed-in user's settings"),
        (name = "admin", description = "User management, impersonation, audit log, instance settings (role admin)"),
    )
)]
pub struct ApiDoc;

/// Adds the `bearer` (JWT) and `cookie` (`resume_editor_session`) security schemes.
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
                    .bearer_format("JWT")
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

/// Documents on every operation the 408 `request_timeout` answer of the request timeout
/// (`RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS`), which any request can meet.
pub fn document_request_timeout(openapi: &mut utoipa::openapi::OpenApi) {
    let response = ResponseBuilder::new()
        .description(
            "The request took longer than RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS (`request_timeout`)",
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build();
    for item in openapi.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            operation
                .responses
                .responses
                .entry("408".to_owned())
                .or_insert_with(|| RefOr::T(response.clone()));
        }
    }
}
