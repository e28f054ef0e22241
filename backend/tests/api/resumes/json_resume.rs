//! JSON Resume through the API: `POST /resumes/import` with a `.json` file and
//! `GET /resumes/{id}/export?format=json-resume`.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{ONE_ROLE, create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

db_tests!(
    a_json_resume_file_is_imported_with_every_mapping_warning,
    json_resume_files_that_cannot_be_imported_are_refused_and_nothing_is_stored,
    the_json_resume_export_imports_back_to_the_same_resume,
);

const SAMPLE: &str = include_str!("../../../../shared/tests/json_resume/sample.resume.json");

/// `POST /resumes/import` with `bytes` as the `file` part.
async fn upload(
    app: &TestApp,
    session: &Session,
    bytes: Vec<u8>,
    file_name: &str,
    content_type: Option<&str>,
) -> reqwest::Response {
    let mut part = Part::bytes(bytes).file_name(file_name.to_owned());
    if let Some(content_type) = content_type {
        part = part.mime_str(content_type).unwrap();
    }
    app.bearer(Method::POST, "/resumes/import", &session.token)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

async fn a_json_resume_file_is_imported_with_every_mapping_warning(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;

    // Act
    let response = upload(
        &app,
        &admin,
        SAMPLE.as_bytes().to_vec(),
        "richard.json",
        None,
    )
    .await;

    // Assert
    assert_eq!(response.status(), StatusCode::CREATED);
    let imported: Value = response.json().await.unwrap();
    assert_eq!(imported["name"], "richard");
    assert_eq!(
        imported["resume"]["personal"]["contact"]["name"],
        "Richard Hendriks"
    );
    assert_eq!(
        imported["resume"]["experience"]["roles"][0]["basics"]["company"],
        "Pied Piper"
    );
    let content = imported["content"].as_str().unwrap();
    assert!(content.starts_with("# Personal"), "{content}");
    let warnings = imported["warnings"].as_array().unwrap();
    let paths: Vec<&str> = warnings
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
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
    assert!(warnings.iter().all(|w| w["line"] == 0));
    assert_eq!(
        warnings[15]["message"],
        "dropped: our format has no awards section"
    );
    assert_eq!(imported["warning_count"], 21);

    // Stored as Markdown: reading it back has no mapping warnings any more.
    let stored = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{}", id(&imported)),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stored["content"], imported["content"]);
    assert_eq!(stored["warnings"], json!([]));

    // The media type alone also marks a JSON Resume file.
    let response = upload(
        &app,
        &admin,
        SAMPLE.as_bytes().to_vec(),
        "richard",
        Some("application/json"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let imported: Value = response.json().await.unwrap();
    assert_eq!(imported["warning_count"], 21);

    // So does `format: "json-resume"` in a JSON body; without it, `content` is Markdown.
    let imported = json_of(
        &app,
        &admin,
        Method::POST,
        "/resumes/import",
        Some(json!({ "content": SAMPLE, "format": "json-resume" })),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(imported["name"], "Richard Hendriks");
    assert_eq!(imported["warnings"][16]["path"], "publications");
    let response = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import",
        Some(json!({ "content": "{\"basics\": 1}", "format": "json-resume" })),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["error"]["fields"]["content"],
        "cannot be imported as a JSON Resume: basics: must be an object, found a number"
    );
    let response = send(
        &app,
        &admin,
        Method::POST,
        "/resumes/import",
        Some(json!({ "content": SAMPLE })),
    )
    .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
}

async fn json_resume_files_that_cannot_be_imported_are_refused_and_nothing_is_stored(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
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
        let response = upload(&app, &admin, bytes, "resume.json", None).await;

        // Assert
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let fields = &body["error"]["fields"];
        let message = fields["file"]
            .as_str()
            .or_else(|| fields["content"].as_str())
            .unwrap_or_default();
        assert!(message.contains(expected), "{expected} missing in {body}");
    }
    let list = json_of(&app, &admin, Method::GET, "/resumes", None, StatusCode::OK).await;
    assert_eq!(list["total"], 0);
}

async fn the_json_resume_export_imports_back_to_the_same_resume(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Sam's resume", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}/export?format=json-resume", id(&created));

    // Act
    let response = send(&app, &admin, Method::GET, &path, None).await;

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"Sams_resume.json\""),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document["basics"]["name"], "Sam Lee");
    assert_eq!(document["work"][0]["name"], "Acme");
    assert_eq!(document["work"][0]["startDate"], "2020-01");
    assert_eq!(
        document["work"][0]["highlights"],
        json!(["Built the billing API"])
    );
    assert_eq!(
        document["work"][0]["x-resume-editor"]["skills"],
        json!(["Rust"])
    );

    let response = upload(&app, &admin, bytes.to_vec(), "back.json", None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let imported: Value = response.json().await.unwrap();
    assert_eq!(imported["resume"], created["resume"]);
    assert_eq!(imported["warnings"], json!([]));
}
