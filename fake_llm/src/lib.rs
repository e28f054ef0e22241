//! A fake OpenAI-compatible server for tests and e2e: deterministic answers derived from the
//! request, scriptable latency and failures, and a call log.
//!
//! Tests start it in-process with [`FakeLlm::start`] and point the real [`OpenAiClient`]
//! (with `allow_private = true`) at [`FakeLlmHandle::base_url`]; e2e runs it as
//! `resume-fake-llm --bind ADDR` (this crate's binary). Routes:
//!
//! - `POST /v1/chat/completions` (also `/chat/completions`, and in Azure mode
//!   `/openai/deployments/{name}/chat/completions`): recognises the prompt by the
//!   `json_schema` name or the `Schema name:` line of the system message (see
//!   [`resume_backend::llm::prompts`]) and answers from the input, as raw JSON when a
//!   `response_format` was asked for and wrapped in prose and a fenced block otherwise. The
//!   answer is cut at the request's output limit (`finish_reason: "length"`), and presented
//!   as the script says (reasoning styles, an event stream, a stalled body).
//! - `POST /_fake/script` (a [`FakeScript`] as JSON) replaces the behaviour;
//!   `GET /_fake/script` shows it.
//! - `GET /_fake/calls` returns the [`CallLog`]: total, per prompt kind, and the last
//!   [`MAX_RECORDED`] request bodies. `POST /_fake/reset` clears it.
//! - `GET /v1/models` lists one model; `GET /_fake/health` answers `ok`; with a context
//!   window in the script, `GET /api/ps` reports it as Ollama does.
//!
//! It is a test double: it never calls out, keeps everything in memory and trusts its
//! callers.
//!
//! [`OpenAiClient`]: resume_backend::llm::OpenAiClient

mod answers;
mod script;
mod shape;

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

pub use answers::{
    DRAFT_SKILL, PLANTED_AMOUNT, PLANTED_COMPANY, PLANTED_METRIC, PLANTED_SKILL, PLANTED_YEAR,
};
pub use script::{AzureDeployment, FakeScript, Fault, FaultAction, ReasoningStyle};

use crate::script::CallInfo;
use resume_backend::llm::prompts::{
    AnalysisInput, CoverLetterInput, IntroductionInput, PromptKind, RefineInput, SCHEMA_NAME_MARKER,
};

/// How many request bodies the call log keeps.
pub const MAX_RECORDED: usize = 50;

/// The model name the fake reports.
pub const FAKE_MODEL: &str = "fake-model";

/// One recorded chat request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedCall {
    /// 1-based number among all chat calls.
    pub number: u64,
    /// The recognised prompt (`None` when unrecognised).
    pub kind: Option<PromptKind>,
    /// The request body (`null` when it was not JSON).
    pub body: Value,
    /// The `Authorization` header as sent (`None` without one), so tests can tell which key,
    /// if any, reached this server.
    #[serde(default)]
    pub authorization: Option<String>,
    /// The `api-key` header as sent (Azure's way of sending the key).
    #[serde(default)]
    pub api_key_header: Option<String>,
    /// The request's path and query.
    #[serde(default)]
    pub path: String,
}

impl RecordedCall {
    /// The `response_format.type` the request asked for, if any.
    #[must_use]
    pub fn response_format(&self) -> Option<&str> {
        self.body["response_format"]["type"].as_str()
    }
}

/// What the fake has been asked so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallLog {
    /// All chat calls, answered or failed.
    pub total: u64,
    /// Calls per prompt kind (`job_analysis`, `refine_role`, `introduction`,
    /// `connection_test`, `unknown`).
    pub by_kind: BTreeMap<String, u64>,
    /// The last [`MAX_RECORDED`] requests, oldest first.
    pub requests: Vec<RecordedCall>,
    /// The most chat requests open at once (received and not yet answered, queued ones
    /// included).
    #[serde(default)]
    pub max_open: u64,
}

impl CallLog {
    /// Calls of one kind.
    #[must_use]
    pub fn of_kind(&self, kind: PromptKind) -> u64 {
        self.by_kind.get(kind.as_str()).copied().unwrap_or(0)
    }
}

