//! The real LLM client against the fake OpenAI-compatible server over HTTP: each prompt, the
//! retry rules, structured-output fallback, the private-address rule, and the fact guard on
//! planted inventions.

use std::time::{Duration, Instant};

use resume_backend::llm::{
    FlagField, FlagKind, LlmClient, LlmClientConfig, LlmEndpoint, LlmError, OpenAiClient,
    OutputMode, PromptKind, coverage, guard_introduction, guard_role,
};
use resume_fake_llm::{
    FakeLlm, FakeLlmHandle, FakeScript, Fault, FaultAction, PLANTED_AMOUNT, PLANTED_COMPANY,
    PLANTED_METRIC, PLANTED_SKILL, PLANTED_YEAR,
};
use resume_shared::{Resume, Role};
use secrecy::SecretString;
use serde_json::{Value, json};

const KEY: &str = "sk-test-key";

const RESUME: &str = "\
# Personal

## Contact Information

Name: Jordan Rivera
Email: jordan@example.org

# Experience

## Roles

### Role

#### Basics

Company: Acme Widgets, LLC
Title: Senior Engineer
Location: Remote
Start date: 04/2019

#### Summary

Owned the ingestion platform on AWS.

#### Responsibilities

* Rebuilt the ingest service in Rust, cutting latency by 40%
* Mentored 4 engineers
* Ran Kafka clusters handling 2M events a day

#### Skills

* Rust
* Kafka
* PostgreSQL

### Role

#### Basics

Company: Initech
Title: Software Engineer
Start date: 01/2015
End date: 03/2019

#### Summary

Built billing services.

#### Responsibilities

* Wrote billing jobs in Python
* Kept PostgreSQL reports fast

#### Skills

* Python
* PostgreSQL";

const JOB: &str = "\
Staff Data Engineer
Company: Hooli
Location: Remote
Salary: $180k
We build reliable data pipelines with Rust, Kafka and Kubernetes on AWS.
- Design and build streaming pipelines
- Mentor engineers
- Operate Kubernetes clusters";

fn resume() -> Resume {
    resume_shared::parse(RESUME)
        .expect("the test resume parses")
        .resume
}

fn roles(resume: &Resume) -> &[Role] {
    &resume.experience.as_ref().expect("experience").roles
}

/// A client for tests: private addresses allowed (the fake is on 127.0.0.1), fast backoff.
fn client(config: LlmClientConfig) -> OpenAiClient {
    OpenAiClient::new(config).expect("the client builds")
}

fn fast() -> LlmClientConfig {
    LlmClientConfig {
        timeout: Duration::from_secs(10),
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(50),
        allow_private: true,
        ..LlmClientConfig::default()
    }
}

fn endpoint(fake: &FakeLlmHandle) -> LlmEndpoint {
    LlmEndpoint::new(fake.base_url(), "", Some(SecretString::from(KEY)))
}

/// A fake that requires [`KEY`], with the given script on top.
async fn fake(script: FakeScript) -> FakeLlmHandle {
    let (_, handle) = FakeLlm::start().await.expect("the fake starts");
    handle.set_script(FakeScript {
        api_key: Some(KEY.to_owned()),
        ..script
    });
    handle
}

fn status(status: u16) -> FaultAction {
    FaultAction::Status {
        status,
        message: None,
        retry_after: None,
    }
}

async fn analysis_of(
    client: &OpenAiClient,
    fake: &FakeLlmHandle,
) -> resume_backend::llm::JobAnalysis {
    client
        .analyze_job(&endpoint(fake), JOB, &resume())
        .await
        .expect("the analysis succeeds")
}

#[tokio::test]
async fn job_analysis_returns_the_typed_analysis_using_json_schema_output() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let client = client(fast());

    // Act
    let analysis = analysis_of(&client, &fake).await;

    // Assert
    assert_eq!(
        analysis.key_skills,
        ["Data Pipelines", "Rust", "Kafka", "Kubernetes", "AWS"]
    );
    assert_eq!(
        analysis.primary_duties,
        [
            "Design and build streaming pipelines",
            "Mentor engineers",
            "Operate Kubernetes clusters"
        ]
    );
    assert_eq!(analysis.job_details.company.as_deref(), Some("Hooli"));
    assert_eq!(analysis.job_details.pay_rate.as_deref(), Some("$180k"));
    assert_eq!(
        analysis.job_details.job_title.as_deref(),
        Some("Staff Data Engineer")
    );
    let calls = fake.calls();
    assert_eq!(calls.total, 1);
    assert_eq!(calls.of_kind(PromptKind::JobAnalysis), 1);
    let body = &calls.requests[0].body;
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["name"],
        "job_analysis"
    );
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["temperature"], json!(0.2));
    // Contact details never leave the server.
    assert!(!body.to_string().contains("jordan@example.org"));
}

