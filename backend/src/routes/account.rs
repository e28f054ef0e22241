//! `/account`: the signed-in user's whole account — everything in it as one zip archive, and
//! its deletion with all its data.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::account::DeleteAccountRequest;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extractor::{ApiUser, AuthUser, ClientIp};
use crate::auth::session;
use crate::error::{AppError, AppJson};
use crate::services::account_export::{self, Account};
use crate::services::{accounts, settings};
use crate::state::AppState;

/// The account routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_account))
        .routes(routes!(delete_account))
}

/// Everything of the signed-in user as one zip archive.
///
/// The archive is streamed as it is made. It holds every resume (base and tailored, the
/// trash included) as Markdown with its metadata and parsed model in JSON, every revision's
/// text with an index, the tailored resumes' job descriptions and details, every refinement
/// and cover letter draft, every cover letter with each saved body, the settings without the
/// API key (only whether one is set), and the account; a
/// `README.md` at the top describes the layout (see `docs/API-DESIGN.md`). A failure after
/// the answer has started cuts the download off, so an archive that opens is complete.
#[utoipa::path(
    get,
    path = "/account/export",
    tag = "account",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The archive, as an attachment named `resume-editor-<username>-<date>.zip`", content_type = "application/zip", body = Vec<u8>),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Password change required", body = ApiError),
    )
)]
pub async fn export_account(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
) -> Result<Response, AppError> {
    let settings = settings::get(
        &state.db,
        current.user.id,
        state.settings.session_timeout_minutes,
        &state.settings.llm,
    )
    .await?;
    let filename = archive_name(&current.user.username, Utc::now());
    let account = Account {
        user: current.user,
        roles: current.roles,
        settings,
    };
    let body = Body::from_stream(account_export::archive(state.db.clone(), account));
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|error| AppError::Internal(anyhow::Error::new(error)))?;
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok((StatusCode::OK, headers, body).into_response())
}

/// `resume-editor-<username>-<date>.zip`, with any character of the username other than ASCII
/// letters, digits, `.`, `_` and `-` made `_` (so the header needs no quoting rules).
fn archive_name(username: &str, now: chrono::DateTime<Utc>) -> String {
    let safe: String = username
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("resume-editor-{safe}-{}.zip", now.format("%Y-%m-%d"))
}

/// Deletes the signed-in user's account with all its data.
///
/// Resumes, revisions, refinements, settings and sessions go, after the password is checked.
/// Only in a session of the user's own (403 while an administrator impersonates them); the
/// last active administrator cannot delete themself (409 `last_admin`, nothing deleted).
/// Wrong passwords are limited per user like those of a password change (429 with
/// `Retry-After`). The audit log records `user.delete`; the cookies are cleared.
#[utoipa::path(
    delete,
    path = "/account",
    tag = "account",
    security(("bearer" = []), ("cookie" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "Deleted; cookies cleared"),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "CSRF check failed, password change required, or an impersonation session", body = ApiError),
        (status = 409, description = "The last active administrator", body = ApiError),
        (status = 422, description = "Wrong password", body = ApiError),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = ApiError),
        (status = 503, description = "Too many password checks at once; see Retry-After", body = ApiError),
    )
)]
pub async fn delete_account(
    State(state): State<AppState>,
    AuthUser(current): AuthUser,
    ClientIp(ip): ClientIp,
    AppJson(input): AppJson<DeleteAccountRequest>,
) -> Result<Response, AppError> {
    let (user, own_session) = (&current.user, &current.session);
    accounts::delete_own(
        &state.db,
        user,
        own_session,
        &input.password,
        ip,
        Utc::now(),
    )
    .await?;
    Ok(session::signed_out(&state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_keep_only_safe_characters() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            archive_name("alice", at),
            "resume-editor-alice-2026-12-07.zip"
        );
        assert_eq!(
            archive_name("a\"b é", at),
            "resume-editor-a_b__-2026-12-07.zip"
        );
    }
}
