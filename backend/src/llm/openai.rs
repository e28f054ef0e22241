//! [`OpenAiClient`]: the real [`LlmClient`], for any OpenAI-compatible
//! `POST {base_url}/chat/completions` endpoint (OpenAI, Azure-style proxies, Ollama, llama.cpp,
//! vLLM, LM Studio, …).
//!
//! One call is: build the URL from the user's base URL, apply the private-address rule
//! ([`super::address`]), send the prompt in the structured-output mode remembered for the
//! endpoint ([`super::mode`]), and turn the answer into a validated typed value
//! ([`super::answers`]). Transient failures (timeouts, connection errors, HTTP 429 and 5xx,
//! unusable answers) are retried up to [`LlmClientConfig::max_attempts`] attempts in total, with
//! exponential backoff and jitter, or after the endpoint's `Retry-After` on 429/503 when it
//! sends one. A rejected `response_format` or `temperature` is not a failed attempt: the
//! request is sent again without it and the endpoint's quirk is remembered.
//!
//! The API key is only put in the `Authorization` header (marked sensitive); prompts and
//! answers are not logged, only their kind, sizes, statuses and timings.

use std::error::Error as _;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use resume_shared::{Resume, Role};
use serde_json::{Value, json};
use url::Url;

use super::address::{self, GuardedResolver};
use super::answers::{Answer, ConnectionProbe, Introduction, JobAnalysis, RefinedRole};
use super::error::LlmError;
use super::extract;
use super::mode::{OutputMode, QuirkCache, Quirks, rejects_response_format, rejects_temperature};
use super::prompts::{self, Prompt};
use super::retry::{Backoff, parse_retry_after};
use super::{ConnectionReport, LlmClient, LlmEndpoint};

/// The largest answer body read (a chat completion is a few kilobytes).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How much of an endpoint's error text is quoted in error messages.
const MAX_ERROR_CHARS: usize = 300;

/// Settings of the client that are the server's, not the user's.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmClientConfig {
    /// Time allowed for one request, answer included. Default 120 s.
    pub timeout: Duration,
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
    /// Sampling temperature. Default 0.2.
    pub temperature: f64,
    /// Allow endpoints on loopback and private networks
    /// (`RESUME_EDITOR_LLM_ALLOW_PRIVATE`). Default false.
    pub allow_private: bool,
}

impl Default for LlmClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            max_attempts: 3,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            temperature: 0.2,
            allow_private: false,
        }
    }
}

/// The real LLM client. Cheap to share: build one per process and hold it as
/// `Arc<dyn LlmClient>`; its connection pool and structured-output cache are shared by all
/// users (keyed by endpoint).
#[derive(Debug)]
pub struct OpenAiClient {
    http: reqwest::Client,
    config: LlmClientConfig,
    quirks: QuirkCache,
}

/// Why one attempt did not produce an answer.
enum Failure {
    /// The endpoint rejected a request feature; send again without it.
    Unsupported {
        response_format: bool,
        temperature: bool,
        error: LlmError,
    },
    /// A real failure, with the endpoint's `Retry-After` when it sent one on 429/503.
    Failed(LlmError, Option<Duration>),
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Self::Failed(error, None)
    }
}

