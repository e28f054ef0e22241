//! The trash: deleting moves a resume (with its tailored resumes) there; restore, permanent
//! deletion, and the purge after 30 days.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use resume_backend::services::resumes::{self as service, Actor, NewResume, Quotas, Reason};
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{ResumeKind, TrashListResponse};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use uuid::Uuid;

use super::{ONE_ROLE, new_resume};
use crate::client::ListResumes;
use crate::helpers::{Session, TestApp};
use crate::{assert_api_snapshot, db_tests};

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
        .row
        .id
        .to_string()
}

fn trash_names(trash: &TrashListResponse) -> Vec<String> {
    let mut names: Vec<String> = trash.items.iter().map(|i| i.name.clone()).collect();
    names.sort();
    names
}

async fn deleting_a_base_resume_trashes_its_tailored_resumes_and_restore_brings_them_back(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let base = new_resume(&api, "Base", Some(ONE_ROLE)).await.id;
    tailored(&app, &admin, &base, "For Initech").await;
    tailored(&app, &admin, &base, "For Globex").await;
    new_resume(&api, "Unrelated", Some(ONE_ROLE)).await;
    let list = api
        .list_resumes(&ListResumes::kind(ResumeKind::Tailored))
        .await
        .unwrap();
    assert_eq!(list.items[0].parent.as_ref().unwrap().name, "Base");

    // Act
    let deleted = api.delete_resume(&base).await.unwrap();

    // Assert
    assert_eq!(deleted.trashed, 3);
    assert_eq!(deleted.resumes[0].name, "Base");
    let purge_at = chrono::DateTime::parse_from_rfc3339(&deleted.purge_at).unwrap();
    let days = (purge_at.with_timezone(&Utc) - Utc::now()).num_hours();
    assert!((29 * 24..=30 * 24).contains(&days), "{days} hours");
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 1);
    let trash = api.list_trash().await.unwrap();
    assert_eq!(trash_names(&trash), ["Base", "For Globex", "For Initech"]);
    // Trashed together, so in no particular order: the snapshot sorts them by name.
    let mut by_name = trash;
    by_name.items.sort_by(|a, b| a.name.cmp(&b.name));
    assert_api_snapshot!("trash_list", by_name);
    api.get_resume(&base)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let restored = api.restore_from_trash(&base).await.unwrap();
    assert_eq!(restored.restored.len(), 3);
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 4);
    let trash = api.list_trash().await.unwrap();
    assert!(trash_names(&trash).is_empty());
}

async fn a_tailored_resume_cannot_leave_the_trash_before_its_base(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let base = new_resume(&api, "Base", Some(ONE_ROLE)).await.id;
    let child = tailored(&app, &admin, &base, "Child").await;
    let deleted = api.delete_resume(&child).await.unwrap();
    assert_eq!(deleted.trashed, 1, "a tailored resume goes alone");
    api.delete_resume(&base).await.unwrap();

    // Act
    let failure = api.restore_from_trash(&child).await.unwrap_err();

    // Assert
    let error = failure.assert_is(StatusCode::CONFLICT, ErrorCode::ParentInTrash);
    assert!(error.message.contains("\"Base\""), "{error:?}");
    // The base comes back without the child, which was trashed on its own earlier.
    let restored = api.restore_from_trash(&base).await.unwrap();
    assert_eq!(restored.restored.len(), 1);
    api.restore_from_trash(&child).await.unwrap();
}

async fn permanent_deletion_and_the_30_day_purge(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let gone = new_resume(&api, "Gone", Some(ONE_ROLE)).await.id;
    let old = new_resume(&api, "Old", Some(ONE_ROLE)).await.id;
    let recent = new_resume(&api, "Recent", Some(ONE_ROLE)).await.id;
    for resume in [&gone, &old, &recent] {
        api.delete_resume(resume).await.unwrap();
    }
    // 204, with no body.
    api.delete_from_trash(&gone).await.unwrap();
    api.delete_from_trash(&gone)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
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
    let trash = api.list_trash().await.unwrap();

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
    api.restore_from_trash(&old)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // A live resume cannot be deleted "permanently" through the trash.
    let live = new_resume(&api, "Live", Some(ONE_ROLE)).await.id;
    api.delete_from_trash(&live)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}
