//! Create, read, update and delete; ownership; versions and concurrent writers; limits;
//! validation and import.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::resume_revisions;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::{Value, json};

use super::{ONE_ROLE, create, id, json_of, second_user, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    creating_without_content_starts_from_a_complete_example,
    invalid_content_is_refused_with_line_numbered_errors_and_nothing_is_stored,
    another_users_resume_answers_404_on_every_route,
    a_stale_version_answers_409_with_the_current_version_and_writes_nothing,
    of_two_concurrent_writers_with_one_version_exactly_one_wins,
    every_content_change_keeps_a_revision_and_metadata_changes_do_not,
    names_and_fields_are_validated_with_their_limits,
    validate_reports_every_diagnostic_without_storing_anything,
    import_takes_json_or_a_file_upload_and_reports_diagnostics,
    the_admin_list_counts_resumes_and_deleting_a_user_deletes_them,
);

async fn creating_without_content_starts_from_a_complete_example(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;

    // Act
    let created = create(&app, &admin, "  My first resume ", None).await;

    // Assert
    assert_eq!(created["name"], "My first resume");
    assert_eq!(created["kind"], "base");
    assert_eq!(created["version"], 1);
    assert_eq!(created["content"], resume_shared::sample::PLACEHOLDER);
    assert_eq!(created["warnings"], json!([]));
    let model = &created["resume"];
    for section in ["personal", "education", "experience"] {
        assert!(model.get(section).is_some(), "{section} missing");
    }
    assert_eq!(model["certifications"].as_array().unwrap().len(), 1);
    let path = format!("/resumes/{}", id(&created));
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read, created);
}

async fn invalid_content_is_refused_with_line_numbered_errors_and_nothing_is_stored(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let invalid = "# Personal\n## Contact Information\nEmail: x@example.com\n# Experience\n## Roles\n### Role\n#### Basics\nTitle: T\nStart date: 2020";

    // Act
    let response = send(
        &app,
        &admin,
        Method::POST,
        "/resumes",
        Some(json!({ "name": "Broken", "content": invalid })),
    )
    .await;

    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
    let diagnostics = body["error"]["diagnostics"].as_array().unwrap();
    let lines: Vec<i64> = diagnostics
        .iter()
        .map(|d| d["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 7, 9], "{body}");
    assert_eq!(
        diagnostics[1]["path"],
        "Experience › Roles › Role 1 › Basics"
    );
    assert!(
        diagnostics[1]["message"]
            .as_str()
            .unwrap()
            .contains("\"Company\"")
    );
    assert!(
        body["error"]["fields"]["content"]
            .as_str()
            .unwrap()
            .starts_with("line 2:")
    );
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 0);

    // An update with errors leaves the stored resume as it was.
    let created = create(&app, &admin, "Good", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let response = send(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "content": invalid, "name": "Renamed" })),
    )
    .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["content"], ONE_ROLE);
    assert_eq!(read["name"], "Good");
    assert_eq!(read["version"], 1);
}

async fn another_users_resume_answers_404_on_every_route(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let owner = second_user(&app, &admin, "owner").await;
    let other = second_user(&app, &admin, "other").await;
    let created = create(&app, &owner, "Mine", Some(ONE_ROLE)).await;
    let resume = id(&created);

    // Act and assert: every route of one resume answers 404 to someone else.
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/resumes/{resume}"), None),
        (
            Method::PUT,
            format!("/resumes/{resume}"),
            Some(json!({ "version": 1, "name": "Stolen" })),
        ),
        (
            Method::GET,
            format!("/resumes/{resume}/export?format=markdown"),
            None,
        ),
        (
            Method::PUT,
            format!("/resumes/{resume}/export-preferences"),
            Some(
                json!({"format": "markdown", "preset": "general", "include_projects": true,
                        "projects_first": false, "include_education": true}),
            ),
        ),
        (Method::GET, format!("/resumes/{resume}/revisions"), None),
        (Method::GET, format!("/resumes/{resume}/revisions/1"), None),
        (
            Method::GET,
            format!("/resumes/{resume}/diff?from=1&to=1"),
            None,
        ),
        (
            Method::POST,
            format!("/resumes/{resume}/revisions/1/restore"),
            Some(json!({ "version": 1 })),
        ),
        (Method::GET, format!("/resumes/{resume}/personal"), None),
        (
            Method::PUT,
            format!("/resumes/{resume}/personal"),
            Some(json!({ "version": 1, "personal": null })),
        ),
        (Method::GET, format!("/resumes/{resume}/roles"), None),
        (Method::GET, format!("/resumes/{resume}/roles/0"), None),
        (
            Method::DELETE,
            format!("/resumes/{resume}/roles/0?version=1"),
            None,
        ),
        (Method::DELETE, format!("/resumes/{resume}"), None),
        (Method::POST, format!("/trash/{resume}/restore"), None),
        (Method::DELETE, format!("/trash/{resume}"), None),
    ];
    for (method, path, body) in routes {
        let response = send(&app, &other, method.clone(), &path, body).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let list = json_of(&app, &other, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 0);
    let read = json_of(
        &app,
        &owner,
        Method::GET,
        &format!("/resumes/{resume}"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["name"], "Mine");
    assert_eq!(read["version"], 1);
}

async fn a_stale_version_answers_409_with_the_current_version_and_writes_nothing(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Versioned", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "notes": "first change" })),
        StatusCode::OK,
    )
    .await;

    // Act
    let stale = send(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "content": ONE_ROLE.replace("Acme", "Globex") })),
    )
    .await;

    // Assert
    let body = assert_error(stale, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(body["error"]["current_version"], 2);
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["content"], ONE_ROLE);
    assert_eq!(read["version"], 2);
    assert_eq!(read["notes"], "first change");
}

