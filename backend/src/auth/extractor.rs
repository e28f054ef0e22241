//! Authentication as extractors. [`ApiUser`] is what the resource routes take (resumes,
//! documents, revisions, trash, refinements, reading settings): a session or a personal access
//! token, whose `read` scope allows no write (403 `insufficient_scope`). [`AnyCaller`] also
//! admits a user who must still change their password (`GET /auth/me`). The other extractors
//! need a session and answer a valid personal access token 403 `session_required`:
//! [`AuthUser`] (settings, token management), [`SessionUser`], which also admits a user who
//! must still change their password (`/auth/logout`, `/auth/password`,
//! `/auth/impersonation/stop`), and [`AdminUser`], which requires the `admin` role and a
//! session of the administrator's own (an impersonation session never has admin powers, even
//! if its user is an administrator by now).
//!
//! A session request checks the token's signature and then the session row (not revoked, not
//! expired, user active) — one query joining the session, the user and the user's roles — and
//! slides the session's expiry (a write at most once a minute). A personal access token
//! (`re_pat_…`) is looked up by its hash; it must be live and its user active
//! ([`crate::services::api_tokens`]). Each failure reason is logged at debug level; the answer
//! is a uniform 401.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{Extensions, HeaderMap, request::Parts};
use chrono::{DateTime, Utc};
use resume_shared::api::ErrorCode;
use resume_shared::api::tokens::TokenScope;
use subtle::ConstantTimeEq as _;

use crate::auth::client_address::{self, TrustedProxies};
use crate::auth::cookies::{self, CookieLookup};
use crate::auth::{CSRF_HEADER, bearer_token, is_state_changing};
use crate::db::entities::{api_tokens, sessions, users};
use crate::error::AppError;
use crate::services::api_tokens::TokenWithUser;
use crate::services::resumes::{Actor, Quotas};
use crate::services::sessions::SessionWithUser;
use crate::services::users::{Role, force_password_change};
use crate::state::AppState;

/// How the request presented its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthVia {
    /// `Authorization: Bearer`.
    Bearer,
    /// The session cookie.
    Cookie,
}

/// An authenticated request: the session and its user.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    /// The user the session is for.
    pub user: users::Model,
    /// The session row.
    pub session: sessions::Model,
    /// The user's role names, sorted.
    pub roles: Vec<String>,
    /// How the credential came.
    pub via: AuthVia,
    /// The session's expiry after this request.
    pub expires_at: DateTime<Utc>,
}

impl CurrentSession {
    /// The administrator behind an impersonation session.
    #[must_use]
    pub const fn impersonator(&self) -> Option<uuid::Uuid> {
        self.session.impersonator_user_id
    }
}

/// What authenticated a caller of the resource routes.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A session (bearer session token or cookie).
    Session(sessions::Model),
    /// A personal access token.
    Token(api_tokens::Model),
}

/// A caller of the resource routes: a session or a personal access token, and its user.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user.
    pub user: users::Model,
    /// The user's role names, sorted.
    pub roles: Vec<String>,
    /// What authenticated the request.
    pub credential: Credential,
}

impl Caller {
    /// The administrator behind an impersonation session (never for a token).
    #[must_use]
    pub const fn impersonator(&self) -> Option<uuid::Uuid> {
        match &self.credential {
            Credential::Session(session) => session.impersonator_user_id,
            Credential::Token(_) => None,
        }
    }

    /// The caller as the author of changes to resumes, held to `quotas`.
    #[must_use]
    pub const fn actor(&self, quotas: Quotas) -> Actor {
        Actor {
            user_id: self.user.id,
            impersonator: self.impersonator(),
            quotas,
        }
    }
}

impl From<CurrentSession> for Caller {
    fn from(current: CurrentSession) -> Self {
        Self {
            user: current.user,
            roles: current.roles,
            credential: Credential::Session(current.session),
        }
    }
}

/// A session or a personal access token, of a user free to use the application; a `read`
/// token is refused every write (403 `insufficient_scope`).
#[derive(Debug, Clone)]
pub struct ApiUser(pub Caller);

/// A session or a personal access token, including of a user who must change their password
/// first (`GET /auth/me`).
#[derive(Debug, Clone)]
pub struct AnyCaller(pub Caller);

