//! The public pages of share links, outside the API and without an account:
//!
//! - `GET /s/{token}`: the resume as a web page in the link's template (or, for a protected
//!   link without a grant, the password form, 401), with a "Download PDF" link;
//! - `POST /s/{token}`: the password form's answer (`password=…`, form-encoded): the right
//!   password sets the grant cookie ([`grant`]) and redirects to the page (303); a wrong one
//!   answers 401 with the form again; too many wrong ones 429 with `Retry-After`;
//! - `GET /s/{token}/resume.pdf`: the PDF in the link's template (the same grant needed).
//!
//! A link that does not answer — unknown or malformed token, revoked, expired, resume in the
//! trash or deleted, owner deactivated — gets one 404 page with the same body and headers
//! whatever the reason. Each page view (not the form, not the PDF, not a `HEAD` request)
//! counts in the link's `view_count` and `last_viewed_at`. The PDF takes the design options
//! the owner saved for the resume's export, in the link's template.
//!
//! Headers: a Content-Security-Policy allowing only the page's own inline style (by hash),
//! `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`, `nosniff`; `X-Robots-Tag: noindex`
//! unless the owner opted in (the form and the 404 page always carry it); `Cache-Control:
//! no-store` for protected links, the form and the 404 page, `no-cache` for open links (a
//! revoked link must not live on in a cache).

mod answer;
pub mod grant;
pub mod html;
pub mod style;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use resume_documents::{ExportFormat, export};
use resume_shared::api::resumes::ExportPreferences;
use resume_shared::api::shares::ShareTemplate;

use answer::{HTML, PRIVATE, exposure_of, failure, form, not_found, respond, retry_later};

use crate::auth::cookies::{self, CookieLookup};
use crate::auth::extractor::ClientIp;
use crate::routes::documents::{designed_options, render};
use crate::services::ServiceError;
use crate::services::resumes::from_json;
use crate::services::shares::{self as service, Live};
use crate::state::AppState;

/// Largest body of the password form.
pub const FORM_LIMIT_BYTES: usize = 4096;

/// The public share routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{token}", get(show_share).post(unlock_share))
        .route("/s/{token}/resume.pdf", get(download_share_pdf))
        .layer(DefaultBodyLimit::max(FORM_LIMIT_BYTES))
}

/// The link of `token` if it answers now, or the response to give instead.
async fn live(
    state: &AppState,
    token: Result<Path<String>, PathRejection>,
) -> Result<Live, Response> {
    let Ok(Path(token)) = token else {
        return Err(not_found());
    };
    match service::find_live(&state.db, &token, Utc::now()).await {
        Ok(Some(live)) => Ok(live),
        Ok(None) => Err(not_found()),
        Err(error) => Err(failure(&error)),
    }
}

/// Whether the request may see the link: it has no password, or the request carries a valid
/// grant for it.
fn granted(state: &AppState, headers: &HeaderMap, live: &Live, now: DateTime<Utc>) -> bool {
    if live.share.password_hash.is_none() {
        return true;
    }
    match cookies::find(headers, grant::name(state.cookie_secure())) {
        CookieLookup::Value(value) => {
            grant::verify(&state.settings.secret_key, &live.share, value, now)
        }
        _ => false,
    }
}

fn template_of(live: &Live) -> ShareTemplate {
    ShareTemplate::from_name(&live.share.template).unwrap_or_default()
}

/// The link's page: the resume, or the password form (401) without a grant.
pub async fn show_share(
    State(state): State<AppState>,
    method: Method,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let live = match live(&state, token).await {
        Ok(live) => live,
        Err(response) => return response,
    };
    let now = Utc::now();
    if !granted(&state, &headers, &live, now) {
        return form(StatusCode::UNAUTHORIZED, &live.share.token, None);
    }
    let parsed = match resume_shared::parse(&live.content) {
        Ok(parsed) => parsed,
        Err(error) => return failure(&format!("stored share text does not parse: {error}")),
    };
    // A HEAD request (a link checker, a chat app's preview probe) is not a view.
    if method != Method::HEAD
        && let Err(error) = service::record_view(&state.db, live.share.id, now).await
    {
        return failure(&error);
    }
    let template = template_of(&live);
    let exposure = exposure_of(&live.share);
    let pdf_path = format!("/s/{}/resume.pdf", live.share.token);
    let body = html::resume_page(&parsed.resume, template, exposure.indexable, &pdf_path);
    respond(StatusCode::OK, HTML, template, exposure, body)
}

