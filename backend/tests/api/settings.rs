//! `/settings`: defaults, partial updates, the write-only API key and its encryption at rest.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::user_settings;
use resume_shared::api::llm::{LlmAuthHeader, LlmEndpointOptions, LlmOutputMode};
use resume_shared::api::{ErrorCode, Patch, SettingsResponse, UpdateSettingsRequest};
use sea_orm::EntityTrait as _;
use serde_json::json;

use crate::client::AuditQuery;
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    settings_start_empty_with_the_default_timeout,
    settings_update_partially_and_null_clears,
    the_api_key_is_encrypted_at_rest_with_a_fresh_nonce_per_write,
    settings_are_validated_field_by_field,
    endpoint_options_are_stored_replaced_and_reset,
    endpoint_options_and_base_urls_are_validated_when_saved,
);

/// A change of the API key alone.
fn api_key(key: &str) -> UpdateSettingsRequest {
    UpdateSettingsRequest {
        api_key: Patch::Set(key.to_owned()),
        ..UpdateSettingsRequest::default()
    }
}

/// A change of the endpoint options alone.
fn options(options: LlmEndpointOptions) -> UpdateSettingsRequest {
    UpdateSettingsRequest {
        llm_options: Patch::Set(options),
        ..UpdateSettingsRequest::default()
    }
}

async fn settings_start_empty_with_the_default_timeout(app: TestApp) {
    let admin = app.setup_admin().await;
    let settings = app.api(&admin).get_settings().await.unwrap();
    assert_api_snapshot!("settings", settings);
    // Every option unset: the client also checks that each is sent, as `null`.
    assert_eq!(
        settings,
        SettingsResponse {
            llm_endpoint: None,
            llm_model: None,
            api_key_set: false,
            session_timeout_minutes: 60,
            llm_options: LlmEndpointOptions::default(),
        }
    );
}

