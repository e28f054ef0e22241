//! Personal access tokens: shown once and stored hashed, used as bearer tokens, limited by
//! scope, never able to manage tokens or reach the session-only routes, revoked by their user,
//! an administrator, a password change (unless kept) or deactivation, and audited.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::api_tokens;
use resume_shared::api::ErrorCode;
use resume_shared::api::tokens::{CreateApiTokenRequest, TokenScope};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::client::{ApiClient, ListResumes};
use crate::helpers::{Session, TestApp, USER_PASSWORD, assert_error, impersonate};
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

/// Creates a token with a session; returns the whole answer.
async fn create(app: &TestApp, session: &Session, body: Value) -> Value {
    let response = app
        .bearer(Method::POST, "/tokens", &session.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

/// A token's secret, created with a session.
async fn secret(app: &TestApp, session: &Session, scope: &str) -> String {
    let created = create(app, session, json!({ "name": "script", "scope": scope })).await;
    created["secret"].as_str().unwrap().to_owned()
}

async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    app.bearer(Method::GET, path, token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, method: Method, path: &str, token: &str) -> StatusCode {
    app.bearer(method, path, token)
        .send()
        .await
        .unwrap()
        .status()
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
    let me: Value = get_json(&app, "/auth/me", secret).await;
    assert_eq!(me["id"], admin.user_id);
    let script = ApiClient::new(&app, Some(secret));
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
    let read = secret(&app, &admin, "read").await;
    let write = secret(&app, &admin, "read-write").await;
    let body = json!({ "name": "Base", "content": ONE_ROLE });

    let refused = app
        .bearer(Method::POST, "/resumes", &read)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(refused, StatusCode::FORBIDDEN, "insufficient_scope").await;
    let list: Value = get_json(&app, "/resumes", &read).await;
    assert_eq!(list["total"], 0, "the refused write stored nothing");

    let stored = app
        .bearer(Method::POST, "/resumes", &write)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), StatusCode::CREATED);
    let stored: Value = stored.json().await.unwrap();
    let path = format!("/resumes/{}", stored["id"].as_str().unwrap());
    assert_eq!(
        status_of(&app, Method::GET, &path, &read).await,
        StatusCode::OK
    );
    let delete = app
        .bearer(Method::DELETE, &path, &read)
        .send()
        .await
        .unwrap();
    assert_error(delete, StatusCode::FORBIDDEN, "insufficient_scope").await;
    assert_eq!(
        status_of(&app, Method::GET, &path, &read).await,
        StatusCode::OK
    );
}