/// The password form's answer.
pub async fn unlock_share(
    State(state): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Response {
    let live = match live(&state, token).await {
        Ok(live) => live,
        Err(response) => return response,
    };
    let path = format!("/s/{}", live.share.token);
    let see_page = || {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(location) = HeaderValue::from_str(&path) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    };
    if live.share.password_hash.is_none() {
        return see_page();
    }
    let password = url::form_urlencoded::parse(&body)
        .find(|(name, _)| name == "password")
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty());
    let Some(password) = password else {
        return form(
            StatusCode::UNAUTHORIZED,
            &live.share.token,
            Some("Enter the password."),
        );
    };
    let now = Utc::now();
    match service::check_password(&state.db, &live.share, password, ip.as_deref(), now).await {
        Ok(()) => {
            let value = grant::issue(&state.settings.secret_key, &live.share, now);
            let mut response = see_page();
            if let Some(cookie) = grant::set_cookie(&value, &path, state.cookie_secure()) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(ServiceError::Unauthorized) => form(
            StatusCode::UNAUTHORIZED,
            &live.share.token,
            Some("That password is not right."),
        ),
        Err(ServiceError::RateLimited { retry_after_secs }) => retry_later(
            StatusCode::TOO_MANY_REQUESTS,
            form(
                StatusCode::TOO_MANY_REQUESTS,
                &live.share.token,
                Some("Too many wrong passwords. Wait a while, then try again."),
            ),
            retry_after_secs,
        ),
        Err(ServiceError::Busy { retry_after_secs }) => retry_later(
            StatusCode::SERVICE_UNAVAILABLE,
            form(
                StatusCode::SERVICE_UNAVAILABLE,
                &live.share.token,
                Some("The server is busy. Try again in a moment."),
            ),
            retry_after_secs,
        ),
        Err(error) => failure(&error),
    }
}

/// The link's PDF, in its template with the design options the owner saved for the resume's
/// export (paper, accent, font, size, margin, language, sections).
pub async fn download_share_pdf(
    State(state): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let live = match live(&state, token).await {
        Ok(live) => live,
        Err(response) => return response,
    };
    if !granted(&state, &headers, &live, Utc::now()) {
        return form(StatusCode::UNAUTHORIZED, &live.share.token, None);
    }
    let parsed = match resume_shared::parse(&live.content) {
        Ok(parsed) => parsed,
        Err(error) => return failure(&format!("stored share text does not parse: {error}")),
    };
    let share_template = template_of(&live);
    let saved: Option<ExportPreferences> = from_json(live.export_preferences.as_ref());
    // Saved options that no longer apply fall back to the template's defaults: a visitor
    // always gets the PDF.
    let options = designed_options(
        ExportFormat::Pdf,
        Some(share_template.as_str()),
        saved.as_ref(),
    )
    .or_else(|_| designed_options(ExportFormat::Pdf, Some(share_template.as_str()), None));
    let options = match options {
        Ok(options) => options,
        Err(error) => return failure(&error),
    };
    let content = live.content;
    let resume = parsed.resume;
    let document = match render(&state, move || export(&content, &resume, &options)).await {
        Ok(document) => document,
        Err(crate::error::AppError::Busy {
            retry_after_secs, ..
        }) => {
            return retry_later(
                StatusCode::SERVICE_UNAVAILABLE,
                respond(
                    StatusCode::SERVICE_UNAVAILABLE,
                    HTML,
                    ShareTemplate::Modern,
                    PRIVATE,
                    html::failure("Busy", "The server is busy. Try again in a moment."),
                ),
                retry_after_secs,
            );
        }
        Err(error) => return failure(&error),
    };
    let mut response = respond(
        StatusCode::OK,
        "application/pdf",
        share_template,
        exposure_of(&live.share),
        document.bytes,
    );
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"resume.pdf\""),
    );
    response
}
