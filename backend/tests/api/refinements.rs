//! AI refinement jobs against the fake OpenAI-compatible server, over real HTTP: the event
//! sequence and its replay, cancel, failure and resume, retries, the fact guard, apply in both
//! modes, the years limit, one active job per resume, recovery after a restart; one run per job
//! across two instances, the per-user caps on active jobs and open streams, and when a stream
//! ends (a finished job, a revoked session).

use std::time::Duration;

use chrono::Utc;
use reqwest::{Method, StatusCode};
use resume_backend::llm::PromptKind;
use resume_backend::services::refinements as service;
use resume_fake_llm::{FakeLlm, FakeLlmHandle, FakeScript, Fault, FaultAction};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

/// Refinement tests run with the fake on loopback allowed and fast retries.
macro_rules! llm_tests {
    ($($name:ident),+ $(,)?) => {
        $( db_tests!($name; env = [("LLM_ALLOW_PRIVATE", "true"), ("LLM_RETRY_BACKOFF_MS", "10")]); )+
    };
}

llm_tests!(
    the_full_event_sequence_then_the_state,
    a_finished_job_is_replayed_from_any_event_id,
    cancel_stops_the_job_and_its_calls,
    a_failed_role_is_the_only_one_sent_again_on_resume,
    rate_limits_and_malformed_answers_are_retried_within_the_job,
    an_empty_answer_fails_the_job_and_invents_nothing,
    the_fact_guard_flags_and_removes_planted_facts,
    apply_saves_a_tailored_resume_or_overwrites_the_base,
    the_years_limit_keeps_older_roles_unchanged,
    one_active_refinement_per_resume,
    jobs_of_a_stopped_server_become_failed_and_resumable,
    refinements_of_other_users_answer_404,
    the_llm_settings_test_reports_success_and_failure,
);
db_tests!(private_endpoints_are_refused_unless_allowed);
llm_tests!(
    a_job_cancelled_and_resumed_through_another_instance_runs_once,
    a_runner_taken_for_dead_and_resumed_elsewhere_writes_nothing_more,
    a_stream_past_the_last_event_ends_once_the_job_has_finished,
    a_stream_ends_when_its_session_is_revoked,
    streams_end_on_password_change_deactivation_and_impersonation_end,
    recovery_ends_only_the_run_it_found_stale,
);
db_tests!(active_refinements_are_capped_per_user; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
    ("MAX_ACTIVE_REFINEMENTS_PER_USER", "1"),
]);
db_tests!(event_streams_are_capped_per_user; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
    ("MAX_EVENT_STREAMS_PER_USER", "2"),
]);
db_tests!(slow_requests_answer_408_but_event_streams_are_not_cut; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
    ("REQUEST_TIMEOUT_SECONDS", "1"),
]);

/// The settings of the refinement tests, for a second instance.
const LLM_ENV: [(&str, &str); 2] = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
];

/// An event of the stream: (id, kind, payload).
pub(crate) type SseEvent = (i64, String, Value);

