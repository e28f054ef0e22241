//! [`LlmError`]: every way a call to a language model (or the checks on its answer) can fail.
//!
//! Messages are written for the person who configured the endpoint: they say what to fix
//! ("the API key was rejected", "model not found") and never contain the API key. Whether an
//! error is worth retrying is a property of the error ([`LlmError::is_retryable`]), so the
//! client's retry loop and the callers that report `retryable` to users agree.

use std::net::IpAddr;
use std::time::Duration;

/// A failed LLM call or an unusable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// The configured base URL cannot be used.
    #[error("the LLM base URL is not usable: {0}")]
    InvalidEndpoint(String),
    /// The endpoint's host is (or resolves to) a loopback, private or otherwise local address.
    #[error(
        "the LLM endpoint host \"{host}\" resolves to the non-public address {address}; \
         requests to local and private networks are refused unless the server lists the host \
         in RESUME_EDITOR_LLM_ALLOWED_HOSTS or is started with \
         RESUME_EDITOR_LLM_ALLOW_PRIVATE=true (needed for a local model server)"
    )]
    PrivateAddress {
        /// The host as written in the base URL.
        host: String,
        /// The first refused address.
        address: IpAddr,
    },
    /// The HTTP client could not be set up (a server configuration problem).
    #[error("the HTTP client for LLM calls could not be created: {0}")]
    Client(String),
    /// No first byte of an answer within the first-byte timeout (time spent waiting for a free
    /// request slot does not count).
    #[error(
        "the LLM endpoint did not start answering within {} s; a slow or busy model server may \
         need a longer first-byte timeout in the LLM settings",
        .0.as_secs_f32()
    )]
    Timeout(Duration),
    /// The connection could not be opened within the connect timeout.
    #[error(
        "could not connect to the LLM endpoint within {} s: check the base URL and that the \
         server is running",
        .0.as_secs_f32()
    )]
    ConnectTimeout(Duration),
    /// The endpoint started an answer, then sent nothing for longer than the idle timeout.
    #[error(
        "the LLM endpoint stopped sending in the middle of its answer (nothing for {} s)",
        .0.as_secs_f32()
    )]
    IdleTimeout(Duration),
    /// The endpoint could not be reached (DNS, TCP, TLS) or the connection broke.
    #[error("could not reach the LLM endpoint: {0}")]
    Connection(String),
    /// HTTP 401.
    #[error(
        "the API key was rejected (HTTP 401): check the API key in your LLM settings ({message})"
    )]
    Unauthorized {
        /// The endpoint's explanation.
        message: String,
    },
    /// HTTP 403.
    #[error(
        "the API key is not allowed to use this endpoint or model (HTTP 403): check the key's \
         permissions and the model name ({message})"
    )]
    Forbidden {
        /// The endpoint's explanation.
        message: String,
    },
    /// HTTP 404.
    #[error(
        "model \"{model}\" not found, or the base URL is wrong (HTTP 404 from {url}): check the \
         model name and that the base URL ends where /chat/completions can be appended (often …/v1)"
    )]
    NotFound {
        /// The model that was asked for.
        model: String,
        /// The URL that answered 404.
        url: String,
    },
    /// HTTP 400 (or 422) not explained by an unsupported structured-output mode.
    #[error("the LLM endpoint rejected the request (HTTP {status}): {message}")]
    BadRequest {
        /// 400 or 422.
        status: u16,
        /// The endpoint's explanation.
        message: String,
    },
    /// HTTP 429 on every attempt, or a `Retry-After` longer than the client will wait.
    #[error("the LLM endpoint is rate limiting requests (HTTP 429){}; try again later", retry_hint(.retry_after))]
    RateLimited {
        /// What the endpoint asked for in `Retry-After`, when it said.
        retry_after: Option<Duration>,
    },
    /// HTTP 5xx on every attempt.
    #[error("the LLM endpoint failed (HTTP {status}): {message}")]
    Server {
        /// The status code.
        status: u16,
        /// The endpoint's explanation.
        message: String,
    },
    /// Any other unexpected status.
    #[error("unexpected answer from the LLM endpoint (HTTP {status}): {message}")]
    Status {
        /// The status code.
        status: u16,
        /// The endpoint's explanation.
        message: String,
    },
    /// The model answered, but the answer is empty, not JSON, not of the expected shape, or
    /// fails validation (e.g. a refined role with neither summary nor responsibilities).
    #[error("the model's answer was unusable: {0}")]
    Unusable(String),
    /// The answer stopped at the output limit (`finish_reason: "length"`) before it held a
    /// usable JSON object. Asking again gives the same cut: a setting must change.
    #[error(
        "the model's answer was cut off at its output limit{} before the JSON was complete{}: \
         raise \"Max tokens\" in the LLM settings (or the model server's output limit)",
        limit_hint(.max_tokens),
        if *.in_reasoning { ", all of it spent on reasoning" } else { "" }
    )]
    Truncated {
        /// The `max_tokens` sent, when one was.
        max_tokens: Option<u32>,
        /// The limit was used up by the model's reasoning, before any answer.
        in_reasoning: bool,
    },
    /// The prompt does not fit the model's context window: the endpoint refused it, or cut it
    /// (Ollama does so silently), so an answer could not be trusted.
    #[error(
        "the prompt (about {prompt_tokens} tokens) does not fit the model's context window{}; \
         the endpoint {}. Raise the model's context length on the model server (Ollama: \
         OLLAMA_CONTEXT_LENGTH or num_ctx; llama.cpp: --ctx-size; LM Studio: the model's context \
         length; vLLM: --max-model-len), choose a model with a larger context, or shorten the \
         job description",
        context_hint(.context_tokens),
        if *.cut { "cut the prompt, so its answer cannot be used" } else { "refused it" }
    )]
    ContextExceeded {
        /// The prompt's size as the endpoint counted it, else our estimate.
        prompt_tokens: u64,
        /// The context window the endpoint reports, when it does.
        context_tokens: Option<u64>,
        /// The endpoint cut the prompt and answered anyway (rather than refusing it).
        cut: bool,
    },
    /// The endpoint answered HTTP 200 with an error in the body (OpenRouter and other routers
    /// do so, at the top level or in `choices[0].error`).
    #[error("the LLM provider reported an error{}: {message}", code_hint(.code))]
    Provider {
        /// The error's code, when it gave an HTTP-like one.
        code: Option<u16>,
        /// The provider's explanation.
        message: String,
    },
}

