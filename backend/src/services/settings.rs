//! Per-user settings: LLM endpoint, model, API key (AES-256-GCM encrypted at rest, never
//! returned) and session timeout.
//!
//! The API key belongs to one endpoint origin (`scheme://host[:port]`), recorded beside it in
//! `api_key_origin` and bound into its ciphertext as associated data together with the user id
//! ([`crate::crypto::api_key_context`]). It is only ever sent to that origin:
//! - changing the endpoint to another origin clears the stored key, unless the same request
//!   sets a new one (the answer then says `api_key_set: false`);
//! - a key whose origin is not the user's current one (for instance after the server's default
//!   endpoint changed) is not sent, and is reported as not set;
//! - a ciphertext moved to another user's row or relabelled with another origin does not
//!   decrypt;
//! - an impersonation session may not change the endpoint or the key at all.
//!
//! A key stored before the binding existed (`api_key_origin` NULL) is decrypted without
//! associated data the first time it is read, then written again bound to the user's current
//! origin.

use chrono::{DateTime, Utc};
use resume_shared::api::llm::{
    LlmEndpointOptions, MAX_CONCURRENCY, MAX_CONNECT_TIMEOUT_SECONDS, MAX_MAX_TOKENS,
    MAX_QUERY_NAME_BYTES, MAX_QUERY_PARAMETERS, MAX_QUERY_VALUE_BYTES, MAX_WAIT_TIMEOUT_SECONDS,
    MIN_MAX_TOKENS,
};
use resume_shared::api::{ErrorCode, Patch, SettingsResponse, UpdateSettingsRequest};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    TransactionTrait as _,
};
use uuid::Uuid;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait as _, QueryFilter as _};

use crate::config::{
    LlmSettings, MAX_SESSION_TIMEOUT_MINUTES, MIN_SESSION_TIMEOUT_MINUTES, Settings,
};
use crate::crypto::{SecretCipher, api_key_context};
use crate::db::entities::user_settings;
use crate::llm::{EndpointOptions, base_url_problem, endpoint_origin};
use crate::services::FieldErrors;
use crate::services::{ServiceError, audit, sessions};

// The longest accepted endpoint URL, model name and API key, in bytes: declared with the
// request type, which also refuses control characters in them.
use resume_shared::api::input::{
    MAX_API_KEY_BYTES, MAX_MODEL_BYTES, MAX_URL_BYTES as MAX_ENDPOINT_BYTES,
};

/// The answer to an impersonation session that tries to change the endpoint or the key.
pub const IMPERSONATION_REFUSAL: &str = "An administrator impersonating a user cannot change \
     the user's LLM endpoint or API key; the user must change them in their own session.";

/// The settings of a user as the API shows them.
///
/// # Errors
/// Database errors.
pub async fn get(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    default_timeout: u32,
    llm_defaults: &LlmSettings,
) -> Result<SettingsResponse, sea_orm::DbErr> {
    let row = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    Ok(to_response(row.as_ref(), default_timeout, llm_defaults))
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
    let row = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    Ok(timeout_of(row.as_ref(), default_timeout))
}

fn timeout_of(row: Option<&user_settings::Model>, default_timeout: u32) -> u32 {
    row.and_then(|r| r.session_timeout_minutes)
        .and_then(|m| u32::try_from(m).ok())
        .unwrap_or(default_timeout)
}

/// The origin requests go to: the user's endpoint, else the server's default. A URL that does
/// not parse (only possible for rows written before endpoints were checked, or a broken
/// default) stands for itself, so it never equals a real origin.
fn effective_origin(endpoint: Option<&str>, llm_defaults: &LlmSettings) -> String {
    let base_url = endpoint.unwrap_or(&llm_defaults.base_url);
    endpoint_origin(base_url).unwrap_or_else(|| format!("unparsed:{}", base_url.trim()))
}

/// Whether the row holds a key that may be sent to the user's current origin (a key stored
/// before origins were recorded counts: it is bound to the current origin when first read).
fn usable_key_stored(row: &user_settings::Model, llm_defaults: &LlmSettings) -> bool {
    row.api_key_ciphertext.is_some()
        && row.api_key_origin.as_deref().is_none_or(|origin| {
            origin == effective_origin(row.llm_endpoint.as_deref(), llm_defaults)
        })
}

fn to_response(
    row: Option<&user_settings::Model>,
    default_timeout: u32,
    llm_defaults: &LlmSettings,
) -> SettingsResponse {
    SettingsResponse {
        llm_endpoint: row.and_then(|r| r.llm_endpoint.clone()),
        llm_model: row.and_then(|r| r.llm_model.clone()),
        api_key_set: row.is_some_and(|r| usable_key_stored(r, llm_defaults)),
        session_timeout_minutes: timeout_of(row, default_timeout),
        llm_options: options_of(row),
    }
}

