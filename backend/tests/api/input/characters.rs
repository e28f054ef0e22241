//! Control characters and NUL, on every route that takes text. One-line values (usernames,
//! emails, names, companies, model names, URLs, search terms, filters) refuse every control
//! character; free text (resume content, notes, job descriptions, introductions) refuses NUL
//! and names its line. PostgreSQL cannot store a NUL in text (it answered 500) while SQLite
//! stored it; both now answer the same 422, before anything is written.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::{audit_log, rate_limits, resumes, users};
use serde_json::{Value, json};

use super::{call, refused, rows};
use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};
use crate::resumes::{ONE_ROLE, create, id};

db_tests!(anonymous_routes_refuse_control_characters_before_any_write; env = [("REGISTRATION_OPEN", "true")]);
db_tests!(
    account_settings_and_audit_inputs_refuse_control_characters,
    resume_fields_refuse_control_characters_and_text_refuses_nul_naming_the_line,
    structured_edits_and_refinements_refuse_control_characters_and_nul,
);

async fn anonymous_routes_refuse_control_characters_before_any_write(app: TestApp) {
    // Setup itself, before the first administrator exists.
    for (body, field) in [
        (
            json!({"username": "ad\u{0}min", "email": "a@example.com", "password": "long enough password"}),
            "username",
        ),
        (
            json!({"username": "admin", "email": "nul\u{0}@example.com", "password": "long enough password"}),
            "email",
        ),
    ] {
        refused(&app, None, Method::POST, "/setup", Some(body), field).await;
    }
    assert_eq!(rows(&app, users::Entity).await, 0);
    app.setup_admin().await;
    let (audit_before, attempts_before) = (
        rows(&app, audit_log::Entity).await,
        rows(&app, rate_limits::Entity).await,
    );

    // Login: refused before the rate limiter and the audit log see it.
    for username in [
        "a\u{0}",
        "admin\n",
        "admin\r\nforged: line",
        "\u{1b}[31madmin",
    ] {
        let body = json!({ "username": username, "password": "whatever" });
        refused(
            &app,
            None,
            Method::POST,
            "/auth/login",
            Some(body),
            "username",
        )
        .await;
    }
    assert_eq!(rows(&app, audit_log::Entity).await, audit_before);
    assert_eq!(rows(&app, rate_limits::Entity).await, attempts_before);

    // Registration: the NUL email passed the email check and was stored by SQLite.
    for (body, field) in [
        (
            json!({"username": "nul\u{0}", "email": "n@example.com", "password": "long enough password"}),
            "username",
        ),
        (
            json!({"username": "nulmail", "email": "nul\u{0}@example.com", "password": "long enough password"}),
            "email",
        ),
        (
            json!({"username": "tabmail", "email": "tab\t@example.com", "password": "long enough password"}),
            "email",
        ),
    ] {
        refused(
            &app,
            None,
            Method::POST,
            "/auth/register",
            Some(body),
            field,
        )
        .await;
    }
    assert_eq!(rows(&app, users::Entity).await, 1);
}

async fn account_settings_and_audit_inputs_refuse_control_characters(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let user_id = app.create_user(&admin, "alice").await;
    let users_before = rows(&app, users::Entity).await;

    // Act and assert: administration.
    for (body, field) in [
        (
            json!({"username": "bob\u{0}", "email": "bob@example.com", "password": "long enough password"}),
            "username",
        ),
        (
            json!({"username": "bob", "email": "bob\u{0}@example.com", "password": "long enough password"}),
            "email",
        ),
        (
            json!({"username": "bob", "email": "bob@example.com", "password": "long enough password", "roles": ["user\u{0}"]}),
            "roles",
        ),
    ] {
        refused(
            &app,
            Some(&admin),
            Method::POST,
            "/admin/users",
            Some(body),
            field,
        )
        .await;
    }
    assert_eq!(rows(&app, users::Entity).await, users_before);
    let path = format!("/admin/users/{user_id}");
    let body = json!({ "email": "alice\u{0}@example.com" });
    refused(
        &app,
        Some(&admin),
        Method::PATCH,
        &path,
        Some(body),
        "email",
    )
    .await;
    let (_, alice) = call(&app, Some(&admin), Method::GET, &path, None).await;
    assert_eq!(alice["email"], "alice@example.com");

    // Settings: a newline in the model name forged log lines; NUL broke PostgreSQL.
    for (body, field) in [
        (
            json!({ "llm_model": "gpt\nINFO forged: admin logged in" }),
            "llm_model",
        ),
        (json!({ "llm_model": "gpt\u{0}" }), "llm_model"),
        (
            json!({ "llm_endpoint": "https://example.com/v1\u{0}" }),
            "llm_endpoint",
        ),
        (json!({ "api_key": "sk-\u{0}" }), "api_key"),
        (json!({ "api_key": "sk-\r\nX-Injected: 1" }), "api_key"),
    ] {
        refused(
            &app,
            Some(&admin),
            Method::PUT,
            "/settings",
            Some(body),
            field,
        )
        .await;
    }
    let (_, settings) = call(&app, Some(&admin), Method::GET, "/settings", None).await;
    assert_eq!(settings["llm_model"], Value::Null, "{settings}");

    // The audit log's action filter.
    refused(
        &app,
        Some(&admin),
        Method::GET,
        "/admin/audit?action=login%00",
        None,
        "action",
    )
    .await;
}

