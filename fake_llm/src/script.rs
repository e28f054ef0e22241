//! What the fake server can be told to do: latency, failures by call number, prompt kind or
//! content, rejected structured-output modes, a required API key, planted invented facts, and
//! the behaviours of particular servers (DeepSeek-R1's closing `</think>`, reasoning fields,
//! LM Studio's empty schema answers, Ollama's silent context cut, OpenRouter's errors in a
//! 200, Gemini's list-wrapped 400, streaming-only servers, single-slot servers, OpenAI's
//! `max_completion_tokens`, Azure classic deployments).
//!
//! A script is plain JSON (`POST /_fake/script`), so e2e tests in any language can drive it:
//!
//! ```json
//! {"latency_ms": 300,
//!  "reject_json_schema": true,
//!  "plant_invented_facts": false,
//!  "api_key": "sk-test",
//!  "faults": [
//!    {"call": 2, "action": {"type": "status", "status": 500}},
//!    {"call": 1, "kind": "refine_role", "action": {"type": "rate_limit", "retry_after": "1"}},
//!    {"contains": "Initech", "action": {"type": "malformed"}},
//!    {"action": {"type": "delay", "ms": 50}}]}
//! ```

use serde::{Deserialize, Serialize};

use resume_backend::llm::prompts::PromptKind;

/// The fake server's behaviour. The default answers every call at once and correctly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FakeScript {
    /// Added to every call before it is answered, in milliseconds.
    pub latency_ms: u64,
    /// Answer 400 ("response_format json_schema is not supported") to requests that ask for
    /// `json_schema` output.
    pub reject_json_schema: bool,
    /// Answer 400 to requests that ask for `json_object` output.
    pub reject_json_object: bool,
    /// Answer 400 ("Unsupported value: 'temperature'") to requests that set a temperature, as
    /// some reasoning models do.
    pub reject_temperature: bool,
    /// Put an invented company, year, metric, amount and skill into every refinement answer,
    /// and an invented company, year and metric into every cover letter (see the `PLANTED_*`
    /// constants).
    pub plant_invented_facts: bool,
    /// When set, calls without `Authorization: Bearer <this>` get 401 (in Azure mode: without
    /// `api-key: <this>`).
    pub api_key: Option<String>,
    /// Put an invented skill ([`crate::PLANTED_SKILL`]) into every job analysis.
    pub plant_invented_requirements: bool,
    /// How the model shows its reasoning, and where the answer goes.
    pub reasoning: Option<ReasoningStyle>,
    /// Answer requests for `json_schema` output with an empty message (LM Studio does with
    /// some models).
    pub empty_in_json_schema: bool,
    /// Answer requests for `json_schema` output with a 400 wrapped in a list that names
    /// `response_schema`, as Gemini's older compatible API does.
    pub reject_json_schema_like_gemini: bool,
    /// Answer every request as an event stream (`text/event-stream`), whatever it asked.
    pub stream_only: bool,
    /// The context window in tokens (characters / 4). A longer prompt is cut as Ollama does:
    /// silently, `usage.prompt_tokens` says the window, and `GET /api/ps` reports it.
    pub context_tokens: Option<u64>,
    /// Report only 30 % of the prompt's tokens in `usage.prompt_tokens`, as a server does that
    /// counts only the tokens it did not have cached.
    pub undercount_prompt: bool,
    /// Work on at most this many chat requests at once and queue the others, as a local
    /// server with that many slots does (the call log records the most requests open at
    /// once).
    pub slots: Option<usize>,
    /// Answer 400 to requests that send `max_tokens`, naming `max_completion_tokens`, as
    /// OpenAI's reasoning models do.
    pub reject_max_tokens: bool,
    /// The largest output limit the model takes; a request asking for more gets a 400 saying
    /// "at most N".
    pub max_output_tokens: Option<u32>,
    /// Behave as an Azure OpenAI classic deployment.
    pub azure: Option<AzureDeployment>,
    /// Failures and delays for particular calls; the first matching non-delay fault applies,
    /// every matching delay adds up.
    pub faults: Vec<Fault>,
}

/// How the fake's model shows its reasoning. Each puts a draft of the answer (a complete,
/// schema-valid object with other content, see [`crate::DRAFT_SKILL`]) in the reasoning, and
/// the real answer after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasoningStyle {
    /// DeepSeek-R1: the content is the reasoning, a closing `</think>` (the opening tag was in
    /// the prompt) and the answer; whatever output mode was asked for.
    ClosingThinkOnly,
    /// `<think>…</think>` blocks in the content, then the answer.
    InlineThink,
    /// vLLM with a reasoning parser, some Qwen3 setups: an empty content, everything in
    /// `message.reasoning_content`.
    ReasoningContent,
    /// Ollama thinking models: an empty content, everything in `message.reasoning`.
    ReasoningField,
}

/// An Azure OpenAI classic deployment: requests go to
/// `/openai/deployments/{deployment}/chat/completions?api-version={api_version}` with the key
/// in an `api-key` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureDeployment {
    /// The deployment name.
    pub deployment: String,
    /// The `api-version` required.
    pub api_version: String,
}

