//! `/auth/*`: login, logout, the current user, registration, password change, and the end of an
//! impersonation. Also `issue_session`, which every route that starts a session shares.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use resume_shared::api::{
    ApiError, ChangePasswordRequest, ErrorCode, LoginRequest, RegisterRequest, SessionMode,
    TokenResponse, UserResponse,
};
use sea_orm::TransactionTrait as _;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::cookies::{self, CookieJar};
use crate::auth::extractor::{AnyCaller, AuthVia, ClientIp, CurrentSession, SessionUser};
use crate::auth::jwt::{Claims, TOKEN_LIFETIME_SECS};
use crate::auth::{fingerprint, password};
use crate::db::convert::timestamp;
use crate::db::entities::users;
use crate::error::{AppError, AppJson};
use crate::routes::user_wire::user_response;
use crate::services::rate_limit::{self, Key, LimitError, policy};
use crate::services::sessions::{NewSession, StopReason};
use crate::services::users::{NewUser, Role, UserWithRoles, force_password_change};
use crate::services::{
    ServiceError, api_tokens, audit, instance, sessions, settings, users as user_service,
};
use crate::state::AppState;

/// The `/auth` routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(get_me))
        .routes(routes!(register))
        .routes(routes!(change_password))
        .routes(routes!(stop_impersonation))
}

/// What kind of session to start.
pub(crate) enum SessionKind<'a> {
    /// A normal, sliding session with the user's idle timeout.
    Normal,
    /// An impersonation by `admin`, with the fixed lifetime from the configuration, started
    /// from the administrator's own session `parent`.
    Impersonation {
        /// The administrator.
        admin: &'a users::Model,
        /// The administrator's own session.
        parent: &'a crate::db::entities::sessions::Model,
    },
}

/// How an answer hands a session over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Cookies only: the token never appears in the body, where a script could read it.
    Cookie,
    /// The token in the body only, no cookies.
    Bearer,
    /// Both (a client that did not say which it is, as before the choice existed).
    Both,
}

impl Delivery {
    /// What a client asked for with `session`.
    pub(crate) const fn requested(mode: Option<SessionMode>) -> Self {
        match mode {
            Some(SessionMode::Cookie) => Self::Cookie,
            Some(SessionMode::Bearer) => Self::Bearer,
            None => Self::Both,
        }
    }

