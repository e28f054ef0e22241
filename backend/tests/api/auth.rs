//! Login, logout, `me`, registration, rate limit, sessions (expiry, sliding window,
//! revocation), CSRF, and password changes. The limits in detail are in `throttle.rs`.

use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, USER_PASSWORD, assert_error, session_from, set_cookie,
};
use resume_backend::db::entities::sessions;

db_tests!(
    login_returns_a_token_and_cookies_and_me_answers,
    login_accepts_any_case_and_the_email,
    wrong_password_and_unknown_user_answer_401,
    inactive_users_cannot_log_in,
    failed_logins_back_off_per_account_with_retry_after,
    failed_logins_are_rate_limited_per_address,
    logout_ends_the_session_and_clears_cookies,
    registration_is_closed_by_default,
    registration_opens_and_closes_with_the_instance_setting,
    expired_sessions_answer_401,
    sessions_slide_but_write_at_most_once_a_minute,
    password_change_ends_other_sessions_only,
    password_change_needs_the_current_password_and_a_good_new_one,
    forced_password_change_blocks_everything_else_until_done,
    cookie_writes_need_the_csrf_header_and_bearer_writes_do_not,
    a_token_of_a_revoked_session_stays_revoked_after_logout,
    cookie_clients_get_no_token_in_the_body_and_bearer_clients_no_cookies,
    a_csrf_value_of_another_session_is_refused,
    a_session_or_csrf_cookie_sent_twice_with_different_values_is_refused,
);
db_tests!(registration_default_comes_from_the_configuration; env = [("REGISTRATION_OPEN", "true")]);

