//! [`OpenAiClient`]: the real [`LlmClient`], for any OpenAI-compatible
//! `POST {base_url}/chat/completions` endpoint (OpenAI, Azure OpenAI, Ollama, llama.cpp, vLLM,
//! LM Studio, OpenRouter, Gemini's and Anthropic's compatible APIs, …).
//!
//! One call is: build the URL from the user's base URL (and extra query parameters), apply the
//! private-address rule ([`super::address`]), take a request slot of the endpoint
//! ([`super::slots`]), send the prompt in the structured-output mode remembered for the
//! endpoint ([`super::mode`]) with an output limit, and turn the answer into a validated typed
//! value ([`super::answers`]) that follows its schema ([`super::schema`]).
//!
//! - **Timeouts** are separate: connecting, the first byte of the answer (time waiting for a
//!   slot does not count), and silence in the middle of the answer.
//! - **Retries.** Transient failures (timeouts, connection errors, HTTP 429 and 5xx, unusable
//!   answers, provider errors with such a code) are retried up to
//!   [`LlmClientConfig::max_attempts`] attempts in total, with exponential backoff and jitter,
//!   or after the endpoint's `Retry-After` on 429/503. Every retry and every wait for a slot is
//!   reported to the endpoint's observer, so a job shows what it is waiting for.
//! - **Adjustments** are not failed attempts: a rejected `response_format` (any 400 in a JSON
//!   mode, 422/501 naming it) or an empty answer in a JSON mode steps down to the next mode; a
//!   rejected `temperature` is dropped; a rejected output limit is renamed
//!   (`max_completion_tokens`), lowered to what the endpoint names, or dropped. What works is
//!   remembered per endpoint.
//! - **What an answer can be**: a JSON completion or an event stream
//!   ([`super::completion`]); text in the content or, when that is empty, in a reasoning field;
//!   reasoning inline before `</think>` ([`super::extract`]). An error inside an HTTP 200 is
//!   the provider's error; an answer cut at the output limit is reported as such, and so is a
//!   prompt the endpoint cut or refused for its context window.
//!
//! The API key is only put in its header (marked sensitive); prompts and answers are not
//! logged, only their kind, sizes, statuses and timings. What does come from the user or the
//! endpoint (the model name, an endpoint's error message) is logged and stored with its
//! control characters escaped ([`super::sanitize`]), so it cannot forge log lines. Of an error
//! answer only the status and, when the body is JSON, its error message are quoted: an
//! endpoint on a private network allowed by the operator must not become a way to read other
//! internal services' pages.

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use resume_shared::{Resume, Role};
use serde_json::{Value, json};
use url::Url;

use super::address::{self, GuardedResolver};
use super::allowed_hosts::AllowedHosts;
use super::answers::{
    Answer, ConnectionProbe, CoverLetter, Introduction, JobAnalysis, RefinedRole,
};
use super::completion::{self, Body, Completion};
use super::error::LlmError;
use super::extract;
use super::limits;
use super::mode::{
    LimitField, OutputMode, QuirkCache, Quirks, rejects_output_limit, rejects_response_format,
    rejects_temperature,
};
use super::options::{AuthHeader, CallNotice};
use super::prompts::{self, LetterBrief, Prompt};
use super::retry::{Backoff, parse_retry_after};
use super::sanitize::{LogSafe, escape_controls, one_line};
use super::schema;
use super::slots::{self, Slots};
use super::{ConnectionReport, LlmClient, LlmEndpoint};

/// The largest answer body read (a chat completion is a few kilobytes).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How much of an endpoint's error text is quoted in error messages.
const MAX_ERROR_CHARS: usize = 300;

/// The most request adjustments (mode, temperature, output limit) in one call.
const MAX_ADJUSTMENTS: u32 = 8;

/// The smallest output limit worth sending after the endpoint refused a larger one.
const MIN_OUTPUT_LIMIT: u32 = 16;

/// How long the client waits for an Ollama server to say its context window.
const CONTEXT_LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Settings of the client that are the server's, not the user's; users may override the
/// per-endpoint ones (see [`super::EndpointOptions`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LlmClientConfig {
    /// First-byte timeout: time allowed from sending a request to the first byte of its answer
    /// (time waiting for a request slot does not count). Default 120 s.
    pub timeout: Duration,
    /// Time allowed to open a connection. Default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed without data while an answer arrives. Default 60 s.
    pub idle_timeout: Duration,
    /// The output limit sent with every request (`max_tokens`). Default 8192.
    pub max_tokens: u32,
    /// Requests in flight to one endpoint (and API key) at once, for endpoints that are not on
    /// loopback or a private network (those get 1). Default 4.
    pub concurrency: usize,
    /// Attempts per call in total (first try included). Default 3.
    pub max_attempts: u32,
    /// Backoff after the first failed attempt, doubled after each further one (before
    /// jitter). Default 500 ms.
    pub backoff_base: Duration,
    /// The longest backoff. Default 8 s.
    pub backoff_max: Duration,
    /// The longest `Retry-After` the client honours; an endpoint asking for more fails the call
    /// at once with [`LlmError::RateLimited`]. Default 60 s.
    pub max_retry_after: Duration,
    /// The longest a connection test waits for rate limits, in all. Default 20 s.
    pub max_test_wait: Duration,
    /// Sampling temperature. Default 0.2.
    pub temperature: f64,
    /// Allow endpoints on loopback and private networks
    /// (`RESUME_EDITOR_LLM_ALLOW_PRIVATE`). Default false.
    pub allow_private: bool,
    /// The only hosts whose private addresses may be reached when `allow_private` is false
    /// (`RESUME_EDITOR_LLM_ALLOWED_HOSTS`). Default none.
    pub allowed_hosts: AllowedHosts,
}

