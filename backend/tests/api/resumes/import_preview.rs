//! `POST /resumes/import/preview`: what an import would save, with every error and warning (a
//! JSON Resume mapping's dropped fields first), and nothing stored; then saving what it showed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{ONE_ROLE, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    a_preview_shows_what_would_be_saved_and_stores_nothing,
    previews_of_files_that_cannot_be_imported_say_why,
);

const SAMPLE: &str = include_str!("../../../../shared/tests/json_resume/sample.resume.json");

async fn total(app: &TestApp, token: &str) -> i64 {
    let list: Value = app
        .bearer(Method::GET, "/resumes", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["total"].as_i64().unwrap()
}

async fn a_preview_shows_what_would_be_saved_and_stores_nothing(app: TestApp) {
    let admin = app.setup_admin().await;

    // A JSON Resume file: mapped, with the dropped fields first among the warnings.
    let response = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import/preview",
        Some(json!({ "file_name": "richard.JSON", "content": SAMPLE })),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview: Value = response.json().await.unwrap();
    assert_eq!(preview["format"], "json-resume");
    assert_eq!(preview["name"], "richard");
    assert_eq!(preview["error_count"], 0);
    let warnings = preview["warnings"].as_array().unwrap();
    assert_eq!(preview["warning_count"], warnings.len());
    assert!(
        warnings
            .iter()
            .any(|w| w["path"] == "awards" && w["line"] == 0),
        "{preview}"
    );
    let content = preview["content"].as_str().unwrap();
    assert!(content.starts_with("# Personal"), "{content}");
    assert!(content.contains("Richard Hendriks"));
    assert_eq!(
        total(&app, &admin.token).await,
        0,
        "a preview stores nothing"
    );

    // Saving what the preview showed.
    let saved = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import",
        Some(json!({ "name": "Richard", "content": content })),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::CREATED);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["content"], content);
    assert_eq!(total(&app, &admin.token).await, 1);

    // A Markdown file with errors: listed with their lines, a name from the file.
    let broken = ONE_ROLE.replace("Company: Acme\n", "");
    let preview: Value = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import/preview",
        Some(json!({ "file_name": "sam lee.md", "content": broken })),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(preview["format"], "markdown");
    assert_eq!(preview["name"], "sam lee");
    assert!(preview["error_count"].as_u64().unwrap() >= 1, "{preview}");
    assert!(preview["errors"][0]["line"].as_u64().unwrap() > 0);
    assert_eq!(preview["content"], broken);

    // No file name: Markdown, named after the candidate.
    let preview: Value = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import/preview",
        Some(json!({ "content": ONE_ROLE })),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(preview["name"], "Sam Lee");
    assert_eq!(preview["error_count"], 0);
    assert_eq!(total(&app, &admin.token).await, 1);
}

async fn previews_of_files_that_cannot_be_imported_say_why(app: TestApp) {
    let admin = app.setup_admin().await;
    let cases = [
        (
            json!({ "file_name": "x.json", "content": "not json at all" }),
            "content",
        ),
        (
            json!({ "file_name": "x.json", "content": "[1, 2]" }),
            "content",
        ),
        (
            json!({ "file_name": "x.md", "content": "a\u{0}b" }),
            "content",
        ),
        (
            json!({ "file_name": "x.md", "content": "x".repeat(1_048_577) }),
            "content",
        ),
        (
            json!({ "file_name": "a\nb.md", "content": ONE_ROLE }),
            "file_name",
        ),
    ];
    for (body, field) in cases {
        let response = send(
            &app,
            &admin,
            Method::POST,
            "/resumes/import/preview",
            Some(body),
        )
        .await;
        let error = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(error["error"]["fields"][field].is_string(), "{error}");
    }
    assert_eq!(total(&app, &admin.token).await, 0);
}