/// A user with the fake as their LLM endpoint and a resume of `roles` roles (the first
/// ongoing, then one per year back).
pub(crate) async fn arrange(app: &TestApp, roles: usize) -> (Session, FakeLlmHandle, String) {
    let admin = app.setup_admin().await;
    let (_, fake) = FakeLlm::start().await.unwrap();
    let response = app
        .bearer(Method::PUT, "/settings", &admin.token)
        .json(&json!({ "llm_endpoint": fake.base_url(), "llm_model": "fake-model", "api_key": "sk-test" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let content = resume_shared::sample::generated_resume(roles, 1);
    let response = app
        .bearer(Method::POST, "/resumes", &admin.token)
        .json(&json!({ "name": "Base", "content": content }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    (admin, fake, body["id"].as_str().unwrap().to_owned())
}

pub(crate) async fn start(
    app: &TestApp,
    session: &Session,
    resume: &str,
    body: Value,
) -> reqwest::Response {
    app.bearer(
        Method::POST,
        &format!("/resumes/{resume}/refinements"),
        &session.token,
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

pub(crate) async fn start_ok(
    app: &TestApp,
    session: &Session,
    resume: &str,
    body: Value,
) -> String {
    let response = start(app, session, resume, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

pub(crate) const JOB: &str = "Senior Platform Engineer at Initech\nWe need Rust, Kafka and PostgreSQL experience. You will design event pipelines and mentor engineers. Remote. $150k. Apply with a cover letter.";

/// Reads the SSE stream of refinement `job` from `last` to its end (the `done` event), within
/// 20 s.
pub(crate) async fn read_events(
    app: &TestApp,
    session: &Session,
    job: &str,
    last: Option<i64>,
) -> Vec<SseEvent> {
    read_events_at(app, session, &format!("/refinements/{job}/events"), last).await
}

/// Reads the SSE stream at `path` from `last` to its end (the `done` event), within 20 s.
pub(crate) async fn read_events_at(
    app: &TestApp,
    session: &Session,
    path: &str,
    last: Option<i64>,
) -> Vec<SseEvent> {
    let mut request = app.bearer(Method::GET, path, &session.token);
    if let Some(last) = last {
        request = request.header("Last-Event-ID", last.to_string());
    }
    let mut response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("the stream ends after done");
    parse_sse(&text)
}

pub(crate) fn parse_sse(text: &str) -> Vec<SseEvent> {
    text.split("\n\n")
        .filter_map(|block| {
            let (mut id, mut kind, mut data) = (None, None, String::new());
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("id:") {
                    id = value.trim().parse().ok();
                } else if let Some(value) = line.strip_prefix("event:") {
                    kind = Some(value.trim().to_owned());
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                }
            }
            Some((id?, kind?, serde_json::from_str(&data).ok()?))
        })
        .collect()
}

pub(crate) fn kinds(events: &[SseEvent]) -> Vec<&str> {
    events.iter().map(|(_, kind, _)| kind.as_str()).collect()
}

pub(crate) async fn state(app: &TestApp, session: &Session, job: &str) -> Value {
    let response = app
        .bearer(Method::GET, &format!("/refinements/{job}"), &session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

pub(crate) async fn post(
    app: &TestApp,
    session: &Session,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = app.bearer(Method::POST, path, &session.token);
    match body {
        Some(body) => request.json(&body),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

async fn the_full_event_sequence_then_the_state(app: TestApp) {
    // Arrange
    let (admin, fake, resume) = arrange(&app, 6).await;

    // Act
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "company": "Initech" }),
    )
    .await;
    let events = read_events(&app, &admin, &job, None).await;

    // Assert: the order of the stages, one role event per role, ids 1, 2, 3, …
    let kinds = kinds(&events);
    assert_eq!(
        &kinds[..4],
        ["progress", "progress", "analysis", "progress"],
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "role").count(),
        6,
        "{kinds:?}"
    );
    assert_eq!(
        &kinds[10..],
        ["progress", "introduction", "progress", "coverage", "done"],
        "{kinds:?}"
    );
    let ids: Vec<i64> = events.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(
        ids,
        (1..=i64::try_from(events.len()).unwrap()).collect::<Vec<_>>()
    );
    let stages: Vec<&str> = events
        .iter()
        .filter(|(_, k, _)| k == "progress")
        .map(|(_, _, p)| p["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        ["parse", "analysis", "roles", "introduction", "coverage"]
    );
    let analysis = &events[2].2;
    assert!(
        !analysis["key_skills"].as_array().unwrap().is_empty(),
        "{analysis}"
    );
    let role = events.iter().find(|(_, k, _)| k == "role").unwrap();
    assert_eq!(
        role.2["original"]["basics"], role.2["refined"]["basics"],
        "basics are kept"
    );
    let coverage = &events[events.len() - 2].2;
    assert!(coverage["after"]["score"].as_u64() >= coverage["before"]["score"].as_u64());
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    let state = state(&app, &admin, &job).await;
    assert_eq!(state["status"], "succeeded");
    assert_eq!(state["roles"].as_array().unwrap().len(), 6);
    assert!(
        state["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "done")
    );
    assert!(
        state["introduction"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(state.get("coverage_after").is_some());
    let calls = fake.calls();
    assert_eq!(
        (
            calls.of_kind(PromptKind::JobAnalysis),
            calls.of_kind(PromptKind::RefineRole),
            calls.of_kind(PromptKind::Introduction)
        ),
        (1, 6, 1)
    );
    let list = app
        .bearer(
            Method::GET,
            &format!("/resumes/{resume}/refinements"),
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], job.as_str());
    assert_eq!(
        list["items"][0]["job_title"],
        "Senior Platform Engineer at Initech"
    );
}

async fn a_finished_job_is_replayed_from_any_event_id(app: TestApp) {
    let (admin, _fake, resume) = arrange(&app, 3).await;
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let all = read_events(&app, &admin, &job, None).await;
    // A second client, after the end, gets everything; a reconnect gets the rest.
    assert_eq!(read_events(&app, &admin, &job, None).await, all);
    let rest = read_events(&app, &admin, &job, Some(4)).await;
    assert_eq!(rest, all[4..].to_vec());
    let response = app
        .bearer(
            Method::GET,
            &format!("/refinements/{job}/events?last_event_id=6"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert_eq!(parse_sse(&text), all[6..].to_vec());
}

async fn cancel_stops_the_job_and_its_calls(app: TestApp) {
    // Arrange: slow answers, so the job is still refining when cancelled.
    let (admin, fake, resume) = arrange(&app, 8).await;
    fake.set_script(FakeScript {
        latency_ms: 400,
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    tokio::time::sleep(Duration::from_millis(700)).await;

    // Act
    let response = post(&app, &admin, &format!("/refinements/{job}/cancel"), None).await;

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "cancelled");
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "cancelled" }));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let calls = fake.calls().total;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        fake.calls().total,
        calls,
        "no call after the cancel settled"
    );
    assert!(calls < 10, "the job stopped early ({calls} calls)");
    let again = post(&app, &admin, &format!("/refinements/{job}/cancel"), None).await;
    assert_error(again, StatusCode::CONFLICT, "conflict").await;
}

async fn a_failed_role_is_the_only_one_sent_again_on_resume(app: TestApp) {
    // Arrange: every call about the fourth role fails (all three attempts).
    let (admin, fake, resume) = arrange(&app, 6).await;
    let fourth = "Globex Corporation 3";
    fake.set_script(FakeScript {
        faults: vec![
            Fault::always(FaultAction::Status {
                status: 500,
                message: None,
                retry_after: None,
            })
            .for_kind(PromptKind::RefineRole)
            .when_contains(fourth),
        ],
        ..FakeScript::default()
    });

    // Act
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = read_events(&app, &admin, &job, None).await;

    // Assert: the other roles are done, that one failed, the job is failed and resumable.
    assert_eq!(events.last().unwrap().2, json!({ "status": "failed" }));
    let role_error = events
        .iter()
        .find(|(_, k, p)| k == "error" && p["role_index"] == 3)
        .expect("an error event for the role");
    assert_eq!(role_error.2["retryable"], true);
    let title = role_error.2["role_title"]
        .as_str()
        .expect("the role's title");
    assert!(title.ends_with(&format!(" at {fourth}")), "{title}");
    let job_state = state(&app, &admin, &job).await;
    assert_eq!(job_state["status"], "failed");
    assert_eq!(job_state["retryable"], true);
    let statuses: Vec<&str> = job_state["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["done", "done", "done", "failed", "done", "done"]);
    let refine_calls = fake.calls().of_kind(PromptKind::RefineRole);
    assert_eq!(
        refine_calls,
        5 + 3,
        "five roles once, the fourth three times"
    );

    // Act: the endpoint recovers; resume.
    fake.set_script(FakeScript::default());
    let response = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let events = read_events(&app, &admin, &job, None).await;

    // Assert: one more refinement call (the fourth role), no second analysis.
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    let calls = fake.calls();
    assert_eq!(calls.of_kind(PromptKind::RefineRole), refine_calls + 1);
    assert_eq!(calls.of_kind(PromptKind::JobAnalysis), 1);
    let job_state = state(&app, &admin, &job).await;
    assert!(
        job_state["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "done")
    );
    let response = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_error(response, StatusCode::CONFLICT, "conflict").await;
}

async fn rate_limits_and_malformed_answers_are_retried_within_the_job(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        faults: vec![
            Fault::on_call(1, FaultAction::Malformed).for_kind(PromptKind::JobAnalysis),
            Fault::on_call(
                1,
                FaultAction::RateLimit {
                    retry_after: "1".into(),
                },
            )
            .for_kind(PromptKind::RefineRole),
        ],
        ..FakeScript::default()
    });
    let started = std::time::Instant::now();
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    let calls = fake.calls();
    assert_eq!(calls.of_kind(PromptKind::JobAnalysis), 2);
    assert_eq!(calls.of_kind(PromptKind::RefineRole), 3);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    // Every retry was a progress event, naming the cause and the wait, as it happened.
    let retries: Vec<(&str, &str)> = events
        .iter()
        .filter(|(_, k, _)| k == "progress")
        .map(|(_, _, p)| (p["stage"].as_str().unwrap(), p["message"].as_str().unwrap()))
        .filter(|(_, message)| message.contains("trying again"))
        .collect();
    assert_eq!(retries.len(), 2, "{retries:?}");
    assert_eq!(retries[0].0, "analysis");
    assert!(retries[0].1.contains("unusable"), "{retries:?}");
    assert_eq!(retries[1].0, "roles");
    assert!(retries[1].1.starts_with("role "), "{retries:?}");
    assert!(
        retries[1].1.contains("rate limiting") && retries[1].1.contains("trying again in 1 s"),
        "{retries:?}"
    );
}

async fn an_empty_answer_fails_the_job_and_invents_nothing(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        faults: vec![Fault::always(FaultAction::Empty).for_kind(PromptKind::Introduction)],
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "failed" }));
    assert!(!kinds(&events).contains(&"introduction"));
    let error = events.iter().find(|(_, k, _)| k == "error").unwrap();
    assert!(
        error.2["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("empty"),
        "{}",
        error.2
    );
    // Two mode changes (json_schema → json_object → plain), then three attempts.
    assert_eq!(fake.calls().of_kind(PromptKind::Introduction), 5);
    let state = state(&app, &admin, &job).await;
    assert!(state.get("introduction").is_none(), "{state}");
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [0] })),
    )
    .await;
    assert_error(response, StatusCode::CONFLICT, "conflict").await;
}

async fn the_fact_guard_flags_and_removes_planted_facts(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 1).await;
    fake.set_script(FakeScript {
        plant_invented_facts: true,
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = read_events(&app, &admin, &job, None).await;
    let (_, _, role) = events.iter().find(|(_, k, _)| k == "role").unwrap();
    let flags = role["flags"].as_array().unwrap();
    let flagged = |kind: &str, term: &str| {
        flags
            .iter()
            .any(|f| f["kind"] == kind && f["term"].as_str().unwrap().contains(term))
    };
    use resume_fake_llm::{PLANTED_AMOUNT, PLANTED_METRIC, PLANTED_SKILL, PLANTED_YEAR};
    assert!(flagged("unverified", "Globex"), "{flags:?}");
    assert!(flagged("unverified", PLANTED_YEAR), "{flags:?}");
    assert!(flagged("unverified", PLANTED_METRIC), "{flags:?}");
    assert!(flagged("unverified", PLANTED_AMOUNT), "{flags:?}");
    assert!(flagged("removed_skill", PLANTED_SKILL), "{flags:?}");
    assert!(
        !role["refined"]["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == PLANTED_SKILL)
    );
    assert_eq!(role["refined"]["basics"], role["original"]["basics"]);
}

async fn apply_saves_a_tailored_resume_or_overwrites_the_base(app: TestApp) {
    // Arrange
    let (admin, _fake, resume) = arrange(&app, 3).await;
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "company": "Initech", "notes": "Referred by Sam" }),
    )
    .await;
    read_events(&app, &admin, &job, None).await;
    let state = state(&app, &admin, &job).await;
    let roles = state["roles"].as_array().unwrap().clone();

    // Act: a new tailored resume with roles 0 and 2 accepted.
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [0, 2] })),
    )
    .await;
    let status = response.status();
    let tailored: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{tailored}");

    // Assert
    assert_eq!(tailored["kind"], "tailored");
    assert_eq!(tailored["parent"]["id"], resume.as_str());
    assert_eq!(tailored["job_description"], JOB);
    assert_eq!(tailored["company"], "Initech");
    assert_eq!(tailored["name"], "Base – Initech");
    assert!(
        tailored["notes"]
            .as_str()
            .unwrap()
            .starts_with("Referred by Sam")
    );
    assert_eq!(tailored["introduction"], state["introduction"]);
    assert_eq!(
        tailored["resume"]["personal"]["banner"],
        state["introduction"]
    );
    assert!(tailored.get("job_details").is_some());
    let written = tailored["resume"]["experience"]["roles"]
        .as_array()
        .unwrap();
    assert_eq!(written[0], roles[0]["refined"]);
    assert_eq!(
        written[1], roles[1]["original"],
        "a rejected role keeps its text"
    );
    assert_eq!(written[2], roles[2]["refined"]);

    // Act: overwrite the base with role 1 only; then again, on a now stale base.
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "overwrite", "accepted_roles": [1], "use_introduction": false })),
    )
    .await;
    let base: Value = response.json().await.unwrap();
    assert_eq!(base["version"], 2, "{base}");
    assert_eq!(
        base["resume"]["experience"]["roles"][1],
        roles[1]["refined"]
    );
    assert_eq!(
        base["resume"]["experience"]["roles"][0],
        roles[0]["original"]
    );
    let revisions: Value = app
        .bearer(
            Method::GET,
            &format!("/resumes/{resume}/revisions"),
            &admin.token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(revisions["items"][0]["reason"], "refinement applied");
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "overwrite", "accepted_roles": [0] })),
    )
    .await;
    assert_error(response, StatusCode::CONFLICT, "version_conflict").await;
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [7] })),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // A tailored resume is refined through its base.
    let tailored_id = tailored["id"].as_str().unwrap();
    let response = start(&app, &admin, tailored_id, json!({ "job_description": JOB })).await;
    assert_error(response, StatusCode::CONFLICT, "conflict").await;
}

