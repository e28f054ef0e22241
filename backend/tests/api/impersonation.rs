//! The lifecycle of an impersonation: it returns only to the administrator's own live session
//! (never a new one), it ends with the administrator's session, on demotion, logout and
//! expiry (each recorded once as `impersonation.stop`), and it never has admin powers.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use resume_backend::db::entities::sessions;
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, Session, TestApp, USER_PASSWORD, assert_error, cookie,
    impersonate, session_from,
};

db_tests!(
    stop_after_the_admin_logged_out_gives_no_admin_session,
    stop_returns_the_browser_to_the_admins_own_session_and_creates_none,
    the_impersonation_token_alone_does_not_lead_back_to_an_admin_session,
    stop_under_a_bearer_token_hands_out_no_admin_token,
    demoting_an_admin_ends_their_impersonations,
    an_impersonation_session_never_has_admin_powers,
    logout_and_expiry_of_an_impersonation_record_its_stop_once,
);

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

/// The live sessions of a user's own (not impersonations).
async fn live_own_sessions(app: &TestApp, user_id: &str) -> u64 {
    sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(uuid::Uuid::parse_str(user_id).unwrap()))
        .filter(sessions::Column::ImpersonatorUserId.is_null())
        .filter(sessions::Column::RevokedAt.is_null())
        .count(&app.db)
        .await
        .unwrap()
}

