//! Personal access tokens: shown once and stored hashed, used as bearer tokens, limited by
//! scope, never able to manage tokens or reach the session-only routes, revoked by their user,
//! an administrator, a password change (unless kept) or deactivation, and audited.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::api_tokens;
use resume_shared::api::resumes::{CreateResumeRequest, ResumeListResponse};
use resume_shared::api::tokens::{CreateApiTokenRequest, CreatedApiTokenResponse, TokenScope};
use resume_shared::api::{
    AuditEntryResponse, ChangePasswordRequest, ErrorCode, Patch, UpdateSettingsRequest,
    UpdateUserRequest,
};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;
use sha2::{Digest as _, Sha256};

use crate::client::{ApiClient, ApiResult, AuditQuery, ListResumes, failure_of};
use crate::helpers::{Session, TestApp, USER_PASSWORD, impersonate};
use crate::resumes::ONE_ROLE;
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    a_token_is_shown_once_stored_hashed_listed_and_works_as_a_bearer_token,
    a_read_token_cannot_write_and_a_read_write_token_can,
    tokens_never_reach_token_management_passwords_settings_or_administration,
    revoked_expired_and_malformed_tokens_get_the_one_401,
    a_password_change_revokes_tokens_unless_the_user_keeps_them,
    deactivation_revokes_tokens_for_good,
    administrators_list_and_revoke_any_users_tokens,
    creation_use_from_a_new_address_and_revocation_are_audited,
    token_requests_are_validated,
);

/// A request for a token named `name` that never expires.
fn token_request(name: &str, scope: TokenScope) -> CreateApiTokenRequest {
    CreateApiTokenRequest {
        name: name.to_owned(),
        scope,
        expires_in_days: None,
    }
}

/// Creates a token with a session; returns the whole answer.
async fn create(
    app: &TestApp,
    session: &Session,
    name: &str,
    scope: TokenScope,
) -> CreatedApiTokenResponse {
    app.api(session)
        .create_token(&token_request(name, scope))
        .await
        .unwrap()
}

/// A token's secret, created with a session.
async fn secret(app: &TestApp, session: &Session, scope: TokenScope) -> String {
    create(app, session, "script", scope).await.secret
}

/// A client signing with a new token of `scope`, created with a session.
async fn script(app: &TestApp, session: &Session, scope: TokenScope) -> ApiClient {
    let secret = secret(app, session, scope).await;
    ApiClient::new(app, Some(secret.as_str()))
}

/// `GET /resumes` with `token`: `Ok` when the token works.
async fn list_with(app: &TestApp, token: &str) -> ApiResult<ResumeListResponse> {
    ApiClient::new(app, Some(token))
        .list_resumes(&ListResumes::default())
        .await
}

async fn user_session(app: &TestApp, admin: &Session, name: &str) -> (String, Session) {
    let id = app.create_user(admin, name).await;
    (id, app.login(name, USER_PASSWORD).await)
}

async fn a_token_is_shown_once_stored_hashed_listed_and_works_as_a_bearer_token(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let created = api
        .create_token(&CreateApiTokenRequest {
            name: "  nightly backup ".to_owned(),
            scope: TokenScope::Read,
            expires_in_days: Some(30),
        })
        .await
        .unwrap();
    assert_api_snapshot!("created_token", created);
    let secret = created.secret.as_str();
    assert!(secret.starts_with("re_pat_"), "{created:?}");
    assert_eq!(secret.len(), "re_pat_".len() + 43);
    let token = &created.token;
    assert_eq!(token.name, "nightly backup");
    assert_eq!(token.scope, TokenScope::Read);
    assert_eq!(token.hint, format!("{}…", &secret[..11]));
    assert!(token.last_used_at.is_none(), "{token:?}");
    let created_at = chrono::DateTime::parse_from_rfc3339(&token.created_at).unwrap();
    let expires_at =
        chrono::DateTime::parse_from_rfc3339(token.expires_at.as_deref().unwrap()).unwrap();
    assert_eq!(expires_at - created_at, chrono::Duration::days(30));

    // Only the SHA-256 of the secret is stored.
    let row = api_tokens::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let digest: String = Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(row.token_hash, digest);
    assert!(!format!("{row:?}").contains(&secret[7..]), "{row:?}");

    // It works as a bearer token for the resource routes and `GET /auth/me`.
    let script = ApiClient::new(&app, Some(secret));
    let me = script.me().await.unwrap();
    assert_eq!(me.id, admin.user_id);
    script.list_resumes(&ListResumes::default()).await.unwrap();

    // The list never shows the secret again, and now says when and where it was used.
    let list = api.list_tokens().await.unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].id, token.id);
    assert_eq!(list.items[0].last_used_ip.as_deref(), Some("127.0.0.1"));
    assert!(list.items[0].last_used_at.is_some(), "{list:?}");
    assert!(!format!("{list:?}").contains(&secret[7..]), "{list:?}");
}

