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
