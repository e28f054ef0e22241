//! The keyed rate limits and what they write to the audit log: logins counted before the
//! password is checked (parallel guesses), per account and client network with back-off, the
//! per-network limit, trusted proxies, current-password checks, registration, setup and LLM
//! tests; login names never stored as typed; repeated refusals as one audit entry with a count;
//! bounded audit details; audit retention; one answer for registration conflicts.

use std::collections::BTreeMap;

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use resume_backend::db::entities::{audit_log, rate_limits};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, QueryFilter as _, Statement,
};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, Backend, Session, TestApp, USER_PASSWORD, assert_error, run,
    session_from,
};

db_tests!(
    parallel_wrong_logins_verify_at_most_the_limit,
    failures_count_per_account_whether_named_by_username_or_email,
    waits_grow_after_the_allowed_failures_and_a_success_clears_them,
    forwarded_addresses_are_ignored_unless_the_peer_is_a_trusted_proxy,
    the_audit_log_never_holds_a_typed_login_name,
    repeated_refusals_are_one_audit_entry_with_a_count,
    audit_details_are_bounded,
    old_audit_entries_and_idle_counters_are_forgotten,
    wrong_current_passwords_are_limited_per_user,
    setup_attempts_are_limited_per_network,
    llm_tests_are_limited_per_user,
);
db_tests!(lockouts_elsewhere_do_not_lock_the_owner_out; env = [("TRUSTED_PROXIES", "127.0.0.1")]);
db_tests!(the_network_limit_applies_per_client_behind_a_trusted_proxy; env = [("TRUSTED_PROXIES", "127.0.0.0/8")]);
db_tests!(registration_attempts_are_limited_per_network; env = [("REGISTRATION_OPEN", "true")]);
db_tests!(registration_conflicts_do_not_tell_username_from_email; env = [("REGISTRATION_OPEN", "true")]);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_runs_with_write_ahead_logging() {
    run(the_journal_is_write_ahead, Backend::Sqlite, &[]).await;
}

/// In SQLite's default rollback journal, readers and a committing writer wait for each other;
/// under a burst of logins some requests waited out the busy timeout and got 500.
async fn the_journal_is_write_ahead(app: TestApp) {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "PRAGMA journal_mode",
        ))
        .await
        .unwrap()
        .unwrap();
    let mode: String = row.try_get_by_index(0).unwrap();
    assert_eq!(mode, "wal");
}

/// `POST /auth/login` with `X-Forwarded-For: from` when given.
async fn login_from(
    app: &TestApp,
    from: Option<&str>,
    username: &str,
    password: &str,
) -> reqwest::Response {
    let mut request = app
        .anonymous(Method::POST, "/auth/login")
        .json(&json!({ "username": username, "password": password }));
    if let Some(from) = from {
        request = request.header("x-forwarded-for", from);
    }
    request.send().await.unwrap()
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The audit entries of `action`, newest first, through the admin API.
async fn audit(app: &TestApp, admin: &Session, action: &str) -> Vec<Value> {
    let body: Value = app
        .bearer(
            Method::GET,
            &format!("/admin/audit?action={action}&per_page=200"),
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["items"].as_array().unwrap().clone()
}

async fn counters(app: &TestApp) -> BTreeMap<String, i32> {
    rate_limits::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.key, row.hits))
        .collect()
}

fn statuses(responses: &[reqwest::Response]) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for response in responses {
        *counts.entry(response.status().as_u16()).or_default() += 1;
    }
    counts
}

async fn parallel_wrong_logins_verify_at_most_the_limit(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;

    // Act: 40 wrong passwords for one account at once, then 40 for a name no account has.
    let known =
        join_all((0..40).map(|_| login_from(&app, None, ADMIN_USERNAME, "wrong password"))).await;
    let unknown =
        join_all((0..40).map(|_| login_from(&app, None, "nobody", "wrong password"))).await;

    // Assert: each key let exactly its 5 attempts through to a password check (a 401); the
    // others were refused before any check.
    for (responses, what) in [(&known, "known"), (&unknown, "unknown")] {
        let counts = statuses(responses);
        assert_eq!(counts.get(&401), Some(&5), "{what}: {counts:?}");
        assert_eq!(counts.get(&429), Some(&35), "{what}: {counts:?}");
    }
    let stored = counters(&app).await;
    let account_keys: Vec<i32> = stored
        .iter()
        .filter(|(key, _)| key.starts_with("login.account:"))
        .map(|(_, hits)| *hits)
        .collect();
    assert_eq!(account_keys, [5, 5], "{stored:?}");
    assert_eq!(stored["login.address:127.0.0.1"], 10, "{stored:?}");
    assert_eq!(audit(&app, &admin, "login.failure").await.len(), 10);
}

