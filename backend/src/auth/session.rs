//! Handing a session over to a client: the session row a sign-in starts, its token, the cookies
//! that carry it to a browser, and the answers that start, switch back from and end one.
//!
//! The services decide who may sign in (and record it); this module only turns their result
//! into a session and an HTTP answer, so every route that starts a session (login,
//! registration, setup, impersonation) hands it over the same way. It must not decide
//! anything a service should: it checks no password and writes no audit entry.

use axum::Json;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::{DateTime, Utc};
use resume_shared::api::sessions::SignInMethod;
use resume_shared::api::{ApiError, ErrorCode, SessionMode, TokenResponse, UserResponse};
use uuid::Uuid;

use crate::auth::cookies::{self, CookieJar};
use crate::auth::extractor::{AuthVia, CurrentSession};
use crate::auth::jwt::{Claims, TOKEN_LIFETIME_SECS};
use crate::db::convert::timestamp;
use crate::db::entities::{sessions as session_rows, users};
use crate::error::AppError;
use crate::services::sessions::{self, NewSession};
use crate::services::settings;
use crate::state::AppState;

/// What kind of session to start.
#[derive(Debug, Clone, Copy)]
pub enum SessionKind<'a> {
    /// A normal, sliding session with the user's idle timeout, begun by `method`.
    Normal(SignInMethod),
    /// An impersonation by `admin`, with the fixed lifetime from the configuration, started
    /// from the administrator's own session `parent`.
    Impersonation {
        /// The administrator.
        admin: &'a users::Model,
        /// The administrator's own session.
        parent: &'a session_rows::Model,
    },
}

/// How an answer hands a session over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Cookies only: the token never appears in the body, where a script could read it.
    Cookie,
    /// The token in the body only, no cookies.
    Bearer,
    /// Both (a client that did not say which it is, as before the choice existed).
    Both,
}

impl Delivery {
    /// What a client asked for with `session`.
    #[must_use]
    pub const fn requested(mode: Option<SessionMode>) -> Self {
        match mode {
            Some(SessionMode::Cookie) => Self::Cookie,
            Some(SessionMode::Bearer) => Self::Bearer,
            None => Self::Both,
        }
    }

    /// The same way the request's own credential came: a session started from a cookie
    /// session stays in cookies, one started with a bearer token is handed over as a token.
    #[must_use]
    pub const fn like(via: AuthVia) -> Self {
        match via {
            AuthVia::Cookie => Self::Cookie,
            AuthVia::Bearer => Self::Bearer,
        }
    }

    const fn token_in_body(self) -> bool {
        matches!(self, Self::Bearer | Self::Both)
    }

    const fn sets_cookies(self) -> bool {
        matches!(self, Self::Cookie | Self::Both)
    }
}

/// A token for an existing session row. It ends when the row's 30-day absolute lifetime does,
/// however late it is signed, so re-issuing a token never extends a session.
///
/// # Errors
/// Signing failed (500).
pub fn session_token(state: &AppState, session: &session_rows::Model) -> Result<String, AppError> {
    let claims = Claims {
        sub: session.user_id,
        sid: session.id,
        imp: session.impersonator_user_id,
        iat: Utc::now().timestamp(),
        exp: session.created_at.timestamp() + TOKEN_LIFETIME_SECS,
    };
    state.jwt.sign(&claims).map_err(|error| {
        AppError::Internal(anyhow::Error::new(error).context("signing a session token"))
    })
}

/// A session ready to hand over: the cookies to set, and the token and expiry the answer's
/// body names.
#[derive(Debug)]
#[must_use = "a handover does nothing until it is answered with `respond`"]
pub struct Handover {
    headers: HeaderMap,
    token: Option<String>,
    expires_at: DateTime<Utc>,
}

impl Handover {
    /// The answer: `status`, the cookies, `Cache-Control: no-store`, and a [`TokenResponse`]
    /// for `user` (the user as the client should now see themself).
    #[must_use]
    pub fn respond(mut self, status: StatusCode, user: UserResponse) -> Response {
        self.headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        let body = TokenResponse {
            token_type: self.token.as_ref().map(|_| "Bearer".to_owned()),
            access_token: self.token,
            expires_at: timestamp(self.expires_at),
            user,
        };
        (status, self.headers, Json(body)).into_response()
    }
}