#[tokio::test]
async fn a_role_refinement_of_the_roles_own_facts_passes_the_guard_without_flags() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let client = client(fast());
    let analysis = analysis_of(&client, &fake).await;
    let resume = resume();
    let role = &roles(&resume)[0];

    // Act
    let refined = client
        .refine_role(&endpoint(&fake), role, &analysis)
        .await
        .expect("the refinement succeeds");
    let guarded = guard_role(role, &refined).expect("the refinement is usable");

    // Assert
    assert_eq!(guarded.flags, vec![]);
    assert_eq!(guarded.role.basics, role.basics);
    assert_eq!(guarded.role.skills, ["Rust", "Kafka", "PostgreSQL"]);
    let responsibilities = guarded.role.responsibilities.expect("responsibilities");
    assert!(
        responsibilities.starts_with("* Rebuilt the ingest service in Rust"),
        "{responsibilities}"
    );
    assert_eq!(fake.calls().of_kind(PromptKind::RefineRole), 1);
}

#[tokio::test]
async fn the_introduction_is_written_from_the_resume_and_checks_clean() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let client = client(fast());
    let analysis = analysis_of(&client, &fake).await;
    let resume = resume();

    // Act
    let introduction = client
        .write_introduction(&endpoint(&fake), &resume, &analysis)
        .await
        .expect("the introduction succeeds");

    // Assert
    assert_eq!(
        introduction.text,
        "Senior Engineer with experience in Rust, Kafka and PostgreSQL. \
         Most recently Senior Engineer at Acme Widgets, LLC."
    );
    assert_eq!(guard_introduction(&resume, &introduction), vec![]);
    assert_eq!(fake.calls().of_kind(PromptKind::Introduction), 1);
}

#[tokio::test]
async fn the_whole_pipeline_raises_keyword_coverage_and_never_changes_basics() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let client = client(fast());
    let endpoint = endpoint(&fake);
    let original = resume();

    // Act
    let analysis = client.analyze_job(&endpoint, JOB, &original).await.unwrap();
    let mut refined = original.clone();
    for (index, role) in roles(&original).iter().enumerate() {
        let answer = client
            .refine_role(&endpoint, role, &analysis)
            .await
            .unwrap();
        let guarded = guard_role(role, &answer).unwrap();
        refined.experience.as_mut().unwrap().roles[index] = guarded.role;
    }
    let introduction = client
        .write_introduction(&endpoint, &refined, &analysis)
        .await
        .unwrap();
    refined.personal.as_mut().unwrap().banner = Some(introduction.text);
    let before = coverage(&analysis, &original);
    let after = coverage(&analysis, &refined);

    // Assert
    for (old, new) in roles(&original).iter().zip(roles(&refined)) {
        assert_eq!(old.basics, new.basics);
    }
    assert!(after.score >= before.score, "{before:?} → {after:?}");
    assert!(
        after.missing.contains(&"Kubernetes".to_owned()),
        "{after:?}"
    );
    let calls = fake.calls();
    assert_eq!(calls.total, 4);
    assert_eq!(calls.of_kind(PromptKind::RefineRole), 2);
}

#[tokio::test]
async fn test_connection_reports_latency_and_the_mode_found() {
    // Arrange
    let fake = fake(FakeScript {
        latency_ms: 50,
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());

    // Act
    let report = client.test_connection(&endpoint(&fake)).await.unwrap();

    // Assert
    assert_eq!(report.mode, OutputMode::JsonSchema);
    assert_eq!(report.model, "gpt-4o-mini");
    assert!(report.latency_ms >= 50, "{report:?}");
    assert_eq!(fake.calls().of_kind(PromptKind::ConnectionTest), 1);
}

#[tokio::test]
async fn test_connection_makes_one_attempt_only() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::on_call(1, status(500))],
        ..FakeScript::default()
    })
    .await;

    // Act
    let error = client(fast())
        .test_connection(&endpoint(&fake))
        .await
        .unwrap_err();

    // Assert
    assert!(
        matches!(error, LlmError::Server { status: 500, .. }),
        "{error}"
    );
    assert_eq!(fake.calls().total, 1);
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_requested_wait() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::on_call(
            1,
            FaultAction::RateLimit {
                retry_after: "1".to_owned(),
            },
        )],
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let started = Instant::now();

    // Act
    let analysis = analysis_of(&client, &fake).await;

    // Assert
    assert!(!analysis.key_skills.is_empty());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.calls().total, 2);
}

