//! `/account`: the export of everything a user has as one zip archive (its layout and
//! contents, nothing of another user, no secret, a resume with over a thousand revisions), and
//! the deletion of one's own account (the password and its rate limit, the last
//! administrator, impersonation, what is gone afterwards and what stays).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::{
    refinement_jobs, resume_revisions, resumes, sessions, user_settings, users,
};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db_tests;
use crate::helpers::{ADMIN_PASSWORD, Session, TestApp, USER_PASSWORD, assert_error, session_from};
use crate::refinements::{JOB, arrange, post, read_events, start_ok};
use crate::resumes::{ONE_ROLE, create, id, json_of, second_user};

db_tests!(the_export_holds_every_resume_revision_and_refinement_of_the_user_and_nothing_else; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
]);
db_tests!(
    a_resume_with_over_a_thousand_revisions_exports_completely,
    deleting_the_account_needs_the_password_and_removes_everything_of_the_user,
    the_last_administrator_cannot_delete_their_account,
    an_impersonating_administrator_cannot_delete_the_account,
    wrong_passwords_are_limited_like_those_of_a_password_change,
    an_administrator_who_is_not_the_last_can_delete_their_account,
);

/// `GET /account/export` with `session`'s token: asserts the answer's headers, then returns
/// every file of the archive by name.
pub(crate) async fn export(
    app: &TestApp,
    session: &Session,
    username: &str,
) -> BTreeMap<String, Vec<u8>> {
    let response = app
        .bearer(Method::GET, "/account/export", &session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let date = chrono::Utc::now().format("%Y-%m-%d");
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"resume-editor-{username}-{date}.zip\"").as_str()
    );
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        let name = file.name().unwrap().into_owned();
        let previous = files.insert(name.clone(), data);
        assert!(previous.is_none(), "{name} twice");
    }
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone(),
    )
    .unwrap()
}

