//! AI tailoring against the behaviours of the OpenAI-compatible servers people run, each
//! emulated by the fake server, through the API a user drives (settings, the connection test,
//! a refinement job and its events). Each test checks what the user sees: success with the
//! right content, or a failure whose message names the cause and whose `retryable` is true
//! only when trying again can help.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use resume_backend::llm::PromptKind;
use resume_fake_llm::{
    AzureDeployment, DRAFT_SKILL, FakeLlm, FakeScript, Fault, FaultAction, PLANTED_SKILL,
    ReasoningStyle,
};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};
use crate::refinements::{JOB, SseEvent, arrange, post, read_events, start_ok, state};

/// Provider tests run with the fake on loopback allowed and fast retries.
macro_rules! provider_tests {
    ($($name:ident),+ $(,)?) => {
        $( db_tests!($name; env = [("LLM_ALLOW_PRIVATE", "true"), ("LLM_RETRY_BACKOFF_MS", "10")]); )+
    };
}

provider_tests!(
    r1_answers_are_read_after_the_last_closing_think,
    answers_in_a_reasoning_field_are_read,
    an_empty_answer_in_schema_mode_falls_back_to_json_mode,
    a_cut_off_answer_is_truncation_and_not_retryable,
    a_prompt_longer_than_the_context_window_is_reported_with_what_to_change,
    provider_errors_inside_an_http_200_are_surfaced,
    any_400_in_schema_mode_falls_back_to_json_mode,
    a_streamed_answer_is_accepted,
    a_single_slot_local_server_gets_one_request_at_a_time,
    the_users_concurrency_is_the_endpoints,
    a_provider_that_stalls_after_the_headers_is_retried_with_progress_events,
    a_rate_limited_connection_test_waits_like_a_job,
    azure_classic_deployments_take_the_api_key_header_and_api_version,
    a_model_that_wants_max_completion_tokens_gets_it,
    the_job_analysis_flags_requirements_the_job_description_does_not_mention,
    a_forced_output_mode_is_used_without_fallback,
);