async fn a_read_token_cannot_write_and_a_read_write_token_can(app: TestApp) {
    let admin = app.setup_admin().await;
    let read = script(&app, &admin, TokenScope::Read).await;
    let write = script(&app, &admin, TokenScope::ReadWrite).await;
    let body = CreateResumeRequest {
        name: "Base".to_owned(),
        content: Some(ONE_ROLE.to_owned()),
    };

    read.create_resume(&body)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    let list = read.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 0, "the refused write stored nothing");

    let stored = write.create_resume(&body).await.unwrap();
    read.get_resume(&stored.id).await.unwrap();
    read.delete_resume(&stored.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    read.get_resume(&stored.id).await.unwrap();
}

async fn tokens_never_reach_token_management_passwords_settings_or_administration(app: TestApp) {
    let admin = app.setup_admin().await;
    let (user_id, _) = user_session(&app, &admin, "alice").await;
    let token = script(&app, &admin, TokenScope::ReadWrite).await;
    let token_id = create(&app, &admin, "other", TokenScope::Read)
        .await
        .token
        .id;
    let password = ChangePasswordRequest {
        current_password: Some("admin password 123".to_owned()),
        new_password: "a brand new password".to_owned(),
        keep_api_tokens: false,
    };
    let stolen_key = UpdateSettingsRequest {
        api_key: Patch::Set("sk-stolen".to_owned()),
        ..UpdateSettingsRequest::default()
    };
    let refused: [(&str, ApiResult<()>); 10] = [
        ("GET /tokens", token.list_tokens().await.map(drop)),
        (
            "POST /tokens",
            token
                .create_token(&token_request("more", TokenScope::ReadWrite))
                .await
                .map(drop),
        ),
        ("DELETE /tokens/{id}", token.revoke_token(&token_id).await),
        (
            "POST /auth/password",
            token.change_password(&password).await,
        ),
        (
            "PUT /settings",
            token.update_settings(&stolen_key).await.map(drop),
        ),
        (
            "GET /admin/users",
            token.list_users(None, None).await.map(drop),
        ),
        (
            "GET /admin/users/{id}/tokens",
            token.list_user_tokens(&user_id).await.map(drop),
        ),
        (
            "POST /admin/users/{id}/impersonate",
            token.impersonate(&user_id).await.map(drop),
        ),
        ("POST /auth/logout", token.logout().await),
        (
            "GET /admin/audit",
            token.audit(&AuditQuery::default()).await.map(drop),
        ),
    ];
    for (route, result) in refused {
        let error = result
            .unwrap_err()
            .assert_is(StatusCode::FORBIDDEN, ErrorCode::SessionRequired);
        assert!(error.message.contains("API tokens"), "{route}: {error:?}");
    }
    // Nothing of it happened: still two tokens, the old password, no key.
    let list = app.api(&admin).list_tokens().await.unwrap();
    assert_eq!(list.items.len(), 2);
    app.login("admin", "admin password 123").await;
    let settings = token.get_settings().await.unwrap();
    assert!(!settings.api_key_set);
}

