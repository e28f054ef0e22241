//! `/auth/*`: login, logout, the current user, registration, password change, and the end of an
//! impersonation. Also `issue_session`, which every route that starts a session shares.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use resume_shared::api::{
    ApiError, ChangePasswordRequest, ErrorCode, LoginRequest, RegisterRequest, TokenResponse,
    UserResponse,
};
use sea_orm::TransactionTrait as _;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::extractor::{ClientIp, SessionUser};
use crate::auth::jwt::{Claims, TOKEN_LIFETIME_SECS};
use crate::auth::{clear_cookies, password, random_token, session_cookies};
use crate::db::convert::{timestamp, user_response};
use crate::db::entities::users;
use crate::error::{AppError, AppJson};
use crate::services::sessions::NewSession;
use crate::services::users::{NewUser, Role, UserWithRoles, force_password_change};
use crate::services::{
    ServiceError, audit, instance, login_limit, sessions, settings, users as user_service,
};

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
    /// An impersonation by `admin`, with the fixed lifetime from the configuration.
    Impersonation {
        /// The administrator.
        admin: &'a users::Model,
    },
}

/// Creates a session row and answers with the token (body) and the cookies.
pub(crate) async fn issue_session(
    state: &AppState,
    user: &UserWithRoles,
    kind: SessionKind<'_>,
    ip: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let (impersonator, minutes) = match &kind {
        SessionKind::Normal => (
            None,
            settings::session_timeout(
                &state.db,
                user.user.id,
                state.settings.session_timeout_minutes,
            )
            .await?,
        ),
        SessionKind::Impersonation { admin } => {
            (Some(*admin), state.settings.impersonation_minutes)
        }
    };
    let session = sessions::create(
        &state.db,
        NewSession {
            user_id: user.user.id,
            impersonator_user_id: impersonator.map(|admin| admin.id),
            minutes,
            ip,
        },
        now,
    )
    .await?;
    let claims = Claims {
        sub: user.user.id,
        sid: session.id,
        imp: session.impersonator_user_id,
        iat: now.timestamp(),
        exp: now.timestamp() + TOKEN_LIFETIME_SECS,
    };
    let token = state.jwt.sign(&claims).map_err(|error| {
        AppError::Internal(anyhow::Error::new(error).context("signing a session token"))
    })?;
    let body = TokenResponse {
        access_token: token.clone(),
        token_type: "Bearer".to_owned(),
        expires_at: timestamp(session.expires_at),
        user: user_response(user, impersonator),
    };
    let mut headers = HeaderMap::new();
    for cookie in session_cookies(&token, &random_token(), state.cookie_secure()) {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok((status, headers, Json(body)).into_response())
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
    let password_hash = password::hash(password_value.to_owned())
        .await
        .map_err(|error| AppError::Internal(anyhow::Error::new(error)))?;
    Ok(NewUser {
        username: username.to_owned(),
        email,
        password_hash,
        roles,
        force_password_change,
    })
}

/// Signs in with a username (or email) and password. Answers the bearer token and sets the
/// HttpOnly session cookie and the CSRF cookie. Failed attempts are limited per username and
/// per client address (429 with `Retry-After`).
#[utoipa::path(
    post,
    path = "/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; cookies set", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Wrong username or password", body = ApiError),
        (status = 403, description = "The account is deactivated", body = ApiError),
        (status = 409, description = "Setup required", body = ApiError),
        (status = 422, description = "Empty fields, or over their size (username 254, password 1024 bytes), or control characters in the username", body = ApiError),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ApiError),
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