    /// The same way the request's own credential came: a session started from a cookie
    /// session stays in cookies, one started with a bearer token is handed over as a token.
    pub(crate) const fn like(via: AuthVia) -> Self {
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
pub(crate) fn session_token(
    state: &AppState,
    session: &crate::db::entities::sessions::Model,
) -> Result<String, AppError> {
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

/// Creates a session row and answers with it: the token in the body and/or the cookies, as
/// `delivery` says. A normal session may end the user's least recently used ones (the
/// sessions quota); an impersonation started in the browser also keeps the administrator's
/// own session token in its cookie, the only way back to it.
pub(crate) async fn issue_session(
    state: &AppState,
    user: &UserWithRoles,
    kind: SessionKind<'_>,
    delivery: Delivery,
    ip: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let (impersonator, parent, minutes) = match &kind {
        SessionKind::Normal => (
            None,
            None,
            settings::session_timeout(
                &state.db,
                user.user.id,
                state.settings.session_timeout_minutes,
            )
            .await?,
        ),
        SessionKind::Impersonation { admin, parent } => (
            Some(*admin),
            Some(*parent),
            state.settings.impersonation_minutes,
        ),
    };
    let session = sessions::create(
        &state.db,
        NewSession {
            user_id: user.user.id,
            impersonator_user_id: impersonator.map(|admin| admin.id),
            minutes,
            ip,
            parent_session_id: parent.map(|parent| parent.id),
        },
        now,
    )
    .await?;
    if impersonator.is_none() {
        let ended = sessions::enforce_limit(
            &state.db,
            user.user.id,
            session.id,
            state.settings.quotas.sessions_per_user,
            now,
        )
        .await?;
        if ended > 0 {
            tracing::info!(user.id = %user.user.id, ended, "ended sessions beyond the sessions quota");
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
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    let body = token_response(
        delivery.token_in_body().then_some(token),
        session.expires_at,
        user_response(user, impersonator),
    );
    Ok((status, headers, Json(body)).into_response())
}

fn token_response(
    token: Option<String>,
    expires_at: chrono::DateTime<Utc>,
    user: UserResponse,
) -> TokenResponse {
    TokenResponse {
        token_type: token.as_ref().map(|_| "Bearer".to_owned()),
        access_token: token,
        expires_at: timestamp(expires_at),
        user,
    }
}

/// Validates a new account's fields and hashes its password.
pub(crate) async fn prepare_new_user(
    username: &str,
    email: &str,
    password_field: &str,
    password_value: &str,
    roles: Vec<Role>,
    force_password_change: bool,
) -> Result<NewUser, AppError> {
    let identity = user_service::validate_identity(username, email);
    let rules = password::check_rules(password_field, username, password_value);
    let email = match (identity, rules) {
        (Ok(email), Ok(())) => email,
        (identity, rules) => {
            let mut fields = identity.err().unwrap_or_default();
            fields.extend(rules.err().unwrap_or_default());
            return Err(AppError::Validation { fields });
        }
    };
    let password_hash = password::hash(password_value.to_owned()).await?;
    Ok(NewUser {
        username: username.to_owned(),
        email,
        password_hash,
        roles,
        force_password_change,
    })
}

/// Signs in with a username (or email) and password. `session` chooses how the session is
/// handed over: `cookie` sets the HttpOnly session cookie and the CSRF cookie and puts no token
/// in the body (browsers), `bearer` answers the token and sets no cookie (API clients), and
/// without it both happen.
///
/// Failed attempts are limited per account and client network (5, then a growing wait) and
/// per client network (20 in 15 minutes); beyond them 429 with `Retry-After`, even for the
/// right password. A wrong password, an unknown name and a deactivated account get the same
/// 401.
#[utoipa::path(
    post,
    path = "/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: the token, the cookies or both (see `session`)", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Wrong username or password (also for a deactivated account)", body = ApiError),
        (status = 409, description = "Setup required", body = ApiError),
        (status = 422, description = "Empty fields, or over their size (username 254, password 1024 bytes), or control characters in the username", body = ApiError),
        (status = 429, description = "Too many failed attempts from this network for this account, or from this network; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password checks at once; see Retry-After", body = ApiError),
    )
)]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<LoginRequest>,
) -> Result<Response, AppError> {
    do_login(&state, input, ip).await
}

/// Why a login failed, as the audit log records it (the client always gets the same 401).
#[derive(Debug, Clone, Copy)]
enum LoginFailure {
    UnknownName,
    WrongPassword,
    Inactive,
}

impl LoginFailure {
    const fn as_str(self) -> &'static str {
        match self {
            Self::UnknownName => "unknown name",
            Self::WrongPassword => "wrong password",
            Self::Inactive => "inactive",
        }
    }
}

