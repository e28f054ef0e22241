//! First run: the setup gate, `POST /setup` exactly once (also under concurrency).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(setup_needs_the_configured_setup_token; env = [("SETUP_TOKEN", "the instance's setup token")]);
db_tests!(
    setup_status_reports_needs_setup_until_the_first_admin_exists,
    every_other_route_answers_setup_required_before_setup,
    setup_creates_a_signed_in_admin_and_then_answers_409,
    two_concurrent_setups_create_exactly_one_admin,
    setup_validates_every_field,
    a_browser_setup_gets_cookies_and_no_token_in_the_body,
);

async fn setup_status_reports_needs_setup_until_the_first_admin_exists(app: TestApp) {
    // Arrange / Act
    let before: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    app.setup_admin().await;
    let after: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    // Assert
    assert_eq!(
        before,
        json!({ "needs_setup": true, "registration_open": false, "setup_token_required": false }),
        "loopback without RESUME_EDITOR_SETUP_TOKEN: no token needed"
    );
    assert_eq!(
        after,
        json!({ "needs_setup": false, "registration_open": false, "setup_token_required": false })
    );
}

async fn every_other_route_answers_setup_required_before_setup(app: TestApp) {
    for (method, path) in [
        (Method::POST, "/auth/login"),
        (Method::GET, "/auth/me"),
        (Method::POST, "/auth/register"),
        (Method::GET, "/settings"),
        (Method::GET, "/admin/users"),
    ] {
        let response = app
            .anonymous(method.clone(), path)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::CONFLICT, "setup_required").await;
    }
    // Unknown paths are not API routes: they stay 404.
    let unknown = app
        .anonymous(Method::GET, "/no/such/route")
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let health = app.anonymous(Method::GET, "/health").send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let document = reqwest::get(format!("{}/api/openapi.json", app.address))
        .await
        .unwrap();
    assert_eq!(document.status(), StatusCode::OK);
}

async fn setup_creates_a_signed_in_admin_and_then_answers_409(app: TestApp) {
    // Act
    let admin = app.setup_admin().await;
    let again = app
        .anonymous(Method::POST, "/setup")
        .json(&json!({ "username": "second", "email": "second@example.com", "password": "another password" }))
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(admin.body["token_type"], "Bearer");
    assert_eq!(admin.body["user"]["roles"], json!(["admin", "user"]));
    assert_error(again, StatusCode::CONFLICT, "already_set_up").await;
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

async fn two_concurrent_setups_create_exactly_one_admin(app: TestApp) {
    // Arrange
    let request = |name: &str| {
        app.anonymous(Method::POST, "/setup")
            .json(&json!({
                "username": name,
                "email": format!("{name}@example.com"),
                "password": "a long enough password",
            }))
            .send()
    };

    // Act: both requests are in flight at once.
    let (first, second) = tokio::join!(request("first"), request("second"));

    // Assert
    let mut statuses = [first.unwrap().status(), second.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let users: Vec<(String,)> = {
        use sea_orm::{EntityTrait as _, QuerySelect as _};
        resume_backend::db::entities::users::Entity::find()
            .select_only()
            .column(resume_backend::db::entities::users::Column::Username)
            .into_tuple()
            .all(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(users.len(), 1, "{users:?}");
}

async fn setup_validates_every_field(app: TestApp) {
    let response = app
        .anonymous(Method::POST, "/setup")
        .json(&json!({ "username": "a b", "email": "nope", "password": "short" }))
        .send()
        .await
        .unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["error"]["fields"]["password"],
        "must be at least 10 characters"
    );
    assert!(body["error"]["fields"]["username"].is_string());
    assert!(body["error"]["fields"]["email"].is_string());
    let status: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["needs_setup"], true);
}

async fn setup_needs_the_configured_setup_token(app: TestApp) {
    // Arrange
    let setup = |token: Option<&str>| {
        let mut body = json!({
            "username": "admin", "email": "admin@example.com", "password": "admin password 123",
        });
        if let Some(token) = token {
            body["setup_token"] = json!(token);
        }
        app.anonymous(Method::POST, "/setup").json(&body).send()
    };

    // Act
    let status: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let missing = setup(None).await.unwrap();
    let wrong = setup(Some("a guess")).await.unwrap();
    let right = setup(Some("the instance's setup token")).await.unwrap();
    let after: Value = app
        .anonymous(Method::GET, "/setup/status")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    // Assert
    assert_eq!(status["setup_token_required"], true);
    let body = assert_error(missing, StatusCode::FORBIDDEN, "invalid_setup_token").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("RESUME_EDITOR_SETUP_TOKEN")
    );
    assert_error(wrong, StatusCode::FORBIDDEN, "invalid_setup_token").await;
    assert_eq!(right.status(), StatusCode::CREATED);
    assert_eq!(after["needs_setup"], false);
    assert_eq!(after["setup_token_required"], false, "only until set up");
}

async fn a_browser_setup_gets_cookies_and_no_token_in_the_body(app: TestApp) {
    let response = app
        .request(Method::POST, "/setup")
        .json(&json!({
            "username": "admin", "email": "admin@example.com",
            "password": "admin password 123", "session": "cookie",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(crate::helpers::set_cookie(&response, "resume_editor_session").is_some());
    let body: Value = response.json().await.unwrap();
    assert!(body.get("access_token").is_none(), "{body}");
    assert_eq!(body["user"]["roles"], json!(["admin", "user"]));
    let me = app.request(Method::GET, "/auth/me").send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the cookie is the session");
}
