//! The resume routes: storage, ownership, versions, the trash, revisions, structured editing,
//! validation, import and export. Each test runs on SQLite and on PostgreSQL.

mod crud;
mod documents;
mod export;
mod import_preview;
mod json_resume;
mod list;
mod revisions;
mod sections;
mod trash;

use reqwest::{Method, StatusCode};
use resume_shared::api::resumes::{CreateResumeRequest, ResumeResponse};
use serde_json::{Value, json};

use crate::client::ApiClient;
use crate::helpers::{Session, TestApp};

/// A small valid resume whose only role is at Acme.
pub const ONE_ROLE: &str = "# Personal\n\n## Contact Information\n\nName: Sam Lee\n\n# Experience\n\n## Roles\n\n### Role\n\n#### Basics\n\nCompany: Acme\nTitle: Engineer\nStart date: 01/2020\n\n#### Responsibilities\n\n* Built the billing API\n\n#### Skills\n\n* Rust";

/// Signs up a second, non-admin user and signs them in.
pub async fn second_user(app: &TestApp, admin: &Session, name: &str) -> Session {
    app.create_user(admin, name).await;
    app.login(name, crate::helpers::USER_PASSWORD).await
}

/// `POST /resumes`; panics unless 201. Returns the body.
pub async fn create(app: &TestApp, session: &Session, name: &str, content: Option<&str>) -> Value {
    let mut body = json!({ "name": name });
    if let Some(content) = content {
        body["content"] = json!(content);
    }
    let response = app
        .bearer(Method::POST, "/resumes", &session.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// `POST /resumes` with the typed client; panics unless it succeeds.
pub async fn new_resume(api: &ApiClient, name: &str, content: Option<&str>) -> ResumeResponse {
    api.create_resume(&CreateResumeRequest {
        name: name.to_owned(),
        content: content.map(str::to_owned),
    })
    .await
    .unwrap()
}

/// Sends a JSON request with the session's token.
pub async fn send(
    app: &TestApp,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = app.bearer(method, path, &session.token);
    match body {
        Some(body) => request.json(&body),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

/// Sends a request and returns the JSON body, asserting the status.
pub async fn json_of(
    app: &TestApp,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
) -> Value {
    let response = send(app, session, method.clone(), path, body).await;
    let actual = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "{method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The id of a resume body.
pub fn id(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}