/// Creates a session row for `user_id`, started from `ip` with `user_agent`, and prepares its
/// handover: the token for the body and/or the cookies, as `delivery` says. A normal session may end the user's least recently
/// used ones (the sessions quota); an impersonation started in the browser also keeps the
/// administrator's own session token in its cookie, the only way back to it.
///
/// # Errors
/// Database errors; signing failed.
pub async fn issue_session(
    state: &AppState,
    user_id: Uuid,
    kind: SessionKind<'_>,
    delivery: Delivery,
    ip: Option<String>,
    user_agent: Option<String>,
) -> Result<Handover, AppError> {
    let now = Utc::now();
    let (impersonator, parent, minutes, method) = match kind {
        SessionKind::Normal(method) => (
            None,
            None,
            settings::session_timeout(&state.db, user_id, state.settings.session_timeout_minutes)
                .await?,
            method,
        ),
        SessionKind::Impersonation { admin, parent } => (
            Some(admin),
            Some(parent),
            state.settings.impersonation_minutes,
            SignInMethod::Impersonation,
        ),
    };
    let session = sessions::create(
        &state.db,
        NewSession {
            user_id,
            impersonator_user_id: impersonator.map(|admin| admin.id),
            minutes,
            ip,
            parent_session_id: parent.map(|parent| parent.id),
            method,
            user_agent,
        },
        now,
    )
    .await?;
    if impersonator.is_none() {
        let ended = sessions::enforce_limit(
            &state.db,
            user_id,
            session.id,
            state.settings.quotas.sessions_per_user,
            now,
        )
        .await?;
        if ended > 0 {
            tracing::info!(user.id = %user_id, ended, "ended sessions beyond the sessions quota");
        }
    }
    let token = session_token(state, &session)?;
    let mut headers = HeaderMap::new();
    if delivery.sets_cookies() {
        let jar = CookieJar::new(state.cookie_secure());
        for cookie in jar.session(&token, &state.csrf.token(session.id)) {
            headers.append(header::SET_COOKIE, cookie);
        }
        if let Some(parent) = parent {
            headers.append(
                header::SET_COOKIE,
                jar.admin_session(&session_token(state, parent)?),
            );
        }
    }
    Ok(Handover {
        headers,
        token: delivery.token_in_body().then_some(token),
        expires_at: session.expires_at,
    })
}

/// The handover back to the administrator's own session `parent` at the end of an
/// impersonation: in the browser the cookies switch back to it (and the kept administrator
/// cookie goes); a bearer caller goes on with its own token. The body never has a token.
///
/// # Errors
/// Signing failed.
pub fn return_to(
    state: &AppState,
    via: AuthVia,
    parent: &session_rows::Model,
) -> Result<Handover, AppError> {
    let mut headers = HeaderMap::new();
    if via == AuthVia::Cookie {
        let jar = CookieJar::new(state.cookie_secure());
        let token = session_token(state, parent)?;
        for cookie in jar.session(&token, &state.csrf.token(parent.id)) {
            headers.append(header::SET_COOKIE, cookie);
        }
        headers.append(header::SET_COOKIE, jar.clear_admin_session());
    }
    Ok(Handover {
        headers,
        token: None,
        expires_at: parent.expires_at,
    })
}

/// The id of the administrator's own session whose token the impersonation's cookies keep,
/// when it is the session the impersonation `current` was started from (never for a bearer
/// caller, whose cookies prove nothing).
#[must_use]
pub fn admin_session_in_cookie(
    state: &AppState,
    headers: &HeaderMap,
    current: &CurrentSession,
) -> Option<Uuid> {
    if current.via != AuthVia::Cookie {
        return None;
    }
    let name = cookies::names(state.cookie_secure()).admin_session;
    let claims = state.jwt.verify(cookies::find(headers, name).value()?)?;
    let parent = current.session.parent_session_id?;
    (claims.sid == parent && Some(claims.sub) == current.impersonator()).then_some(parent)
}

/// The answer of a sign-out: 204 with every cookie cleared.
#[must_use]
pub fn signed_out(state: &AppState) -> Response {
    let mut headers = HeaderMap::new();
    for cookie in CookieJar::new(state.cookie_secure()).clear_all() {
        headers.append(header::SET_COOKIE, cookie);
    }
    (StatusCode::NO_CONTENT, headers).into_response()
}

/// The answer of a stop with no session to return to: 401, and in the browser every cookie
/// cleared.
#[must_use]
pub fn sign_in_again(state: &AppState, via: AuthVia) -> Response {
    let mut response = AppError::Unauthorized.into_response();
    *response.body_mut() = Body::from(
        serde_json::to_vec(&ApiError::new(
            ErrorCode::Unauthorized,
            "The impersonation has ended, and your own session has ended too: sign in again.",
        ))
        .unwrap_or_default(),
    );
    if via == AuthVia::Cookie {
        for cookie in CookieJar::new(state.cookie_secure()).clear_all() {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}
