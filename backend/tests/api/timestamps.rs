//! One timestamp form on the wire: every timestamp of every JSON answer is RFC 3339 in UTC to
//! the second, `YYYY-MM-DDTHH:MM:SSZ` (docs/API-DESIGN.md). The test populates an instance
//! (users, a base and a tailored resume with revisions, the trash, a refinement, a token, share
//! links, the audit log) and walks every `GET` operation of the OpenAPI document, plus the
//! answers of the writes that made the data.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{Session, TestApp};
use crate::refinements::{JOB, arrange, read_events, read_events_at, start_ok};

db_tests!(every_timestamp_of_every_answer_has_the_one_documented_form; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
]);

/// Whether `text` is the one documented form.
fn is_documented_form(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    bytes.len() == 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19)
        && bytes[19] == b'Z'
}

/// Collects every string that reads as an RFC 3339 timestamp, with its JSON path.
fn timestamps(value: &Value, path: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) if chrono::DateTime::parse_from_rfc3339(text).is_ok() => {
            found.push((path.to_owned(), text.clone()));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                timestamps(item, &format!("{path}[{index}]"), found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                timestamps(item, &format!("{path}.{key}"), found);
            }
        }
        _ => {}
    }
}

/// Checks one answer; returns the field names of the timestamps it held.
fn check(route: &str, body: &Value) -> BTreeSet<String> {
    let mut found = Vec::new();
    timestamps(body, "$", &mut found);
    for (path, text) in &found {
        assert!(
            is_documented_form(text),
            "{route}: {path} is {text:?}, not YYYY-MM-DDTHH:MM:SSZ"
        );
    }
    found
        .into_iter()
        .filter_map(|(path, _)| path.rsplit('.').next().map(str::to_owned))
        .map(|key| key.split('[').next().unwrap_or_default().to_owned())
        .collect()
}

