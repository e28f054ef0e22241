//! `/admin/*` (role `admin`; everyone else gets 403): users, roles, impersonation, two-factor
//! resets, the audit log and the instance settings. The rules that protect the instance (last active admin,
//! no self-deletion, admins cannot be impersonated) are enforced in the services
//! (`crate::services::admin`, `crate::services::users`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use resume_shared::api::input::{
    CheckInput, Limit, MAX_ACTION_BYTES, Problems, check_line, check_paging,
};
use resume_shared::api::{
    AdminUserResponse, ApiError, AuditListResponse, CreateUserRequest, InstanceSettings, RoleName,
    TokenResponse, UpdateUserRequest, UserListResponse,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{AdminUser, ClientIp, UserAgent};
use crate::auth::session::{Delivery, SessionKind, issue_session};
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::admin as admin_service;
use crate::services::users::{self, DeletedBy};
use crate::services::{Page, audit, instance, two_factor};
use crate::state::AppState;
use crate::wire::query::lenient_u64;
use crate::wire::users::{admin_user_response, audit_entry, user_response};

/// The admin routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(add_user_role, remove_user_role))
        .routes(routes!(impersonate_user))
        .routes(routes!(list_audit_entries))
        .routes(routes!(get_instance_settings, update_instance_settings))
        .routes(routes!(reset_user_two_factor))
}

/// Paging of a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1 (default 1).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, 1–200 (default 50).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

impl CheckInput for PageQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_paging(problems, self.page, self.per_page, Page::MAX_PER_PAGE);
    }
}

/// Paging and filters of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1 (default 1).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, 1–200 (default 50).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
    /// Only this action (e.g. `login.failure`; at most 64 bytes).
    #[param(max_length = 64, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub action: Option<String>,
    /// Only events by this user.
    pub actor_user_id: Option<Uuid>,
    /// Only events concerning this user.
    pub target_user_id: Option<Uuid>,
}

impl CheckInput for AuditQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_paging(problems, self.page, self.per_page, Page::MAX_PER_PAGE);
        if let Some(action) = &self.action {
            check_line(problems, "action", action, Limit::Bytes(MAX_ACTION_BYTES));
        }
    }
}

/// Users ordered by username, a page at a time.
#[utoipa::path(
    get,
    path = "/admin/users",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of users", body = UserListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 422, description = "Bad paging values", body = ApiError),
    )
)]
pub async fn list_users(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<Json<UserListResponse>, AppError> {
    let page = Page::new(query.page, query.per_page)?;
    let (rows, total) = users::list(&state.db, page).await?;
    Ok(Json(UserListResponse {
        items: rows.iter().map(admin_user_response).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// Creates a user (roles default to `["user"]`), optionally forcing a password change at first
/// login.
#[utoipa::path(
    post,
    path = "/admin/users",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "The new user", body = AdminUserResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 409, description = "Username or email taken", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 503, description = "Too many password hashes at once; see Retry-After", body = ApiError),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<AdminUserResponse>), AppError> {
    let user = admin_service::create_user(&state.db, admin.user.id, input, ip, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(admin_user_response(&user))))
}

/// One user.
#[utoipa::path(
    get,
    path = "/admin/users/{id}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = AdminUserResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
    )
)]
pub async fn get_user(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<AdminUserResponse>, AppError> {
    let user = admin_service::get_user(&state.db, id).await?;
    Ok(Json(admin_user_response(&user)))
}

/// Changes a user: email, active, forced password change, attributes, password. Deactivation
/// and a new password end the user's sessions. The last active administrator cannot be
/// deactivated (409 `last_admin`).
#[utoipa::path(
    patch,
    path = "/admin/users/{id}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The updated user", body = AdminUserResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
        (status = 409, description = "Email taken, or the last active administrator", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 503, description = "Too many password hashes at once (a new password); see Retry-After", body = ApiError),
    )
)]
pub async fn update_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<UpdateUserRequest>,
) -> Result<Json<AdminUserResponse>, AppError> {
    let admin_id = admin.user.id;
    let now = Utc::now();
    let user = admin_service::update_user(&state.db, admin_id, id, input, ip, now).await?;
    Ok(Json(admin_user_response(&user)))
}

/// Deletes a user with all their data; their sessions end. Administrators cannot delete
/// themselves, and the last active administrator cannot be deleted.
#[utoipa::path(
    delete,
    path = "/admin/users/{id}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
        (status = 409, description = "Yourself, or the last active administrator", body = ApiError),
    )
)]
pub async fn delete_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    let by = DeletedBy::Administrator(admin.user.id);
    users::delete(&state.db, id, by, ip, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Grants a role (`user` or `admin`); granting a held role changes nothing.
#[utoipa::path(
    post,
    path = "/admin/users/{id}/roles/{role}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("role" = RoleName, Path, description = "The role"),
    ),
    responses(
        (status = 200, description = "The user with the role", body = AdminUserResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user or role", body = ApiError),
    )
)]
pub async fn add_user_role(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath((id, role)): AppPath<(Uuid, String)>,
) -> Result<Json<AdminUserResponse>, AppError> {
    let admin_id = admin.user.id;
    let now = Utc::now();
    let user = admin_service::grant_role(&state.db, admin_id, id, &role, ip, now).await?;
    Ok(Json(admin_user_response(&user)))
}