/// Any valid session, including one whose user must change their password first.
#[derive(Debug, Clone)]
pub struct SessionUser(pub CurrentSession);

/// A valid session whose user is free to use the application (no pending forced password
/// change; that answers 403 `password_change_required`).
#[derive(Debug, Clone)]
pub struct AuthUser(pub CurrentSession);

/// An [`AuthUser`] with the `admin` role (others get 403 `forbidden`).
#[derive(Debug, Clone)]
pub struct AdminUser(pub CurrentSession);

/// The client address: the TCP peer, or, when the peer is one of the `trusted` proxies, the
/// address their `X-Forwarded-For` names (see [`client_address`]).
#[must_use]
pub fn client_ip(
    extensions: &Extensions,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<String> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    client_address::resolve(peer, headers, trusted).map(|ip| ip.to_string())
}

/// The client address as an extractor (never fails; `None` without connection info).
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(client_ip(
            &parts.extensions,
            &parts.headers,
            &state.settings.trusted_proxies,
        )))
    }
}

/// The client's `User-Agent` header as a session keeps it (see
/// [`crate::services::sessions::clean_user_agent`]); never fails.
#[derive(Debug, Clone)]
pub struct UserAgent(pub Option<String>);

impl FromRequestParts<AppState> for UserAgent {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .and_then(crate::services::sessions::clean_user_agent),
        ))
    }
}

fn reject(reason: &'static str) -> AppError {
    tracing::debug!(reason, "authentication failed");
    AppError::Unauthorized
}

async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<CurrentSession, AppError> {
    if let Some(current) = parts.extensions.get::<CurrentSession>() {
        return Ok(current.clone());
    }
    let (token, via) = match bearer_token(&parts.headers) {
        Some(token) if crate::services::api_tokens::is_token(token) => {
            let token = token.to_owned();
            authenticate_token(parts, state, &token).await?;
            return Err(AppError::Forbidden {
                code: ErrorCode::SessionRequired,
                message: "API tokens cannot be used here: sign in (tokens cannot manage tokens, change the password or settings, administer or impersonate).".to_owned(),
            });
        }
        Some(token) => (token, AuthVia::Bearer),
        None if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION) =>
        {
            return Err(reject("unsupported authorization scheme"));
        }
        None => {
            let name = cookies::names(state.cookie_secure()).session;
            match cookies::find(&parts.headers, name) {
                CookieLookup::Value(token) => (token, AuthVia::Cookie),
                CookieLookup::Conflicting => {
                    return Err(reject("session cookie sent twice with different values"));
                }
                CookieLookup::Absent => return Err(reject("no credentials")),
            }
        }
    };
    let claims = state
        .jwt
        .verify(token)
        .ok_or_else(|| reject("invalid or expired token"))?;
    let now = Utc::now();
    let SessionWithUser {
        session,
        user,
        roles,
    } = crate::services::sessions::find_with_user(&state.db, claims.sid)
        .await?
        .ok_or_else(|| reject("unknown session"))?;
    if session.user_id != claims.sub {
        return Err(reject("token and session disagree"));
    }
    if session.revoked_at.is_some() {
        return Err(reject("session revoked"));
    }
    if session.expires_at <= now {
        return Err(reject("session expired"));
    }
    if !user.active {
        return Err(reject("user inactive"));
    }
    if via == AuthVia::Cookie && is_state_changing(&parts.method) {
        check_csrf(parts, state, session.id)?;
    }
    let expires_at = crate::services::sessions::touch(&state.db, &session, now).await?;
    let current = CurrentSession {
        user,
        session,
        roles,
        via,
        expires_at,
    };
    parts.extensions.insert(current.clone());
    Ok(current)
}

/// Authenticates a personal access token: live, of an active user; records its use.
async fn authenticate_token(
    parts: &mut Parts,
    state: &AppState,
    secret: &str,
) -> Result<TokenWithUser, AppError> {
    if let Some(found) = parts.extensions.get::<TokenWithUser>() {
        return Ok(found.clone());
    }
    let now = Utc::now();
    let found = crate::services::api_tokens::find_by_secret(&state.db, secret)
        .await?
        .ok_or_else(|| reject("unknown API token"))?;
    if !crate::services::api_tokens::is_live(&found.token, now) {
        return Err(reject("API token revoked or expired"));
    }
    if !found.user.active {
        return Err(reject("user inactive"));
    }
    let ip = client_ip(
        &parts.extensions,
        &parts.headers,
        &state.settings.trusted_proxies,
    );
    crate::services::api_tokens::record_use(&state.db, &found.token, ip.as_deref(), now).await?;
    parts.extensions.insert(found.clone());
    Ok(found)
}

