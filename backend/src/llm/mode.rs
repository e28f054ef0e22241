//! Structured-output modes and what the client remembers about each endpoint.
//!
//! OpenAI-compatible servers differ in how they can be asked for JSON: OpenAI and recent
//! servers accept `response_format: {type: "json_schema", …, strict: true}`; others only
//! `{type: "json_object"}`; some reject any `response_format`, some answer it with nothing.
//! The client starts with the strictest mode and steps down, once per mode, when the endpoint
//! rejects it (any HTTP 400 in a JSON mode, or a 422/501 naming `response_format`) or answers
//! it with an empty message, then remembers the mode per endpoint (base URL + model) in a
//! [`QuirkCache`] so later calls go straight to what works. Some models also reject a
//! `temperature`, and some the output limit as `max_tokens` (they want
//! `max_completion_tokens`) or its size; that is remembered the same way.
//!
//! The cache is an optimisation only: it lives in memory, is per client, and losing it costs
//! one rejected request per endpoint.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// How the client asks an endpoint for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutputMode {
    /// `response_format: {type: "json_schema", json_schema: {name, schema, strict: true}}`.
    JsonSchema,
    /// `response_format: {type: "json_object"}`; the schema is in the prompt.
    JsonObject,
    /// No `response_format`; the JSON object is extracted from the text (fenced block or the
    /// first balanced `{…}`).
    Plain,
}

impl OutputMode {
    /// The next, more tolerant mode, if any.
    #[must_use]
    pub fn fallback(self) -> Option<Self> {
        match self {
            Self::JsonSchema => Some(Self::JsonObject),
            Self::JsonObject => Some(Self::Plain),
            Self::Plain => None,
        }
    }

    /// The `response_format` value for a request in this mode.
    #[must_use]
    pub fn response_format(self, schema_name: &str, schema: &Value) -> Option<Value> {
        match self {
            Self::JsonSchema => Some(json!({
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": true},
            })),
            Self::JsonObject => Some(json!({"type": "json_object"})),
            Self::Plain => None,
        }
    }
}

/// True when an HTTP error answer says the endpoint does not support the `response_format`
/// that was sent (rather than something else being wrong with the request).
#[must_use]
pub fn rejects_response_format(status: u16, body: &str) -> bool {
    if !matches!(status, 400 | 422 | 501) {
        return false;
    }
    let body = body.to_ascii_lowercase();
    [
        "response_format",
        "response format",
        "json_schema",
        "json_object",
        "structured output",
        "guided_json",
    ]
    .iter()
    .any(|needle| body.contains(needle))
}

/// True when an HTTP error answer says the model does not accept a `temperature`.
#[must_use]
pub fn rejects_temperature(status: u16, body: &str) -> bool {
    matches!(status, 400 | 422) && body.to_ascii_lowercase().contains("temperature")
}

/// True when an HTTP error answer is about the output limit that was sent.
#[must_use]
pub fn rejects_output_limit(status: u16, body: &str) -> bool {
    let body = body.to_ascii_lowercase();
    matches!(status, 400 | 422)
        && [
            "max_tokens",
            "max_completion_tokens",
            "max_output_tokens",
            "max tokens",
        ]
        .iter()
        .any(|needle| body.contains(needle))
}

/// Under which name the output limit is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitField {
    /// `max_tokens`: understood by nearly every server.
    MaxTokens,
    /// `max_completion_tokens`: OpenAI's newer name, the only one its reasoning models take.
    MaxCompletionTokens,
    /// Not sent: the endpoint took neither.
    Omitted,
}

impl LimitField {
    /// The request field, if one is sent.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::MaxTokens => Some("max_tokens"),
            Self::MaxCompletionTokens => Some("max_completion_tokens"),
            Self::Omitted => None,
        }
    }
}

/// What the client has learnt about one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirks {
    /// The structured-output mode that works.
    pub mode: OutputMode,
    /// Whether `temperature` may be sent.
    pub temperature: bool,
    /// Under which name the output limit is sent.
    pub limit_field: LimitField,
    /// The largest output limit the endpoint takes, once it refused a larger one.
    pub limit_cap: Option<u32>,
}

impl Default for Quirks {
    fn default() -> Self {
        Self {
            mode: OutputMode::JsonSchema,
            temperature: true,
            limit_field: LimitField::MaxTokens,
            limit_cap: None,
        }
    }
}

/// The per-endpoint memory of [`Quirks`], shared by all calls of one client.
#[derive(Debug, Default)]
pub struct QuirkCache {
    entries: Mutex<HashMap<String, Quirks>>,
}

impl QuirkCache {
    /// What is known about an endpoint (the defaults when nothing is).
    pub fn get(&self, key: &str) -> Quirks {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .copied()
            .unwrap_or_default()
    }

    /// Records what was learnt about an endpoint.
    pub fn set(&self, key: &str, quirks: Quirks) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_owned(), quirks);
    }

    /// Forgets an endpoint, so the next call probes it again.
    pub fn forget(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_step_down_to_plain_and_stop() {
        assert_eq!(
            OutputMode::JsonSchema.fallback(),
            Some(OutputMode::JsonObject)
        );
        assert_eq!(OutputMode::JsonObject.fallback(), Some(OutputMode::Plain));
        assert_eq!(OutputMode::Plain.fallback(), None);
        assert!(OutputMode::Plain.response_format("x", &json!({})).is_none());
        let format = OutputMode::JsonSchema
            .response_format("job_analysis", &json!({"type": "object"}))
            .unwrap();
        assert_eq!(format["json_schema"]["name"], "job_analysis");
        assert_eq!(format["json_schema"]["strict"], true);
    }

    #[test]
    fn response_format_rejections_are_recognised() {
        assert!(rejects_response_format(
            400,
            r#"{"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."}}"#
        ));
        assert!(rejects_response_format(422, "json_schema not supported"));
        assert!(!rejects_response_format(400, "messages must not be empty"));
        assert!(!rejects_response_format(500, "response_format"));
        assert!(rejects_temperature(
            400,
            "Unsupported value: 'temperature' does not support 0.2 with this model."
        ));
        assert!(rejects_output_limit(
            400,
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use \
             'max_completion_tokens' instead."
        ));
        assert!(!rejects_output_limit(400, "messages must not be empty"));
    }

    #[test]
    fn the_cache_remembers_per_key_and_forgets() {
        let cache = QuirkCache::default();
        assert_eq!(cache.get("a"), Quirks::default());
        let learnt = Quirks {
            mode: OutputMode::JsonObject,
            temperature: false,
            limit_field: LimitField::MaxCompletionTokens,
            limit_cap: Some(4096),
        };
        cache.set("a", learnt);
        assert_eq!(cache.get("a"), learnt);
        assert_eq!(cache.get("b"), Quirks::default());
        cache.forget("a");
        assert_eq!(cache.get("a"), Quirks::default());
    }
}