#[tokio::test]
async fn a_503_with_an_http_date_retry_after_is_honoured() {
    // Arrange: an HTTP date two seconds ahead (whole seconds, so at least one second).
    let at = std::time::SystemTime::now() + Duration::from_secs(2);
    let fake = fake(FakeScript {
        faults: vec![Fault::on_call(
            1,
            FaultAction::Status {
                status: 503,
                message: None,
                retry_after: Some(httpdate_string(at)),
            },
        )],
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let started = Instant::now();

    // Act
    analysis_of(&client, &fake).await;

    // Assert
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.calls().total, 2);
}

fn httpdate_string(at: std::time::SystemTime) -> String {
    // Format as IMF-fixdate without another dependency: reuse chrono.
    let at: chrono::DateTime<chrono::Utc> = at.into();
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn a_retry_after_longer_than_the_client_waits_fails_at_once() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::always(FaultAction::RateLimit {
            retry_after: "3600".to_owned(),
        })],
        ..FakeScript::default()
    })
    .await;

    // Act
    let error = client(fast())
        .analyze_job(&endpoint(&fake), JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert_eq!(
        error,
        LlmError::RateLimited {
            retry_after: Some(Duration::from_secs(3600))
        }
    );
    assert_eq!(fake.calls().total, 1);
}

#[tokio::test]
async fn a_500_is_retried() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![
            Fault::on_call(1, status(500)),
            Fault::on_call(2, status(502)),
        ],
        ..FakeScript::default()
    })
    .await;

    // Act
    let analysis = analysis_of(&client(fast()), &fake).await;

    // Assert
    assert!(!analysis.key_skills.is_empty());
    assert_eq!(fake.calls().total, 3);
}

#[tokio::test]
async fn server_errors_on_every_attempt_give_up_after_three() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::always(status(500))],
        ..FakeScript::default()
    })
    .await;

    // Act
    let error = client(fast())
        .analyze_job(&endpoint(&fake), JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert!(
        matches!(error, LlmError::Server { status: 500, .. }),
        "{error}"
    );
    assert!(error.is_retryable());
    assert_eq!(fake.calls().total, 3);
}

#[tokio::test]
async fn malformed_json_is_recovered_by_a_retry() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::on_call(1, FaultAction::Malformed).for_kind(PromptKind::RefineRole)],
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let analysis = analysis_of(&client, &fake).await;
    let resume = resume();

    // Act
    let refined = client
        .refine_role(&endpoint(&fake), &roles(&resume)[1], &analysis)
        .await
        .unwrap();

    // Assert
    assert_eq!(refined.skills, ["Python", "PostgreSQL"]);
    assert_eq!(fake.calls().of_kind(PromptKind::RefineRole), 2);
}

#[tokio::test]
async fn an_empty_answer_on_every_attempt_is_an_error_never_an_invented_value() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::always(FaultAction::Empty).for_kind(PromptKind::RefineRole)],
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let analysis = analysis_of(&client, &fake).await;
    let resume = resume();

    // Act
    let result = client
        .refine_role(&endpoint(&fake), &roles(&resume)[0], &analysis)
        .await;

    // Assert: an empty answer first steps down through the modes (once each, not counted as
    // attempts), then plain mode is tried three times.
    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Unusable(_)), "{error}");
    assert!(error.to_string().contains("empty"), "{error}");
    let formats: Vec<Option<String>> = fake
        .calls()
        .requests
        .iter()
        .filter(|r| r.kind == Some(PromptKind::RefineRole))
        .map(|r| r.response_format().map(str::to_owned))
        .collect();
    assert_eq!(
        formats,
        [
            Some("json_schema".to_owned()),
            Some("json_object".to_owned()),
            None,
            None,
            None
        ]
    );
}

#[tokio::test]
async fn a_rejected_api_key_is_not_retried() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let wrong = LlmEndpoint::new(fake.base_url(), "", Some(SecretString::from("sk-wrong")));

    // Act
    let error = client(fast())
        .analyze_job(&wrong, JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert!(matches!(error, LlmError::Unauthorized { .. }), "{error}");
    assert!(
        error.to_string().contains("the API key was rejected"),
        "{error}"
    );
    assert!(!error.to_string().contains("sk-wrong"));
    assert_eq!(fake.calls().total, 1);
}

