//! The typed client of the JSON API under `/api/v1`.
//!
//! [`ApiClient`] makes the calls that need no session (setup, login, registration, who am I);
//! [`AuthedApi`] makes every other call and reports what a failure says about the session
//! (a [`SessionEvent`]: expired, password change or two-factor enrolment required, instance
//! not set up) to the
//! listener it was made with, so the routes can lead to the right page. This module knows
//! nothing of the app's state: [`App`](crate::App) makes the client with the session state
//! as its listener and provides it as context (the state depends on the client, never the
//! other way round). Both clients go through one private `send`, which adds the `X-CSRF-Token`
//! header (the value of the CSRF cookie, double-submit) to every request that changes state
//! and decodes the API's error envelope on a non-2xx answer. The generic calls share one boxed
//! request-and-read future and differ only in the final decoding: the app stays small.
//!
//! The browser sends the HttpOnly session cookie by itself (same origin): this module never
//! sees, stores or sends a token, and asks for cookie sessions (`"session": "cookie"`), so no
//! answer carries one. The wire types are `resume_shared::api`'s, shared with the
//! server. One submodule per resource adds its calls; the pages hold the answers as reactive
//! state in an [`resource::ApiResource`] (reads) or an [`action::ApiAction`] (writes), whose
//! Leptos machinery exists once in the app.

pub mod account;
pub mod action;
pub mod admin;
pub mod applications;
pub mod auth;
pub mod cover_letters;
pub mod documents;
pub mod editing;
pub mod import;
pub mod refinements;
pub mod resource;
pub mod resumes;
pub mod sessions;
pub mod settings;
pub mod shares;
pub mod tokens;
pub mod two_factor;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::{Callable as _, Callback, expect_context};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast as _;

/// Where the API lives (same origin; `trunk serve` proxies it in development).
pub const API_BASE: &str = "/api/v1";
/// The cookie that holds the CSRF token when the site is served over HTTPS (`Secure` cookies
/// carry the `__Host-` prefix).
pub const SECURE_CSRF_COOKIE: &str = "__Host-resume_editor_csrf";
/// The cookie that holds the CSRF token on plain HTTP (local use).
pub const CSRF_COOKIE: &str = "resume_editor_csrf";
/// The header that must repeat it on writes.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A failed call: the API's error envelope, or a network failure (status 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// The envelope's stable code (`validation_failed`, `last_admin`, …), or `network`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// For validation errors: what is wrong with each named field.
    pub fields: BTreeMap<String, String>,
}

/// What a failed call says about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEvent {
    /// 401: no valid session any more.
    Expired,
    /// 403 `password_change_required`.
    PasswordChangeRequired,
    /// 403 `two_factor_enrolment_required`: the administrator requires two-factor
    /// authentication and the user has none yet.
    TwoFactorEnrolmentRequired,
    /// 409 `setup_required`.
    SetupRequired,
}

impl ApiError {
    /// The server could not be reached, or answered something that is not the API.
    #[must_use]
    pub fn network() -> Self {
        Self {
            status: 0,
            code: "network".to_owned(),
            message: "The server could not be reached. Check the connection and try again."
                .to_owned(),
            fields: BTreeMap::new(),
        }
    }

    /// Reads an error body; a body that is not the envelope gives a generic message.
    #[must_use]
    pub fn from_body(status: u16, body: &str) -> Self {
        match serde_json::from_str::<resume_shared::api::ApiError>(body) {
            Ok(envelope) => Self {
                status,
                code: envelope.error.code,
                message: envelope.error.message,
                fields: envelope.error.fields,
            },
            Err(_) => Self {
                status,
                code: "unexpected".to_owned(),
                message: format!("The server answered with an unexpected error ({status})."),
                fields: BTreeMap::new(),
            },
        }
    }

    /// What is wrong with one request field, if the server said so.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields.get(name).cloned()
    }

    /// Whether the envelope has this code.
    #[must_use]
    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }

    /// What the failure says about the session, if anything.
    #[must_use]
    pub fn session_event(&self) -> Option<SessionEvent> {
        match (self.status, self.code.as_str()) {
            (401, _) => Some(SessionEvent::Expired),
            (403, "password_change_required") => Some(SessionEvent::PasswordChangeRequired),
            (403, "two_factor_enrolment_required") => {
                Some(SessionEvent::TwoFactorEnrolmentRequired)
            }
            (409, "setup_required") => Some(SessionEvent::SetupRequired),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// The value of the CSRF cookie in a `document.cookie` string: the `__Host-` one when there is
/// one, else the plain one.
#[must_use]
pub fn csrf_token(cookies: &str) -> Option<String> {
    let named = |wanted: &str| {
        cookies.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == wanted && !value.is_empty()).then(|| value.to_owned())
        })
    };
    named(SECURE_CSRF_COOKIE).or_else(|| named(CSRF_COOKIE))
}

