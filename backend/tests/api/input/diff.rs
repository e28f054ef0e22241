//! Revision comparisons have a bounded cost: versions over the line limit are not compared
//! (422 `diff_too_large`, naming the version), everything else is.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::call;
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};
use crate::resumes::{ONE_ROLE, create, id, json_of};

db_tests!(versions_over_the_line_limit_answer_422_diff_too_large);

async fn versions_over_the_line_limit_answer_422_diff_too_large(app: TestApp) {
    // Arrange: version 2 has 25,000 lines (100 KB, well within the content limit).
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let long = format!("{ONE_ROLE}\n{}", "* more\n".repeat(25_000));
    json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "content": long })),
        StatusCode::OK,
    )
    .await;
    json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 2, "content": ONE_ROLE.replace("Acme", "Globex") })),
        StatusCode::OK,
    )
    .await;

    // Act
    let response = app
        .bearer(
            Method::GET,
            &format!("{path}/diff?from=1&to=2"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();

    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "diff_too_large").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Version 2 has 25025 lines"),
        "{message}"
    );
    // Versions within the limit still compare.
    let (status, diff) = call(
        &app,
        Some(&admin),
        Method::GET,
        &format!("{path}/diff?from=1&to=3"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{diff}");
    assert!(
        diff["diff"]
            .as_str()
            .unwrap()
            .contains("-Company: Acme\n+Company: Globex\n"),
        "{diff}"
    );
    let (status, _) = call(
        &app,
        Some(&admin),
        Method::GET,
        &format!("{path}/diff?from=1&to=9"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
