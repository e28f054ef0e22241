//! The trash: deleting moves a resume (with its tailored resumes) there; restore, permanent
//! deletion, and the purge after 30 days.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use resume_backend::services::resumes::{self as service, Actor, NewResume, Quotas, Reason};
use resume_shared::api::resumes::ResumeKind;
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::Value;
use uuid::Uuid;

use super::{ONE_ROLE, create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

db_tests!(
    deleting_a_base_resume_trashes_its_tailored_resumes_and_restore_brings_them_back,
    a_tailored_resume_cannot_leave_the_trash_before_its_base,
    permanent_deletion_and_the_30_day_purge,
);

/// A tailored resume of `parent`, made the way an applied refinement makes one.
async fn tailored(app: &TestApp, session: &Session, parent: &str, name: &str) -> String {
    let actor = Actor {
        user_id: Uuid::parse_str(&session.user_id).unwrap(),
        impersonator: None,
        quotas: Quotas::default(),
    };
    let new = NewResume {
        kind: ResumeKind::Tailored,
        parent_id: Some(Uuid::parse_str(parent).unwrap()),
        company: Some("Initech".into()),
        ..NewResume::base(name.into(), ONE_ROLE.into(), Reason::RefinementApplied)
    };
    service::create(&app.db, actor, new, Utc::now())
        .await
        .unwrap()
        .id
        .to_string()
}

fn trash_names(trash: &Value) -> Vec<String> {
    let mut names: Vec<String> = trash["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn deleting_a_base_resume_trashes_its_tailored_resumes_and_restore_brings_them_back(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    let base = id(&create(&app, &admin, "Base", Some(ONE_ROLE)).await);
    tailored(&app, &admin, &base, "For Initech").await;
    tailored(&app, &admin, &base, "For Globex").await;
    create(&app, &admin, "Unrelated", Some(ONE_ROLE)).await;
    let list = json_of(
        &app,
        &admin,
        Method::GET,
        "/resumes?kind=tailored",
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["parent"]["name"], "Base");

    // Act
    let deleted = json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{base}"),
        None,
        StatusCode::OK,
    )
    .await;

    // Assert
    assert_eq!(deleted["trashed"], 3);
    assert_eq!(deleted["resumes"][0]["name"], "Base");
    let purge_at =
        chrono::DateTime::parse_from_rfc3339(deleted["purge_at"].as_str().unwrap()).unwrap();
    let days = (purge_at.with_timezone(&Utc) - Utc::now()).num_hours();
    assert!((29 * 24..=30 * 24).contains(&days), "{days} hours");
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 1);
    let trash = json_of(&app, &admin, Method::GET, "/trash", None, StatusCode::OK).await;
    assert_eq!(trash_names(&trash), ["Base", "For Globex", "For Initech"]);
    let response = send(&app, &admin, Method::GET, &format!("/resumes/{base}"), None).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    let restored = json_of(
        &app,
        &admin,
        Method::POST,
        &format!("/trash/{base}/restore"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["restored"].as_array().unwrap().len(), 3);
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 4);
    let trash = json_of(&app, &admin, Method::GET, "/trash", None, StatusCode::OK).await;
    assert!(trash_names(&trash).is_empty());
}

async fn a_tailored_resume_cannot_leave_the_trash_before_its_base(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let base = id(&create(&app, &admin, "Base", Some(ONE_ROLE)).await);
    let child = tailored(&app, &admin, &base, "Child").await;
    let deleted = json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{child}"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(deleted["trashed"], 1, "a tailored resume goes alone");
    json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{base}"),
        None,
        StatusCode::OK,
    )
    .await;

    // Act
    let response = send(
        &app,
        &admin,
        Method::POST,
        &format!("/trash/{child}/restore"),
        None,
    )
    .await;

    // Assert
    let body = assert_error(response, StatusCode::CONFLICT, "parent_in_trash").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"Base\"")
    );
    // The base comes back without the child, which was trashed on its own earlier.
    let restored = json_of(
        &app,
        &admin,
        Method::POST,
        &format!("/trash/{base}/restore"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["restored"].as_array().unwrap().len(), 1);
    json_of(
        &app,
        &admin,
        Method::POST,
        &format!("/trash/{child}/restore"),
        None,
        StatusCode::OK,
    )
    .await;
}

async fn permanent_deletion_and_the_30_day_purge(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let gone = id(&create(&app, &admin, "Gone", Some(ONE_ROLE)).await);
    let old = id(&create(&app, &admin, "Old", Some(ONE_ROLE)).await);
    let recent = id(&create(&app, &admin, "Recent", Some(ONE_ROLE)).await);
    for resume in [&gone, &old, &recent] {
        json_of(
            &app,
            &admin,
            Method::DELETE,
            &format!("/resumes/{resume}"),
            None,
            StatusCode::OK,
        )
        .await;
    }
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/trash/{gone}"),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/trash/{gone}"),
        None,
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    app.sql(&format!(
        "UPDATE resumes SET deleted_at = {} WHERE name = 'Old'",
        app.sql_time(-31 * 24 * 60)
    ))
    .await;
    app.sql(&format!(
        "UPDATE resumes SET deleted_at = {} WHERE name = 'Recent'",
        app.sql_time(-29 * 24 * 60)
    ))
    .await;

    // Act
    let trash = json_of(&app, &admin, Method::GET, "/trash", None, StatusCode::OK).await;

    // Assert: the listing hides what is due, but deletes nothing (purging is the server's
    // hourly task, not work a request does for every user).
    assert_eq!(trash_names(&trash), ["Recent"]);
    let still_there = resume_backend::db::entities::resumes::Entity::find()
        .filter(resume_backend::db::entities::resumes::Column::Name.eq("Old"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(still_there, 1, "GET /trash purged the trash");
    let purged = service::trash::purge_trash(&app.db, Utc::now() + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(purged, 2, "Old, and Recent once 30 days have passed");
    let response = send(
        &app,
        &admin,
        Method::POST,
        &format!("/trash/{old}/restore"),
        None,
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    // A live resume cannot be deleted "permanently" through the trash.
    let live = id(&create(&app, &admin, "Live", Some(ONE_ROLE)).await);
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/trash/{live}"),
        None,
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}
