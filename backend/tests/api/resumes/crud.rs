//! Create, read, update and delete; ownership; versions and concurrent writers; limits;
//! validation and import.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::resume_revisions;
use resume_shared::api::resumes::{
    CreateResumeRequest, DesignPreferences, ExportPreferences, ImportRequest, PersonalRequest,
    ResumeKind, UpdateResumeRequest, ValidateRequest, VersionRequest,
};
use resume_shared::api::{ErrorCode, Patch};
use resume_shared::resume::Role;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::json;

use super::{ONE_ROLE, json_of, new_resume, second_user, send};
use crate::client::{ApiResult, ListResumes};
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

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

/// A change of `version` that sets only `content`.
fn new_content(version: i64, content: &str) -> UpdateResumeRequest {
    UpdateResumeRequest {
        version,
        content: Some(content.to_owned()),
        ..UpdateResumeRequest::default()
    }
}

async fn creating_without_content_starts_from_a_complete_example(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);

    // Act
    let created = new_resume(&api, "  My first resume ", None).await;

    // Assert
    assert_eq!(created.name, "My first resume");
    assert_eq!(created.kind, ResumeKind::Base);
    assert_eq!(created.version, 1);
    assert_eq!(created.content, resume_shared::sample::PLACEHOLDER);
    assert!(created.warnings.is_empty());
    let model = &created.resume;
    assert!(model.personal.is_some(), "personal missing");
    assert!(model.education.is_some(), "education missing");
    assert!(model.experience.is_some(), "experience missing");
    assert_eq!(model.certifications.len(), 1);
    let read = api.get_resume(&created.id).await.unwrap();
    assert_eq!(read, created);
}

async fn invalid_content_is_refused_with_line_numbered_errors_and_nothing_is_stored(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let invalid = "# Personal\n## Contact Information\nEmail: x@example.com\n# Experience\n## Roles\n### Role\n#### Basics\nTitle: T\nStart date: 2020";

    // Act
    let failure = api
        .create_resume(&CreateResumeRequest {
            name: "Broken".to_owned(),
            content: Some(invalid.to_owned()),
        })
        .await
        .unwrap_err();

    // Assert
    assert_api_snapshot!("invalid_resume", failure.envelope);
    let error = failure.assert_is(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidResume);
    let lines: Vec<usize> = error.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [2, 7, 9], "{error:?}");
    assert_eq!(
        error.diagnostics[1].path,
        "Experience › Roles › Role 1 › Basics"
    );
    assert!(error.diagnostics[1].message.contains("\"Company\""));
    assert!(error.fields["content"].starts_with("line 2:"), "{error:?}");
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 0);

    // An update with errors leaves the stored resume as it was.
    let created = new_resume(&api, "Good", Some(ONE_ROLE)).await;
    let change = UpdateResumeRequest {
        name: Some("Renamed".to_owned()),
        ..new_content(1, invalid)
    };
    api.update_resume(&created.id, &change)
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidResume);
    let read = api.get_resume(&created.id).await.unwrap();
    assert_eq!(read.content, ONE_ROLE);
    assert_eq!(read.name, "Good");
    assert_eq!(read.version, 1);
}

/// Asserts that a call was answered 404 `not_found`.
fn not_found<T: std::fmt::Debug>(result: ApiResult<T>) {
    result
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

async fn another_users_resume_answers_404_on_every_route(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let owner = app.api(&second_user(&app, &admin, "owner").await);
    let other = app.api(&second_user(&app, &admin, "other").await);
    let resume = new_resume(&owner, "Mine", Some(ONE_ROLE)).await.id;
    let version = VersionRequest { version: 1 };

    // Act and assert: every route of one resume answers 404 to someone else.
    not_found(other.get_resume(&resume).await);
    let rename = UpdateResumeRequest {
        version: 1,
        name: Some("Stolen".to_owned()),
        ..UpdateResumeRequest::default()
    };
    not_found(other.update_resume(&resume, &rename).await);
    other
        .error(
            Method::GET,
            &format!("/resumes/{resume}/export?format=markdown"),
            None,
        )
        .await
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let preferences = ExportPreferences {
        format: "markdown".to_owned(),
        preset: "general".to_owned(),
        from: None,
        to: None,
        include_projects: true,
        projects_first: false,
        include_education: true,
        template: None,
        design: DesignPreferences::default(),
    };
    not_found(other.put_export_preferences(&resume, &preferences).await);
    not_found(other.list_revisions(&resume).await);
    not_found(other.get_revision(&resume, 1).await);
    not_found(other.diff(&resume, 1, 1).await);
    not_found(other.restore_revision(&resume, 1, &version).await);
    not_found(other.get_personal(&resume).await);
    let no_personal = PersonalRequest {
        version: 1,
        personal: None,
    };
    not_found(other.put_personal(&resume, &no_personal).await);
    let roles = other.collection::<Role>(&resume);
    not_found(roles.list().await);
    not_found(roles.get(0).await);
    not_found(roles.delete(0, 1).await);
    not_found(other.delete_resume(&resume).await);
    not_found(other.restore_from_trash(&resume).await);
    not_found(other.delete_from_trash(&resume).await);
    let list = other.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 0);
    let read = owner.get_resume(&resume).await.unwrap();
    assert_eq!(read.name, "Mine");
    assert_eq!(read.version, 1);
}

