//! Untrusted input, route by route: paging bounds, control characters and NUL, the size of
//! every string field, bodies that are not JSON objects, versions at the edge of `i64`, the
//! cap on diagnostics, uploads over the limit, and revision comparisons too large to run.
//! Each case answers a 4xx in the envelope naming what is wrong, on SQLite and PostgreSQL
//! alike, and writes nothing.

mod characters;
mod diagnostics;
mod diff;
mod documented;
mod limits;
mod paging;
mod shape;
mod versions;

use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait as _};
use serde_json::Value;

use crate::helpers::{Session, TestApp, assert_error};

/// Sends `body` with the session's token (or without any credentials when `session` is
/// `None`); returns the status and the body (JSON, else `Null`).
pub async fn call(
    app: &TestApp,
    session: Option<&Session>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let request = match session {
        Some(session) => app.bearer(method, path, &session.token),
        None => app.anonymous(method, path),
    };
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts that the request answers 422 `validation_failed` naming `field`; returns what it
/// says about the field.
pub async fn refused(
    app: &TestApp,
    session: Option<&Session>,
    method: Method,
    path: &str,
    body: Option<Value>,
    field: &str,
) -> String {
    let request = match session {
        Some(session) => app.bearer(method.clone(), path, &session.token),
        None => app.anonymous(method.clone(), path),
    };
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    body["error"]["fields"][field]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path}: no problem named {field}: {body}"))
        .to_owned()
}

/// How many rows a table has.
pub async fn rows<E>(app: &TestApp, _table: E) -> u64
where
    E: EntityTrait,
    E::Model: Sync,
{
    E::find().count(&app.db).await.unwrap()
}