impl LlmError {
    /// True for transient failures worth trying again: timeouts, connection errors, HTTP 429
    /// and 5xx, unusable answers, and provider errors with such a code (or none). Configuration
    /// errors (401, 403, 404, 400, refused addresses, bad URLs) and limits that a setting must
    /// raise (a cut-off answer, a prompt larger than the context) are not.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout(_)
            | Self::ConnectTimeout(_)
            | Self::IdleTimeout(_)
            | Self::Connection(_)
            | Self::RateLimited { .. }
            | Self::Server { .. }
            | Self::Unusable(_) => true,
            Self::Provider { code, .. } => code.is_none_or(transient_status),
            _ => false,
        }
    }
}

/// HTTP-like codes of transient failures: timeout, rate limit, server errors.
pub(crate) fn transient_status(code: u16) -> bool {
    matches!(code, 408 | 429 | 500..=599)
}

/// `" (max_tokens 8192)"` or nothing.
fn limit_hint(max_tokens: &Option<u32>) -> String {
    max_tokens
        .map(|limit| format!(" (max_tokens {limit})"))
        .unwrap_or_default()
}

/// `" of 4096 tokens"` or nothing.
fn context_hint(context: &Option<u64>) -> String {
    context
        .map(|tokens| format!(" of {tokens} tokens"))
        .unwrap_or_default()
}

/// `" (code 402)"` or nothing.
fn code_hint(code: &Option<u16>) -> String {
    code.map(|code| format!(" (code {code})"))
        .unwrap_or_default()
}

/// `"; the endpoint asked to wait 30 s"` or nothing.
fn retry_hint(retry_after: &Option<Duration>) -> String {
    retry_after
        .map(|wait| format!("; the endpoint asked to wait {} s", wait.as_secs()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_errors_are_not_retryable_and_transient_ones_are() {
        assert!(
            !LlmError::Unauthorized {
                message: String::new()
            }
            .is_retryable()
        );
        assert!(!LlmError::InvalidEndpoint(String::new()).is_retryable());
        assert!(
            !LlmError::NotFound {
                model: "m".into(),
                url: "u".into()
            }
            .is_retryable()
        );
        assert!(LlmError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(LlmError::RateLimited { retry_after: None }.is_retryable());
        assert!(LlmError::Unusable("empty".into()).is_retryable());
        assert!(LlmError::IdleTimeout(Duration::from_secs(1)).is_retryable());
        assert!(
            !LlmError::Truncated {
                max_tokens: Some(16),
                in_reasoning: false
            }
            .is_retryable()
        );
        assert!(
            !LlmError::ContextExceeded {
                prompt_tokens: 5000,
                context_tokens: Some(2048),
                cut: true
            }
            .is_retryable()
        );
        let provider = |code| LlmError::Provider {
            code,
            message: String::new(),
        };
        assert!(!provider(Some(402)).is_retryable());
        assert!(provider(Some(502)).is_retryable());
        assert!(provider(None).is_retryable());
    }

    #[test]
    fn messages_say_what_to_fix() {
        let message = LlmError::Unauthorized {
            message: "bad key".into(),
        }
        .to_string();
        assert!(message.contains("the API key was rejected"), "{message}");
        let message = LlmError::NotFound {
            model: "gpt-x".into(),
            url: "https://e/v1/chat/completions".into(),
        }
        .to_string();
        assert!(message.contains("model \"gpt-x\" not found"), "{message}");
        let message = LlmError::RateLimited {
            retry_after: Some(Duration::from_secs(30)),
        }
        .to_string();
        assert!(message.contains("wait 30 s"), "{message}");
    }
}