async fn failures_count_per_account_whether_named_by_username_or_email(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "alice").await;
    for name in ["alice", "ALICE", "alice@example.com"] {
        let response = login_from(&app, None, name, "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    for _ in 0..2 {
        let response = login_from(&app, None, " Alice@Example.com ", "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    // Act: the sixth failure for the account, whatever name it used.
    let by_username = login_from(&app, None, "alice", USER_PASSWORD).await;
    let by_email = login_from(&app, None, "alice@example.com", USER_PASSWORD).await;

    // Assert
    assert_error(by_username, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_error(by_email, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
}

async fn waits_grow_after_the_allowed_failures_and_a_success_clears_them(app: TestApp) {
    // Arrange: five failures, the free allowance.
    app.setup_admin().await;
    for _ in 0..5 {
        let response = login_from(&app, None, ADMIN_USERNAME, "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    // Act / Assert: a first wait of a minute, even for the right password.
    let limited = login_from(&app, None, ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let first_wait = retry_after(&limited);
    assert!((55..=60).contains(&first_wait), "{first_wait}");
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // After the wait one more attempt is checked; a failure doubles the next wait.
    let move_back = format!(
        "UPDATE rate_limits SET last_hit_at = {} WHERE \"key\" LIKE 'login.account:%'",
        app.sql_time(-3)
    );
    app.sql(&move_back).await;
    let sixth = login_from(&app, None, ADMIN_USERNAME, "wrong password").await;
    assert_eq!(sixth.status(), StatusCode::UNAUTHORIZED);
    let limited = login_from(&app, None, ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let second_wait = retry_after(&limited);
    assert!((115..=120).contains(&second_wait), "{second_wait}");

    // The right password after the wait signs in and forgets the failures.
    app.sql(&move_back).await;
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let stored = counters(&app).await;
    assert!(
        stored.keys().all(|key| !key.starts_with("login.account:")),
        "{stored:?}"
    );
    assert_eq!(
        stored["login.address:127.0.0.1"], 6,
        "the network keeps its failures but not the success: {stored:?}"
    );
}

async fn lockouts_elsewhere_do_not_lock_the_owner_out(app: TestApp) {
    // Arrange: someone elsewhere fails for the admin account until refused.
    let admin = app.setup_admin().await;
    let attacker = Some("203.0.113.5");
    for _ in 0..5 {
        let response = login_from(&app, attacker, "admin@example.com", "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = login_from(&app, attacker, ADMIN_USERNAME, ADMIN_PASSWORD).await;
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // Act: the owner, from their own address.
    let owner = login_from(&app, Some("198.51.100.7"), ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Assert
    assert_eq!(owner.status(), StatusCode::OK);
    let limited = audit(&app, &admin, "login.rate_limited").await;
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0]["ip"], "203.0.113.5");
    assert_eq!(limited[0]["target_user_id"], admin.user_id.as_str());
    assert_eq!(limited[0]["details"], json!({ "limit": "login.account" }));
}

async fn the_network_limit_applies_per_client_behind_a_trusted_proxy(app: TestApp) {
    // Arrange: one client behind the proxy tries 20 names.
    app.setup_admin().await;
    for i in 0..20 {
        let response = login_from(
            &app,
            Some("203.0.113.5"),
            &format!("user{i}"),
            "wrong password",
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }

    // Act
    let same_client = login_from(&app, Some("203.0.113.5"), ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let other_client = login_from(&app, Some("198.51.100.7"), ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Assert: that client is refused, everyone else behind the proxy is not.
    assert!(retry_after(&same_client) <= 15 * 60);
    assert_error(same_client, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(other_client.status(), StatusCode::OK);
}

async fn forwarded_addresses_are_ignored_unless_the_peer_is_a_trusted_proxy(app: TestApp) {
    // Arrange: no trusted proxies are configured, so every header below is the client's own.
    let admin = app.setup_admin().await;
    for i in 0..5 {
        let from = format!("203.0.113.{i}");
        let response = login_from(&app, Some(&from), ADMIN_USERNAME, "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    // Act: a new address in the header does not make a new client.
    let refused = login_from(&app, Some("198.51.100.7"), ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Assert
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let failures = audit(&app, &admin, "login.failure").await;
    assert!(
        failures.iter().all(|entry| entry["ip"] == "127.0.0.1"),
        "{failures:?}"
    );
}

async fn the_audit_log_never_holds_a_typed_login_name(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let typed = "My Secret Passphrase 42";

    // Act: a password typed into the name field (twice), and a wrong password for a real
    // account.
    for _ in 0..2 {
        login_from(&app, None, typed, "wrong password").await;
    }
    login_from(&app, None, ADMIN_USERNAME, "wrong password").await;

    // Assert
    let failures = audit(&app, &admin, "login.failure").await;
    assert_eq!(failures.len(), 3);
    let text = serde_json::to_string(&failures).unwrap().to_lowercase();
    assert!(!text.contains("passphrase"), "{text}");
    assert!(!text.contains(&format!("\"{ADMIN_USERNAME}\"")), "{text}");
    let unknown: Vec<&Value> = failures
        .iter()
        .filter(|entry| entry["target_user_id"].is_null())
        .collect();
    assert_eq!(unknown.len(), 2);
    let fingerprint = unknown[0]["details"]["name_fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 16);
    assert_eq!(
        unknown[1]["details"]["name_fingerprint"], fingerprint,
        "the same name gives the same fingerprint"
    );
    assert_eq!(unknown[0]["details"]["reason"], "unknown name");
    let known = failures
        .iter()
        .find(|entry| entry["target_user_id"] == admin.user_id.as_str())
        .unwrap();
    assert_eq!(known["details"], json!({ "reason": "wrong password" }));
    // Nor do the rate-limit counters hold it.
    let keys = serde_json::to_string(&counters(&app).await)
        .unwrap()
        .to_lowercase();
    assert!(!keys.contains("passphrase"), "{keys}");
}

async fn repeated_refusals_are_one_audit_entry_with_a_count(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    for _ in 0..5 {
        login_from(&app, None, "nobody", "wrong password").await;
    }

    // Act: 30 more attempts, all refused.
    for _ in 0..30 {
        let response = login_from(&app, None, "nobody", "wrong password").await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    // Assert
    let limited = audit(&app, &admin, "login.rate_limited").await;
    assert_eq!(limited.len(), 1, "{limited:?}");
    assert_eq!(limited[0]["count"], 30);
    assert!(limited[0]["last_at"].is_string(), "{}", limited[0]);
    assert_eq!(limited[0]["details"]["limit"], "login.account");
    assert_eq!(
        limited[0]["details"]["name_fingerprint"]
            .as_str()
            .unwrap()
            .len(),
        16
    );
    // Entries that happen once carry a count of 1 and no last time.
    let success = audit(&app, &admin, "setup").await;
    assert_eq!(success[0]["count"], 1);
    assert!(success[0].get("last_at").is_none());
}

async fn audit_details_are_bounded(app: TestApp) {
    // Arrange: an administrator acting as alice (every write is audited with its path).
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let impersonation = session_from(start).await;

    // Act: a write with a 60 kB path.
    let path = format!("/resumes/{}", "a".repeat(60_000));
    let response = app
        .bearer(Method::DELETE, &path, &impersonation.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // Assert
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("impersonation.write"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let stored = rows[0].details["path"].as_str().unwrap();
    assert!(stored.len() <= 256, "{} bytes", stored.len());
    assert!(stored.starts_with("/api/v1/resumes/aaa") && stored.ends_with('…'));
}

async fn old_audit_entries_and_idle_counters_are_forgotten(app: TestApp) {
    // Arrange: setup and a failed login, then the failure's entry and counters made old.
    let admin = app.setup_admin().await;
    login_from(&app, None, "nobody", "wrong password").await;
    app.sql(&format!(
        "UPDATE audit_log SET created_at = {} WHERE action = 'login.failure'",
        app.sql_time(-400 * 24 * 60)
    ))
    .await;
    app.sql(&format!(
        "UPDATE rate_limits SET last_hit_at = {}",
        app.sql_time(-2 * 60)
    ))
    .await;
    let now = chrono::Utc::now();

    // Act / Assert: 0 keeps every entry, but idle counters go.
    let kept = resume_backend::maintenance::forget_old_records(&app.db, 0, now)
        .await
        .unwrap();
    assert_eq!(kept.audit_entries, 0);
    assert_eq!(
        kept.rate_limit_counters, 3,
        "setup, login account, login address"
    );
    assert_eq!(audit(&app, &admin, "login.failure").await.len(), 1);

    // A retention of 365 days deletes the old entry only.
    let forgotten = resume_backend::maintenance::forget_old_records(&app.db, 365, now)
        .await
        .unwrap();
    assert_eq!(forgotten.audit_entries, 1);
    assert!(audit(&app, &admin, "login.failure").await.is_empty());
    assert_eq!(audit(&app, &admin, "setup").await.len(), 1);
}

async fn wrong_current_passwords_are_limited_per_user(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let change = |token: &str, current: &str| {
        app.bearer(Method::POST, "/auth/password", token)
            .json(&json!({ "current_password": current, "new_password": "a brand new password" }))
            .send()
    };
    for _ in 0..5 {
        let response = change(&admin.token, "wrong password").await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    // Act
    let parallel = join_all((0..10).map(|_| change(&alice.token, "wrong password"))).await;
    let limited = change(&admin.token, ADMIN_PASSWORD).await.unwrap();

    // Assert: the admin waits, even with the right password; alice had her own five.
    assert!((55..=60).contains(&retry_after(&limited)));
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let parallel: Vec<reqwest::Response> = parallel.into_iter().map(Result::unwrap).collect();
    let counts = statuses(&parallel);
    assert_eq!(counts.get(&422), Some(&5), "{counts:?}");
    assert_eq!(counts.get(&429), Some(&5), "{counts:?}");
    let stored = counters(&app).await;
    assert_eq!(stored[&format!("password.user:{alice_id}")], 5);
}

async fn registration_attempts_are_limited_per_network(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let register = |username: &str| {
        app.anonymous(Method::POST, "/auth/register")
            .json(&json!({
                "username": username,
                "email": format!("{username}@example.com"),
                "password": "long enough password",
            }))
            .send()
    };
    let created = register("bob").await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    for _ in 0..9 {
        // A weak password: refused without hashing, but counted.
        let weak = app
            .anonymous(Method::POST, "/auth/register")
            .json(&json!({ "username": "carol", "email": "carol@example.com", "password": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    // Act
    let limited = register("dave").await.unwrap();

    // Assert
    assert!(retry_after(&limited) <= 3600);
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

async fn registration_conflicts_do_not_tell_username_from_email(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let register = |username: &str, email: &str| {
        app.anonymous(Method::POST, "/auth/register")
            .json(&json!({ "username": username, "email": email, "password": "long enough password" }))
            .send()
    };
    let created = register("bob", "bob@example.com").await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);

    // Act
    let taken_username = register("BOB", "other@example.com").await.unwrap();
    let taken_email = register("robert", "Bob@Example.com").await.unwrap();

    // Assert
    let taken_username = assert_error(taken_username, StatusCode::CONFLICT, "conflict").await;
    let taken_email = assert_error(taken_email, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(taken_username, taken_email);
}

async fn setup_attempts_are_limited_per_network(app: TestApp) {
    // Arrange: ten setups with a weak password.
    for _ in 0..10 {
        let weak = app
            .anonymous(Method::POST, "/setup")
            .json(&json!({ "username": "admin", "email": "admin@example.com", "password": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    // Act
    let limited = app
        .anonymous(Method::POST, "/setup")
        .json(&json!({
            "username": ADMIN_USERNAME,
            "email": "admin@example.com",
            "password": ADMIN_PASSWORD,
        }))
        .send()
        .await
        .unwrap();

    // Assert
    assert!(retry_after(&limited) <= 15 * 60);
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

async fn llm_tests_are_limited_per_user(app: TestApp) {
    // Arrange: an endpoint the server refuses at once (a private address), so no request
    // leaves the machine.
    let admin = app.setup_admin().await;
    let settings = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .json(&json!({ "llm_endpoint": "http://127.0.0.1:9/v1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), StatusCode::OK);
    let test = |token: &str| app.bearer(Method::POST, "/settings/llm/test", token).send();
    for _ in 0..10 {
        let response = test(&admin.token).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    // Act
    let limited = test(&admin.token).await.unwrap();
    app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let other_user = test(&alice.token).await.unwrap();

    // Assert
    assert!(retry_after(&limited) <= 10 * 60);
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(other_user.status(), StatusCode::OK);
}
