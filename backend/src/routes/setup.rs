//! `/setup`: the first run. While no user exists, these (and `/health`) are the only API routes
//! that answer; `POST /setup` creates the first administrator exactly once
//! (`crate::services::setup`). When the instance has a setup token
//! (`RESUME_EDITOR_SETUP_TOKEN`, or generated for a non-loopback bind, see
//! `crate::setup_token`), `POST /setup` must present it: otherwise whoever reaches the port
//! first would own the instance.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use resume_shared::api::sessions::SignInMethod;
use resume_shared::api::{ApiError, SetupRequest, SetupStatusResponse, TokenResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{ClientIp, UserAgent};
use crate::auth::session::{Delivery, SessionKind, issue_session};
use crate::error::{AppError, AppJson};
use crate::services::accounts::AccountForm;
use crate::services::{instance, setup};
use crate::state::AppState;
use crate::wire::users::user_response;

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
    UserAgent(user_agent): UserAgent,
    AppJson(input): AppJson<SetupRequest>,
) -> Result<Response, AppError> {
    if state.is_set_up().await? {
        return Err(setup::already_set_up().into());
    }
    let delivery = Delivery::requested(input.session);
    let form = AccountForm {
        username: input.username,
        email: input.email,
        password: input.password,
    };
    let token = input.setup_token.as_deref();
    let now = Utc::now();
    let admin = setup::set_up(&state.db, &state.settings, form, token, ip.clone(), now).await?;
    // Cache it for this instance; the database already says so for the others.
    let _ = state.is_set_up().await?;
    let kind = SessionKind::Normal(SignInMethod::Setup);
    let handover = issue_session(&state, admin.user.id, kind, delivery, ip, user_agent).await?;
    Ok(handover.respond(StatusCode::CREATED, user_response(&admin, None)))
}
