//! Per-user options of the LLM endpoint (`llm_options` in `GET/PUT /settings`): how the server
//! asks the endpoint for JSON, how many requests it sends at once, the output limit, the three
//! timeouts, and how the API key and extra query parameters are sent (Azure OpenAI classic
//! deployments need the `api-key` header and `api-version`).
//!
//! Every option is optional: an unset one takes the server's default. The bounds are constants
//! here so the server's validation and the browser's form agree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most requests sent to one endpoint at once.
pub const MAX_CONCURRENCY: u32 = 32;
/// The smallest output limit (`max_tokens`) that may be set.
pub const MIN_MAX_TOKENS: u32 = 16;
/// The largest output limit (`max_tokens`) that may be set.
pub const MAX_MAX_TOKENS: u32 = 262_144;
/// The longest connect timeout, in seconds.
pub const MAX_CONNECT_TIMEOUT_SECONDS: u32 = 300;
/// The longest first-byte or idle timeout, in seconds.
pub const MAX_WAIT_TIMEOUT_SECONDS: u32 = 3600;
/// The most extra query parameters.
pub const MAX_QUERY_PARAMETERS: usize = 8;
/// The longest name of an extra query parameter, in bytes.
pub const MAX_QUERY_NAME_BYTES: usize = 64;
/// The longest value of an extra query parameter, in bytes.
pub const MAX_QUERY_VALUE_BYTES: usize = 256;

/// How the server asks the endpoint for JSON. Unset (`null`) means automatic: JSON schema
/// first, then JSON mode, then plain text, remembering what works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LlmOutputMode {
    /// `response_format: {type: "json_schema", …}` only.
    JsonSchema,
    /// `response_format: {type: "json_object"}` only (the schema is in the prompt).
    JsonObject,
    /// No `response_format`: the JSON object is read from the text.
    Plain,
}

impl LlmOutputMode {
    /// The name on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::JsonSchema => "json_schema",
            Self::JsonObject => "json_object",
            Self::Plain => "plain",
        }
    }
}

/// Which header carries the API key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LlmAuthHeader {
    /// `Authorization: Bearer <key>` (OpenAI and nearly every compatible server).
    #[default]
    Bearer,
    /// `api-key: <key>` (Azure OpenAI classic deployments).
    ApiKey,
}

/// The user's options for their LLM endpoint; an unset option takes the server's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LlmEndpointOptions {
    /// Forces one output mode (no fallback); `null` is automatic.
    pub output_mode: Option<LlmOutputMode>,
    /// Requests sent to the endpoint at once, over all of the user's jobs (1–32). Default: 1
    /// for endpoints on loopback or private networks (a local model server usually answers
    /// one request at a time), else the server's `RESUME_EDITOR_LLM_CONCURRENCY`.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 32))]
    pub concurrency: Option<u32>,
    /// The output limit sent as `max_tokens` (16–262144). Default: the server's
    /// `RESUME_EDITOR_LLM_MAX_TOKENS`.
    #[cfg_attr(feature = "openapi", schema(minimum = 16, maximum = 262_144))]
    pub max_tokens: Option<u32>,
    /// Time allowed to open the connection, in seconds (1–300).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 300))]
    pub connect_timeout_seconds: Option<u32>,
    /// Time allowed from sending a request to the first byte of the answer, in seconds
    /// (1–3600). Time spent waiting for a free request slot does not count.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3600))]
    pub first_byte_timeout_seconds: Option<u32>,
    /// Time allowed without any data while an answer is arriving, in seconds (1–3600).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3600))]
    pub idle_timeout_seconds: Option<u32>,
    /// Which header carries the API key.
    pub auth_header: LlmAuthHeader,
    /// Extra query parameters added to every request, e.g. `{"api-version": "2024-10-21"}`
    /// for Azure OpenAI classic deployments (at most 8; names of letters, digits, `-`, `_`
    /// and `.`, at most 64 bytes; values at most 256 bytes). Not for secrets: they are stored
    /// in the clear; the key goes in `api_key`.
    pub query: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_partially_and_default_to_unset() {
        let options: LlmEndpointOptions =
            serde_json::from_str(r#"{"concurrency": 2, "query": {"api-version": "2024-10-21"}}"#)
                .unwrap();
        assert_eq!(options.concurrency, Some(2));
        assert_eq!(options.output_mode, None);
        assert_eq!(options.auth_header, LlmAuthHeader::Bearer);
        assert_eq!(options.query["api-version"], "2024-10-21");
        let options: LlmEndpointOptions =
            serde_json::from_str(r#"{"output_mode": "plain", "auth_header": "api_key"}"#).unwrap();
        assert_eq!(options.output_mode, Some(LlmOutputMode::Plain));
        assert_eq!(options.auth_header, LlmAuthHeader::ApiKey);
    }
}