/// The state shared by the server's handlers and the handle.
#[derive(Debug, Default)]
struct Shared {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    script: FakeScript,
    total: u64,
    by_kind: BTreeMap<String, u64>,
    recent: VecDeque<RecordedCall>,
    open: u64,
    max_open: u64,
    /// The slots of `script.slots` (their number and the semaphore).
    slots: Option<(usize, Arc<Semaphore>)>,
}

/// A chat request that is open: counted until dropped.
struct Open<'a>(&'a Shared);

impl Drop for Open<'_> {
    fn drop(&mut self) {
        let mut inner = self.0.lock();
        inner.open = inner.open.saturating_sub(1);
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a chat request as open until the guard drops.
    fn open(&self) -> Open<'_> {
        let mut inner = self.lock();
        inner.open += 1;
        inner.max_open = inner.max_open.max(inner.open);
        Open(self)
    }

    /// A slot when the script limits them (waiting for one), else nothing.
    async fn slot(&self, slots: Option<usize>) -> Option<OwnedSemaphorePermit> {
        let count = slots?.max(1);
        let semaphore = {
            let mut inner = self.lock();
            match &inner.slots {
                Some((known, semaphore)) if *known == count => Arc::clone(semaphore),
                _ => {
                    let semaphore = Arc::new(Semaphore::new(count));
                    inner.slots = Some((count, Arc::clone(&semaphore)));
                    semaphore
                }
            }
        };
        semaphore.acquire_owned().await.ok()
    }

    /// Counts and records a call; returns its numbers and the script in force.
    fn record(&self, call: RecordedCall) -> (u64, u64, FakeScript) {
        let kind = call.kind;
        let mut inner = self.lock();
        inner.total += 1;
        let number = inner.total;
        let kind_name = kind.map_or("unknown", PromptKind::as_str).to_owned();
        let of_kind = {
            let count = inner.by_kind.entry(kind_name).or_insert(0);
            *count += 1;
            *count
        };
        inner.recent.push_back(RecordedCall { number, ..call });
        while inner.recent.len() > MAX_RECORDED {
            inner.recent.pop_front();
        }
        (number, of_kind, inner.script.clone())
    }

    fn log(&self) -> CallLog {
        let inner = self.lock();
        CallLog {
            total: inner.total,
            by_kind: inner.by_kind.clone(),
            requests: inner.recent.iter().cloned().collect(),
            max_open: inner.max_open,
        }
    }

    fn reset(&self) {
        let mut inner = self.lock();
        inner.total = 0;
        inner.by_kind.clear();
        inner.recent.clear();
        inner.max_open = inner.open;
    }
}

/// The fake server.
#[derive(Debug)]
pub struct FakeLlm;

impl FakeLlm {
    /// Starts a fake on `127.0.0.1` (a free port) with the default script, in a background
    /// task of the current tokio runtime.
    ///
    /// # Errors
    /// When the port cannot be bound.
    pub async fn start() -> io::Result<(SocketAddr, FakeLlmHandle)> {
        Self::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), FakeScript::default()).await
    }

    /// Starts a fake on `bind` with `script`, in a background task.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn start_with(
        bind: SocketAddr,
        script: FakeScript,
    ) -> io::Result<(SocketAddr, FakeLlmHandle)> {
        let listener = TcpListener::bind(bind).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        shared.lock().script = script;
        let app = router(Arc::clone(&shared));
        let task = tokio::spawn(async move { axum::serve(listener, app).await });
        Ok((
            address,
            FakeLlmHandle {
                address,
                shared,
                task,
            },
        ))
    }

    /// Serves the fake on `listener` until `shutdown` completes (used by the command line).
    ///
    /// # Errors
    /// When serving fails.
    pub async fn serve(
        listener: TcpListener,
        script: FakeScript,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let shared = Arc::new(Shared::default());
        shared.lock().script = script;
        axum::serve(listener, router(shared))
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Controls a fake started with [`FakeLlm::start`]; dropping it stops the server.
#[derive(Debug)]
pub struct FakeLlmHandle {
    address: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<io::Result<()>>,
}

impl FakeLlmHandle {
    /// The address the fake listens on.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The base URL to configure in the client: `http://ADDR/v1`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.address)
    }

    /// Replaces the script (the call log is kept).
    pub fn set_script(&self, script: FakeScript) {
        self.shared.lock().script = script;
    }

    /// The script in force.
    #[must_use]
    pub fn script(&self) -> FakeScript {
        self.shared.lock().script.clone()
    }

    /// The call log.
    #[must_use]
    pub fn calls(&self) -> CallLog {
        self.shared.log()
    }

    /// Clears the call log (the script is kept).
    pub fn reset(&self) {
        self.shared.reset();
    }
}