async fn the_years_limit_keeps_older_roles_unchanged(app: TestApp) {
    // Arrange: the generated roles: one ongoing, the others ending in December 2000, 1999, …
    let (admin, fake, resume) = arrange(&app, 8).await;
    let today = resume_backend::clock::current_month();
    // The smallest limit that reaches back to December 2000: one more than the whole years
    // since then (the difference of the years alone falls short every December).
    let december_2000 = resume_shared::YearMonth::new(2000, 12).unwrap();
    let limit = u32::try_from((today.ordinal() - december_2000.ordinal()) / 12 + 1).unwrap();
    let body: Value = app
        .bearer(Method::GET, &format!("/resumes/{resume}"), &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let originals = body["resume"]["experience"]["roles"]
        .as_array()
        .unwrap()
        .clone();
    let in_scope = originals
        .iter()
        .filter(|role| match role["basics"]["end_date"].as_str() {
            None => true,
            Some(end) => {
                let end: resume_shared::YearMonth = end.parse().unwrap();
                today.ordinal() - end.ordinal() < i64::from(limit) * 12
            }
        })
        .count();
    assert_eq!(in_scope, 2, "the ongoing role and the one ending in 2000");

    // Act
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "years_limit": limit }),
    )
    .await;
    let events = read_events(&app, &admin, &job, None).await;

    // Assert
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    let state = state(&app, &admin, &job).await;
    let roles = state["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 8, "no role is dropped");
    let statuses: Vec<&str> = roles
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "done", "done", "skipped", "skipped", "skipped", "skipped", "skipped", "skipped"
        ]
    );
    assert_eq!(fake.calls().of_kind(PromptKind::RefineRole), 2);
    let response = post(
        &app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [0, 1] })),
    )
    .await;
    let tailored: Value = response.json().await.unwrap();
    let written = tailored["resume"]["experience"]["roles"]
        .as_array()
        .unwrap();
    assert_eq!(
        &written[2..],
        &originals[2..],
        "roles out of scope are kept as they were"
    );
    let response = start(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "years_limit": 0 }),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn one_active_refinement_per_resume(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 300,
        ..FakeScript::default()
    });
    let (a, b) = tokio::join!(
        start(&app, &admin, &resume, json!({ "job_description": JOB })),
        start(&app, &admin, &resume, json!({ "job_description": JOB })),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::ACCEPTED, StatusCode::CONFLICT]);
    let response = start(&app, &admin, &resume, json!({ "job_description": "  " })).await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn jobs_of_a_stopped_server_become_failed_and_resumable(app: TestApp) {
    // Arrange: a job whose runner never started (as after a crash), its heartbeat gone stale.
    let (admin, fake, resume) = arrange(&app, 2).await;
    let owner = Uuid::parse_str(&admin.user_id).unwrap();
    let (job, _run) = service::start(
        &app.db,
        owner,
        Uuid::parse_str(&resume).unwrap(),
        serde_json::from_value(json!({ "job_description": JOB })).unwrap(),
        resume_backend::clock::current_month(),
        Utc::now(),
        3,
    )
    .await
    .unwrap();
    let recovered = service::recover_stale(&app.db, Utc::now()).await.unwrap();
    assert_eq!(recovered, 0, "a fresh heartbeat is alive");

    // Act
    let recovered = service::recover_stale(&app.db, Utc::now() + chrono::Duration::seconds(60))
        .await
        .unwrap();

    // Assert
    assert_eq!(recovered, 1);
    let job = job.id.to_string();
    let state = state(&app, &admin, &job).await;
    assert_eq!(state["status"], "failed");
    assert_eq!(state["retryable"], true);
    assert!(state["error"].as_str().unwrap().contains("resume it"));
    let response = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    assert_eq!(fake.calls().of_kind(PromptKind::JobAnalysis), 1);
}

