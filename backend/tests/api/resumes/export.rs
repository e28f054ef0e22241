//! `GET /resumes/{id}/export` and the remembered export options.

use std::io::Read as _;

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    exports_come_with_type_and_file_name_and_honour_the_options,
    tailored_resumes_are_named_after_the_candidate,
    bad_export_parameters_answer_400,
    export_options_are_remembered_by_put_and_used_as_defaults,
);

fn document_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

async fn exports_come_with_type_and_file_name_and_honour_the_options(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Jordan's resume", None).await);
    let path = format!("/resumes/{resume}/export");

    // Act and assert: DOCX (both layouts).
    for format in ["docx-ats", "docx-plain"] {
        let response = send(
            &app,
            &admin,
            Method::GET,
            &format!("{path}?format={format}"),
            None,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"Jordans_resume.docx\""),
            "{disposition}"
        );
        assert_eq!(headers["cache-control"], "no-store");
        let bytes = response.bytes().await.unwrap();
        let xml = document_xml(&bytes);
        assert!(
            xml.contains("Example Company") && xml.contains("Your Name"),
            "{format}"
        );
    }

    // Markdown: the stored text as is; with a range or without projects it changes.
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}?format=markdown"),
        None,
    )
    .await;
    assert_eq!(
        response.headers()["content-type"],
        "text/markdown; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("Jordans_resume.md")
    );
    assert_eq!(
        response.text().await.unwrap(),
        resume_shared::sample::PLACEHOLDER
    );
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}?format=markdown&from=2023-01"),
        None,
    )
    .await;
    let text = response.text().await.unwrap();
    assert!(text.contains("Example Company"), "the ongoing role stays");
    assert!(
        !text.contains("Example Project"),
        "the 2022 project is outside the range"
    );

    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}?format=docx-ats&include_projects=false&include_education=false"),
        None,
    )
    .await;
    let xml = document_xml(&response.bytes().await.unwrap());
    assert!(!xml.contains("Example Project") && !xml.contains("Example University"));
    assert!(xml.contains("Example Company"));
}

async fn tailored_resumes_are_named_after_the_candidate(app: TestApp) {
    let admin = app.setup_admin().await;
    let base = id(&create(&app, &admin, "Base", None).await);
    app.sql("UPDATE resumes SET kind = 'tailored', name = 'Initech SRE' WHERE name = 'Base'")
        .await;
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{base}/export?format=docx-plain"),
        None,
    )
    .await;
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename=\"Your_Name_Initech_SRE.docx\""),
        "{disposition}"
    );
}

async fn bad_export_parameters_answer_400(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Params", None).await);
    for query in [
        "format=odt",
        "format=docx-ats&preset=fancy",
        "format=docx-ats&from=2020",
        "format=docx-ats&from=2021-13",
        "format=docx-ats&from=2022-01&to=2021-01",
        "format=docx-ats&include_projects=maybe",
    ] {
        let response = send(
            &app,
            &admin,
            Method::GET,
            &format!("/resumes/{resume}/export?{query}"),
            None,
        )
        .await;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
    }
}

async fn export_options_are_remembered_by_put_and_used_as_defaults(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Prefs", None).await);
    let path = format!("/resumes/{resume}");
    let before = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/export?format=markdown"),
        None,
    )
    .await;
    assert_eq!(before.status(), StatusCode::OK);
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert!(
        read.get("export_preferences").is_none(),
        "a GET export stores nothing"
    );

    // Act
    let stored = json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/export-preferences"),
        Some(json!({
            "format": "markdown", "preset": "executive-summary", "from": "2023-01",
            "include_projects": false, "projects_first": true, "include_education": false
        })),
        StatusCode::OK,
    )
    .await;

    // Assert: normalised, stored without a new version, and used when the query is silent.
    assert_eq!(stored["preset"], "executive_summary");
    assert_eq!(stored["from"], "2023-01");
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["export_preferences"], stored);
    assert_eq!(read["version"], 1);
    let response = send(&app, &admin, Method::GET, &format!("{path}/export"), None).await;
    assert_eq!(
        response.headers()["content-type"],
        "text/markdown; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(!text.contains("Example Project"), "{text}");
    let response = send(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/export-preferences"),
        Some(json!({
            "format": "odt", "preset": "general",
            "include_projects": true, "projects_first": false, "include_education": true
        })),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}