impl Drop for FakeLlmHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn router(shared: Arc<Shared>) -> Router {
    // One dispatching fallback instead of per-path routes: in this crate, routes are reserved
    // for documented API handlers (a test checks it), and the fake is not part of the API.
    Router::new().fallback(dispatch).with_state(shared)
}

async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match (method.as_str(), uri.path()) {
        ("POST", path) if path.ends_with("/chat/completions") => {
            chat(&shared, &uri, &headers, &body).await
        }
        ("GET", "/api/ps") => {
            let script = shared.lock().script.clone();
            match script.context_tokens {
                Some(context) => axum::Json(json!({"models": [{
                    "name": FAKE_MODEL, "model": FAKE_MODEL, "context_length": context,
                }]}))
                .into_response(),
                None => openai_error(StatusCode::NOT_FOUND, "404 page not found"),
            }
        }
        ("GET", "/v1/models") => axum::Json(json!({
            "object": "list",
            "data": [{"id": FAKE_MODEL, "object": "model"}],
        }))
        .into_response(),
        ("POST", "/_fake/script") => match serde_json::from_slice::<FakeScript>(&body) {
            Ok(script) => {
                shared.lock().script = script;
                StatusCode::NO_CONTENT.into_response()
            }
            Err(error) => openai_error(StatusCode::BAD_REQUEST, &format!("bad script: {error}")),
        },
        ("GET", "/_fake/script") => axum::Json(shared.lock().script.clone()).into_response(),
        ("GET", "/_fake/calls") => axum::Json(shared.log()).into_response(),
        ("POST", "/_fake/reset") => {
            shared.reset();
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET", "/_fake/health") => "ok".into_response(),
        _ => openai_error(
            StatusCode::NOT_FOUND,
            &format!("the fake LLM server has no route {method} {}", uri.path()),
        ),
    }
}