/// The stored endpoint options (the defaults when none are stored).
fn options_of(row: Option<&user_settings::Model>) -> LlmEndpointOptions {
    row.and_then(|r| r.llm_options.clone())
        .and_then(|json| serde_json::from_value(json).ok())
        .unwrap_or_default()
}

/// Checks the endpoint options, naming each bad one as `llm_options.<name>`.
fn validate_options(options: &LlmEndpointOptions, fields: &mut FieldErrors) {
    let mut range = |name: &str, value: Option<u32>, min: u32, max: u32| {
        if value.is_some_and(|value| !(min..=max).contains(&value)) {
            fields.insert(
                format!("llm_options.{name}"),
                format!("must be from {min} to {max}"),
            );
        }
    };
    range("concurrency", options.concurrency, 1, MAX_CONCURRENCY);
    range(
        "max_tokens",
        options.max_tokens,
        MIN_MAX_TOKENS,
        MAX_MAX_TOKENS,
    );
    range(
        "connect_timeout_seconds",
        options.connect_timeout_seconds,
        1,
        MAX_CONNECT_TIMEOUT_SECONDS,
    );
    range(
        "first_byte_timeout_seconds",
        options.first_byte_timeout_seconds,
        1,
        MAX_WAIT_TIMEOUT_SECONDS,
    );
    range(
        "idle_timeout_seconds",
        options.idle_timeout_seconds,
        1,
        MAX_WAIT_TIMEOUT_SECONDS,
    );
    let bad_name = |name: &String| {
        name.is_empty()
            || name.len() > MAX_QUERY_NAME_BYTES
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let bad_value =
        |value: &String| value.len() > MAX_QUERY_VALUE_BYTES || value.chars().any(char::is_control);
    if options.query.len() > MAX_QUERY_PARAMETERS {
        fields.insert(
            "llm_options.query".to_owned(),
            format!("must have at most {MAX_QUERY_PARAMETERS} parameters"),
        );
    } else if options.query.keys().any(bad_name) {
        fields.insert(
            "llm_options.query".to_owned(),
            format!(
                "parameter names must be 1 to {MAX_QUERY_NAME_BYTES} letters, digits, '-', '_' or '.'"
            ),
        );
    } else if options.query.values().any(bad_value) {
        fields.insert(
            "llm_options.query".to_owned(),
            format!(
                "parameter values must be at most {MAX_QUERY_VALUE_BYTES} bytes, without control characters"
            ),
        );
    }
}

fn validate(request: &UpdateSettingsRequest) -> Result<(), FieldErrors> {
    let mut fields = FieldErrors::new();
    if let Patch::Set(endpoint) = &request.llm_endpoint {
        let endpoint = endpoint.trim();
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
            || endpoint.len() > MAX_ENDPOINT_BYTES
            || endpoint.contains(char::is_whitespace)
            // The key is bound to the endpoint's origin, so the origin must be known.
            || endpoint_origin(endpoint).is_none()
        {
            fields.insert(
                "llm_endpoint".to_owned(),
                "must be an http:// or https:// URL".to_owned(),
            );
        } else if let Some(problem) = base_url_problem(endpoint) {
            // A URL requests cannot be sent to: say so now, not at the first call.
            fields.insert("llm_endpoint".to_owned(), problem);
        }
    }
    if let Patch::Set(options) = &request.llm_options {
        validate_options(options, &mut fields);
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

/// What [`update`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The settings as the API shows them now.
    pub settings: SettingsResponse,
    /// The stored API key was removed because the endpoint moved to another origin and the
    /// request set no new key.
    pub api_key_cleared_by_endpoint_change: bool,
}

/// `PUT /settings`: applies `request` with [`update`] and records `settings.update` (which
/// fields changed, and whether the stored API key was cleared, by the request or by an
/// endpoint change), in one transaction. `config` gives the server defaults.
///
/// # Errors
/// The errors of [`update`].
pub async fn save(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    config: &Settings,
    user_id: Uuid,
    impersonator: Option<Uuid>,
    request: UpdateSettingsRequest,
    now: DateTime<Utc>,
) -> Result<SettingsResponse, ServiceError> {
    let changed: Vec<&str> = [
        ("llm_endpoint", !request.llm_endpoint.is_unchanged()),
        ("llm_model", !request.llm_model.is_unchanged()),
        ("api_key", !request.api_key.is_unchanged()),
        (
            "session_timeout_minutes",
            request.session_timeout_minutes.is_some(),
        ),
        ("llm_options", !request.llm_options.is_unchanged()),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect();
    let api_key_cleared = matches!(request.api_key, Patch::Clear);
    let txn = db.begin().await?;
    let updated = update(
        &txn,
        cipher,
        user_id,
        impersonator,
        request,
        config.session_timeout_minutes,
        &config.llm,
        now,
    )
    .await?;
    let by_endpoint_change = updated.api_key_cleared_by_endpoint_change;
    audit::record(
        &txn,
        audit::Event {
            action: audit::action::SETTINGS_UPDATE,
            actor_user_id: Some(user_id),
            impersonator_user_id: impersonator,
            target_user_id: Some(user_id),
            details: serde_json::json!({
                "fields": changed,
                "api_key_cleared": api_key_cleared || by_endpoint_change,
                "api_key_cleared_by_endpoint_change": by_endpoint_change,
            }),
            ..audit::Event::default()
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated.settings)
}

/// Applies a partial update. A new API key is encrypted with a fresh nonce, bound to the user
/// and to the origin of the endpoint in force after this update; an endpoint change to another
/// origin without a new key clears the stored key; a new timeout also applies to the user's
/// open sessions. `impersonator` is the administrator behind an impersonation session: such a
/// session may not change the endpoint or the key. Run inside a transaction.
///
/// # Errors
/// 403 when an impersonation session changes the endpoint or the key; 422 naming the bad
/// fields; encryption and database errors.
#[expect(
    clippy::too_many_arguments,
    reason = "the caller's identity, the request and the server defaults it is judged against"
)]
pub async fn update(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    impersonator: Option<Uuid>,
    request: UpdateSettingsRequest,
    default_timeout: u32,
    llm_defaults: &LlmSettings,
    now: DateTime<Utc>,
) -> Result<Updated, ServiceError> {
    if impersonator.is_some()
        && !(request.llm_endpoint.is_unchanged() && request.api_key.is_unchanged())
    {
        return Err(ServiceError::Forbidden {
            code: ErrorCode::Forbidden,
            message: IMPERSONATION_REFUSAL.to_owned(),
        });
    }
    validate(&request).map_err(ServiceError::Validation)?;
    let existing = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    let is_new = existing.is_none();
    let old_endpoint = existing.as_ref().and_then(|r| r.llm_endpoint.clone());
    let old_origin = effective_origin(old_endpoint.as_deref(), llm_defaults);
    let had_key = existing
        .as_ref()
        .is_some_and(|r| r.api_key_ciphertext.is_some());
    let mut row: user_settings::ActiveModel = match existing {
        Some(row) => row.into(),
        None => user_settings::ActiveModel {
            user_id: Set(user_id),
            llm_endpoint: Set(None),
            llm_model: Set(None),
            api_key_ciphertext: Set(None),
            api_key_nonce: Set(None),
            api_key_origin: Set(None),
            llm_options: Set(None),
            session_timeout_minutes: Set(None),
            updated_at: Set(now),
        },
    };
    let new_endpoint = match request.llm_endpoint {
        Patch::Set(endpoint) => Some(endpoint.trim().to_owned()),
        Patch::Clear => None,
        Patch::Unchanged => old_endpoint,
    };
    let new_origin = effective_origin(new_endpoint.as_deref(), llm_defaults);
    row.llm_endpoint = Set(new_endpoint);
    match request.llm_model {
        Patch::Set(model) => row.llm_model = Set(Some(model.trim().to_owned())),
        Patch::Clear => row.llm_model = Set(None),
        Patch::Unchanged => {}
    }
    let mut api_key_cleared_by_endpoint_change = false;
    match request.api_key {
        Patch::Set(key) => {
            let (ciphertext, nonce) = cipher
                .encrypt(key.as_bytes(), &api_key_context(user_id, &new_origin))
                .map_err(|error| ServiceError::internal("encrypting the API key", error))?;
            row.api_key_ciphertext = Set(Some(ciphertext));
            row.api_key_nonce = Set(Some(nonce));
            row.api_key_origin = Set(Some(new_origin));
        }
        Patch::Clear => clear_key(&mut row),
        // The key was entered for the old server: it must not follow the endpoint elsewhere.
        Patch::Unchanged if had_key && new_origin != old_origin => {
            clear_key(&mut row);
            api_key_cleared_by_endpoint_change = true;
        }
        Patch::Unchanged => {}
    }
    match request.llm_options {
        Patch::Set(options) => {
            row.llm_options = Set(serde_json::to_value(options).ok());
        }
        Patch::Clear => row.llm_options = Set(None),
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
    Ok(Updated {
        settings: to_response(Some(&saved), default_timeout, llm_defaults),
        api_key_cleared_by_endpoint_change,
    })
}

fn clear_key(row: &mut user_settings::ActiveModel) {
    row.api_key_ciphertext = Set(None);
    row.api_key_nonce = Set(None);
    row.api_key_origin = Set(None);
}

/// The decrypted API key of a user for `origin`, the origin their requests go to now. A key
/// bound to another origin is not returned. A key stored before keys were bound is bound to
/// `origin` now (see the module documentation).
///
/// # Errors
/// A ciphertext that does not decrypt in its context (moved from another row or origin,
/// tampered, or written with another encryption key), and database errors.
async fn api_key(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    row: &user_settings::Model,
    origin: &str,
) -> Result<Option<secrecy::SecretString>, ServiceError> {
    let (Some(ciphertext), Some(nonce)) = (&row.api_key_ciphertext, &row.api_key_nonce) else {
        return Ok(None);
    };
    let plaintext = match row.api_key_origin.as_deref() {
        Some(bound) if bound != origin => {
            tracing::info!(
                user.id = %row.user_id,
                "the stored LLM API key belongs to another endpoint origin; it is not sent"
            );
            return Ok(None);
        }
        Some(bound) => cipher.decrypt(ciphertext, nonce, &api_key_context(row.user_id, bound)),
        None => {
            let plaintext = cipher.decrypt(ciphertext, nonce, &[]);
            if let Ok(plaintext) = &plaintext {
                bind_legacy_key(conn, cipher, row, plaintext, origin).await?;
            }
            plaintext
        }
    }
    .map_err(|_| {
        ServiceError::Internal(anyhow::anyhow!(
            "the stored LLM API key does not decrypt for this user and endpoint \
             (moved, tampered with, or encrypted with another RESUME_EDITOR_ENCRYPTION_KEY)"
        ))
    })?;
    let key = String::from_utf8(plaintext)
        .map_err(|_| ServiceError::Internal(anyhow::anyhow!("the stored API key is not UTF-8")))?;
    Ok(Some(secrecy::SecretString::from(key)))
}

/// Writes a key stored before keys were bound again, bound to the user and `origin`. Only the
/// unbound ciphertext just read is replaced, so a key written meanwhile is never overwritten.
async fn bind_legacy_key(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    row: &user_settings::Model,
    plaintext: &[u8],
    origin: &str,
) -> Result<(), ServiceError> {
    let (ciphertext, nonce) = cipher
        .encrypt(plaintext, &api_key_context(row.user_id, origin))
        .map_err(|error| ServiceError::internal("encrypting the API key again", error))?;
    user_settings::Entity::update_many()
        .col_expr(
            user_settings::Column::ApiKeyCiphertext,
            Expr::value(ciphertext),
        )
        .col_expr(user_settings::Column::ApiKeyNonce, Expr::value(nonce))
        .col_expr(user_settings::Column::ApiKeyOrigin, Expr::value(origin))
        .filter(user_settings::Column::UserId.eq(row.user_id))
        .filter(user_settings::Column::ApiKeyOrigin.is_null())
        .filter(user_settings::Column::ApiKeyCiphertext.eq(row.api_key_ciphertext.clone()))
        .exec(conn)
        .await?;
    Ok(())
}

/// The user's LLM endpoint: their endpoint, model, key and options, or the server's defaults.
/// The key is included only when it was saved for the origin of that endpoint.
///
/// # Errors
/// Decryption and database errors.
pub async fn llm_endpoint(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    defaults: &LlmSettings,
) -> Result<crate::llm::LlmEndpoint, ServiceError> {
    let row = user_settings::Entity::find_by_id(user_id).one(conn).await?;
    let endpoint = row.as_ref().and_then(|r| r.llm_endpoint.clone());
    let origin = effective_origin(endpoint.as_deref(), defaults);
    let base_url = endpoint.unwrap_or_else(|| defaults.base_url.clone());
    let model = row
        .as_ref()
        .and_then(|r| r.llm_model.clone())
        .unwrap_or_else(|| defaults.model.clone());
    let key = match &row {
        Some(row) => api_key(conn, cipher, row, &origin).await?,
        None => None,
    };
    let options = EndpointOptions::from(&options_of(row.as_ref()));
    Ok(crate::llm::LlmEndpoint::new(base_url, model, key).with_options(options))
}
