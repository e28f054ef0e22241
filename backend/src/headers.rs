//! Security headers of every answer that the web module does not already give them
//! (`web` sets its own on the browser app's files).
//!
//! - API answers (`/api/…`: JSON, exports, event streams, errors) say
//!   `X-Content-Type-Options: nosniff`, and those under `/api/v1` — resumes, settings, the
//!   audit log, event streams: personal data — `Cache-Control: no-store`, replacing any
//!   weaker value (an event stream's `no-cache` still lets a cache keep a copy).
//! - Swagger UI (`/api/docs`) gets a Content-Security-Policy of its own (scripts and styles of
//!   this origin, the inline styles its components set, `data:` images) with
//!   `frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers: no site may
//!   frame it.
//! - When cookies are `Secure` (the instance is served over HTTPS), every answer carries
//!   `Strict-Transport-Security`, so a browser that has seen the site once never goes back to
//!   plain HTTP, where the cookies would not be sent and could be planted.
//!
//! Other headers a handler already set are kept.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// `Strict-Transport-Security`: one year, this host only (subdomains may be other services).
pub const HSTS: &str = "max-age=31536000";

/// The policy of Swagger UI's pages.
pub const SWAGGER_UI_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Middleware: adds the headers (see the module documentation).
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let api = path.starts_with("/api/");
    let personal = path.starts_with("/api/v1/");
    let docs = path == "/api/docs" || path.starts_with("/api/docs/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers
            .entry(header::X_CONTENT_TYPE_OPTIONS)
            .or_insert(HeaderValue::from_static("nosniff"));
    }
    if personal {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if docs {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SWAGGER_UI_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if state.cookie_secure() {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}
