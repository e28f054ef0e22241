//! `backup` and `restore` as real processes: every table of a migrated database is covered; a
//! populated instance moves SQLite → PostgreSQL → SQLite with identical API answers (the
//! PostgreSQL leg needs `TEST_DATABASE_URL`); damaged, foreign and edited archives and non-empty
//! targets are refused with a message and leave the target as it was.

use std::collections::BTreeSet;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Output};

use chrono::Timelike as _;
use reqwest::{Method, StatusCode};
use resume_backend::backup::{SEEDED_BY_MIGRATIONS, existing_tables, tables};
use sea_orm::{ConnectionTrait as _, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, Backend, Session, Teardown, TestApp, USER_PASSWORD,
};
use crate::refinements::{JOB, arrange, post, read_events, start_ok};
use resume_backend::auth::totp;
use resume_shared::api::two_factor::SecondFactorRequest;
use resume_shared::api::{LoginRequest, SessionMode};

const BINARY: &str = env!("CARGO_BIN_EXE_resume-editor");

/// Every instance of these tests shares the server keys, so sessions and stored API keys of
/// one read the same on the others (an operator moving an instance keeps its keys).
const ENV: [(&str, &str); 4] = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
    (
        "SECRET_KEY",
        "backup test secret key, long enough for HS256 signing",
    ),
    (
        "ENCRYPTION_KEY",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    ),
];

db_tests!(every_table_of_the_migrated_database_is_in_the_backup);
db_tests!(bad_archives_are_refused_and_the_target_stays_empty; env = [
    ("LLM_ALLOW_PRIVATE", "true"),
    ("LLM_RETRY_BACKOFF_MS", "10"),
]);
db_tests!(a_non_empty_target_is_refused_and_left_untouched);
db_tests!(a_backup_taken_during_writes_is_one_consistent_snapshot; env = [
    ("MAX_RESUMES_PER_USER", "1000000"),
]);

/// Runs `resume-editor ARGS` against `database_url`.
fn cli(data_dir: &Path, database_url: &str, args: &[&str]) -> Output {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .env("RESUME_EDITOR_DATA_DIR", data_dir)
        .env("RESUME_EDITOR_DATABASE_URL", database_url)
        .env("RESUME_EDITOR_LOG", "warn");
    for (key, value) in ENV {
        command.env(format!("RESUME_EDITOR_{key}"), value);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes a backup of `app` to `file` and checks that it succeeded.
fn backup(app: &TestApp, file: &Path) {
    let output = cli(
        &app.data_dir,
        &app.database_url,
        &["backup", "--out", file.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("written to"),
        "{}",
        text(&output.stdout)
    );
}

/// Restores `file` into `app`'s database.
fn restore(app: &TestApp, file: &Path) -> Output {
    cli(
        &app.data_dir,
        &app.database_url,
        &["restore", file.to_str().unwrap()],
    )
}

/// Rows per application table.
async fn counts(app: &TestApp) -> Vec<(String, i64)> {
    counts_in(&app.db).await
}

/// Rows per application table of `db`.
async fn counts_in(db: &DatabaseConnection) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in tables().unwrap() {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM \"{}\"", table.name),
            ))
            .await
            .unwrap()
            .unwrap();
        counts.push((table.name.to_owned(), row.try_get::<i64>("", "n").unwrap()));
    }
    counts
}

/// Asserts that `app`'s database holds nothing but what the migrations wrote.
async fn assert_empty(app: &TestApp) {
    for (table, rows) in counts(app).await {
        if !SEEDED_BY_MIGRATIONS.contains(&table.as_str()) {
            assert_eq!(rows, 0, "{table}");
        }
    }
}

async fn every_table_of_the_migrated_database_is_in_the_backup(app: TestApp) {
    // Arrange
    let covered: BTreeSet<String> = tables()
        .unwrap()
        .iter()
        .map(|table| table.name.to_owned())
        .collect();

    // Act
    let present: BTreeSet<String> = existing_tables(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|name| name != "seaql_migrations")
        .collect();

    // Assert: a table added by a migration must be added to `backup::tables` too.
    assert_eq!(
        present.difference(&covered).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "tables the backup does not cover"
    );
    assert_eq!(covered, present);
}