async fn do_login(
    state: &AppState,
    input: LoginRequest,
    ip: Option<String>,
) -> Result<Response, AppError> {
    let delivery = Delivery::requested(input.session);
    let mut fields = crate::services::FieldErrors::new();
    if input.username.trim().is_empty() {
        fields.insert("username".to_owned(), "must not be empty".to_owned());
    }
    if input.password.is_empty() {
        fields.insert("password".to_owned(), "must not be empty".to_owned());
    }
    if !fields.is_empty() {
        return Err(AppError::Validation { fields });
    }
    let now = Utc::now();
    let user = user_service::find_for_login(&state.db, &input.username).await?;
    // What the name resolves to: the account (so its username and its email count as one), or
    // for a name no account has, its keyed fingerprint. Never the name itself: it may be a
    // password typed into the wrong field.
    let (account, name_fingerprint) = match &user {
        Some(user) => (user.id.to_string(), None),
        None => {
            let fingerprint = fingerprint::login_name(&state.settings.secret_key, &input.username);
            (format!("name-{fingerprint}"), Some(fingerprint))
        }
    };
    let network = rate_limit::address_subject(ip.as_deref());
    let account_key = Key::new(&policy::LOGIN_ACCOUNT, &format!("{account}@{network}"));
    let address_key = Key::new(&policy::LOGIN_ADDRESS, &network);
    // The attempt is counted before the password is checked, so parallel guesses cannot all
    // pass the limit; a success gives it back.
    let ticket =
        match rate_limit::acquire(&state.db, &[account_key.clone(), address_key], now).await {
            Ok(ticket) => ticket,
            Err(LimitError::Limited(limited)) => {
                let on_account = limited.key == account_key;
                audit::record_repeated(
                    &state.db,
                    audit::Event {
                        action: audit::action::LOGIN_RATE_LIMITED,
                        target_user_id: user.as_ref().filter(|_| on_account).map(|u| u.id),
                        ip,
                        details: match &name_fingerprint {
                            Some(fingerprint) if on_account => json!({
                                "limit": limited.key.policy().scope,
                                "name_fingerprint": fingerprint,
                            }),
                            _ => json!({ "limit": limited.key.policy().scope }),
                        },
                        ..audit::Event::default()
                    },
                    limited.key.as_str(),
                    limited.key.policy().window,
                    now,
                )
                .await?;
                return Err(AppError::RateLimited {
                    retry_after_secs: limited.retry_after_secs,
                });
            }
            Err(LimitError::Db(error)) => return Err(error.into()),
        };
    // The request type refuses over-long passwords (422) before any of this; the length guard
    // stays so that no path ever hashes an unbounded password. An unknown name costs a dummy
    // verification, so the time taken tells nothing.
    let checked = match &user {
        Some(user) if input.password.len() <= password::MAX_PASSWORD_BYTES => {
            password::verify(input.password, user.password_hash.clone()).await
        }
        _ => password::verify_dummy(String::new()).await.map(|()| false),
    };
    let verified = match checked {
        Ok(verified) => verified,
        Err(error) => {
            // Not checked: the attempt does not count.
            rate_limit::release(&state.db, ticket).await?;
            return Err(error.into());
        }
    };
    let outcome = match (user, verified) {
        (None, _) => Err((None, LoginFailure::UnknownName)),
        (Some(user), false) => Err((Some(user.id), LoginFailure::WrongPassword)),
        (Some(user), true) if !user.active => Err((Some(user.id), LoginFailure::Inactive)),
        (Some(user), true) => Ok(user),
    };
    let user = match outcome {
        Ok(user) => user,
        Err((target, failure)) => {
            let reason = failure.as_str();
            audit::record(
                &state.db,
                audit::Event {
                    action: audit::action::LOGIN_FAILURE,
                    target_user_id: target,
                    ip,
                    details: match &name_fingerprint {
                        Some(fingerprint) => {
                            json!({ "reason": reason, "name_fingerprint": fingerprint })
                        }
                        None => json!({ "reason": reason }),
                    },
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
            // The same answer for every reason (the audit log keeps the real one). The
            // attempt stays counted.
            return Err(AppError::InvalidCredentials);
        }
    };
    rate_limit::release(&state.db, ticket).await?;
    rate_limit::clear(&state.db, &account_key).await?;
    user_service::record_login(&state.db, user.id, now).await?;
    audit::record(
        &state.db,
        audit::Event {
            action: audit::action::LOGIN_SUCCESS,
            actor_user_id: Some(user.id),
            target_user_id: Some(user.id),
            ip: ip.clone(),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    let user = user_service::get(&state.db, user.id).await?;
    tracing::info!(user.id = %user.user.id, "login");
    issue_session(
        state,
        &user,
        SessionKind::Normal,
        delivery,
        ip,
        StatusCode::OK,
    )
    .await
}

/// Ends the current session and clears the cookies. The impersonations started from it end
/// too. Logging out of an impersonation session records `impersonation.stop`, and in the
/// browser also ends the administrator's own session kept in its cookie (the browser forgets
/// it, so nothing could use it any more).
#[utoipa::path(
    post,
    path = "/auth/logout",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Signed out; cookies cleared"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed", body = ApiError),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    request_headers: HeaderMap,
    SessionUser(current): SessionUser,
) -> Result<Response, AppError> {
    let now = Utc::now();
    if current.impersonator().is_some() {
        sessions::end_impersonation(&state.db, &current.session, StopReason::Logout, ip, now)
            .await?;
        if current.via == AuthVia::Cookie
            && let Some(parent) = admin_session_in_cookie(&state, &request_headers, &current)
        {
            sessions::revoke(&state.db, parent, now).await?;
        }
    } else {
        sessions::revoke(&state.db, current.session.id, now).await?;
    }
    audit::record(
        &state.db,
        audit::Event {
            action: audit::action::LOGOUT,
            actor_user_id: Some(current.user.id),
            impersonator_user_id: current.impersonator(),
            target_user_id: Some(current.user.id),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    let mut headers = HeaderMap::new();
    for cookie in CookieJar::new(state.cookie_secure()).clear_all() {
        headers.append(header::SET_COOKIE, cookie);
    }
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// The id of the administrator's own session whose token the impersonation's cookies keep,
/// when it is the session the impersonation `current` was started from.
fn admin_session_in_cookie(
    state: &AppState,
    headers: &HeaderMap,
    current: &CurrentSession,
) -> Option<uuid::Uuid> {
    let name = cookies::names(state.cookie_secure()).admin_session;
    let claims = state.jwt.verify(cookies::find(headers, name).value()?)?;
    let parent = current.session.parent_session_id?;
    (claims.sid == parent && Some(claims.sub) == current.impersonator()).then_some(parent)
}

/// The signed-in user, with `impersonator` when an administrator is acting as them. Answers
/// also while a password change is pending (`force_password_change: true`), and to personal
/// access tokens.
#[utoipa::path(
    get,
    path = "/auth/me",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The current user", body = UserResponse),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn get_me(
    State(state): State<AppState>,
    AnyCaller(current): AnyCaller,
) -> Result<Json<UserResponse>, AppError> {
    let impersonator = match current.impersonator() {
        Some(id) => user_service::find(&state.db, id).await?,
        None => None,
    };
    let user = UserWithRoles {
        user: current.user,
        roles: current.roles,
    };
    Ok(Json(user_response(&user, impersonator.as_ref())))
}

/// The one answer to a registration whose username or email is taken: which of the two must
/// not be told, or registration would be a way to find out who has an account.
pub const REGISTRATION_CONFLICT: &str = "That username or email address cannot be used.";

/// Creates a `user` account when the instance allows self-registration (otherwise 403
/// `registration_closed`) and signs it in. Attempts are limited per client network (10 an
/// hour; then 429 with `Retry-After`). A taken username and a taken email get the same 409.
#[utoipa::path(
    post,
    path = "/auth/register",
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in (token and/or cookies, see `session`)", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 403, description = "Registration is closed", body = ApiError),
        (status = 409, description = "Username or email not available (one message for both), or setup required", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 429, description = "Too many registration attempts from this network; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password hashes at once; see Retry-After", body = ApiError),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<RegisterRequest>,
) -> Result<Response, AppError> {
    if !instance::registration_open(&state.db, state.settings.registration_open).await? {
        return Err(AppError::Forbidden {
            code: ErrorCode::RegistrationClosed,
            message:
                "Registration is closed on this instance; ask an administrator for an account."
                    .to_owned(),
        });
    }
    // Every attempt counts (each may cost a password hash).
    let _counted = rate_limit::acquire(
        &state.db,
        &[Key::for_address(&policy::REGISTER, ip.as_deref())],
        Utc::now(),
    )
    .await
    .map_err(ServiceError::from)?;
    let delivery = Delivery::requested(input.session);
    let new = prepare_new_user(
        &input.username,
        &input.email,
        "password",
        &input.password,
        vec![Role::User],
        false,
    )
    .await?;
    let now = Utc::now();
    let user = state
        .db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let user =
                    user_service::create(txn, new, now)
                        .await
                        .map_err(|error| match error {
                            ServiceError::Conflict {
                                code: ErrorCode::Conflict,
                                ..
                            } => ServiceError::conflict(REGISTRATION_CONFLICT),
                            other => other,
                        })?;
                audit::record(
                    txn,
                    audit::Event {
                        action: audit::action::REGISTER,
                        actor_user_id: Some(user.user.id),
                        target_user_id: Some(user.user.id),
                        details: json!({ "username": user.user.username }),
                        ..audit::Event::default()
                    },
                    now,
                )
                .await?;
                Ok(user)
            })
        })
        .await
        .map_err(ServiceError::from)?;
    user_service::record_login(&state.db, user.user.id, now).await?;
    issue_session(
        &state,
        &user,
        SessionKind::Normal,
        delivery,
        ip,
        StatusCode::CREATED,
    )
    .await
}

