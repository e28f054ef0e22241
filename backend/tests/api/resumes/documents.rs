//! The designed templates over HTTP: `GET /templates`, PDF and Word exports in a template with
//! options, page-image previews with their cache validator, and design options remembered
//! with the export preferences. PDF text is read back with poppler's `pdftotext`.

use std::io::Write as _;
use std::process::Command;

use reqwest::{Method, StatusCode};
use resume_shared::sample::generated_resume;
use serde_json::{Value, json};

use super::{ONE_ROLE, create, id, json_of, second_user, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    templates_list_names_formats_and_typed_options,
    a_pdf_export_in_each_design_carries_the_resume_and_its_page_count,
    a_one_page_design_that_needs_more_pages_says_so_and_keeps_everything,
    unknown_templates_and_options_answer_422_naming_them,
    previews_are_page_images_cached_by_content_and_options,
    design_options_are_remembered_and_used_by_later_exports,
);

/// The text of a PDF in content order, whitespace collapsed.
fn pdf_text(bytes: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-raw"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian's poppler-utils; scripts/test.sh installs it)");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn templates_list_names_formats_and_typed_options(app: TestApp) {
    let admin = app.setup_admin().await;
    let templates = json_of(
        &app,
        &admin,
        Method::GET,
        "/templates",
        None,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "modern",
            "classic",
            "compact",
            "original-ats",
            "original-plain"
        ]
    );
    let compact = &templates[2];
    assert_eq!(compact["formats"], json!(["pdf", "docx"]));
    assert_eq!(compact["target_pages"], 1);
    let option = |name: &str| -> Value {
        compact["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(option("paper")["kind"], "choice");
    assert_eq!(option("paper")["values"], json!(["a4", "letter"]));
    assert_eq!(option("accent")["kind"], "colour");
    assert_eq!(option("font_size")["kind"], "number");
    assert_eq!(option("font_size")["min"], 8.0);
    assert_eq!(option("font_size")["default"], "9");
    assert_eq!(
        option("language")["values"],
        json!(["en", "de", "fr", "es"])
    );
    assert_eq!(option("sections")["kind"], "sections");
    assert_eq!(templates[3]["formats"], json!(["docx"]));
    assert_eq!(templates[3]["options"], json!([]));
    let anonymous = app
        .anonymous(Method::GET, "/templates")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn a_pdf_export_in_each_design_carries_the_resume_and_its_page_count(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Designs", Some(ONE_ROLE)).await);
    for template in ["modern", "classic", "compact"] {
        let response = send(
            &app,
            &admin,
            Method::GET,
            &format!("/resumes/{resume}/export?format=pdf&template={template}&paper=letter&accent=%23aa0011&language=fr"),
            None,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{template}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(headers["x-page-count"], "1");
        assert!(headers.get("x-export-warning").is_none());
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("Designs.pdf"),
            "{template}"
        );
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{template}");
        let text = pdf_text(&bytes);
        for expected in [
            "Sam Lee",
            "Engineer",
            "janv. 2020",
            "Acme",
            "Built the billing API",
        ] {
            assert!(
                text.contains(expected),
                "{template}: {expected} not in {text}"
            );
        }
        let docx = send(
            &app,
            &admin,
            Method::GET,
            &format!("/resumes/{resume}/export?format=docx&template={template}"),
            None,
        )
        .await;
        assert_eq!(docx.status(), StatusCode::OK, "{template}");
        assert!(docx.headers().get("x-page-count").is_none());
        let bytes = docx.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"), "{template}: a zip package");
    }
}

async fn a_one_page_design_that_needs_more_pages_says_so_and_keeps_everything(app: TestApp) {
    let admin = app.setup_admin().await;
    let long = generated_resume(50, 20);
    let resume = id(&create(&app, &admin, "Long", Some(&long)).await);
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{resume}/export?format=pdf&template=compact"),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let pages: usize = response.headers()["x-page-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pages > 1);
    let warning = response.headers()["x-export-warning"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(warning.contains(&format!("needs {pages}")), "{warning}");
    let text = pdf_text(&response.bytes().await.unwrap());
    let parsed = resume_shared::parse(&long).unwrap().resume;
    for role in &parsed.experience.unwrap().roles {
        assert!(
            text.contains(role.basics.title.trim()),
            "{} missing",
            role.basics.title
        );
    }
}

async fn unknown_templates_and_options_answer_422_naming_them(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Bad", Some(ONE_ROLE)).await);
    for (query, field) in [
        ("format=pdf&template=fancy", "template"),
        ("format=pdf&template=original-ats", "template"),
        ("format=docx-ats&template=modern", "template"),
        ("format=pdf&colour=red", "colour"),
        ("format=pdf&accent=red", "accent"),
        ("format=pdf&paper=a5", "paper"),
        ("format=pdf&font=comic-sans", "font"),
        ("format=pdf&font_size=30", "font_size"),
        ("format=pdf&margin=2", "margin"),
        ("format=pdf&language=xx", "language"),
        ("format=pdf&sections=skills,hobbies", "sections"),
    ] {
        let response = send(
            &app,
            &admin,
            Method::GET,
            &format!("/resumes/{resume}/export?{query}"),
            None,
        )
        .await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body.to_string().contains(field), "{query}: {body}");
    }
}

async fn previews_are_page_images_cached_by_content_and_options(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Preview", Some(ONE_ROLE)).await);
    let path = format!("/resumes/{resume}/preview?template=modern&width=300");
    let response = send(&app, &admin, Method::GET, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["x-page-count"], "1");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let png = response.bytes().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!((299..=301).contains(&width), "width {width}");

    // The same content and options: 304 with the validator; other options: another image.
    let again = app
        .bearer(Method::GET, &path, &admin.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let other = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}&accent=%23aa0011"),
        None,
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_ne!(other.headers()["etag"].to_str().unwrap(), etag);

    for (query, field) in [
        ("template=original-ats", "template"),
        ("template=modern&page=2", "page"),
        ("template=modern&width=5000", "width"),
        ("template=modern&format=docx", "format"),
        ("template=modern&zoom=2", "zoom"),
    ] {
        let response = send(
            &app,
            &admin,
            Method::GET,
            &format!("/resumes/{resume}/preview?{query}"),
            None,
        )
        .await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body.to_string().contains(field), "{query}: {body}");
    }
    let stranger = second_user(&app, &admin, "stranger").await;
    let response = send(&app, &stranger, Method::GET, &path, None).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn design_options_are_remembered_and_used_by_later_exports(app: TestApp) {
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Remembered", Some(ONE_ROLE)).await);
    let path = format!("/resumes/{resume}");
    let stored = json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/export-preferences"),
        Some(json!({
            "format": "pdf", "template": "Classic", "preset": "general",
            "include_projects": true, "projects_first": false, "include_education": true,
            "paper": "LETTER", "accent": "#AA0011", "font_size": "10.50", "margin": ".6",
            "language": "de", "sections": "experience, skills"
        })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(stored["template"], "classic");
    assert_eq!(stored["paper"], "letter");
    assert_eq!(stored["accent"], "#aa0011");
    assert_eq!(stored["font_size"], "10.5");
    assert_eq!(stored["margin"], "0.6");
    assert_eq!(stored["sections"], "experience,skills");
    assert!(
        stored.get("font").is_none(),
        "only given options are stored"
    );
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["export_preferences"], stored);

    // A silent query exports a classic PDF in German on Letter paper.
    let response = send(&app, &admin, Method::GET, &format!("{path}/export"), None).await;
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let text = pdf_text(&bytes);
    assert!(text.contains("Berufserfahrung"), "{text}");
    assert!(!text.contains("Sam Lee jr"), "{text}");
    // Asking for Word keeps the remembered design, which renders Word too.
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/export?format=docx"),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    let response = send(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/export-preferences"),
        Some(json!({
            "format": "pdf", "preset": "general", "template": "modern",
            "include_projects": true, "projects_first": false, "include_education": true,
            "accent": "blue"
        })),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body.to_string().contains("accent"), "{body}");
}