/// `POST …/chat/completions`.
async fn chat(shared: &Shared, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Response {
    let _open = shared.open();
    let raw = String::from_utf8_lossy(body).into_owned();
    let request: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
    let kind = recognise(&request);
    let header_text = |name: &header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let authorization = header_text(&header::AUTHORIZATION);
    let api_key_header = header_text(&header::HeaderName::from_static("api-key"));
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), ToString::to_string);
    let (number, number_of_kind, script) = shared.record(RecordedCall {
        number: 0,
        kind,
        body: request.clone(),
        authorization: authorization.clone(),
        api_key_header: api_key_header.clone(),
        path,
    });
    let call = CallInfo {
        number,
        number_of_kind,
        kind,
        body: &raw,
    };
    let faults: Vec<&Fault> = script.faults.iter().filter(|f| f.matches(&call)).collect();

    // A server with few slots works on that many requests; the others wait their turn.
    let _slot = shared.slot(script.slots).await;
    let delay: u64 = script.latency_ms
        + faults
            .iter()
            .filter_map(|f| match f.action {
                FaultAction::Delay { ms } => Some(ms),
                _ => None,
            })
            .sum::<u64>();
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }

    if request.is_null() {
        return openai_error(StatusCode::BAD_REQUEST, "the request body is not JSON");
    }
    if let Some(refused) = refuse_access(
        &script,
        uri,
        authorization.as_deref(),
        api_key_header.as_deref(),
    ) {
        return refused;
    }
    let action = faults
        .iter()
        .find(|f| !matches!(f.action, FaultAction::Delay { .. }))
        .map(|f| &f.action);
    let mut stall = None;
    let content = match action {
        Some(FaultAction::Status {
            status,
            message,
            retry_after,
        }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = message
                .clone()
                .unwrap_or_else(|| format!("scripted failure of call {number}"));
            return with_retry_after(openai_error(status, &message), retry_after.as_deref());
        }
        Some(FaultAction::RateLimit { retry_after }) => {
            let response = openai_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit reached for requests. Please try again later.",
            );
            return with_retry_after(response, Some(retry_after));
        }
        Some(FaultAction::ErrorInBody {
            code,
            message,
            in_choice,
        }) => {
            let error = json!({"message": message, "code": code});
            let body = if *in_choice {
                json!({"id": format!("gen-fake-{number}"), "object": "chat.completion",
                       "choices": [{"index": 0, "error": error, "finish_reason": "error"}]})
            } else {
                json!({"error": error})
            };
            return axum::Json(body).into_response();
        }
        Some(FaultAction::StallBody { ms }) => {
            stall = Some(*ms);
            None
        }
        Some(FaultAction::Malformed) => Some("{\"summary\": \"cut off in the mid".to_owned()),
        Some(FaultAction::Empty) => Some(String::new()),
        Some(FaultAction::Delay { .. }) | None => None,
    };

    let format = request["response_format"]["type"].as_str();
    if format == Some("json_schema") && script.reject_json_schema_like_gemini {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!([{"error": {
                "code": 400,
                "message": "Invalid JSON payload received. Unknown name \"response_schema\" at 'generation_config': Cannot find field.",
                "status": "INVALID_ARGUMENT",
            }}])),
        )
            .into_response();
    }
    if (format == Some("json_schema") && script.reject_json_schema)
        || (format == Some("json_object") && script.reject_json_object)
    {
        return openai_error(
            StatusCode::BAD_REQUEST,
            &format!(
                "Invalid parameter: 'response_format' of type '{}' is not supported by this server.",
                format.unwrap_or_default()
            ),
        );
    }
    if script.reject_temperature && request.get("temperature").is_some() {
        return openai_error(
            StatusCode::BAD_REQUEST,
            "Unsupported value: 'temperature' does not support this value with this model. \
             Only the default (1) value is supported.",
        );
    }
    if script.reject_max_tokens && request.get("max_tokens").is_some() {
        return openai_error(
            StatusCode::BAD_REQUEST,
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use \
             'max_completion_tokens' instead.",
        );
    }
    let limit = ["max_completion_tokens", "max_tokens"]
        .iter()
        .find_map(|field| request[*field].as_u64());
    if let (Some(sent), Some(most)) = (limit, script.max_output_tokens)
        && sent > u64::from(most)
    {
        return openai_error(
            StatusCode::BAD_REQUEST,
            &format!(
                "max_tokens is too large: {sent}. This model supports at most {most} completion \
                 tokens, whereas you provided {sent}."
            ),
        );
    }

    let answer_text = match content {
        Some(content) => content,
        None => match answer(kind, &request, &script) {
            Ok(answer) if format.is_some() => answer.to_string(),
            Ok(answer) => format!(
                "Here is the result.\n\n```json\n{}\n```\n",
                serde_json::to_string_pretty(&answer).unwrap_or_default()
            ),
            Err(message) => return openai_error(StatusCode::BAD_REQUEST, &message),
        },
    };
    let generated = if format == Some("json_schema") && script.empty_in_json_schema {
        shape::present(String::new(), &Value::Null, None)
    } else {
        shape::present(answer_text, &answers::draft(kind), script.reasoning)
    };
    let generated = shape::cut(generated, limit);
    let prompt_tokens = match script.context_tokens {
        // Ollama counts what it kept: at most the window.
        Some(context) => prompt_size(&request).min(context),
        None => u64::try_from(raw.len() / 4).unwrap_or(u64::MAX),
    };
    let prompt_tokens = if script.undercount_prompt {
        prompt_tokens * 3 / 10
    } else {
        prompt_tokens
    };
    let model = request["model"].as_str().unwrap_or(FAKE_MODEL);
    if script.stream_only {
        let stream = shape::event_stream(number, model, &generated, prompt_tokens);
        return shape::respond(stream, "text/event-stream", stall);
    }
    let completion = shape::completion(number, model, &generated, prompt_tokens);
    shape::respond(completion.to_string(), "application/json", stall)
}

/// The prompt's size in tokens as the fake counts them: the messages' characters / 4.
fn prompt_size(request: &Value) -> u64 {
    let chars: usize = request["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .filter_map(|m| m["content"].as_str())
                .map(|text| text.chars().count())
                .sum()
        })
        .unwrap_or(0);
    u64::try_from(chars.div_ceil(4)).unwrap_or(u64::MAX)
}

