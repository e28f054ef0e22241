//! `TestApp`: the real router on a real TCP listener (127.0.0.1, port 0) over a fresh database,
//! driven with reqwest. Every database test runs on SQLite (a temporary file) and, when
//! `TEST_DATABASE_URL` names a PostgreSQL server, also on PostgreSQL in a database of its own
//! that is dropped afterwards. Tracing stays silent unless `TEST_LOG` is set.
//!
//! Write a test as `async fn name(app: TestApp)` and list it in `db_tests!`, which makes a
//! `name::sqlite` and a `name::postgres` test.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::OnceLock;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use resume_backend::config::Settings;
use resume_backend::serving::serve;
use resume_backend::state::AppState;
use sea_orm::{ConnectionTrait as _, Database, DatabaseConnection};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The first administrator created by [`TestApp::setup_admin`].
pub const ADMIN_USERNAME: &str = "admin";
/// Their password.
pub const ADMIN_PASSWORD: &str = "admin password 123";
/// The password [`TestApp::create_user`] gives.
pub const USER_PASSWORD: &str = "user password 123";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh database on the `TEST_DATABASE_URL` server.
    Postgres,
}

/// A running application.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// A client with a cookie store (the "browser").
    pub client: reqwest::Client,
    /// The application's database.
    pub db: DatabaseConnection,
    /// Which database.
    pub backend: Backend,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The database's URL (`sqlite://…` or `postgres://…/resume_test_…`).
    pub database_url: String,
}

/// Tears an application down after its test.
struct Guard {
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<()>,
    db: DatabaseConnection,
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The bearer token: from the body (API clients), else the session cookie's value (the
    /// same token, which a browser session never sees in a body).
    pub token: String,
    /// The user's id.
    pub user_id: String,
    /// The CSRF cookie value set with it.
    pub csrf: String,
    /// The whole response body.
    pub body: Value,
}

fn init_tracing() {
    static GUARD: OnceLock<Option<resume_backend::telemetry::LogGuard>> = OnceLock::new();
    GUARD.get_or_init(|| {
        std::env::var("TEST_LOG").ok().map(|filter| {
            resume_backend::telemetry::init(&filter, resume_backend::config::LogFormat::Compact)
        })
    });
}

/// The server URL for `name` on the `TEST_DATABASE_URL` server.
fn postgres_url(base: &str, name: &str) -> String {
    let base = base.split('?').next().unwrap_or(base);
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}/{name}", &base[..authority_end])
}

