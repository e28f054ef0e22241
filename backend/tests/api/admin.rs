//! `/admin/*`: users, roles, the rules that protect the instance, impersonation and the audit
//! log.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{
    ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, USER_PASSWORD, assert_error, session_from,
};

db_tests!(
    non_admins_get_403_on_every_admin_route,
    users_are_listed_a_page_at_a_time_with_resume_counts,
    admins_create_get_update_and_delete_users,
    duplicate_usernames_and_emails_answer_409,
    the_last_active_admin_cannot_be_demoted_deactivated_or_deleted,
    an_admin_cannot_delete_themself,
    roles_are_assigned_and_removed,
    deactivation_and_deletion_end_the_users_sessions,
    deleting_a_user_deletes_their_data,
    impersonation_starts_acts_as_the_user_and_stops,
    impersonation_writes_are_audited,
    impersonation_sessions_expire,
    admins_cannot_be_impersonated,
    the_audit_log_pages_newest_first_with_filters,
    attributes_hold_only_numbers_every_database_reads_back,
);

/// PostgreSQL writes a stored number back without an exponent; a float near the largest one
/// came back as a 309-digit integer the JSON reader refused, so every later read of the user
/// answered 500. Such numbers are refused (422 naming `attributes`) on both databases; ordinary
/// numbers are kept.
async fn attributes_hold_only_numbers_every_database_reads_back(app: TestApp) {
    let admin = app.setup_admin().await;
    let alice = app.create_user(&admin, "alice").await;
    let path = format!("/admin/users/{alice}");
    let response = app
        .bearer(Method::PATCH, &path, &admin.token)
        .header("content-type", "application/json")
        .body(r#"{"attributes": {"nested": {"big": 1.7976931348623157e308}}}"#)
        .send()
        .await
        .unwrap();
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["attributes"].is_string(), "{body}");
    let response = app
        .bearer(Method::PATCH, &path, &admin.token)
        .json(&json!({ "attributes": { "ratio": 1.5, "big": 1e300, "count": 42 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .bearer(Method::GET, &path, &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let user = json_of(response).await;
    assert_eq!(user["attributes"]["ratio"], 1.5);
    assert_eq!(user["attributes"]["count"], 42);
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

async fn non_admins_get_403_on_every_admin_route(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let routes = [
        (Method::GET, "/admin/users".to_owned()),
        (Method::POST, "/admin/users".to_owned()),
        (Method::GET, format!("/admin/users/{alice_id}")),
        (Method::PATCH, format!("/admin/users/{alice_id}")),
        (Method::DELETE, format!("/admin/users/{alice_id}")),
        (Method::POST, format!("/admin/users/{alice_id}/roles/admin")),
        (
            Method::DELETE,
            format!("/admin/users/{alice_id}/roles/user"),
        ),
        (
            Method::POST,
            format!("/admin/users/{}/impersonate", admin.user_id),
        ),
        (Method::GET, "/admin/audit".to_owned()),
        (Method::GET, "/admin/instance".to_owned()),
        (Method::PUT, "/admin/instance".to_owned()),
    ];

    // Act / Assert
    for (method, path) in routes {
        let response = app
            .bearer(method.clone(), &path, &alice.token)
            .json(&json!({ "registration_open": true }))
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        let anonymous = app.anonymous(method, &path).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

async fn users_are_listed_a_page_at_a_time_with_resume_counts(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    for name in ["carol", "bob", "alice"] {
        app.create_user(&admin, name).await;
    }

    // Act
    let first = json_of(
        app.bearer(Method::GET, "/admin/users?page=1&per_page=2", &admin.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let second = json_of(
        app.bearer(Method::GET, "/admin/users?page=2&per_page=2", &admin.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let bad = app
        .bearer(Method::GET, "/admin/users?per_page=0", &admin.token)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(first["total"], 4);
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 2);
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first), ["admin", "alice"]);
    assert_eq!(names(&second), ["bob", "carol"]);
    let alice = &first["items"][1];
    for field in [
        "id",
        "username",
        "email",
        "roles",
        "active",
        "force_password_change",
        "last_login_at",
        "resume_count",
        "attributes",
        "created_at",
        "updated_at",
    ] {
        assert!(alice.get(field).is_some(), "{field} in {alice}");
    }
    assert_eq!(alice["resume_count"], 0);
    assert_eq!(alice["roles"], json!(["user"]));
    assert!(
        first["items"][0]["last_login_at"].is_string(),
        "setup signed the admin in? {first}"
    );
    let bad = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(bad["error"]["fields"]["per_page"].is_string());
}

async fn admins_create_get_update_and_delete_users(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let id = app
        .create_user_with(
            &admin,
            json!({
                "username": "Alice",
                "email": "Alice@Example.com",
                "password": USER_PASSWORD,
                "roles": ["user"],
                "force_password_change": true,
            }),
        )
        .await;

    // Act
    let got = json_of(
        app.bearer(Method::GET, &format!("/admin/users/{id}"), &admin.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let updated = json_of(
        app.bearer(Method::PATCH, &format!("/admin/users/{id}"), &admin.token)
            .json(&json!({
                "email": "alice@new.example",
                "force_password_change": false,
                "attributes": { "team": "blue", "force_password_change": true },
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let with_attribute_only = json_of(
        app.bearer(Method::PATCH, &format!("/admin/users/{id}"), &admin.token)
            .json(&json!({ "attributes": { "team": "red", "force_password_change": true } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let deleted = app
        .bearer(Method::DELETE, &format!("/admin/users/{id}"), &admin.token)
        .send()
        .await
        .unwrap();
    let gone = app
        .bearer(Method::GET, &format!("/admin/users/{id}"), &admin.token)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(got["username"], "Alice");
    assert_eq!(got["email"], "alice@example.com");
    assert_eq!(got["force_password_change"], true);
    assert_eq!(got["attributes"], json!({ "force_password_change": true }));
    assert_eq!(updated["email"], "alice@new.example");
    assert_eq!(
        updated["force_password_change"], false,
        "the explicit field wins"
    );
    assert_eq!(updated["attributes"], json!({ "team": "blue" }));
    assert_eq!(with_attribute_only["force_password_change"], true);
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    let bad_id = app
        .bearer(Method::GET, "/admin/users/not-a-uuid", &admin.token)
        .send()
        .await
        .unwrap();
    assert_error(bad_id, StatusCode::BAD_REQUEST, "invalid_parameter").await;
    let bad_role = app
        .bearer(Method::POST, "/admin/users", &admin.token)
        .json(&json!({ "username": "x-user", "email": "x@example.com", "password": USER_PASSWORD, "roles": ["root"] }))
        .send()
        .await
        .unwrap();
    assert_error(
        bad_role,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn duplicate_usernames_and_emails_answer_409(app: TestApp) {
    let admin = app.setup_admin().await;
    app.create_user(&admin, "alice").await;
    for body in [
        json!({ "username": "ALICE", "email": "other@example.com", "password": USER_PASSWORD }),
        json!({ "username": "other", "email": "ALICE@example.com", "password": USER_PASSWORD }),
    ] {
        let response = app
            .bearer(Method::POST, "/admin/users", &admin.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::CONFLICT, "conflict").await;
    }
}

async fn the_last_active_admin_cannot_be_demoted_deactivated_or_deleted(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let id = admin.user_id.clone();

    // Act / Assert: alone, the admin can do none of it.
    let demote = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(demote, StatusCode::CONFLICT, "last_admin").await;
    let deactivate = app
        .bearer(Method::PATCH, &format!("/admin/users/{id}"), &admin.token)
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_error(deactivate, StatusCode::CONFLICT, "last_admin").await;

    // With a second admin, the first can be demoted — and then the second is the last.
    let second_id = app.create_user_with(&admin, json!({
        "username": "second", "email": "second@example.com", "password": USER_PASSWORD, "roles": ["admin", "user"],
    })).await;
    let second = app.login("second", USER_PASSWORD).await;
    let demote = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{id}/roles/admin"),
            &second.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), StatusCode::OK);
    let delete_last = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{second_id}"),
            &second.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        delete_last.status(),
        StatusCode::CONFLICT,
        "self-deletion is refused first"
    );

    // An inactive admin does not count: promote the first again, deactivate them, then the
    // second cannot be demoted.
    let promote = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{id}/roles/admin"),
            &second.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(promote.status(), StatusCode::OK);
    let deactivate = app
        .bearer(Method::PATCH, &format!("/admin/users/{id}"), &second.token)
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(deactivate.status(), StatusCode::OK);
    let demote_second = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{second_id}/roles/admin"),
            &second.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(demote_second, StatusCode::CONFLICT, "last_admin").await;

    // Deleting the last active admin, by a third admin, is refused too.
    let third_id = app.create_user_with(&second, json!({
        "username": "third", "email": "third@example.com", "password": USER_PASSWORD, "roles": ["admin"],
    })).await;
    let third = app.login("third", USER_PASSWORD).await;
    let delete_second = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{second_id}"),
            &third.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        delete_second.status(),
        StatusCode::NO_CONTENT,
        "third remains"
    );
    let demote_third = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{third_id}/roles/admin"),
            &third.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(demote_third, StatusCode::CONFLICT, "last_admin").await;
}

async fn an_admin_cannot_delete_themself(app: TestApp) {
    let admin = app.setup_admin().await;
    app.create_user_with(&admin, json!({
        "username": "second", "email": "second@example.com", "password": USER_PASSWORD, "roles": ["admin"],
    })).await;
    let response = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{}", admin.user_id),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::CONFLICT, "conflict").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your own")
    );
}

async fn roles_are_assigned_and_removed(app: TestApp) {
    let admin = app.setup_admin().await;
    let id = app.create_user(&admin, "alice").await;
    let promoted = json_of(
        app.bearer(
            Method::POST,
            &format!("/admin/users/{id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(promoted["roles"], json!(["admin", "user"]));
    let again = json_of(
        app.bearer(
            Method::POST,
            &format!("/admin/users/{id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(again["roles"], json!(["admin", "user"]), "idempotent");
    let alice = app.login("alice", USER_PASSWORD).await;
    let list = app
        .bearer(Method::GET, "/admin/users", &alice.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        list.status(),
        StatusCode::OK,
        "the new admin can administer"
    );
    let demoted = json_of(
        app.bearer(
            Method::DELETE,
            &format!("/admin/users/{id}/roles/admin"),
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(demoted["roles"], json!(["user"]));
    let list = app
        .bearer(Method::GET, "/admin/users", &alice.token)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::FORBIDDEN);
    let unknown = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{id}/roles/root"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let nobody = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{}/roles/user", uuid::Uuid::new_v4()),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(nobody, StatusCode::NOT_FOUND, "not_found").await;
}

async fn deactivation_and_deletion_end_the_users_sessions(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let bob_id = app.create_user(&admin, "bob").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let bob = app.login("bob", USER_PASSWORD).await;

    // Act
    let deactivate = app
        .bearer(
            Method::PATCH,
            &format!("/admin/users/{alice_id}"),
            &admin.token,
        )
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    let delete = app
        .bearer(
            Method::DELETE,
            &format!("/admin/users/{bob_id}"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(deactivate.status(), StatusCode::OK);
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    for token in [&alice.token, &bob.token] {
        let me = app
            .bearer(Method::GET, "/auth/me", token)
            .send()
            .await
            .unwrap();
        assert_error(me, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // Reactivating does not bring the old session back.
    let reactivate = app
        .bearer(
            Method::PATCH,
            &format!("/admin/users/{alice_id}"),
            &admin.token,
        )
        .json(&json!({ "active": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(reactivate.status(), StatusCode::OK);
    let me = app
        .bearer(Method::GET, "/auth/me", &alice.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    // A password set by an administrator ends sessions too.
    let alice = app.login("alice", USER_PASSWORD).await;
    let reset = app
        .bearer(
            Method::PATCH,
            &format!("/admin/users/{alice_id}"),
            &admin.token,
        )
        .json(&json!({ "password": "reset by the admin", "force_password_change": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::OK);
    let me = app
        .bearer(Method::GET, "/auth/me", &alice.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let again = app.login("alice", "reset by the admin").await;
    assert_eq!(again.body["user"]["force_password_change"], true);
}

async fn deleting_a_user_deletes_their_data(app: TestApp) {
    use resume_backend::db::entities::{sessions, user_roles, user_settings};
    use sea_orm::{EntityTrait as _, PaginatorTrait as _};

    // Arrange
    let admin = app.setup_admin().await;
    let id = app.create_user(&admin, "alice").await;
    let alice = app.login("alice", USER_PASSWORD).await;
    let settings = app
        .bearer(Method::PUT, "/settings", &alice.token)
        .json(&json!({ "api_key": "sk-alice" }))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), StatusCode::OK);
    assert_eq!(
        user_settings::Entity::find().count(&app.db).await.unwrap(),
        1
    );

    // Act
    let delete = app
        .bearer(Method::DELETE, &format!("/admin/users/{id}"), &admin.token)
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        user_settings::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert_eq!(
        user_roles::Entity::find().count(&app.db).await.unwrap(),
        2,
        "the admin's two"
    );
    let admin_id = uuid::Uuid::parse_str(&admin.user_id).unwrap();
    for session in sessions::Entity::find().all(&app.db).await.unwrap() {
        assert_eq!(session.user_id, admin_id);
    }
    // The audit log keeps the event with the username.
    let audit = json_of(
        app.bearer(Method::GET, "/admin/audit?action=user.delete", &admin.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(audit["items"][0]["details"]["username"], "alice");
}

async fn impersonation_starts_acts_as_the_user_and_stops(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let browser_admin = app.browser_login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act: start from the browser (cookie + CSRF).
    let start = app
        .request(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
        )
        .header("x-csrf-token", &browser_admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    let impersonation = session_from(start).await;

    // Assert: the cookies now act as alice, with the admin named.
    assert_eq!(impersonation.body["user"]["username"], "alice");
    assert_eq!(
        impersonation.body["user"]["impersonator"]["username"],
        ADMIN_USERNAME
    );
    let me = json_of(app.request(Method::GET, "/auth/me").send().await.unwrap()).await;
    assert_eq!(me["id"], alice_id);
    assert_eq!(
        me["impersonator"],
        json!({ "id": admin.user_id, "username": ADMIN_USERNAME })
    );
    let expires: chrono::DateTime<chrono::Utc> = impersonation.body["expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let lifetime = expires - chrono::Utc::now();
    assert!(lifetime <= chrono::Duration::minutes(60) && lifetime > chrono::Duration::minutes(58));
    // No admin powers while impersonating.
    let admin_route = app
        .request(Method::GET, "/admin/users")
        .send()
        .await
        .unwrap();
    assert_error(admin_route, StatusCode::FORBIDDEN, "forbidden").await;

    // Stop: back to the administrator's own session (the browser kept its token).
    let stop = app
        .request(Method::POST, "/auth/impersonation/stop")
        .header("x-csrf-token", &impersonation.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(stop.status(), StatusCode::OK);
    let back = session_from(stop).await;
    assert_eq!(back.body["user"]["username"], ADMIN_USERNAME);
    assert!(back.body["user"].get("impersonator").is_none());
    let me = json_of(app.request(Method::GET, "/auth/me").send().await.unwrap()).await;
    assert_eq!(me["username"], ADMIN_USERNAME);
    let old = app
        .bearer(Method::GET, "/auth/me", &impersonation.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the impersonation session ended"
    );
    let not_impersonating = app
        .bearer(Method::POST, "/auth/impersonation/stop", &back.token)
        .send()
        .await
        .unwrap();
    assert_error(not_impersonating, StatusCode::CONFLICT, "not_impersonating").await;

    // Start and stop are in the audit log.
    let audit = json_of(
        app.bearer(
            Method::GET,
            &format!("/admin/audit?target_user_id={alice_id}"),
            &back.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"impersonation.start"), "{actions:?}");
    assert!(actions.contains(&"impersonation.stop"), "{actions:?}");
}

async fn impersonation_writes_are_audited(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let impersonation = session_from(start).await;

    // Act: a write and a read as alice.
    let write = app
        .bearer(Method::PUT, "/settings", &impersonation.token)
        .json(&json!({ "llm_model": "chosen-by-admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::OK);
    let read = app
        .bearer(Method::GET, "/settings", &impersonation.token)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);

    // Assert
    let audit = json_of(
        app.bearer(
            Method::GET,
            "/admin/audit?action=impersonation.write",
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(audit["total"], 1, "{audit}");
    let entry = &audit["items"][0];
    assert_eq!(entry["actor_user_id"], alice_id);
    assert_eq!(entry["impersonator_user_id"], admin.user_id);
    assert_eq!(entry["details"]["method"], "PUT");
    assert_eq!(entry["details"]["path"], "/api/v1/settings");
    assert_eq!(entry["details"]["status"], 200);
    let settings_update = json_of(
        app.bearer(
            Method::GET,
            "/admin/audit?action=settings.update",
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        settings_update["items"][0]["impersonator_user_id"],
        admin.user_id
    );
}

async fn impersonation_sessions_expire(app: TestApp) {
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let start = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{alice_id}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let impersonation = session_from(start).await;
    app.sql(&format!(
        "UPDATE sessions SET expires_at = {} WHERE impersonator_user_id IS NOT NULL",
        app.sql_time(-1)
    ))
    .await;
    let me = app
        .bearer(Method::GET, "/auth/me", &impersonation.token)
        .send()
        .await
        .unwrap();
    assert_error(me, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let admin_me = app
        .bearer(Method::GET, "/auth/me", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        admin_me.status(),
        StatusCode::OK,
        "the admin's own session is untouched"
    );
}

async fn admins_cannot_be_impersonated(app: TestApp) {
    let admin = app.setup_admin().await;
    let other_admin = app.create_user_with(&admin, json!({
        "username": "second", "email": "second@example.com", "password": USER_PASSWORD, "roles": ["admin"],
    })).await;
    let response = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{other_admin}/impersonate"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    let themself = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{}/impersonate", admin.user_id),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(themself, StatusCode::CONFLICT, "conflict").await;
    let nobody = app
        .bearer(
            Method::POST,
            &format!("/admin/users/{}/impersonate", uuid::Uuid::new_v4()),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_error(nobody, StatusCode::NOT_FOUND, "not_found").await;
}

async fn the_audit_log_pages_newest_first_with_filters(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let _ = app.login_response(ADMIN_USERNAME, "wrong password").await;
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act
    let all = json_of(
        app.bearer(Method::GET, "/admin/audit?per_page=2", &admin.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let failures = json_of(
        app.bearer(
            Method::GET,
            "/admin/audit?action=login.failure",
            &admin.token,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;

    // Assert
    assert_eq!(all["total"], 3, "setup, failure, success: {all}");
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(all["items"][0]["action"], "login.success");
    assert_eq!(all["items"][1]["action"], "login.failure");
    assert!(all["items"][0]["id"].as_i64() > all["items"][1]["id"].as_i64());
    assert_eq!(failures["total"], 1);
    assert_eq!(
        failures["items"][0]["target_user_id"],
        admin.user_id.as_str()
    );
    assert_eq!(
        failures["items"][0]["details"],
        json!({ "reason": "wrong password" })
    );
    assert_eq!(failures["items"][0]["ip"], "127.0.0.1");
    assert!(failures["items"][0]["details"].get("password").is_none());
}
