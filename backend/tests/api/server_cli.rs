//! The server commands as real processes: `migrate`, `create-admin`, `serve` (with a graceful
//! stop on SIGTERM), the generated secret files and setup token; and every migration rolling
//! back and forward.

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use migration::{Migrator, MigratorTrait as _};

use crate::db_tests;
use crate::helpers::TestApp;

const BINARY: &str = env!("CARGO_BIN_EXE_resume-editor");

fn command(data_dir: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env("RESUME_EDITOR_DATA_DIR", data_dir)
        .env_remove("RESUME_EDITOR_DATABASE_URL")
        .env_remove("RESUME_EDITOR_SECRET_KEY")
        .env_remove("RESUME_EDITOR_ENCRYPTION_KEY")
        .env_remove("RESUME_EDITOR_ADMIN_PASSWORD")
        .env("RESUME_EDITOR_LOG", "warn");
    command
}

fn create_admin(
    data_dir: &Path,
    username: &str,
    stdin: &str,
    env_password: Option<&str>,
) -> Output {
    let mut command = command(data_dir);
    command
        .args([
            "create-admin",
            "--username",
            username,
            "--email",
            &format!("{username}@example.com"),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(password) = env_password {
        command.env("RESUME_EDITOR_ADMIN_PASSWORD", password);
    }
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn migrate_applies_the_schema_and_generates_secrets_once_with_mode_0600() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();

    // Act
    let first = command(dir.path()).arg("migrate").output().unwrap();
    let secret = std::fs::read_to_string(dir.path().join("secret_key")).unwrap();
    let key = std::fs::read_to_string(dir.path().join("encryption_key")).unwrap();
    let second = command(dir.path()).arg("migrate").output().unwrap();

    // Assert
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(text(&first.stdout).contains("migrations applied"));
    assert!(dir.path().join("resume-editor.db").is_file());
    for file in ["secret_key", "encryption_key"] {
        let mode = std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("secret_key")).unwrap(),
        secret,
        "reused"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("encryption_key")).unwrap(),
        key,
        "reused"
    );
    let warnings = text(&first.stderr);
    assert!(
        warnings.contains("RESUME_EDITOR_SECRET_KEY is not set"),
        "{warnings}"
    );
    assert!(
        warnings.contains("secret_key"),
        "names the file: {warnings}"
    );
    assert!(
        !warnings.contains(secret.trim()) && !warnings.contains(key.trim()),
        "{warnings}"
    );
}

#[test]
fn migrate_creates_the_data_directory_0700_and_the_database_0600() {
    // Arrange: a data directory that does not exist yet, under the usual umask.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh").join("data");

    // Act
    let output = command(&data).arg("migrate").output().unwrap();

    // Assert
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("resume-editor.db")), 0o600);
    for file in ["secret_key", "encryption_key"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            mode(&path) & 0o077,
            0,
            "{} is open to others",
            path.display()
        );
    }
}

#[test]
fn a_secret_file_open_to_others_or_too_short_stops_the_server_commands() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let first = command(dir.path()).arg("migrate").output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let secret = dir.path().join("secret_key");
    let value = std::fs::read_to_string(&secret).unwrap();

    // Act / Assert: readable by others.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let open = command(dir.path()).arg("migrate").output().unwrap();
    let stderr = text(&open.stderr);
    assert_ne!(open.status.code(), Some(0));
    assert!(
        stderr.contains("secret_key") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert!(!stderr.contains(value.trim()), "{stderr}");

    // Empty.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&secret, "").unwrap();
    let empty = command(dir.path()).arg("migrate").output().unwrap();
    let stderr = text(&empty.stderr);
    assert_ne!(empty.status.code(), Some(0));
    assert!(
        stderr.contains("secret_key") && stderr.contains("empty"),
        "{stderr}"
    );
}