async fn of_two_concurrent_writers_with_one_version_exactly_one_wins(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Contended", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let first = ONE_ROLE.replace("Acme", "First Co");
    let second = ONE_ROLE.replace("Acme", "Second Co");

    for round in 0..5 {
        let version = 1 + round;
        // Act: both writers hold the same version.
        let (a, b) = tokio::join!(
            send(
                &app,
                &admin,
                Method::PUT,
                &path,
                Some(json!({ "version": version, "content": format!("{first}\n* round {round}") })),
            ),
            send(
                &app,
                &admin,
                Method::PUT,
                &path,
                Some(
                    json!({ "version": version, "content": format!("{second}\n* round {round}") })
                ),
            ),
        );

        // Assert: one 200, one 409; the stored text is the winner's, whole.
        let statuses = [a.status(), b.status()];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "round {round}: {statuses:?}"
        );
        let winner: Value = if a.status() == StatusCode::OK {
            a.json().await.unwrap()
        } else {
            b.json().await.unwrap()
        };
        assert_eq!(winner["version"], version + 1);
        let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
        assert_eq!(read["content"], winner["content"]);
    }
    let revisions = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revisions["items"].as_array().unwrap().len(), 6);
}

async fn every_content_change_keeps_a_revision_and_metadata_changes_do_not(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "History", Some(ONE_ROLE)).await;
    let resume = id(&created);
    let path = format!("/resumes/{resume}");
    let edited = ONE_ROLE.replace("Engineer", "Senior Engineer");

    // Act
    json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "content": edited })),
        StatusCode::OK,
    )
    .await;
    json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 2, "name": "Renamed", "company": "Initech" })),
        StatusCode::OK,
    )
    .await;
    let same_text = json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 3, "content": edited })),
        StatusCode::OK,
    )
    .await;

    // Assert: two revisions (create, edit), in the database too, with their contents.
    assert_eq!(same_text["version"], 4);
    let rows = resume_revisions::Entity::find()
        .filter(resume_revisions::Column::ResumeId.eq(uuid::Uuid::parse_str(&resume).unwrap()))
        .order_by_asc(resume_revisions::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    let summary: Vec<(i64, &str, &str)> = rows
        .iter()
        .map(|r| (r.version, r.reason.as_str(), r.content.as_str()))
        .collect();
    assert_eq!(
        summary,
        [(1, "create", ONE_ROLE), (2, "edit", edited.as_str())]
    );
    assert!(
        rows.iter()
            .all(|r| r.author_id.map(|a| a.to_string()) == Some(admin.user_id.clone()))
    );
}

async fn names_and_fields_are_validated_with_their_limits(app: TestApp) {
    let admin = app.setup_admin().await;
    for (body, field) in [
        (json!({ "name": "   " }), "name"),
        (json!({ "name": "x".repeat(256) }), "name"),
        (json!({ "name": "two\nlines" }), "name"),
    ] {
        let response = send(&app, &admin, Method::POST, "/resumes", Some(body)).await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["error"]["fields"].get(field).is_some(), "{body}");
    }
    let created = create(&app, &admin, &"x".repeat(255), Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let response = send(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({
            "version": 1,
            "company": "c".repeat(256),
            "notes": "n".repeat(5001),
            "job_description": "j".repeat(100 * 1024 + 1),
        })),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    for field in ["company", "notes", "job_description"] {
        assert!(
            body["error"]["fields"].get(field).is_some(),
            "{field}: {body}"
        );
    }
    let big = format!("{ONE_ROLE}\n{}", "* more\n".repeat(150_000));
    let response = send(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "content": big })),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["fields"]["content"]
            .as_str()
            .unwrap()
            .contains("1 MiB")
    );
    // Limits hold exactly: 255 characters of company and 5000 of notes are fine; null clears.
    let ok = json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "company": "é".repeat(255), "notes": "n".repeat(5000) })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(ok["company"].as_str().unwrap().chars().count(), 255);
    let cleared = json_of(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({ "version": 2, "company": null, "notes": "" })),
        StatusCode::OK,
    )
    .await;
    assert!(
        cleared.get("company").is_none() && cleared.get("notes").is_none(),
        "{cleared}"
    );
}