/// Two users with resumes, revisions, a trashed resume, a finished refinement job with its
/// events, an applied tailored resume, an application with its timeline, settings and the
/// audit log of all that; the second user has two-factor authentication (its secret is
/// returned).
async fn populate(app: &TestApp) -> (Vec<Session>, Vec<u8>) {
    let (admin, _fake, base) = arrange(app, 3).await;
    let job = start_ok(
        app,
        &admin,
        &base,
        json!({ "job_description": JOB, "company": "Initech", "notes": "Referred by Sam" }),
    )
    .await;
    read_events(app, &admin, &job, None).await;
    let response = post(
        app,
        &admin,
        &format!("/refinements/{job}/apply"),
        Some(json!({ "mode": "new", "accepted_roles": [0, 2] })),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let mut kept = String::new();
    for (index, name) in ["alpha", "beta", "gamma"].iter().enumerate() {
        let response = app
            .bearer(Method::POST, "/resumes", &alice.token)
            .json(&json!({ "name": name, "content": resume_shared::sample::generated_resume(index + 1, 1) }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        let id = body["id"].as_str().unwrap().to_owned();
        if *name == "alpha" {
            kept = id;
        } else if *name == "gamma" {
            let response = app
                .bearer(Method::DELETE, &format!("/resumes/{id}"), &alice.token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
    }
    for version in 1..=2 {
        let response = app
            .bearer(Method::PUT, &format!("/resumes/{kept}"), &alice.token)
            .json(&json!({ "version": version, "content": resume_shared::sample::generated_resume(2, version + 1) }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            response.text().await.unwrap()
        );
    }
    // An application with a status change: two timeline events.
    let response = app
        .bearer(Method::POST, &format!("/resumes/{kept}/application"), &alice.token)
        .json(&json!({ "status": "applied", "applied_on": "2026-12-01", "posting_url": "https://jobs.example.com/7", "notes": "Referred" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = app
        .bearer(Method::PUT, &format!("/resumes/{kept}/application"), &alice.token)
        .json(&json!({ "version": 1, "status": "interviewing", "next_step": "Panel", "next_step_on": "2026-12-09" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token = app
        .bearer(Method::POST, "/tokens", &alice.token)
        .json(&json!({ "name": "laptop script", "scope": "read", "expires_in_days": 30 }))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::CREATED);
    // Two-factor authentication: an encrypted secret, recovery codes, a used code's step.
    let api = app.api(&alice);
    let secret =
        crate::two_factor::decode_base32(&api.start_enrolment(USER_PASSWORD).await.unwrap().secret);
    let step = totp::step_at(chrono::Utc::now().timestamp());
    let codes = api
        .confirm_enrolment(&totp::code_at(&secret, step))
        .await
        .unwrap();
    assert_eq!(codes.codes.len(), 10);
    (vec![admin, alice], secret)
}

async fn get(app: &TestApp, session: &Session, path: &str) -> Value {
    let response = app
        .bearer(Method::GET, path, &session.token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

/// What each user sees: resumes, each with its revisions and refinements (and each refinement),
/// the trash, settings; for administrators the users and the audit log.
async fn answers(app: &TestApp, sessions: &[Session]) -> Value {
    let mut all = Vec::new();
    for session in sessions {
        let mut seen = serde_json::Map::new();
        let resumes = get(app, session, "/resumes?per_page=100").await;
        let trash = get(app, session, "/trash?per_page=100").await;
        let mut ids: Vec<String> = Vec::new();
        for item in resumes["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
        }
        for id in &ids {
            for path in [
                format!("/resumes/{id}"),
                format!("/resumes/{id}/revisions?per_page=100"),
                format!("/resumes/{id}/refinements"),
            ] {
                let body = get(app, session, &path).await;
                if path.ends_with("/refinements") {
                    for job in body["items"].as_array().into_iter().flatten() {
                        let job = job["id"].as_str().unwrap();
                        let path = format!("/refinements/{job}");
                        seen.insert(path.clone(), get(app, session, &path).await);
                    }
                }
                seen.insert(path, body);
            }
        }
        let applications = get(app, session, "/applications?per_page=100").await;
        for item in applications["items"].as_array().into_iter().flatten() {
            let path = format!(
                "/resumes/{}/application",
                item["resume_id"].as_str().unwrap()
            );
            seen.insert(path.clone(), get(app, session, &path).await);
        }
        seen.insert("/applications".into(), applications);
        seen.insert("/resumes".into(), resumes);
        seen.insert("/trash".into(), trash);
        for path in ["/settings", "/auth/me", "/tokens", "/auth/two-factor"] {
            seen.insert(path.into(), get(app, session, path).await);
        }
        // The first session is the administrator's.
        if all.is_empty() {
            for path in [
                "/admin/users?per_page=200",
                "/admin/audit?per_page=200",
                "/admin/instance",
            ] {
                seen.insert(path.into(), get(app, session, path).await);
            }
        }
        all.push(Value::Object(seen));
    }
    Value::Array(all)
}

/// `value` with every RFC 3339 time cut to microseconds and written with six digits: SQLite
/// keeps the nanoseconds the clock gave, PostgreSQL (and therefore the archive) microseconds.
fn to_microseconds(value: &Value) -> Value {
    match value {
        Value::String(text) => chrono::DateTime::parse_from_rfc3339(text).map_or_else(
            |_| value.clone(),
            |at| {
                let at = at.with_timezone(&chrono::Utc);
                let micros = at.timestamp_subsec_micros();
                let cut = at.with_nanosecond(micros * 1000).unwrap_or(at);
                Value::String(cut.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
            },
        ),
        Value::Array(items) => Value::Array(items.iter().map(to_microseconds).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), to_microseconds(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_moves_from_sqlite_to_postgresql_and_back_with_identical_answers() {
    // Arrange: a populated instance on SQLite, and its answers.
    let (source, source_down) = TestApp::spawn(Backend::Sqlite, &ENV).await.unwrap();
    let (sessions, secret) = populate(&source).await;
    let before = to_microseconds(&answers(&source, &sessions).await);
    let admin_view = before[0].as_object().unwrap();
    assert!(
        admin_view
            .keys()
            .any(|path| path.starts_with("/refinements/")),
        "the comparison covers a refinement job"
    );
    assert_eq!(before[1]["/trash"]["items"].as_array().unwrap().len(), 1);
    assert_eq!(before[1]["/applications"]["total"], 1);
    let tracked = before[1].as_object().unwrap();
    let application = tracked
        .iter()
        .find(|(path, _)| path.ends_with("/application"))
        .map(|(_, body)| body)
        .unwrap();
    assert_eq!(
        application["timeline"].as_array().unwrap().len(),
        2,
        "the comparison covers an application's timeline"
    );
    assert!(
        admin_view["/admin/audit?per_page=200"]["items"]
            .as_array()
            .unwrap()
            .len()
            > 3
    );
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.zip");

    // Act: SQLite → archive (while the server runs) → PostgreSQL → archive → SQLite.
    backup(&source, &first);
    let mut downs: Vec<Teardown> = vec![source_down];
    let (last_archive, expected) = match TestApp::spawn(Backend::Postgres, &ENV).await {
        Some((postgres, postgres_down)) => {
            downs.push(postgres_down);
            let output = restore(&postgres, &first);
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            let on_postgres = to_microseconds(&answers(&postgres, &sessions).await);
            assert_eq!(on_postgres, before, "PostgreSQL answers differently");
            let second = dir.path().join("second.zip");
            backup(&postgres, &second);
            // The restored instance keeps working: a login writes the audit log, whose serial
            // key continues after the restored ids; the second factor's secret still decrypts
            // and the step used last is still refused.
            let anonymous = postgres.anonymous_api();
            let login = LoginRequest {
                username: "alice".to_owned(),
                password: USER_PASSWORD.to_owned(),
                session: Some(SessionMode::Bearer),
            };
            let step = totp::step_at(chrono::Utc::now().timestamp());
            for (offset, accepted) in [(-1, false), (1, true)] {
                let challenge = anonymous.login_challenge(&login).await.unwrap();
                let answer = anonymous
                    .second_factor(&SecondFactorRequest {
                        challenge: challenge.challenge,
                        code: totp::code_at(&secret, step + offset),
                        session: Some(SessionMode::Bearer),
                    })
                    .await;
                assert_eq!(answer.is_ok(), accepted, "{offset}: {answer:?}");
            }
            (second, on_postgres)
        }
        None => {
            eprintln!("PostgreSQL leg skipped: TEST_DATABASE_URL is not set");
            (first.clone(), before.clone())
        }
    };
    let (target, target_down) = TestApp::spawn(Backend::Sqlite, &ENV).await.unwrap();
    downs.push(target_down);
    let output = restore(&target, &last_archive);

    // Assert
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("restored 22 tables"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(
        to_microseconds(&answers(&target, &sessions).await),
        expected
    );
    target.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    for down in downs {
        down.run().await;
    }
}

/// A copy of the archive `from` at `to` with its entries changed by `edit` (name → content;
/// `None` drops the entry), written uncompressed so that its bytes can be damaged on purpose.
fn rewrite(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        entries.push((entry.name().unwrap().into_owned(), bytes));
    }
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        if let Some(bytes) = edit(&name, bytes) {
            writer.start_file(name, options).unwrap();
            writer.write_all(&bytes).unwrap();
        }
    }
    writer.finish().unwrap();
}

/// The manifest with `change` applied.
fn edit_manifest(bytes: &[u8], change: impl Fn(&mut Value)) -> Vec<u8> {
    let mut manifest: Value = serde_json::from_slice(bytes).unwrap();
    change(&mut manifest);
    serde_json::to_vec(&manifest).unwrap()
}

async fn bad_archives_are_refused_and_the_target_stays_empty(app: TestApp) {
    // Arrange: a good archive of a populated instance, and an empty target on the same database.
    populate(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.zip");
    backup(&app, &good);
    let (target, target_down) = TestApp::spawn(app.backend, &ENV).await.unwrap();
    let bad = |name: &str| dir.path().join(name);

    std::fs::write(bad("text.zip"), "just some text\n").unwrap();
    let foreign = bad("foreign.zip");
    {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&foreign).unwrap());
        writer
            .start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"hello").unwrap();
        writer.finish().unwrap();
    }
    // Uncompressed, then one byte of a row changed in place: the zip checksum no longer holds.
    rewrite(&good, &bad("damaged.zip"), |_, bytes| Some(bytes));
    let mut raw = std::fs::read(bad("damaged.zip")).unwrap();
    let at = raw
        .windows(b"\"username\":\"alice\"".len())
        .position(|window| window == b"\"username\":\"alice\"")
        .unwrap();
    raw[at + 13] = b'A';
    std::fs::write(bad("damaged.zip"), raw).unwrap();
    rewrite(&good, &bad("edited.zip"), |name, bytes| {
        Some(if name == "tables/users.jsonl" {
            String::from_utf8(bytes)
                .unwrap()
                .replace("\"username\":\"alice\"", "\"username\":\"mallory\"")
                .into_bytes()
        } else {
            bytes
        })
    });
    rewrite(&good, &bad("row_dropped.zip"), |name, bytes| {
        Some(if name == "tables/resumes.jsonl" {
            let text = String::from_utf8(bytes).unwrap();
            text.lines()
                .skip(1)
                .map(|line| format!("{line}\n"))
                .collect::<String>()
                .into_bytes()
        } else {
            bytes
        })
    });
    rewrite(&good, &bad("version.zip"), |name, bytes| {
        Some(if name == "manifest.json" {
            edit_manifest(&bytes, |m| m["format_version"] = json!(2))
        } else {
            bytes
        })
    });
    rewrite(&good, &bad("newer_schema.zip"), |name, bytes| {
        Some(if name == "manifest.json" {
            edit_manifest(&bytes, |m| {
                m["schema_version"] = json!("m20991231_000001_from_the_future")
            })
        } else {
            bytes
        })
    });
    rewrite(&good, &bad("missing_table.zip"), |name, bytes| match name {
        "tables/refinement_events.jsonl" => None,
        "manifest.json" => Some(edit_manifest(&bytes, |m| {
            m["tables"]
                .as_array_mut()
                .unwrap()
                .retain(|t| t["name"] != "refinement_events");
        })),
        _ => Some(bytes),
    });
    // A table this version does not know, listed in the manifest and present as a file.
    rewrite(&good, &bad("unknown_table.zip"), |name, bytes| {
        Some(if name == "manifest.json" {
            edit_manifest(&bytes, |m| {
                let mut extra = m["tables"][0].clone();
                extra["name"] = json!("api_keys");
                extra["file"] = json!("tables/api_keys.jsonl");
                m["tables"].as_array_mut().unwrap().push(extra);
            })
        } else {
            bytes
        })
    });
    {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(bad("unknown_table.zip"))
            .unwrap();
        let mut writer = zip::ZipWriter::new_append(file).unwrap();
        writer
            .start_file(
                "tables/api_keys.jsonl",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        writer.write_all(b"{}\n").unwrap();
        writer.finish().unwrap();
    }

    let cases: [(&str, &str); 10] = [
        ("text.zip", "not a backup archive"),
        (
            "foreign.zip",
            "not a Resume Editor backup: it has no manifest.json",
        ),
        ("damaged.zip", "the archive is damaged"),
        ("edited.zip", "table users: content hash mismatch"),
        ("row_dropped.zip", "table resumes: the manifest says"),
        ("version.zip", "format version 2"),
        (
            "newer_schema.zip",
            "m20991231_000001_from_the_future, which this version of resume-editor does not know",
        ),
        (
            "missing_table.zip",
            "the archive lacks the table refinement_events",
        ),
        (
            "unknown_table.zip",
            "a table this version does not know: api_keys",
        ),
        ("missing.zip", "No such file"),
    ];
    for (file, message) in cases {
        // Act
        let output = restore(&target, &bad(file));

        // Assert
        let stderr = text(&output.stderr);
        let expected = if file == "missing.zip" { 2 } else { 1 };
        assert_eq!(output.status.code(), Some(expected), "{file}: {stderr}");
        assert!(stderr.contains(message), "{file}: {stderr}");
        assert_empty(&target).await;
    }
    // The good archive still restores into the target the failures left as they found it.
    let output = restore(&target, &good);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(counts(&target).await, counts(&app).await);
    target_down.run().await;

    // Into a new SQLite file, the restore creates the schema itself, in its transaction: a
    // refused archive leaves no table behind, a good one restores.
    let fresh = format!("sqlite://{}/fresh.db?mode=rwc", dir.path().display());
    let output = cli(
        dir.path(),
        &fresh,
        &["restore", bad("edited.zip").to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let db = Database::connect(&fresh).await.unwrap();
    assert_eq!(existing_tables(&db).await.unwrap(), Vec::<String>::new());
    let output = cli(dir.path(), &fresh, &["restore", good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(counts_in(&db).await, counts(&app).await);
    db.close().await.unwrap();
}

async fn a_non_empty_target_is_refused_and_left_untouched(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let response = app
        .bearer(Method::POST, "/resumes", &admin.token)
        .json(&json!({ "name": "Base", "content": resume_shared::sample::generated_resume(1, 1) }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.zip");
    backup(&app, &file);
    let before = counts(&app).await;
    let resumes = get(&app, &admin, "/resumes").await;

    // Act
    let output = restore(&app, &file);

    // Assert
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the target database is not empty"),
        "{stderr}"
    );
    assert_eq!(counts(&app).await, before);
    assert_eq!(get(&app, &admin, "/resumes").await, resumes);
}

async fn a_backup_taken_during_writes_is_one_consistent_snapshot(app: TestApp) {
    // Arrange: a user who keeps creating resumes (each a resume row and a revision row, which
    // the backup reads as two tables one after the other) while backups are taken.
    let admin = app.setup_admin().await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (client, url, token, stop) = (
            reqwest::Client::new(),
            app.url("/resumes"),
            admin.token.clone(),
            stop.clone(),
        );
        tokio::spawn(async move {
            let mut written = 0_u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "name": format!("r{written}"), "content": resume_shared::sample::generated_resume(1, 1) }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                written += 1;
            }
            written
        })
    };
    let dir = tempfile::tempdir().unwrap();

    // Act: backups while the writes go on, each restored into an empty database.
    for round in 0..3 {
        let file = dir.path().join(format!("during-{round}.zip"));
        let (data_dir, url, path) = (app.data_dir.clone(), app.database_url.clone(), file.clone());
        let output = tokio::task::spawn_blocking(move || {
            cli(
                &data_dir,
                &url,
                &["backup", "--out", path.to_str().unwrap()],
            )
        })
        .await
        .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let (target, down) = TestApp::spawn(app.backend, &ENV).await.unwrap();
        let output = restore(&target, &file);

        // Assert: every revision's resume is there (the restore checks foreign keys), and
        // every resume has its first revision.
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let counts = counts(&target).await;
        let rows = |name: &str| counts.iter().find(|(table, _)| table == name).unwrap().1;
        assert_eq!(rows("resumes"), rows("resume_revisions"), "round {round}");
        down.run().await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written > 0);
}

#[test]
fn backup_refuses_a_missing_or_unmigrated_database_and_writes_nothing() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/empty.db?mode=rwc", dir.path().display());
    let out = dir.path().join("backup.zip");
    let args = ["backup", "--out", out.to_str().unwrap()];

    // Act
    let missing = cli(dir.path(), &url, &args);
    let created = dir.path().join("empty.db").exists();
    std::fs::write(dir.path().join("empty.db"), b"").unwrap();
    let unmigrated = cli(dir.path(), &url, &args);

    // Assert
    let stderr = text(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("there is no database at"), "{stderr}");
    assert!(!created, "a missing database is not created");
    let stderr = text(&unmigrated.stderr);
    assert_eq!(unmigrated.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("resume-editor migrate"), "{stderr}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_archive_is_private_and_holds_a_manifest_and_one_file_per_table() {
    use std::os::unix::fs::PermissionsExt as _;

    // Arrange
    let (app, down) = TestApp::spawn(Backend::Sqlite, &ENV).await.unwrap();
    app.setup_admin().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.zip");

    // Act
    backup(&app, &file);

    // Assert
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["format"], "resume-editor-backup");
    assert_eq!(manifest["format_version"], 1);
    assert_eq!(manifest["content_hash"].as_str().unwrap().len(), 64);
    let names: Vec<&str> = manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 22);
    assert!(names.contains(&"api_tokens"), "{names:?}");
    assert_eq!(names[0], "users");
    let users = manifest["tables"][0].clone();
    assert_eq!(users["rows"], 1);
    let mut lines = String::new();
    archive
        .by_name("tables/users.jsonl")
        .unwrap()
        .read_to_string(&mut lines)
        .unwrap();
    let row: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(row["username"], "admin");
    assert_eq!(row["active"], true);
    assert!(row["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(
        row["attributes"].is_string(),
        "JSON columns are written as their text"
    );
    down.run().await;
}
