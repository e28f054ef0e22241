//! Per-user quotas (resumes, revisions kept per resume, sessions) and the purge of ended
//! sessions.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use resume_backend::db::entities::sessions;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, Condition, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db_tests;
use crate::helpers::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, assert_error};
use crate::resumes::{ONE_ROLE, create, id, json_of, send};

db_tests!(the_resumes_quota_answers_409_and_counts_the_trash; env = [("MAX_RESUMES_PER_USER", "2")]);
db_tests!(revisions_beyond_the_quota_are_pruned_oldest_first; env = [("MAX_REVISIONS_PER_RESUME", "3")]);
db_tests!(logins_beyond_the_sessions_quota_end_the_least_recently_used; env = [("MAX_SESSIONS_PER_USER", "2")]);
db_tests!(ended_sessions_are_purged_after_a_week);

async fn the_resumes_quota_answers_409_and_counts_the_trash(app: TestApp) {
    // Arrange: the quota is 2.
    let admin = app.setup_admin().await;
    let first = id(&create(&app, &admin, "One", Some(ONE_ROLE)).await);
    create(&app, &admin, "Two", Some(ONE_ROLE)).await;

    // Act
    let third = send(
        &app,
        &admin,
        Method::POST,
        "/resumes",
        Some(json!({ "name": "Three", "content": ONE_ROLE })),
    )
    .await;

    // Assert: refused with its own code and a message naming the quota.
    let body = assert_error(third, StatusCode::CONFLICT, "quota_exceeded").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("resumes quota") && message.contains('2'),
        "{message}"
    );
    // The trash counts (else deleting and creating again would bypass it)...
    json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("/resumes/{first}"),
        None,
        StatusCode::OK,
    )
    .await;
    let still = send(
        &app,
        &admin,
        Method::POST,
        "/resumes",
        Some(json!({ "name": "Three", "content": ONE_ROLE })),
    )
    .await;
    assert_error(still, StatusCode::CONFLICT, "quota_exceeded").await;
    // ...until it is emptied.
    let gone = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("/trash/{first}"),
        None,
    )
    .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    create(&app, &admin, "Three", Some(ONE_ROLE)).await;
}

async fn revisions_beyond_the_quota_are_pruned_oldest_first(app: TestApp) {
    // Arrange: the quota is 3; a resume saved four times after its creation.
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Mine", Some(ONE_ROLE)).await);
    let path = format!("/resumes/{resume}");
    let mut content = ONE_ROLE.to_owned();
    for version in 1..=4 {
        content.push_str(&format!("\n* Skill {version}"));
        json_of(
            &app,
            &admin,
            Method::PUT,
            &path,
            Some(json!({ "version": version, "content": content })),
            StatusCode::OK,
        )
        .await;
    }

    // Act
    let list = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    let oldest = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions/2"),
        None,
    )
    .await;

    // Assert: the three newest are kept, the current one among them.
    let versions: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [5, 4, 3]);
    assert_error(oldest, StatusCode::NOT_FOUND, "not_found").await;
}

async fn logins_beyond_the_sessions_quota_end_the_least_recently_used(app: TestApp) {
    // Arrange: the quota is 2 (the setup's session is the first).
    app.setup_admin().await;
    let second = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act
    let third = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;
    let fourth = app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Assert: the newest two live; a login always succeeds.
    let me = |token: String| {
        let request = app.bearer(Method::GET, "/auth/me", &token);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(me(second.token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(third.token).await, StatusCode::OK);
    assert_eq!(me(fourth.token).await, StatusCode::OK);
}

async fn ended_sessions_are_purged_after_a_week(app: TestApp) {
    // Arrange: sessions that ended 8 days ago (revoked; expired), one that ended yesterday,
    // a live one, and an impersonation that expired 8 days ago but whose end nothing recorded.
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await);
    }
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    let sid = |token: &str| -> String {
        use base64::Engine as _;
        let payload = token.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        claims["sid"].as_str().unwrap().to_owned()
    };
    let now = Utc::now();
    let week_ago = now - Duration::days(8);
    let set = |column: sessions::Column, at: chrono::DateTime<Utc>, filter: Condition| {
        sessions::Entity::update_many()
            .col_expr(column, Expr::value(at))
            .filter(filter)
            .exec(&app.db)
    };
    let id = |token: &str| Uuid::parse_str(&sid(token)).unwrap();
    set(
        sessions::Column::RevokedAt,
        week_ago,
        Condition::all().add(sessions::Column::Id.eq(id(&tokens[0].token))),
    )
    .await
    .unwrap();
    set(
        sessions::Column::ExpiresAt,
        week_ago,
        Condition::any()
            .add(sessions::Column::Id.eq(id(&tokens[1].token)))
            .add(sessions::Column::ImpersonatorUserId.is_not_null()),
    )
    .await
    .unwrap();
    set(
        sessions::Column::RevokedAt,
        now - Duration::days(1),
        Condition::all().add(sessions::Column::Id.eq(id(&tokens[2].token))),
    )
    .await
    .unwrap();
    let before = sessions::Entity::find().count(&app.db).await.unwrap();

    // Act
    let purged = resume_backend::services::sessions::purge(&app.db, Utc::now())
        .await
        .unwrap();
    let ended = resume_backend::services::sessions::end_expired_impersonations(&app.db, Utc::now())
        .await
        .unwrap();

    // Assert: the two old ones went; the impersonation waits until its end is recorded.
    assert_eq!(purged, 2);
    assert_eq!(ended, 1);
    assert_eq!(
        sessions::Entity::find().count(&app.db).await.unwrap(),
        before - 2
    );
    let me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the live session stays");
}