impl Default for LlmClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_tokens: 8192,
            concurrency: 4,
            max_attempts: 3,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            max_test_wait: Duration::from_secs(20),
            temperature: 0.2,
            allow_private: false,
            allowed_hosts: AllowedHosts::default(),
        }
    }
}

/// The real LLM client. Cheap to share: build one per process and hold it as
/// `Arc<dyn LlmClient>`; its connection pools, request slots and structured-output cache are
/// shared by all users (keyed by endpoint).
#[derive(Debug)]
pub struct OpenAiClient {
    /// HTTP clients by connect timeout (reqwest sets it per client).
    http: Mutex<HashMap<Duration, reqwest::Client>>,
    config: LlmClientConfig,
    quirks: QuirkCache,
    slots: Slots,
    /// Endpoints that did not say their context window when asked (asked once).
    silent_about_context: Mutex<std::collections::HashSet<String>>,
}

/// How persistent a call is.
#[derive(Debug, Clone, Copy)]
struct Policy {
    max_attempts: u32,
    /// Retry only rate limits (the connection test: anything else is the answer it looks for).
    rate_limits_only: bool,
    /// The longest wait between attempts in all.
    max_total_wait: Option<Duration>,
}

/// A change to the request that may make the endpoint take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// The next, more tolerant output mode.
    NextMode,
    /// No `temperature`.
    NoTemperature,
    /// Send the output limit under another name (or not at all).
    LimitField(LimitField),
    /// Send a smaller output limit.
    LimitCap(u32),
}

/// Why one attempt did not produce an answer.
enum Failure {
    /// The request needs a change; `error` stands when the change is not possible.
    Adjust { change: Change, error: LlmError },
    /// A real failure, with the endpoint's `Retry-After` when it sent one on 429/503.
    Failed(LlmError, Option<Duration>),
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Self::Failed(error, None)
    }
}

/// What one request sent, for reading its answer.
#[derive(Debug, Clone, Copy)]
struct Sent {
    quirks: Quirks,
    /// The output limit sent, if one was.
    limit: Option<u32>,
    /// The estimated size of the prompt, in tokens.
    prompt_tokens: u64,
}

impl OpenAiClient {
    /// A client with the given settings.
    ///
    /// # Errors
    /// [`LlmError::Client`] when the TLS or HTTP stack cannot be initialised.
    pub fn new(config: LlmClientConfig) -> Result<Self, LlmError> {
        let client = Self {
            http: Mutex::new(HashMap::new()),
            config,
            quirks: QuirkCache::default(),
            slots: Slots::default(),
            silent_about_context: Mutex::new(std::collections::HashSet::new()),
        };
        client.http(client.config.connect_timeout)?;
        Ok(client)
    }

    /// The client's settings.
    #[must_use]
    pub fn config(&self) -> &LlmClientConfig {
        &self.config
    }

    /// The structured-output mode currently remembered for an endpoint (JSON schema when
    /// nothing is known yet).
    #[must_use]
    pub fn remembered_mode(&self, endpoint: &LlmEndpoint) -> OutputMode {
        self.quirks.get(&endpoint.cache_key()).mode
    }

    /// The HTTP client with this connect timeout.
    fn http(&self, connect_timeout: Duration) -> Result<reqwest::Client, LlmError> {
        let mut clients = self.http.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = clients.get(&connect_timeout) {
            return Ok(client.clone());
        }
        let mut builder = reqwest::Client::builder()
            // A redirect could lead to an address the private-address rule refuses, and API
            // endpoints do not redirect POSTs anyway.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the host itself, out of the rule's reach.
            .no_proxy()
            .connect_timeout(connect_timeout)
            .user_agent(concat!("resume-editor/", env!("CARGO_PKG_VERSION")));
        if !self.config.allow_private {
            builder = builder.dns_resolver(Arc::new(GuardedResolver::new(
                self.config.allowed_hosts.clone(),
            )));
        }
        let client = builder
            .build()
            .map_err(|error| LlmError::Client(error_chain(&error)))?;
        clients.insert(connect_timeout, client.clone());
        Ok(client)
    }

    /// The endpoint's concurrency: the user's, else 1 for loopback and private hosts, else the
    /// server's.
    async fn concurrency_of(&self, endpoint: &LlmEndpoint, url: &Url) -> usize {
        if let Some(concurrency) = endpoint.options.concurrency {
            return concurrency.max(1);
        }
        if self.slots.is_local(url).await {
            1
        } else {
            self.config.concurrency.max(1)
        }
    }