/// The answer to a request that may not reach the model: a wrong key, or (in Azure mode) the
/// wrong deployment path or API version; `None` when it may.
fn refuse_access(
    script: &FakeScript,
    uri: &Uri,
    authorization: Option<&str>,
    api_key_header: Option<&str>,
) -> Option<Response> {
    let Some(azure) = &script.azure else {
        let expected = script.api_key.as_ref()?;
        let sent = authorization.and_then(|v| v.strip_prefix("Bearer "));
        return (sent != Some(expected.as_str())).then(|| {
            openai_error(
                StatusCode::UNAUTHORIZED,
                "Incorrect API key provided. You can find your API key in your account settings.",
            )
        });
    };
    let azure_error = |status: StatusCode, code: &str, message: &str| {
        (
            status,
            axum::Json(json!({"error": {"code": code, "message": message}})),
        )
            .into_response()
    };
    if uri.path() != format!("/openai/deployments/{}/chat/completions", azure.deployment) {
        return Some(azure_error(
            StatusCode::NOT_FOUND,
            "DeploymentNotFound",
            "The API deployment for this resource does not exist.",
        ));
    }
    let version = uri.query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("api-version="))
    });
    if version != Some(azure.api_version.as_str()) {
        return Some(azure_error(
            StatusCode::NOT_FOUND,
            "404",
            "Resource not found",
        ));
    }
    if let Some(expected) = &script.api_key
        && api_key_header != Some(expected.as_str())
    {
        return Some(azure_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Access denied due to invalid subscription key or wrong API endpoint. Make sure to \
             provide a valid key for an active subscription and use a correct regional API \
             endpoint for your resource.",
        ));
    }
    None
}

/// Which prompt a request carries: the `json_schema` name, else the system message's
/// `Schema name:` line.
fn recognise(request: &Value) -> Option<PromptKind> {
    if let Some(name) = request["response_format"]["json_schema"]["name"].as_str() {
        return PromptKind::from_schema_name(name);
    }
    let system = message(request, "system")?;
    let name = system
        .lines()
        .find_map(|line| line.strip_prefix(SCHEMA_NAME_MARKER))?;
    PromptKind::from_schema_name(name.trim())
}

/// The content of the first message with `role`.
fn message<'a>(request: &'a Value, role: &str) -> Option<&'a str> {
    request["messages"]
        .as_array()?
        .iter()
        .find(|m| m["role"] == role)
        .and_then(|m| m["content"].as_str())
}

/// The deterministic answer to a recognised prompt.
fn answer(kind: Option<PromptKind>, request: &Value, script: &FakeScript) -> Result<Value, String> {
    let user = message(request, "user").unwrap_or_default();
    let unreadable = |error: serde_json::Error| format!("the fake cannot read the input: {error}");
    match kind {
        Some(PromptKind::JobAnalysis) => {
            let input: AnalysisInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::job_analysis(
                &input,
                script.plant_invented_requirements,
            ))
        }
        Some(PromptKind::RefineRole) => {
            let input: RefineInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::refined_role(&input, script.plant_invented_facts))
        }
        Some(PromptKind::Introduction) => {
            let input: IntroductionInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::introduction(&input))
        }
        Some(PromptKind::CoverLetter) => {
            let input: CoverLetterInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::cover_letter(&input, script.plant_invented_facts))
        }
        Some(PromptKind::ConnectionTest) => Ok(answers::connection_test()),
        None => Err("the fake does not recognise this prompt (no known schema name)".to_owned()),
    }
}

/// Adds a `Retry-After` header when there is one (and it is a valid header value).
fn with_retry_after(mut response: Response, retry_after: Option<&str>) -> Response {
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// An OpenAI-style error answer.
fn openai_error(status: StatusCode, message: &str) -> Response {
    let kind = match status.as_u16() {
        401 => "invalid_api_key",
        429 => "rate_limit_exceeded",
        400..=499 => "invalid_request_error",
        _ => "server_error",
    };
    (
        status,
        axum::Json(
            json!({"error": {"message": message, "type": kind, "param": null, "code": kind}}),
        ),
    )
        .into_response()
}
