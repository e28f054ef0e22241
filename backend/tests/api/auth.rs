//! Login, logout, `me`, registration, rate limit, sessions (expiry, sliding window,
//! revocation), CSRF, and password changes. The limits in detail are in `throttle.rs`.
//!
//! What a browser does (cookies, the CSRF header) and what only a response's headers show
//! (cookies set, `Retry-After`, `WWW-Authenticate`) is sent with reqwest itself, with the
//! shared request types as bodies; everything else goes through the typed client.

use reqwest::{Method, StatusCode};
use resume_shared::api::{
    ChangePasswordRequest, CreateUserRequest, ErrorCode, InstanceSettings, LoginRequest, Patch,
    RegisterRequest, SessionMode, TokenResponse, UpdateSettingsRequest, UpdateUserRequest,
};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;

use crate::client::{ApiClient, AuditQuery, body_of, decoded, failure_of};
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, USER_PASSWORD, session_from, set_cookie,
};
use crate::{assert_api_snapshot, db_tests};
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

/// A login of `username` holding the session as `session` says (both ways when `None`).
fn login(username: &str, password: &str, session: Option<SessionMode>) -> LoginRequest {
    LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
        session,
    }
}

/// A registration of `username` at `username@example.com`.
fn registration(username: &str, password: &str, session: Option<SessionMode>) -> RegisterRequest {
    RegisterRequest {
        username: username.to_owned(),
        email: format!("{username}@example.com"),
        password: password.to_owned(),
        session,
    }
}

/// A change of the model alone: the write of the CSRF tests.
fn model_change() -> UpdateSettingsRequest {
    UpdateSettingsRequest {
        llm_model: Patch::Set("gpt-4o-mini".to_owned()),
        ..UpdateSettingsRequest::default()
    }
}

/// A password change.
fn password_change(current: Option<&str>, new: &str) -> ChangePasswordRequest {
    ChangePasswordRequest {
        current_password: current.map(str::to_owned),
        new_password: new.to_owned(),
        keep_api_tokens: false,
    }
}

async fn login_returns_a_token_and_cookies_and_me_answers(app: TestApp) {
    // Arrange
    app.setup_admin().await;

    // Act: a client that does not say how it holds the session gets both, as before.
    let response = app
        .anonymous(Method::POST, "/auth/login")
        .json(&login(ADMIN_USERNAME, ADMIN_PASSWORD, None))
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
    let body: TokenResponse = decoded(&session.body);
    assert_eq!(body.token_type.as_deref(), Some("Bearer"));
    assert!(body.expires_at.ends_with('Z'));
    assert_eq!(body.user.username, ADMIN_USERNAME);
    assert!(body.user.last_login_at.is_some());

    let me = app.api(&session).me().await.unwrap();
    assert_api_snapshot!("me", me);
    assert_eq!(me.username, ADMIN_USERNAME);
    assert_eq!(me.email, "admin@example.com");
    assert_eq!(me.roles, ["admin", "user"]);
    assert!(me.active);
    assert!(!me.force_password_change);
    assert!(me.impersonator.is_none());

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
    let anonymous = app.anonymous_api();

    // Act
    let wrong = app.login_response(ADMIN_USERNAME, "not the password").await;
    let unknown = anonymous
        .login(&login("nobody", "not the password", None))
        .await;

    // Assert
    assert_eq!(wrong.headers().get("www-authenticate").unwrap(), "Bearer");
    let wrong = failure_of(wrong)
        .await
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    let unknown = unknown
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    assert_eq!(wrong, unknown, "the answers must not tell users apart");
    anonymous
        .me()
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    ApiClient::new(&app, Some("not.a.token"))
        .me()
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
}

