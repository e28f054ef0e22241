//! `/settings`: the signed-in user's LLM settings and session timeout. The API key is
//! write-only: responses only say `api_key_set`.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use resume_shared::api::{ApiError, LlmTestResponse, SettingsResponse, UpdateSettingsRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{ApiUser, AuthUser};
use crate::error::{AppError, AppJson};
use crate::llm::openai::mode_name;
use crate::services::rate_limit::{self, Key, policy};
use crate::services::{ServiceError, settings};
use crate::state::AppState;

/// The settings routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_settings, update_settings))
        .routes(routes!(test_llm_settings))
}

/// The signed-in user's settings.
#[utoipa::path(
    get,
    path = "/settings",
    tag = "settings",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The settings", body = SettingsResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Password change required", body = ApiError),
    )
)]
pub async fn get_settings(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
) -> Result<Json<SettingsResponse>, AppError> {
    Ok(Json(
        settings::get(
            &state.db,
            current.user.id,
            state.settings.session_timeout_minutes,
            &state.settings.llm,
        )
        .await?,
    ))
}

/// Updates the settings. Absent fields stay; `null` clears `llm_endpoint`, `llm_model` or
/// `api_key`. A new API key is encrypted (AES-256-GCM, fresh nonce) and bound to the origin
/// (scheme, host, port) of the endpoint; changing the endpoint to another origin clears the
/// stored key unless the same request sets a new one (the answer then says
/// `api_key_set: false`). A session in which an administrator impersonates the user may not
/// change `llm_endpoint` or `api_key` (403). A new timeout applies to the user's open sessions
/// from their next request. `llm_endpoint` must be a base URL requests can be sent to: no
/// query (extra query parameters go in `llm_options.query`), no fragment, not ending with
/// `/chat/completions` (422). `llm_options` replaces all endpoint options (`null` resets them);
/// each out-of-range option is named as `llm_options.<name>` (422).
#[utoipa::path(
    put,
    path = "/settings",
    tag = "settings",
    security(("bearer" = []), ("cookie" = [])),
    request_body = UpdateSettingsRequest,
    responses(
        (status = 200, description = "The updated settings", body = SettingsResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, password change required, or an impersonation session changing the endpoint or the API key", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
    )
)]
pub async fn update_settings(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
    AppJson(input): AppJson<UpdateSettingsRequest>,
) -> Result<Json<SettingsResponse>, AppError> {
    let (user_id, impersonator) = (current.user.id, current.impersonator());
    let saved = settings::save(
        &state.db,
        &state.cipher,
        &state.settings,
        user_id,
        impersonator,
        input,
        Utc::now(),
    )
    .await?;
    Ok(Json(saved))
}

/// Tries the signed-in user's LLM settings with a tiny request: whether the endpoint answers,
/// how fast, and which structured-output mode it accepts. A rate-limited endpoint is waited
/// out as a job would (at most 3 attempts and 20 s of waiting). A failure answers 200 with
/// `ok: false`, the reason and whether trying again later may help, so the settings page can
/// show it next to the fields; `notes` says what happened on the way. Limited per user (10 in
/// 10 minutes; then 429 with `Retry-After`), so the server cannot be used to send requests to
/// arbitrary hosts in bulk.
#[utoipa::path(
    post,
    path = "/settings/llm/test",
    tag = "settings",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The outcome", body = LlmTestResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed or password change required", body = ApiError),
        (status = 429, description = "Too many tests; see Retry-After", body = ApiError),
    )
)]
pub async fn test_llm_settings(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
) -> Result<Json<LlmTestResponse>, AppError> {
    let _counted = rate_limit::acquire(
        &state.db,
        &[Key::new(&policy::LLM_TEST, &current.user.id.to_string())],
        Utc::now(),
    )
    .await
    .map_err(ServiceError::from)?;
    let endpoint = settings::llm_endpoint(
        &state.db,
        &state.cipher,
        current.user.id,
        &state.settings.llm,
    )
    .await?;
    let started = std::time::Instant::now();
    Ok(Json(match state.llm.test_connection(&endpoint).await {
        Ok(report) => LlmTestResponse {
            ok: true,
            latency_ms: report.latency_ms,
            mode: Some(mode_name(report.mode).to_owned()),
            model: report.model,
            error: None,
            retryable: None,
            notes: report.notes,
        },
        Err(error) => LlmTestResponse {
            ok: false,
            latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            mode: None,
            model: endpoint.model.clone(),
            error: Some(error.to_string()),
            retryable: Some(error.is_retryable()),
            notes: Vec::new(),
        },
    }))
}
