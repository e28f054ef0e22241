//! The connection pool on PostgreSQL: a pooled connection that the server has closed (a
//! restart, an idle timeout, a proxy) is noticed and replaced before a request uses it, once it
//! has been idle for `PING_AFTER_IDLE`. Busier connections are not checked, which saves a round
//! trip on every query.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use resume_backend::db::PING_AFTER_IDLE;
use sea_orm::{ConnectionTrait as _, Database};

use crate::helpers::{Backend, TestApp, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_closed_by_postgres_are_replaced() {
    run(
        requests_succeed_after_postgres_closed_the_pool,
        Backend::Postgres,
        &[],
    )
    .await;
}

async fn requests_succeed_after_postgres_closed_the_pool(app: TestApp) {
    let admin = app.setup_admin().await;
    // Requests at once, so that the pool holds more than one connection.
    let me = || app.bearer(Method::GET, "/auth/me", &admin.token).send();
    for response in futures::future::join_all((0..4).map(|_| me())).await {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }

    // Another client closes every connection of the application, as a restart would.
    let database = app.database_url.rsplit('/').next().unwrap().to_owned();
    let other = Database::connect(app.database_url.as_str()).await.unwrap();
    other
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    other.close().await.unwrap();

    tokio::time::sleep(PING_AFTER_IDLE + Duration::from_millis(300)).await;
    for _ in 0..4 {
        assert_eq!(me().await.unwrap().status(), StatusCode::OK);
    }
    let resumes = app
        .bearer(Method::GET, "/resumes", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resumes.status(), StatusCode::OK);
}