async fn send(app: &TestApp, session: &Session, method: Method, path: &str, body: Value) -> Value {
    let response = app
        .bearer(method.clone(), path, &session.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let answer: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{method} {path}: {status} {answer}");
    check(&format!("{method} {path}"), &answer);
    answer
}

async fn every_timestamp_of_every_answer_has_the_one_documented_form(app: TestApp) {
    assert!(is_documented_form("2026-12-07T10:00:00Z"));
    assert!(!is_documented_form("2026-12-07T10:00:00.123+00:00"));
    assert!(!is_documented_form("2026-12-07T10:00:00+00:00"));

    // Arrange: every kind of row there is.
    let (admin, _fake, base) = arrange(&app, 2).await;
    let user_id = app.create_user(&admin, "alice").await;
    let resume = send(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{base}"),
        json!(null),
    )
    .await;
    let renamed = send(
        &app,
        &admin,
        Method::PUT,
        &format!("/resumes/{base}"),
        json!({
            "name": "Base, renamed",
            "content": crate::resumes::ONE_ROLE,
            "version": resume["version"],
        }),
    )
    .await;
    assert_eq!(renamed["version"], 2);
    let job = start_ok(
        &app,
        &admin,
        &base,
        json!({ "job_description": JOB, "company": "Initech" }),
    )
    .await;
    read_events(&app, &admin, &job, None).await;
    let tailored = send(
        &app,
        &admin,
        Method::POST,
        &format!("/refinements/{job}/apply"),
        json!({ "mode": "new", "accepted_roles": [0] }),
    )
    .await;
    let spare = send(
        &app,
        &admin,
        Method::POST,
        "/resumes",
        json!({ "name": "Spare", "content": crate::resumes::ONE_ROLE }),
    )
    .await;
    let spare_id = spare["id"].as_str().unwrap();
    send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{spare_id}"),
        json!(null),
    )
    .await;
    send(
        &app,
        &admin,
        Method::POST,
        "/tokens",
        json!({ "name": "ci", "scope": "read", "expires_in_days": 7 }),
    )
    .await;
    send(
        &app,
        &admin,
        Method::POST,
        &format!("/resumes/{}/application", tailored["id"].as_str().unwrap()),
        json!({ "status": "applied", "applied_on": "2026-12-01" }),
    )
    .await;
    // Share links: one with an expiry given with a fraction and an offset, viewed once, and
    // a revoked one.
    let shares = format!("/resumes/{}/shares", tailored["id"].as_str().unwrap());
    let share = send(
        &app,
        &admin,
        Method::POST,
        &shares,
        json!({ "expires_at": "2999-01-01T02:00:00.5+02:00" }),
    )
    .await;
    assert_eq!(share["expires_at"], "2999-01-01T00:00:00Z");
    let page = reqwest::get(format!(
        "{}{}",
        app.address,
        share["path"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let revoked = send(&app, &admin, Method::POST, &shares, json!({})).await;
    let revoke = app
        .bearer(
            Method::DELETE,
            &format!("{shares}/{}", revoked["id"].as_str().unwrap()),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);

    // A cover letter drafted from the tailored resume (its own job description).
    let draft = send(
        &app,
        &admin,
        Method::POST,
        &format!(
            "/resumes/{}/cover-letters",
            tailored["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    let draft = draft["id"].as_str().unwrap().to_owned();
    let events = read_events_at(
        &app,
        &admin,
        &format!("/cover-letter-drafts/{draft}/events"),
        None,
    )
    .await;
    let letter = events
        .iter()
        .find(|(_, kind, _)| kind == "letter")
        .map(|(_, _, payload)| payload["letter_id"].as_str().unwrap().to_owned())
        .expect("the draft wrote its letter");

    // Act and assert: every GET of the document, with the ids filled in.
    let document: Value = reqwest::get(format!("{}/api/openapi.json", app.address))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tailored_id = tailored["id"].as_str().unwrap();
    let mut checked = BTreeSet::new();
    let mut routes = 0;
    for (template, item) in document["paths"].as_object().unwrap() {
        let Some(operation) = item.get("get") else {
            continue;
        };
        let json_answer = operation["responses"]["200"]["content"]
            .as_object()
            .is_some_and(|content| content.len() == 1 && content.contains_key("application/json"));
        if !json_answer {
            continue;
        }
        let id = if template.starts_with("/api/v1/refinements/") {
            job.as_str()
        } else if template.starts_with("/api/v1/cover-letter-drafts/") {
            draft.as_str()
        } else if template.starts_with("/api/v1/cover-letters/") {
            letter.as_str()
        } else if template.starts_with("/api/v1/admin/users/") {
            user_id.as_str()
        } else if template.contains("/revisions") || template.ends_with("/diff") {
            base.as_str()
        } else {
            tailored_id
        };
        let path = template
            .trim_start_matches("/api/v1")
            .replace("{id}", id)
            .replace("{version}", "1")
            .replace("{index}", "0")
            .replace("{template}", "modern");
        let required: Vec<String> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query" && p["required"] == true)
            .map(|p| {
                let name = p["name"].as_str().unwrap();
                let value = match name {
                    "from" => "1",
                    "to" => "2",
                    other => panic!("{template}: no value for the required parameter {other}"),
                };
                format!("{name}={value}")
            })
            .collect();
        let path = if required.is_empty() {
            path
        } else {
            format!("{path}?{}", required.join("&"))
        };
        let response = app
            .bearer(Method::GET, &path, &admin.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        if status == StatusCode::NOT_FOUND && template.contains("{index}") {
            // A section the generated resume does not have: nothing to read there.
            continue;
        }
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        checked.extend(check(&format!("GET {path}"), &body));
        routes += 1;
    }
    assert!(routes >= 20, "only {routes} routes walked");
    for field in [
        "created_at",
        "updated_at",
        "deleted_at",
        "purge_at",
        "finished_at",
        "applied_at",
        "last_login_at",
        "changed_at",
        "expires_at",
        "revoked_at",
        "last_viewed_at",
    ] {
        assert!(checked.contains(field), "no {field} seen: {checked:?}");
    }
}
