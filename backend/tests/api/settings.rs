//! `/settings`: defaults, partial updates, the write-only API key and its encryption at rest.

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::user_settings;
use sea_orm::EntityTrait as _;
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    settings_start_empty_with_the_default_timeout,
    settings_update_partially_and_null_clears,
    the_api_key_is_encrypted_at_rest_with_a_fresh_nonce_per_write,
    settings_are_validated_field_by_field,
    endpoint_options_are_stored_replaced_and_reset,
    endpoint_options_and_base_urls_are_validated_when_saved,
);

/// The endpoint options when none are set: every option unset.
fn default_options() -> Value {
    json!({
        "output_mode": null,
        "concurrency": null,
        "max_tokens": null,
        "connect_timeout_seconds": null,
        "first_byte_timeout_seconds": null,
        "idle_timeout_seconds": null,
        "auth_header": "bearer",
        "query": {},
    })
}

async fn put(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.bearer(Method::PUT, "/settings", token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn settings_start_empty_with_the_default_timeout(app: TestApp) {
    let admin = app.setup_admin().await;
    let settings: Value = app
        .bearer(Method::GET, "/settings", &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        settings,
        json!({
            "llm_endpoint": null,
            "llm_model": null,
            "api_key_set": false,
            "session_timeout_minutes": 60,
            "llm_options": default_options(),
        })
    );
}

async fn settings_update_partially_and_null_clears(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let first = put(
        &app,
        &admin.token,
        json!({
            "llm_endpoint": "https://llm.example/v1",
            "llm_model": "gpt-4o-mini",
            "api_key": "sk-test-123456",
            "session_timeout_minutes": 120,
        }),
    )
    .await;
    assert_eq!(first.status(), StatusCode::OK);

    // Act: only the model changes; then the key is cleared.
    let second: Value = put(&app, &admin.token, json!({ "llm_model": "other-model" }))
        .await
        .json()
        .await
        .unwrap();
    let third: Value = put(
        &app,
        &admin.token,
        json!({ "api_key": null, "llm_endpoint": null }),
    )
    .await
    .json()
    .await
    .unwrap();

    // Assert
    assert_eq!(
        second,
        json!({
            "llm_endpoint": "https://llm.example/v1",
            "llm_model": "other-model",
            "api_key_set": true,
            "session_timeout_minutes": 120,
            "llm_options": default_options(),
        })
    );
    assert_eq!(
        third,
        json!({
            "llm_endpoint": null,
            "llm_model": "other-model",
            "api_key_set": false,
            "session_timeout_minutes": 120,
            "llm_options": default_options(),
        })
    );
    let row = user_settings::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.api_key_ciphertext.is_none() && row.api_key_nonce.is_none());
}

async fn the_api_key_is_encrypted_at_rest_with_a_fresh_nonce_per_write(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let key = "sk-very-secret-api-key-0123456789";

    // Act: the same key written twice.
    assert_eq!(
        put(&app, &admin.token, json!({ "api_key": key }))
            .await
            .status(),
        StatusCode::OK
    );
    let first = user_settings::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let response: Value = put(&app, &admin.token, json!({ "api_key": key }))
        .await
        .json()
        .await
        .unwrap();
    let second = user_settings::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    // Assert: never returned, never stored in the clear, different ciphertexts.
    assert_eq!(response["api_key_set"], true);
    assert!(response.get("api_key").is_none());
    let text = response.to_string();
    assert!(!text.contains(key));
    for row in [&first, &second] {
        let ciphertext = row.api_key_ciphertext.as_ref().unwrap();
        assert!(!contains(ciphertext, key.as_bytes()));
        assert!(!contains(ciphertext, b"sk-very-secret"));
        assert_eq!(row.api_key_nonce.as_ref().unwrap().len(), 12);
        assert_eq!(ciphertext.len(), key.len() + 16, "ciphertext plus GCM tag");
    }
    assert_ne!(first.api_key_ciphertext, second.api_key_ciphertext);
    assert_ne!(first.api_key_nonce, second.api_key_nonce);

    // And it decrypts back with the server's key.
    let settings = resume_backend::config::Settings::from_lookup(|name| match name {
        "RESUME_EDITOR_DATA_DIR" => Some(app.data_dir.display().to_string()),
        _ => None,
    })
    .unwrap()
    .0;
    let cipher = resume_backend::crypto::SecretCipher::new(&settings);
    // Bound to the user and to the origin of the endpoint in force (the server's default).
    assert_eq!(
        second.api_key_origin.as_deref(),
        Some("https://api.openai.com")
    );
    let context = resume_backend::crypto::api_key_context(second.user_id, "https://api.openai.com");
    let plain = cipher
        .decrypt(
            second.api_key_ciphertext.as_ref().unwrap(),
            second.api_key_nonce.as_ref().unwrap(),
            &context,
        )
        .unwrap();
    assert_eq!(plain, key.as_bytes());
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn settings_are_validated_field_by_field(app: TestApp) {
    let admin = app.setup_admin().await;
    let response = put(
        &app,
        &admin.token,
        json!({
            "llm_endpoint": "ftp://nope",
            "llm_model": "",
            "api_key": "",
            "session_timeout_minutes": 5,
        }),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = body["error"]["fields"].as_object().unwrap();
    for field in [
        "llm_endpoint",
        "llm_model",
        "api_key",
        "session_timeout_minutes",
    ] {
        assert!(fields.contains_key(field), "{body}");
    }
    assert_eq!(fields["session_timeout_minutes"], "must be from 15 to 1440");
    let too_long = put(
        &app,
        &admin.token,
        json!({ "session_timeout_minutes": 1441 }),
    )
    .await;
    assert_error(
        too_long,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn endpoint_options_are_stored_replaced_and_reset(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let options = json!({
        "output_mode": "json_object",
        "concurrency": 2,
        "max_tokens": 4096,
        "connect_timeout_seconds": 5,
        "first_byte_timeout_seconds": 300,
        "idle_timeout_seconds": 30,
        "auth_header": "api_key",
        "query": {"api-version": "2024-10-21"},
    });

    // Act: all options; then a partial object (the rest unset); then null.
    let saved: Value = put(&app, &admin.token, json!({ "llm_options": options }))
        .await
        .json()
        .await
        .unwrap();
    let read: Value = app
        .bearer(Method::GET, "/settings", &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let untouched: Value = put(&app, &admin.token, json!({ "llm_model": "m" }))
        .await
        .json()
        .await
        .unwrap();
    let partial: Value = put(
        &app,
        &admin.token,
        json!({ "llm_options": {"concurrency": 1} }),
    )
    .await
    .json()
    .await
    .unwrap();
    let reset: Value = put(&app, &admin.token, json!({ "llm_options": null }))
        .await
        .json()
        .await
        .unwrap();

    // Assert
    assert_eq!(saved["llm_options"], options);
    assert_eq!(read["llm_options"], options);
    assert_eq!(untouched["llm_options"], options, "absent leaves them");
    let mut expected = default_options();
    expected["concurrency"] = json!(1);
    assert_eq!(partial["llm_options"], expected);
    assert_eq!(reset["llm_options"], default_options());
    let audit: Value = app
        .bearer(
            Method::GET,
            "/admin/audit?action=settings.update",
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        audit.to_string().contains("llm_options"),
        "the audit names the changed field: {audit}"
    );
}

async fn endpoint_options_and_base_urls_are_validated_when_saved(app: TestApp) {
    let admin = app.setup_admin().await;
    // Every option out of range is named.
    let response = put(
        &app,
        &admin.token,
        json!({ "llm_options": {
            "concurrency": 0,
            "max_tokens": 8,
            "connect_timeout_seconds": 301,
            "first_byte_timeout_seconds": 0,
            "idle_timeout_seconds": 3601,
            "query": {"api version": "x"},
        }}),
    )
    .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = body["error"]["fields"].as_object().unwrap();
    assert_eq!(fields["llm_options.concurrency"], "must be from 1 to 32");
    assert_eq!(
        fields["llm_options.max_tokens"],
        "must be from 16 to 262144"
    );
    for field in [
        "llm_options.connect_timeout_seconds",
        "llm_options.first_byte_timeout_seconds",
        "llm_options.idle_timeout_seconds",
        "llm_options.query",
    ] {
        assert!(fields.contains_key(field), "{body}");
    }
    let too_many: serde_json::Map<String, Value> =
        (0..9).map(|i| (format!("p{i}"), json!("v"))).collect();
    let response = put(
        &app,
        &admin.token,
        json!({ "llm_options": {"query": too_many} }),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let response = put(
        &app,
        &admin.token,
        json!({ "llm_options": {"output_mode": "xml"} }),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "an unknown mode"
    );

    // A base URL requests cannot be sent to is refused when saved, saying what to change.
    for (endpoint, says) in [
        (
            "https://r.openai.azure.com/openai/deployments/gpt-4o?api-version=2024-10-21",
            "extra query parameters",
        ),
        (
            "https://api.openai.com/v1/chat/completions",
            "ends with /chat/completions",
        ),
        ("https://api.openai.com/v1#models", "fragment"),
        ("https://user:pw@api.openai.com/v1", "user name or password"),
    ] {
        let response = put(&app, &admin.token, json!({ "llm_endpoint": endpoint })).await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let message = body["error"]["fields"]["llm_endpoint"].as_str().unwrap();
        assert!(message.contains(says), "{endpoint}: {message}");
    }
    // Nothing was written.
    let settings: Value = app
        .bearer(Method::GET, "/settings", &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["llm_endpoint"], Value::Null);
    assert_eq!(settings["llm_options"], default_options());
}
