//! The size of every string field of every request body (and of the string query
//! parameters): one over the limit answers 422 naming the field, before any database work. For
//! the login that means before the rate limiter and the audit log: a 2 MB username once wrote
//! 2 MB to the audit log on every attempt, with no account needed.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::{audit_log, rate_limits, resumes};
use serde_json::{Map, Value, json};

use super::{call, refused, rows};
use crate::db_tests;
use crate::helpers::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, assert_error};
use crate::resumes::{ONE_ROLE, create, id};

db_tests!(over_long_logins_are_refused_before_the_rate_limit_and_the_audit_log; env = [("REGISTRATION_OPEN", "true")]);
db_tests!(
    every_string_field_of_every_body_is_bounded,
    uploads_are_held_to_the_same_limits_and_over_the_body_limit_answer_413,
);

const PASSWORD: &str = "long enough password";

async fn over_long_logins_are_refused_before_the_rate_limit_and_the_audit_log(app: TestApp) {
    // Arrange
    app.setup_admin().await;
    let audit_before = rows(&app, audit_log::Entity).await;
    let attempts_before = rows(&app, rate_limits::Entity).await;

    // Act: the attack (2 MB names), more times than the rate limit allows failures.
    let huge = "A".repeat(2_000_000);
    for _ in 0..8 {
        let body = json!({ "username": huge, "password": "x" });
        let problem = refused(
            &app,
            None,
            Method::POST,
            "/auth/login",
            Some(body),
            "username",
        )
        .await;
        assert_eq!(problem, "must be at most 254 bytes");
    }
    let body = json!({ "username": ADMIN_USERNAME, "password": "p".repeat(1025) });
    refused(
        &app,
        None,
        Method::POST,
        "/auth/login",
        Some(body),
        "password",
    )
    .await;

    // Assert: nothing was counted or recorded, and the limits hold exactly.
    assert_eq!(rows(&app, audit_log::Entity).await, audit_before);
    assert_eq!(rows(&app, rate_limits::Entity).await, attempts_before);
    let at_limit = json!({ "username": "u".repeat(254), "password": "p".repeat(1024) });
    let (status, body) = call(&app, None, Method::POST, "/auth/login", Some(at_limit)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Registration and setup take the same bounds.
    for (body, field) in [
        (
            json!({"username": "u".repeat(255), "email": "a@example.com", "password": PASSWORD}),
            "username",
        ),
        (
            json!({"username": "newbie", "email": format!("{}@example.com", "e".repeat(243)), "password": PASSWORD}),
            "email",
        ),
        (
            json!({"username": "newbie", "email": "a@example.com", "password": "p".repeat(1025)}),
            "password",
        ),
    ] {
        refused(
            &app,
            None,
            Method::POST,
            "/auth/register",
            Some(body.clone()),
            field,
        )
        .await;
    }
}

/// (method, path, body, field) for one over-limit value of every string field.
fn over_limit_cases(resume: &str, user: &str) -> Vec<(Method, String, Value, &'static str)> {
    let resume_path = format!("/resumes/{resume}");
    let user_path = format!("/admin/users/{user}");
    let mebibyte_plus_one = format!("{ONE_ROLE}\n{}", "x".repeat(1024 * 1024));
    let job_description = "j".repeat(100 * 1024 + 1);
    let mut attributes = Map::new();
    attributes.insert("note".into(), json!("a".repeat(16 * 1024)));
    let apply = format!("/refinements/{}/apply", uuid::Uuid::new_v4());
    let preferences = json!({"format": "f".repeat(33), "preset": "general", "include_projects": true, "projects_first": false, "include_education": true});
    let new_user = |username: String, email: String, password: String| json!({"username": username, "email": email, "password": password});
    vec![
        (
            Method::POST,
            "/auth/password".into(),
            json!({"current_password": "p".repeat(1025), "new_password": PASSWORD}),
            "current_password",
        ),
        (
            Method::POST,
            "/auth/password".into(),
            json!({"current_password": ADMIN_PASSWORD, "new_password": "p".repeat(1025)}),
            "new_password",
        ),
        (
            Method::POST,
            "/admin/users".into(),
            new_user("u".repeat(255), "b@example.com".into(), PASSWORD.into()),
            "username",
        ),
        (
            Method::POST,
            "/admin/users".into(),
            new_user(
                "bob".into(),
                format!("{}@example.com", "e".repeat(243)),
                PASSWORD.into(),
            ),
            "email",
        ),
        (
            Method::POST,
            "/admin/users".into(),
            new_user("bob".into(), "b@example.com".into(), "p".repeat(1025)),
            "password",
        ),
        (
            Method::POST,
            "/admin/users".into(),
            json!({"username": "bob", "email": "b@example.com", "password": PASSWORD, "roles": vec!["user"; 9]}),
            "roles",
        ),
        (
            Method::POST,
            "/admin/users".into(),
            json!({"username": "bob", "email": "b@example.com", "password": PASSWORD, "roles": ["r".repeat(33)]}),
            "roles",
        ),
        (
            Method::PATCH,
            user_path.clone(),
            json!({"email": format!("{}@example.com", "e".repeat(243))}),
            "email",
        ),
        (
            Method::PATCH,
            user_path.clone(),
            json!({"password": "p".repeat(1025)}),
            "password",
        ),
        (
            Method::PATCH,
            user_path,
            json!({"attributes": attributes}),
            "attributes",
        ),
        (
            Method::PUT,
            "/settings".into(),
            json!({"llm_endpoint": format!("https://{}", "h".repeat(2041))}),
            "llm_endpoint",
        ),
        (
            Method::PUT,
            "/settings".into(),
            json!({"llm_model": "m".repeat(201)}),
            "llm_model",
        ),
        (
            Method::PUT,
            "/settings".into(),
            json!({"api_key": "k".repeat(4097)}),
            "api_key",
        ),
        (
            Method::POST,
            "/resumes".into(),
            json!({"name": "n".repeat(256)}),
            "name",
        ),
        (
            Method::POST,
            "/resumes".into(),
            json!({"name": "n", "content": mebibyte_plus_one}),
            "content",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "name": "é".repeat(256)}),
            "name",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "content": mebibyte_plus_one}),
            "content",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "company": "c".repeat(256)}),
            "company",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "notes": "n".repeat(5001)}),
            "notes",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "introduction": "i".repeat(5001)}),
            "introduction",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "job_description": job_description}),
            "job_description",
        ),
        (
            Method::PUT,
            resume_path.clone(),
            json!({"version": 1, "job_details": {"pay_rate": "p".repeat(5001)}}),
            "job_details.pay_rate",
        ),
        (
            Method::PUT,
            format!("{resume_path}/export-preferences"),
            preferences,
            "format",
        ),
        (
            Method::POST,
            "/resumes/validate".into(),
            json!({"content": mebibyte_plus_one}),
            "content",
        ),
        (
            Method::POST,
            "/resumes/import".into(),
            json!({"content": mebibyte_plus_one}),
            "content",
        ),
        (
            Method::POST,
            "/resumes/import".into(),
            json!({"content": ONE_ROLE, "name": "n".repeat(256)}),
            "name",
        ),
        (
            Method::POST,
            format!("{resume_path}/refinements"),
            json!({"job_description": job_description}),
            "job_description",
        ),
        (
            Method::POST,
            format!("{resume_path}/refinements"),
            json!({"job_description": "Rust", "company": "c".repeat(256)}),
            "company",
        ),
        (
            Method::POST,
            format!("{resume_path}/refinements"),
            json!({"job_description": "Rust", "notes": "n".repeat(5001)}),
            "notes",
        ),
        (
            Method::POST,
            apply.clone(),
            json!({"mode": "new", "accepted_roles": [], "name": "n".repeat(256)}),
            "name",
        ),
        (
            Method::POST,
            apply.clone(),
            json!({"mode": "new", "accepted_roles": [], "company": "c".repeat(256)}),
            "company",
        ),
        (
            Method::POST,
            apply,
            json!({"mode": "new", "accepted_roles": [], "notes": "n".repeat(5001)}),
            "notes",
        ),
    ]
}

