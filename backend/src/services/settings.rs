//! Per-user settings: LLM endpoint, model, API key (AES-256-GCM encrypted at rest, never
//! returned) and session timeout.

use chrono::{DateTime, Utc};
use resume_shared::api::{Patch, SettingsResponse, UpdateSettingsRequest};
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::config::{MAX_SESSION_TIMEOUT_MINUTES, MIN_SESSION_TIMEOUT_MINUTES};
use crate::crypto::SecretCipher;
use crate::db::entities::user_settings;
use crate::error::FieldErrors;
use crate::services::{ServiceError, sessions};

// The longest accepted endpoint URL, model name and API key, in bytes: declared with the
// request type, which also refuses control characters in them.
use resume_shared::api::input::{
    MAX_API_KEY_BYTES, MAX_MODEL_BYTES, MAX_URL_BYTES as MAX_ENDPOINT_BYTES,
};

/// The settings of a user as the API shows them.
///
/// # Errors
/// Database errors.
pub async fn get(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    default_timeout: u32,
) -> Result<SettingsResponse, sea_orm::DbErr> {
    let row = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    Ok(to_response(row.as_ref(), default_timeout))
}

/// The user's idle timeout in minutes (their setting, else `default_timeout`).
///
/// # Errors
/// Database errors.
pub async fn session_timeout(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    default_timeout: u32,
) -> Result<u32, sea_orm::DbErr> {
    Ok(get(conn, user_id, default_timeout)
        .await?
        .session_timeout_minutes)
}

fn to_response(row: Option<&user_settings::Model>, default_timeout: u32) -> SettingsResponse {
    SettingsResponse {
        llm_endpoint: row.and_then(|r| r.llm_endpoint.clone()),
        llm_model: row.and_then(|r| r.llm_model.clone()),
        api_key_set: row.is_some_and(|r| r.api_key_ciphertext.is_some()),
        session_timeout_minutes: row
            .and_then(|r| r.session_timeout_minutes)
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(default_timeout),
    }
}

fn validate(request: &UpdateSettingsRequest) -> Result<(), FieldErrors> {
    let mut fields = FieldErrors::new();
    if let Patch::Set(endpoint) = &request.llm_endpoint {
        let endpoint = endpoint.trim();
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
            || endpoint.len() > MAX_ENDPOINT_BYTES
            || endpoint.contains(char::is_whitespace)
        {
            fields.insert(
                "llm_endpoint".to_owned(),
                "must be an http:// or https:// URL".to_owned(),
            );
        }
    }
    if let Patch::Set(model) = &request.llm_model
        && (model.trim().is_empty() || model.len() > MAX_MODEL_BYTES)
    {
        fields.insert(
            "llm_model".to_owned(),
            format!("must be 1 to {MAX_MODEL_BYTES} bytes"),
        );
    }
    if let Patch::Set(key) = &request.api_key
        && (key.trim().is_empty() || key.len() > MAX_API_KEY_BYTES)
    {
        fields.insert(
            "api_key".to_owned(),
            format!("must be 1 to {MAX_API_KEY_BYTES} bytes (null clears it)"),
        );
    }
    if let Some(minutes) = request.session_timeout_minutes
        && !(MIN_SESSION_TIMEOUT_MINUTES..=MAX_SESSION_TIMEOUT_MINUTES).contains(&minutes)
    {
        fields.insert(
            "session_timeout_minutes".to_owned(),
            format!("must be from {MIN_SESSION_TIMEOUT_MINUTES} to {MAX_SESSION_TIMEOUT_MINUTES}"),
        );
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(fields)
    }
}

/// Applies a partial update. A new API key is encrypted with a fresh nonce; a new timeout also
/// applies to the user's open sessions. Run inside a transaction.
///
/// # Errors
/// 422 naming the bad fields; encryption and database errors.
pub async fn update(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    request: UpdateSettingsRequest,
    default_timeout: u32,
    now: DateTime<Utc>,
) -> Result<SettingsResponse, ServiceError> {
    validate(&request).map_err(ServiceError::Validation)?;
    let existing = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    let is_new = existing.is_none();
    let mut row: user_settings::ActiveModel = match existing {
        Some(row) => row.into(),
        None => user_settings::ActiveModel {
            user_id: Set(user_id),
            llm_endpoint: Set(None),
            llm_model: Set(None),
            api_key_ciphertext: Set(None),
            api_key_nonce: Set(None),
            session_timeout_minutes: Set(None),
            updated_at: Set(now),
        },
    };
    match request.llm_endpoint {
        Patch::Set(endpoint) => row.llm_endpoint = Set(Some(endpoint.trim().to_owned())),
        Patch::Clear => row.llm_endpoint = Set(None),
        Patch::Unchanged => {}
    }
    match request.llm_model {
        Patch::Set(model) => row.llm_model = Set(Some(model.trim().to_owned())),
        Patch::Clear => row.llm_model = Set(None),
        Patch::Unchanged => {}
    }
    match request.api_key {
        Patch::Set(key) => {
            let (ciphertext, nonce) = cipher
                .encrypt(key.as_bytes())
                .map_err(|error| ServiceError::Internal(error.to_string()))?;
            row.api_key_ciphertext = Set(Some(ciphertext));
            row.api_key_nonce = Set(Some(nonce));
        }
        Patch::Clear => {
            row.api_key_ciphertext = Set(None);
            row.api_key_nonce = Set(None);
        }
        Patch::Unchanged => {}
    }
    if let Some(minutes) = request.session_timeout_minutes {
        row.session_timeout_minutes = Set(Some(i32::try_from(minutes).unwrap_or(i32::MAX)));
        sessions::set_idle_timeout(conn, user_id, minutes).await?;
    }
    row.updated_at = Set(now);
    let saved = if is_new {
        row.insert(conn).await?
    } else {
        row.update(conn).await?
    };
    Ok(to_response(Some(&saved), default_timeout))
}

/// The decrypted API key of a user, if one is stored (for the LLM client).
///
/// # Errors
/// Decryption and database errors.
pub async fn api_key(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
) -> Result<Option<secrecy::SecretString>, ServiceError> {
    let Some(row) = user_settings::Entity::find_by_id(user_id).one(conn).await? else {
        return Ok(None);
    };
    let (Some(ciphertext), Some(nonce)) = (row.api_key_ciphertext, row.api_key_nonce) else {
        return Ok(None);
    };
    let plaintext = cipher
        .decrypt(&ciphertext, &nonce)
        .map_err(|error| ServiceError::Internal(error.to_string()))?;
    let key = String::from_utf8(plaintext)
        .map_err(|_| ServiceError::Internal("stored API key is not UTF-8".to_owned()))?;
    Ok(Some(secrecy::SecretString::from(key)))
}

/// The user's LLM endpoint: their endpoint, model and key, or the server's defaults.
///
/// # Errors
/// Decryption and database errors.
pub async fn llm_endpoint(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    defaults: &crate::config::LlmSettings,
) -> Result<crate::llm::LlmEndpoint, ServiceError> {
    let row = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    let base_url = row
        .as_ref()
        .and_then(|r| r.llm_endpoint.clone())
        .unwrap_or_else(|| defaults.base_url.clone());
    let model = row
        .as_ref()
        .and_then(|r| r.llm_model.clone())
        .unwrap_or_else(|| defaults.model.clone());
    let key = api_key(conn, cipher, user_id).await?;
    Ok(crate::llm::LlmEndpoint::new(base_url, model, key))
}
