//! The answers of the share pages and their headers: the one 404 page, the password form, a
//! failure page, a refusal with `Retry-After`, and the headers every share page carries (see
//! the parent module's documentation for which and why). Nothing here reads the database.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use resume_shared::api::shares::ShareTemplate;

use super::{html, style};
use crate::db::entities::resume_shares;

/// How a page may be cached and indexed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exposure {
    /// Whether search engines may index it.
    pub(super) indexable: bool,
    /// Its `Cache-Control`.
    pub(super) cache: &'static str,
}

/// Never indexed, never stored: the 404 page, the form, failures.
pub(super) const PRIVATE: Exposure = Exposure {
    indexable: false,
    cache: "no-store",
};

/// The exposure of a link's own page and PDF.
pub(super) const fn exposure_of(share: &resume_shares::Model) -> Exposure {
    Exposure {
        indexable: share.indexable && share.password_hash.is_none(),
        cache: if share.password_hash.is_some() {
            "no-store"
        } else {
            "no-cache"
        },
    }
}

/// A response with the share pages' headers (see the module documentation).
pub(super) fn respond(
    status: StatusCode,
    content_type: &'static str,
    template: ShareTemplate,
    exposure: Exposure,
    body: impl Into<axum::body::Body>,
) -> Response {
    let mut response = (status, body.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(policy) = HeaderValue::from_str(&style::content_security_policy(template)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(exposure.cache),
    );
    if !exposure.indexable {
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}

/// The type of every page.
pub(super) const HTML: &str = "text/html; charset=utf-8";

/// The one answer of every link that does not answer.
pub(super) fn not_found() -> Response {
    respond(
        StatusCode::NOT_FOUND,
        HTML,
        ShareTemplate::Modern,
        PRIVATE,
        html::not_found(),
    )
}

/// The password form, with what went wrong.
pub(super) fn form(status: StatusCode, token: &str, problem: Option<&str>) -> Response {
    respond(
        status,
        HTML,
        ShareTemplate::Modern,
        PRIVATE,
        html::password_form(token, problem),
    )
}

/// A server-side failure, logged once here; the visitor learns nothing of its cause.
pub(super) fn failure(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %error, "share page failed");
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        HTML,
        ShareTemplate::Modern,
        PRIVATE,
        html::failure("Something went wrong", "Please try again later."),
    )
}

/// A refusal with `Retry-After`.
pub(super) fn retry_later(
    status: StatusCode,
    response: Response,
    retry_after_secs: u64,
) -> Response {
    let mut response = response;
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