async fn a_stale_version_answers_409_with_the_current_version_and_writes_nothing(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Versioned", Some(ONE_ROLE)).await.id;
    let notes = UpdateResumeRequest {
        version: 1,
        notes: Patch::Set("first change".to_owned()),
        ..UpdateResumeRequest::default()
    };
    api.update_resume(&resume, &notes).await.unwrap();

    // Act
    let stale = api
        .update_resume(
            &resume,
            &new_content(1, &ONE_ROLE.replace("Acme", "Globex")),
        )
        .await
        .unwrap_err();

    // Assert
    assert_api_snapshot!("version_conflict", stale.envelope);
    let error = stale.assert_is(StatusCode::CONFLICT, ErrorCode::VersionConflict);
    assert_eq!(error.current_version, Some(2));
    let read = api.get_resume(&resume).await.unwrap();
    assert_eq!(read.content, ONE_ROLE);
    assert_eq!(read.version, 2);
    assert_eq!(read.notes.as_deref(), Some("first change"));
    assert_api_snapshot!("resume", read);
}

async fn of_two_concurrent_writers_with_one_version_exactly_one_wins(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Contended", Some(ONE_ROLE)).await.id;
    let first = ONE_ROLE.replace("Acme", "First Co");
    let second = ONE_ROLE.replace("Acme", "Second Co");

    for round in 0..5 {
        let version = 1 + round;
        // Act: both writers hold the same version.
        let change_a = new_content(version, &format!("{first}\n* round {round}"));
        let change_b = new_content(version, &format!("{second}\n* round {round}"));
        let (a, b) = tokio::join!(
            api.update_resume(&resume, &change_a),
            api.update_resume(&resume, &change_b),
        );

        // Assert: one 200, one 409; the stored text is the winner's, whole.
        let (winner, loser) = match (a, b) {
            (Ok(winner), Err(loser)) | (Err(loser), Ok(winner)) => (winner, loser),
            (a, b) => panic!("round {round}: {a:?} {b:?}"),
        };
        assert_eq!(
            loser.status,
            StatusCode::CONFLICT,
            "round {round}: {loser:?}"
        );
        assert_eq!(winner.version, version + 1);
        let read = api.get_resume(&resume).await.unwrap();
        assert_eq!(read.content, winner.content);
    }
    let revisions = api.list_revisions(&resume).await.unwrap();
    assert_eq!(revisions.items.len(), 6);
}