async fn login_returns_a_token_and_cookies_and_me_answers(app: TestApp) {
    // Arrange
    app.setup_admin().await;

    // Act: a client that does not say how it holds the session gets both, as before.
    let response = app
        .anonymous(Method::POST, "/auth/login")
        .json(&json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let session_cookie = set_cookie(&response, "resume_editor_session").unwrap();
    assert!(session_cookie.contains("HttpOnly"), "{session_cookie}");
    assert!(
        session_cookie.contains("SameSite=Strict"),
        "{session_cookie}"
    );
    assert!(session_cookie.contains("Path=/"), "{session_cookie}");
    assert!(
        !session_cookie.contains("Secure"),
        "loopback: {session_cookie}"
    );
    let csrf_cookie = set_cookie(&response, "resume_editor_csrf").unwrap();
    assert!(!csrf_cookie.contains("HttpOnly"), "{csrf_cookie}");
    let session = session_from(response).await;
    assert_eq!(session.body["token_type"], "Bearer");
    assert!(session.body["expires_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(session.body["user"]["username"], ADMIN_USERNAME);
    assert!(session.body["user"]["last_login_at"].is_string());

    let me: Value = app
        .bearer(Method::GET, "/auth/me", &session.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], ADMIN_USERNAME);
    assert_eq!(me["email"], "admin@example.com");
    assert_eq!(me["roles"], json!(["admin", "user"]));
    assert_eq!(me["active"], true);
    assert_eq!(me["force_password_change"], false);
    assert!(me.get("impersonator").is_none());

    // The cookie alone authenticates too.
    app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let me = app.request(Method::GET, "/auth/me").send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

async fn login_accepts_any_case_and_the_email(app: TestApp) {
    app.setup_admin().await;
    app.login("ADMIN", ADMIN_PASSWORD).await;
    app.login("Admin@Example.com", ADMIN_PASSWORD).await;
}

async fn wrong_password_and_unknown_user_answer_401(app: TestApp) {
    // Arrange
    app.setup_admin().await;

    // Act
    let wrong = app.login_response(ADMIN_USERNAME, "not the password").await;
    let unknown = app.login_response("nobody", "not the password").await;

    // Assert
    assert_eq!(wrong.headers().get("www-authenticate").unwrap(), "Bearer");
    let wrong = assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let unknown = assert_error(unknown, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(wrong, unknown, "the answers must not tell users apart");
    let me = app.anonymous(Method::GET, "/auth/me").send().await.unwrap();
    assert_error(me, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let garbage = app
        .bearer(Method::GET, "/auth/me", "not.a.token")
        .send()
        .await
        .unwrap();
    assert_error(garbage, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn inactive_users_cannot_log_in(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let id = app.create_user(&admin, "alice").await;
    let response = app
        .bearer(Method::PATCH, &format!("/admin/users/{id}"), &admin.token)
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // Act
    let login = app.login_response("alice", USER_PASSWORD).await;
    let wrong = app.login_response("alice", "wrong password!").await;

    // Assert: the right password gets the very answer of a wrong one, so a deactivated
    // account cannot be told from a wrong guess; the audit log keeps the reason.
    assert_eq!(login.headers().get("www-authenticate").unwrap(), "Bearer");
    let login = assert_error(login, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let wrong = assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(login, wrong);
    let failures: Value = app
        .bearer(
            Method::GET,
            &format!("/admin/audit?action=login.failure&target_user_id={id}"),
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reasons: Vec<&str> = failures["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["details"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["wrong password", "inactive"]);
}

async fn failed_logins_back_off_per_account_with_retry_after(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    for _ in 0..5 {
        let response = app.login_response(ADMIN_USERNAME, "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    // Act: even the right password must wait now, by username or by email.
    let limited = app.login_response(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let by_email = app
        .login_response("admin@example.com", ADMIN_PASSWORD)
        .await;

    // Assert: a wait of at most a minute (the first step of the back-off), not a lock.
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_error(by_email, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // Another username is not affected.
    let other = app.login_response("someone-else", "wrong password").await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);

    // Once the wait is over, the login works again.
    app.sql(&format!(
        "UPDATE rate_limits SET last_hit_at = {}",
        app.sql_time(-2)
    ))
    .await;
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
}

async fn failed_logins_are_rate_limited_per_address(app: TestApp) {
    app.setup_admin().await;
    for i in 0..20 {
        let response = app
            .login_response(&format!("user{i}"), "wrong password")
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let limited = app.login_response(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

async fn logout_ends_the_session_and_clears_cookies(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let session = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act
    let logout = app
        .request(Method::POST, "/auth/logout")
        .header("x-csrf-token", &session.csrf)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let cleared = set_cookie(&logout, "resume_editor_session").unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(
        set_cookie(&logout, "resume_editor_csrf")
            .unwrap()
            .contains("Max-Age=0")
    );
    let me = app.request(Method::GET, "/auth/me").send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let bearer = app
        .bearer(Method::GET, "/auth/me", &session.token)
        .send()
        .await
        .unwrap();
    assert_error(bearer, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn a_token_of_a_revoked_session_stays_revoked_after_logout(app: TestApp) {
    app.setup_admin().await;
    let first = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let second = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let logout = app
        .bearer(Method::POST, "/auth/logout", &first.token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let first_me = app
        .bearer(Method::GET, "/auth/me", &first.token)
        .send()
        .await
        .unwrap();
    let second_me = app
        .bearer(Method::GET, "/auth/me", &second.token)
        .send()
        .await
        .unwrap();
    assert_eq!(first_me.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        second_me.status(),
        StatusCode::OK,
        "only the one session ends"
    );
}

async fn registration_is_closed_by_default(app: TestApp) {
    app.setup_admin().await;
    let response = app
        .anonymous(Method::POST, "/auth/register")
        .json(
            &json!({ "username": "bob", "email": "bob@example.com", "password": "bob password 1" }),
        )
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::FORBIDDEN, "registration_closed").await;
}

async fn registration_opens_and_closes_with_the_instance_setting(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let open = app
        .bearer(Method::PUT, "/admin/instance", &admin.token)
        .json(&json!({ "registration_open": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(open.status(), StatusCode::OK);
    let status: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["registration_open"], true);

    // Act
    let register = |name: &'static str| {
        app.anonymous(Method::POST, "/auth/register")
            .json(&json!({ "username": name, "email": format!("{name}@example.com"), "password": "long enough password" }))
            .send()
    };
    let created = register("bob").await.unwrap();
    let duplicate = app
        .anonymous(Method::POST, "/auth/register")
        .json(&json!({ "username": "BOB", "email": "other@example.com", "password": "long enough password" }))
        .send()
        .await
        .unwrap();
    let weak = app
        .anonymous(Method::POST, "/auth/register")
        .json(&json!({ "username": "carol", "email": "carol@example.com", "password": "carol" }))
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(created.status(), StatusCode::CREATED);
    let session = session_from(created).await;
    assert_eq!(session.body["user"]["roles"], json!(["user"]));
    assert_error(duplicate, StatusCode::CONFLICT, "conflict").await;
    let weak = assert_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        weak["error"]["fields"]["password"],
        "must be at least 10 characters"
    );

    let close = app
        .bearer(Method::PUT, "/admin/instance", &admin.token)
        .json(&json!({ "registration_open": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(close.status(), StatusCode::OK);
    let closed = register("dave").await.unwrap();
    assert_error(closed, StatusCode::FORBIDDEN, "registration_closed").await;
}

async fn registration_default_comes_from_the_configuration(app: TestApp) {
    let admin = app.setup_admin().await;
    let setting: Value = app
        .bearer(Method::GET, "/admin/instance", &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(setting, json!({ "registration_open": true }));
    let response = app
        .anonymous(Method::POST, "/auth/register")
        .json(
            &json!({ "username": "bob", "email": "bob@example.com", "password": "bob password 1" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn session_row(app: &TestApp, token_owner_id: &str) -> Vec<sessions::Model> {
    sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(uuid::Uuid::parse_str(token_owner_id).unwrap()))
        .all(&app.db)
        .await
        .unwrap()
}

async fn expired_sessions_answer_401(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let session = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    app.sql(&format!(
        "UPDATE sessions SET expires_at = {}",
        app.sql_time(-1)
    ))
    .await;

    // Act
    let me = app
        .bearer(Method::GET, "/auth/me", &session.token)
        .send()
        .await
        .unwrap();

    // Assert
    assert_error(me, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn sessions_slide_but_write_at_most_once_a_minute(app: TestApp) {
    // Arrange: a session last written two minutes ago, ending in one minute.
    let admin = app.setup_admin().await;
    app.sql(&format!(
        "UPDATE sessions SET last_seen_at = {}, expires_at = {}",
        app.sql_time(-2),
        app.sql_time(1)
    ))
    .await;

    // Act
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let after_first = session_row(&app, &admin.user_id).await;
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let after_second = session_row(&app, &admin.user_id).await;

    // Assert: extended to about now + 60 minutes (the default timeout), then left alone.
    let remaining = after_first[0].expires_at - chrono::Utc::now();
    assert!(remaining > chrono::Duration::minutes(58), "{remaining}");
    assert_eq!(after_first[0].last_seen_at, after_second[0].last_seen_at);
    assert_eq!(after_first[0].expires_at, after_second[0].expires_at);

    // A user's own timeout applies from the next write.
    let settings = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .json(&json!({ "session_timeout_minutes": 15 }))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), StatusCode::OK);
    app.sql(&format!(
        "UPDATE sessions SET last_seen_at = {}",
        app.sql_time(-2)
    ))
    .await;
    app.bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    let row = session_row(&app, &admin.user_id).await;
    let remaining = row[0].expires_at - chrono::Utc::now();
    assert!(
        remaining <= chrono::Duration::minutes(15) && remaining > chrono::Duration::minutes(14),
        "{remaining}"
    );
}

async fn password_change_ends_other_sessions_only(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let current = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let other = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act
    let change = app
        .bearer(Method::POST, "/auth/password", &current.token)
        .json(
            &json!({ "current_password": ADMIN_PASSWORD, "new_password": "a brand new password" }),
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(change.status(), StatusCode::NO_CONTENT);
    let other_me = app
        .bearer(Method::GET, "/auth/me", &other.token)
        .send()
        .await
        .unwrap();
    assert_eq!(other_me.status(), StatusCode::UNAUTHORIZED);
    let current_me = app
        .bearer(Method::GET, "/auth/me", &current.token)
        .send()
        .await
        .unwrap();
    assert_eq!(current_me.status(), StatusCode::OK);
    let old = app.login_response(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    app.login(ADMIN_USERNAME, "a brand new password").await;
}

async fn password_change_needs_the_current_password_and_a_good_new_one(app: TestApp) {
    let admin = app.setup_admin().await;
    let cases = [
        (
            json!({ "new_password": "a brand new password" }),
            "current_password",
            "is required",
        ),
        (
            json!({ "current_password": "wrong password", "new_password": "a brand new password" }),
            "current_password",
            "is not correct",
        ),
        (
            json!({ "current_password": ADMIN_PASSWORD, "new_password": "short" }),
            "new_password",
            "must be at least 10 characters",
        ),
        (
            json!({ "current_password": ADMIN_PASSWORD, "new_password": "AdMiN" }),
            "new_password",
            "must be at least 10 characters",
        ),
    ];
    for (body, field, problem) in cases {
        let response = app
            .bearer(Method::POST, "/auth/password", &admin.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(body["error"]["fields"][field], problem, "{body}");
    }
}

async fn forced_password_change_blocks_everything_else_until_done(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user_with(
        &admin,
        json!({
            "username": "alice",
            "email": "alice@example.com",
            "password": USER_PASSWORD,
            "force_password_change": true,
        }),
    )
    .await;
    let alice = app.login("alice", USER_PASSWORD).await;
    assert_eq!(alice.body["user"]["force_password_change"], true);

    // Act / Assert: other routes refuse, `me` answers.
    let settings = app
        .bearer(Method::GET, "/settings", &alice.token)
        .send()
        .await
        .unwrap();
    assert_error(settings, StatusCode::FORBIDDEN, "password_change_required").await;
    let me: Value = app
        .bearer(Method::GET, "/auth/me", &alice.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["force_password_change"], true);

    // The change itself needs no current password.
    let change = app
        .bearer(Method::POST, "/auth/password", &alice.token)
        .json(&json!({ "new_password": "alice's own password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), StatusCode::NO_CONTENT);
    let settings = app
        .bearer(Method::GET, "/settings", &alice.token)
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), StatusCode::OK);
    let me: Value = app
        .bearer(Method::GET, "/auth/me", &alice.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["force_password_change"], false);
    let again = app
        .bearer(Method::POST, "/auth/password", &alice.token)
        .json(&json!({ "new_password": "yet another password" }))
        .send()
        .await
        .unwrap();
    assert_error(again, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

async fn cookie_writes_need_the_csrf_header_and_bearer_writes_do_not(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let session = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let body = json!({ "llm_model": "gpt-4o-mini" });

    // Act / Assert: cookie without the header.
    let missing = app
        .request(Method::PUT, "/settings")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(missing, StatusCode::FORBIDDEN, "csrf_failed").await;
    let wrong = app
        .request(Method::PUT, "/settings")
        .header("x-csrf-token", "not-the-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(wrong, StatusCode::FORBIDDEN, "csrf_failed").await;

    // Cookie with the header; reads need none.
    let ok = app
        .request(Method::PUT, "/settings")
        .header("x-csrf-token", &session.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let read = app.request(Method::GET, "/settings").send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);

    // Bearer: exempt.
    let bearer = app
        .bearer(Method::PUT, "/settings", &session.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), StatusCode::OK);
    assert!(cookie_value_is_random(&session.csrf));
}

fn cookie_value_is_random(value: &str) -> bool {
    value.len() >= 40 && cookie_free(value)
}

fn cookie_free(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

async fn cookie_clients_get_no_token_in_the_body_and_bearer_clients_no_cookies(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let login = |session: &'static str| {
        app.anonymous(Method::POST, "/auth/login")
            .json(&json!({
                "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "session": session,
            }))
            .send()
    };

    // Act
    let cookie_login = login("cookie").await.unwrap();
    let bearer_login = login("bearer").await.unwrap();
    let unknown = login("jar").await.unwrap();

    // Assert: the browser's answer has the cookies and no token...
    assert_eq!(cookie_login.status(), StatusCode::OK);
    let token = crate::helpers::cookie(&cookie_login, "resume_editor_session").unwrap();
    assert!(set_cookie(&cookie_login, "resume_editor_csrf").is_some());
    let body: Value = cookie_login.json().await.unwrap();
    assert!(body.get("access_token").is_none(), "{body}");
    assert!(body.get("token_type").is_none(), "{body}");
    assert_eq!(body["user"]["username"], ADMIN_USERNAME);
    assert!(body["expires_at"].is_string());
    assert!(
        !body.to_string().contains(&token),
        "the token is nowhere in the body"
    );
    // ...the API client's has the token and no cookie.
    assert_eq!(bearer_login.status(), StatusCode::OK);
    assert!(bearer_login.headers().get("set-cookie").is_none());
    let body: Value = bearer_login.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    let me = app
        .bearer(
            Method::GET,
            "/auth/me",
            body["access_token"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    assert_error(unknown, StatusCode::BAD_REQUEST, "invalid_json").await;

    // Registration answers the same way.
    let open = app
        .bearer(
            Method::PUT,
            "/admin/instance",
            &app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await.token,
        )
        .json(&json!({ "registration_open": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(open.status(), StatusCode::OK);
    let register = app
        .anonymous(Method::POST, "/auth/register")
        .json(&json!({
            "username": "newcomer", "email": "newcomer@example.com",
            "password": USER_PASSWORD, "session": "cookie",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(register.status(), StatusCode::CREATED);
    assert!(set_cookie(&register, "resume_editor_session").is_some());
    let body: Value = register.json().await.unwrap();
    assert!(body.get("access_token").is_none(), "{body}");
}

async fn a_csrf_value_of_another_session_is_refused(app: TestApp) {
    // Arrange: two browsers, two sessions of the same user.
    app.setup_admin().await;
    let mine = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let other_browser = TestApp::new_client();
    let other = other_browser
        .post(app.url("/auth/login"))
        .json(
            &json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "session": "cookie" }),
        )
        .send()
        .await
        .unwrap();
    let other = session_from(other).await;
    assert_ne!(mine.csrf, other.csrf);
    let write = |csrf: &str| {
        reqwest::Client::new()
            .put(app.url("/settings"))
            .header(
                "cookie",
                format!(
                    "resume_editor_session={}; resume_editor_csrf={csrf}",
                    mine.token
                ),
            )
            .header("x-csrf-token", csrf)
            .json(&json!({ "llm_model": "gpt-4o-mini" }))
            .send()
    };

    // Act: my session cookie with the other session's (equal) CSRF cookie and header.
    let foreign = write(&other.csrf).await.unwrap();
    let made_up = write("made-up-but-equal").await.unwrap();
    let own = write(&mine.csrf).await.unwrap();

    // Assert
    assert_error(foreign, StatusCode::FORBIDDEN, "csrf_failed").await;
    assert_error(made_up, StatusCode::FORBIDDEN, "csrf_failed").await;
    assert_eq!(own.status(), StatusCode::OK);
}

async fn a_session_or_csrf_cookie_sent_twice_with_different_values_is_refused(app: TestApp) {
    // Arrange: the victim's browser session, and a session of an attacker's account whose
    // cookies were planted next to the victim's (cookie tossing).
    let admin = app.setup_admin().await;
    app.create_user(&admin, "mallory").await;
    let victim = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let planted = session_from(
        app.anonymous(Method::POST, "/auth/login")
            .json(&json!({ "username": "mallory", "password": USER_PASSWORD, "session": "cookie" }))
            .send()
            .await
            .unwrap(),
    )
    .await;

    // Act: both session cookies, the planted one first; then both CSRF cookies.
    let both_sessions = reqwest::Client::new()
        .get(app.url("/auth/me"))
        .header(
            "cookie",
            format!(
                "resume_editor_session={}; resume_editor_session={}",
                planted.token, victim.token
            ),
        )
        .send()
        .await
        .unwrap();
    let same_twice = reqwest::Client::new()
        .get(app.url("/auth/me"))
        .header(
            "cookie",
            format!(
                "resume_editor_session={}; resume_editor_session={}",
                victim.token, victim.token
            ),
        )
        .send()
        .await
        .unwrap();
    let both_csrf = reqwest::Client::new()
        .put(app.url("/settings"))
        .header(
            "cookie",
            format!(
                "resume_editor_session={}; resume_editor_csrf={}; resume_editor_csrf={}",
                victim.token, victim.csrf, planted.csrf
            ),
        )
        .header("x-csrf-token", &victim.csrf)
        .json(&json!({ "llm_model": "gpt-4o-mini" }))
        .send()
        .await
        .unwrap();

    // Assert
    assert_error(both_sessions, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(same_twice.status(), StatusCode::OK);
    assert_error(both_csrf, StatusCode::FORBIDDEN, "csrf_failed").await;
}