/// `PUT /settings`, which must succeed.
async fn put_settings(app: &TestApp, session: &Session, body: Value) -> Value {
    let response = app
        .bearer(Method::PUT, "/settings", &session.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// `POST /settings/llm/test`.
async fn connection_test(app: &TestApp, session: &Session) -> Value {
    let response = post(app, session, "/settings/llm/test", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Starts a job and reads its events to the end.
async fn run_job(app: &TestApp, session: &Session, resume: &str) -> (String, Vec<SseEvent>) {
    let job = start_ok(app, session, resume, json!({ "job_description": JOB })).await;
    let events = read_events(app, session, &job, None).await;
    (job, events)
}

fn payloads<'a>(events: &'a [SseEvent], kind: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|(_, k, _)| k == kind)
        .map(|(_, _, payload)| payload)
        .collect()
}

fn progress_messages(events: &[SseEvent]) -> Vec<String> {
    payloads(events, "progress")
        .into_iter()
        .map(|p| p["message"].as_str().unwrap().to_owned())
        .collect()
}

fn last_status(events: &[SseEvent]) -> &Value {
    &events.last().unwrap().2["status"]
}

/// The job failed: its final error message and `retryable`, also as the state says.
async fn failure(
    app: &TestApp,
    session: &Session,
    job: &str,
    events: &[SseEvent],
) -> (String, bool) {
    assert_eq!(last_status(events), "failed", "{events:?}");
    let state = state(app, session, job).await;
    assert_eq!(state["status"], "failed");
    let message = state["error"].as_str().unwrap().to_owned();
    let retryable = state["retryable"].as_bool().unwrap();
    let last_error = payloads(events, "error").last().copied().unwrap().clone();
    assert_eq!(last_error["message"], message.as_str());
    assert_eq!(last_error["retryable"], retryable);
    (message, retryable)
}

/// The skills the fake's analysis finds in [`JOB`].
const JOB_SKILLS: [&str; 3] = ["Rust", "Kafka", "PostgreSQL"];

fn assert_real_analysis(events: &[SseEvent]) {
    let analysis = payloads(events, "analysis")[0];
    let skills: Vec<&str> = analysis["key_skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(skills, JOB_SKILLS, "{analysis}");
}

async fn r1_answers_are_read_after_the_last_closing_think(app: TestApp) {
    // Arrange: DeepSeek-R1 on a server that does not enforce the schema: every answer is the
    // reasoning (with a complete, schema-valid draft in it), a closing </think>, the answer.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        reasoning: Some(ReasoningStyle::ClosingThinkOnly),
        ..FakeScript::default()
    });

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: the answers, never the drafts.
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert_real_analysis(&events);
    assert!(
        !events
            .iter()
            .any(|(_, _, p)| p.to_string().contains(DRAFT_SKILL))
    );
    for role in payloads(&events, "role") {
        let summary = role["refined"]["summary"].as_str().unwrap();
        assert!(!summary.contains("Draft"), "{summary}");
    }
    let introduction = payloads(&events, "introduction")[0]["text"]
        .as_str()
        .unwrap();
    assert!(!introduction.contains("Draft"), "{introduction}");

    // Arrange: an output limit that cuts the answer after the reasoning (its draft is whole).
    put_settings(&app, &admin, json!({ "llm_options": {"max_tokens": 125} })).await;

    // Act
    let (job, events) = run_job(&app, &admin, &resume).await;

    // Assert: a cut answer is truncation; the draft is never taken instead.
    let (message, retryable) = failure(&app, &admin, &job, &events).await;
    assert!(message.contains("cut off at its output limit"), "{message}");
    assert!(!retryable);
    assert!(payloads(&events, "analysis").is_empty(), "{events:?}");
    let content = fake.calls().requests.last().unwrap().body["max_tokens"].clone();
    assert_eq!(content, 125);
}

async fn answers_in_a_reasoning_field_are_read(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 2).await;
    for style in [
        ReasoningStyle::ReasoningContent,
        ReasoningStyle::ReasoningField,
    ] {
        // Arrange: the message content is empty; everything is in the reasoning field.
        fake.set_script(FakeScript {
            reasoning: Some(style),
            ..FakeScript::default()
        });

        // Act
        let (_job, events) = run_job(&app, &admin, &resume).await;
        let test = connection_test(&app, &admin).await;

        // Assert
        assert_eq!(last_status(&events), "succeeded", "{style:?}: {events:?}");
        assert_real_analysis(&events);
        assert_eq!(test["ok"], true, "{test}");
        let field = if style == ReasoningStyle::ReasoningContent {
            "`reasoning_content`"
        } else {
            "`reasoning`"
        };
        assert!(test["notes"].to_string().contains(field), "{test}");
    }
}

async fn an_empty_answer_in_schema_mode_falls_back_to_json_mode(app: TestApp) {
    // Arrange: LM Studio answering schema requests with an empty message.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        empty_in_json_schema: true,
        ..FakeScript::default()
    });

    // Act
    let test = connection_test(&app, &admin).await;
    fake.reset();
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: JSON mode was tried (once) and is used from then on.
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(test["mode"], "json_object");
    assert!(
        test["notes"][0]
            .as_str()
            .unwrap()
            .contains("did not answer in json_schema mode"),
        "{test}"
    );
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert_real_analysis(&events);
    let formats: Vec<Option<String>> = fake
        .calls()
        .requests
        .iter()
        .map(|r| r.response_format().map(str::to_owned))
        .collect();
    assert!(
        formats.iter().all(|f| f.as_deref() == Some("json_object")),
        "the test's finding is remembered: {formats:?}"
    );
}

