//! Revisions: list (when, who, why), read one, diff two, restore one as a new version.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use resume_backend::services::resumes::revisions::STRUCTURED_EDITS_JOIN_WITHIN;
use resume_backend::services::resumes::{
    self as service, Actor, Change, Quotas, Reason, structured,
};
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{UpdateResumeRequest, VersionRequest};
use serde_json::json;
use uuid::Uuid;

use super::{ONE_ROLE, json_of, new_resume};
use crate::client::ApiClient;
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    two_saves_can_be_listed_compared_and_the_first_restored,
    the_largest_version_is_refused_not_an_overflow,
    quick_structured_edits_share_one_revision,
    structured_edits_apart_in_time_or_by_others_keep_their_own_revisions,
);

/// The revisions of a resume, newest first, as `(version, reason)`.
async fn history(api: &ApiClient, resume: &str) -> Vec<(i64, String)> {
    let list = api.list_revisions(resume).await.expect("revisions");
    list.items
        .into_iter()
        .map(|item| (item.version, item.reason))
        .collect()
}

/// A change of `version` that sets only `content`.
fn new_content(version: i64, content: &str) -> UpdateResumeRequest {
    UpdateResumeRequest {
        version,
        content: Some(content.to_owned()),
        ..UpdateResumeRequest::default()
    }
}

/// Three structured edits in a row (Include, Not relevant, Omit clicked one after another)
/// make three versions but one revision, holding the last text; a text edit in between starts
/// a new one, and the version history still restores every revision it lists.
///
/// The role itself is read and written raw: the typed routes of the structured sections are
/// not this file's.
async fn quick_structured_edits_share_one_revision(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Clicks", Some(ONE_ROLE)).await.id;
    let role = format!("/resumes/{resume}/roles/0");
    let mut version = 1;
    for inclusion in ["not_relevant", "omit", "include"] {
        let current = json_of(&app, &admin, Method::GET, &role, None, StatusCode::OK).await;
        let mut changed = current["item"].clone();
        changed["basics"]["inclusion"] = json!(inclusion);
        let written = json_of(
            &app,
            &admin,
            Method::PUT,
            &role,
            Some(json!({ "version": version, "item": changed })),
            StatusCode::OK,
        )
        .await;
        version = written["version"].as_i64().expect("version");
    }
    assert_eq!(version, 4);
    assert_eq!(
        history(&api, &resume).await,
        vec![(4, "structured edit".to_owned()), (1, "create".to_owned())]
    );
    // The revision holds the last text: the resume's text at version 4.
    let last = api.get_resume(&resume).await.expect("the resume");
    assert_eq!(last.version, 4);
    let revision = api.get_revision(&resume, 4).await.expect("revision 4");
    assert_eq!(revision.content, last.content);

    // A text edit is a revision of its own, and the next structured edit starts another.
    let edited = last
        .content
        .replace("Built the billing API", "Built the billing APIs");
    api.update_resume(&resume, &new_content(4, &edited))
        .await
        .expect("text edit");
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
        history(&api, &resume).await,
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
    let api = app.api(&admin);
    let resume = new_resume(&api, "Pauses", Some(ONE_ROLE)).await.id;
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
        history(&api, &resume).await,
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
    assert_eq!(history(&api, &resume).await[0], (6, "edit".to_owned()));
}

/// A version beyond what a write may name (the sum with one used to overflow and drop the
/// connection): the update and the restore answer 422 naming `version`, and nothing changes.
async fn the_largest_version_is_refused_not_an_overflow(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Overflow", Some(ONE_ROLE)).await.id;
    let rename = UpdateResumeRequest {
        version: i64::MAX,
        name: Some("X".to_owned()),
        ..UpdateResumeRequest::default()
    };
    let update = api.update_resume(&resume, &rename).await.map(drop);
    let largest = VersionRequest { version: i64::MAX };
    let restore = api.restore_revision(&resume, 1, &largest).await.map(drop);
    for (write, result) in [("update", update), ("restore", restore)] {
        let error = result.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key("version"), "{write}: {error:?}");
    }
    let stored = api.get_resume(&resume).await.unwrap();
    assert_eq!(stored.version, 1);
}

async fn two_saves_can_be_listed_compared_and_the_first_restored(app: TestApp) {
    // Arrange: version 1 (create), 2 and 3 (edits).
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "History", Some(ONE_ROLE)).await.id;
    let second = ONE_ROLE.replace(
        "Built the billing API",
        "Built the billing and payroll APIs",
    );
    let third = second.replace("* Rust", "* Rust\n* Go");
    for (version, content) in [(1, &second), (2, &third)] {
        api.update_resume(&resume, &new_content(version, content))
            .await
            .unwrap();
    }

    // Act and assert: the list, newest first, with who and why. Items are
    // `RevisionSummary`s, which have no `content`: the client fails if one carries it.
    let list = api.list_revisions(&resume).await.unwrap();
    let items = &list.items;
    let versions: Vec<i64> = items.iter().map(|i| i.version).collect();
    assert_eq!(versions, [3, 2, 1]);
    assert_eq!(items[2].reason, "create");
    assert_eq!(items[0].reason, "edit");
    assert_eq!(items[0].author.as_ref().unwrap().username, "admin");

    let one = api.get_revision(&resume, 2).await.unwrap();
    assert_api_snapshot!("revision", one);
    assert_eq!(one.content, second);
    assert_eq!(one.summary.version, 2);

    let diff = api.diff(&resume, 1, 3).await.unwrap();
    let text = diff.diff.as_str();
    assert!(text.starts_with("--- version 1\n+++ version 3\n"), "{text}");
    assert!(
        text.contains("-* Built the billing API\n+* Built the billing and payroll APIs\n"),
        "{text}"
    );
    assert!(text.contains("+* Go"), "{text}");

    // Restore version 1: a new version 4 with the first content; a stale base is refused.
    api.restore_revision(&resume, 1, &VersionRequest { version: 2 })
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::VersionConflict);
    let restored = api
        .restore_revision(&resume, 1, &VersionRequest { version: 3 })
        .await
        .unwrap();
    assert_eq!(restored.version, 4);
    assert_eq!(restored.content, ONE_ROLE);
    let list = api.list_revisions(&resume).await.unwrap();
    assert_eq!(list.items[0].reason, "restore");
    assert_eq!(list.items[0].version, 4);

    // Unknown versions and bad parameters (the last two are queries `diff` cannot write).
    api.get_revision(&resume, 9)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    for query in ["from=1", "from=1&to=x"] {
        api.error(
            Method::GET,
            &format!("/resumes/{resume}/diff?{query}"),
            None,
        )
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    }
}
