//! `GET /resumes/{id}/export` and the remembered export options.

use std::io::Read as _;

use reqwest::StatusCode;
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{DesignPreferences, ExportPreferences};

use super::new_resume;
use crate::db_tests;
use crate::helpers::TestApp;

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

/// Export preferences of `format` with every choice but the range and the template.
fn preferences(
    format: &str,
    preset: &str,
    include_projects: bool,
    projects_first: bool,
    include_education: bool,
) -> ExportPreferences {
    ExportPreferences {
        format: format.to_owned(),
        preset: preset.to_owned(),
        from: None,
        to: None,
        include_projects,
        projects_first,
        include_education,
        template: None,
        design: DesignPreferences::default(),
    }
}

async fn exports_come_with_type_and_file_name_and_honour_the_options(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Jordan's resume", None).await.id;

    // Act and assert: DOCX (both layouts).
    for format in ["docx-ats", "docx-plain"] {
        let docx = api
            .export(&resume, &format!("format={format}"))
            .await
            .unwrap();
        let headers = &docx.headers;
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
        let xml = document_xml(&docx.bytes);
        assert!(
            xml.contains("Example Company") && xml.contains("Your Name"),
            "{format}"
        );
    }

    // Markdown: the stored text as is; with a range or without projects it changes.
    let markdown = api.export(&resume, "format=markdown").await.unwrap();
    assert_eq!(
        markdown.headers["content-type"],
        "text/markdown; charset=utf-8"
    );
    assert!(
        markdown.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("Jordans_resume.md")
    );
    assert_eq!(markdown.text(), resume_shared::sample::PLACEHOLDER);
    let ranged = api
        .export(&resume, "format=markdown&from=2023-01")
        .await
        .unwrap();
    let text = ranged.text();
    assert!(text.contains("Example Company"), "the ongoing role stays");
    assert!(
        !text.contains("Example Project"),
        "the 2022 project is outside the range"
    );

    let docx = api
        .export(
            &resume,
            "format=docx-ats&include_projects=false&include_education=false",
        )
        .await
        .unwrap();
    let xml = document_xml(&docx.bytes);
    assert!(!xml.contains("Example Project") && !xml.contains("Example University"));
    assert!(xml.contains("Example Company"));
}

async fn tailored_resumes_are_named_after_the_candidate(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let base = new_resume(&api, "Base", None).await.id;
    app.sql("UPDATE resumes SET kind = 'tailored', name = 'Initech SRE' WHERE name = 'Base'")
        .await;
    let docx = api.export(&base, "format=docx-plain").await.unwrap();
    let disposition = docx.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains("filename=\"Your_Name_Initech_SRE.docx\""),
        "{disposition}"
    );
}

async fn bad_export_parameters_answer_400(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Params", None).await.id;
    for query in [
        "format=odt",
        "format=docx-ats&preset=fancy",
        "format=docx-ats&from=2020",
        "format=docx-ats&from=2021-13",
        "format=docx-ats&from=2022-01&to=2021-01",
        "format=docx-ats&include_projects=maybe",
    ] {
        api.export(&resume, query)
            .await
            .unwrap_err()
            .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    }
}

async fn export_options_are_remembered_by_put_and_used_as_defaults(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Prefs", None).await.id;
    api.export(&resume, "format=markdown").await.unwrap();
    let read = api.get_resume(&resume).await.unwrap();
    assert!(
        read.export_preferences.is_none(),
        "a GET export stores nothing"
    );

    // Act
    let summary = ExportPreferences {
        from: Some("2023-01".to_owned()),
        ..preferences("markdown", "executive-summary", false, true, false)
    };
    let stored = api.put_export_preferences(&resume, &summary).await.unwrap();

    // Assert: normalised, stored without a new version, and used when the query is silent.
    assert_eq!(stored.preset, "executive_summary");
    assert_eq!(stored.from.as_deref(), Some("2023-01"));
    let read = api.get_resume(&resume).await.unwrap();
    assert_eq!(read.export_preferences.as_ref(), Some(&stored));
    assert_eq!(read.version, 1);
    let markdown = api.export(&resume, "").await.unwrap();
    assert_eq!(
        markdown.headers["content-type"],
        "text/markdown; charset=utf-8"
    );
    let text = markdown.text();
    assert!(!text.contains("Example Project"), "{text}");
    api.put_export_preferences(&resume, &preferences("odt", "general", true, false, true))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
}