#[test]
fn create_admin_takes_the_password_from_stdin_or_the_environment_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();

    let created = create_admin(dir.path(), "root", "a strong password\n", None);
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    assert!(text(&created.stdout).contains("created administrator root"));

    let from_env = create_admin(dir.path(), "second", "", Some("another strong password"));
    assert_eq!(
        from_env.status.code(),
        Some(0),
        "{}",
        text(&from_env.stderr)
    );

    let duplicate = create_admin(dir.path(), "ROOT", "a strong password\n", None);
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(
        text(&duplicate.stderr).contains("username is taken"),
        "{}",
        text(&duplicate.stderr)
    );

    let weak = create_admin(dir.path(), "third", "short\n", None);
    assert_eq!(weak.status.code(), Some(1));
    assert!(
        text(&weak.stderr).contains("password: must be at least 10 characters"),
        "{}",
        text(&weak.stderr)
    );

    let same_as_name = create_admin(dir.path(), "longusername", "LongUserName\n", None);
    assert_eq!(same_as_name.status.code(), Some(1));

    let no_password = create_admin(dir.path(), "fourth", "", None);
    assert_eq!(no_password.status.code(), Some(1));
    assert!(text(&no_password.stderr).contains("RESUME_EDITOR_ADMIN_PASSWORD"));

    let as_argument = command(dir.path())
        .args([
            "create-admin",
            "--username",
            "x-user",
            "--email",
            "x@example.com",
            "--password",
            "a strong password",
        ])
        .output()
        .unwrap();
    assert_eq!(
        as_argument.status.code(),
        Some(2),
        "there is no --password option"
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_after_create_admin_and_stops_gracefully_on_sigterm() {
    // Arrange: an administrator created before any setup.
    let dir = tempfile::tempdir().unwrap();
    let created = create_admin(dir.path(), "root", "a strong password\n", None);
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    let port = free_port();
    let mut server = command(dir.path())
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("RESUME_EDITOR_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}/api/v1");

    // Act: wait until it answers.
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/health")).await
            && response.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status: serde_json::Value = reqwest::get(format!("{base}/setup/status"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let login = reqwest::Client::new()
        .post(format!("{base}/auth/login"))
        .json(&serde_json::json!({ "username": "root", "password": "a strong password" }))
        .send()
        .await
        .unwrap();
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let stopped = Instant::now();
    let exit = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(20),
            "no graceful stop"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    // Assert
    assert_eq!(
        status["needs_setup"], false,
        "create-admin completed the setup"
    );
    assert_eq!(login.status(), reqwest::StatusCode::OK);
    assert_eq!(exit.code(), Some(0));
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(logs.contains("listening on"), "{logs}");
    assert!(logs.contains("shutdown signal received"), "{logs}");
    assert!(logs.contains("request_id"), "{logs}");
    assert!(!logs.contains("a strong password"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_beyond_loopback_generates_a_setup_token_and_requires_it() {
    // Arrange: a fresh instance listening on every address (reached here through loopback).
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = command(dir.path())
        .args(["serve", "--bind", &format!("0.0.0.0:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/health")).await
            && response.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let token_file = dir.path().join("setup_token");
    let token = std::fs::read_to_string(&token_file).unwrap();
    let setup = |token: Option<&str>| {
        let mut body = serde_json::json!({
            "username": "root", "email": "root@example.com", "password": "a strong password",
        });
        if let Some(token) = token {
            body["setup_token"] = serde_json::json!(token);
        }
        reqwest::Client::new()
            .post(format!("{base}/setup"))
            .json(&body)
            .send()
    };

    // Act
    let status: serde_json::Value = reqwest::get(format!("{base}/setup/status"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let without = setup(None).await.unwrap();
    let with = setup(Some(token.trim())).await.unwrap();
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let exit = server.wait().unwrap();

    // Assert
    assert_eq!(status["setup_token_required"], true);
    assert_eq!(without.status(), reqwest::StatusCode::FORBIDDEN);
    assert_eq!(with.status(), reqwest::StatusCode::CREATED);
    assert_eq!(exit.code(), Some(0));
    let mode = std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(
        logs.contains("setup_token"),
        "the log says where it is: {logs}"
    );
    assert!(
        !logs.contains(token.trim()),
        "the log never holds the value: {logs}"
    );
}

db_tests!(every_migration_rolls_back_and_forward);

async fn every_migration_rolls_back_and_forward(app: TestApp) {
    Migrator::down(&app.db, None).await.unwrap();
    assert!(
        Migrator::get_applied_migrations(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );
    app.setup_admin().await;
}

/// A `serve` process on a free port of loopback, with the fake model allowed; its API base URL.
fn spawn_server(data_dir: &Path, env: &[(&str, &str)]) -> (std::process::Child, String) {
    let port = free_port();
    let mut command = command(data_dir);
    command
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("RESUME_EDITOR_LLM_ALLOW_PRIVATE", "true")
        .env("RESUME_EDITOR_LLM_RETRY_BACKOFF_MS", "10")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(format!("RESUME_EDITOR_{key}"), value);
    }
    (
        command.spawn().unwrap(),
        format!("http://127.0.0.1:{port}/api/v1"),
    )
}

async fn wait_until_up(base: &str) {
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/health")).await
            && response.status().is_success()
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sends SIGTERM and waits (at most `limit`) for the exit; the exit status and how long it took.
async fn terminate(server: &mut std::process::Child, limit: Duration) -> (Option<i32>, Duration) {
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let stopped = Instant::now();
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            return (status.code(), stopped.elapsed());
        }
        if stopped.elapsed() > limit {
            let _ = server.kill();
            let _ = server.wait();
            panic!("the server did not stop within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_followed_jobs_within_the_grace_period_and_leaves_them_resumable() {
    use resume_fake_llm::{FakeLlm, FakeScript};
    use serde_json::{Value, json};

    // Arrange: a slow model (every call takes 5 s), a grace period of 2 s, a job followed by a
    // client, and a long request in flight (the model test call).
    let dir = tempfile::tempdir().unwrap();
    let created = create_admin(dir.path(), "root", "a strong password\n", None);
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    let (_, fake) = FakeLlm::start().await.unwrap();
    fake.set_script(FakeScript {
        latency_ms: 5000,
        ..FakeScript::default()
    });
    let (mut server, base) = spawn_server(dir.path(), &[("SHUTDOWN_GRACE_SECONDS", "2")]);
    wait_until_up(&base).await;
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/auth/login"))
        .json(&json!({ "username": "root", "password": "a strong password" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let response = client
        .put(format!("{base}/settings"))
        .bearer_auth(&token)
        .json(&json!({ "llm_endpoint": fake.base_url(), "llm_model": "fake-model", "api_key": "sk-test" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let resume: Value = client
        .post(format!("{base}/resumes"))
        .bearer_auth(&token)
        .json(&json!({ "name": "Base", "content": resume_shared::sample::generated_resume(3, 1) }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resume = resume["id"].as_str().unwrap().to_owned();
    let job: Value = client
        .post(format!("{base}/resumes/{resume}/refinements"))
        .bearer_auth(&token)
        .json(&json!({ "job_description": "Rust engineer. We need Rust and PostgreSQL." }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let job = job["id"].as_str().unwrap().to_owned();
    let stream = client
        .get(format!("{base}/refinements/{job}/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), reqwest::StatusCode::OK);
    let followed = tokio::spawn(stream.text());
    let long_request = tokio::spawn(
        client
            .post(format!("{base}/settings/llm/test"))
            .bearer_auth(&token)
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Act
    let (code, took) = terminate(&mut server, Duration::from_secs(20)).await;

    // Assert: a graceful exit within the grace period and a margin; the stream has ended.
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_millis(4500), "stopping took {took:?}");
    tokio::time::timeout(Duration::from_secs(2), followed)
        .await
        .expect("the stream ended")
        .unwrap()
        .ok();
    assert!(
        long_request.await.unwrap().is_err(),
        "the long request was cut"
    );
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(
        logs.contains("connections still open after the shutdown grace period are closed"),
        "{logs}"
    );

    // Act: another server over the same data, at once (no waiting for the heartbeat to go
    // stale), and a fast model.
    fake.set_script(FakeScript::default());
    let (mut again, base) = spawn_server(dir.path(), &[]);
    wait_until_up(&base).await;
    let state: Value = client
        .get(format!("{base}/refinements/{job}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resumed = client
        .post(format!("{base}/refinements/{job}/resume"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();

    // Assert: the job was left failed and resumable, and it completes.
    assert_eq!(state["status"], "failed", "{state}");
    assert_eq!(state["retryable"], true, "{state}");
    assert_eq!(resumed.status(), reqwest::StatusCode::ACCEPTED);
    let events = tokio::time::timeout(
        Duration::from_secs(20),
        client
            .get(format!("{base}/refinements/{job}/events"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .text(),
    )
    .await
    .expect("the resumed job ends")
    .unwrap();
    assert!(
        events
            .trim_end()
            .ends_with(r#"data: {"status":"succeeded"}"#),
        "{events}"
    );
    let (code, _) = terminate(&mut again, Duration::from_secs(20)).await;
    assert_eq!(code, Some(0));
}
