//! The user's session list: every live session of their own with how it began (the method),
//! the device its user agent names, the address and the times; ending one (audited), the
//! current one included; nobody else's.

use reqwest::{Method, StatusCode};
use resume_shared::api::ErrorCode;
use resume_shared::api::sessions::SignInMethod;

use crate::client::{AuditQuery, ListResumes};
use crate::db_tests;
use crate::helpers::{Session, TestApp, USER_PASSWORD, cookie, impersonate, session_from};

db_tests!(
    the_list_shows_each_sessions_method_device_and_address,
    ending_a_session_ends_it_and_is_audited,
    ending_the_current_session_signs_out,
    nobody_ends_or_sees_another_users_sessions,
);

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

/// Signs `name` in as an API client with `user_agent`.
async fn login_from(app: &TestApp, name: &str, user_agent: &str) -> Session {
    let response = app
        .anonymous(Method::POST, "/auth/login")
        .header(reqwest::header::USER_AGENT, user_agent)
        .json(&serde_json::json!({
            "username": name, "password": USER_PASSWORD, "session": "bearer"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    session_from(response).await
}

async fn the_list_shows_each_sessions_method_device_and_address(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let user_id = app.create_user(&admin, "casey").await;
    let laptop = login_from(&app, "casey", FIREFOX).await;
    let script = login_from(&app, "casey", "curl/8.5.0\tlinux").await;
    // An administrator's impersonation is not one of the user's sessions.
    impersonate(&app, &admin, &user_id).await;

    // Act
    let listed = app.api(&laptop).list_sessions().await.unwrap();

    // Assert
    assert_eq!(listed.items.len(), 2, "{listed:?}");
    let current = listed.items.iter().find(|s| s.current).unwrap();
    assert_eq!(current.id, laptop.body_session_id(&app).await);
    assert_eq!(current.method, SignInMethod::Password);
    assert_eq!(current.device, "Firefox on Linux");
    assert_eq!(current.user_agent.as_deref(), Some(FIREFOX));
    assert_eq!(current.ip.as_deref(), Some("127.0.0.1"));
    let other = listed.items.iter().find(|s| !s.current).unwrap();
    assert_eq!(other.device, "curl");
    assert_eq!(
        other.user_agent.as_deref(),
        Some("curl/8.5.0linux"),
        "control characters are dropped"
    );
    let mine = app.api(&script).list_sessions().await.unwrap();
    assert_eq!(mine.items.iter().filter(|s| s.current).count(), 1);
    let admins = app.api(&admin).list_sessions().await.unwrap();
    assert_eq!(admins.items.len(), 1);
    assert_eq!(admins.items[0].method, SignInMethod::Setup);
}

async fn ending_a_session_ends_it_and_is_audited(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "casey").await;
    let laptop = login_from(&app, "casey", FIREFOX).await;
    let phone = app.login("casey", USER_PASSWORD).await;
    let phone_id = phone.body_session_id(&app).await;

    // Act
    app.api(&laptop).end_session(&phone_id).await.unwrap();
    let again = app.api(&laptop).end_session(&phone_id).await;

    // Assert
    app.api(&phone)
        .list_resumes(&ListResumes::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    again
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let listed = app.api(&laptop).list_sessions().await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert!(listed.items[0].current);
    let revoked = app
        .api(&admin)
        .audit(&AuditQuery::action("session.revoke"))
        .await
        .unwrap();
    assert_eq!(revoked.items.len(), 1);
    assert_eq!(revoked.items[0].details["session_id"], phone_id.as_str());
    assert_eq!(
        revoked.items[0].actor_user_id.as_deref(),
        Some(laptop.user_id.as_str())
    );
}

async fn ending_the_current_session_signs_out(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "casey").await;
    let browser = app.browser_login("casey", USER_PASSWORD).await;
    let id = browser.body_session_id(&app).await;

    // Act: the browser's own session, with its cookies and CSRF header.
    let response = app
        .request(Method::DELETE, &format!("/auth/sessions/{id}"))
        .header("x-csrf-token", &browser.csrf)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        cookie(&response, "resume_editor_session").as_deref(),
        Some("")
    );
    let after = app.request(Method::GET, "/auth/me").send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn nobody_ends_or_sees_another_users_sessions(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "casey").await;
    app.create_user(&admin, "robin").await;
    let casey = app.login("casey", USER_PASSWORD).await;
    let robin = app.login("robin", USER_PASSWORD).await;
    let robin_id = robin.body_session_id(&app).await;

    // Act / Assert: another user's session is the same 404 as none; an impersonation cannot
    // end the user's sessions; nothing is listed across users.
    app.api(&casey)
        .end_session(&robin_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.api(&casey)
        .end_session("not-a-uuid")
        .await
        .unwrap_err()
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    let acting = impersonate(&app, &admin, &robin.user_id).await;
    app.api(&acting)
        .end_session(&robin_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    app.api(&robin)
        .list_resumes(&ListResumes::default())
        .await
        .unwrap();
    let listed = app.api(&casey).list_sessions().await.unwrap();
    assert!(listed.items.iter().all(|s| s.id != robin_id));
}

/// The id of a session, from the session list of its own token.
trait SessionId {
    async fn body_session_id(&self, app: &TestApp) -> String;
}

impl SessionId for Session {
    async fn body_session_id(&self, app: &TestApp) -> String {
        let listed = app.api(self).list_sessions().await.unwrap();
        listed
            .items
            .into_iter()
            .find(|s| s.current)
            .map(|s| s.id)
            .unwrap()
    }
}