async fn refinements_of_other_users_answer_404(app: TestApp) {
    let (admin, _fake, resume) = arrange(&app, 1).await;
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    read_events(&app, &admin, &job, None).await;
    app.create_user(&admin, "mallory").await;
    let other = app.login("mallory", crate::helpers::USER_PASSWORD).await;
    for (method, path, body) in [
        (Method::GET, format!("/refinements/{job}"), None),
        (Method::GET, format!("/refinements/{job}/events"), None),
        (Method::POST, format!("/refinements/{job}/cancel"), None),
        (Method::POST, format!("/refinements/{job}/resume"), None),
        (
            Method::POST,
            format!("/refinements/{job}/apply"),
            Some(json!({ "mode": "new", "accepted_roles": [] })),
        ),
        (Method::GET, format!("/resumes/{resume}/refinements"), None),
        (
            Method::POST,
            format!("/resumes/{resume}/refinements"),
            Some(json!({ "job_description": JOB })),
        ),
    ] {
        let request = app.bearer(method, &path, &other.token);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        assert_error(
            request.send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}

async fn the_llm_settings_test_reports_success_and_failure(app: TestApp) {
    let (admin, fake, _resume) = arrange(&app, 1).await;
    let body: Value = post(&app, &admin, "/settings/llm/test", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["mode"], "json_schema");
    assert_eq!(body["model"], "fake-model");
    fake.set_script(FakeScript {
        api_key: Some("another-key".into()),
        ..FakeScript::default()
    });
    let body: Value = post(&app, &admin, "/settings/llm/test", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["ok"], false, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("API key"),
        "{body}"
    );
    assert!(
        !body.to_string().contains("sk-test"),
        "the key never comes back"
    );
}

async fn private_endpoints_are_refused_unless_allowed(app: TestApp) {
    let (admin, fake, resume) = arrange(&app, 1).await;
    let body: Value = post(&app, &admin, "/settings/llm/test", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["ok"], false);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("RESUME_EDITOR_LLM_ALLOW_PRIVATE"),
        "{body}"
    );
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "failed" }));
    let error = events.iter().find(|(_, k, _)| k == "error").unwrap();
    assert_eq!(error.2["retryable"], false);
    assert_eq!(fake.calls().total, 0, "nothing reached the endpoint");
}

