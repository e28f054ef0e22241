//! `/setup`: the first run. While no user exists, these (and `/health`) are the only API routes
//! that answer; `POST /setup` creates the first administrator exactly once. When the instance
//! has a setup token (`RESUME_EDITOR_SETUP_TOKEN`, or generated for a non-loopback bind, see
//! `crate::setup_token`), `POST /setup` must present it: otherwise whoever reaches the port
//! first would own the instance.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use resume_shared::api::{ApiError, ErrorCode, SetupRequest, SetupStatusResponse, TokenResponse};
use sea_orm::TransactionTrait as _;
use secrecy::ExposeSecret as _;
use serde_json::json;
use subtle::ConstantTimeEq as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::ClientIp;
use crate::error::{AppError, AppJson};
use crate::routes::auth::{Delivery, SessionKind, issue_session, prepare_new_user};
use crate::services::rate_limit::{self, Key, policy};
use crate::services::users::Role;
use crate::services::{ServiceError, audit, instance, users};
use crate::state::AppState;

/// The setup routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_setup_status))
        .routes(routes!(create_setup))
}

/// Whether the instance still needs its first administrator (and then whether `POST /setup`
/// needs the setup token), and whether self-registration is open (for the login page).
#[utoipa::path(
    get,
    path = "/setup/status",
    tag = "setup",
    responses(
        (status = 200, description = "Setup and registration state", body = SetupStatusResponse),
        (status = 500, description = "Internal error", body = ApiError),
    )
)]
pub async fn get_setup_status(
    State(state): State<AppState>,
) -> Result<Json<SetupStatusResponse>, AppError> {
    let needs_setup = !state.is_set_up().await?;
    Ok(Json(SetupStatusResponse {
        needs_setup,
        registration_open: instance::registration_open(&state.db, state.settings.registration_open)
            .await?,
        setup_token_required: needs_setup && state.settings.setup_token.is_some(),
    }))
}

/// Creates the first administrator (roles `admin` and `user`) and signs them in (`session`
/// chooses token and/or cookies, as at login). Answers 409 `already_set_up` once any user
/// exists; of two concurrent calls exactly one succeeds. When the instance has a setup token,
/// a missing or wrong `setup_token` answers 403 `invalid_setup_token`. Attempts, a wrong
/// token included, are limited per client network (10 in 15 minutes; then 429 with
/// `Retry-After`).
#[utoipa::path(
    post,
    path = "/setup",
    tag = "setup",
    request_body = SetupRequest,
    responses(
        (status = 201, description = "Administrator created and signed in (token and/or cookies, see `session`)", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 403, description = "The setup token is missing or wrong", body = ApiError),
        (status = 409, description = "Already set up", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 429, description = "Too many setup attempts from this network; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password hashes at once; see Retry-After", body = ApiError),
    )
)]
pub async fn create_setup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<SetupRequest>,
) -> Result<Response, AppError> {
    let already = || AppError::Conflict {
        code: ErrorCode::AlreadySetUp,
        message: "This instance is already set up.".to_owned(),
    };
    if state.is_set_up().await? {
        return Err(already());
    }
    // Every attempt counts (each may cost a password hash, or guess the setup token).
    let _counted = rate_limit::acquire(
        &state.db,
        &[Key::for_address(&policy::SETUP, ip.as_deref())],
        Utc::now(),
    )
    .await
    .map_err(ServiceError::from)?;
    check_setup_token(&state, input.setup_token.as_deref())?;
    let delivery = Delivery::requested(input.session);
    let new = prepare_new_user(
        &input.username,
        &input.email,
        "password",
        &input.password,
        vec![Role::Admin, Role::User],
        false,
    )
    .await?;
    let now = Utc::now();
    let registration_open = state.settings.registration_open;
    let audit_ip = ip.clone();
    let admin = state
        .db
        .transaction::<_, _, ServiceError>(|txn| {
            Box::pin(async move {
                let admin = users::create_first_admin(txn, new, registration_open, now).await?;
                audit::record(
                    txn,
                    audit::Event {
                        action: audit::action::SETUP,
                        actor_user_id: Some(admin.user.id),
                        target_user_id: Some(admin.user.id),
                        ip: audit_ip,
                        details: json!({ "username": admin.user.username }),
                        ..audit::Event::default()
                    },
                    now,
                )
                .await?;
                Ok(admin)
            })
        })
        .await
        .map_err(ServiceError::from)?;
    // Cache it for this instance; the database already says so for the others.
    let _ = state.is_set_up().await?;
    users::record_login(&state.db, admin.user.id, now).await?;
    tracing::info!(user.id = %admin.user.id, "instance set up");
    issue_session(
        &state,
        &admin,
        SessionKind::Normal,
        delivery,
        ip,
        StatusCode::CREATED,
    )
    .await
}

/// Passes when the instance has no setup token, or `presented` is it (compared in constant
/// time).
fn check_setup_token(state: &AppState, presented: Option<&str>) -> Result<(), AppError> {
    let Some(expected) = &state.settings.setup_token else {
        return Ok(());
    };
    let presented = presented.unwrap_or("").trim();
    if bool::from(
        presented
            .as_bytes()
            .ct_eq(expected.expose_secret().as_bytes()),
    ) {
        return Ok(());
    }
    tracing::warn!("setup refused: missing or wrong setup token");
    Err(AppError::Forbidden {
        code: ErrorCode::InvalidSetupToken,
        message: "This instance needs its setup token to be set up: the value of \
                  RESUME_EDITOR_SETUP_TOKEN, or the token in the file the server log names."
            .to_owned(),
    })
}