async fn a_cut_off_answer_is_truncation_and_not_retryable(app: TestApp) {
    // Arrange: an output limit too small for any answer.
    let (admin, fake, resume) = arrange(&app, 2).await;
    put_settings(&app, &admin, json!({ "llm_options": {"max_tokens": 16} })).await;

    // Act
    let (job, events) = run_job(&app, &admin, &resume).await;

    // Assert: said as truncation, with what to change; not retried, not retryable.
    let (message, retryable) = failure(&app, &admin, &job, &events).await;
    assert!(
        message.contains("cut off at its output limit (max_tokens 16)"),
        "{message}"
    );
    assert!(message.contains("raise \"Max tokens\""), "{message}");
    assert!(!retryable);
    assert_eq!(fake.calls().of_kind(PromptKind::JobAnalysis), 1);
    assert_eq!(fake.calls().requests[0].body["max_tokens"], 16);

    // Act: a larger limit, and resume.
    put_settings(&app, &admin, json!({ "llm_options": {"max_tokens": 4096} })).await;
    let response = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let events = read_events(&app, &admin, &job, None).await;

    // Assert
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
}

async fn a_prompt_longer_than_the_context_window_is_reported_with_what_to_change(app: TestApp) {
    // Arrange: Ollama with a 2048-token context cuts a longer prompt silently (and answers).
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        context_tokens: Some(2048),
        ..FakeScript::default()
    });
    let long_description = format!(
        "{JOB}\n{}",
        "We value careful engineering, clear writing and steady delivery. ".repeat(120)
    );

    // Act
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": long_description }),
    )
    .await;
    let events = read_events(&app, &admin, &job, None).await;

    // Assert: the cut prompt's answer is not used, and the message says what to change.
    let (message, retryable) = failure(&app, &admin, &job, &events).await;
    assert!(
        message.contains("does not fit the model's context window of 2048 tokens"),
        "{message}"
    );
    assert!(message.contains("cut the prompt"), "{message}");
    assert!(message.contains("OLLAMA_CONTEXT_LENGTH"), "{message}");
    assert!(!retryable);
    assert!(payloads(&events, "analysis").is_empty());
    assert_eq!(fake.calls().of_kind(PromptKind::JobAnalysis), 1);

    // A prompt that fits is fine.
    let (_job, events) = run_job(&app, &admin, &resume).await;
    assert_eq!(last_status(&events), "succeeded", "{events:?}");

    // A server that counts only the part of the prompt it had not cached, but says its window
    // is large enough: not a cut prompt.
    fake.set_script(FakeScript {
        context_tokens: Some(32_768),
        undercount_prompt: true,
        ..FakeScript::default()
    });
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": long_description }),
    )
    .await;
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
}

async fn provider_errors_inside_an_http_200_are_surfaced(app: TestApp) {
    // Arrange: OpenRouter out of credits: HTTP 200 with a top-level error.
    let (admin, fake, resume) = arrange(&app, 2).await;
    let credits = "Insufficient credits. Add more using https://openrouter.ai/credits";
    fake.set_script(FakeScript {
        faults: vec![Fault::always(FaultAction::ErrorInBody {
            code: Some(402),
            message: credits.to_owned(),
            in_choice: false,
        })],
        ..FakeScript::default()
    });

    // Act
    let (job, events) = run_job(&app, &admin, &resume).await;
    let test = connection_test(&app, &admin).await;

    // Assert: the provider's own message, not retryable, asked once.
    let (message, retryable) = failure(&app, &admin, &job, &events).await;
    assert!(message.contains("(code 402)"), "{message}");
    assert!(message.contains(credits), "{message}");
    assert!(!retryable);
    assert_eq!(fake.calls().of_kind(PromptKind::JobAnalysis), 1);
    assert_eq!(test["ok"], false);
    assert_eq!(test["retryable"], false);
    assert!(test["error"].as_str().unwrap().contains(credits), "{test}");

    // Every role failing for that reason: the job says it once, and is not retryable.
    fake.set_script(FakeScript {
        faults: vec![
            Fault::always(FaultAction::ErrorInBody {
                code: Some(402),
                message: credits.to_owned(),
                in_choice: false,
            })
            .for_kind(PromptKind::RefineRole),
        ],
        ..FakeScript::default()
    });
    let (job, events) = run_job(&app, &admin, &resume).await;
    let (message, retryable) = failure(&app, &admin, &job, &events).await;
    assert!(
        message.starts_with("2 roles could not be refined (role 1 ("),
        "in resume order: {message}"
    );
    assert_eq!(message.matches(credits).count(), 1, "{message}");
    assert!(
        message.contains("change what the message says"),
        "{message}"
    );
    assert!(!retryable);
    let role_errors = payloads(&events, "error");
    assert_eq!(
        role_errors.len(),
        3,
        "two roles and the job: {role_errors:?}"
    );
    assert!(role_errors.iter().all(|e| e["retryable"] == false));

    // Arrange: a provider error in choices[0] on the first refinement: transient, retried.
    fake.set_script(FakeScript {
        faults: vec![
            Fault::on_call(
                1,
                FaultAction::ErrorInBody {
                    code: Some(502),
                    message: "Provider returned error".to_owned(),
                    in_choice: true,
                },
            )
            .for_kind(PromptKind::RefineRole),
        ],
        ..FakeScript::default()
    });
    fake.reset();

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert!(
        progress_messages(&events)
            .iter()
            .any(|m| m.contains("Provider returned error") && m.contains("trying again")),
        "{events:?}"
    );
}

