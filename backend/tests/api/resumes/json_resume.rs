//! JSON Resume through the API: `POST /resumes/import` with a `.json` file and
//! `GET /resumes/{id}/export?format=json-resume`.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{ImportFormat, ImportRequest, ResumeResponse};
use serde_json::Value;

use super::{ONE_ROLE, new_resume};
use crate::client::{ApiClient, ApiResult, ListResumes};
use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    a_json_resume_file_is_imported_with_every_mapping_warning,
    json_resume_files_that_cannot_be_imported_are_refused_and_nothing_is_stored,
    the_json_resume_export_imports_back_to_the_same_resume,
);

const SAMPLE: &str = include_str!("../../../../shared/tests/json_resume/sample.resume.json");

/// `POST /resumes/import` with `bytes` as the `file` part.
async fn upload(
    api: &ApiClient,
    bytes: Vec<u8>,
    file_name: &str,
    content_type: Option<&str>,
) -> ApiResult<ResumeResponse> {
    let mut part = Part::bytes(bytes).file_name(file_name.to_owned());
    if let Some(content_type) = content_type {
        part = part.mime_str(content_type).unwrap();
    }
    api.import_upload(Form::new().part("file", part)).await
}

/// An import of `content` as JSON, in `format`.
fn import(content: &str, format: Option<ImportFormat>) -> ImportRequest {
    ImportRequest {
        name: None,
        content: content.to_owned(),
        format,
    }
}

async fn a_json_resume_file_is_imported_with_every_mapping_warning(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);

    // Act
    let imported = upload(&api, SAMPLE.as_bytes().to_vec(), "richard.json", None)
        .await
        .unwrap();

    // Assert
    assert_eq!(imported.name, "richard");
    let personal = imported.resume.personal.as_ref().unwrap();
    assert_eq!(personal.contact.as_ref().unwrap().name, "Richard Hendriks");
    let experience = imported.resume.experience.as_ref().unwrap();
    assert_eq!(experience.roles[0].basics.company, "Pied Piper");
    let content = imported.content.as_str();
    assert!(content.starts_with("# Personal"), "{content}");
    let warnings = &imported.warnings;
    let paths: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "basics.location",
            "basics.label",
            "basics.profiles[0].username",
            "basics.profiles[1]",
            "work[0].description",
            "work[0].url",
            "education[0].url",
            "education[0].courses",
            "projects[0].startDate",
            "projects[0].endDate",
            "projects[0].highlights",
            "projects[0].roles",
            "projects[0].entity",
            "projects[0].type",
            "volunteer",
            "awards",
            "publications",
            "skills",
            "languages",
            "interests",
            "references",
        ]
    );
    assert!(warnings.iter().all(|w| w.line == 0));
    assert_eq!(
        warnings[15].message,
        "dropped: our format has no awards section"
    );
    assert_eq!(imported.warning_count, 21);

    // Stored as Markdown: reading it back has no mapping warnings any more.
    let stored = api.get_resume(&imported.id).await.unwrap();
    assert_eq!(stored.content, imported.content);
    assert!(stored.warnings.is_empty(), "{:?}", stored.warnings);

    // The media type alone also marks a JSON Resume file.
    let imported = upload(
        &api,
        SAMPLE.as_bytes().to_vec(),
        "richard",
        Some("application/json"),
    )
    .await
    .unwrap();
    assert_eq!(imported.warning_count, 21);

    // So does `format: "json-resume"` in a JSON body; without it, `content` is Markdown.
    let imported = api
        .import_resume(&import(SAMPLE, Some(ImportFormat::JsonResume)))
        .await
        .unwrap();
    assert_eq!(imported.name, "Richard Hendriks");
    assert_eq!(imported.warnings[16].path, "publications");
    let error = api
        .import_resume(&import("{\"basics\": 1}", Some(ImportFormat::JsonResume)))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert_eq!(
        error.fields["content"],
        "cannot be imported as a JSON Resume: basics: must be an object, found a number"
    );
    api.import_resume(&import(SAMPLE, None))
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidResume);
}

async fn json_resume_files_that_cannot_be_imported_are_refused_and_nothing_is_stored(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let over_limit = format!(
        "{{\"basics\": {{\"name\": \"A\", \"summary\": \"{}\"}}}}",
        "x".repeat(1024 * 1024)
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![0xff, 0xfe, b'{', b'}'], "UTF-8"),
        (b"{\"basics\": ".to_vec(), "not JSON"),
        (b"[\"a resume\"]".to_vec(), "document: must be an object"),
        (b"{\"title\": \"a job\"}".to_vec(), "not a JSON Resume"),
        (
            b"{\"work\": [{\"name\": \"Acme\", \"highlights\": \"one\"}]}".to_vec(),
            "work[0].highlights: must be an array of strings, found a string",
        ),
        (
            b"{\"awards\": [{\"title\": \"Best\"}]}".to_vec(),
            "nothing to import",
        ),
        (over_limit.into_bytes(), "1 MiB"),
    ];

    for (bytes, expected) in cases {
        // Act
        let result = upload(&api, bytes, "resume.json", None).await;

        // Assert
        let error = result.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        let message = error
            .fields
            .get("file")
            .or_else(|| error.fields.get("content"))
            .map_or("", String::as_str);
        assert!(
            message.contains(expected),
            "{expected} missing in {error:?}"
        );
    }
    let list = api.list_resumes(&ListResumes::default()).await.unwrap();
    assert_eq!(list.total, 0);
}

async fn the_json_resume_export_imports_back_to_the_same_resume(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let created = new_resume(&api, "Sam's resume", Some(ONE_ROLE)).await;

    // Act
    let export = api.export(&created.id, "format=json-resume").await.unwrap();

    // Assert: a JSON Resume document (its schema, not one of our wire types).
    assert_eq!(export.headers["content-type"], "application/json");
    let disposition = export.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Sams_resume.json\""),
        "{disposition}"
    );
    let document: Value = serde_json::from_slice(&export.bytes).unwrap();
    assert_eq!(document["basics"]["name"], "Sam Lee");
    assert_eq!(document["work"][0]["name"], "Acme");
    assert_eq!(document["work"][0]["startDate"], "2020-01");
    assert_eq!(
        document["work"][0]["highlights"],
        Value::from(vec!["Built the billing API"])
    );
    assert_eq!(
        document["work"][0]["x-resume-editor"]["skills"],
        Value::from(vec!["Rust"])
    );

    let imported = upload(&api, export.bytes.clone(), "back.json", None)
        .await
        .unwrap();
    assert_eq!(imported.resume, created.resume);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}
