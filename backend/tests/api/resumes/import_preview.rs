//! `POST /resumes/import/preview`: what an import would save, with every error and warning (a
//! JSON Resume mapping's dropped fields first), and nothing stored; then saving what it showed.

use reqwest::StatusCode;
use resume_shared::api::ErrorCode;
use resume_shared::api::import::{ImportFormat, ImportPreviewRequest};
use resume_shared::api::resumes::ImportRequest;

use super::ONE_ROLE;
use crate::client::{ApiClient, ListResumes};
use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    a_preview_shows_what_would_be_saved_and_stores_nothing,
    previews_of_files_that_cannot_be_imported_say_why,
);

const SAMPLE: &str = include_str!("../../../../shared/tests/json_resume/sample.resume.json");

async fn total(api: &ApiClient) -> u64 {
    api.list_resumes(&ListResumes::default())
        .await
        .unwrap()
        .total
}

/// A preview request of a file.
fn file(name: Option<&str>, content: &str) -> ImportPreviewRequest {
    ImportPreviewRequest {
        file_name: name.map(str::to_owned),
        content: content.to_owned(),
    }
}

async fn a_preview_shows_what_would_be_saved_and_stores_nothing(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);

    // A JSON Resume file: mapped, with the dropped fields first among the warnings.
    let preview = api
        .preview_import(&file(Some("richard.JSON"), SAMPLE))
        .await
        .unwrap();
    assert_eq!(preview.format, ImportFormat::JsonResume);
    assert_eq!(preview.name, "richard");
    assert_eq!(preview.error_count, 0);
    assert_eq!(preview.warning_count, preview.warnings.len() as u64);
    assert!(
        preview
            .warnings
            .iter()
            .any(|w| w.path == "awards" && w.line == 0),
        "{preview:?}"
    );
    let content = preview.content;
    assert!(content.starts_with("# Personal"), "{content}");
    assert!(content.contains("Richard Hendriks"));
    assert_eq!(total(&api).await, 0, "a preview stores nothing");

    // Saving what the preview showed.
    let saved = api
        .import_resume(&ImportRequest {
            name: Some("Richard".to_owned()),
            content: content.clone(),
            format: None,
        })
        .await
        .unwrap();
    assert_eq!(saved.content, content);
    assert_eq!(total(&api).await, 1);

    // A Markdown file with errors: listed with their lines, a name from the file.
    let broken = ONE_ROLE.replace("Company: Acme\n", "");
    let preview = api
        .preview_import(&file(Some("sam lee.md"), &broken))
        .await
        .unwrap();
    assert_eq!(preview.format, ImportFormat::Markdown);
    assert_eq!(preview.name, "sam lee");
    assert!(preview.error_count >= 1, "{preview:?}");
    assert!(preview.errors[0].line > 0);
    assert_eq!(preview.content, broken);

    // No file name: Markdown, named after the candidate.
    let preview = api.preview_import(&file(None, ONE_ROLE)).await.unwrap();
    assert_eq!(preview.name, "Sam Lee");
    assert_eq!(preview.error_count, 0);
    assert_eq!(total(&api).await, 1);
}

async fn previews_of_files_that_cannot_be_imported_say_why(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let cases = [
        (file(Some("x.json"), "not json at all"), "content"),
        (file(Some("x.json"), "[1, 2]"), "content"),
        (file(Some("x.md"), "a\u{0}b"), "content"),
        (file(Some("x.md"), &"x".repeat(1_048_577)), "content"),
        (file(Some("a\nb.md"), ONE_ROLE), "file_name"),
    ];
    for (request, field) in cases {
        let error = api.preview_import(&request).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key(field), "{error:?}");
    }
    assert_eq!(total(&api).await, 0);
}
