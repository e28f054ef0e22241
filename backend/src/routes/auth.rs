//! `/auth/*`: login, logout, the current user, registration, password change, and the end of an
//! impersonation. The handlers read the request, call `crate::services::sign_in` or
//! `crate::services::accounts`, and hand a new session over with `crate::auth::session`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use resume_shared::api::{
    ApiError, ChangePasswordRequest, LoginRequest, RegisterRequest, TokenResponse, UserResponse,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{AnyCaller, AuthVia, ClientIp, SessionUser};
use crate::auth::session::{self, Delivery, SessionKind, issue_session};
use crate::error::{AppError, AppJson};
use crate::services::accounts::{self, AccountForm};
use crate::services::sign_in::{self, WayBack};
use crate::services::users::{self as user_service, UserWithRoles};
use crate::state::AppState;
use crate::wire::users::user_response;

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
    let delivery = Delivery::requested(input.session);
    let secret_key = &state.settings.secret_key;
    let user = sign_in::login(
        &state.db,
        secret_key,
        &input.username,
        input.password,
        ip.clone(),
        Utc::now(),
    )
    .await?;
    let handover = issue_session(&state, user.user.id, SessionKind::Normal, delivery, ip).await?;
    Ok(handover.respond(StatusCode::OK, user_response(&user, None)))
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
    Ok(Json(user_response(&user, impersonator.as_ref())))
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
    let handover = issue_session(&state, user.user.id, SessionKind::Normal, delivery, ip).await?;
    Ok(handover.respond(StatusCode::CREATED, user_response(&user, None)))
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