/// The `impersonation.stop` entries of the audit log, newest first.
async fn stops(app: &TestApp, admin: &Session) -> Vec<Value> {
    let audit = json_of(
        app.bearer(
            Method::GET,
            "/admin/audit?action=impersonation.stop",
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    audit["items"].as_array().unwrap().clone()
}

async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    app.bearer(Method::GET, "/auth/me", token)
        .send()
        .await
        .unwrap()
        .status()
}

async fn stop_after_the_admin_logged_out_gives_no_admin_session(app: TestApp) {
    // Arrange: the administrator impersonates alice, then signs out.
    let setup = app.setup_admin().await;
    let alice_id = app.create_user(&setup, "alice").await;
    let admin = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let impersonation = impersonate(&app, &admin, &alice_id).await;
    let logout = app
        .bearer(Method::POST, "/auth/logout", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let before = live_own_sessions(&app, &admin.user_id).await;

    // Act: whoever holds the impersonation token asks to stop.
    let me = me_status(&app, &impersonation.token).await;
    let stop = app
        .bearer(
            Method::POST,
            "/auth/impersonation/stop",
            &impersonation.token,
        )
        .send()
        .await
        .unwrap();

    // Assert: the impersonation ended with the administrator's logout, and no administrator
    // session came out of it.
    assert_eq!(
        me,
        StatusCode::UNAUTHORIZED,
        "logout ends the impersonation"
    );
    assert_error(stop, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(live_own_sessions(&app, &admin.user_id).await, before);
    let stops = stops(&app, &setup).await;
    assert_eq!(stops.len(), 1, "{stops:?}");
    assert_eq!(stops[0]["details"]["reason"], "admin_session_ended");
    assert_eq!(stops[0]["target_user_id"], alice_id);
}

async fn stop_returns_the_browser_to_the_admins_own_session_and_creates_none(app: TestApp) {
    // Arrange: the administrator signs in in the browser and impersonates alice there.
    let setup = app.setup_admin().await;
    let alice_id = app.create_user(&setup, "alice").await;
    let admin = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let own_sessions = live_own_sessions(&app, &admin.user_id).await;
    let start = app
        .request(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
        )
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    assert!(
        cookie(&start, "resume_editor_admin_session").is_some(),
        "the way back is kept in a cookie"
    );
    let impersonation = session_from(start).await;

    // Act
    let stop = app
        .request(Method::POST, "/auth/impersonation/stop")
        .header("x-csrf-token", &impersonation.csrf)
        .send()
        .await
        .unwrap();

    // Assert: the cookies are the administrator's own session again — its CSRF value, no new
    // session row — and the impersonation cookie is gone.
    assert_eq!(stop.status(), StatusCode::OK);
    assert_eq!(cookie(&stop, "resume_editor_csrf").unwrap(), admin.csrf);
    assert_eq!(
        cookie(&stop, "resume_editor_admin_session").as_deref(),
        Some("")
    );
    let body = json_of(stop).await;
    assert_eq!(body["user"]["username"], ADMIN_USERNAME);
    assert!(body.get("access_token").is_none(), "{body}");
    assert_eq!(live_own_sessions(&app, &admin.user_id).await, own_sessions);
    let me = json_of(app.request(Method::GET, "/auth/me").send().await.unwrap()).await;
    assert_eq!(me["username"], ADMIN_USERNAME);
    let write = app
        .request(Method::PUT, "/admin/instance")
        .header("x-csrf-token", &admin.csrf)
        .json(&json!({ "registration_open": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        write.status(),
        StatusCode::OK,
        "the admin's session is back"
    );
    assert_eq!(
        me_status(&app, &impersonation.token).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn the_impersonation_token_alone_does_not_lead_back_to_an_admin_session(app: TestApp) {
    // Arrange: an impersonation in the browser; its cookies leak, the admin's own do not.
    let setup = app.setup_admin().await;
    let alice_id = app.create_user(&setup, "alice").await;
    let admin = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let start = app
        .request(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
        )
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    let leaked = session_from(start).await;
    let before = live_own_sessions(&app, &admin.user_id).await;

    // Act: someone else sends the leaked cookies.
    let stop = reqwest::Client::new()
        .post(app.url("/auth/impersonation/stop"))
        .header(
            "cookie",
            format!(
                "resume_editor_session={}; resume_editor_csrf={}",
                leaked.token, leaked.csrf
            ),
        )
        .header("x-csrf-token", &leaked.csrf)
        .send()
        .await
        .unwrap();

    // Assert: the impersonation ends, and nobody got an administrator session.
    assert_eq!(stop.status(), StatusCode::UNAUTHORIZED);
    assert!(
        cookie(&stop, "resume_editor_session").is_none_or(|value| value.is_empty()),
        "no session cookie but a cleared one"
    );
    assert_eq!(live_own_sessions(&app, &admin.user_id).await, before);
    assert_eq!(
        me_status(&app, &leaked.token).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn stop_under_a_bearer_token_hands_out_no_admin_token(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let impersonation = impersonate(&app, &admin, &alice_id).await;
    let before = live_own_sessions(&app, &admin.user_id).await;

    // Act
    let stop = app
        .bearer(
            Method::POST,
            "/auth/impersonation/stop",
            &impersonation.token,
        )
        .send()
        .await
        .unwrap();

    // Assert: the caller goes on with its own token; none is handed out, no cookie is set.
    assert_eq!(stop.status(), StatusCode::OK);
    assert!(stop.headers().get("set-cookie").is_none());
    let body = json_of(stop).await;
    assert!(body.get("access_token").is_none(), "{body}");
    assert_eq!(body["user"]["username"], ADMIN_USERNAME);
    assert_eq!(live_own_sessions(&app, &admin.user_id).await, before);
    assert_eq!(me_status(&app, &admin.token).await, StatusCode::OK);
    assert_eq!(
        me_status(&app, &impersonation.token).await,
        StatusCode::UNAUTHORIZED
    );
    let stops = stops(&app, &admin).await;
    assert_eq!(stops.len(), 1);
    assert_eq!(stops[0]["details"]["reason"], "stopped");
}

async fn demoting_an_admin_ends_their_impersonations(app: TestApp) {
    // Arrange: a second administrator impersonates alice.
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let second_id = app
        .create_user_with(
            &admin,
            json!({
                "username": "second", "email": "second@example.com",
                "password": USER_PASSWORD, "roles": ["admin", "user"],
            }),
        )
        .await;
    let second = app.login("second", USER_PASSWORD).await;
    let impersonation = impersonate(&app, &second, &alice_id).await;
    assert_eq!(me_status(&app, &impersonation.token).await, StatusCode::OK);

    // Act
    let demote = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{second_id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(demote.status(), StatusCode::OK);
    assert_eq!(
        me_status(&app, &impersonation.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me_status(&app, &second.token).await,
        StatusCode::OK,
        "their own session goes on, as a user"
    );
    let stops = stops(&app, &admin).await;
    assert_eq!(stops.len(), 1, "{stops:?}");
    assert_eq!(stops[0]["details"]["reason"], "demoted");
    assert_eq!(stops[0]["impersonator_user_id"], second_id);
}

async fn an_impersonation_session_never_has_admin_powers(app: TestApp) {
    // Arrange: alice is impersonated, then promoted by another administrator meanwhile.
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let impersonation = impersonate(&app, &admin, &alice_id).await;
    let promote = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(promote.status(), StatusCode::OK);

    // Act: admin routes with the impersonation token; and a write it may make.
    let list = app
        .bearer(Method::GET, "/admin/users", &impersonation.token)
        .send()
        .await
        .unwrap();
    let create = app
        .bearer(Method::POST, "/admin/users", &impersonation.token)
        .json(
            &json!({ "username": "mallory", "email": "m@example.com", "password": USER_PASSWORD }),
        )
        .send()
        .await
        .unwrap();
    let settings = app
        .bearer(Method::PUT, "/settings", &impersonation.token)
        .json(&json!({ "session_timeout_minutes": 30 }))
        .send()
        .await
        .unwrap();

    // Assert: refused; and everything written as alice names the administrator.
    assert_error(list, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(create, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(settings.status(), StatusCode::OK);
    let audit = json_of(
        app.bearer(
            Method::GET,
            &format!("/admin/audit?actor_user_id={alice_id}&per_page=200"),
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let items = audit["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["impersonator_user_id"], admin.user_id, "{item}");
    }
}

async fn logout_and_expiry_of_an_impersonation_record_its_stop_once(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let first = impersonate(&app, &admin, &alice_id).await;

    // Act 1: logout of the impersonation session.
    let logout = app
        .bearer(Method::POST, "/auth/logout", &first.token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);

    // Act 2: a second impersonation runs out; the housekeeping finds it (twice, as two
    // instances might).
    let second = impersonate(&app, &admin, &alice_id).await;
    app.sql(&format!(
        "UPDATE sessions SET expires_at = {} WHERE impersonator_user_id IS NOT NULL AND revoked_at IS NULL",
        app.sql_time(-1)
    ))
    .await;
    let found = resume_backend::services::sessions::end_expired_impersonations(&app.db, Utc::now())
        .await
        .unwrap();
    let again = resume_backend::services::sessions::end_expired_impersonations(&app.db, Utc::now())
        .await
        .unwrap();

    // Assert
    assert_eq!((found, again), (1, 0));
    assert_eq!(
        me_status(&app, &second.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me_status(&app, &admin.token).await,
        StatusCode::OK,
        "the administrator's own session is untouched"
    );
    let stops = stops(&app, &admin).await;
    let reasons: Vec<&str> = stops
        .iter()
        .map(|s| s["details"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["expired", "logout"]);
    for stop in &stops {
        assert_eq!(stop["actor_user_id"], admin.user_id);
        assert_eq!(stop["impersonator_user_id"], admin.user_id);
        assert_eq!(stop["target_user_id"], alice_id);
    }
}