async fn any_400_in_schema_mode_falls_back_to_json_mode(app: TestApp) {
    // Arrange: Gemini's older compatible API: a list-wrapped 400 naming `response_schema`.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        reject_json_schema_like_gemini: true,
        ..FakeScript::default()
    });

    // Act
    let test = connection_test(&app, &admin).await;
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(test["mode"], "json_object");
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert_real_analysis(&events);

    // In plain mode there is nothing left to drop: the list-wrapped message is quoted.
    fake.set_script(FakeScript {
        reject_json_schema_like_gemini: true,
        ..FakeScript::default()
    });
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"output_mode": "json_schema"} }),
    )
    .await;
    let test = connection_test(&app, &admin).await;
    assert_eq!(test["ok"], false, "{test}");
    assert_eq!(test["retryable"], false);
    let error = test["error"].as_str().unwrap();
    assert!(
        error.contains("Unknown name \"response_schema\""),
        "{error}"
    );
}

async fn a_streamed_answer_is_accepted(app: TestApp) {
    // Arrange: a provider that only answers with server-sent events.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        stream_only: true,
        ..FakeScript::default()
    });

    // Act
    let test = connection_test(&app, &admin).await;
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert
    assert_eq!(test["ok"], true, "{test}");
    assert!(test["notes"].to_string().contains("event stream"), "{test}");
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert_real_analysis(&events);
}

async fn a_single_slot_local_server_gets_one_request_at_a_time(app: TestApp) {
    // Arrange: a local server with one slot, 300 ms per answer, and a first-byte timeout of
    // one second: four requests at once would leave the last one waiting 1.2 s in its queue.
    let (admin, fake, resume) = arrange(&app, 5).await;
    fake.set_script(FakeScript {
        slots: Some(1),
        latency_ms: 300,
        ..FakeScript::default()
    });
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"first_byte_timeout_seconds": 1} }),
    )
    .await;

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: one request at a time (loopback gets one slot by default), none timed out.
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    let calls = fake.calls();
    assert_eq!(calls.max_open, 1);
    assert_eq!(calls.of_kind(PromptKind::RefineRole), 5, "no retries");
    assert!(
        progress_messages(&events).contains(&"refining 5 roles, 1 at a time".to_owned()),
        "{events:?}"
    );
}

async fn the_users_concurrency_is_the_endpoints(app: TestApp) {
    // Arrange
    let (admin, fake, resume) = arrange(&app, 6).await;
    fake.set_script(FakeScript {
        latency_ms: 250,
        ..FakeScript::default()
    });
    put_settings(&app, &admin, json!({ "llm_options": {"concurrency": 3} })).await;

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert_eq!(fake.calls().max_open, 3);
    assert!(
        progress_messages(&events).contains(&"refining 6 roles, 3 at a time".to_owned()),
        "{events:?}"
    );
}