async fn do_login(
    state: &AppState,
    input: LoginRequest,
    ip: Option<String>,
) -> Result<Response, AppError> {
    let mut fields = crate::error::FieldErrors::new();
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
    let login_key = input.username.trim().to_lowercase();
    let address = ip.clone().unwrap_or_else(|| "unknown".to_owned());
    if let Err(error) = login_limit::check(&state.db, &login_key, &address, now).await {
        if matches!(error, ServiceError::RateLimited { .. }) {
            audit::record(
                &state.db,
                audit::Event {
                    action: audit::action::LOGIN_RATE_LIMITED,
                    ip: ip.clone(),
                    details: json!({ "username": login_key }),
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
        }
        return Err(error.into());
    }
    // Over-long passwords are refused without hashing them (bounded work), but only after the
    // rate limit so they still count as failures.
    let user = user_service::find_for_login(&state.db, &login_key).await?;
    let verified = match &user {
        Some(user) if input.password.len() <= password::MAX_PASSWORD_BYTES => {
            password::verify(input.password, user.password_hash.clone()).await
        }
        _ => {
            password::verify_dummy(input.password).await;
            false
        }
    };
    let user = match user {
        Some(user) if verified => user,
        user => {
            login_limit::record_failure(&state.db, &login_key, &address, now).await?;
            audit::record(
                &state.db,
                audit::Event {
                    action: audit::action::LOGIN_FAILURE,
                    target_user_id: user.as_ref().map(|u| u.id),
                    ip,
                    details: json!({ "username": login_key, "reason": "wrong credentials" }),
                    ..audit::Event::default()
                },
                now,
            )
            .await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    if !user.active {
        audit::record(
            &state.db,
            audit::Event {
                action: audit::action::LOGIN_FAILURE,
                target_user_id: Some(user.id),
                ip,
                details: json!({ "username": login_key, "reason": "inactive" }),
                ..audit::Event::default()
            },
            now,
        )
        .await?;
        return Err(AppError::forbidden("This account is deactivated."));
    }
    login_limit::clear(&state.db, &login_key).await?;
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
    issue_session(state, &user, SessionKind::Normal, ip, StatusCode::OK).await
}

/// Ends the current session and clears the cookies.
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
    SessionUser(current): SessionUser,
) -> Result<Response, AppError> {
    let now = Utc::now();
    sessions::revoke(&state.db, current.session.id, now).await?;
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
    for cookie in clear_cookies(state.cookie_secure()) {
        headers.append(header::SET_COOKIE, cookie);
    }
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// The signed-in user, with `impersonator` when an administrator is acting as them. Answers
/// also while a password change is pending (`force_password_change: true`).
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
    SessionUser(current): SessionUser,
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
/// `registration_closed`) and signs it in.
#[utoipa::path(
    post,
    path = "/auth/register",
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in; cookies set", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 403, description = "Registration is closed", body = ApiError),
        (status = 409, description = "Username or email taken, or setup required", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
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
                let user = user_service::create(txn, new, now).await?;
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
    issue_session(&state, &user, SessionKind::Normal, ip, StatusCode::CREATED).await
}

/// Changes the signed-in user's password. `current_password` is required unless the user is
/// flagged `force_password_change` (the flag is cleared). Every other session of the user ends.
#[utoipa::path(
    post,
    path = "/auth/password",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Password changed; other sessions ended"),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed", body = ApiError),
        (status = 422, description = "Missing or wrong current password, or a weak new one", body = ApiError),
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
        let matches = current_password.len() <= password::MAX_PASSWORD_BYTES
            && password::verify(current_password, current.user.password_hash.clone()).await;
        if !matches {
            return Err(AppError::validation([(
                "current_password",
                "is not correct",
            )]));
        }
    }
    password::check_rules("new_password", &current.user.username, &input.new_password)
        .map_err(|fields| AppError::Validation { fields })?;
    let hash = password::hash(input.new_password)
        .await
        .map_err(|error| AppError::Internal(anyhow::Error::new(error)))?;
    let now = Utc::now();
    let user = current.user.clone();
    let keep = current.session.id;
    let impersonator = current.impersonator();
    state
        .db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                user_service::set_password(txn, &user, hash, now).await?;
                let ended = sessions::revoke_all_for_user(txn, user.id, Some(keep), now).await?;
                audit::record(
                    txn,
                    audit::Event {
                        action: audit::action::PASSWORD_CHANGE,
                        actor_user_id: Some(user.id),
                        impersonator_user_id: impersonator,
                        target_user_id: Some(user.id),
                        details: json!({ "forced": forced, "sessions_ended": ended }),
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

/// Ends the current impersonation session and starts a new session of the administrator
/// (token in the body, cookies replaced).
#[utoipa::path(
    post,
    path = "/auth/impersonation/stop",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Back to the administrator's own session", body = TokenResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, or the administrator lost the role", body = ApiError),
        (status = 409, description = "This session is not an impersonation", body = ApiError),
    )
)]
pub async fn stop_impersonation(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<Response, AppError> {
    let Some(admin_id) = current.impersonator() else {
        return Err(AppError::Conflict {
            code: ErrorCode::NotImpersonating,
            message: "This session is not an impersonation.".to_owned(),
        });
    };
    let now = Utc::now();
    sessions::revoke(&state.db, current.session.id, now).await?;
    audit::record(
        &state.db,
        audit::Event {
            action: audit::action::IMPERSONATION_STOP,
            actor_user_id: Some(admin_id),
            impersonator_user_id: Some(admin_id),
            target_user_id: Some(current.user.id),
            details: json!({ "username": current.user.username }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    let admin = user_service::get(&state.db, admin_id).await?;
    if !admin.user.active || !admin.has_role(Role::Admin) {
        return Err(AppError::forbidden(
            "The impersonating account is no longer an active administrator.",
        ));
    }
    issue_session(
        &state,
        &admin,
        SessionKind::Normal,
        current.session.ip.clone(),
        StatusCode::OK,
    )
    .await
}