impl TestApp {
    /// Starts an application on `backend` with extra `RESUME_EDITOR_*` settings (names without
    /// the prefix). `None` when PostgreSQL is asked for but not configured.
    pub async fn spawn(backend: Backend, env: &[(&str, &str)]) -> Option<(Self, Teardown)> {
        init_tracing();
        let dir = tempfile::tempdir().unwrap();
        let (database_url, postgres) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}/test.db?mode=rwc", dir.path().display()),
                None,
            ),
            Backend::Postgres => {
                let base = std::env::var("TEST_DATABASE_URL").ok()?;
                let name = format!("resume_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(postgres_url(&base, "postgres"))
                    .await
                    .unwrap();
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                (postgres_url(&base, &name), Some((base, name)))
            }
        };
        let mut vars: HashMap<String, String> = HashMap::from([
            (
                "RESUME_EDITOR_DATA_DIR".to_owned(),
                dir.path().display().to_string(),
            ),
            (
                "RESUME_EDITOR_DATABASE_URL".to_owned(),
                database_url.clone(),
            ),
            ("RESUME_EDITOR_BIND".to_owned(), "127.0.0.1:0".to_owned()),
        ]);
        for (key, value) in env {
            vars.insert(format!("RESUME_EDITOR_{key}"), (*value).to_owned());
        }
        let (settings, _notices) = Settings::from_lookup(|name| vars.get(name).cloned()).unwrap();
        let db = resume_backend::db::connect_with(&settings.database_url, 5)
            .await
            .unwrap();
        resume_backend::db::migrate(&db).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(db.clone(), settings).unwrap();
        let (shutdown, shutdown_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            serve(listener, state, async move {
                let _ = shutdown_rx.await;
            })
            .await
            .unwrap();
        });
        let app = Self {
            address,
            client: Self::new_client(),
            db: db.clone(),
            backend,
            data_dir: dir.path().to_owned(),
            database_url,
        };
        let guard = Guard {
            shutdown,
            server,
            db,
            postgres,
            _dir: dir,
        };
        Some((app, Teardown(guard)))
    }

    /// A new client with an empty cookie store (another browser).
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    }

    /// The URL of an API path (`/auth/me` → `http://…/api/v1/auth/me`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    /// A request with this app's cookie client.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A request with a fresh, cookie-less client and a bearer token.
    pub fn bearer(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    /// A request with no credentials at all.
    pub fn anonymous(&self, method: Method, path: &str) -> RequestBuilder {
        reqwest::Client::new().request(method, self.url(path))
    }

    /// `POST /setup` with the standard administrator; panics unless it succeeds.
    pub async fn setup_admin(&self) -> Session {
        let response = self
            .anonymous(Method::POST, "/setup")
            .json(&json!({
                "username": ADMIN_USERNAME,
                "email": "admin@example.com",
                "password": ADMIN_PASSWORD,
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        session_from(response).await
    }

    /// Signs in with a fresh client as an API client (`"session": "bearer"`); returns the raw
    /// response.
    pub async fn login_response(&self, username: &str, password: &str) -> Response {
        self.anonymous(Method::POST, "/auth/login")
            .json(&json!({ "username": username, "password": password, "session": "bearer" }))
            .send()
            .await
            .unwrap()
    }

    /// Signs in as an API client; panics unless it succeeds.
    pub async fn login(&self, username: &str, password: &str) -> Session {
        let response = self.login_response(username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        session_from(response).await
    }

    /// Signs in with this app's cookie client (the "browser" session: `"session": "cookie"`).
    pub async fn browser_login(&self, username: &str, password: &str) -> Session {
        let response = self
            .request(Method::POST, "/auth/login")
            .json(&json!({ "username": username, "password": password, "session": "cookie" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        session_from(response).await
    }

    /// Creates a `user` account (as `admin`); returns its id.
    pub async fn create_user(&self, admin: &Session, username: &str) -> String {
        self.create_user_with(
            admin,
            json!({
                "username": username,
                "email": format!("{username}@example.com"),
                "password": USER_PASSWORD,
            }),
        )
        .await
    }

    /// Creates an account from a full request body; returns its id.
    pub async fn create_user_with(&self, admin: &Session, body: Value) -> String {
        let response = self
            .bearer(Method::POST, "/admin/users", &admin.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// Runs a literal SQL statement.
    pub async fn sql(&self, sql: &str) {
        self.db.execute_unprepared(sql).await.unwrap();
    }

    /// A timestamp literal for SQL on this backend (`minutes` from now).
    pub fn sql_time(&self, minutes: i64) -> String {
        let at = chrono::Utc::now() + chrono::Duration::minutes(minutes);
        match self.backend {
            Backend::Postgres => format!("'{}'::timestamptz", at.to_rfc3339()),
            // The format sqlx writes for `DateTime<Utc>` on SQLite, so text comparisons hold.
            Backend::Sqlite => format!(
                "'{}'",
                at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
            ),
        }
    }
}

/// A second application instance over the same database and data directory (so the same
/// keys) as a [`TestApp`]: what two servers behind one load balancer are. Stopped on drop.
pub struct Twin {
    /// `http://127.0.0.1:PORT` of this instance.
    pub address: String,
    shutdown: Option<oneshot::Sender<()>>,
    db: DatabaseConnection,
}

impl Twin {
    /// The URL of an API path on this instance.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    /// A request to this instance with a bearer token.
    pub fn bearer(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(token)
    }
}

impl Drop for Twin {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let db = self.db.clone();
        tokio::spawn(async move {
            let _ = db.close_by_ref().await;
        });
    }
}

impl TestApp {
    /// Starts a second instance over this app's database, with extra `RESUME_EDITOR_*`
    /// settings (names without the prefix; pass the same as the first instance's).
    pub async fn twin(&self, env: &[(&str, &str)]) -> Twin {
        let mut vars: HashMap<String, String> = HashMap::from([
            (
                "RESUME_EDITOR_DATA_DIR".to_owned(),
                self.data_dir.display().to_string(),
            ),
            (
                "RESUME_EDITOR_DATABASE_URL".to_owned(),
                self.database_url.clone(),
            ),
            ("RESUME_EDITOR_BIND".to_owned(), "127.0.0.1:0".to_owned()),
        ]);
        for (key, value) in env {
            vars.insert(format!("RESUME_EDITOR_{key}"), (*value).to_owned());
        }
        let (settings, _notices) = Settings::from_lookup(|name| vars.get(name).cloned()).unwrap();
        let db = resume_backend::db::connect_with(&settings.database_url, 5)
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(db.clone(), settings).unwrap();
        let (shutdown, shutdown_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = serve(listener, state, async move {
                let _ = shutdown_rx.await;
            })
            .await;
        });
        Twin {
            address,
            shutdown: Some(shutdown),
            db,
        }
    }
}

/// Reads a session from a login-like response (token in the body or the session cookie, and
/// the CSRF cookie).
pub async fn session_from(response: Response) -> Session {
    let csrf = cookie(&response, "resume_editor_csrf").unwrap_or_default();
    let cookie_token = cookie(&response, "resume_editor_session");
    let body: Value = response.json().await.unwrap();
    Session {
        token: body["access_token"]
            .as_str()
            .map(str::to_owned)
            .or(cookie_token)
            .expect("a token in the body or the session cookie"),
        user_id: body["user"]["id"].as_str().unwrap().to_owned(),
        csrf,
        body,
    }
}

/// The value a response sets for cookie `name`.
pub fn cookie(response: &Response, name: &str) -> Option<String> {
    set_cookie(response, name).and_then(|line| {
        line.split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, value)| value.to_owned())
    })
}

/// The whole `Set-Cookie` line a response sends for `name`.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Starts an impersonation of `user_id` with `admin`'s bearer token.
pub async fn impersonate(app: &TestApp, admin: &Session, user_id: &str) -> Session {
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{user_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    session_from(start).await
}

/// Asserts the status and the error envelope's code; returns the body.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    let actual = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

/// Tears down an application: stops the server, closes the pool, drops a PostgreSQL database.
pub struct Teardown(Guard);

impl Teardown {
    /// Stops the application and drops its PostgreSQL database.
    pub async fn run(self) {
        let guard = self.0;
        let _ = guard.shutdown.send(());
        let _ = guard.server.await;
        let _ = guard.db.close_by_ref().await;
        if let Some((base, name)) = guard.postgres
            && let Ok(admin) = Database::connect(postgres_url(&base, "postgres")).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
            let _ = admin.close().await;
        }
    }
}

/// Runs one test body on one backend and tears the application down, even when the body panics.
pub async fn run<F, Fut>(test: F, backend: Backend, env: &[(&str, &str)])
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some((app, teardown)) = TestApp::spawn(backend, env).await else {
        eprintln!("PostgreSQL skipped: TEST_DATABASE_URL is not set");
        return;
    };
    let result = tokio::spawn(test(app)).await;
    teardown.run().await;
    if let Err(error) = result {
        if error.is_panic() {
            std::panic::resume_unwind(error.into_panic());
        }
        panic!("test task failed: {error}");
    }
}

/// Makes `NAME::sqlite` and `NAME::postgres` tests of `async fn NAME(app: TestApp)`, optionally
/// with extra settings: `db_tests!(name; env = [("REGISTRATION_OPEN", "true")]);`.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),+ $(,)?) => {
        $( $crate::db_tests!($name; env = []); )+
    };
    ($name:ident; env = [$($env:expr),* $(,)?]) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run(super::$name, $crate::helpers::Backend::Sqlite, &[$($env),*]).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run(super::$name, $crate::helpers::Backend::Postgres, &[$($env),*]).await;
            }
        }
    };
}
