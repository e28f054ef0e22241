//! Who is asking: session tokens ([`jwt`]), passwords ([`password`]), the extractors that
//! authenticate a request ([`extractor`]), the client's address behind trusted proxies
//! ([`client_address`]), fingerprints of unknown login names ([`fingerprint`]), the session and
//! CSRF cookies, and the middleware that audits writes made while impersonating.
//!
//! A request authenticates with `Authorization: Bearer <token>` (API clients) or with the
//! HttpOnly `resume_editor_session` cookie (the browser app). Cookie-authenticated requests
//! that change state must also send `X-CSRF-Token` equal to the `resume_editor_csrf` cookie
//! (double submit): a cross-site page can make the browser send the cookies but cannot read
//! them to forge the header. Bearer requests carry no ambient credential and are exempt.

pub mod client_address;
pub mod extractor;
pub mod fingerprint;
pub mod jwt;
pub mod password;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use serde_json::json;

use crate::app::AppState;
use crate::services::audit;

/// The session cookie (HttpOnly): the same token as the bearer token.
pub const SESSION_COOKIE: &str = "resume_editor_session";
/// The CSRF cookie (readable by the page): copy it into [`CSRF_HEADER`] on writes.
pub const CSRF_COOKIE: &str = "resume_editor_csrf";
/// The CSRF header of cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Whether a method changes state (and so needs the CSRF header under cookie auth).
#[must_use]
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The value of cookie `name` in the request's `Cookie` headers.
#[must_use]
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The bearer token of the `Authorization` header, if it is one.
#[must_use]
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A random URL-safe token (CSRF values).
#[must_use]
pub fn random_token() -> String {
    use base64::Engine as _;
    let mut bytes = [0_u8; 32];
    // getrandom only fails when the OS has no entropy source; a zero token would still be
    // unguessable to no one, so refuse loudly rather than hand it out.
    if getrandom::fill(&mut bytes).is_err() {
        panic!("the operating system's random number generator is unavailable");
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `Set-Cookie` values for a new session: the HttpOnly session cookie and the CSRF cookie.
/// Both are browser-session cookies (no `Max-Age`); the server decides expiry.
#[must_use]
pub fn session_cookies(token: &str, csrf: &str, secure: bool) -> [HeaderValue; 2] {
    let secure = if secure { "; Secure" } else { "" };
    [
        cookie_value(format!(
            "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}"
        )),
        cookie_value(format!(
            "{CSRF_COOKIE}={csrf}; SameSite=Strict; Path=/{secure}"
        )),
    ]
}

/// `Set-Cookie` values that delete both cookies.
#[must_use]
pub fn clear_cookies(secure: bool) -> [HeaderValue; 2] {
    let secure = if secure { "; Secure" } else { "" };
    let expired = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    [
        cookie_value(format!(
            "{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; {expired}{secure}"
        )),
        cookie_value(format!(
            "{CSRF_COOKIE}=; SameSite=Strict; Path=/; {expired}{secure}"
        )),
    ]
}

fn cookie_value(value: String) -> HeaderValue {
    // Tokens are base64url / JWT characters only, so this never fails; an empty value is the
    // safe fallback.
    HeaderValue::try_from(value).unwrap_or_else(|_| HeaderValue::from_static(""))
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
                .or_else(|| read_cookie(request.headers(), SESSION_COOKIE))
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