async fn every_string_field_of_every_body_is_bounded(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let user = app.create_user(&admin, "alice").await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;

    // Act and assert
    for (method, path, body, field) in over_limit_cases(&id(&created), &user) {
        let problem = refused(&app, Some(&admin), method.clone(), &path, Some(body), field).await;
        assert!(
            problem.starts_with("must "),
            "{method} {path} {field}: {problem}"
        );
    }
    let long_query = format!("/resumes?q={}", "q".repeat(256));
    refused(&app, Some(&admin), Method::GET, &long_query, None, "q").await;
    let long_action = format!("/admin/audit?action={}", "a".repeat(65));
    refused(
        &app,
        Some(&admin),
        Method::GET,
        &long_action,
        None,
        "action",
    )
    .await;

    // Nothing was written.
    assert_eq!(rows(&app, resumes::Entity).await, 1);
    let (_, resume) = call(
        &app,
        Some(&admin),
        Method::GET,
        &format!("/resumes/{}", id(&created)),
        None,
    )
    .await;
    assert_eq!(resume["version"], 1);
}

async fn uploads_are_held_to_the_same_limits_and_over_the_body_limit_answer_413(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let upload = |bytes: Vec<u8>, name: Option<String>| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("cv.md"),
        );
        let form = match name {
            Some(name) => form.text("name", name),
            None => form,
        };
        app.bearer(Method::POST, "/resumes/import", &admin.token)
            .multipart(form)
    };

    // Act and assert: over 1 MiB is refused for its size, before it is parsed.
    let big = format!("{ONE_ROLE}\n{}", "## X\n".repeat(300_000)).into_bytes();
    let response = upload(big, None).send().await.unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["fields"]["content"]
            .as_str()
            .unwrap()
            .contains("1 MiB"),
        "{body}"
    );
    let response = upload(ONE_ROLE.as_bytes().to_vec(), Some("n".repeat(256)))
        .send()
        .await
        .unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"].get("name").is_some(), "{body}");

    // Over the 2 MiB body limit: 413, as for every other body (it answered 400).
    let response = upload(vec![b'x'; 3 * 1024 * 1024], None)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    // A long file name only shortens the default name.
    let long_name = format!("{}.md", "f".repeat(400));
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ONE_ROLE.as_bytes().to_vec()).file_name(long_name),
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let imported: Value = response.json().await.unwrap();
    assert_eq!(
        imported["name"].as_str().map(|n| n.chars().count()),
        Some(255)
    );
}