    /// Sends `prompt` until it yields a valid `T` or the attempts run out.
    async fn call<T: Answer>(
        &self,
        endpoint: &LlmEndpoint,
        prompt: &Prompt,
        policy: Policy,
    ) -> Result<(T, OutputMode), LlmError> {
        let url = endpoint.chat_completions_url()?;
        address::check_url(&url, self.config.allow_private, &self.config.allowed_hosts).await?;
        let limit = self.concurrency_of(endpoint, &url).await;
        let slot_key = slots::key(&endpoint.base_url, endpoint.key());
        let backoff = Backoff {
            base: self.config.backoff_base,
            max: self.config.backoff_max,
        };
        let cache_key = endpoint.cache_key();
        let forced = endpoint.options.output_mode;
        let mut quirks = self.quirks.get(&cache_key);
        if let Some(mode) = forced {
            quirks.mode = mode;
        }
        let prompt_tokens =
            limits::estimate_tokens(prompt.system.chars().count() + prompt.user.chars().count());
        let mut attempt = 0;
        let mut adjustments = 0;
        let mut waited = Duration::ZERO;
        loop {
            attempt += 1;
            let permit = match self.slots.take(&slot_key, limit) {
                Ok(permit) => permit,
                Err(free) => {
                    endpoint.notify(prompt.kind, &CallNotice::WaitingForSlot { limit });
                    free.await
                }
            };
            let started = Instant::now();
            let sent = Sent {
                quirks,
                limit: None,
                prompt_tokens,
            };
            let outcome = self.attempt::<T>(endpoint, &url, prompt, sent).await;
            drop(permit);
            let elapsed_ms = started.elapsed().as_millis();
            let (error, retry_after) = match outcome {
                Ok(answer) => {
                    tracing::debug!(
                        kind = prompt.kind.as_str(),
                        model = %LogSafe(&endpoint.model),
                        mode = ?quirks.mode,
                        attempt,
                        elapsed_ms,
                        "LLM call succeeded"
                    );
                    self.quirks.set(&cache_key, quirks);
                    return Ok((answer, quirks.mode));
                }
                Err(Failure::Adjust { change, error }) => {
                    adjustments += 1;
                    match adjust(quirks, change, forced) {
                        Some((next, what)) if adjustments <= MAX_ADJUSTMENTS => {
                            tracing::info!(
                                kind = prompt.kind.as_str(),
                                model = %LogSafe(&endpoint.model),
                                change = ?change,
                                "LLM endpoint did not take a request option; sending again without it"
                            );
                            endpoint.notify(prompt.kind, &CallNotice::Adjusted(what));
                            quirks = next;
                            self.quirks.set(&cache_key, quirks);
                            attempt -= 1;
                            continue;
                        }
                        _ => (forced_hint(error, forced, change), None),
                    }
                }
                Err(Failure::Failed(error, retry_after)) => (error, retry_after),
            };
            let retry_wanted = error.is_retryable()
                && (!policy.rate_limits_only || matches!(error, LlmError::RateLimited { .. }));
            if !retry_wanted || attempt >= policy.max_attempts {
                tracing::warn!(
                    kind = prompt.kind.as_str(),
                    model = %LogSafe(&endpoint.model),
                    attempt,
                    elapsed_ms,
                    error = %LogSafe(&error),
                    "LLM call failed"
                );
                return Err(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > self.config.max_retry_after => {
                    return Err(LlmError::RateLimited {
                        retry_after: Some(wait),
                    });
                }
                Some(wait) => wait,
                None => backoff.delay(attempt),
            };
            if policy
                .max_total_wait
                .is_some_and(|most| waited + wait > most)
            {
                return Err(error);
            }
            tracing::warn!(
                kind = prompt.kind.as_str(),
                model = %LogSafe(&endpoint.model),
                attempt,
                elapsed_ms,
                wait_ms = wait.as_millis(),
                error = %LogSafe(&error),
                "LLM call failed; retrying"
            );
            endpoint.notify(
                prompt.kind,
                &CallNotice::Retrying {
                    attempt,
                    max_attempts: policy.max_attempts,
                    wait,
                    error,
                },
            );
            tokio::time::sleep(wait).await;
            waited += wait;
        }
    }

    /// The request body, and the output limit it carries.
    fn request_body(
        &self,
        endpoint: &LlmEndpoint,
        prompt: &Prompt,
        quirks: Quirks,
    ) -> (Value, Option<u32>) {
        let mut body = json!({
            "model": endpoint.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
        });
        if quirks.temperature {
            body["temperature"] = json!(self.config.temperature);
        }
        let limit = quirks.limit_field.name().map(|name| {
            let limit = endpoint
                .options
                .max_tokens
                .unwrap_or(self.config.max_tokens);
            let limit = quirks.limit_cap.map_or(limit, |cap| limit.min(cap));
            body[name] = json!(limit);
            limit
        });
        if let Some(format) = quirks
            .mode
            .response_format(prompt.schema_name, &prompt.schema)
        {
            body["response_format"] = format;
        }
        (body, limit)
    }

    /// One HTTP request and the reading of its answer.
    async fn attempt<T: Answer>(
        &self,
        endpoint: &LlmEndpoint,
        url: &Url,
        prompt: &Prompt,
        mut sent: Sent,
    ) -> Result<T, Failure> {
        let (body, limit) = self.request_body(endpoint, prompt, sent.quirks);
        sent.limit = limit;
        let connect_timeout = endpoint
            .options
            .connect_timeout
            .unwrap_or(self.config.connect_timeout);
        let first_byte = endpoint
            .options
            .first_byte_timeout
            .unwrap_or(self.config.timeout);
        let idle = endpoint
            .options
            .idle_timeout
            .unwrap_or(self.config.idle_timeout);
        let request = with_key(
            self.http(connect_timeout)?.post(url.clone()).json(&body),
            endpoint,
        )?;
        let response = match tokio::time::timeout(first_byte, request.send()).await {
            Err(_) => return Err(LlmError::Timeout(first_byte).into()),
            Ok(Err(error)) => return Err(transport_error(&error, connect_timeout, idle).into()),
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let text = read_body(response, connect_timeout, idle).await?;
        if status.is_success() {
            return self
                .read_answer::<T>(endpoint, url, prompt, &text, content_type.as_deref(), sent)
                .await;
        }
        Err(classify(status, &text, retry_after, endpoint, url, sent))
    }

    /// Turns a 2xx body into a validated `T`, or says why it is none.
    async fn read_answer<T: Answer>(
        &self,
        endpoint: &LlmEndpoint,
        url: &Url,
        prompt: &Prompt,
        text: &str,
        content_type: Option<&str>,
        sent: Sent,
    ) -> Result<T, Failure> {
        let completion = match completion::read(text, content_type) {
            Err(why) => return Err(LlmError::Unusable(why).into()),
            Ok(Body::Error { code, message }) => {
                let message = quote(&message, endpoint.key());
                return Err(LlmError::Provider { code, message }.into());
            }
            Ok(Body::Completion(completion)) => completion,
        };
        if completion.streamed {
            endpoint.notify(
                prompt.kind,
                &CallNotice::ReadFrom(
                    "the endpoint answered with an event stream (streaming); it was read whole"
                        .to_owned(),
                ),
            );
        }
        if let Some(reported) = completion.prompt_tokens
            && limits::possibly_cut(reported, sent.prompt_tokens)
        {
            // The endpoint counted fewer tokens than were sent. Where it says its context
            // window, that decides (a count of only the uncached part must not look like a cut
            // prompt); elsewhere only a count under half of the estimate does.
            let context = self.reported_context(endpoint, url).await;
            let cut = match context {
                Some(context) => sent.prompt_tokens > context && reported <= context,
                None => limits::clearly_cut(reported, sent.prompt_tokens),
            };
            if cut {
                return Err(LlmError::ContextExceeded {
                    prompt_tokens: sent.prompt_tokens,
                    context_tokens: Some(context.unwrap_or(reported)),
                    cut: true,
                }
                .into());
            }
        }
        if let Some(refusal) = &completion.refusal {
            return Err(LlmError::Unusable(format!(
                "the model refused: {}",
                truncate(&one_line(refusal))
            ))
            .into());
        }
        interpret::<T>(endpoint, prompt, &completion, sent)
    }

    /// The context window an Ollama server reports for the endpoint's model (`GET /api/ps`,
    /// the running models), when it does. Only asked when the endpoint counted fewer prompt
    /// tokens than were sent.
    async fn reported_context(&self, endpoint: &LlmEndpoint, url: &Url) -> Option<u64> {
        let key = endpoint.cache_key();
        let silent = || {
            self.silent_about_context
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if silent().contains(&key) {
            return None;
        }
        let context = self.ask_context(endpoint, url).await;
        if context.is_none() {
            silent().insert(key);
        }
        context
    }

    /// `GET /api/ps` of the endpoint's server: the running model's `context_length`.
    async fn ask_context(&self, endpoint: &LlmEndpoint, url: &Url) -> Option<u64> {
        let mut ps = url.clone();
        let base = ps.path().trim_end_matches("/chat/completions").to_owned();
        let root = base.strip_suffix("/v1").unwrap_or("");
        ps.set_path(&format!("{root}/api/ps"));
        ps.set_query(None);
        let http = self.http(self.config.connect_timeout).ok()?;
        let request = with_key(http.get(ps), endpoint).ok()?;
        let response = tokio::time::timeout(CONTEXT_LOOKUP_TIMEOUT, request.send())
            .await
            .ok()?
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        let body: Value = tokio::time::timeout(CONTEXT_LOOKUP_TIMEOUT, response.json())
            .await
            .ok()?
            .ok()?;
        let model = endpoint.model.as_str();
        let latest = format!("{model}:latest");
        body["models"]
            .as_array()?
            .iter()
            .find(|entry| {
                [&entry["name"], &entry["model"]]
                    .iter()
                    .any(|name| name.as_str().is_some_and(|n| n == model || n == latest))
            })
            .and_then(|entry| entry["context_length"].as_u64())
    }
}

/// The quirks after `change`, and what to tell the user; `None` when the change cannot be made
/// (no more tolerant mode, or the mode is forced by the settings).
fn adjust(quirks: Quirks, change: Change, forced: Option<OutputMode>) -> Option<(Quirks, String)> {
    let mut next = quirks;
    let what = match change {
        Change::NextMode => {
            if forced.is_some() {
                return None;
            }
            next.mode = quirks.mode.fallback()?;
            format!(
                "the endpoint did not answer in {} mode; asking again in {} mode",
                mode_name(quirks.mode),
                mode_name(next.mode)
            )
        }
        Change::NoTemperature => {
            next.temperature = false;
            "the model does not take a temperature; asking again without one".to_owned()
        }
        Change::LimitField(field) => {
            if field == quirks.limit_field {
                return None;
            }
            next.limit_field = field;
            match field.name() {
                Some(name) => {
                    format!("the endpoint wants the output limit as {name}; asking again")
                }
                None => "the endpoint does not take an output limit; asking again without one"
                    .to_owned(),
            }
        }
        Change::LimitCap(cap) => {
            if quirks.limit_cap.is_some_and(|old| old <= cap) {
                return None;
            }
            next.limit_cap = Some(cap);
            format!("the endpoint takes at most {cap} output tokens; asking again with that limit")
        }
    };
    Some((next, what))
}

/// The error of a mode change that could not be made, with a hint when the settings force the
/// mode.
fn forced_hint(error: LlmError, forced: Option<OutputMode>, change: Change) -> LlmError {
    let (Some(mode), Change::NextMode) = (forced, change) else {
        return error;
    };
    let hint = format!(
        "; the LLM settings force {} output, where Automatic would try the other modes",
        mode_name(mode)
    );
    match error {
        LlmError::BadRequest { status, message } => LlmError::BadRequest {
            status,
            message: format!("{message}{hint}"),
        },
        LlmError::Unusable(message) => LlmError::Unusable(format!("{message}{hint}")),
        other => other,
    }
}

/// The name of a mode in messages.
#[must_use]
pub fn mode_name(mode: OutputMode) -> &'static str {
    match mode {
        OutputMode::JsonSchema => "json_schema",
        OutputMode::JsonObject => "json_object",
        OutputMode::Plain => "plain",
    }
}

/// The request with the endpoint's API key in the header it wants.
fn with_key(
    request: reqwest::RequestBuilder,
    endpoint: &LlmEndpoint,
) -> Result<reqwest::RequestBuilder, LlmError> {
    let Some(key) = endpoint.key() else {
        return Ok(request);
    };
    Ok(match endpoint.options.auth_header {
        AuthHeader::Bearer => request.bearer_auth(key),
        AuthHeader::ApiKey => {
            let mut value = HeaderValue::from_str(key).map_err(|_| {
                LlmError::InvalidEndpoint(
                    "the API key holds characters an HTTP header cannot carry".to_owned(),
                )
            })?;
            value.set_sensitive(true);
            request.header("api-key", value)
        }
    })
}

/// Reads an answer body up to [`MAX_BODY_BYTES`], allowing `idle` between pieces.
async fn read_body(
    mut response: reqwest::Response,
    connect_timeout: Duration,
    idle: Duration,
) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    loop {
        let chunk = match tokio::time::timeout(idle, response.chunk()).await {
            Err(_) => return Err(LlmError::IdleTimeout(idle).into()),
            Ok(Err(error)) => return Err(transport_error(&error, connect_timeout, idle).into()),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(LlmError::Unusable(format!(
                "the answer is larger than {} MiB",
                MAX_BODY_BYTES / 1024 / 1024
            ))
            .into());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Maps a non-success status to a failure (or to a change of the request).
fn classify(
    status: StatusCode,
    text: &str,
    retry_after: Option<Duration>,
    endpoint: &LlmEndpoint,
    url: &Url,
    sent: Sent,
) -> Failure {
    let code = status.as_u16();
    let message = error_message(text, endpoint.key());
    let error = match code {
        401 => LlmError::Unauthorized { message },
        403 => LlmError::Forbidden { message },
        404 => LlmError::NotFound {
            model: escape_controls(&endpoint.model).into_owned(),
            url: url.to_string(),
        },
        400 | 413 | 422 | 501 => return classify_rejection(code, text, message, sent),
        429 => {
            return Failure::Failed(LlmError::RateLimited { retry_after }, retry_after);
        }
        408 | 500..=599 => {
            let honoured = (code == 503).then_some(retry_after).flatten();
            return Failure::Failed(
                LlmError::Server {
                    status: code,
                    message,
                },
                honoured,
            );
        }
        _ => LlmError::Status {
            status: code,
            message,
        },
    };
    Failure::Failed(error, None)
}

/// A request the endpoint did not take (400, 413, 422, 501): too long for the context, an
/// option it does not take, or something else.
fn classify_rejection(code: u16, text: &str, message: String, sent: Sent) -> Failure {
    let error = if matches!(code, 400 | 422) {
        LlmError::BadRequest {
            status: code,
            message,
        }
    } else {
        LlmError::Status {
            status: code,
            message,
        }
    };
    let adjust = |change| Failure::Adjust {
        change,
        error: error.clone(),
    };
    if limits::mentions_context_limit(text) {
        let said = limits::context_error(text);
        let prompt = said.prompt.unwrap_or(sent.prompt_tokens);
        // vLLM counts prompt + output limit against the context: a smaller limit may fit.
        if let (Some(limit), Some(context)) = (sent.limit, said.context) {
            let room = context.saturating_sub(prompt).saturating_sub(16);
            if room >= 256 && u64::from(limit) > room {
                return adjust(Change::LimitCap(u32::try_from(room).unwrap_or(u32::MAX)));
            }
        } else if sent.limit.is_some() && said.prompt.is_none() {
            return adjust(Change::LimitField(LimitField::Omitted));
        }
        return Failure::Failed(
            LlmError::ContextExceeded {
                prompt_tokens: prompt,
                context_tokens: said.context,
                cut: false,
            },
            None,
        );
    }
    if sent.quirks.temperature && rejects_temperature(code, text) {
        return adjust(Change::NoTemperature);
    }
    if let Some(limit) = sent.limit
        && rejects_output_limit(code, text)
    {
        let change = if sent.quirks.limit_field == LimitField::MaxTokens
            && text.to_ascii_lowercase().contains("max_completion_tokens")
        {
            Change::LimitField(LimitField::MaxCompletionTokens)
        } else {
            match limits::output_limit(text, limit) {
                Some(cap) if cap >= MIN_OUTPUT_LIMIT => Change::LimitCap(cap),
                _ => Change::LimitField(LimitField::Omitted),
            }
        };
        return adjust(change);
    }
    if sent.quirks.mode != OutputMode::Plain && (code == 400 || rejects_response_format(code, text))
    {
        return adjust(Change::NextMode);
    }
    Failure::Failed(error, None)
}

/// Reads the answer out of a completion: the last JSON object of the text that follows the
/// schema and validates (the content, else the reasoning when the content is empty).
fn interpret<T: Answer>(
    endpoint: &LlmEndpoint,
    prompt: &Prompt,
    completion: &Completion,
    sent: Sent,
) -> Result<T, Failure> {
    let content_empty = extract::answer_text(&completion.content).trim().is_empty();
    let (text, from_reasoning) = if content_empty && !completion.reasoning.trim().is_empty() {
        (completion.reasoning.as_str(), true)
    } else {
        (completion.content.as_str(), false)
    };
    let candidates = extract::json_objects(text);
    let schema = T::schema();
    let mut problem = None;
    for object in candidates.iter().rev() {
        let value = Value::Object(object.clone());
        let checked = schema::check(&value, &schema).and_then(|()| {
            serde_json::from_value::<T>(value)
                .map_err(|error| error.to_string())
                .and_then(Answer::validate)
        });
        match checked {
            Ok(answer) => {
                if from_reasoning {
                    endpoint.notify(
                        prompt.kind,
                        &CallNotice::ReadFrom(format!(
                            "the message content was empty; the answer was read from `{}`",
                            completion.reasoning_field.unwrap_or("reasoning")
                        )),
                    );
                }
                return Ok(answer);
            }
            Err(why) => {
                problem.get_or_insert(why);
            }
        }
    }
    if completion.cut_off() {
        return Err(LlmError::Truncated {
            max_tokens: sent.limit,
            in_reasoning: content_empty,
        }
        .into());
    }
    if content_empty && candidates.is_empty() {
        // LM Studio answers some schema requests with nothing: another mode may work.
        return Err(Failure::Adjust {
            change: Change::NextMode,
            error: LlmError::Unusable("the model returned an empty answer".to_owned()),
        });
    }
    Err(match problem {
        None => LlmError::Unusable("the model's answer contains no JSON object".to_owned()),
        Some(why) => LlmError::Unusable(format!(
            "the answer does not match the {} schema ({})",
            T::NAME,
            truncate(&one_line(&why))
        )),
    }
    .into())
}

/// Maps a transport error: a connect timeout, a refused address (from the resolver), a
/// connection that broke, or idleness while reading.
fn transport_error(error: &reqwest::Error, connect_timeout: Duration, idle: Duration) -> LlmError {
    if error.is_connect() && error.is_timeout() {
        return LlmError::ConnectTimeout(connect_timeout);
    }
    if error.is_timeout() {
        return LlmError::IdleTimeout(idle);
    }
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<LlmError>() {
            return refused.clone();
        }
        source = cause.source();
    }
    LlmError::Connection(error_chain(error))
}

/// The endpoint's explanation from a JSON error body (`{"error": {"message": …}}` and common
/// variants, also wrapped in a one-item list as Gemini's compatible API does) as one line,
/// shortened, and with the API key removed should the endpoint echo it. Anything else (HTML,
/// plain text, JSON without a message) is not quoted: the status says what failed, and quoting
/// arbitrary bodies would let the server be used to read internal pages when private
/// endpoints are allowed.
fn error_message(text: &str, key: Option<&str>) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let parsed = parsed.as_ref().map(|value| match value {
        Value::Array(items) if !items.is_empty() => &items[0],
        other => other,
    });
    let Some(message) = parsed.and_then(|value| {
        [
            &value["error"]["message"],
            &value["error"],
            &value["message"],
            &value["detail"],
        ]
        .into_iter()
        .find_map(|candidate| candidate.as_str().map(str::to_owned))
    }) else {
        return NO_EXPLANATION.to_owned();
    };
    quote(&message, key)
}

/// An endpoint's message as one line, shortened, without the API key.
fn quote(message: &str, key: Option<&str>) -> String {
    let message = match key {
        Some(key) if key.len() >= 4 => message.replace(key, "[redacted]"),
        _ => message.to_owned(),
    };
    let message = one_line(&message);
    if message.is_empty() {
        NO_EXPLANATION.to_owned()
    } else {
        truncate(&message)
    }
}

/// The error text when the endpoint gave no JSON error message.
const NO_EXPLANATION: &str = "no explanation given (only a JSON error message is quoted)";

fn truncate(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(MAX_ERROR_CHARS).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// An error and its causes, `: `-separated (reqwest's own message hides the cause).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl OpenAiClient {
    /// The persistence of job calls.
    fn job_policy(&self) -> Policy {
        Policy {
            max_attempts: self.config.max_attempts,
            rate_limits_only: false,
            max_total_wait: None,
        }
    }
}

#[async_trait]
impl LlmClient for OpenAiClient {
    async fn analyze_job(
        &self,
        endpoint: &LlmEndpoint,
        job_description: &str,
        resume: &Resume,
    ) -> Result<JobAnalysis, LlmError> {
        let prompt = prompts::job_analysis(job_description, resume);
        let (answer, _) = self
            .call::<JobAnalysis>(endpoint, &prompt, self.job_policy())
            .await?;
        Ok(answer)
    }

    async fn refine_role(
        &self,
        endpoint: &LlmEndpoint,
        role: &Role,
        analysis: &JobAnalysis,
    ) -> Result<RefinedRole, LlmError> {
        let prompt = prompts::refine_role(role, analysis);
        let (answer, _) = self
            .call::<RefinedRole>(endpoint, &prompt, self.job_policy())
            .await?;
        Ok(answer)
    }

    async fn write_introduction(
        &self,
        endpoint: &LlmEndpoint,
        resume: &Resume,
        analysis: &JobAnalysis,
    ) -> Result<Introduction, LlmError> {
        let prompt = prompts::introduction(resume, analysis);
        let (answer, _) = self
            .call::<Introduction>(endpoint, &prompt, self.job_policy())
            .await?;
        Ok(answer)
    }

    async fn write_cover_letter(
        &self,
        endpoint: &LlmEndpoint,
        resume: &Resume,
        analysis: &JobAnalysis,
        brief: &LetterBrief,
    ) -> Result<CoverLetter, LlmError> {
        let prompt = prompts::cover_letter(resume, analysis, brief);
        let (answer, _) = self
            .call::<CoverLetter>(endpoint, &prompt, self.job_policy())
            .await?;
        Ok(answer)
    }

    async fn test_connection(&self, endpoint: &LlmEndpoint) -> Result<ConnectionReport, LlmError> {
        // Probe afresh: the point of the test is to find out what works now.
        self.quirks.forget(&endpoint.cache_key());
        let notes = Arc::new(Mutex::new(Vec::<String>::new()));
        let observed = {
            let notes = Arc::clone(&notes);
            let outer = endpoint.observer.clone();
            endpoint
                .clone()
                .observed_by(Arc::new(move |kind, notice: &CallNotice| {
                    notes
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(notice.to_string());
                    if let Some(outer) = &outer {
                        outer(kind, notice);
                    }
                }))
        };
        let started = Instant::now();
        // Rate limits are waited out as a job would (within a bound: a person is waiting);
        // any other failure is the answer the test looks for.
        let policy = Policy {
            max_attempts: self.config.max_attempts,
            rate_limits_only: true,
            max_total_wait: Some(self.config.max_test_wait),
        };
        let (probe, mode) = self
            .call::<ConnectionProbe>(&observed, &prompts::connection_test(), policy)
            .await?;
        if !probe.ok {
            return Err(LlmError::Unusable(
                "the model answered the connection test with ok: false".to_owned(),
            ));
        }
        let notes = std::mem::take(&mut *notes.lock().unwrap_or_else(PoisonError::into_inner));
        Ok(ConnectionReport {
            latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            mode,
            model: endpoint.model.clone(),
            notes,
        })
    }

    async fn concurrency(&self, endpoint: &LlmEndpoint) -> usize {
        match endpoint.chat_completions_url() {
            Ok(url) => self.concurrency_of(endpoint, &url).await,
            Err(_) => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completion(content: &str) -> String {
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
            .to_string()
    }

    fn sent() -> Sent {
        Sent {
            quirks: Quirks::default(),
            limit: Some(8192),
            prompt_tokens: 1000,
        }
    }

    fn endpoint() -> LlmEndpoint {
        LlmEndpoint::new("http://127.0.0.1:1/v1", "m", None)
    }

    /// Reads a body the way a successful attempt does (without the context lookup).
    fn parse_answer<T: Answer>(text: &str) -> Result<T, LlmError> {
        let completion = match completion::read(text, None) {
            Err(why) => return Err(LlmError::Unusable(why)),
            Ok(Body::Error { code, message }) => return Err(LlmError::Provider { code, message }),
            Ok(Body::Completion(completion)) => completion,
        };
        if let Some(refusal) = &completion.refusal {
            return Err(LlmError::Unusable(format!(
                "the model refused: {}",
                truncate(&one_line(refusal))
            )));
        }
        interpret::<T>(
            &endpoint(),
            &prompts::connection_test(),
            &completion,
            sent(),
        )
        .map_err(|failure| match failure {
            Failure::Adjust { error, .. } | Failure::Failed(error, _) => error,
        })
    }

    #[test]
    fn answers_are_read_from_content_strings_parts_and_fences() {
        let intro: Introduction =
            parse_answer(&completion(r#"{"text": "Backend engineer."}"#)).unwrap();
        assert_eq!(intro.text, "Backend engineer.");
        let fenced = completion("Here:\n```json\n{\"text\": \"Fenced.\"}\n```");
        assert_eq!(
            parse_answer::<Introduction>(&fenced).unwrap().text,
            "Fenced."
        );
        let parts = json!({"choices": [{"message": {"content": [
            {"type": "text", "text": "{\"text\": "}, {"type": "text", "text": "\"Parts.\"}"}
        ]}}]})
        .to_string();
        assert_eq!(parse_answer::<Introduction>(&parts).unwrap().text, "Parts.");
    }

    #[test]
    fn the_last_object_that_follows_the_schema_is_the_answer() {
        let text = completion(
            "An example: {\"text\": \"Example.\"} and a note {\"note\": 1}. Final:\n\
             {\"text\": \"Final.\"} {\"unrelated\": true}",
        );
        assert_eq!(parse_answer::<Introduction>(&text).unwrap().text, "Final.");
        let none_valid = completion("{\"text\": \"a\", \"extra\": 1}");
        let error = parse_answer::<Introduction>(&none_valid).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("does not match the introduction schema"),
            "{error}"
        );
    }

    #[test]
    fn an_r1_answer_is_read_after_its_closing_think() {
        let text = completion(
            "The user wants an intro. Draft: {\"text\": \"Draft from the reasoning.\"}\n\
             </think>\n\n{\"text\": \"The answer.\"}",
        );
        assert_eq!(
            parse_answer::<Introduction>(&text).unwrap().text,
            "The answer."
        );
    }

    #[test]
    fn an_empty_content_is_read_from_the_reasoning_field() {
        let body = json!({"choices": [{"message": {"content": "",
            "reasoning_content": "Let me write {\"text\": \"From reasoning.\"}"}}]})
        .to_string();
        assert_eq!(
            parse_answer::<Introduction>(&body).unwrap().text,
            "From reasoning."
        );
    }

    #[test]
    fn a_cut_off_answer_is_truncation_and_not_retryable() {
        let body = json!({"choices": [{"message": {"content": "{\"text\": \"Backend eng"},
            "finish_reason": "length"}]})
        .to_string();
        let error = parse_answer::<Introduction>(&body).unwrap_err();
        assert_eq!(
            error,
            LlmError::Truncated {
                max_tokens: Some(8192),
                in_reasoning: false
            }
        );
        assert!(!error.is_retryable());
        assert!(error.to_string().contains("Max tokens"), "{error}");
        let reasoning_only = json!({"choices": [{"message": {"content": "",
            "reasoning_content": "I need to think about this for a long"},
            "finish_reason": "length"}]})
        .to_string();
        assert!(
            parse_answer::<Introduction>(&reasoning_only)
                .unwrap_err()
                .to_string()
                .contains("spent on reasoning")
        );
    }

    #[test]
    fn unusable_answers_are_errors_never_defaults() {
        for body in [
            "not json".to_owned(),
            json!({"choices": []}).to_string(),
            completion(""),
            completion("   "),
            completion("I cannot help with that."),
            completion(r#"{"intro": "wrong field"}"#),
            completion(r#"{"text": ""}"#),
            json!({"choices": [{"message": {"content": null, "refusal": "No."}}]}).to_string(),
        ] {
            let error = parse_answer::<Introduction>(&body).unwrap_err();
            assert!(matches!(error, LlmError::Unusable(_)), "{body}: {error}");
            assert!(error.is_retryable());
        }
    }

    #[test]
    fn an_error_inside_a_200_is_the_providers_error() {
        let body = json!({"error": {"message": "Insufficient credits", "code": 402}}).to_string();
        let error = parse_answer::<Introduction>(&body).unwrap_err();
        assert!(
            error.to_string().contains("Insufficient credits"),
            "{error}"
        );
        assert!(!error.is_retryable());
    }

    fn rejection(status: u16, body: &str, sent: Sent) -> Failure {
        classify(
            StatusCode::from_u16(status).unwrap(),
            body,
            None,
            &endpoint(),
            &Url::parse("http://127.0.0.1:1/v1/chat/completions").unwrap(),
            sent,
        )
    }

    fn change_of(failure: Failure) -> Option<Change> {
        match failure {
            Failure::Adjust { change, .. } => Some(change),
            Failure::Failed(..) => None,
        }
    }

    #[test]
    fn any_400_in_a_json_mode_steps_down_and_in_plain_mode_is_an_error() {
        let gemini = r#"[{"error": {"code": 400, "message": "Invalid JSON payload received. Unknown name \"response_schema\"", "status": "INVALID_ARGUMENT"}}]"#;
        assert_eq!(
            change_of(rejection(400, gemini, sent())),
            Some(Change::NextMode)
        );
        let plain = Sent {
            quirks: Quirks {
                mode: OutputMode::Plain,
                ..Quirks::default()
            },
            ..sent()
        };
        match rejection(400, gemini, plain) {
            Failure::Failed(LlmError::BadRequest { message, .. }, _) => {
                assert_eq!(
                    message,
                    "Invalid JSON payload received. Unknown name \"response_schema\""
                );
            }
            _ => panic!("not a bad request"),
        }
    }

    #[test]
    fn output_limit_rejections_rename_lower_or_drop_the_limit() {
        assert_eq!(
            change_of(rejection(
                400,
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                sent()
            )),
            Some(Change::LimitField(LimitField::MaxCompletionTokens))
        );
        assert_eq!(
            change_of(rejection(
                400,
                "max_tokens is too large: 8192. This model supports at most 4096 completion tokens, whereas you provided 8192.",
                sent()
            )),
            Some(Change::LimitCap(4096))
        );
        assert_eq!(
            change_of(rejection(400, "max_tokens: unknown field", sent())),
            Some(Change::LimitField(LimitField::Omitted))
        );
    }

    #[test]
    fn context_errors_lower_the_limit_when_that_fits_else_say_so() {
        let vllm = "This model's maximum context length is 4096 tokens. However, you requested \
                    8500 tokens (308 in the messages, 8192 in the completion).";
        assert_eq!(
            change_of(rejection(400, vllm, sent())),
            Some(Change::LimitCap(4096 - 308 - 16))
        );
        let llama = r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}"#;
        match rejection(400, llama, sent()) {
            Failure::Failed(error, _) => {
                assert_eq!(
                    error,
                    LlmError::ContextExceeded {
                        prompt_tokens: 5000,
                        context_tokens: Some(4096),
                        cut: false
                    }
                );
                assert!(!error.is_retryable());
                assert!(error.to_string().contains("--ctx-size"), "{error}");
            }
            Failure::Adjust { .. } => panic!("not a failure"),
        }
    }

    #[test]
    fn adjustments_happen_once_each() {
        let quirks = Quirks::default();
        let (next, _) = adjust(quirks, Change::NextMode, None).unwrap();
        assert_eq!(next.mode, OutputMode::JsonObject);
        assert!(adjust(quirks, Change::NextMode, Some(OutputMode::JsonSchema)).is_none());
        let (capped, _) = adjust(quirks, Change::LimitCap(4096), None).unwrap();
        assert!(adjust(capped, Change::LimitCap(4096), None).is_none());
        assert!(adjust(quirks, Change::LimitField(LimitField::MaxTokens), None).is_none());
    }

    #[test]
    fn error_messages_are_extracted_shortened_and_never_hold_the_key() {
        assert_eq!(
            error_message(
                r#"{"error": {"message": "Incorrect API key provided: sk-abcd1234"}}"#,
                Some("sk-abcd1234")
            ),
            "Incorrect API key provided: [redacted]"
        );
        assert_eq!(
            error_message(r#"{"detail": "Not Found"}"#, None),
            "Not Found"
        );
        assert_eq!(
            error_message(r#"{"error": "model not loaded"}"#, None),
            "model not loaded"
        );
        assert_eq!(
            error_message(
                r#"[{"error": {"code": 400, "message": "API key not valid"}}]"#,
                None
            ),
            "API key not valid"
        );
        assert_eq!(error_message("  ", None), NO_EXPLANATION);
        assert_eq!(
            error_message(&json!({ "message": "x".repeat(400) }).to_string(), None)
                .chars()
                .count(),
            MAX_ERROR_CHARS + 1
        );
    }

    #[test]
    fn error_messages_are_one_line_with_controls_escaped() {
        let body = json!({
            "error": {"message": "bad model\n2026-12-06T00:00:00Z  INFO resume_backend: forged\r\n\u{1b}[2J"}
        })
        .to_string();
        let message = error_message(&body, None);
        assert_eq!(
            message,
            "bad model 2026-12-06T00:00:00Z INFO resume_backend: forged \\u{1b}[2J"
        );
        assert!(!message.contains(['\n', '\r', '\u{1b}']));
    }

    #[test]
    fn only_json_error_messages_are_quoted() {
        for body in [
            "<html><title>Internal admin</title><body>secret dashboard</body></html>",
            "root:x:0:0:root:/root:/bin/bash",
            r#"{"status": "internal", "data": {"token": "abc"}}"#,
            r#"{"detail": [{"loc": ["body"], "msg": "field required"}]}"#,
        ] {
            assert_eq!(error_message(body, None), NO_EXPLANATION, "{body}");
        }
    }

    #[test]
    fn refusals_are_quoted_on_one_line() {
        let body =
            json!({"choices": [{"message": {"content": null, "refusal": "No.\nINFO forged"}}]})
                .to_string();
        let error = parse_answer::<Introduction>(&body).unwrap_err();
        assert!(!error.to_string().contains('\n'), "{error}");
    }

    #[test]
    fn the_default_config_matches_the_documented_values() {
        let config = LlmClientConfig::default();
        assert_eq!(config.timeout, Duration::from_secs(120));
        assert_eq!(config.connect_timeout, Duration::from_secs(10));
        assert_eq!(config.idle_timeout, Duration::from_secs(60));
        assert_eq!(config.max_tokens, 8192);
        assert_eq!(config.concurrency, 4);
        assert_eq!(config.max_attempts, 3);
        assert!((config.temperature - 0.2).abs() < f64::EPSILON);
        assert!(!config.allow_private);
        assert!(config.allowed_hosts.is_empty());
    }
}