impl OpenAiClient {
    /// A client with the given settings.
    ///
    /// # Errors
    /// [`LlmError::Client`] when the TLS or HTTP stack cannot be initialised.
    pub fn new(config: LlmClientConfig) -> Result<Self, LlmError> {
        let mut builder = reqwest::Client::builder()
            // A redirect could lead to an address the private-address rule refuses, and API
            // endpoints do not redirect POSTs anyway.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the host itself, out of the rule's reach.
            .no_proxy()
            .connect_timeout(config.timeout.min(Duration::from_secs(30)))
            .user_agent(concat!("resume-editor/", env!("CARGO_PKG_VERSION")));
        if !config.allow_private {
            builder = builder.dns_resolver(Arc::new(GuardedResolver));
        }
        let http = builder
            .build()
            .map_err(|error| LlmError::Client(error_chain(&error)))?;
        Ok(Self {
            http,
            config,
            quirks: QuirkCache::default(),
        })
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

    /// Sends `prompt` until it yields a valid `T` or the attempts run out.
    async fn call<T: Answer>(
        &self,
        endpoint: &LlmEndpoint,
        prompt: &Prompt,
        max_attempts: u32,
    ) -> Result<(T, OutputMode), LlmError> {
        let url = endpoint.chat_completions_url()?;
        address::check_url(&url, self.config.allow_private).await?;
        let backoff = Backoff {
            base: self.config.backoff_base,
            max: self.config.backoff_max,
        };
        let cache_key = endpoint.cache_key();
        let mut quirks = self.quirks.get(&cache_key);
        let mut attempt = 0;
        // Each negotiation step removes a request feature, so there are at most three.
        let mut negotiations = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome = self.attempt::<T>(endpoint, &url, prompt, quirks).await;
            let elapsed_ms = started.elapsed().as_millis();
            let (error, retry_after) = match outcome {
                Ok(answer) => {
                    tracing::debug!(
                        kind = prompt.kind.as_str(),
                        model = %endpoint.model,
                        mode = ?quirks.mode,
                        attempt,
                        elapsed_ms,
                        "LLM call succeeded"
                    );
                    self.quirks.set(&cache_key, quirks);
                    return Ok((answer, quirks.mode));
                }
                Err(Failure::Unsupported {
                    response_format,
                    temperature,
                    error,
                }) => {
                    let next_mode = if response_format {
                        quirks.mode.fallback()
                    } else {
                        Some(quirks.mode)
                    };
                    negotiations += 1;
                    match next_mode {
                        Some(mode) if negotiations <= 3 => {
                            tracing::info!(
                                kind = prompt.kind.as_str(),
                                model = %endpoint.model,
                                from = ?quirks.mode,
                                to = ?mode,
                                without_temperature = temperature,
                                "LLM endpoint rejected a request option; sending again without it"
                            );
                            quirks.mode = mode;
                            quirks.temperature &= !temperature;
                            self.quirks.set(&cache_key, quirks);
                            attempt -= 1;
                            continue;
                        }
                        _ => return Err(error),
                    }
                }
                Err(Failure::Failed(error, retry_after)) => (error, retry_after),
            };
            if !error.is_retryable() || attempt >= max_attempts {
                tracing::warn!(
                    kind = prompt.kind.as_str(),
                    model = %endpoint.model,
                    attempt,
                    elapsed_ms,
                    error = %error,
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
            tracing::warn!(
                kind = prompt.kind.as_str(),
                model = %endpoint.model,
                attempt,
                elapsed_ms,
                wait_ms = wait.as_millis(),
                error = %error,
                "LLM call failed; retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One HTTP request and the reading of its answer.
    async fn attempt<T: Answer>(
        &self,
        endpoint: &LlmEndpoint,
        url: &Url,
        prompt: &Prompt,
        quirks: Quirks,
    ) -> Result<T, Failure> {
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
        if let Some(format) = quirks
            .mode
            .response_format(prompt.schema_name, &prompt.schema)
        {
            body["response_format"] = format;
        }
        let mut request = self
            .http
            .post(url.clone())
            .timeout(self.config.timeout)
            .json(&body);
        if let Some(key) = endpoint.key() {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let text = self.read_body(response).await?;
        if status.is_success() {
            return parse_answer::<T>(&text).map_err(Failure::from);
        }
        Err(self.classify(status, &text, retry_after, endpoint, url, quirks))
    }

    /// Reads an answer body up to [`MAX_BODY_BYTES`].
    async fn read_body(&self, mut response: reqwest::Response) -> Result<String, Failure> {
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(&error))?
        {
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

    /// Maps a non-success status to a failure (or to a feature to drop).
    fn classify(
        &self,
        status: StatusCode,
        text: &str,
        retry_after: Option<Duration>,
        endpoint: &LlmEndpoint,
        url: &Url,
        quirks: Quirks,
    ) -> Failure {
        let code = status.as_u16();
        let message = error_message(text, endpoint.key());
        let error = match code {
            401 => LlmError::Unauthorized { message },
            403 => LlmError::Forbidden { message },
            404 => LlmError::NotFound {
                model: endpoint.model.clone(),
                url: url.to_string(),
            },
            400 | 422 | 501 => {
                let response_format =
                    quirks.mode != OutputMode::Plain && rejects_response_format(code, text);
                let temperature =
                    !response_format && quirks.temperature && rejects_temperature(code, text);
                let error = if code == 501 {
                    LlmError::Status {
                        status: code,
                        message,
                    }
                } else {
                    LlmError::BadRequest {
                        status: code,
                        message,
                    }
                };
                if response_format || temperature {
                    return Failure::Unsupported {
                        response_format,
                        temperature,
                        error,
                    };
                }
                error
            }
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

    /// Maps a transport error: timeout, refused address (from the resolver), or connection.
    fn transport_error(&self, error: &reqwest::Error) -> Failure {
        if error.is_timeout() {
            return LlmError::Timeout(self.config.timeout).into();
        }
        let mut source = error.source();
        while let Some(cause) = source {
            if let Some(refused) = cause.downcast_ref::<LlmError>() {
                return refused.clone().into();
            }
            source = cause.source();
        }
        LlmError::Connection(error_chain(error)).into()
    }
}

/// Reads a chat completion into a validated `T`.
fn parse_answer<T: Answer>(text: &str) -> Result<T, LlmError> {
    let completion: Value = serde_json::from_str(text).map_err(|_| {
        LlmError::Unusable("the endpoint's answer is not a JSON chat completion".to_owned())
    })?;
    let message = &completion["choices"][0]["message"];
    if message.is_null() {
        return Err(LlmError::Unusable(
            "the endpoint's answer has no choices[0].message".to_owned(),
        ));
    }
    if let Some(refusal) = message["refusal"].as_str().filter(|r| !r.trim().is_empty()) {
        return Err(LlmError::Unusable(format!(
            "the model refused: {}",
            truncate(refusal)
        )));
    }
    let content = match &message["content"] {
        Value::String(text) => text.clone(),
        // Content as a list of parts: [{"type": "text", "text": "…"}].
        Value::Array(parts) => parts
            .iter()
            .filter_map(|part| part["text"].as_str())
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    };
    if content.trim().is_empty() {
        return Err(LlmError::Unusable(
            "the model returned an empty answer".to_owned(),
        ));
    }
    let object = extract::json_object(&content).ok_or_else(|| {
        LlmError::Unusable("the model's answer contains no JSON object".to_owned())
    })?;
    let answer: T = serde_json::from_value(Value::Object(object)).map_err(|error| {
        LlmError::Unusable(format!(
            "the answer does not match the {} schema ({error})",
            T::NAME
        ))
    })?;
    answer.validate().map_err(LlmError::Unusable)
}

/// The endpoint's explanation from an error body (`{"error": {"message": …}}` and common
/// variants), on one line, shortened and with the API key removed should the endpoint echo it.
/// It is logged and shown: control characters (line breaks, escape sequences) become spaces,
/// so an endpoint cannot forge log lines.
fn error_message(text: &str, key: Option<&str>) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let message = parsed
        .as_ref()
        .and_then(|value| {
            [
                &value["error"]["message"],
                &value["error"],
                &value["message"],
                &value["detail"],
            ]
            .into_iter()
            .find_map(|candidate| candidate.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| text.trim().to_owned());
    let message = match key {
        Some(key) if key.len() >= 4 => message.replace(key, "[redacted]"),
        _ => message,
    };
    let message: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned();
    if message.is_empty() {
        "no explanation given".to_owned()
    } else {
        truncate(&message)
    }
}

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
            .call::<JobAnalysis>(endpoint, &prompt, self.config.max_attempts)
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
            .call::<RefinedRole>(endpoint, &prompt, self.config.max_attempts)
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
            .call::<Introduction>(endpoint, &prompt, self.config.max_attempts)
            .await?;
        Ok(answer)
    }

    async fn test_connection(&self, endpoint: &LlmEndpoint) -> Result<ConnectionReport, LlmError> {
        // Probe afresh: the point of the test is to find out what works now.
        self.quirks.forget(&endpoint.cache_key());
        let started = Instant::now();
        let (probe, mode) = self
            .call::<ConnectionProbe>(endpoint, &prompts::connection_test(), 1)
            .await?;
        if !probe.ok {
            return Err(LlmError::Unusable(
                "the model answered the connection test with ok: false".to_owned(),
            ));
        }
        Ok(ConnectionReport {
            latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            mode,
            model: endpoint.model.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completion(content: &str) -> String {
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
            .to_string()
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
        assert_eq!(error_message("  ", None), "no explanation given");
        assert_eq!(
            error_message(
                r#"{"error": "denied\n2026-12-06T10:00:00Z INFO forged line\u001b[2J"}"#,
                None
            ),
            "denied 2026-12-06T10:00:00Z INFO forged line [2J"
        );
        assert_eq!(
            error_message(&"x".repeat(400), None).chars().count(),
            MAX_ERROR_CHARS + 1
        );
    }

    #[test]
    fn the_default_config_matches_the_documented_values() {
        let config = LlmClientConfig::default();
        assert_eq!(config.timeout, Duration::from_secs(120));
        assert_eq!(config.max_attempts, 3);
        assert!((config.temperature - 0.2).abs() < f64::EPSILON);
        assert!(!config.allow_private);
    }
}