/// Changes the signed-in user's password. `current_password` is required unless the user is
/// flagged `force_password_change` (the flag is cleared). Every other session of the user ends,
/// and so do the user's personal access tokens unless `keep_api_tokens` is true.
/// Wrong current passwords are limited per user (5, then a growing wait; 429 with
/// `Retry-After`, even for the right one); the right one clears the count.
#[utoipa::path(
    post,
    path = "/auth/password",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Password changed; other sessions ended (and API tokens revoked unless kept)"),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed", body = ApiError),
        (status = 422, description = "Missing or wrong current password, or a weak new one", body = ApiError),
        (status = 429, description = "Too many wrong current passwords; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password hashes at once; see Retry-After", body = ApiError),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
    AppJson(input): AppJson<ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    let forced = force_password_change(&current.user);
    if !forced {
        let Some(current_password) = input.current_password.filter(|p| !p.is_empty()) else {
            return Err(AppError::validation([("current_password", "is required")]));
        };
        crate::auth::confirm_password(&state, &current.user, &current_password, "current_password")
            .await?;
    }
    password::check_rules("new_password", &current.user.username, &input.new_password)
        .map_err(|fields| AppError::Validation { fields })?;
    let hash = password::hash(input.new_password).await?;
    let now = Utc::now();
    let user = current.user.clone();
    let keep = current.session.id;
    let keep_api_tokens = input.keep_api_tokens;
    let impersonator = current.impersonator();
    state
        .db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                user_service::set_password(txn, &user, hash, now).await?;
                let ended = sessions::revoke_all_for_user(txn, user.id, Some(keep), now).await?;
                let tokens_revoked = if keep_api_tokens {
                    0
                } else {
                    api_tokens::revoke_all_for_user(txn, user.id, now).await?
                };
                audit::record(
                    txn,
                    audit::Event {
                        action: audit::action::PASSWORD_CHANGE,
                        actor_user_id: Some(user.id),
                        impersonator_user_id: impersonator,
                        target_user_id: Some(user.id),
                        details: json!({
                            "forced": forced,
                            "sessions_ended": ended,
                            "api_tokens_revoked": tokens_revoked,
                        }),
                        ..audit::Event::default()
                    },
                    now,
                )
                .await?;
                Ok(())
            })
        })
        .await
        .map_err(ServiceError::from)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the current impersonation session and returns to the administrator's own session it
