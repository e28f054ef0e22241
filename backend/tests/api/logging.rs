//! Logs never contain a password, token, cookie value, API key or server secret, at any level:
//! the real binary runs with `RESUME_EDITOR_LOG=trace` (everything, every crate), goes through
//! every route that handles a secret, and its whole log is searched.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_resume-editor");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_appear_in_the_logs_at_any_level() {
    // Arrange: a server logging everything.
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(BINARY)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("RESUME_EDITOR_DATA_DIR", dir.path())
        .env("RESUME_EDITOR_LOG", "trace")
        .env_remove("RESUME_EDITOR_DATABASE_URL")
        .env_remove("RESUME_EDITOR_SECRET_KEY")
        .env_remove("RESUME_EDITOR_ENCRYPTION_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = server.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut logs = String::new();
        let _ = stderr.read_to_string(&mut logs);
        logs
    });
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let started = Instant::now();
    while reqwest::get(format!("{base}/health")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let admin_password = "the admin password";
    let new_password = "the new secret password";
    let wrong_password = "a wrong password value";
    let api_key = "sk-never-log-this-key-0123456789";

    // Act: setup, a failed and two good logins, a key write over cookie + CSRF, a password
    // change, a user created with a password.
    let setup: Value = reqwest::Client::new()
        .post(format!("{base}/setup"))
        .json(&json!({ "username": "admin", "email": "admin@example.com", "password": admin_password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = setup["access_token"].as_str().unwrap().to_owned();
    let wrong = reqwest::Client::new()
        .post(format!("{base}/auth/login"))
        .json(&json!({ "username": "admin", "password": wrong_password }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let login = browser
        .post(format!("{base}/auth/login"))
        .json(&json!({ "username": "admin", "password": admin_password }))
        .send()
        .await
        .unwrap();
    let csrf = crate::helpers::cookie(&login, "resume_editor_csrf").unwrap();
    let browser_token = login.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let put = browser
        .request(Method::PUT, format!("{base}/settings"))
        .header("x-csrf-token", &csrf)
        .json(&json!({ "api_key": api_key, "llm_model": "m" }))
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());
    let created = reqwest::Client::new()
        .post(format!("{base}/admin/users"))
        .bearer_auth(&token)
        .json(&json!({ "username": "alice", "email": "alice@example.com", "password": "alice's password" }))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let change = reqwest::Client::new()
        .post(format!("{base}/auth/password"))
        .bearer_auth(&token)
        .json(&json!({ "current_password": admin_password, "new_password": new_password }))
        .send()
        .await
        .unwrap();
    assert!(change.status().is_success());
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    assert_eq!(server.wait().unwrap().code(), Some(0));
    let logs = reader.join().unwrap();

    // Assert
    assert!(
        logs.contains("/api/v1/auth/login"),
        "the log has the requests: {logs}"
    );
    assert!(logs.contains("request_id"), "{logs}");
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "trace level is on: {logs}"
    );
    let mut secrets = vec![
        admin_password.to_owned(),
        new_password.to_owned(),
        wrong_password.to_owned(),
        "alice's password".to_owned(),
        api_key.to_owned(),
        token.clone(),
        browser_token.clone(),
        csrf.clone(),
    ];
    // The signature part of each token on its own, too.
    for t in [&token, &browser_token] {
        secrets.push(t.rsplit('.').next().unwrap().to_owned());
    }
    for file in ["secret_key", "encryption_key"] {
        secrets.push(
            std::fs::read_to_string(dir.path().join(file))
                .unwrap()
                .trim()
                .to_owned(),
        );
    }
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !logs.contains(secret.as_str()),
            "a secret is in the logs ({secret}):\n{logs}"
        );
    }
}