async fn validate_reports_every_diagnostic_without_storing_anything(app: TestApp) {
    let admin = app.setup_admin().await;
    let valid = json_of(
        &app,
        &admin,
        Method::POST,
        "/resumes/validate",
        Some(json!({ "content": format!("{ONE_ROLE}\n\n## Hobbies\nChess") })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(valid["valid"], true);
    assert_eq!(valid["errors"], json!([]));
    assert_eq!(valid["warnings"][0]["line"], 27);
    assert_eq!(
        valid["resume"]["experience"]["roles"][0]["basics"]["company"],
        "Acme"
    );

    let invalid = json_of(
        &app,
        &admin,
        Method::POST,
        "/resumes/validate",
        Some(
            json!({ "content": "# Personal\n## Contact Information\nPhone: 1\n## Hobbies\nChess" }),
        ),
        StatusCode::OK,
    )
    .await;
    assert_eq!(invalid["valid"], false);
    assert_eq!(invalid["errors"][0]["line"], 2);
    assert_eq!(
        invalid["errors"][0]["path"],
        "Personal › Contact Information"
    );
    assert_eq!(invalid["warnings"][0]["line"], 4);
    assert!(invalid.get("resume").is_none());
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 0);

    let response = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/validate",
        Some(json!({})),
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    let response = app
        .anonymous(Method::POST, "/resumes/validate")
        .json(&json!({ "content": ONE_ROLE }))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn import_takes_json_or_a_file_upload_and_reports_diagnostics(app: TestApp) {
    // JSON, without a name: the candidate's name is used.
    let admin = app.setup_admin().await;
    let imported = json_of(
        &app,
        &admin,
        Method::POST,
        "/resumes/import",
        Some(json!({ "content": format!("{ONE_ROLE}\n## Highlights\nx") })),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(imported["name"], "Sam Lee");
    assert_eq!(imported["warnings"].as_array().unwrap().len(), 1);

    // A file upload: the file name (without extension) is the default name.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ONE_ROLE.as_bytes().to_vec()).file_name("Jordan CV.md"),
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let uploaded: Value = response.json().await.unwrap();
    assert_eq!(uploaded["name"], "Jordan CV");
    assert_eq!(uploaded["content"], ONE_ROLE);

    // An explicit name wins; an invalid file is refused with its lines; binary is refused.
    let form = reqwest::multipart::Form::new().text("name", "Named").part(
        "file",
        reqwest::multipart::Part::bytes(b"no sections here".to_vec()).file_name("x.md"),
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
    assert_eq!(body["error"]["diagnostics"][0]["line"], 1);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00]).file_name("x.md"),
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["fields"]["file"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(reqwest::multipart::Form::new().text("name", "no file"))
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 2);
}

async fn the_admin_list_counts_resumes_and_deleting_a_user_deletes_them(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let writer = second_user(&app, &admin, "writer").await;
    for name in ["One", "Two", "Three"] {
        create(&app, &writer, name, Some(ONE_ROLE)).await;
    }

    // Act
    let users = json_of(
        &app,
        &admin,
        Method::GET,
        "/admin/users",
        None,
        StatusCode::OK,
    )
    .await;

    // Assert
    let counts: Vec<(String, i64)> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["username"].as_str().unwrap().to_owned(),
                u["resume_count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(counts.contains(&("writer".to_owned(), 3)), "{counts:?}");
    assert!(counts.contains(&("admin".to_owned(), 0)), "{counts:?}");
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/admin/users/{}", writer.user_id),
        None,
    )
    .await;
    assert!(response.status().is_success(), "{}", response.status());
    let remaining = resume_backend::db::entities::resumes::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(remaining.is_empty());
    let revisions = resume_revisions::Entity::find().all(&app.db).await.unwrap();
    assert!(revisions.is_empty());
}
