//! The stored LLM API key goes only where it was entered for: an endpoint change to another
//! origin clears it, its ciphertext is bound to the user and the origin, impersonation sessions
//! cannot change the endpoint or the key; and private endpoints are reachable only when listed
//! in `RESUME_EDITOR_LLM_ALLOWED_HOSTS`. Fake LLM servers on loopback record the
//! `Authorization` header of every request they get.

use reqwest::{Method, StatusCode};
use resume_backend::crypto::{SecretCipher, api_key_context};
use resume_backend::db::entities::user_settings;
use resume_fake_llm::{FakeLlm, FakeLlmHandle};
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, EntityTrait as _, IntoActiveModel as _};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db_tests;
use crate::helpers::{Backend, Session, TestApp, USER_PASSWORD, assert_error, run, session_from};

db_tests!(
    an_endpoint_change_to_another_origin_clears_the_key_and_the_new_host_gets_none;
    env = [("LLM_ALLOW_PRIVATE", "true")]
);
db_tests!(
    a_ciphertext_moved_to_another_user_or_origin_does_not_decrypt;
    env = [("LLM_ALLOW_PRIVATE", "true")]
);
db_tests!(
    a_key_stored_before_binding_is_bound_to_the_current_origin_on_first_use;
    env = [("LLM_ALLOW_PRIVATE", "true")]
);
db_tests!(impersonation_sessions_cannot_change_the_endpoint_or_the_key);

