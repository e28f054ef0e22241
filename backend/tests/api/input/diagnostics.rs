//! Diagnostics are capped: a text can hold a finding on every line (1 MB of `## X` lines made
//! `/resumes/validate` answer 34 MB), so every answer that lists them carries the first
//! hundred and a count of all.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

db_tests!(
    warnings_are_capped_with_their_count_in_validate_import_and_every_resume_answer,
    errors_are_capped_with_their_count_in_validate_and_in_the_invalid_resume_envelope,
);

const LISTED: usize = 100;

/// A valid text with one warning (an unknown section) on almost every line, just under 1 MiB.
fn warning_per_line() -> (String, u64) {
    let sections = 200_000;
    let text = format!(
        "# Personal\n\n## Contact Information\n\nName: Sam\n\n{}",
        "## X\n".repeat(sections)
    );
    assert!(text.len() < 1024 * 1024);
    (text, sections as u64)
}

/// A text with two errors per role (no company, no start date).
fn errors_per_role(roles: usize) -> String {
    format!(
        "# Experience\n\n## Roles\n\n{}",
        "### Role\n\n#### Basics\n\nTitle: Engineer\n\n".repeat(roles)
    )
}

/// Sends a request and returns the status, the body and its size in bytes.
async fn sized(
    app: &TestApp,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value, usize) {
    let request = app.bearer(method, path, &session.token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.unwrap();
    let status = response.status();
    let bytes = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap(), bytes.len())
}

fn assert_capped(body: &Value, list: &str, count: &str, expected: u64) {
    assert_eq!(body[list].as_array().map(Vec::len), Some(LISTED), "{list}");
    assert!(
        body[count].as_u64().is_some_and(|n| n >= expected),
        "{count}: {}",
        body[count]
    );
    let first_lines: Vec<u64> = body[list]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["line"].as_u64())
        .collect();
    assert!(first_lines.is_sorted(), "the first ones, in line order");
}

async fn warnings_are_capped_with_their_count_in_validate_import_and_every_resume_answer(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    let (text, warnings) = warning_per_line();

    // Act and assert: validate (the answer was 34 MB).
    let body = json!({ "content": text });
    let (status, validated, size) =
        sized(&app, &admin, Method::POST, "/resumes/validate", Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(validated["valid"], true);
    assert_eq!(validated["error_count"], 0);
    assert_capped(&validated, "warnings", "warning_count", warnings);
    assert!(size < 256 * 1024, "{size} bytes");

    // Import, read, update: every resume answer.
    let body = json!({ "content": text, "name": "Many warnings" });
    let (status, imported, size) =
        sized(&app, &admin, Method::POST, "/resumes/import", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_capped(&imported, "warnings", "warning_count", warnings);
    // The content itself is in the answer; the diagnostics no longer multiply it.
    assert!(size < text.len() + 256 * 1024, "{size} bytes");
    let path = format!("/resumes/{}", imported["id"].as_str().unwrap());
    let (_, read, _) = sized(&app, &admin, Method::GET, &path, None).await;
    assert_capped(&read, "warnings", "warning_count", warnings);
    let body = json!({ "version": 1, "name": "Renamed" });
    let (status, updated, _) = sized(&app, &admin, Method::PUT, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_capped(&updated, "warnings", "warning_count", warnings);

    // A text with few warnings lists them all.
    let (_, small, _) = sized(
        &app,
        &admin,
        Method::POST,
        "/resumes/validate",
        Some(json!({ "content": "# Personal\n\n## Contact Information\n\nName: Sam\n\n## X\n" })),
    )
    .await;
    assert_eq!(small["warnings"].as_array().map(Vec::len), Some(1));
    assert_eq!(small["warning_count"], 1);
}

async fn errors_are_capped_with_their_count_in_validate_and_in_the_invalid_resume_envelope(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    let roles = 300;
    let text = errors_per_role(roles);

    // Act and assert: validate.
    let body = json!({ "content": text });
    let (status, validated, _) =
        sized(&app, &admin, Method::POST, "/resumes/validate", Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(validated["valid"], false);
    assert_capped(&validated, "errors", "error_count", 2 * roles as u64);

    // The `invalid_resume` envelope of a write.
    let response = app
        .bearer(Method::POST, "/resumes", &admin.token)
        .json(&json!({ "name": "Broken", "content": text }))
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
    assert_capped(
        &body["error"],
        "diagnostics",
        "diagnostic_count",
        2 * roles as u64,
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{} errors", body["error"]["diagnostic_count"])),
        "{message}"
    );
}
