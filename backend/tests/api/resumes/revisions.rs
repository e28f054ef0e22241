//! Revisions: list (when, who, why), read one, diff two, restore one as a new version.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use resume_backend::services::resumes::revisions::STRUCTURED_EDITS_JOIN_WITHIN;
use resume_backend::services::resumes::{
    self as service, Actor, Change, Quotas, Reason, structured,
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{ONE_ROLE, create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

db_tests!(
    two_saves_can_be_listed_compared_and_the_first_restored,
    the_largest_version_is_refused_not_an_overflow,
    quick_structured_edits_share_one_revision,
    structured_edits_apart_in_time_or_by_others_keep_their_own_revisions,
);

/// The revisions of a resume, newest first, as `(version, reason)`.
async fn history(app: &TestApp, session: &Session, resume: &str) -> Vec<(i64, String)> {
    let list = json_of(
        app,
        session,
        Method::GET,
        &format!("/resumes/{resume}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item: &Value| {
            (
                item["version"].as_i64().expect("version"),
                item["reason"].as_str().expect("reason").to_owned(),
            )
        })
        .collect()
}

/// Three structured edits in a row (Include, Not relevant, Omit clicked one after another)
/// make three versions but one revision, holding the last text; a text edit in between starts
/// a new one, and the version history still restores every revision it lists.
async fn quick_structured_edits_share_one_revision(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Clicks", Some(ONE_ROLE)).await);
    let role = format!("/resumes/{resume}/roles/0");
    let mut version = 1;
    let mut last = Value::Null;
    for inclusion in ["not_relevant", "omit", "include"] {
        let current = json_of(&app, &admin, Method::GET, &role, None, StatusCode::OK).await;
        let mut changed = current["item"].clone();
        changed["basics"]["inclusion"] = json!(inclusion);
        last = json_of(
            &app,
            &admin,
            Method::PUT,
            &role,
            Some(json!({ "version": version, "item": changed })),
            StatusCode::OK,
        )
        .await;
        version = last["version"].as_i64().expect("version");
    }
    assert_eq!(version, 4);
    assert_eq!(
        history(&app, &admin, &resume).await,
        vec![(4, "structured edit".to_owned()), (1, "create".to_owned())]
    );
    let revision = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{resume}/revisions/4"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revision["content"], last["content"]);

    // A text edit is a revision of its own, and the next structured edit starts another.
    let edited = last["content"]
        .as_str()
        .expect("content")
        .replace("Built the billing API", "Built the billing APIs");
    json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("/resumes/{resume}"),
        Some(json!({ "version": 4, "content": edited })),
        StatusCode::OK,
    )
    .await;
    let current = json_of(&app, &admin, Method::GET, &role, None, StatusCode::OK).await;
    let mut changed = current["item"].clone();
    changed["basics"]["inclusion"] = json!("omit");
    json_of(
        &app,
        &admin,
        Method::PUT,
        &role,
        Some(json!({ "version": 5, "item": changed })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        history(&app, &admin, &resume).await,
        vec![
            (6, "structured edit".to_owned()),
            (5, "edit".to_owned()),
            (4, "structured edit".to_owned()),
            (1, "create".to_owned()),
        ]
    );
}

/// A structured edit after a pause longer than the window, or by someone else (an
/// administrator acting as the owner), keeps a revision of its own.
async fn structured_edits_apart_in_time_or_by_others_keep_their_own_revisions(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Pauses", Some(ONE_ROLE)).await);
    let owner = Actor {
        user_id: Uuid::parse_str(&admin.user_id).expect("user id"),
        impersonator: None,
        quotas: Quotas::default(),
    };
    // The same author, but acting through an impersonation: another person at the keyboard.
    let other = Actor {
        impersonator: Some(owner.user_id),
        ..owner
    };
    let resume_id = Uuid::parse_str(&resume).expect("resume id");
    let start = Utc::now();
    let second = start + Duration::seconds(10);
    // The window runs from the newest revision's time, which the joining edit moved on.
    let later = second + STRUCTURED_EDITS_JOIN_WITHIN + Duration::seconds(1);
    let edits = [
        (owner, start, "A"),
        (owner, second, "B"),
        (owner, later, "C"),
        (other, later + Duration::seconds(1), "D"),
    ];
    for (version, (actor, at, note)) in (1..).zip(edits) {
        structured::edit(&app.db, actor, resume_id, version, at, |resume| {
            resume.personal.get_or_insert_with(Default::default).note = Some(note.to_owned());
            Ok(())
        })
        .await
        .expect("structured edit");
    }
    assert_eq!(
        history(&app, &admin, &resume).await,
        vec![
            (5, "structured edit".to_owned()),
            (4, "structured edit".to_owned()),
            (3, "structured edit".to_owned()),
            (1, "create".to_owned()),
        ]
    );
    // A text edit never joins a structured edit's revision, even within the window.
    service::update(
        &app.db,
        owner,
        resume_id,
        5,
        Change {
            content: Some((ONE_ROLE.to_owned(), Reason::Edit)),
            ..Change::default()
        },
        later + Duration::seconds(2),
    )
    .await
    .expect("text edit");
    assert_eq!(
        history(&app, &admin, &resume).await[0],
        (6, "edit".to_owned())
    );
}

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