/// Asserts that a job of 8 roles ran once: one role event per role, none after the
/// introduction began, and each role sent to the model once; and that nothing is still
/// calling the model.
async fn assert_ran_once(app: &TestApp, session: &Session, fake: &FakeLlmHandle, job: &str) {
    let events = read_events(app, session, job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
    // A superseded runner would go on for seconds after the job ended.
    let calls = fake.calls().total;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(fake.calls().total, calls, "no call after the job ended");
    let events = read_events(app, session, job, None).await;
    let kinds = kinds(&events);
    assert_eq!(
        kinds.iter().filter(|k| **k == "role").count(),
        8,
        "one role event per role: {kinds:?}"
    );
    let introduction = kinds.iter().position(|k| *k == "introduction").unwrap();
    assert!(
        !kinds[introduction..].contains(&"role"),
        "no role event after the introduction: {kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "done").count(),
        2,
        "the cancelled run and the resumed one: {kinds:?}"
    );
    // A superseded runner may have had calls in flight (on a loaded machine, at most one round
    // of roles), but it sends no more once it has lost the job, and writes none of the answers.
    let calls = fake.calls();
    assert!(calls.of_kind(PromptKind::RefineRole) <= 8 + 4, "{calls:?}");
    assert_eq!(calls.of_kind(PromptKind::Introduction), 1);
    assert!(calls.of_kind(PromptKind::JobAnalysis) <= 2);
    let state = state(app, session, job).await;
    assert_eq!(state["status"], "succeeded");
    assert!(
        state["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "done")
    );
}

/// Answers of 300 ms, a first analysis of 1.3 s and roles of 1.1 s: the first runner is
/// waiting for its analysis when another run takes over, and gets it while that run is still
/// refining roles (so the job is running, only under another run).
fn slow_first_analysis() -> FakeScript {
    FakeScript {
        latency_ms: 300,
        faults: vec![
            Fault::on_call(1, FaultAction::Delay { ms: 1000 }).for_kind(PromptKind::JobAnalysis),
            Fault::always(FaultAction::Delay { ms: 800 }).for_kind(PromptKind::RefineRole),
        ],
        ..FakeScript::default()
    }
}

async fn a_job_cancelled_and_resumed_through_another_instance_runs_once(app: TestApp) {
    // Arrange: two instances over one database; slow answers, so the first instance's runner
    // is waiting for the analysis when the second takes over.
    let (admin, fake, resume) = arrange(&app, 8).await;
    let twin = app.twin(&LLM_ENV).await;
    fake.set_script(slow_first_analysis());
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Act: cancel and resume through the second instance, a few milliseconds apart.
    let cancelled = twin
        .bearer(
            Method::POST,
            &format!("/refinements/{job}/cancel"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let resumed = twin
        .bearer(
            Method::POST,
            &format!("/refinements/{job}/resume"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(resumed.status(), StatusCode::ACCEPTED);
    assert_ran_once(&app, &admin, &fake, &job).await;
}

async fn a_runner_taken_for_dead_and_resumed_elsewhere_writes_nothing_more(app: TestApp) {
    // Arrange: as above; the first instance is slow (as if paused) rather than gone.
    let (admin, fake, resume) = arrange(&app, 8).await;
    let twin = app.twin(&LLM_ENV).await;
    fake.set_script(slow_first_analysis());
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Act: the maintenance of another instance finds the heartbeat stale (it looks a minute
    // ahead here) and marks the job failed; the user resumes it there.
    let recovered = service::recover_stale(&app.db, Utc::now() + chrono::Duration::seconds(60))
        .await
        .unwrap();
    let resumed = twin
        .bearer(
            Method::POST,
            &format!("/refinements/{job}/resume"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(recovered, 1);
    assert_eq!(resumed.status(), StatusCode::ACCEPTED);
    assert_ran_once(&app, &admin, &fake, &job).await;
}

async fn active_refinements_are_capped_per_user(app: TestApp) {
    // Arrange: a limit of one active job; slow answers keep the first job running.
    let (admin, fake, first) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 1000,
        ..FakeScript::default()
    });
    let response = app
        .bearer(Method::POST, "/resumes", &admin.token)
        .json(
            &json!({ "name": "Second", "content": resume_shared::sample::generated_resume(2, 2) }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let second = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let job = start_ok(&app, &admin, &first, json!({ "job_description": JOB })).await;

    // Act and assert: a second job is refused while the first runs, naming the limit.
    let refused = start(&app, &admin, &second, json!({ "job_description": JOB })).await;
    let body = assert_error(refused, StatusCode::CONFLICT, "too_many_active_refinements").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("RESUME_EDITOR_MAX_ACTIVE_REFINEMENTS_PER_USER"),
        "{body}"
    );

    // Once it is cancelled, the other starts; then resuming the first is refused the same way.
    let cancelled = post(&app, &admin, &format!("/refinements/{job}/cancel"), None).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let other = start_ok(&app, &admin, &second, json!({ "job_description": JOB })).await;
    let refused = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_error(refused, StatusCode::CONFLICT, "too_many_active_refinements").await;
    let cancelled = post(&app, &admin, &format!("/refinements/{other}/cancel"), None).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let resumed = post(&app, &admin, &format!("/refinements/{job}/resume"), None).await;
    assert_eq!(resumed.status(), StatusCode::ACCEPTED);
    post(&app, &admin, &format!("/refinements/{job}/cancel"), None).await;
}

async fn a_stream_past_the_last_event_ends_once_the_job_has_finished(app: TestApp) {
    // A finished job: nothing after the given id, and the stream ends at once.
    let (admin, fake, resume) = arrange(&app, 2).await;
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    read_events(&app, &admin, &job, None).await;
    let started = std::time::Instant::now();
    assert!(
        read_events(&app, &admin, &job, Some(999_999))
            .await
            .is_empty()
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // A running job followed from past its end: the stream ends when the job has finished.
    fake.set_script(FakeScript {
        latency_ms: 300,
        ..FakeScript::default()
    });
    let again = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    assert!(
        read_events(&app, &admin, &again, Some(999_999))
            .await
            .is_empty()
    );
    assert_eq!(state(&app, &admin, &again).await["status"], "succeeded");
}

async fn event_streams_are_capped_per_user(app: TestApp) {
    // Arrange: a limit of two streams; a job slow enough to keep them open.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 700,
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let path = format!("/refinements/{job}/events");

    // Act
    let first = app
        .bearer(Method::GET, &path, &admin.token)
        .send()
        .await
        .unwrap();
    let second = app
        .bearer(Method::GET, &path, &admin.token)
        .send()
        .await
        .unwrap();
    let third = app
        .bearer(Method::GET, &path, &admin.token)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(second.status(), StatusCode::OK);
    let body = assert_error(
        third,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_event_streams",
    )
    .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("RESUME_EDITOR_MAX_EVENT_STREAMS_PER_USER"),
        "{body}"
    );
    // Streams that ended give their place back.
    let (a, b) = tokio::join!(first.text(), second.text());
    assert!(a.unwrap().contains("event: done"));
    assert!(b.unwrap().contains("event: done"));
    let events = read_events(&app, &admin, &job, None).await;
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
}

async fn a_stream_ends_when_its_session_is_revoked(app: TestApp) {
    // Arrange: a job that runs for several seconds, followed through a second session.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 4000,
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let other = app
        .login(
            crate::helpers::ADMIN_USERNAME,
            crate::helpers::ADMIN_PASSWORD,
        )
        .await;
    let mut stream = app
        .bearer(
            Method::GET,
            &format!("/refinements/{job}/events"),
            &other.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    // Act: that session signs out.
    let logout = app
        .bearer(Method::POST, "/auth/logout", &other.token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let signed_out = std::time::Instant::now();

    // Assert: the stream ends within the re-check interval, long before the job does.
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(Duration::from_secs(8), read)
        .await
        .expect("the stream ends after the logout");
    assert!(signed_out.elapsed() < Duration::from_secs(7));
    assert!(!text.contains("event: done"), "{text}");
    assert_eq!(state(&app, &admin, &job).await["status"], "running");
    post(&app, &admin, &format!("/refinements/{job}/cancel"), None).await;
}

async fn slow_requests_answer_408_but_event_streams_are_not_cut(app: TestApp) {
    // Arrange: a request timeout of 1 s; answers that take longer.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 1500,
        ..FakeScript::default()
    });

    // Act and assert: the model test call outlasts the timeout.
    let response = post(&app, &admin, "/settings/llm/test", None).await;
    let body = assert_error(response, StatusCode::REQUEST_TIMEOUT, "request_timeout").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("RESUME_EDITOR_REQUEST_TIMEOUT_SECONDS"),
        "{body}"
    );

    // A job of several seconds is followed to its end.
    fake.set_script(FakeScript {
        latency_ms: 600,
        ..FakeScript::default()
    });
    let job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let started = std::time::Instant::now();
    let events = read_events(&app, &admin, &job, None).await;
    assert!(started.elapsed() > Duration::from_secs(1));
    assert_eq!(events.last().unwrap().2, json!({ "status": "succeeded" }));
}

/// A new user with the fake as their endpoint and a running job of theirs.
async fn user_with_job(
    app: &TestApp,
    admin: &Session,
    fake: &FakeLlmHandle,
    name: &str,
) -> (String, Session, String) {
    let id = app.create_user(admin, name).await;
    let session = app.login(name, crate::helpers::USER_PASSWORD).await;
    let response = app
        .bearer(Method::PUT, "/settings", &session.token)
        .json(&json!({ "llm_endpoint": fake.base_url(), "llm_model": "fake-model", "api_key": "sk-test" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .bearer(Method::POST, "/resumes", &session.token)
        .json(&json!({ "name": "Base", "content": resume_shared::sample::generated_resume(2, 1) }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let resume = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let job = start_ok(app, &session, &resume, json!({ "job_description": JOB })).await;
    (id, session, job)
}

/// Opens a job's stream with `token` and reads it to its end in a task; the text read.
async fn follow(app: &TestApp, job: &str, token: &str) -> tokio::task::JoinHandle<String> {
    let mut response = app
        .bearer(Method::GET, &format!("/refinements/{job}/events"), token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    tokio::spawn(async move {
        let mut text = String::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        text
    })
}

async fn streams_end_on_password_change_deactivation_and_impersonation_end(app: TestApp) {
    // Arrange: jobs that run for several seconds; three streams, each through a session that
    // is about to end in its own way.
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        latency_ms: 4000,
        ..FakeScript::default()
    });
    let admin_job = start_ok(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let (bob, bob_session, bob_job) = user_with_job(&app, &admin, &fake, "bob").await;
    let (carol, _carol_session, carol_job) = user_with_job(&app, &admin, &fake, "carol").await;
    let other_admin_session = app
        .login(
            crate::helpers::ADMIN_USERNAME,
            crate::helpers::ADMIN_PASSWORD,
        )
        .await;
    let impersonation = post(
        &app,
        &admin,
        &format!("/admin/users/{carol}/impersonate"),
        None,
    )
    .await;
    assert_eq!(impersonation.status(), StatusCode::OK);
    let impersonation = crate::helpers::session_from(impersonation).await;
    let streams = [
        follow(&app, &admin_job, &other_admin_session.token).await,
        follow(&app, &bob_job, &bob_session.token).await,
        follow(&app, &carol_job, &impersonation.token).await,
    ];

    // Act: the impersonation of carol ends, the admin deactivates bob, and changes their own
    // password (ending their other sessions).
    let stopped = post(&app, &impersonation, "/auth/impersonation/stop", None).await;
    assert_eq!(stopped.status(), StatusCode::OK);
    let deactivated = app
        .bearer(Method::PATCH, &format!("/admin/users/{bob}"), &admin.token)
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(deactivated.status(), StatusCode::OK);
    let changed = post(
        &app,
        &admin,
        "/auth/password",
        Some(json!({ "current_password": crate::helpers::ADMIN_PASSWORD, "new_password": "a brand new password" })),
    )
    .await;
    assert!(changed.status().is_success(), "{}", changed.status());
    let ended = std::time::Instant::now();

    // Assert: every stream ends within the re-check interval, long before its job.
    for (stream, name) in
        streams
            .into_iter()
            .zip(["password change", "deactivation", "impersonation end"])
    {
        let text = tokio::time::timeout(Duration::from_secs(8), stream)
            .await
            .unwrap_or_else(|_| panic!("the stream goes on after the {name}"))
            .unwrap();
        assert!(!text.contains("event: done"), "{name}: {text}");
    }
    assert!(
        ended.elapsed() < Duration::from_secs(7),
        "{:?}",
        ended.elapsed()
    );
}

async fn recovery_ends_only_the_run_it_found_stale(app: TestApp) {
    // Arrange: a job whose first run was cancelled and which was resumed under a second run
    // (as when recovery finds a run stale while the user resumes it elsewhere).
    let (admin, _fake, resume) = arrange(&app, 2).await;
    let owner = Uuid::parse_str(&admin.user_id).unwrap();
    let (job, first) = service::start(
        &app.db,
        owner,
        Uuid::parse_str(&resume).unwrap(),
        serde_json::from_value(json!({ "job_description": JOB })).unwrap(),
        resume_backend::clock::current_month(),
        Utc::now(),
        3,
    )
    .await
    .unwrap();
    service::cancel(
        &app.db,
        owner,
        job.id,
        service::JobPurpose::Resume,
        Utc::now(),
    )
    .await
    .unwrap();
    let second = service::resume(
        &app.db,
        owner,
        job.id,
        service::JobPurpose::Resume,
        Utc::now(),
        3,
    )
    .await
    .unwrap();
    let later = Utc::now() + chrono::Duration::hours(1);
    let failed = || {
        Some((
            "the server stopped while the refinement was running".to_owned(),
            true,
        ))
    };

    // Act: recovery of the first run, then of the second.
    let first_ended = service::finish(
        &app.db,
        job.id,
        resume_shared::api::refinements::RefinementStatus::Failed,
        failed(),
        Utc::now(),
        service::Ender::Recovery {
            run: Some(first.as_uuid()),
            stale_before: later,
        },
    )
    .await
    .unwrap();
    let status_between = state(&app, &admin, &job.id.to_string()).await["status"].clone();
    let second_ended = service::finish(
        &app.db,
        job.id,
        resume_shared::api::refinements::RefinementStatus::Failed,
        failed(),
        Utc::now(),
        service::Ender::Recovery {
            run: Some(second.as_uuid()),
            stale_before: later,
        },
    )
    .await
    .unwrap();

    // Assert
    assert!(!first_ended, "the resumed run is left alone");
    assert_eq!(status_between, "queued");
    assert!(second_ended);
    assert_eq!(
        state(&app, &admin, &job.id.to_string()).await["status"],
        "failed"
    );
}