#[tokio::test]
async fn no_authorization_header_is_sent_without_a_key() {
    // Arrange: the fake requires a key, so a request without one is refused.
    let fake = fake(FakeScript::default()).await;
    let keyless = LlmEndpoint::new(fake.base_url(), "", None);

    // Act
    let error = client(fast()).test_connection(&keyless).await.unwrap_err();

    // Assert
    assert!(matches!(error, LlmError::Unauthorized { .. }), "{error}");
    // And a fake without a key requirement accepts it.
    fake.set_script(FakeScript::default());
    client(fast()).test_connection(&keyless).await.unwrap();
}

#[tokio::test]
async fn model_not_found_is_not_retried_and_says_what_to_fix() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::always(FaultAction::Status {
            status: 404,
            message: Some("The model `gpt-9` does not exist".to_owned()),
            retry_after: None,
        })],
        ..FakeScript::default()
    })
    .await;
    let endpoint = LlmEndpoint::new(fake.base_url(), "gpt-9", Some(SecretString::from(KEY)));

    // Act
    let error = client(fast())
        .analyze_job(&endpoint, JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert!(
        error.to_string().contains("model \"gpt-9\" not found"),
        "{error}"
    );
    assert_eq!(fake.calls().total, 1);
}

#[tokio::test]
async fn a_rejected_json_schema_falls_back_to_json_object_and_is_remembered() {
    // Arrange
    let fake = fake(FakeScript {
        reject_json_schema: true,
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let endpoint = endpoint(&fake);

    // Act
    let first = client.analyze_job(&endpoint, JOB, &resume()).await.unwrap();
    let second = client.analyze_job(&endpoint, JOB, &resume()).await.unwrap();

    // Assert
    assert_eq!(first, second);
    let formats: Vec<Option<String>> = fake
        .calls()
        .requests
        .iter()
        .map(|r| r.response_format().map(str::to_owned))
        .collect();
    assert_eq!(
        formats,
        [
            Some("json_schema".to_owned()),
            Some("json_object".to_owned()),
            Some("json_object".to_owned()),
        ]
    );
    assert_eq!(client.remembered_mode(&endpoint), OutputMode::JsonObject);
    // The schema is still in the prompt for modes without `json_schema`.
    let system = fake.calls().requests[2].body["messages"][0]["content"].to_string();
    assert!(system.contains("Schema name: job_analysis"));
}

#[tokio::test]
async fn an_endpoint_without_response_format_is_read_from_a_fenced_block() {
    // Arrange
    let fake = fake(FakeScript {
        reject_json_schema: true,
        reject_json_object: true,
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let endpoint = endpoint(&fake);

    // Act
    let report = client.test_connection(&endpoint).await.unwrap();
    let analysis = client.analyze_job(&endpoint, JOB, &resume()).await.unwrap();

    // Assert
    assert_eq!(report.mode, OutputMode::Plain);
    assert!(!analysis.key_skills.is_empty());
    let requests = fake.calls().requests;
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[3].response_format(), None);
    assert_eq!(requests[3].body.get("response_format"), None);
}

#[tokio::test]
async fn a_timeout_is_retried() {
    // Arrange
    let fake = fake(FakeScript {
        faults: vec![Fault::on_call(1, FaultAction::Delay { ms: 2_000 })],
        ..FakeScript::default()
    })
    .await;
    let client = client(LlmClientConfig {
        timeout: Duration::from_millis(300),
        ..fast()
    });
    let started = Instant::now();

    // Act
    let analysis = analysis_of(&client, &fake).await;

    // Assert
    assert!(!analysis.key_skills.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.calls().total, 2);
}

#[tokio::test]
async fn timeouts_on_every_attempt_end_in_a_timeout_error() {
    // Arrange
    let fake = fake(FakeScript {
        latency_ms: 1_000,
        ..FakeScript::default()
    })
    .await;
    let client = client(LlmClientConfig {
        timeout: Duration::from_millis(100),
        ..fast()
    });

    // Act
    let error = client
        .analyze_job(&endpoint(&fake), JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert_eq!(error, LlmError::Timeout(Duration::from_millis(100)));
    assert_eq!(fake.calls().total, 3);
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    // Arrange: a port nothing listens on.
    let (address, fake) = FakeLlm::start().await.unwrap();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let endpoint = LlmEndpoint::new(format!("http://{address}/v1"), "", None);

    // Act
    let error = client(fast())
        .analyze_job(&endpoint, JOB, &resume())
        .await
        .unwrap_err();

    // Assert
    assert!(matches!(error, LlmError::Connection(_)), "{error}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn planted_inventions_are_caught_by_the_fact_guard() {
    // Arrange
    let fake = fake(FakeScript {
        plant_invented_facts: true,
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let analysis = analysis_of(&client, &fake).await;
    let resume = resume();
    let role = &roles(&resume)[0];

    // Act
    let refined = client
        .refine_role(&endpoint(&fake), role, &analysis)
        .await
        .unwrap();
    let guarded = guard_role(role, &refined).unwrap();

    // Assert
    let unverified: Vec<(&str, FlagField)> = guarded
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Unverified)
        .map(|f| (f.term.as_str(), f.field))
        .collect();
    assert_eq!(
        unverified,
        [
            (PLANTED_COMPANY, FlagField::Summary),
            (PLANTED_YEAR, FlagField::Summary),
            (PLANTED_METRIC, FlagField::Responsibilities),
            (PLANTED_AMOUNT, FlagField::Responsibilities),
            (PLANTED_SKILL, FlagField::Responsibilities),
        ]
    );
    assert!(
        guarded
            .flags
            .iter()
            .any(|f| f.kind == FlagKind::RemovedSkill
                && f.term == PLANTED_SKILL
                && f.field == FlagField::Skills)
    );
    assert!(!guarded.role.skills.contains(&PLANTED_SKILL.to_owned()));
    assert_eq!(guarded.role.basics, role.basics);
}

#[tokio::test]
async fn the_private_address_rule_refuses_loopback_before_any_request() {
    // Arrange
    let fake = fake(FakeScript::default()).await;
    let client = client(LlmClientConfig {
        allow_private: false,
        ..fast()
    });

    // Act
    let error = client.test_connection(&endpoint(&fake)).await.unwrap_err();
    let by_name = client
        .test_connection(&LlmEndpoint::new(
            format!("http://localhost:{}/v1", fake.address().port()),
            "",
            None,
        ))
        .await
        .unwrap_err();

    // Assert
    assert!(matches!(error, LlmError::PrivateAddress { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("RESUME_EDITOR_LLM_ALLOW_PRIVATE")
    );
    assert!(
        matches!(by_name, LlmError::PrivateAddress { .. }),
        "{by_name}"
    );
    assert!(!by_name.is_retryable());
    assert_eq!(fake.calls().total, 0);
}

#[tokio::test]
async fn the_fake_is_scriptable_over_http() {
    // Arrange
    let (_, fake) = FakeLlm::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = |path: &str| format!("http://{}{path}", fake.address());

    // Act: script the second call to fail, then make two calls.
    let scripted = http
        .post(url("/_fake/script"))
        .json(&json!({"faults": [{"call": 2, "action": {"type": "status", "status": 500}}]}))
        .send()
        .await
        .unwrap();
    let client = client(fast());
    let endpoint = LlmEndpoint::new(fake.base_url(), "", None);
    client.test_connection(&endpoint).await.unwrap();
    let second = client.test_connection(&endpoint).await;
    let calls: Value = http
        .get(url("/_fake/calls"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bad = http
        .post(url("/_fake/script"))
        .json(&json!({"latency": 5}))
        .send()
        .await
        .unwrap();
    let reset = http.post(url("/_fake/reset")).send().await.unwrap();

    // Assert
    assert_eq!(scripted.status(), 204);
    assert!(second.is_err());
    assert_eq!(calls["total"], 2);
    assert_eq!(calls["by_kind"]["connection_test"], 2);
    assert_eq!(calls["requests"][1]["number"], 2);
    assert_eq!(calls["requests"][1]["kind"], "connection_test");
    assert_eq!(bad.status(), 400);
    assert_eq!(reset.status(), 204);
    assert_eq!(fake.calls().total, 0);
}

#[tokio::test]
async fn a_model_that_rejects_temperature_is_asked_again_without_it_and_remembered() {
    // Arrange
    let fake = fake(FakeScript {
        reject_temperature: true,
        ..FakeScript::default()
    })
    .await;
    let client = client(fast());
    let endpoint = endpoint(&fake);

    // Act
    client.analyze_job(&endpoint, JOB, &resume()).await.unwrap();
    client.analyze_job(&endpoint, JOB, &resume()).await.unwrap();

    // Assert
    let sent: Vec<bool> = fake
        .calls()
        .requests
        .iter()
        .map(|r| r.body.get("temperature").is_some())
        .collect();
    assert_eq!(sent, [true, false, false]);
    assert_eq!(client.remembered_mode(&endpoint), OutputMode::JsonSchema);
}
