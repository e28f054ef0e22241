//! `/auth/two-factor`: the signed-in user's two-factor authentication — its state, setting it
//! up (a new secret, then its first code, which turns it on and hands out recovery codes), new
//! recovery codes, and turning it off. The rules live in `crate::services::two_factor`.
//!
//! These routes take a session of the user's own: not a personal access token (403
//! `session_required`), and not an administrator acting as the user (403). They stay open to a
//! user who must set up two-factor authentication before anything else.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::two_factor::{
    ConfirmEnrolmentRequest, RecoveryCodes, StartEnrolmentRequest, TwoFactorEnrolment,
    TwoFactorProof, TwoFactorStatus,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{ClientIp, CurrentSession, SessionUser};
use crate::auth::totp;
use crate::db::convert::timestamp;
use crate::error::{AppError, AppJson};
use crate::services::two_factor;
use crate::state::AppState;

/// The `/auth/two-factor` routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_two_factor, disable_two_factor))
        .routes(routes!(start_enrolment))
        .routes(routes!(confirm_enrolment))
        .routes(routes!(renew_recovery_codes))
}

/// The caller's own session: an administrator acting as the user may not touch the user's
/// second factor.
fn own(current: &CurrentSession) -> Result<(), AppError> {
    if current.impersonator().is_some() {
        return Err(AppError::forbidden(
            "Two-factor authentication can only be changed by the user, not while impersonating.",
        ));
    }
    Ok(())
}

/// The signed-in user's two-factor state: on or not, since when, how many recovery codes are
/// left, and whether the administrator requires it.
#[utoipa::path(
    get,
    path = "/auth/two-factor",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The state", body = TwoFactorStatus),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "A personal access token", body = ApiError),
    )
)]
pub async fn get_two_factor(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<Json<TwoFactorStatus>, AppError> {
    let status = two_factor::status(&state.db, &current.user).await?;
    Ok(Json(TwoFactorStatus {
        enabled: status.enabled_at.is_some(),
        enabled_at: status.enabled_at.map(timestamp),
        recovery_codes_left: u32::try_from(status.recovery_codes_left).unwrap_or(u32::MAX),
        required: status.required,
    }))
}

/// Starts setting up two-factor authentication: the password again, then a new secret for the
/// authenticator app (as a QR code, its `otpauth://` URI and base32 text). Nothing changes for
/// sign-in until the first code confirms it (`POST /auth/two-factor/confirmation`); starting
/// again replaces the unconfirmed secret. Wrong passwords are limited as for a password change.
#[utoipa::path(
    post,
    path = "/auth/two-factor/enrolment",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = StartEnrolmentRequest,
    responses(
        (status = 201, description = "The new secret, waiting for its first code", body = TwoFactorEnrolment),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, a personal access token, or impersonating", body = ApiError),
        (status = 409, description = "Two-factor authentication is on already", body = ApiError),
        (status = 422, description = "A wrong password", body = ApiError),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password checks at once; see Retry-After", body = ApiError),
    )
)]
pub async fn start_enrolment(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
    AppJson(input): AppJson<StartEnrolmentRequest>,
) -> Result<(StatusCode, Json<TwoFactorEnrolment>), AppError> {
    own(&current)?;
    let user = &current.user;
    let secret =
        two_factor::start_enrolment(&state.db, &state.cipher, user, &input.password, Utc::now())
            .await?;
    let otpauth_uri = totp::otpauth_uri(&secret, &user.username);
    let qr_svg = totp::qr_svg(&otpauth_uri)
        .map_err(|error| AppError::Internal(anyhow::anyhow!("drawing the QR code: {error}")))?;
    Ok((
        StatusCode::CREATED,
        Json(TwoFactorEnrolment {
            secret: totp::base32(&secret),
            otpauth_uri,
            qr_svg,
            digits: totp::DIGITS,
            period: u32::try_from(totp::PERIOD_SECS).unwrap_or(30),
        }),
    ))
}

/// Confirms the set-up with the app's current code: two-factor authentication is on from the
/// next sign-in, and the answer holds ten recovery codes, shown this once. Other sessions go
/// on. Wrong codes count against the account's limit of wrong codes.
#[utoipa::path(
    post,
    path = "/auth/two-factor/confirmation",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = ConfirmEnrolmentRequest,
    responses(
        (status = 200, description = "On; the recovery codes, shown once", body = RecoveryCodes),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, a personal access token, or impersonating", body = ApiError),
        (status = 409, description = "On already, or no set-up was started", body = ApiError),
        (status = 422, description = "Not the app's current code", body = ApiError),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = ApiError),
    )
)]
pub async fn confirm_enrolment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionUser(current): SessionUser,
    AppJson(input): AppJson<ConfirmEnrolmentRequest>,
) -> Result<Json<RecoveryCodes>, AppError> {
    own(&current)?;
    let codes = two_factor::confirm_enrolment(
        &state.db,
        &state.cipher,
        &current.user,
        &input.code,
        ip,
        Utc::now(),
    )
    .await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// New recovery codes (the password and a current code confirm it); the earlier ones stop
/// working. Shown this once.
#[utoipa::path(
    post,
    path = "/auth/two-factor/recovery-codes",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = TwoFactorProof,
    responses(
        (status = 200, description = "The new recovery codes, shown once", body = RecoveryCodes),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, a personal access token, or impersonating", body = ApiError),
        (status = 409, description = "Two-factor authentication is off", body = ApiError),
        (status = 422, description = "A wrong password or code", body = ApiError),
        (status = 429, description = "Too many wrong passwords or codes; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password checks at once; see Retry-After", body = ApiError),
    )
)]
pub async fn renew_recovery_codes(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionUser(current): SessionUser,
    AppJson(input): AppJson<TwoFactorProof>,
) -> Result<Json<RecoveryCodes>, AppError> {
    own(&current)?;
    let codes = two_factor::renew_recovery_codes(
        &state.db,
        &state.cipher,
        &current.user,
        &input.password,
        &input.code,
        ip,
        Utc::now(),
    )
    .await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// Turns two-factor authentication off (the password and a current code confirm it): the
/// secret and the recovery codes are deleted. Refused while the administrator requires it.
#[utoipa::path(
    delete,
    path = "/auth/two-factor",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = TwoFactorProof,
    responses(
        (status = 204, description = "Off"),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, a personal access token, or impersonating", body = ApiError),
        (status = 409, description = "Off already, or the administrator requires it", body = ApiError),
        (status = 422, description = "A wrong password or code", body = ApiError),
        (status = 429, description = "Too many wrong passwords or codes; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password checks at once; see Retry-After", body = ApiError),
    )
)]
pub async fn disable_two_factor(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionUser(current): SessionUser,
    AppJson(input): AppJson<TwoFactorProof>,
) -> Result<StatusCode, AppError> {
    own(&current)?;
    two_factor::disable(
        &state.db,
        &state.cipher,
        &current.user,
        &input.password,
        &input.code,
        ip,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