/// The CSRF cookie of this page.
fn current_csrf_token() -> Option<String> {
    let document = leptos::prelude::document();
    let html = document.dyn_into::<web_sys::HtmlDocument>().ok()?;
    csrf_token(&html.cookie().ok()?)
}

/// Serialises a request body.
fn json_body(body: &impl Serialize) -> Option<String> {
    // Our request types always serialise.
    serde_json::to_string(body).ok()
}

/// Sends one request; a non-2xx answer becomes its [`ApiError`].
async fn send(
    method: Method,
    path: &str,
    query: &[(&str, String)],
    body: Option<String>,
) -> Result<Response, ApiError> {
    let url = format!("{API_BASE}{path}");
    let writes = !matches!(method, Method::GET | Method::HEAD);
    let mut builder = RequestBuilder::new(&url)
        .method(method)
        .header("Accept", "application/json");
    if !query.is_empty() {
        builder = builder.query(query.iter().map(|(name, value)| (*name, value.as_str())));
    }
    if writes && let Some(token) = current_csrf_token() {
        builder = builder.header(CSRF_HEADER, &token);
    }
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::network())?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(ApiError::from_body(status, &text))
    }
}

/// What [`ApiClient::text`] and [`AuthedApi::text`] return: the body of a successful answer.
/// Boxed so that its code exists once, not once per answer type of the generic calls.
type TextFuture<'a> = Pin<Box<dyn Future<Output = Result<String, ApiError>> + 'a>>;

/// The answer this page cannot read: not the JSON it expects.
fn unreadable() -> ApiError {
    ApiError {
        message: "The server answered something this page cannot read. Reload the page.".to_owned(),
        ..ApiError::network()
    }
}

/// Decodes the JSON body of a successful answer.
///
/// # Errors
/// A body that is not the expected JSON, as a network-kind [`ApiError`].
fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|_| unreadable())
}

/// The client for calls without a session.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiClient;

impl ApiClient {
    /// Sends one request and reads the body of its successful answer.
    fn text<'a>(
        self,
        method: Method,
        path: &'a str,
        query: &'a [(&'a str, String)],
        body: Option<String>,
    ) -> TextFuture<'a> {
        Box::pin(async move {
            let response = send(method, path, query, body).await?;
            response.text().await.map_err(|_| unreadable())
        })
    }

    async fn call<T: DeserializeOwned>(
        self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<T, ApiError> {
        decode(&self.text(method, path, query, body).await?)
    }

    async fn call_empty(
        self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(), ApiError> {
        send(method, path, &[], body).await.map(|_| ())
    }

    /// The client for the signed-in session, which tells `on_session` what a failed call
    /// says about the session.
    #[must_use]
    pub fn authed(self, on_session: Callback<SessionEvent>) -> AuthedApi {
        AuthedApi { on_session }
    }
}

/// The client for a signed-in session.
#[derive(Debug, Clone, Copy)]
pub struct AuthedApi {
    on_session: Callback<SessionEvent>,
}

impl AuthedApi {
    /// The client in context.
    ///
    /// # Panics
    /// Outside [`App`](crate::App), which provides it.
    #[must_use]
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    fn reported<T>(self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Some(event) = result.as_ref().err().and_then(ApiError::session_event) {
            self.on_session.run(event);
        }
        result
    }

    /// [`ApiClient::text`], reporting a failure to the session.
    fn text<'a>(
        self,
        method: Method,
        path: &'a str,
        query: &'a [(&'a str, String)],
        body: Option<String>,
    ) -> TextFuture<'a> {
        Box::pin(async move { self.reported(ApiClient.text(method, path, query, body).await) })
    }

    async fn get<T: DeserializeOwned>(
        self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        decode(&self.text(Method::GET, path, query, None).await?)
    }

    async fn write<T: DeserializeOwned>(
        self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        decode(&self.text(method, path, &[], body).await?)
    }

    async fn write_empty(
        self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(), ApiError> {
        self.reported(ApiClient.call_empty(method, path, body).await)
    }
}
