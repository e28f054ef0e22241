//! Revisions: list (when, who, why), read one, diff two, restore one as a new version.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{ONE_ROLE, create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    two_saves_can_be_listed_compared_and_the_first_restored,
    the_largest_version_is_refused_not_an_overflow,
);

/// A version beyond what a write may name (the sum with one used to overflow and drop the
/// connection): the update and the restore answer 422 naming `version`, and nothing changes.
async fn the_largest_version_is_refused_not_an_overflow(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Overflow", Some(ONE_ROLE)).await);
    let path = format!("/resumes/{resume}");
    for (method, target, body) in [
        (
            Method::PUT,
            path.clone(),
            json!({ "version": i64::MAX, "name": "X" }),
        ),
        (
            Method::POST,
            format!("{path}/revisions/1/restore"),
            json!({ "version": i64::MAX }),
        ),
    ] {
        let response = send(&app, &admin, method, &target, Some(body)).await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            body["error"]["fields"]["version"].is_string(),
            "{target}: {body}"
        );
    }
    let stored = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(stored["version"], 1);
}

async fn two_saves_can_be_listed_compared_and_the_first_restored(app: TestApp) {
    // Arrange: version 1 (create), 2 and 3 (edits).
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "History", Some(ONE_ROLE)).await);
    let path = format!("/resumes/{resume}");
    let second = ONE_ROLE.replace(
        "Built the billing API",
        "Built the billing and payroll APIs",
    );
    let third = second.replace("* Rust", "* Rust\n* Go");
    for (version, content) in [(1, &second), (2, &third)] {
        json_of(
            &app,
            &admin,
            Method::PUT,
            &path,
            Some(json!({ "version": version, "content": content })),
            StatusCode::OK,
        )
        .await;
    }

    // Act and assert: the list, newest first, with who and why.
    let list = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    let items = list["items"].as_array().unwrap();
    let versions: Vec<i64> = items
        .iter()
        .map(|i| i["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [3, 2, 1]);
    assert_eq!(items[2]["reason"], "create");
    assert_eq!(items[0]["reason"], "edit");
    assert_eq!(items[0]["author"]["username"], "admin");
    assert!(items[0].get("content").is_none());

    let one = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions/2"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["content"], second);
    assert_eq!(one["version"], 2);

    let diff = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/diff?from=1&to=3"),
        None,
        StatusCode::OK,
    )
    .await;
    let text = diff["diff"].as_str().unwrap();
    assert!(text.starts_with("--- version 1\n+++ version 3\n"), "{text}");
    assert!(
        text.contains("-* Built the billing API\n+* Built the billing and payroll APIs\n"),
        "{text}"
    );
    assert!(text.contains("+* Go"), "{text}");

    // Restore version 1: a new version 4 with the first content; a stale base is refused.
    let response = send(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/revisions/1/restore"),
        Some(json!({ "version": 2 })),
    )
    .await;
    assert_error(response, StatusCode::CONFLICT, "version_conflict").await;
    let restored = json_of(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/revisions/1/restore"),
        Some(json!({ "version": 3 })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["version"], 4);
    assert_eq!(restored["content"], ONE_ROLE);
    let list = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["reason"], "restore");
    assert_eq!(list["items"][0]["version"], 4);

    // Unknown versions and bad parameters.
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions/9"),
        None,
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/diff?from=1"),
        None,
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/diff?from=1&to=x"),
        None,
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
}