/// was started from, if that one is still live — never a new one.
///
/// In the browser (cookie session) the way back needs the administrator's own token, which the
/// impersonation kept in its own HttpOnly cookie: the cookies are switched back to that
/// session (no token in the body). With a bearer token, the answer carries no token: the caller
/// goes on with its own. When the administrator's session has ended (logout, revocation,
/// idle timeout) the impersonation still ends, the answer is 401 and the client must sign in
/// again.
#[utoipa::path(
    post,
    path = "/auth/impersonation/stop",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Back to the administrator's own session (cookies switched back; no token in the body)", body = TokenResponse),
        (status = 401, description = "Not signed in; or the impersonation ended but the administrator's own session is gone: sign in again", body = ApiError),
        (status = 403, description = "CSRF check failed", body = ApiError),
        (status = 409, description = "This session is not an impersonation", body = ApiError),
    )
)]
pub async fn stop_impersonation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    request_headers: HeaderMap,
    SessionUser(current): SessionUser,
) -> Result<Response, AppError> {
    let Some(admin_id) = current.impersonator() else {
        return Err(AppError::Conflict {
            code: ErrorCode::NotImpersonating,
            message: "This session is not an impersonation.".to_owned(),
        });
    };
    let now = Utc::now();
    sessions::end_impersonation(&state.db, &current.session, StopReason::Stopped, ip, now).await?;
    let parent = match current.session.parent_session_id {
        Some(id) => sessions::find_with_user(&state.db, id).await?,
        None => None,
    };
    let parent = parent.filter(|parent| {
        parent.session.user_id == admin_id
            && parent.session.impersonator_user_id.is_none()
            && sessions::is_live(&parent.session, now)
            && parent.user.active
            && parent.roles.iter().any(|role| role == Role::Admin.as_str())
    });
    let jar = CookieJar::new(state.cookie_secure());
    let parent = match current.via {
        AuthVia::Bearer => parent,
        // The impersonation token alone is not enough: the browser must also hold the
        // administrator's own token.
        AuthVia::Cookie => parent.filter(|parent| {
            admin_session_in_cookie(&state, &request_headers, &current) == Some(parent.session.id)
        }),
    };
    let Some(parent) = parent else {
        return Ok(sign_in_again(current.via, jar));
    };
    let mut headers = HeaderMap::new();
    if current.via == AuthVia::Cookie {
        let token = session_token(&state, &parent.session)?;
        for cookie in jar.session(&token, &state.csrf.token(parent.session.id)) {
            headers.append(header::SET_COOKIE, cookie);
        }
        headers.append(header::SET_COOKIE, jar.clear_admin_session());
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    let admin = UserWithRoles {
        user: parent.user,
        roles: parent.roles,
    };
    let body = token_response(None, parent.session.expires_at, user_response(&admin, None));
    Ok((StatusCode::OK, headers, Json(body)).into_response())
}

/// The answer of a stop with no session to return to: 401, and in the browser every cookie
/// cleared.
fn sign_in_again(via: AuthVia, jar: CookieJar) -> Response {
    let mut response = AppError::Unauthorized.into_response();
    *response.body_mut() = axum::body::Body::from(
        serde_json::to_vec(&ApiError::new(
            ErrorCode::Unauthorized,
            "The impersonation has ended, and your own session has ended too: sign in again.",
        ))
        .unwrap_or_default(),
    );
    if via == AuthVia::Cookie {
        for cookie in jar.clear_all() {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}