/// One scripted failure or delay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The 1-based call number it applies to (counting all chat calls, or only calls of
    /// `kind` when that is set); every call when absent.
    #[serde(default)]
    pub call: Option<u64>,
    /// Only calls carrying this prompt.
    #[serde(default)]
    pub kind: Option<PromptKind>,
    /// Only calls whose request body contains this text (e.g. a role's company).
    #[serde(default)]
    pub contains: Option<String>,
    /// What to do.
    pub action: FaultAction,
}

/// What a fault does to a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultAction {
    /// Answer with this HTTP status and an OpenAI-style error body.
    Status {
        /// The status code, e.g. 500 or 401.
        status: u16,
        /// The error message (a default one otherwise).
        #[serde(default)]
        message: Option<String>,
        /// A `Retry-After` header to send (seconds or an HTTP date), e.g. with 503.
        #[serde(default)]
        retry_after: Option<String>,
    },
    /// Answer 429 with this `Retry-After` value (seconds or an HTTP date).
    RateLimit {
        /// The header value.
        retry_after: String,
    },
    /// Answer 200 with content that is not a JSON object (cut off mid-way).
    Malformed,
    /// Answer 200 with empty content.
    Empty,
    /// Wait this long before answering (on top of `latency_ms`); the answer is unchanged.
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Answer HTTP 200 with an error in the body, as OpenRouter does: a top-level `error`, or
    /// `choices[0].error` with `finish_reason: "error"`.
    ErrorInBody {
        /// The error's code (e.g. 402, 502).
        #[serde(default)]
        code: Option<u16>,
        /// The provider's message.
        message: String,
        /// In `choices[0].error` rather than at the top level.
        #[serde(default)]
        in_choice: bool,
    },
    /// Send the headers and the first half of the answer, then nothing for this long, then the
    /// rest (a provider that hangs after the headers).
    StallBody {
        /// Milliseconds.
        ms: u64,
    },
}

impl Fault {
    /// A fault on the `call`-th call (1-based).
    #[must_use]
    pub fn on_call(call: u64, action: FaultAction) -> Self {
        Self {
            call: Some(call),
            kind: None,
            contains: None,
            action,
        }
    }

    /// A fault on every call.
    #[must_use]
    pub fn always(action: FaultAction) -> Self {
        Self {
            call: None,
            kind: None,
            contains: None,
            action,
        }
    }

    /// Restricts the fault to one prompt kind (and counts `call` among those calls only).
    #[must_use]
    pub fn for_kind(mut self, kind: PromptKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Restricts the fault to requests whose body contains `text`.
    #[must_use]
    pub fn when_contains(mut self, text: impl Into<String>) -> Self {
        self.contains = Some(text.into());
        self
    }

    /// True when the fault applies to a call.
    pub(super) fn matches(&self, call: &CallInfo<'_>) -> bool {
        if self.kind.is_some() && self.kind != call.kind {
            return false;
        }
        if let Some(number) = self.call {
            let counted = if self.kind.is_some() {
                call.number_of_kind
            } else {
                call.number
            };
            if number != counted {
                return false;
            }
        }
        self.contains
            .as_ref()
            .is_none_or(|text| call.body.contains(text.as_str()))
    }
}

/// What a fault is matched against.
pub(super) struct CallInfo<'a> {
    /// 1-based number among all chat calls.
    pub number: u64,
    /// 1-based number among calls of the same kind.
    pub number_of_kind: u64,
    /// The recognised prompt.
    pub kind: Option<PromptKind>,
    /// The raw request body.
    pub body: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(number: u64, number_of_kind: u64, kind: PromptKind, body: &str) -> CallInfo<'_> {
        CallInfo {
            number,
            number_of_kind,
            kind: Some(kind),
            body,
        }
    }

    #[test]
    fn faults_match_by_number_kind_and_content() {
        let fifth = Fault::on_call(5, FaultAction::Empty);
        assert!(fifth.matches(&call(5, 1, PromptKind::JobAnalysis, "")));
        assert!(!fifth.matches(&call(4, 4, PromptKind::JobAnalysis, "")));

        let second_refinement =
            Fault::on_call(2, FaultAction::Malformed).for_kind(PromptKind::RefineRole);
        assert!(second_refinement.matches(&call(3, 2, PromptKind::RefineRole, "")));
        assert!(!second_refinement.matches(&call(2, 2, PromptKind::Introduction, "")));

        let initech = Fault::always(FaultAction::Empty).when_contains("Initech");
        assert!(initech.matches(&call(9, 9, PromptKind::RefineRole, "… Initech …")));
        assert!(!initech.matches(&call(9, 9, PromptKind::RefineRole, "… Acme …")));
    }

    #[test]
    fn scripts_read_from_json() {
        let script: FakeScript = serde_json::from_str(
            r#"{"latency_ms": 300, "reject_json_schema": true,
                "faults": [{"call": 2, "action": {"type": "status", "status": 500}},
                           {"kind": "refine_role", "call": 1,
                            "action": {"type": "rate_limit", "retry_after": "1"}}]}"#,
        )
        .unwrap();
        assert_eq!(script.latency_ms, 300);
        assert!(script.reject_json_schema);
        assert_eq!(
            script.faults[1],
            Fault::on_call(
                1,
                FaultAction::RateLimit {
                    retry_after: "1".into()
                }
            )
            .for_kind(PromptKind::RefineRole)
        );
        assert!(serde_json::from_str::<FakeScript>(r#"{"latency": 1}"#).is_err());
    }
}