fn json_file(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Value {
    serde_json::from_str(&text(files, name)).unwrap()
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap()
}

/// The files the layout promises for `user_id`'s rows, read from the database.
async fn expected_files(app: &TestApp, user_id: Uuid) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = ["README.md", "account.json", "settings.json"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let rows = resumes::Entity::find()
        .filter(resumes::Column::OwnerId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap();
    for row in rows {
        let dir = format!("resumes/{}", row.id);
        names.insert(format!("{dir}/resume.md"));
        names.insert(format!("{dir}/resume.json"));
        names.insert(format!("{dir}/revisions/index.json"));
        if row.job_description.is_some() {
            names.insert(format!("{dir}/job-description.txt"));
        }
        if row.job_details.is_some() {
            names.insert(format!("{dir}/job-details.json"));
        }
        let revisions = resume_revisions::Entity::find()
            .filter(resume_revisions::Column::ResumeId.eq(row.id))
            .all(&app.db)
            .await
            .unwrap();
        for revision in revisions {
            names.insert(format!("{dir}/revisions/{:06}.md", revision.version));
        }
    }
    let jobs = refinement_jobs::Entity::find()
        .filter(refinement_jobs::Column::OwnerId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap();
    for job in jobs {
        names.insert(format!("refinements/{}/refinement.json", job.id));
        names.insert(format!("refinements/{}/base.md", job.id));
    }
    names
}

fn is_timestamp(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(text).is_ok()
    })
}

async fn the_export_holds_every_resume_revision_and_refinement_of_the_user_and_nothing_else(
    app: TestApp,
) {
    // Arrange: the administrator's base resume (edited twice), a resume in the trash, a
    // tailored resume from a refinement, an API key; and bob's resume.
    let (admin, _fake, base) = arrange(&app, 2).await;
    let original = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{base}"),
        None,
        StatusCode::OK,
    )
    .await;
    let first_text = original["content"].as_str().unwrap().to_owned();
    let mut last_text = first_text.clone();
    for version in 1..=2 {
        last_text = format!("{first_text}\n* Edit {version}");
        json_of(
            &app,
            &admin,
            Method::PUT,
            &format!("/resumes/{base}"),
            Some(json!({ "version": version, "content": last_text })),
            StatusCode::OK,
        )
        .await;
    }
    let trashed = id(&create(&app, &admin, "Old one", Some(ONE_ROLE)).await);
    json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{trashed}"),
        None,
        StatusCode::OK,
    )
    .await;
    let job = start_ok(
        &app,
        &admin,
        &base,
        json!({ "job_description": JOB, "company": "Initech" }),
    )
    .await;
    read_events(&app, &admin, &job, None).await;
    let applied = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [0] })),
    )
    .await;
    assert_eq!(applied.status(), StatusCode::OK);
    let tailored = id(&applied.json::<Value>().await.unwrap());
    let bob = second_user(&app, &admin, "bob").await;
    let bobs = id(&create(&app, &bob, "Bobs secret plans", Some(ONE_ROLE)).await);
    let admin_id = uuid(&admin.user_id);

    // Act
    let files = export(&app, &admin, "admin").await;

    // Assert: exactly the layout's files.
    let names: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(names, expected_files(&app, admin_id).await);
    assert!(names.contains(&format!("resumes/{trashed}/resume.json")));
    assert!(names.contains(&format!("resumes/{tailored}/job-description.txt")));
    // The account and the settings, without the key.
    let account = json_file(&files, "account.json");
    assert_eq!(account["username"], "admin");
    assert_eq!(account["email"], "admin@example.com");
    assert_eq!(account["roles"], json!(["admin", "user"]));
    assert!(is_timestamp(&account["created_at"]));
    let settings = json_file(&files, "settings.json");
    assert_eq!(settings["api_key_set"], true);
    assert_eq!(settings["llm_model"], "fake-model");
    assert!(settings.get("api_key").is_none());
    assert!(text(&files, "README.md").contains("resumes/<id>/revisions/index.json"));
    // The base resume: its text, metadata, model and three revisions.
    assert_eq!(
        text(&files, &format!("resumes/{base}/resume.md")),
        last_text
    );
    let record = json_file(&files, &format!("resumes/{base}/resume.json"));
    assert_eq!(record["id"], base.as_str());
    assert_eq!(record["name"], "Base");
    assert_eq!(record["kind"], "base");
    assert_eq!(record["version"], 3);
    assert_eq!(record["deleted_at"], Value::Null);
    assert!(is_timestamp(&record["created_at"]) && is_timestamp(&record["updated_at"]));
    assert_eq!(
        record["resume"]["experience"]["roles"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let index = json_file(&files, &format!("resumes/{base}/revisions/index.json"));
    let versions: Vec<i64> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [1, 2, 3]);
    assert_eq!(index[0]["reason"], "create");
    assert_eq!(index[0]["file"], "000001.md");
    assert_eq!(index[0]["by_administrator"], false);
    assert!(is_timestamp(&index[0]["created_at"]));
    assert_eq!(
        text(&files, &format!("resumes/{base}/revisions/000001.md")),
        first_text
    );
    assert_eq!(
        text(&files, &format!("resumes/{base}/revisions/000003.md")),
        last_text
    );
    // The trashed and the tailored resumes.
    let record = json_file(&files, &format!("resumes/{trashed}/resume.json"));
    assert!(is_timestamp(&record["deleted_at"]), "{record}");
    assert_eq!(
        text(&files, &format!("resumes/{trashed}/resume.md")),
        ONE_ROLE
    );
    let record = json_file(&files, &format!("resumes/{tailored}/resume.json"));
    assert_eq!(record["kind"], "tailored");
    assert_eq!(record["parent_id"], base.as_str());
    assert_eq!(record["company"], "Initech");
    assert_eq!(
        text(&files, &format!("resumes/{tailored}/job-description.txt")),
        JOB
    );
    // The refinement.
    let refinement = json_file(&files, &format!("refinements/{job}/refinement.json"));
    assert_eq!(refinement["resume_id"], base.as_str());
    assert_eq!(refinement["status"], "succeeded");
    assert_eq!(refinement["job_description"], JOB);
    assert_eq!(refinement["base_version"], 3);
    assert!(refinement["analysis"].is_object(), "{refinement}");
    assert!(refinement["coverage_after"].is_object(), "{refinement}");
    assert_eq!(refinement["roles"].as_array().unwrap().len(), 2);
    assert!(refinement["roles"][0]["refined"].is_object());
    assert!(is_timestamp(&refinement["applied_at"]));
    assert_eq!(
        text(&files, &format!("refinements/{job}/base.md")),
        last_text
    );
    // Nothing of bob, and no secret.
    let hash = users::Entity::find_by_id(admin_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    for (name, data) in &files {
        let data = String::from_utf8_lossy(data);
        for needle in [
            "sk-test",
            hash.as_str(),
            admin.token.as_str(),
            bob.token.as_str(),
            bobs.as_str(),
            "Bobs secret plans",
            "bob@example.com",
            ADMIN_PASSWORD,
        ] {
            assert!(!data.contains(needle), "{name} holds {needle}");
        }
    }
}

async fn a_resume_with_over_a_thousand_revisions_exports_completely(app: TestApp) {
    use resume_backend::db::entities::resume_revisions::ActiveModel;
    use sea_orm::ActiveValue::Set;

    // Arrange: 1,200 more revisions written straight into the table.
    const EXTRA: i64 = 1_200;
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Long history", Some(ONE_ROLE)).await);
    let resume_id = uuid(&resume);
    let now = chrono::Utc::now();
    let versions: Vec<i64> = (2..=EXTRA + 1).collect();
    for batch in versions.chunks(100) {
        let rows = batch.iter().map(|&version| ActiveModel {
            id: Set(Uuid::new_v4()),
            resume_id: Set(resume_id),
            version: Set(version),
            content: Set(format!("{ONE_ROLE}\n* Revision {version}")),
            author_id: Set(None),
            impersonator_id: Set(None),
            reason: Set("edit".to_owned()),
            created_at: Set(now),
        });
        resume_revisions::Entity::insert_many(rows)
            .exec(&app.db)
            .await
            .unwrap();
    }

    // Act
    let files = export(&app, &admin, "admin").await;

    // Assert
    let index = json_file(&files, &format!("resumes/{resume}/revisions/index.json"));
    let listed: Vec<i64> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["version"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, (1..=EXTRA + 1).collect::<Vec<_>>());
    let admin_id = uuid(&admin.user_id);
    let names: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(names, expected_files(&app, admin_id).await);
    for version in 2..=EXTRA + 1 {
        assert_eq!(
            text(
                &files,
                &format!("resumes/{resume}/revisions/{version:06}.md")
            ),
            format!("{ONE_ROLE}\n* Revision {version}")
        );
    }
}

/// `DELETE /account` with `password`, as `session`.
async fn delete_account(app: &TestApp, session: &Session, password: &str) -> reqwest::Response {
    app.bearer(Method::DELETE, "/account", &session.token)
        .json(&json!({ "password": password }))
        .send()
        .await
        .unwrap()
}

async fn count_resumes(app: &TestApp, owner: Uuid) -> u64 {
    resumes::Entity::find()
        .filter(resumes::Column::OwnerId.eq(owner))
        .count(&app.db)
        .await
        .unwrap()
}

async fn deleting_the_account_needs_the_password_and_removes_everything_of_the_user(app: TestApp) {
    // Arrange: alice with resumes (one edited, one in the trash), settings and two sessions;
    // the administrator with a resume of their own.
    let admin = app.setup_admin().await;
    create(&app, &admin, "Admin's", Some(ONE_ROLE)).await;
    let alice = second_user(&app, &admin, "alice").await;
    let other_session = app.login("alice", USER_PASSWORD).await;
    let alice_id = uuid(&alice.user_id);
    let kept = id(&create(&app, &alice, "Kept", Some(ONE_ROLE)).await);
    json_of(
        &app,
        &alice,
        Method::PUT,
        &format!("/resumes/{kept}"),
        Some(json!({ "version": 1, "content": format!("{ONE_ROLE}\n* Go") })),
        StatusCode::OK,
    )
    .await;
    let trashed = id(&create(&app, &alice, "Trashed", Some(ONE_ROLE)).await);
    json_of(
        &app,
        &alice,
        Method::DELETE,
        &format!("/resumes/{trashed}"),
        None,
        StatusCode::OK,
    )
    .await;
    json_of(
        &app,
        &alice,
        Method::PUT,
        "/settings",
        Some(json!({ "llm_model": "m" })),
        StatusCode::OK,
    )
    .await;
    let resume_ids = [uuid(&kept), uuid(&trashed)];

    // Act: a wrong password first.
    let wrong = delete_account(&app, &alice, "not the password").await;

    // Assert: refused, nothing deleted.
    let body = assert_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["error"]["fields"]["password"].is_string(), "{body}");
    assert_eq!(count_resumes(&app, alice_id).await, 2);
    assert!(
        users::Entity::find_by_id(alice_id)
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );

    // Act: the right one.
    let deleted = delete_account(&app, &alice, USER_PASSWORD).await;

    // Assert: 204 with the cookies cleared; every row of alice gone, the administrator's kept.
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let cleared: Vec<&str> = deleted
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("resume_editor_session=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    assert!(
        users::Entity::find_by_id(alice_id)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(count_resumes(&app, alice_id).await, 0);
    assert_eq!(
        resume_revisions::Entity::find()
            .filter(resume_revisions::Column::ResumeId.is_in(resume_ids))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(alice_id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert!(
        user_settings::Entity::find_by_id(alice_id)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    for session in [&alice, &other_session] {
        let me = app
            .bearer(Method::GET, "/auth/me", &session.token)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(count_resumes(&app, uuid(&admin.user_id)).await, 1);
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // The audit log keeps the event, with the id and name in its details only.
    let audit = json_of(
        &app,
        &admin,
        Method::GET,
        "/admin/audit?action=user.delete",
        None,
        StatusCode::OK,
    )
    .await;
    let entry = &audit["items"][0];
    assert_eq!(entry["details"]["username"], "alice");
    assert_eq!(entry["details"]["user_id"], alice.user_id.as_str());
    assert_eq!(entry["details"]["own_request"], true);
}

async fn the_last_administrator_cannot_delete_their_account(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    create(&app, &admin, "Mine", Some(ONE_ROLE)).await;
    let admin_id = uuid(&admin.user_id);

    // Act
    let response = delete_account(&app, &admin, ADMIN_PASSWORD).await;

    // Assert
    assert_error(response, StatusCode::CONFLICT, "last_admin").await;
    assert!(
        users::Entity::find_by_id(admin_id)
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(count_resumes(&app, admin_id).await, 1);
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

async fn an_impersonating_administrator_cannot_delete_the_account(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    let impersonation = session_from(start).await;

    // Act
    let response = delete_account(&app, &impersonation, USER_PASSWORD).await;

    // Assert
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(
        users::Entity::find_by_id(uuid(&alice_id))
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
}

async fn wrong_passwords_are_limited_like_those_of_a_password_change(app: TestApp) {
    // Arrange: five wrong passwords.
    let admin = app.setup_admin().await;
    let alice = second_user(&app, &admin, "alice").await;
    for _ in 0..5 {
        let wrong = delete_account(&app, &alice, "not the password").await;
        assert_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }

    // Act: the right one, too late.
    let response = delete_account(&app, &alice, USER_PASSWORD).await;

    // Assert
    assert!(response.headers().contains_key("retry-after"));
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(
        users::Entity::find_by_id(uuid(&alice.user_id))
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
}

async fn an_administrator_who_is_not_the_last_can_delete_their_account(app: TestApp) {
    // Arrange: a second administrator.
    let admin = app.setup_admin().await;
    app.create_user_with(
        &admin,
        json!({
            "username": "second",
            "email": "second@example.com",
            "password": USER_PASSWORD,
            "roles": ["user", "admin"],
        }),
    )
    .await;
    let second = app.login("second", USER_PASSWORD).await;

    // Act
    let response = delete_account(&app, &admin, ADMIN_PASSWORD).await;

    // Assert
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = app
        .bearer(Method::GET, "/auth/me", &second.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let deleted = users::Entity::find_by_id(uuid(&admin.user_id))
        .one(&app.db)
        .await
        .unwrap();
    assert!(deleted.is_none());
}
