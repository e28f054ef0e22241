//! [`EndpointOptions`]: what a user may set about their endpoint beyond URL, model and key (the
//! output mode, concurrency, output limit, timeouts, the API key's header, extra query
//! parameters), and [`CallObserver`], through which the client tells its caller about retries
//! and waits while a call is still going on.
//!
//! Unset options take the client's defaults ([`super::LlmClientConfig`]); the wire form of
//! these options is `resume_shared::api::llm::LlmEndpointOptions`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use resume_shared::api::llm::{LlmAuthHeader, LlmEndpointOptions, LlmOutputMode};

use super::error::LlmError;
use super::mode::OutputMode;
use super::prompts::PromptKind;

/// Which header carries the API key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AuthHeader {
    /// `Authorization: Bearer <key>`.
    #[default]
    Bearer,
    /// `api-key: <key>` (Azure OpenAI classic deployments).
    ApiKey,
}

/// A user's options for one endpoint; `None` means the client's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointOptions {
    /// Forces one output mode; the client then never falls back to another.
    pub output_mode: Option<OutputMode>,
    /// Requests in flight to this endpoint at once (see [`super::OpenAiClient`]).
    pub concurrency: Option<usize>,
    /// The output limit sent with every request.
    pub max_tokens: Option<u32>,
    /// Time allowed to open the connection.
    pub connect_timeout: Option<Duration>,
    /// Time allowed from sending a request to the first byte of its answer.
    pub first_byte_timeout: Option<Duration>,
    /// Time allowed without data while an answer arrives.
    pub idle_timeout: Option<Duration>,
    /// Which header carries the API key.
    pub auth_header: AuthHeader,
    /// Extra query parameters added to every request (`api-version=…`), in order.
    pub query: Vec<(String, String)>,
}

impl From<&LlmEndpointOptions> for EndpointOptions {
    /// The options as stored and sent over the API (validated when saved).
    fn from(options: &LlmEndpointOptions) -> Self {
        let seconds = |value: Option<u32>| value.map(|s| Duration::from_secs(u64::from(s)));
        Self {
            output_mode: options.output_mode.map(|mode| match mode {
                LlmOutputMode::JsonSchema => OutputMode::JsonSchema,
                LlmOutputMode::JsonObject => OutputMode::JsonObject,
                LlmOutputMode::Plain => OutputMode::Plain,
            }),
            concurrency: options.concurrency.and_then(|n| usize::try_from(n).ok()),
            max_tokens: options.max_tokens,
            connect_timeout: seconds(options.connect_timeout_seconds),
            first_byte_timeout: seconds(options.first_byte_timeout_seconds),
            idle_timeout: seconds(options.idle_timeout_seconds),
            auth_header: match options.auth_header {
                LlmAuthHeader::Bearer => AuthHeader::Bearer,
                LlmAuthHeader::ApiKey => AuthHeader::ApiKey,
            },
            query: options
                .query
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        }
    }
}

/// Something the client did or waits for during a call, reported while the call goes on so
/// the user sees why it takes long.
#[derive(Debug, Clone, PartialEq)]
pub enum CallNotice {
    /// An attempt failed; the client tries again after `wait`.
    Retrying {
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Attempts allowed in all.
        max_attempts: u32,
        /// How long the client waits first.
        wait: Duration,
        /// Why the attempt failed.
        error: LlmError,
    },
    /// Every request slot of the endpoint is busy; the request waits for one (this time does
    /// not count against any timeout).
    WaitingForSlot {
        /// The endpoint's concurrency.
        limit: usize,
    },
    /// The endpoint did not take a request option, or answered in a way that needs another
    /// one; the request is sent again without it (this is not a failed attempt).
    Adjusted(String),
    /// The answer was read from somewhere other than the message content.
    ReadFrom(String),
}

impl fmt::Display for CallNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Retrying {
                attempt,
                max_attempts,
                wait,
                error,
            } => write!(
                f,
                "attempt {attempt} of {max_attempts} failed ({error}); trying again in {}",
                seconds(*wait)
            ),
            Self::WaitingForSlot { limit } => write!(
                f,
                "waiting for a free request slot on the endpoint ({limit} at a time)"
            ),
            Self::Adjusted(what) | Self::ReadFrom(what) => f.write_str(what),
        }
    }
}

/// `"2 s"`, `"1.5 s"`, `"250 ms"`.
fn seconds(wait: Duration) -> String {
    let secs = wait.as_secs_f64();
    if secs < 1.0 {
        return format!("{} ms", wait.as_millis());
    }
    if secs >= 10.0 || (secs - secs.round()).abs() < 0.05 {
        format!("{} s", secs.round())
    } else {
        format!("{secs:.1} s")
    }
}

/// Receives the [`CallNotice`]s of calls, with the prompt they concern. Must not block: it is
/// called from inside the call.
pub type CallObserver = Arc<dyn Fn(PromptKind, &CallNotice) + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_read_as_sentences() {
        let retrying = CallNotice::Retrying {
            attempt: 1,
            max_attempts: 3,
            wait: Duration::from_millis(1500),
            error: LlmError::RateLimited {
                retry_after: Some(Duration::from_secs(1)),
            },
        }
        .to_string();
        assert!(
            retrying.starts_with("attempt 1 of 3 failed ("),
            "{retrying}"
        );
        assert!(retrying.ends_with("trying again in 1.5 s"), "{retrying}");
        assert_eq!(
            CallNotice::WaitingForSlot { limit: 1 }.to_string(),
            "waiting for a free request slot on the endpoint (1 at a time)"
        );
        assert_eq!(seconds(Duration::from_secs(2)), "2 s");
        assert_eq!(seconds(Duration::from_millis(250)), "250 ms");
    }
}