/// A session or a personal access token, whoever's it is.
async fn authenticate_caller(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
    match bearer_token(&parts.headers) {
        Some(token) if crate::services::api_tokens::is_token(token) => {
            let token = token.to_owned();
            let found = authenticate_token(parts, state, &token).await?;
            Ok(Caller {
                user: found.user,
                roles: found.roles,
                credential: Credential::Token(found.token),
            })
        }
        _ => authenticate(parts, state).await.map(Caller::from),
    }
}

fn check_password_change(user: &users::Model) -> Result<(), AppError> {
    if force_password_change(user) {
        return Err(AppError::Forbidden {
            code: ErrorCode::PasswordChangeRequired,
            message: "Change your password first (POST /api/v1/auth/password).".to_owned(),
        });
    }
    Ok(())
}

/// Refuses a user who must set up two-factor authentication first (the administrator requires
/// it and they have none) with 403 `two_factor_enrolment_required`. An administrator acting as
/// the user is not held to it: the rule is about how the user signs in.
async fn check_two_factor_enrolment(
    state: &AppState,
    user: &users::Model,
    impersonator: Option<uuid::Uuid>,
) -> Result<(), AppError> {
    if impersonator.is_none()
        && crate::services::two_factor::enrolment_required(&state.db, user).await?
    {
        return Err(AppError::Forbidden {
            code: ErrorCode::TwoFactorEnrolmentRequired,
            message: "Set up two-factor authentication first: the administrator requires it (POST /api/v1/auth/two-factor/enrolment).".to_owned(),
        });
    }
    Ok(())
}

/// Double submit, bound to the session: the header must repeat the CSRF cookie (sent once, or
/// with one value), and the value must be the session's own.
fn check_csrf(parts: &Parts, state: &AppState, session_id: uuid::Uuid) -> Result<(), AppError> {
    let name = cookies::names(state.cookie_secure()).csrf;
    let cookie = cookies::find(&parts.headers, name).value().unwrap_or("");
    let header = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if cookie.is_empty()
        || !bool::from(cookie.as_bytes().ct_eq(header.as_bytes()))
        || !state.csrf.verify(session_id, header)
    {
        tracing::debug!("CSRF check failed");
        return Err(AppError::Forbidden {
            code: ErrorCode::CsrfFailed,
            message: "Missing or wrong X-CSRF-Token header.".to_owned(),
        });
    }
    Ok(())
}

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(parts, state).await.map(Self)
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = authenticate(parts, state).await?;
        check_password_change(&current.user)?;
        check_two_factor_enrolment(state, &current.user, current.impersonator()).await?;
        Ok(Self(current))
    }
}

impl FromRequestParts<AppState> for AnyCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate_caller(parts, state).await.map(Self)
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let caller = authenticate_caller(parts, state).await?;
        check_password_change(&caller.user)?;
        check_two_factor_enrolment(state, &caller.user, caller.impersonator()).await?;
        if let Credential::Token(token) = &caller.credential
            && is_state_changing(&parts.method)
            && TokenScope::from_name(&token.scope) != Some(TokenScope::ReadWrite)
        {
            return Err(AppError::Forbidden {
                code: ErrorCode::InsufficientScope,
                message: "This API token may only read: writes need a read-write token.".to_owned(),
            });
        }
        Ok(Self(caller))
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let AuthUser(current) = AuthUser::from_request_parts(parts, state).await?;
        if current.impersonator().is_some() {
            return Err(AppError::forbidden(
                "Administrators only, in a session of their own (not while impersonating).",
            ));
        }
        if !current
            .roles
            .iter()
            .any(|role| role == Role::Admin.as_str())
        {
            return Err(AppError::forbidden("Administrators only."));
        }
        Ok(Self(current))
    }
}
