//! Every request body is a JSON object with named fields. serde fills a struct from a JSON
//! array by position, so `["arr@example.com", false]` changed an email and deactivated a user
//! through `PATCH /admin/users/{id}`; arrays and bare values now answer 400 `invalid_json`,
//! at the top and inside (`{"llm_options": [null, null]}` was read as options).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::call;
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};
use crate::resumes::{ONE_ROLE, create, id};

db_tests!(
    arrays_and_bare_values_are_refused_where_an_object_is_expected,
    objects_with_leading_whitespace_still_pass,
    nested_objects_given_as_arrays_are_refused_and_nothing_is_written,
);

async fn arrays_and_bare_values_are_refused_where_an_object_is_expected(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let user = app.create_user(&admin, "alice").await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let user_path = format!("/admin/users/{user}");
    let resume_path = format!("/resumes/{}", id(&created));

    for (method, path, body) in [
        // The attack: email and `active` by position.
        (
            Method::PATCH,
            user_path.as_str(),
            r#"["arr@example.com", false]"#,
        ),
        (
            Method::POST,
            "/auth/login",
            r#"["admin", "admin password 123"]"#,
        ),
        (Method::PUT, "/settings", "[]"),
        (Method::POST, "/resumes", r#"["Named by position"]"#),
        (Method::PUT, resume_path.as_str(), r#"[1, "Renamed"]"#),
        (Method::POST, "/resumes/validate", r#""text""#),
        (Method::PUT, "/admin/instance", "true"),
        (Method::POST, "/admin/users", "null"),
        (Method::POST, "/resumes/import", " \n\t42"),
    ] {
        // Act
        let message = refused_as_invalid_json(&app, &admin.token, method.clone(), path, body).await;

        // Assert
        assert!(
            message.contains("JSON object"),
            "{method} {path}: {message}"
        );
    }
    let (_, alice) = call(&app, Some(&admin), Method::GET, &user_path, None).await;
    assert_eq!(alice["email"], "alice@example.com");
    assert_eq!(alice["active"], true);
    let (_, resume) = call(&app, Some(&admin), Method::GET, &resume_path, None).await;
    assert_eq!(
        (resume["name"].clone(), resume["version"].clone()),
        (Value::from("Base"), Value::from(1))
    );
}

/// Sends `body` as JSON and returns the message of the 400 `invalid_json` it must get.
async fn refused_as_invalid_json(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: &str,
) -> String {
    let response = app
        .bearer(method, path, token)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    body["error"]["message"].as_str().unwrap().to_owned()
}

async fn objects_with_leading_whitespace_still_pass(app: TestApp) {
    let admin = app.setup_admin().await;
    let response = app
        .bearer(Method::PUT, "/admin/instance", &admin.token)
        .header("content-type", "application/json; charset=utf-8")
        .body(" \r\n\t{\"registration_open\": true}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // Malformed JSON that starts like an object is still a syntax error, with its position.
    let response = app
        .bearer(Method::PUT, "/admin/instance", &admin.token)
        .header("content-type", "application/json")
        .body("{\"registration_open\": ")
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON"),
        "{body}"
    );
}

async fn nested_objects_given_as_arrays_are_refused_and_nothing_is_written(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let resume_path = format!("/resumes/{}", id(&created));
    let (_, settings_before) = call(&app, Some(&admin), Method::GET, "/settings", None).await;

    for (method, path, body, field) in [
        (
            Method::PUT,
            "/settings",
            r#"{"llm_model": "changed", "llm_options": [null, 2]}"#,
            "llm_options",
        ),
        (
            Method::PUT,
            resume_path.as_str(),
            r#"{"version": 1, "name": "Renamed", "job_details": ["Acme", "Engineer"]}"#,
            "job_details",
        ),
    ] {
        // Act
        let message = refused_as_invalid_json(&app, &admin.token, method.clone(), path, body).await;

        // Assert
        assert!(
            message.contains(&format!("{field}: invalid type: sequence, expected struct")),
            "{method} {path}: {message}"
        );
    }
    let (_, settings_after) = call(&app, Some(&admin), Method::GET, "/settings", None).await;
    assert_eq!(settings_after, settings_before);
    let (_, resume) = call(&app, Some(&admin), Method::GET, &resume_path, None).await;
    assert_eq!(
        (resume["name"].clone(), resume["version"].clone()),
        (Value::from("Base"), Value::from(1))
    );
}
