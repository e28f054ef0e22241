//! The designed templates over HTTP: `GET /templates`, PDF and Word exports in a template with
//! options, page-image previews with their cache validator, and design options remembered
//! with the export preferences. PDF text is read back with poppler's `pdftotext`.

use std::io::Write as _;
use std::process::Command;

use reqwest::{Method, StatusCode};
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{DesignPreferences, ExportPreferences};
use resume_shared::api::templates::{TemplateOption, TemplateOptionKind};
use resume_shared::sample::generated_resume;

use super::{ONE_ROLE, new_resume, second_user};
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

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

/// Export preferences of the designed PDF of `template` with the default choices.
fn pdf_preferences(template: &str, design: DesignPreferences) -> ExportPreferences {
    ExportPreferences {
        format: "pdf".to_owned(),
        preset: "general".to_owned(),
        from: None,
        to: None,
        include_projects: true,
        projects_first: false,
        include_education: true,
        template: Some(template.to_owned()),
        design,
    }
}

async fn templates_list_names_formats_and_typed_options(app: TestApp) {
    let admin = app.setup_admin().await;
    let templates = app.api(&admin).list_templates().await.unwrap();
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
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
    assert_eq!(compact.formats, ["pdf", "docx"]);
    assert_eq!(compact.target_pages, Some(1));
    let option = |name: &str| -> &TemplateOption {
        compact
            .options
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(option("paper").kind, TemplateOptionKind::Choice);
    assert_eq!(option("paper").values, ["a4", "letter"]);
    assert_eq!(option("accent").kind, TemplateOptionKind::Colour);
    assert_eq!(option("font_size").kind, TemplateOptionKind::Number);
    assert_eq!(option("font_size").min, Some(8.0));
    assert_eq!(option("font_size").default, "9");
    assert_eq!(option("language").values, ["en", "de", "fr", "es"]);
    assert_eq!(option("sections").kind, TemplateOptionKind::Sections);
    assert_eq!(templates[3].formats, ["docx"]);
    assert!(templates[3].options.is_empty());
    app.anonymous_api()
        .list_templates()
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
}

async fn a_pdf_export_in_each_design_carries_the_resume_and_its_page_count(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Designs", Some(ONE_ROLE)).await.id;
    for template in ["modern", "classic", "compact"] {
        let query =
            format!("format=pdf&template={template}&paper=letter&accent=%23aa0011&language=fr");
        let pdf = api
            .export(&resume, &query)
            .await
            .unwrap_or_else(|failure| panic!("{template}: {failure:?}"));
        let headers = &pdf.headers;
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
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{template}");
        let text = pdf_text(&pdf.bytes);
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
        let docx = api
            .export(&resume, &format!("format=docx&template={template}"))
            .await
            .unwrap_or_else(|failure| panic!("{template}: {failure:?}"));
        assert!(docx.headers.get("x-page-count").is_none());
        assert!(docx.bytes.starts_with(b"PK"), "{template}: a zip package");
    }
}

async fn a_one_page_design_that_needs_more_pages_says_so_and_keeps_everything(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let long = generated_resume(50, 20);
    let resume = new_resume(&api, "Long", Some(&long)).await.id;
    let pdf = api
        .export(&resume, "format=pdf&template=compact")
        .await
        .unwrap();
    let pages: usize = pdf.headers["x-page-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pages > 1);
    let warning = pdf.headers["x-export-warning"].to_str().unwrap();
    assert!(warning.contains(&format!("needs {pages}")), "{warning}");
    let text = pdf_text(&pdf.bytes);
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
    let api = app.api(&admin);
    let resume = new_resume(&api, "Bad", Some(ONE_ROLE)).await.id;
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
        let error = api.export(&resume, query).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key(field), "{query}: {error:?}");
    }
}

async fn previews_are_page_images_cached_by_content_and_options(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Preview", Some(ONE_ROLE)).await.id;
    let query = "template=modern&width=300";
    let preview = api.preview(&resume, query).await.unwrap();
    assert_eq!(preview.headers["content-type"], "image/png");
    assert_eq!(preview.headers["x-page-count"], "1");
    let etag = preview.headers["etag"].to_str().unwrap().to_owned();
    let png = &preview.bytes;
    assert!(png.starts_with(b"\x89PNG"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!((299..=301).contains(&width), "width {width}");

    // The same content and options: 304 with the validator (a conditional request, sent
    // raw); other options: another image.
    let again = app
        .bearer(
            Method::GET,
            &format!("/resumes/{resume}/preview?{query}"),
            &admin.token,
        )
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let other = api
        .preview(&resume, &format!("{query}&accent=%23aa0011"))
        .await
        .unwrap();
    assert_ne!(other.headers["etag"].to_str().unwrap(), etag);

    for (query, field) in [
        ("template=original-ats", "template"),
        ("template=modern&page=2", "page"),
        ("template=modern&width=5000", "width"),
        ("template=modern&format=docx", "format"),
        ("template=modern&zoom=2", "zoom"),
    ] {
        let error = api.preview(&resume, query).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key(field), "{query}: {error:?}");
    }
    let stranger = second_user(&app, &admin, "stranger").await;
    app.api(&stranger)
        .preview(&resume, query)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

async fn design_options_are_remembered_and_used_by_later_exports(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Remembered", Some(ONE_ROLE)).await.id;
    let design = DesignPreferences {
        paper: Some("LETTER".to_owned()),
        accent: Some("#AA0011".to_owned()),
        font: None,
        font_size: Some("10.50".to_owned()),
        margin: Some(".6".to_owned()),
        language: Some("de".to_owned()),
        sections: Some("experience, skills".to_owned()),
    };
    let stored = api
        .put_export_preferences(&resume, &pdf_preferences("Classic", design))
        .await
        .unwrap();
    assert_api_snapshot!("export_preferences", stored);
    assert_eq!(stored.template.as_deref(), Some("classic"));
    let design = &stored.design;
    assert_eq!(design.paper.as_deref(), Some("letter"));
    assert_eq!(design.accent.as_deref(), Some("#aa0011"));
    assert_eq!(design.font_size.as_deref(), Some("10.5"));
    assert_eq!(design.margin.as_deref(), Some("0.6"));
    assert_eq!(design.sections.as_deref(), Some("experience,skills"));
    assert!(design.font.is_none(), "only given options are stored");
    let read = api.get_resume(&resume).await.unwrap();
    assert_eq!(read.export_preferences.as_ref(), Some(&stored));

    // A silent query exports a classic PDF in German on Letter paper.
    let pdf = api.export(&resume, "").await.unwrap();
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("Berufserfahrung"), "{text}");
    assert!(!text.contains("Sam Lee jr"), "{text}");
    // Asking for Word keeps the remembered design, which renders Word too.
    api.export(&resume, "format=docx").await.unwrap();

    let blue = DesignPreferences {
        accent: Some("blue".to_owned()),
        ..DesignPreferences::default()
    };
    let error = api
        .put_export_preferences(&resume, &pdf_preferences("modern", blue))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(error.fields.contains_key("accent"), "{error:?}");
}