async fn every_content_change_keeps_a_revision_and_metadata_changes_do_not(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "History", Some(ONE_ROLE)).await.id;
    let edited = ONE_ROLE.replace("Engineer", "Senior Engineer");

    // Act
    api.update_resume(&resume, &new_content(1, &edited))
        .await
        .unwrap();
    let metadata = UpdateResumeRequest {
        version: 2,
        name: Some("Renamed".to_owned()),
        company: Patch::Set("Initech".to_owned()),
        ..UpdateResumeRequest::default()
    };
    api.update_resume(&resume, &metadata).await.unwrap();
    let same_text = api
        .update_resume(&resume, &new_content(3, &edited))
        .await
        .unwrap();

    // Assert: two revisions (create, edit), in the database too, with their contents.
    assert_eq!(same_text.version, 4);
    let revisions = api.list_revisions(&resume).await.unwrap();
    assert_api_snapshot!("revision_list", revisions);
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
    let api = app.api(&admin);
    for name in ["   ".to_owned(), "x".repeat(256), "two\nlines".to_owned()] {
        let request = CreateResumeRequest {
            name: name.clone(),
            content: None,
        };
        let error = api.create_resume(&request).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key("name"), "{name:?}: {error:?}");
    }
    let resume = new_resume(&api, &"x".repeat(255), Some(ONE_ROLE)).await.id;
    let too_long = UpdateResumeRequest {
        version: 1,
        company: Patch::Set("c".repeat(256)),
        notes: Patch::Set("n".repeat(5001)),
        job_description: Patch::Set("j".repeat(100 * 1024 + 1)),
        ..UpdateResumeRequest::default()
    };
    let failure = api.update_resume(&resume, &too_long).await.unwrap_err();
    assert_api_snapshot!("validation_failed", failure.envelope);
    let error = failure.assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    for field in ["company", "notes", "job_description"] {
        assert!(error.fields.contains_key(field), "{field}: {error:?}");
    }
    let big = format!("{ONE_ROLE}\n{}", "* more\n".repeat(150_000));
    let error = api
        .update_resume(&resume, &new_content(1, &big))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(error.fields["content"].contains("1 MiB"), "{error:?}");
    // Limits hold exactly: 255 characters of company and 5000 of notes are fine; null clears.
    let at_the_limit = UpdateResumeRequest {
        version: 1,
        company: Patch::Set("é".repeat(255)),
        notes: Patch::Set("n".repeat(5000)),
        ..UpdateResumeRequest::default()
    };
    let ok = api.update_resume(&resume, &at_the_limit).await.unwrap();
    assert_eq!(ok.company.unwrap().chars().count(), 255);
    let clear = UpdateResumeRequest {
        version: 2,
        company: Patch::Clear,
        notes: Patch::Set(String::new()),
        ..UpdateResumeRequest::default()
    };
    let cleared = api.update_resume(&resume, &clear).await.unwrap();
    assert!(
        cleared.company.is_none() && cleared.notes.is_none(),
        "{cleared:?}"
    );
}

async fn validate_reports_every_diagnostic_without_storing_anything(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let valid = api
        .validate(&ValidateRequest {
            content: format!("{ONE_ROLE}\n\n## Hobbies\nChess"),
        })
        .await
        .unwrap();
    assert!(valid.valid);
    assert!(valid.errors.is_empty());
    assert_eq!(valid.warnings[0].line, 27);
    let model = valid.resume.unwrap();
    assert_eq!(model.experience.unwrap().roles[0].basics.company, "Acme");

    let invalid = api
        .validate(&ValidateRequest {
            content: "# Personal\n## Contact Information\nPhone: 1\n## Hobbies\nChess".to_owned(),
        })
        .await
        .unwrap();
    assert_api_snapshot!("validate_with_errors", invalid);
    assert!(!invalid.valid);
    assert_eq!(invalid.errors[0].line, 2);
    assert_eq!(invalid.errors[0].path, "Personal › Contact Information");
    assert_eq!(invalid.warnings[0].line, 4);
    assert!(invalid.resume.is_none());
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 0);

    // A body without `content` is not a `ValidateRequest` at all: sent raw.
    api.error(Method::POST, "/resumes/validate", Some(&json!({})))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    app.anonymous_api()
        .validate(&ValidateRequest {
            content: ONE_ROLE.to_owned(),
        })
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
}

async fn import_takes_json_or_a_file_upload_and_reports_diagnostics(app: TestApp) {
    // JSON, without a name: the candidate's name is used.
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let imported = api
        .import_resume(&ImportRequest {
            name: None,
            content: format!("{ONE_ROLE}\n## Highlights\nx"),
            format: None,
        })
        .await
        .unwrap();
    assert_eq!(imported.name, "Sam Lee");
    assert_eq!(imported.warnings.len(), 1);

    // A file upload: the file name (without extension) is the default name.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ONE_ROLE.as_bytes().to_vec()).file_name("Jordan CV.md"),
    );
    let uploaded = api.import_upload(form).await.unwrap();
    assert_eq!(uploaded.name, "Jordan CV");
    assert_eq!(uploaded.content, ONE_ROLE);

    // An explicit name wins; an invalid file is refused with its lines; binary is refused.
    let form = reqwest::multipart::Form::new().text("name", "Named").part(
        "file",
        reqwest::multipart::Part::bytes(b"no sections here".to_vec()).file_name("x.md"),
    );
    let error = api
        .import_upload(form)
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidResume);
    assert_eq!(error.diagnostics[0].line, 1);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00]).file_name("x.md"),
    );
    let error = api.import_upload(form).await.unwrap_err().assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert!(error.fields["file"].contains("UTF-8"), "{error:?}");
    let form = reqwest::multipart::Form::new().text("name", "no file");
    api.import_upload(form).await.unwrap_err().assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 2);
}

async fn the_admin_list_counts_resumes_and_deleting_a_user_deletes_them(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let writer = second_user(&app, &admin, "writer").await;
    let api = app.api(&writer);
    for name in ["One", "Two", "Three"] {
        new_resume(&api, name, Some(ONE_ROLE)).await;
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