async fn put(app: &TestApp, session: &Session, body: Value) -> reqwest::Response {
    app.bearer(Method::PUT, "/settings", &session.token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn put_ok(app: &TestApp, session: &Session, body: Value) -> Value {
    let response = put(app, session, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// `POST /settings/llm/test`: the status and the body.
async fn test_call(app: &TestApp, session: &Session) -> (StatusCode, Value) {
    let response = app
        .bearer(Method::POST, "/settings/llm/test", &session.token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The `Authorization` headers a fake has received, oldest first.
fn authorizations(fake: &FakeLlmHandle) -> Vec<Option<String>> {
    fake.calls()
        .requests
        .into_iter()
        .map(|call| call.authorization)
        .collect()
}

async fn row(app: &TestApp, user_id: &str) -> user_settings::Model {
    user_settings::Entity::find_by_id(Uuid::parse_str(user_id).unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The server's cipher (the key generated into the data directory).
fn server_cipher(app: &TestApp) -> SecretCipher {
    let data_dir = app.data_dir.display().to_string();
    let settings = resume_backend::config::Settings::from_lookup(|name| match name {
        "RESUME_EDITOR_DATA_DIR" => Some(data_dir.clone()),
        _ => None,
    })
    .unwrap()
    .0;
    SecretCipher::new(&settings)
}

async fn an_endpoint_change_to_another_origin_clears_the_key_and_the_new_host_gets_none(
    app: TestApp,
) {
    // Arrange: the key saved for fake A, whose test call carries it.
    let admin = app.setup_admin().await;
    let (a_address, a) = FakeLlm::start().await.unwrap();
    let (_, b) = FakeLlm::start().await.unwrap();
    put_ok(
        &app,
        &admin,
        json!({ "llm_endpoint": a.base_url(), "api_key": "sk-alice-0123456789" }),
    )
    .await;
    let (_, body) = test_call(&app, &admin).await;
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(
        authorizations(&a),
        [Some("Bearer sk-alice-0123456789".to_owned())]
    );

    // Act 1: another path on the same origin keeps the key.
    let same_origin = format!("http://{a_address}/v1/");
    let kept = put_ok(&app, &admin, json!({ "llm_endpoint": same_origin })).await;
    assert_eq!(kept["api_key_set"], true, "{kept}");

    // Act 2: the endpoint moves to B (another port: another origin) without a key.
    let moved = put_ok(&app, &admin, json!({ "llm_endpoint": b.base_url() })).await;
    let (_, body) = test_call(&app, &admin).await;

    // Assert: the answer says the key is gone, the row holds none, and B got no key.
    assert_eq!(moved["api_key_set"], false, "{moved}");
    assert_eq!(moved["llm_endpoint"], b.base_url());
    let stored = row(&app, &admin.user_id).await;
    assert!(
        stored.api_key_ciphertext.is_none()
            && stored.api_key_nonce.is_none()
            && stored.api_key_origin.is_none()
    );
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(authorizations(&b), [None]);
    assert_eq!(a.calls().total, 1, "nothing more went to A");

    // Moving back does not bring the old key back either.
    let back = put_ok(&app, &admin, json!({ "llm_endpoint": a.base_url() })).await;
    assert_eq!(back["api_key_set"], false);

    // A new key in the same request as the change is kept, bound to the new origin.
    let with_key = put_ok(
        &app,
        &admin,
        json!({ "llm_endpoint": b.base_url(), "api_key": "sk-for-b-0123456789" }),
    )
    .await;
    assert_eq!(with_key["api_key_set"], true);
    test_call(&app, &admin).await;
    assert_eq!(
        authorizations(&b),
        [None, Some("Bearer sk-for-b-0123456789".to_owned())]
    );
    assert_eq!(
        row(&app, &admin.user_id).await.api_key_origin.as_deref(),
        Some(format!("http://{}", b.address()).as_str())
    );

    // Clearing the endpoint falls back to the server's default, another origin: cleared too.
    let cleared = put_ok(&app, &admin, json!({ "llm_endpoint": null })).await;
    assert_eq!(cleared["api_key_set"], false);

    // The audit log says why the key went.
    let audit: Value = app
        .bearer(
            Method::GET,
            "/admin/audit?action=settings.update",
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_change: Vec<bool> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["details"]["api_key_cleared_by_endpoint_change"] == true)
        .collect();
    // Newest first: clear to default, set with key, back to A, move to B, same origin, first.
    assert_eq!(
        by_change,
        [true, false, false, true, false, false],
        "{audit}"
    );
}

async fn a_ciphertext_moved_to_another_user_or_origin_does_not_decrypt(app: TestApp) {
    // Arrange: two users with keys for the same endpoint.
    let admin = app.setup_admin().await;
    app.create_user(&admin, "bob").await;
    let bob = app.login("bob", USER_PASSWORD).await;
    let (_, a) = FakeLlm::start().await.unwrap();
    let (b_address, b) = FakeLlm::start().await.unwrap();
    for (session, key) in [(&admin, "sk-admin-0123456789"), (&bob, "sk-bob-0123456789")] {
        put_ok(
            &app,
            session,
            json!({ "llm_endpoint": a.base_url(), "api_key": key }),
        )
        .await;
    }
    let bob_row = row(&app, &bob.user_id).await;

    // Act 1: bob's ciphertext copied into the admin's row.
    let mut admin_row = row(&app, &admin.user_id).await.into_active_model();
    admin_row.api_key_ciphertext = Set(bob_row.api_key_ciphertext.clone());
    admin_row.api_key_nonce = Set(bob_row.api_key_nonce.clone());
    admin_row.update(&app.db).await.unwrap();
    let (status, _) = test_call(&app, &admin).await;

    // Assert: it does not decrypt, and nothing is sent.
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(a.calls().total, 0);

    // Act 2: bob's own ciphertext relabelled for another origin (endpoint and origin both
    // pointed at B, as someone with write access to the table could).
    let mut bob_moved = row(&app, &bob.user_id).await.into_active_model();
    bob_moved.llm_endpoint = Set(Some(b.base_url()));
    bob_moved.api_key_origin = Set(Some(format!("http://{b_address}")));
    bob_moved.update(&app.db).await.unwrap();
    let (status, _) = test_call(&app, &bob).await;

    // Assert: no decryption for the new origin, and B received nothing.
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(b.calls().total, 0);

    // And a ciphertext left in place still works for its owner and origin.
    let mut restored = row(&app, &bob.user_id).await.into_active_model();
    restored.llm_endpoint = Set(Some(a.base_url()));
    restored.api_key_origin = Set(bob_row.api_key_origin.clone());
    restored.update(&app.db).await.unwrap();
    let (_, body) = test_call(&app, &bob).await;
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(
        authorizations(&a),
        [Some("Bearer sk-bob-0123456789".to_owned())]
    );
}

async fn a_key_stored_before_binding_is_bound_to_the_current_origin_on_first_use(app: TestApp) {
    // Arrange: a key written the old way (no associated data, no origin).
    let admin = app.setup_admin().await;
    let (a_address, a) = FakeLlm::start().await.unwrap();
    put_ok(&app, &admin, json!({ "llm_endpoint": a.base_url() })).await;
    let cipher = server_cipher(&app);
    let (ciphertext, nonce) = cipher.encrypt(b"sk-legacy-0123456789", &[]).unwrap();
    let mut legacy = row(&app, &admin.user_id).await.into_active_model();
    legacy.api_key_ciphertext = Set(Some(ciphertext.clone()));
    legacy.api_key_nonce = Set(Some(nonce));
    legacy.api_key_origin = Set(None);
    legacy.update(&app.db).await.unwrap();
    let settings: Value = app
        .bearer(Method::GET, "/settings", &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["api_key_set"], true);

    // Act
    let (_, body) = test_call(&app, &admin).await;

    // Assert: the key was used, and the row now holds it bound to the user and the origin.
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(
        authorizations(&a),
        [Some("Bearer sk-legacy-0123456789".to_owned())]
    );
    let bound = row(&app, &admin.user_id).await;
    let origin = format!("http://{a_address}");
    assert_eq!(bound.api_key_origin.as_deref(), Some(origin.as_str()));
    assert_ne!(bound.api_key_ciphertext.as_ref(), Some(&ciphertext));
    let context = api_key_context(Uuid::parse_str(&admin.user_id).unwrap(), &origin);
    let plain = cipher
        .decrypt(
            bound.api_key_ciphertext.as_ref().unwrap(),
            bound.api_key_nonce.as_ref().unwrap(),
            &context,
        )
        .unwrap();
    assert_eq!(plain, b"sk-legacy-0123456789");
    assert!(
        cipher
            .decrypt(
                bound.api_key_ciphertext.as_ref().unwrap(),
                bound.api_key_nonce.as_ref().unwrap(),
                &[],
            )
            .is_err(),
        "no longer readable without its context"
    );

    // Later uses read the bound key.
    test_call(&app, &admin).await;
    assert_eq!(a.calls().total, 2);
    assert_eq!(
        authorizations(&a)[1].as_deref(),
        Some("Bearer sk-legacy-0123456789")
    );
}

async fn impersonation_sessions_cannot_change_the_endpoint_or_the_key(app: TestApp) {
    // Arrange: alice has an endpoint and a key; an administrator impersonates her.
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    put_ok(
        &app,
        &alice,
        json!({ "llm_endpoint": "https://llm.example/v1", "api_key": "sk-alice-0123456789" }),
    )
    .await;
    let before = row(&app, &alice_id).await;
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    let impersonation = session_from(start).await;

    // Act / Assert: every change of the endpoint or the key is refused, alone or with others.
    for body in [
        json!({ "llm_endpoint": "https://attacker.example/v1" }),
        json!({ "llm_endpoint": null }),
        json!({ "api_key": "sk-admin-chosen-123" }),
        json!({ "api_key": null }),
        json!({ "llm_model": "m", "llm_endpoint": "https://llm.example/v2" }),
    ] {
        let response = put(&app, &impersonation, body.clone()).await;
        let error = assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("impersonating") && message.contains("API key"),
            "{body}: {message}"
        );
    }
    assert_eq!(row(&app, &alice_id).await, before, "nothing was written");

    // Other settings stay open to the impersonating administrator, and the key stays set.
    let model = put_ok(&app, &impersonation, json!({ "llm_model": "gpt-4o" })).await;
    assert_eq!(model["api_key_set"], true);
    assert_eq!(model["llm_endpoint"], "https://llm.example/v1");

    // Alice herself still can.
    let own = put_ok(
        &app,
        &alice,
        json!({ "llm_endpoint": "https://other.example/v1" }),
    )
    .await;
    assert_eq!(own["api_key_set"], false);
}

mod only_listed_private_hosts_are_reachable {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::only_listed_private_hosts_are_reachable(super::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::only_listed_private_hosts_are_reachable(super::Backend::Postgres).await;
    }
}

/// With `RESUME_EDITOR_LLM_ALLOWED_HOSTS` naming one fake by address and by name (with its
/// port), that fake answers; another fake on the same loopback address but another port is
/// refused before any request.
async fn only_listed_private_hosts_are_reachable(backend: Backend) {
    let (allowed_address, allowed) = FakeLlm::start().await.unwrap();
    let (other_address, other) = FakeLlm::start().await.unwrap();
    let port = allowed_address.port();
    let list = format!("127.0.0.1:{port}, localhost:{port}");
    let env = [
        ("LLM_ALLOWED_HOSTS", list.as_str()),
        ("LLM_RETRY_BACKOFF_MS", "10"),
    ];
    run(
        move |app: TestApp| async move {
            let admin = app.setup_admin().await;
            for endpoint in [
                format!("http://127.0.0.1:{port}/v1"),
                format!("http://localhost:{port}/v1"),
            ] {
                put_ok(&app, &admin, json!({ "llm_endpoint": endpoint })).await;
                let (_, body) = test_call(&app, &admin).await;
                assert_eq!(body["ok"], true, "{endpoint}: {body}");
            }
            assert_eq!(allowed.calls().total, 2);

            let other_port = other_address.port();
            for endpoint in [
                format!("http://127.0.0.1:{other_port}/v1"),
                format!("http://localhost:{other_port}/v1"),
                format!("http://[::1]:{port}/v1"),
                "http://169.254.169.254/latest".to_owned(),
            ] {
                put_ok(&app, &admin, json!({ "llm_endpoint": endpoint })).await;
                let (_, body) = test_call(&app, &admin).await;
                assert_eq!(body["ok"], false, "{endpoint}: {body}");
                let error = body["error"].as_str().unwrap();
                assert!(
                    error.contains("RESUME_EDITOR_LLM_ALLOWED_HOSTS"),
                    "{endpoint}: {error}"
                );
            }
            assert_eq!(other.calls().total, 0, "the unlisted port got nothing");
        },
        backend,
        &env,
    )
    .await;
}