async fn settings_update_partially_and_null_clears(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    api.update_settings(&UpdateSettingsRequest {
        llm_endpoint: Patch::Set("https://llm.example/v1".to_owned()),
        llm_model: Patch::Set("gpt-4o-mini".to_owned()),
        api_key: Patch::Set("sk-test-123456".to_owned()),
        session_timeout_minutes: Some(120),
        ..UpdateSettingsRequest::default()
    })
    .await
    .unwrap();

    // Act: only the model changes; then the key is cleared.
    let second = api
        .update_settings(&UpdateSettingsRequest {
            llm_model: Patch::Set("other-model".to_owned()),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    let third = api
        .update_settings(&UpdateSettingsRequest {
            api_key: Patch::Clear,
            llm_endpoint: Patch::Clear,
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();

    // Assert
    assert_eq!(
        second,
        SettingsResponse {
            llm_endpoint: Some("https://llm.example/v1".to_owned()),
            llm_model: Some("other-model".to_owned()),
            api_key_set: true,
            session_timeout_minutes: 120,
            llm_options: LlmEndpointOptions::default(),
        }
    );
    assert_eq!(
        third,
        SettingsResponse {
            llm_endpoint: None,
            llm_model: Some("other-model".to_owned()),
            api_key_set: false,
            session_timeout_minutes: 120,
            llm_options: LlmEndpointOptions::default(),
        }
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
    let api = app.api(&admin);
    let key = "sk-very-secret-api-key-0123456789";

    // Act: the same key written twice.
    api.update_settings(&api_key(key)).await.unwrap();
    let first = user_settings::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let response = api.update_settings(&api_key(key)).await.unwrap();
    let second = user_settings::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    // Assert: never returned, never stored in the clear, different ciphertexts. (The client
    // checks that the answer is exactly a `SettingsResponse`, so this is what was sent.)
    assert!(response.api_key_set);
    let sent = serde_json::to_value(&response).unwrap();
    assert!(sent.get("api_key").is_none());
    let text = sent.to_string();
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
    let api = app.api(&admin);
    let error = api
        .update_settings(&UpdateSettingsRequest {
            llm_endpoint: Patch::Set("ftp://nope".to_owned()),
            llm_model: Patch::Set(String::new()),
            api_key: Patch::Set(String::new()),
            session_timeout_minutes: Some(5),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    let fields = &error.fields;
    for field in [
        "llm_endpoint",
        "llm_model",
        "api_key",
        "session_timeout_minutes",
    ] {
        assert!(fields.contains_key(field), "{error:?}");
    }
    assert_eq!(fields["session_timeout_minutes"], "must be from 15 to 1440");
    api.update_settings(&UpdateSettingsRequest {
        session_timeout_minutes: Some(1441),
        ..UpdateSettingsRequest::default()
    })
    .await
    .unwrap_err()
    .assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
}

async fn endpoint_options_are_stored_replaced_and_reset(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let all = LlmEndpointOptions {
        output_mode: Some(LlmOutputMode::JsonObject),
        concurrency: Some(2),
        max_tokens: Some(4096),
        connect_timeout_seconds: Some(5),
        first_byte_timeout_seconds: Some(300),
        idle_timeout_seconds: Some(30),
        auth_header: LlmAuthHeader::ApiKey,
        query: BTreeMap::from([("api-version".to_owned(), "2024-10-21".to_owned())]),
    };

    // Act: all options; then a partial object (the rest unset); then null.
    let saved = api.update_settings(&options(all.clone())).await.unwrap();
    let read = api.get_settings().await.unwrap();
    let untouched = api
        .update_settings(&UpdateSettingsRequest {
            llm_model: Patch::Set("m".to_owned()),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    // The options type writes every option, so the partial object is sent raw.
    let partial: SettingsResponse = api
        .raw(
            Method::PUT,
            "/settings",
            &json!({ "llm_options": {"concurrency": 1} }),
            StatusCode::OK,
        )
        .await
        .unwrap();
    let reset = api
        .update_settings(&UpdateSettingsRequest {
            llm_options: Patch::Clear,
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();

    // Assert
    assert_eq!(saved.llm_options, all);
    assert_eq!(read.llm_options, all);
    assert_eq!(untouched.llm_options, all, "absent leaves them");
    let expected = LlmEndpointOptions {
        concurrency: Some(1),
        ..LlmEndpointOptions::default()
    };
    assert_eq!(partial.llm_options, expected);
    assert_eq!(reset.llm_options, LlmEndpointOptions::default());
    let audit = api
        .audit(&AuditQuery::action("settings.update"))
        .await
        .unwrap();
    let audit = serde_json::to_string(&audit).unwrap();
    assert!(
        audit.contains("llm_options"),
        "the audit names the changed field: {audit}"
    );
}

async fn endpoint_options_and_base_urls_are_validated_when_saved(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    // Every option out of range is named.
    let out_of_range = LlmEndpointOptions {
        concurrency: Some(0),
        max_tokens: Some(8),
        connect_timeout_seconds: Some(301),
        first_byte_timeout_seconds: Some(0),
        idle_timeout_seconds: Some(3601),
        query: BTreeMap::from([("api version".to_owned(), "x".to_owned())]),
        ..LlmEndpointOptions::default()
    };
    let error = api
        .update_settings(&options(out_of_range))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    let fields = &error.fields;
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
        assert!(fields.contains_key(field), "{error:?}");
    }
    let too_many = LlmEndpointOptions {
        query: (0..9).map(|i| (format!("p{i}"), "v".to_owned())).collect(),
        ..LlmEndpointOptions::default()
    };
    api.update_settings(&options(too_many))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    // An unknown mode is not an `LlmOutputMode`: sent raw.
    let unknown_mode = api
        .error(
            Method::PUT,
            "/settings",
            Some(&json!({ "llm_options": {"output_mode": "xml"} })),
        )
        .await;
    assert_eq!(
        unknown_mode.status,
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
        let error = api
            .update_settings(&UpdateSettingsRequest {
                llm_endpoint: Patch::Set(endpoint.to_owned()),
                ..UpdateSettingsRequest::default()
            })
            .await
            .unwrap_err()
            .assert_is(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            );
        let message = &error.fields["llm_endpoint"];
        assert!(message.contains(says), "{endpoint}: {message}");
    }
    // Nothing was written.
    let settings = api.get_settings().await.unwrap();
    assert_eq!(settings.llm_endpoint, None);
    assert_eq!(settings.llm_options, LlmEndpointOptions::default());
}