async fn a_provider_that_stalls_after_the_headers_is_retried_with_progress_events(app: TestApp) {
    // Arrange: the first refinement's answer stops half-way for 3 s; the idle timeout is 1 s.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        faults: vec![
            Fault::on_call(1, FaultAction::StallBody { ms: 3_000 })
                .for_kind(PromptKind::RefineRole),
        ],
        ..FakeScript::default()
    });
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"idle_timeout_seconds": 1} }),
    )
    .await;
    let started = Instant::now();

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: the stall is noticed after a second, said as it happens, and retried.
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let retry = progress_messages(&events)
        .into_iter()
        .find(|m| m.contains("stopped sending"))
        .expect("a progress event for the retry");
    assert!(retry.starts_with("role "), "{retry}");
    assert!(retry.contains("attempt 1 of 3 failed"), "{retry}");
    assert!(retry.contains("trying again in"), "{retry}");
    assert_eq!(fake.calls().of_kind(PromptKind::RefineRole), 3);
}

async fn a_rate_limited_connection_test_waits_like_a_job(app: TestApp) {
    // Arrange
    let (admin, fake, _resume) = arrange(&app, 1).await;
    fake.set_script(FakeScript {
        faults: vec![Fault::on_call(
            1,
            FaultAction::RateLimit {
                retry_after: "1".to_owned(),
            },
        )],
        ..FakeScript::default()
    });
    let started = Instant::now();

    // Act
    let test = connection_test(&app, &admin).await;

    // Assert: it waited the second the endpoint asked for, and says so.
    assert_eq!(test["ok"], true, "{test}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    let note = test["notes"][0].as_str().unwrap();
    assert!(note.contains("rate limiting"), "{note}");
    assert!(note.contains("trying again in 1 s"), "{note}");
    assert_eq!(fake.calls().total, 2);

    // A wait longer than the test's bound fails at once, retryable (later it may pass).
    fake.set_script(FakeScript {
        faults: vec![Fault::always(FaultAction::RateLimit {
            retry_after: "3600".to_owned(),
        })],
        ..FakeScript::default()
    });
    let test = connection_test(&app, &admin).await;
    assert_eq!(test["ok"], false);
    assert_eq!(test["retryable"], true);
    assert!(
        test["error"].as_str().unwrap().contains("wait 3600 s"),
        "{test}"
    );
    // Other failures are the test's answer: one attempt, not retryable when a setting is wrong.
    fake.set_script(FakeScript {
        api_key: Some("another key".to_owned()),
        ..FakeScript::default()
    });
    fake.reset();
    let test = connection_test(&app, &admin).await;
    assert_eq!(test["ok"], false);
    assert_eq!(test["retryable"], false);
    assert_eq!(fake.calls().total, 1);
}

async fn azure_classic_deployments_take_the_api_key_header_and_api_version(app: TestApp) {
    // Arrange: a classic deployment: its own path, `api-version`, the key in `api-key`.
    let (admin, _fake, resume) = arrange(&app, 2).await;
    let (address, azure) = FakeLlm::start().await.unwrap();
    azure.set_script(FakeScript {
        api_key: Some("azure-key".to_owned()),
        azure: Some(AzureDeployment {
            deployment: "gpt-4o".to_owned(),
            api_version: "2024-10-21".to_owned(),
        }),
        ..FakeScript::default()
    });
    let base = format!("http://{address}/openai/deployments/gpt-4o");

    // The URL as Azure's portal shows it is refused when saved, saying where the query goes.
    let response = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .json(&json!({ "llm_endpoint": format!("{base}?api-version=2024-10-21") }))
        .send()
        .await
        .unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["fields"]["llm_endpoint"]
            .as_str()
            .unwrap()
            .contains("extra query parameters"),
        "{body}"
    );

    // With the Bearer header the deployment refuses the key: not retryable.
    put_settings(
        &app,
        &admin,
        json!({ "llm_endpoint": base, "api_key": "azure-key",
                "llm_options": {"query": {"api-version": "2024-10-21"}} }),
    )
    .await;
    let test = connection_test(&app, &admin).await;
    assert_eq!(test["ok"], false, "{test}");
    assert_eq!(test["retryable"], false);
    assert!(
        test["error"].as_str().unwrap().contains("HTTP 401"),
        "{test}"
    );

    // Act: the api-key header.
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"auth_header": "api_key", "query": {"api-version": "2024-10-21"}} }),
    )
    .await;
    azure.reset();
    let test = connection_test(&app, &admin).await;
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    let calls = azure.calls();
    assert!(calls.total >= 5, "{calls:?}");
    for call in &calls.requests {
        assert_eq!(call.api_key_header.as_deref(), Some("azure-key"));
        assert_eq!(call.authorization, None, "no Bearer header");
        assert_eq!(
            call.path,
            "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
        );
    }
}