async fn tokens_never_reach_token_management_passwords_settings_or_administration(app: TestApp) {
    let admin = app.setup_admin().await;
    let (user_id, _) = user_session(&app, &admin, "alice").await;
    let token = secret(&app, &admin, "read-write").await;
    let token_id = create(&app, &admin, json!({ "name": "other", "scope": "read" })).await["token"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused: [(Method, String, Option<Value>); 10] = [
        (Method::GET, "/tokens".to_owned(), None),
        (
            Method::POST,
            "/tokens".to_owned(),
            Some(json!({ "name": "more", "scope": "read-write" })),
        ),
        (Method::DELETE, format!("/tokens/{token_id}"), None),
        (
            Method::POST,
            "/auth/password".to_owned(),
            Some(
                json!({ "current_password": "admin password 123", "new_password": "a brand new password" }),
            ),
        ),
        (
            Method::PUT,
            "/settings".to_owned(),
            Some(json!({ "api_key": "sk-stolen" })),
        ),
        (Method::GET, "/admin/users".to_owned(), None),
        (Method::GET, format!("/admin/users/{user_id}/tokens"), None),
        (
            Method::POST,
            format!("/admin/users/{user_id}/impersonate"),
            None,
        ),
        (Method::POST, "/auth/logout".to_owned(), None),
        (Method::GET, "/admin/audit".to_owned(), None),
    ];
    for (method, path, body) in refused {
        let mut request = app.bearer(method.clone(), &path, &token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let body = assert_error(response, StatusCode::FORBIDDEN, "session_required").await;
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("API tokens"),
            "{method} {path}: {body}"
        );
    }
    // Nothing of it happened: still two tokens, the old password, no key.
    let list: Value = get_json(&app, "/tokens", &admin.token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    app.login("admin", "admin password 123").await;
    let settings: Value = get_json(&app, "/settings", &token).await;
    assert_eq!(settings["api_key_set"], false);
}

async fn revoked_expired_and_malformed_tokens_get_the_one_401(app: TestApp) {
    let admin = app.setup_admin().await;
    let garbage = app
        .bearer(Method::GET, "/resumes", "not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
    let expected: Value = garbage.json().await.unwrap();

    let api = app.api(&admin);
    let revoked = create(&app, &admin, json!({ "name": "r", "scope": "read" })).await;
    let revoked_id = revoked["token"]["id"].as_str().unwrap();
    api.revoke_token(revoked_id).await.unwrap();
    api.revoke_token(revoked_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let expired = secret(&app, &admin, "read").await;
    assert_eq!(
        status_of(&app, Method::GET, "/resumes", &expired).await,
        StatusCode::OK
    );
    app.sql(&format!(
        "UPDATE api_tokens SET expires_at = {} WHERE token_hash <> ''",
        app.sql_time(-1)
    ))
    .await;

    let candidates = [
        revoked["secret"].as_str().unwrap().to_owned(),
        expired,
        "re_pat_".to_owned(),
        "re_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "re_pat_\u{e9}t\u{e9}".to_owned(),
    ];
    for token in candidates {
        for path in ["/resumes", "/auth/me", "/tokens", "/admin/users"] {
            let response = app.bearer(Method::GET, path, &token).send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{token} {path}"
            );
            assert!(response.headers().contains_key("www-authenticate"));
            let body: Value = response.json().await.unwrap();
            assert_eq!(body, expected, "{token} {path}");
        }
    }
}

async fn a_password_change_revokes_tokens_unless_the_user_keeps_them(app: TestApp) {
    let admin = app.setup_admin().await;
    let (_, alice) = user_session(&app, &admin, "alice").await;
    let token = secret(&app, &alice, "read").await;

    let kept = app
        .bearer(Method::POST, "/auth/password", &alice.token)
        .json(&json!({
            "current_password": USER_PASSWORD,
            "new_password": "second password 456",
            "keep_api_tokens": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status_of(&app, Method::GET, "/resumes", &token).await,
        StatusCode::OK
    );

    let changed = app
        .bearer(Method::POST, "/auth/password", &alice.token)
        .json(&json!({
            "current_password": "second password 456",
            "new_password": "third password 789",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status_of(&app, Method::GET, "/resumes", &token).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn deactivation_revokes_tokens_for_good(app: TestApp) {
    let admin = app.setup_admin().await;
    let (alice_id, alice) = user_session(&app, &admin, "alice").await;
    let token = secret(&app, &alice, "read").await;
    for active in [false, true] {
        let response = app
            .bearer(
                Method::PATCH,
                &format!("/admin/users/{alice_id}"),
                &admin.token,
            )
            .json(&json!({ "active": active }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            status_of(&app, Method::GET, "/resumes", &token).await,
            StatusCode::UNAUTHORIZED,
            "active: {active}"
        );
    }
    let alice = app.login("alice", USER_PASSWORD).await;
    let list: Value = get_json(&app, "/tokens", &alice.token).await;
    assert_eq!(list["items"], json!([]));
}

async fn administrators_list_and_revoke_any_users_tokens(app: TestApp) {
    let admin = app.setup_admin().await;
    let (alice_id, alice) = user_session(&app, &admin, "alice").await;
    let (_, bob) = user_session(&app, &admin, "bob").await;
    let token = create(
        &app,
        &alice,
        json!({ "name": "laptop", "scope": "read-write" }),
    )
    .await;
    let token_id = token["token"]["id"].as_str().unwrap();
    let secret = token["secret"].as_str().unwrap();

    // Another user neither sees nor revokes it.
    let bobs: Value = get_json(&app, "/tokens", &bob.token).await;
    assert_eq!(bobs["items"], json!([]));
    let by_bob = app
        .bearer(Method::DELETE, &format!("/tokens/{token_id}"), &bob.token)
        .send()
        .await
        .unwrap();
    assert_error(by_bob, StatusCode::NOT_FOUND, "not_found").await;
    let as_admin_route = app
        .bearer(
            Method::GET,
            &format!("/admin/users/{alice_id}/tokens"),
            &bob.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(as_admin_route, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        status_of(&app, Method::GET, "/resumes", secret).await,
        StatusCode::OK
    );

    let listed: Value = get_json(
        &app,
        &format!("/admin/users/{alice_id}/tokens"),
        &admin.token,
    )
    .await;
    assert_eq!(listed["items"][0]["name"], "laptop");
    assert!(!listed.to_string().contains(&secret[7..]));
    let revoke = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{alice_id}/tokens/{token_id}"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status_of(&app, Method::GET, "/resumes", secret).await,
        StatusCode::UNAUTHORIZED
    );
    let wrong_user = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{}/tokens/{token_id}", admin.user_id),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(wrong_user, StatusCode::NOT_FOUND, "not_found").await;

    // An impersonation session cannot mint a token for the user it acts as.
    let impersonation = impersonate(&app, &admin, &alice_id).await;
    let minted = app
        .bearer(Method::POST, "/tokens", &impersonation.token)
        .json(&json!({ "name": "x", "scope": "read" }))
        .send()
        .await
        .unwrap();
    assert_error(minted, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn audit_actions(app: &TestApp, admin: &Session, action: &str) -> Vec<Value> {
    let body: Value = get_json(app, &format!("/admin/audit?action={action}"), &admin.token).await;
    body["items"].as_array().unwrap().clone()
}

async fn creation_use_from_a_new_address_and_revocation_are_audited(app: TestApp) {
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, json!({ "name": "ci", "scope": "read" })).await;
    let secret = created["secret"].as_str().unwrap();
    let id = created["token"]["id"].as_str().unwrap();
    for _ in 0..3 {
        assert_eq!(
            status_of(&app, Method::GET, "/resumes", secret).await,
            StatusCode::OK
        );
    }
    let revoke = app
        .bearer(Method::DELETE, &format!("/tokens/{id}"), &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);

    let created_entries = audit_actions(&app, &admin, "api_token.create").await;
    assert_eq!(created_entries.len(), 1);
    assert_eq!(created_entries[0]["details"]["token_id"], id);
    assert_eq!(created_entries[0]["details"]["scope"], "read");
    let used = audit_actions(&app, &admin, "api_token.new_address").await;
    assert_eq!(used.len(), 1, "three uses from one address: {used:?}");
    assert_eq!(used[0]["ip"], "127.0.0.1");
    assert!(used[0]["details"]["previous_ip"].is_null());
    let revoked = audit_actions(&app, &admin, "api_token.revoke").await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0]["details"]["by_administrator"], false);
    let everything = serde_json::to_string(&audit_actions(&app, &admin, "").await).unwrap();
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
    let cases = [
        (json!({ "name": " ", "scope": "read" }), "name"),
        (json!({ "name": "x".repeat(256), "scope": "read" }), "name"),
        (json!({ "name": "a\nb", "scope": "read" }), "name"),
        (
            json!({ "name": "x", "scope": "read", "expires_in_days": 0 }),
            "expires_in_days",
        ),
        (
            json!({ "name": "x", "scope": "read", "expires_in_days": 3651 }),
            "expires_in_days",
        ),
    ];
    for (body, field) in cases {
        let response = app
            .bearer(Method::POST, "/tokens", &admin.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let error = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            error["error"]["fields"][field].is_string(),
            "{body}: {error}"
        );
    }
    let unknown_scope = app
        .bearer(Method::POST, "/tokens", &admin.token)
        .json(&json!({ "name": "x", "scope": "admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_scope.status(), StatusCode::BAD_REQUEST);
    let list: Value = get_json(&app, "/tokens", &admin.token).await;
    assert_eq!(list["items"], json!([]), "nothing was stored");
}
