//! Wall time of a whole refinement job over HTTP, against the fake model answering each call
//! after 300 ms: 8 roles refined 4 at a time. Budget: (1 + ⌈8/4⌉ + 1) × 300 ms + 500 ms =
//! 1.7 s from `POST /resumes/{id}/refinements` to the job's `succeeded` state.
//!
//! Everything real but the model: the router on a loopback port, SQLite in a temporary
//! directory, the job runner, the LLM client over HTTP to the fake server.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use resume_backend::config::Settings;
use resume_backend::serving::serve;
use resume_backend::state::AppState;
use resume_fake_llm::{FakeLlm, FakeScript};
use serde_json::{Value, json};

const ROLES: usize = 8;
const LATENCY_MS: u64 = 300;

struct Bench {
    base: String,
    client: reqwest::Client,
    token: String,
    _dir: tempfile::TempDir,
    _fake: resume_fake_llm::FakeLlmHandle,
}

async fn start() -> Bench {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().display().to_string();
    let lookup = |name: &str| -> Option<String> {
        match name {
            "RESUME_EDITOR_DATA_DIR" => Some(data.clone()),
            "RESUME_EDITOR_LLM_ALLOW_PRIVATE" => Some("true".into()),
            "RESUME_EDITOR_LLM_CONCURRENCY" => Some("4".into()),
            "RESUME_EDITOR_LOG" => Some("warn".into()),
            _ => None,
        }
    };
    let (settings, _) = Settings::from_lookup(lookup).expect("settings");
    std::fs::create_dir_all(&settings.data_dir).expect("data dir");
    let db = resume_backend::db::connect(&settings.database_url)
        .await
        .expect("database");
    resume_backend::db::migrate(&db).await.expect("migrations");
    let state = AppState::new(db, settings).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}/api/v1", listener.local_addr().expect("address"));
    tokio::spawn(serve(listener, state, std::future::pending()));
    let (_, fake) = FakeLlm::start().await.expect("the fake model");
    fake.set_script(FakeScript {
        latency_ms: LATENCY_MS,
        ..FakeScript::default()
    });
    let client = reqwest::Client::new();
    let setup: Value = client
        .post(format!("{base}/setup"))
        .json(&json!({"username": "bench", "email": "bench@example.com", "password": "bench password 123"}))
        .send()
        .await
        .expect("setup")
        .json()
        .await
        .expect("setup answer");
    let token = setup["access_token"].as_str().expect("a token").to_owned();
    client
        .put(format!("{base}/settings"))
        .bearer_auth(&token)
        .json(&json!({"llm_endpoint": fake.base_url(), "llm_model": "fake-model"}))
        .send()
        .await
        .expect("settings");
    Bench {
        base,
        client,
        token,
        _dir: dir,
        _fake: fake,
    }
}

impl Bench {
    async fn new_resume(&self) -> String {
        let created: Value = self
            .client
            .post(format!("{}/resumes", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"name": "Bench", "content": resume_shared::sample::generated_resume(ROLES, 0)}))
            .send()
            .await
            .expect("create")
            .json()
            .await
            .expect("created");
        created["id"].as_str().expect("an id").to_owned()
    }

    /// Starts a job and waits for it to succeed; returns the wall time.
    async fn run_job(&self, resume: &str) -> Duration {
        let started = Instant::now();
        let accepted: Value = self
            .client
            .post(format!("{}/resumes/{resume}/refinements", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"job_description": "Platform engineer: Rust, Kafka, PostgreSQL. Design pipelines, mentor engineers."}))
            .send()
            .await
            .expect("start")
            .json()
            .await
            .expect("accepted");
        let job = accepted["id"].as_str().expect("a job id").to_owned();
        loop {
            let state: Value = self
                .client
                .get(format!("{}/refinements/{job}", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("state")
                .json()
                .await
                .expect("state body");
            match state["status"].as_str() {
                Some("succeeded") => return started.elapsed(),
                Some("failed" | "cancelled") => panic!("the job did not succeed: {state}"),
                _ => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }
}

fn refinement(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let bench = runtime.block_on(start());
    let mut group = c.benchmark_group("refinement_8_roles_300ms_per_call");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(25));
    group.bench_function("job_wall_time", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let resume = bench.new_resume().await;
                    total += bench.run_job(&resume).await;
                }
                total
            })
        });
    });
    group.finish();
}

criterion_group!(benches, refinement);
criterion_main!(benches);