async fn revoked_expired_and_malformed_tokens_get_the_one_401(app: TestApp) {
    let admin = app.setup_admin().await;
    let garbage = list_with(&app, "not-a-token").await.unwrap_err();
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
    let expected = garbage.envelope;

    let api = app.api(&admin);
    let revoked = create(&app, &admin, "r", TokenScope::Read).await;
    let revoked_id = revoked.token.id.as_str();
    api.revoke_token(revoked_id).await.unwrap();
    api.revoke_token(revoked_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let expired = secret(&app, &admin, TokenScope::Read).await;
    list_with(&app, &expired).await.unwrap();
    app.sql(&format!(
        "UPDATE api_tokens SET expires_at = {} WHERE token_hash <> ''",
        app.sql_time(-1)
    ))
    .await;

    let candidates = [
        revoked.secret.clone(),
        expired,
        "re_pat_".to_owned(),
        "re_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "re_pat_\u{e9}t\u{e9}".to_owned(),
    ];
    for token in candidates {
        for path in ["/resumes", "/auth/me", "/tokens", "/admin/users"] {
            // Sent raw for the `WWW-Authenticate` header.
            let response = app.bearer(Method::GET, path, &token).send().await.unwrap();
            assert!(response.headers().contains_key("www-authenticate"));
            let failure = failure_of(response).await;
            assert_eq!(failure.status, StatusCode::UNAUTHORIZED, "{token} {path}");
            assert_eq!(failure.envelope, expected, "{token} {path}");
        }
    }
}

async fn a_password_change_revokes_tokens_unless_the_user_keeps_them(app: TestApp) {
    let admin = app.setup_admin().await;
    let (_, alice) = user_session(&app, &admin, "alice").await;
    let token = secret(&app, &alice, TokenScope::Read).await;
    let alice = app.api(&alice);

    alice
        .change_password(&ChangePasswordRequest {
            current_password: Some(USER_PASSWORD.to_owned()),
            new_password: "second password 456".to_owned(),
            keep_api_tokens: true,
        })
        .await
        .unwrap();
    list_with(&app, &token).await.unwrap();

    alice
        .change_password(&ChangePasswordRequest {
            current_password: Some("second password 456".to_owned()),
            new_password: "third password 789".to_owned(),
            keep_api_tokens: false,
        })
        .await
        .unwrap();
    let refused = list_with(&app, &token).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

async fn deactivation_revokes_tokens_for_good(app: TestApp) {
    let admin = app.setup_admin().await;
    let (alice_id, alice) = user_session(&app, &admin, "alice").await;
    let token = secret(&app, &alice, TokenScope::Read).await;
    for active in [false, true] {
        let change = UpdateUserRequest {
            active: Some(active),
            ..UpdateUserRequest::default()
        };
        app.api(&admin)
            .update_user(&alice_id, &change)
            .await
            .unwrap();
        let refused = list_with(&app, &token).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "active: {active}");
    }
    let alice = app.login("alice", USER_PASSWORD).await;
    let list = app.api(&alice).list_tokens().await.unwrap();
    assert!(list.items.is_empty(), "{list:?}");
}

async fn administrators_list_and_revoke_any_users_tokens(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let (alice_id, alice) = user_session(&app, &admin, "alice").await;
    let (_, bob) = user_session(&app, &admin, "bob").await;
    let bob = app.api(&bob);
    let token = create(&app, &alice, "laptop", TokenScope::ReadWrite).await;
    let token_id = token.token.id.as_str();
    let secret = token.secret.as_str();

    // Another user neither sees nor revokes it.
    let bobs = bob.list_tokens().await.unwrap();
    assert!(bobs.items.is_empty(), "{bobs:?}");
    bob.revoke_token(token_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    bob.list_user_tokens(&alice_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    list_with(&app, secret).await.unwrap();

    let listed = api.list_user_tokens(&alice_id).await.unwrap();
    assert_eq!(listed.items[0].name, "laptop");
    assert!(
        !serde_json::to_string(&listed)
            .unwrap()
            .contains(&secret[7..])
    );
    api.revoke_user_token(&alice_id, token_id).await.unwrap();
    let refused = list_with(&app, secret).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    api.revoke_user_token(&admin.user_id, token_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // An impersonation session cannot mint a token for the user it acts as.
    let impersonation = impersonate(&app, &admin, &alice_id).await;
    app.api(&impersonation)
        .create_token(&token_request("x", TokenScope::Read))
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
}

async fn audit_actions(
    app: &TestApp,
    admin: &Session,
    query: &AuditQuery,
) -> Vec<AuditEntryResponse> {
    app.api(admin).audit(query).await.unwrap().items
}

async fn creation_use_from_a_new_address_and_revocation_are_audited(app: TestApp) {
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "ci", TokenScope::Read).await;
    let secret = created.secret.as_str();
    let id = created.token.id.as_str();
    for _ in 0..3 {
        list_with(&app, secret).await.unwrap();
    }
    app.api(&admin).revoke_token(id).await.unwrap();

    let action = |action: &str| AuditQuery::action(action);
    let created_entries = audit_actions(&app, &admin, &action("api_token.create")).await;
    assert_eq!(created_entries.len(), 1);
    assert_eq!(created_entries[0].details["token_id"], id);
    assert_eq!(created_entries[0].details["scope"], "read");
    let used = audit_actions(&app, &admin, &action("api_token.new_address")).await;
    assert_eq!(used.len(), 1, "three uses from one address: {used:?}");
    assert_eq!(used[0].ip.as_deref(), Some("127.0.0.1"));
    assert!(used[0].details["previous_ip"].is_null());
    let revoked = audit_actions(&app, &admin, &action("api_token.revoke")).await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].details["by_administrator"], false);
    let everything = audit_actions(&app, &admin, &AuditQuery::default()).await;
    let everything = serde_json::to_string(&everything).unwrap();
    assert!(
        !everything.contains(&secret[7..]),
        "no secret in the audit log"
    );

    // A use from another address is written and audited at once.
    let forwarded = api_tokens::Entity::find()
        .filter(api_tokens::Column::Name.eq("ci"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(forwarded.last_used_ip.as_deref(), Some("127.0.0.1"));
}

async fn token_requests_are_validated(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let expiring = |days: u32| CreateApiTokenRequest {
        expires_in_days: Some(days),
        ..token_request("x", TokenScope::Read)
    };
    let cases = [
        (token_request(" ", TokenScope::Read), "name"),
        (token_request(&"x".repeat(256), TokenScope::Read), "name"),
        (token_request("a\nb", TokenScope::Read), "name"),
        (expiring(0), "expires_in_days"),
        (expiring(3651), "expires_in_days"),
    ];
    for (request, field) in cases {
        let error = api.create_token(&request).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key(field), "{request:?}: {error:?}");
    }
    // Not a `TokenScope`: sent raw.
    let unknown_scope = api
        .error(
            Method::POST,
            "/tokens",
            Some(&json!({ "name": "x", "scope": "admin" })),
        )
        .await;
    assert_eq!(unknown_scope.status, StatusCode::BAD_REQUEST);
    let list = api.list_tokens().await.unwrap();
    assert!(list.items.is_empty(), "nothing was stored: {list:?}");
}