async fn resume_fields_refuse_control_characters_and_text_refuses_nul_naming_the_line(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let with_nul = ONE_ROLE.replacen("Name: Sam Lee", "Name: Sam\u{0} Lee", 1);
    let nul_line = 5;
    assert_eq!(
        with_nul.lines().nth(nul_line - 1),
        Some("Name: Sam\u{0} Lee")
    );

    // Act and assert: creation, update, validation and import.
    let session = Some(&admin);
    let body = json!({ "name": "Res\u{0}ume" });
    refused(&app, session, Method::POST, "/resumes", Some(body), "name").await;
    let body = json!({ "name": "Resume", "content": with_nul });
    let problem = refused(
        &app,
        session,
        Method::POST,
        "/resumes",
        Some(body),
        "content",
    )
    .await;
    assert_eq!(
        problem,
        format!("must not contain NUL characters (line {nul_line})")
    );
    for (body, field) in [
        (json!({"version": 1, "name": "two\nlines"}), "name"),
        (json!({"version": 1, "content": with_nul}), "content"),
        (json!({"version": 1, "company": "Acme\u{1b}[2J"}), "company"),
        (json!({"version": 1, "notes": "ok\n\u{0}"}), "notes"),
        (
            json!({"version": 1, "introduction": "\u{0}"}),
            "introduction",
        ),
        (
            json!({"version": 1, "job_description": "a\u{0}"}),
            "job_description",
        ),
        (
            json!({"version": 1, "job_details": {"location": "Berlin\u{0}"}}),
            "job_details.location",
        ),
    ] {
        refused(&app, session, Method::PUT, &path, Some(body), field).await;
    }
    let body = json!({ "content": with_nul });
    let problem = refused(
        &app,
        session,
        Method::POST,
        "/resumes/validate",
        Some(body),
        "content",
    )
    .await;
    assert!(problem.contains(&format!("line {nul_line}")), "{problem}");
    for (body, field) in [
        (json!({"content": ONE_ROLE, "name": "a\u{0}"}), "name"),
        (json!({"content": with_nul}), "content"),
    ] {
        refused(
            &app,
            session,
            Method::POST,
            "/resumes/import",
            Some(body),
            field,
        )
        .await;
    }
    let upload = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(with_nul.clone().into_bytes()).file_name("cv.md"),
    );
    let response = app
        .bearer(Method::POST, "/resumes/import", &admin.token)
        .multipart(upload)
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
        body["error"]["fields"]["content"]
            .as_str()
            .unwrap()
            .contains("line 5")
    );
    let body = json!({"format": "docx-ats\u{0}", "preset": "general", "include_projects": true, "projects_first": false, "include_education": true});
    let preferences = format!("{path}/export-preferences");
    refused(
        &app,
        session,
        Method::PUT,
        &preferences,
        Some(body),
        "format",
    )
    .await;
    refused(&app, session, Method::GET, "/resumes?q=acme%00", None, "q").await;

    // Nothing was written.
    assert_eq!(rows(&app, resumes::Entity).await, 1);
    let (_, resume) = call(&app, session, Method::GET, &path, None).await;
    assert_eq!(resume["version"], 1);
    assert_eq!(resume["content"], ONE_ROLE);
}

async fn structured_edits_and_refinements_refuse_control_characters_and_nul(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = create(&app, &admin, "Base", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}", id(&created));
    let session: Option<&Session> = Some(&admin);

    // Act and assert: one-line model values refuse control characters, text refuses NUL; the
    // problems are named by their path in the resume.
    let body = json!({"version": 1, "personal": {"contact": {"name": "Sam\u{0}"}}});
    let personal = format!("{path}/personal");
    refused(
        &app,
        session,
        Method::PUT,
        &personal,
        Some(body),
        "personal.contact.name",
    )
    .await;
    let role = json!({
        "basics": {"company": "Globex", "title": "Lead", "start_date": "2021-01"},
        "responsibilities": "* led\n* sh\u{0}ipped",
    });
    let body = json!({ "version": 1, "item": role });
    let roles = format!("{path}/roles");
    let problem = refused(
        &app,
        session,
        Method::POST,
        &roles,
        Some(body),
        "experience.roles[1].responsibilities",
    )
    .await;
    assert_eq!(problem, "must not contain NUL characters (line 2)");
    let role =
        json!({"basics": {"company": "Glo\u{7}bex", "title": "Lead", "start_date": "2021-01"}});
    let body = json!({ "version": 1, "item": role });
    refused(
        &app,
        session,
        Method::POST,
        &roles,
        Some(body),
        "experience.roles[1].basics.company",
    )
    .await;

    // Refinements: the job description and the tailored resume's fields.
    let refinements = format!("{path}/refinements");
    let body = json!({ "job_description": "Rust\u{0} engineer" });
    refused(
        &app,
        session,
        Method::POST,
        &refinements,
        Some(body),
        "job_description",
    )
    .await;
    let body = json!({ "job_description": "Rust engineer", "company": "Acme\nInc" });
    refused(
        &app,
        session,
        Method::POST,
        &refinements,
        Some(body),
        "company",
    )
    .await;
    let apply = format!("/refinements/{}/apply", uuid::Uuid::new_v4());
    let body = json!({ "mode": "new", "accepted_roles": [], "name": "Tailored\u{0}" });
    refused(&app, session, Method::POST, &apply, Some(body), "name").await;

    // Nothing was written.
    let (_, resume) = call(&app, session, Method::GET, &path, None).await;
    assert_eq!(resume["version"], 1);
    let (_, jobs) = call(&app, session, Method::GET, &refinements, None).await;
    assert_eq!(jobs["items"].as_array().map(Vec::len), Some(0), "{jobs}");
}
