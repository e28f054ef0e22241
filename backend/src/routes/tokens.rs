//! Personal access tokens: the signed-in user's (`/tokens`) and, for administrators, any
//! user's (`/admin/users/{id}/tokens`). Managing tokens needs a session: a token cannot create,
//! list or revoke tokens (403 `session_required`), so a leaked token cannot mint others.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::tokens::{
    ApiTokenListResponse, ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse,
    TokenScope,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{AdminUser, AuthUser, ClientIp};
use crate::db::convert::timestamp;
use crate::db::entities::api_tokens;
use crate::error::{AppError, AppJson, AppPath};
use crate::services::api_tokens::{self as service, Revoker};
use crate::services::users;
use crate::state::AppState;

/// The token routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_user_tokens))
        .routes(routes!(revoke_user_token))
}

/// A token row as listed.
fn token_response(token: &api_tokens::Model) -> ApiTokenResponse {
    ApiTokenResponse {
        id: token.id.to_string(),
        name: token.name.clone(),
        scope: TokenScope::from_name(&token.scope).unwrap_or(TokenScope::Read),
        hint: format!("{}…", token.hint),
        created_at: timestamp(token.created_at),
        last_used_at: token.last_used_at.map(timestamp),
        last_used_ip: token.last_used_ip.clone(),
        expires_at: token.expires_at.map(timestamp),
    }
}

async fn token_list(state: &AppState, user_id: Uuid) -> Result<ApiTokenListResponse, AppError> {
    let items = service::list(&state.db, user_id, Utc::now()).await?;
    Ok(ApiTokenListResponse {
        items: items.iter().map(token_response).collect(),
    })
}

/// The signed-in user's live tokens (not revoked, not expired), newest first.
#[utoipa::path(
    get,
    path = "/tokens",
    tag = "tokens",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The live tokens, newest first", body = ApiTokenListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "A personal access token (`session_required`), or a password change is required", body = ApiError),
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
) -> Result<Json<ApiTokenListResponse>, AppError> {
    Ok(Json(token_list(&state, current.user.id).await?))
}

/// Creates a personal access token. The answer carries its secret, the only time it is shown;
/// send it as `Authorization: Bearer <secret>`. Audited (`api_token.create`). At most 50 live
/// tokens per user (409 `quota_exceeded`). Not while an administrator impersonates the user.
#[utoipa::path(
    post,
    path = "/tokens",
    tag = "tokens",
    security(("bearer" = []), ("cookie" = [])),
    request_body = CreateApiTokenRequest,
    responses(
        (status = 201, description = "The token and its secret (shown once)", body = CreatedApiTokenResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "A personal access token (`session_required`), an impersonation session, or CSRF", body = ApiError),
        (status = 409, description = "Too many tokens (`quota_exceeded`)", body = ApiError),
        (status = 422, description = "Invalid name or expiry", body = ApiError),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<CreateApiTokenRequest>,
) -> Result<(StatusCode, Json<CreatedApiTokenResponse>), AppError> {
    if current.impersonator().is_some() {
        return Err(AppError::forbidden(
            "API tokens cannot be created while impersonating a user.",
        ));
    }
    let created = service::create(&state.db, current.user.id, &input, ip, Utc::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiTokenResponse {
            secret: created.secret,
            token: token_response(&created.token),
        }),
    ))
}

/// Revokes one of the signed-in user's tokens; it stops working at once. Audited
/// (`api_token.revoke`).
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "tokens",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "A personal access token (`session_required`), or CSRF", body = ApiError),
        (status = 404, description = "No such live token of yours", body = ApiError),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    let by = Revoker {
        actor_user_id: current.impersonator().unwrap_or(current.user.id),
        ip,
    };
    service::revoke(&state.db, current.user.id, id, by, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's live tokens (administrators).
#[utoipa::path(
    get,
    path = "/admin/users/{id}/tokens",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user's live tokens, newest first", body = ApiTokenListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
    )
)]
pub async fn list_user_tokens(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ApiTokenListResponse>, AppError> {
    users::get(&state.db, id).await?;
    Ok(Json(token_list(&state, id).await?))
}

/// Revokes a user's token (administrators). Audited (`api_token.revoke`, by an administrator).
#[utoipa::path(
    delete,
    path = "/admin/users/{id}/tokens/{token_id}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("token_id" = Uuid, Path, description = "Token id"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user, or no such live token of theirs", body = ApiError),
    )
)]
pub async fn revoke_user_token(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath((id, token_id)): AppPath<(Uuid, Uuid)>,
) -> Result<StatusCode, AppError> {
    let by = Revoker {
        actor_user_id: admin.user.id,
        ip,
    };
    service::revoke(&state.db, id, token_id, by, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