async fn a_model_that_wants_max_completion_tokens_gets_it(app: TestApp) {
    // Arrange: an OpenAI reasoning model: no `max_tokens`, and at most 4096 output tokens.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        reject_max_tokens: true,
        max_output_tokens: Some(4096),
        ..FakeScript::default()
    });

    // Act
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: renamed, then lowered, once; remembered for the calls after.
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    let limits: Vec<(Option<u64>, Option<u64>)> = fake
        .calls()
        .requests
        .iter()
        .map(|r| {
            (
                r.body["max_tokens"].as_u64(),
                r.body["max_completion_tokens"].as_u64(),
            )
        })
        .collect();
    assert_eq!(limits[0], (Some(8192), None));
    assert_eq!(limits[1], (None, Some(8192)));
    assert!(
        limits[2..].iter().all(|l| *l == (None, Some(4096))),
        "{limits:?}"
    );
    assert_eq!(limits.len(), 2 + 4, "analysis, 2 roles, introduction");
}

async fn the_job_analysis_flags_requirements_the_job_description_does_not_mention(app: TestApp) {
    // Arrange: the model adds a skill the job description does not ask for.
    let (admin, fake, resume) = arrange(&app, 1).await;
    fake.set_script(FakeScript {
        plant_invented_requirements: true,
        ..FakeScript::default()
    });

    // Act
    let (job, events) = run_job(&app, &admin, &resume).await;
    let state = state(&app, &admin, &job).await;

    // Assert: flagged like other flags, in the event and in the job's state.
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    let expected = json!([{"kind": "unverified", "term": PLANTED_SKILL, "field": "key_skills"}]);
    assert_eq!(payloads(&events, "analysis")[0]["flags"], expected);
    assert_eq!(state["analysis"]["flags"], expected);
}

async fn a_forced_output_mode_is_used_without_fallback(app: TestApp) {
    // Arrange
    let (admin, fake, resume) = arrange(&app, 1).await;
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"output_mode": "plain"} }),
    )
    .await;

    // Act
    let test = connection_test(&app, &admin).await;
    let (_job, events) = run_job(&app, &admin, &resume).await;

    // Assert: no response_format at all.
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(test["mode"], "plain");
    assert_eq!(last_status(&events), "succeeded", "{events:?}");
    assert!(
        fake.calls()
            .requests
            .iter()
            .all(|r| r.response_format().is_none())
    );

    // A forced mode the endpoint rejects is an error naming the setting.
    fake.set_script(FakeScript {
        reject_json_schema: true,
        ..FakeScript::default()
    });
    put_settings(
        &app,
        &admin,
        json!({ "llm_options": {"output_mode": "json_schema"} }),
    )
    .await;
    let test = connection_test(&app, &admin).await;
    assert_eq!(test["ok"], false);
    assert_eq!(test["retryable"], false);
    let error = test["error"].as_str().unwrap();
    assert!(error.contains("force json_schema output"), "{error}");
}