async fn inactive_users_cannot_log_in(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let id = app.create_user(&admin, "alice").await;
    let deactivate = UpdateUserRequest {
        active: Some(false),
        ..UpdateUserRequest::default()
    };
    api.update_user(&id, &deactivate).await.unwrap();

    // Act
    let login_response = app.login_response("alice", USER_PASSWORD).await;
    let wrong = app
        .anonymous_api()
        .login(&login("alice", "wrong password!", None))
        .await;

    // Assert: the right password gets the very answer of a wrong one, so a deactivated
    // account cannot be told from a wrong guess; the audit log keeps the reason.
    assert_eq!(
        login_response.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    let refused = failure_of(login_response)
        .await
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    let wrong = wrong
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    assert_eq!(refused, wrong);
    let failures = api
        .audit(&AuditQuery {
            action: Some("login.failure".to_owned()),
            target_user_id: Some(id.clone()),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let reasons: Vec<&str> = failures
        .items
        .iter()
        .map(|entry| entry.details["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["wrong password", "inactive"]);
}

async fn failed_logins_back_off_per_account_with_retry_after(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let anonymous = app.anonymous_api();
    for _ in 0..5 {
        anonymous
            .login(&login(ADMIN_USERNAME, "wrong password", None))
            .await
            .unwrap_err()
            .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    }

    // Act: even the right password must wait now, by username or by email.
    let limited = app.login_response(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let by_email = anonymous
        .login(&login("admin@example.com", ADMIN_PASSWORD, None))
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
    failure_of(limited)
        .await
        .assert_is(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    by_email
        .unwrap_err()
        .assert_is(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);

    // Another username is not affected.
    anonymous
        .login(&login("someone-else", "wrong password", None))
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);

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
    let anonymous = app.anonymous_api();
    for i in 0..20 {
        let failure = anonymous
            .login(&login(&format!("user{i}"), "wrong password", None))
            .await
            .unwrap_err();
        assert_eq!(failure.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let limited = app.login_response(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    assert!(limited.headers().contains_key("retry-after"));
    failure_of(limited)
        .await
        .assert_is(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
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
    app.api(&session)
        .me()
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
}

async fn a_token_of_a_revoked_session_stays_revoked_after_logout(app: TestApp) {
    app.setup_admin().await;
    let first = app.api(&app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await);
    let second = app.api(&app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await);
    first.logout().await.unwrap();
    let first_me = first.me().await.unwrap_err();
    assert_eq!(first_me.status, StatusCode::UNAUTHORIZED);
    second.me().await.expect("only the one session ends");
}

async fn registration_is_closed_by_default(app: TestApp) {
    app.setup_admin().await;
    app.anonymous_api()
        .register(&registration("bob", "bob password 1", None))
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::RegistrationClosed);
}

async fn registration_opens_and_closes_with_the_instance_setting(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let anonymous = app.anonymous_api();
    let open = InstanceSettings {
        registration_open: true,
        require_two_factor: None,
    };
    api.put_instance(&open).await.unwrap();
    let status = anonymous.setup_status().await.unwrap();
    assert!(status.registration_open);

    // Act
    let password = "long enough password";
    let created = anonymous
        .register(&registration("bob", password, None))
        .await;
    let duplicate = anonymous
        .register(&RegisterRequest {
            email: "other@example.com".to_owned(),
            ..registration("BOB", password, None)
        })
        .await;
    let weak = anonymous
        .register(&registration("carol", "carol", None))
        .await;

    // Assert
    assert_eq!(created.unwrap().user.roles, ["user"]);
    duplicate
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    let weak = weak.unwrap_err().assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert_eq!(weak.fields["password"], "must be at least 10 characters");

    let close = InstanceSettings {
        registration_open: false,
        require_two_factor: None,
    };
    api.put_instance(&close).await.unwrap();
    anonymous
        .register(&registration("dave", password, None))
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::RegistrationClosed);
}

async fn registration_default_comes_from_the_configuration(app: TestApp) {
    let admin = app.setup_admin().await;
    let setting = app.api(&admin).get_instance().await.unwrap();
    assert_eq!(
        setting,
        InstanceSettings {
            registration_open: true,
            require_two_factor: Some(false),
        }
    );
    app.anonymous_api()
        .register(&registration("bob", "bob password 1", None))
        .await
        .unwrap();
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
    let me = app.api(&session).me().await;

    // Assert
    me.unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
}

async fn sessions_slide_but_write_at_most_once_a_minute(app: TestApp) {
    // Arrange: a session last written two minutes ago, ending in one minute.
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    app.sql(&format!(
        "UPDATE sessions SET last_seen_at = {}, expires_at = {}",
        app.sql_time(-2),
        app.sql_time(1)
    ))
    .await;

    // Act
    api.me().await.unwrap();
    let after_first = session_row(&app, &admin.user_id).await;
    api.me().await.unwrap();
    let after_second = session_row(&app, &admin.user_id).await;

    // Assert: extended to about now + 60 minutes (the default timeout), then left alone.
    let remaining = after_first[0].expires_at - chrono::Utc::now();
    assert!(remaining > chrono::Duration::minutes(58), "{remaining}");
    assert_eq!(after_first[0].last_seen_at, after_second[0].last_seen_at);
    assert_eq!(after_first[0].expires_at, after_second[0].expires_at);

    // A user's own timeout applies from the next write.
    let timeout = UpdateSettingsRequest {
        session_timeout_minutes: Some(15),
        ..UpdateSettingsRequest::default()
    };
    api.update_settings(&timeout).await.unwrap();
    app.sql(&format!(
        "UPDATE sessions SET last_seen_at = {}",
        app.sql_time(-2)
    ))
    .await;
    api.me().await.unwrap();
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
    let current = app.api(&app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await);
    let other = app.api(&app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await);

    // Act
    let change = password_change(Some(ADMIN_PASSWORD), "a brand new password");
    current.change_password(&change).await.unwrap();

    // Assert
    let other_me = other.me().await.unwrap_err();
    assert_eq!(other_me.status, StatusCode::UNAUTHORIZED);
    current.me().await.unwrap();
    let old = app
        .anonymous_api()
        .login(&login(ADMIN_USERNAME, ADMIN_PASSWORD, None))
        .await
        .unwrap_err();
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.login(ADMIN_USERNAME, "a brand new password").await;
}

async fn password_change_needs_the_current_password_and_a_good_new_one(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let cases = [
        (
            password_change(None, "a brand new password"),
            "current_password",
            "is required",
        ),
        (
            password_change(Some("wrong password"), "a brand new password"),
            "current_password",
            "is not correct",
        ),
        (
            password_change(Some(ADMIN_PASSWORD), "short"),
            "new_password",
            "must be at least 10 characters",
        ),
        (
            password_change(Some(ADMIN_PASSWORD), "AdMiN"),
            "new_password",
            "must be at least 10 characters",
        ),
    ];
    for (change, field, problem) in cases {
        let error = api.change_password(&change).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert_eq!(
            error.fields.get(field).map(String::as_str),
            Some(problem),
            "{error:?}"
        );
    }
}

async fn forced_password_change_blocks_everything_else_until_done(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.api(&admin)
        .create_user(&CreateUserRequest {
            username: "alice".to_owned(),
            email: "alice@example.com".to_owned(),
            password: USER_PASSWORD.to_owned(),
            roles: None,
            force_password_change: true,
        })
        .await
        .unwrap();
    let alice = app.login("alice", USER_PASSWORD).await;
    let signed_in: TokenResponse = decoded(&alice.body);
    assert!(signed_in.user.force_password_change);
    let alice = app.api(&alice);

    // Act / Assert: other routes refuse, `me` answers.
    alice
        .get_settings()
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::PasswordChangeRequired);
    let me = alice.me().await.unwrap();
    assert!(me.force_password_change);

    // The change itself needs no current password.
    alice
        .change_password(&password_change(None, "alice's own password"))
        .await
        .unwrap();
    alice.get_settings().await.unwrap();
    let me = alice.me().await.unwrap();
    assert!(!me.force_password_change);
    alice
        .change_password(&password_change(None, "yet another password"))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
}

async fn cookie_writes_need_the_csrf_header_and_bearer_writes_do_not(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let session = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let body = model_change();

    // Act / Assert: cookie without the header.
    let missing = app
        .request(Method::PUT, "/settings")
        .json(&body)
        .send()
        .await
        .unwrap();
    failure_of(missing)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let wrong = app
        .request(Method::PUT, "/settings")
        .header("x-csrf-token", "not-the-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    failure_of(wrong)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

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
    app.api(&session).update_settings(&body).await.unwrap();
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
    let login_as = |session: SessionMode| {
        app.anonymous(Method::POST, "/auth/login")
            .json(&login(ADMIN_USERNAME, ADMIN_PASSWORD, Some(session)))
            .send()
    };

    // Act
    let cookie_login = login_as(SessionMode::Cookie).await.unwrap();
    let bearer_login = login_as(SessionMode::Bearer).await.unwrap();
    // Not a `SessionMode`: sent raw.
    let unknown = app
        .anonymous_api()
        .error(
            Method::POST,
            "/auth/login",
            Some(&json!({
                "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "session": "jar",
            })),
        )
        .await;

    // Assert: the browser's answer has the cookies and no token...
    assert_eq!(cookie_login.status(), StatusCode::OK);
    let token = crate::helpers::cookie(&cookie_login, "resume_editor_session").unwrap();
    assert!(set_cookie(&cookie_login, "resume_editor_csrf").is_some());
    let body: TokenResponse = body_of(cookie_login).await;
    assert!(body.access_token.is_none(), "{body:?}");
    assert!(body.token_type.is_none(), "{body:?}");
    assert_eq!(body.user.username, ADMIN_USERNAME);
    assert!(!body.expires_at.is_empty());
    assert!(
        !serde_json::to_string(&body).unwrap().contains(&token),
        "the token is nowhere in the body"
    );
    // ...the API client's has the token and no cookie.
    assert_eq!(bearer_login.status(), StatusCode::OK);
    assert!(bearer_login.headers().get("set-cookie").is_none());
    let body: TokenResponse = body_of(bearer_login).await;
    assert_eq!(body.token_type.as_deref(), Some("Bearer"));
    ApiClient::new(&app, body.access_token.as_deref())
        .me()
        .await
        .unwrap();
    unknown.assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);

    // Registration answers the same way.
    let admin = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let open = InstanceSettings {
        registration_open: true,
        require_two_factor: None,
    };
    app.api(&admin).put_instance(&open).await.unwrap();
    let register = app
        .anonymous(Method::POST, "/auth/register")
        .json(&registration(
            "newcomer",
            USER_PASSWORD,
            Some(SessionMode::Cookie),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(register.status(), StatusCode::CREATED);
    assert!(set_cookie(&register, "resume_editor_session").is_some());
    let body: TokenResponse = body_of(register).await;
    assert!(body.access_token.is_none(), "{body:?}");
}

async fn a_csrf_value_of_another_session_is_refused(app: TestApp) {
    // Arrange: two browsers, two sessions of the same user.
    app.setup_admin().await;
    let mine = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let other_browser = TestApp::new_client();
    let other = other_browser
        .post(app.url("/auth/login"))
        .json(&login(
            ADMIN_USERNAME,
            ADMIN_PASSWORD,
            Some(SessionMode::Cookie),
        ))
        .send()
        .await
        .unwrap();
    let other = session_from(other).await;
    assert_ne!(mine.csrf, other.csrf);
    let change = model_change();
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
            .json(&change)
            .send()
    };

    // Act: my session cookie with the other session's (equal) CSRF cookie and header.
    let foreign = write(&other.csrf).await.unwrap();
    let made_up = write("made-up-but-equal").await.unwrap();
    let own = write(&mine.csrf).await.unwrap();

    // Assert
    failure_of(foreign)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    failure_of(made_up)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
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
            .json(&login("mallory", USER_PASSWORD, Some(SessionMode::Cookie)))
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
        .json(&model_change())
        .send()
        .await
        .unwrap();

    // Assert
    failure_of(both_sessions)
        .await
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    assert_eq!(same_twice.status(), StatusCode::OK);
    failure_of(both_csrf)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
}
