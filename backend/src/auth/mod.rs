//! Who is asking: session tokens ([`jwt`]), passwords ([`password`]), the extractors that
//! authenticate a request ([`extractor`]), the client's address behind trusted proxies
//! ([`client_address`]), fingerprints of unknown login names ([`fingerprint`]), the session
//! cookies ([`cookies`]) and their CSRF values ([`csrf`]), the handover of a new session to the
//! client ([`session`]), and the middleware that audits writes made while impersonating.
//!
//! A request authenticates with `Authorization: Bearer <token>` (API clients) or with the
//! HttpOnly session cookie (the browser app; `__Host-resume_editor_session` when cookies are
//! `Secure`, else `resume_editor_session`). Cookie-authenticated requests that change state
//! must also send `X-CSRF-Token` equal to the CSRF cookie, and that value must be the one of
//! the session (an HMAC of its id): a cross-site page can make the browser send the cookies
//! but cannot read them to forge the header, and a pair taken from another session fails.
//! Bearer requests carry no ambient credential and are exempt.

pub mod client_address;
pub mod cookies;
pub mod csrf;
pub mod extractor;
pub mod fingerprint;
pub mod jwt;
pub mod password;
pub mod recovery_code;
pub mod session;
pub mod totp;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use serde_json::json;

use crate::services::audit;
use crate::state::AppState;

/// The session cookie's name on plain HTTP (HttpOnly): the same token as the bearer token.
pub const SESSION_COOKIE: &str = cookies::PLAIN_NAMES.session;
/// The CSRF cookie's name on plain HTTP (readable by the page): copy it into [`CSRF_HEADER`]
/// on writes.
pub const CSRF_COOKIE: &str = cookies::PLAIN_NAMES.csrf;
/// The CSRF header of cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Whether a method changes state (and so needs the CSRF header under cookie auth).
#[must_use]
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The bearer token of the `Authorization` header, if it is one.
#[must_use]
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Middleware: every state-changing request made with an impersonation token is written to the
/// audit log (method, path, status), after the handler ran. Requests the session check
/// rejected (401) are not: they changed nothing and were not made as the user.
pub async fn audit_impersonated_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let claims = is_state_changing(request.method())
        .then(|| {
            bearer_token(request.headers())
                .or_else(|| {
                    let names = cookies::names(state.cookie_secure());
                    cookies::find(request.headers(), names.session).value()
                })
                .and_then(|token| state.jwt.verify(token))
        })
        .flatten()
        .filter(|claims| claims.imp.is_some());
    let Some(claims) = claims else {
        return next.run(request).await;
    };
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let ip = extractor::client_ip(
        request.extensions(),
        request.headers(),
        &state.settings.trusted_proxies,
    );
    let response = next.run(request).await;
    let status = response.status();
    if status != axum::http::StatusCode::UNAUTHORIZED {
        let event = audit::Event {
            action: audit::action::IMPERSONATION_WRITE,
            actor_user_id: Some(claims.sub),
            impersonator_user_id: claims.imp,
            target_user_id: Some(claims.sub),
            ip,
            details: json!({ "method": method, "path": path, "status": status.as_u16() }),
        };
        if let Err(error) = audit::record(&state.db, event, Utc::now()).await {
            tracing::error!(error = %error, "could not audit an impersonated write");
        }
    }
    response
}
