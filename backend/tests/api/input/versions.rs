//! The `version` a write is based on, at the edges of `i64`: `i64::MAX` made the next version
//! overflow (a panic in debug builds, a wrap to a negative version in release builds) in
//! `PUT /resumes/{id}` and in revision restore. Every write that takes a version refuses one
//! outside 1 to 2^53 − 1 with 422 naming it, and nothing changes.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{call, refused};
use crate::db_tests;
use crate::helpers::TestApp;
use crate::resumes::{ONE_ROLE, create, id};

db_tests!(versions_out_of_range_are_refused_by_every_write_that_takes_one);

async fn versions_out_of_range_are_refused_by_every_write_that_takes_one(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let role = json!({"basics": {"company": "Globex", "title": "Lead", "start_date": "2021-01"}});

    for version in [i64::MAX, i64::MAX - 1, 1 << 53, 0, -1, i64::MIN] {
        let session = Some(&admin);
        for (method, route, body) in [
            (
                Method::PUT,
                path.clone(),
                Some(json!({ "version": version, "name": "X" })),
            ),
            (
                Method::POST,
                format!("{path}/revisions/1/restore"),
                Some(json!({ "version": version })),
            ),
            (
                Method::PUT,
                format!("{path}/personal"),
                Some(json!({ "version": version, "personal": null })),
            ),
            (
                Method::PUT,
                format!("{path}/education"),
                Some(json!({ "version": version, "education": null })),
            ),
            (
                Method::PUT,
                format!("{path}/certifications"),
                Some(json!({ "version": version, "certifications": [] })),
            ),
            (
                Method::POST,
                format!("{path}/roles"),
                Some(json!({ "version": version, "item": role })),
            ),
            (
                Method::PUT,
                format!("{path}/roles/0"),
                Some(json!({ "version": version, "item": role })),
            ),
            (
                Method::POST,
                format!("{path}/roles/reorder"),
                Some(json!({ "version": version, "order": [0] })),
            ),
            (
                Method::DELETE,
                format!("{path}/roles/0?version={version}"),
                None,
            ),
        ] {
            // Act
            let problem = refused(&app, session, method.clone(), &route, body, "version").await;

            // Assert
            assert_eq!(
                problem, "must be from 1 to 9007199254740991",
                "{method} {route} with {version}"
            );
        }
    }
    let (status, resume) = call(&app, Some(&admin), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resume["version"], 1);
    assert_eq!(resume["name"], "Base");
    // The largest version is accepted as a value: it is merely stale.
    let (status, body) = call(
        &app,
        Some(&admin),
        Method::PUT,
        &path,
        Some(json!({ "version": (1_i64 << 53) - 1, "name": "X" })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["current_version"], 1);
}
