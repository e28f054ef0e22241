//! Every 4xx/5xx answers in the error envelope: malformed JSON, wrong content type, oversized
//! bodies, unknown routes and methods, bad parameters, an unreachable database.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    malformed_json_answers_400_invalid_json,
    a_body_of_the_wrong_shape_answers_400_invalid_json,
    whole_numbers_written_as_floats_are_integers,
    a_wrong_content_type_answers_415,
    an_oversized_body_answers_413,
    unknown_routes_and_methods_answer_in_the_envelope,
    requests_carry_a_request_id,
    health_answers_ok_and_503_without_the_database,
);

async fn malformed_json_answers_400_invalid_json(app: TestApp) {
    let admin = app.setup_admin().await;
    for path in ["/auth/login", "/settings"] {
        let method = if path == "/settings" {
            Method::PUT
        } else {
            Method::POST
        };
        let response = app
            .bearer(method, path, &admin.token)
            .header("content-type", "application/json")
            .body("{\"username\": ")
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    }
}

async fn a_body_of_the_wrong_shape_answers_400_invalid_json(app: TestApp) {
    app.setup_admin().await;
    let response = app
        .anonymous(Method::POST, "/auth/login")
        .json(&json!({ "username": 42 }))
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("username"),
        "{body}"
    );
}

/// JSON Schema, and so the OpenAPI document, counts `2.0` as an integer: the body is read as
/// if it said `2`. A fraction is still the wrong shape.
async fn whole_numbers_written_as_floats_are_integers(app: TestApp) {
    let admin = app.setup_admin().await;
    let response = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .header("content-type", "application/json")
        .body(r#"{"session_timeout_minutes": 120.0}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let settings: serde_json::Value = response.json().await.unwrap();
    assert_eq!(settings["session_timeout_minutes"], 120);
    let response = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .header("content-type", "application/json")
        .body(r#"{"session_timeout_minutes": 120.5}"#)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
}

async fn a_wrong_content_type_answers_415(app: TestApp) {
    app.setup_admin().await;
    let response = app
        .anonymous(Method::POST, "/auth/login")
        .header("content-type", "text/plain")
        .body(r#"{"username":"admin","password":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

async fn an_oversized_body_answers_413(app: TestApp) {
    let admin = app.setup_admin().await;
    let big = format!("{{\"llm_model\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let response = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    // Also when the length is not announced (chunked transfer encoding).
    let (status, body) = chunked_put(&app, "/api/v1/settings", &admin.token, big.as_bytes()).await;
    assert_eq!(status, 413, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
}

/// Sends a PUT with a chunked body over a raw connection; returns the status and the body.
async fn chunked_put(app: &TestApp, path: &str, token: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        // The server may answer and close before the whole body is sent.
        if stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
            || stream.write_all(chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    // A chunked response body: take the JSON object out of it.
    let body = match (body.find('{'), body.rfind('}')) {
        (Some(start), Some(end)) => body[start..=end].to_owned(),
        _ => body,
    };
    (status, body)
}

async fn unknown_routes_and_methods_answer_in_the_envelope(app: TestApp) {
    let admin = app.setup_admin().await;
    let unknown = app
        .bearer(Method::GET, "/no/such/thing", &admin.token)
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let method = app
        .bearer(Method::DELETE, "/auth/login", &admin.token)
        .send()
        .await
        .unwrap();
    assert_error(method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let unauthorized = app
        .anonymous(Method::GET, "/settings")
        .send()
        .await
        .unwrap();
    assert_eq!(
        unauthorized.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    assert_error(unauthorized, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn requests_carry_a_request_id(app: TestApp) {
    let generated = app.anonymous(Method::GET, "/health").send().await.unwrap();
    let id = generated
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let given = app
        .anonymous(Method::GET, "/health")
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers().get("x-request-id").unwrap(), "trace-me-123");
}

async fn health_answers_ok_and_503_without_the_database(app: TestApp) {
    let ok = app.anonymous(Method::GET, "/health").send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        ok.json::<serde_json::Value>().await.unwrap(),
        json!({ "status": "ok", "database": "ok" })
    );
    app.db.close_by_ref().await.unwrap();
    let down = app.anonymous(Method::GET, "/health").send().await.unwrap();
    assert_error(down, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
}
