//! `/auth/*`: login (with its second step), logout, the current user, registration, password
//! change, and the end of an impersonation. The handlers read the request, call
//! `crate::services::sign_in` or `crate::services::accounts`, and hand a new session over with
//! `crate::auth::session`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::Utc;
use resume_shared::api::sessions::SignInMethod;
use resume_shared::api::two_factor::{
    SecondFactorChallenge, SecondFactorMethod, SecondFactorRequest,
};
use resume_shared::api::{
    ApiError, ChangePasswordRequest, LoginRequest, RegisterRequest, TokenResponse, UserResponse,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{AnyCaller, AuthVia, ClientIp, SessionUser, UserAgent};
use crate::auth::session::{self, Delivery, SessionKind, issue_session};
use crate::db::convert::timestamp;
use crate::error::{AppError, AppJson};
use crate::services::accounts::{self, AccountForm};
use crate::services::sign_in::{self, PasswordChecked, WayBack};
use crate::services::users::{self as user_service, UserWithRoles};
use crate::services::{login_challenges, two_factor};
use crate::state::AppState;
use crate::wire::users::user_response;

/// The `/auth` routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(login_second_factor))
        .routes(routes!(logout))
        .routes(routes!(get_me))
        .routes(routes!(register))
        .routes(routes!(change_password))
        .routes(routes!(stop_impersonation))
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
///
/// When the account has two-factor authentication, the right password signs nothing in: the
/// answer is 202 with a single-use `challenge` for `POST /auth/login/second-factor`.
#[utoipa::path(
    post,
    path = "/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: the token, the cookies or both (see `session`)", body = TokenResponse),
        (status = 202, description = "The password was right and the account has two-factor authentication: complete the login with a code at `/auth/login/second-factor`", body = SecondFactorChallenge),
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
    UserAgent(user_agent): UserAgent,
    AppJson(input): AppJson<LoginRequest>,
) -> Result<Response, AppError> {
    let delivery = Delivery::requested(input.session);
    let secret_key = &state.settings.secret_key;
    let now = Utc::now();
    let checked = sign_in::login(
        &state.db,
        secret_key,
        &input.username,
        input.password,
        ip.clone(),
        now,
    )
    .await?;
    let user = match checked {
        PasswordChecked::SignedIn(user) => *user,
        PasswordChecked::SecondFactorNeeded(user_id) => {
            let challenge = login_challenges::start(&state.db, user_id, ip, now).await?;
            let body = SecondFactorChallenge {
                challenge: challenge.token,
                methods: vec![SecondFactorMethod::Totp, SecondFactorMethod::RecoveryCode],
                expires_at: timestamp(challenge.expires_at),
            };
            return Ok((StatusCode::ACCEPTED, no_store(), Json(body)).into_response());
        }
    };
    let kind = SessionKind::Normal(SignInMethod::Password);
    let handover = issue_session(&state, user.user.id, kind, delivery, ip, user_agent).await?;
    Ok(handover.respond(StatusCode::OK, signed_in(&state, &user).await?))
}

/// Completes a login of an account with two-factor authentication: the `challenge` of the
/// login's 202 answer and a code, either the authenticator app's current one (one step of
/// clock drift either way is accepted) or an unused recovery code. A code works once. Hands
/// the session over as `session` says, like the login.
///
/// Wrong codes count against the account (5, then a growing wait; 429 with `Retry-After`,
/// even for a right code). Every refusal is audited (`login.second_factor_failure`).
#[utoipa::path(
    post,
    path = "/auth/login/second-factor",
    tag = "auth",
    request_body = SecondFactorRequest,
    responses(
        (status = 200, description = "Signed in: the token, the cookies or both (see `session`)", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "`invalid_code`: the code is wrong or was used already (try another); `sign_in_expired`: the challenge expired or was used (sign in again)", body = ApiError),
        (status = 422, description = "An empty or over-long code or challenge", body = ApiError),
        (status = 429, description = "Too many wrong codes for this account; see Retry-After", body = ApiError),
    )
)]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn login_second_factor(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    UserAgent(user_agent): UserAgent,
    AppJson(input): AppJson<SecondFactorRequest>,
) -> Result<Response, AppError> {
    let delivery = Delivery::requested(input.session);
    let (user, method) = login_challenges::complete(
        &state.db,
        &state.cipher,
        &input.challenge,
        &input.code,
        ip.clone(),
        Utc::now(),
    )
    .await?;
    let kind = SessionKind::Normal(method);
    let handover = issue_session(&state, user.user.id, kind, delivery, ip, user_agent).await?;
    Ok(handover.respond(StatusCode::OK, signed_in(&state, &user).await?))
}

/// The user as a sign-in answers them: with whether they must set up two-factor first.
async fn signed_in(state: &AppState, user: &UserWithRoles) -> Result<UserResponse, AppError> {
    let mut response = user_response(user, None);
    response.two_factor_enrolment_required =
        two_factor::enrolment_required(&state.db, &user.user).await?;
    Ok(response)
}

fn no_store() -> [(header::HeaderName, HeaderValue); 1] {
    [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))]
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
    let admin_session = session::admin_session_in_cookie(&state, &request_headers, &current);
    sign_in::sign_out(&state.db, &current.session, admin_session, ip, Utc::now()).await?;
    Ok(session::signed_out(&state))
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
    let mut response = user_response(&user, impersonator.as_ref());
    response.two_factor_enrolment_required =
        impersonator.is_none() && two_factor::enrolment_required(&state.db, &user.user).await?;
    Ok(Json(response))
}

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
    UserAgent(user_agent): UserAgent,
    AppJson(input): AppJson<RegisterRequest>,
) -> Result<Response, AppError> {
    let delivery = Delivery::requested(input.session);
    let form = AccountForm {
        username: input.username,
        email: input.email,
        password: input.password,
    };
    let open = state.settings.registration_open;
    let user = accounts::register(&state.db, open, form, ip.as_deref(), Utc::now()).await?;
    let kind = SessionKind::Normal(SignInMethod::Registration);
    let handover = issue_session(&state, user.user.id, kind, delivery, ip, user_agent).await?;
    Ok(handover.respond(StatusCode::CREATED, signed_in(&state, &user).await?))
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
    let (user, session) = (&current.user, &current.session);
    accounts::change_password(&state.db, user, session, input, Utc::now()).await?;
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
    let way_back = match current.via {
        AuthVia::Bearer => WayBack::Bearer,
        AuthVia::Cookie => WayBack::Cookie(session::admin_session_in_cookie(
            &state,
            &request_headers,
            &current,
        )),
    };
    let now = Utc::now();
    let parent =
        sign_in::stop_impersonation(&state.db, &current.session, way_back, ip, now).await?;
    let Some(parent) = parent else {
        return Ok(session::sign_in_again(&state, current.via));
    };
    let handover = session::return_to(&state, current.via, &parent.session)?;
    let admin = UserWithRoles {
        user: parent.user,
        roles: parent.roles,
    };
    Ok(handover.respond(StatusCode::OK, user_response(&admin, None)))
}
