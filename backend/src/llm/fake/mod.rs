//! A fake OpenAI-compatible server for tests and e2e: deterministic answers derived from the
//! request, scriptable latency and failures, and a call log.
//!
//! Tests start it in-process with [`FakeLlm::start`] and point the real [`OpenAiClient`]
//! (with `allow_private = true`) at [`FakeLlmHandle::base_url`]; e2e runs it as
//! `resume-editor fake-llm --bind ADDR`. Routes:
//!
//! - `POST /v1/chat/completions` (also `/chat/completions`): recognises the prompt by the
//!   `json_schema` name or the `Schema name:` line of the system message (see
//!   [`super::prompts`]) and answers from the input, as raw JSON when a
//!   `response_format` was asked for and wrapped in prose and a fenced block otherwise.
//! - `POST /_fake/script` (a [`FakeScript`] as JSON) replaces the behaviour;
//!   `GET /_fake/script` shows it.
//! - `GET /_fake/calls` returns the [`CallLog`]: total, per prompt kind, and the last
//!   [`MAX_RECORDED`] request bodies. `POST /_fake/reset` clears it.
//! - `GET /v1/models` lists one model; `GET /_fake/health` answers `ok`.
//!
//! It is a test double: it never calls out, keeps everything in memory and trusts its
//! callers.
//!
//! [`OpenAiClient`]: super::OpenAiClient

mod answers;
mod script;

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
use tokio::task::JoinHandle;

pub use answers::{PLANTED_AMOUNT, PLANTED_COMPANY, PLANTED_METRIC, PLANTED_SKILL, PLANTED_YEAR};
pub use script::{FakeScript, Fault, FaultAction};

use self::script::CallInfo;
use super::prompts::{
    AnalysisInput, IntroductionInput, PromptKind, RefineInput, SCHEMA_NAME_MARKER,
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
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts and records a call; returns its numbers and the script in force.
    fn record(
        &self,
        kind: Option<PromptKind>,
        body: Value,
        authorization: Option<String>,
    ) -> (u64, u64, FakeScript) {
        let mut inner = self.lock();
        inner.total += 1;
        let number = inner.total;
        let kind_name = kind.map_or("unknown", PromptKind::as_str).to_owned();
        let of_kind = {
            let count = inner.by_kind.entry(kind_name).or_insert(0);
            *count += 1;
            *count
        };
        inner.recent.push_back(RecordedCall {
            number,
            kind,
            body,
            authorization,
        });
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
        }
    }

    fn reset(&self) {
        let mut inner = self.lock();
        inner.total = 0;
        inner.by_kind.clear();
        inner.recent.clear();
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
        ("POST", "/v1/chat/completions" | "/chat/completions") => {
            chat(&shared, &headers, &body).await
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
async fn chat(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Response {
    let raw = String::from_utf8_lossy(body).into_owned();
    let request: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
    let kind = recognise(&request);
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (number, number_of_kind, script) = shared.record(kind, request.clone(), authorization);
    let call = CallInfo {
        number,
        number_of_kind,
        kind,
        body: &raw,
    };
    let faults: Vec<&Fault> = script.faults.iter().filter(|f| f.matches(&call)).collect();

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
    if let Some(expected) = &script.api_key {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if sent != Some(expected.as_str()) {
            return openai_error(
                StatusCode::UNAUTHORIZED,
                "Incorrect API key provided. You can find your API key in your account settings.",
            );
        }
    }
    let action = faults
        .iter()
        .find(|f| !matches!(f.action, FaultAction::Delay { .. }))
        .map(|f| &f.action);
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
        Some(FaultAction::Malformed) => Some("{\"summary\": \"cut off in the mid".to_owned()),
        Some(FaultAction::Empty) => Some(String::new()),
        Some(FaultAction::Delay { .. }) | None => None,
    };

    let format = request["response_format"]["type"].as_str();
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

    let content = match content {
        Some(content) => content,
        None => match answer(kind, &request, script.plant_invented_facts) {
            Ok(answer) if format.is_some() => answer.to_string(),
            Ok(answer) => format!(
                "Here is the result.\n\n```json\n{}\n```\n",
                serde_json::to_string_pretty(&answer).unwrap_or_default()
            ),
            Err(message) => return openai_error(StatusCode::BAD_REQUEST, &message),
        },
    };
    axum::Json(json!({
        "id": format!("chatcmpl-fake-{number}"),
        "object": "chat.completion",
        "created": 0,
        "model": request["model"].as_str().unwrap_or(FAKE_MODEL),
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop",
        }],
        "usage": {"prompt_tokens": raw.len() / 4, "completion_tokens": 0, "total_tokens": raw.len() / 4},
    }))
    .into_response()
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
fn answer(kind: Option<PromptKind>, request: &Value, plant: bool) -> Result<Value, String> {
    let user = message(request, "user").unwrap_or_default();
    let unreadable = |error: serde_json::Error| format!("the fake cannot read the input: {error}");
    match kind {
        Some(PromptKind::JobAnalysis) => {
            let input: AnalysisInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::job_analysis(&input))
        }
        Some(PromptKind::RefineRole) => {
            let input: RefineInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::refined_role(&input, plant))
        }
        Some(PromptKind::Introduction) => {
            let input: IntroductionInput = serde_json::from_str(user).map_err(unreadable)?;
            Ok(answers::introduction(&input))
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