/// Removes a role; removing one not held changes nothing. The last active administrator keeps
/// `admin` (409 `last_admin`).
#[utoipa::path(
    delete,
    path = "/admin/users/{id}/roles/{role}",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("role" = RoleName, Path, description = "The role"),
    ),
    responses(
        (status = 200, description = "The user without the role", body = AdminUserResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 404, description = "No such user or role", body = ApiError),
        (status = 409, description = "The last active administrator", body = ApiError),
    )
)]
pub async fn remove_user_role(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath((id, role)): AppPath<(Uuid, String)>,
) -> Result<Json<AdminUserResponse>, AppError> {
    let admin_id = admin.user.id;
    let now = Utc::now();
    let user = admin_service::revoke_role(&state.db, admin_id, id, &role, ip, now).await?;
    Ok(Json(admin_user_response(&user)))
}

/// Starts a time-limited session as the user (default 60 minutes, no sliding) that carries the
/// administrator's identity and remembers the administrator's session it was started from.
/// From a cookie session the cookies are replaced (the administrator's own token is kept in an
/// HttpOnly cookie of its own, for the way back) and the body has no token; with a bearer token
/// the body has the new token and no cookie is set. Every write made with it is audited.
/// Administrators cannot be impersonated.
#[utoipa::path(
    post,
    path = "/admin/users/{id}/impersonate",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "A session as the user: cookies (cookie callers) or the token (bearer callers)", body = TokenResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator, or the target is one", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
        (status = 409, description = "Yourself, or an inactive user", body = ApiError),
    )
)]
pub async fn impersonate_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    UserAgent(user_agent): UserAgent,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    let minutes = state.settings.impersonation_minutes;
    let target =
        admin_service::impersonate(&state.db, &admin.user, id, minutes, ip.clone(), Utc::now())
            .await?;
    let kind = SessionKind::Impersonation {
        admin: &admin.user,
        parent: &admin.session,
    };
    let delivery = Delivery::like(admin.via);
    let handover = issue_session(&state, target.user.id, kind, delivery, ip, user_agent).await?;
    Ok(handover.respond(StatusCode::OK, user_response(&target, Some(&admin.user))))
}

/// The audit log, newest first, a page at a time, optionally filtered.
#[utoipa::path(
    get,
    path = "/admin/audit",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = AuditListResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 422, description = "Bad paging values", body = ApiError),
    )
)]
pub async fn list_audit_entries(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    AppQuery(query): AppQuery<AuditQuery>,
) -> Result<Json<AuditListResponse>, AppError> {
    let page = Page::new(query.page, query.per_page)?;
    let filter = audit::Filter {
        action: query.action,
        actor_user_id: query.actor_user_id,
        target_user_id: query.target_user_id,
    };
    let (rows, total) = audit::list(&state.db, filter, page).await?;
    Ok(Json(AuditListResponse {
        items: rows.into_iter().map(audit_entry).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// The instance settings.
#[utoipa::path(
    get,
    path = "/admin/instance",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The instance settings", body = InstanceSettings),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
    )
)]
pub async fn get_instance_settings(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<Json<InstanceSettings>, AppError> {
    Ok(Json(InstanceSettings {
        registration_open: instance::registration_open(&state.db, state.settings.registration_open)
            .await?,
        require_two_factor: Some(instance::require_two_factor(&state.db).await?),
    }))
}

/// Replaces the instance settings: opens or closes self-registration, and requires two-factor
/// authentication of every user or not (absent: unchanged). Requiring it takes effect at each
/// user's next request: users without two-factor are sent to set it up (403
/// `two_factor_enrolment_required` on everything else), administrators included, so an
/// administrator must have it before requiring it (409 otherwise).
#[utoipa::path(
    put,
    path = "/admin/instance",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    request_body = InstanceSettings,
    responses(
        (status = 200, description = "The new instance settings", body = InstanceSettings),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 409, description = "Requiring two-factor authentication without having it yourself", body = ApiError),
    )
)]
pub async fn update_instance_settings(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<InstanceSettings>,
) -> Result<Json<InstanceSettings>, AppError> {
    let change = admin_service::InstanceChange {
        registration_open: input.registration_open,
        require_two_factor: input.require_two_factor,
    };
    let required =
        admin_service::update_instance(&state.db, &admin.user, change, ip, Utc::now()).await?;
    Ok(Json(InstanceSettings {
        registration_open: input.registration_open,
        require_two_factor: Some(required),
    }))
}

/// Resets a user's two-factor authentication (they lost the app and the recovery codes): it is
/// off, and the next sign-in asks for the password only (or, when the instance requires it,
/// leads to setting it up again). Recorded as `two_factor.reset`.
#[utoipa::path(
    delete,
    path = "/admin/users/{id}/two-factor",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 204, description = "Two-factor authentication of the user is off"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an administrator, or CSRF check failed", body = ApiError),
        (status = 404, description = "No such user", body = ApiError),
        (status = 409, description = "The user does not have two-factor authentication", body = ApiError),
    )
)]
pub async fn reset_user_two_factor(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ClientIp(ip): ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    two_factor::reset(&state.db, admin.user.id, id, ip, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
