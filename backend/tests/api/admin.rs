//! `/admin/*`: users, roles, the rules that protect the instance, impersonation and the audit
//! log.

use reqwest::{Method, StatusCode};
use resume_shared::api::{
    Attributes, CreateUserRequest, ErrorCode, InstanceSettings, Patch, TokenResponse,
    UpdateSettingsRequest, UpdateUserRequest, UserListResponse, UserRef, UserResponse,
};
use serde_json::{Value, json};

use crate::client::{ApiClient, ApiResult, AuditQuery, body_of, decoded, failure_of};
use crate::helpers::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, USER_PASSWORD, session_from};
use crate::{assert_api_snapshot, db_tests};

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

/// A new account `username` at `username@example.com` with the users' password.
fn new_user(username: &str, roles: Option<&[&str]>) -> CreateUserRequest {
    CreateUserRequest {
        username: username.to_owned(),
        email: format!("{username}@example.com"),
        password: USER_PASSWORD.to_owned(),
        roles: roles.map(|roles| roles.iter().map(|&role| role.to_owned()).collect()),
        force_password_change: false,
    }
}

/// A change that (de)activates an account.
fn activation(active: bool) -> UpdateUserRequest {
    UpdateUserRequest {
        active: Some(active),
        ..UpdateUserRequest::default()
    }
}

/// A free attribute map (the shared type is a JSON object, so it is written as one).
fn attributes(value: Value) -> Attributes {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// A client acting with the token of a session a bearer caller was answered.
fn client_of(app: &TestApp, session: &TokenResponse) -> ApiClient {
    ApiClient::new(app, session.access_token.as_deref())
}

/// PostgreSQL writes a stored number back without an exponent; a float near the largest one
/// came back as a 309-digit integer the JSON reader refused, so every later read of the user
/// answered 500. Such numbers are refused (422 naming `attributes`) on both databases; ordinary
/// numbers are kept.
async fn attributes_hold_only_numbers_every_database_reads_back(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let alice = app.create_user(&admin, "alice").await;
    // `f64::MAX` is written `1.7976931348623157e308`.
    let largest = UpdateUserRequest {
        attributes: Some(attributes(json!({ "nested": { "big": f64::MAX } }))),
        ..UpdateUserRequest::default()
    };
    let error = api
        .update_user(&alice, &largest)
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(error.fields.contains_key("attributes"), "{error:?}");
    let ordinary = UpdateUserRequest {
        attributes: Some(attributes(
            json!({ "ratio": 1.5, "big": 1e300, "count": 42 }),
        )),
        ..UpdateUserRequest::default()
    };
    api.update_user(&alice, &ordinary).await.unwrap();
    let user = api.get_user(&alice).await.unwrap();
    assert_eq!(user.attributes["ratio"], 1.5);
    assert_eq!(user.attributes["count"], 42);
}

/// Every admin route called by `api`, each with a well-formed request, by name.
async fn every_admin_route(
    api: &ApiClient,
    user_id: &str,
    admin_id: &str,
) -> Vec<(&'static str, ApiResult<()>)> {
    let open = InstanceSettings {
        registration_open: true,
        require_two_factor: None,
    };
    vec![
        (
            "GET /admin/users",
            api.list_users(None, None).await.map(drop),
        ),
        (
            "POST /admin/users",
            api.create_user(&new_user("mallory", None)).await.map(drop),
        ),
        (
            "GET /admin/users/{id}",
            api.get_user(user_id).await.map(drop),
        ),
        (
            "PATCH /admin/users/{id}",
            api.update_user(user_id, &activation(false)).await.map(drop),
        ),
        ("DELETE /admin/users/{id}", api.delete_user(user_id).await),
        (
            "POST /admin/users/{id}/roles/admin",
            api.add_role(user_id, "admin").await.map(drop),
        ),
        (
            "DELETE /admin/users/{id}/roles/user",
            api.remove_role(user_id, "user").await.map(drop),
        ),
        (
            "POST /admin/users/{admin}/impersonate",
            api.impersonate(admin_id).await.map(drop),
        ),
        (
            "GET /admin/audit",
            api.audit(&AuditQuery::default()).await.map(drop),
        ),
        ("GET /admin/instance", api.get_instance().await.map(drop)),
        (
            "PUT /admin/instance",
            api.put_instance(&open).await.map(drop),
        ),
    ]
}

async fn non_admins_get_403_on_every_admin_route(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let alice_id = app.create_user(&admin, "alice").await;
    let alice = app.api(&app.login("alice", USER_PASSWORD).await);

    // Act
    let as_alice = every_admin_route(&alice, &alice_id, &admin.user_id).await;
    let anonymous = every_admin_route(&app.anonymous_api(), &alice_id, &admin.user_id).await;

    // Assert
    for (route, result) in as_alice {
        let failure = result.unwrap_err();
        assert_eq!(failure.status, StatusCode::FORBIDDEN, "{route}");
        failure.assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    for (route, result) in anonymous {
        let failure = result.unwrap_err();
        assert_eq!(failure.status, StatusCode::UNAUTHORIZED, "{route}");
    }
}

async fn users_are_listed_a_page_at_a_time_with_resume_counts(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    for name in ["carol", "bob", "alice"] {
        app.create_user(&admin, name).await;
    }

    // Act
    let first = api.list_users(Some(1), Some(2)).await.unwrap();
    let second = api.list_users(Some(2), Some(2)).await.unwrap();
    let bad = api.list_users(None, Some(0)).await;

    // Assert. Items are `AdminUserResponse`s, which hold every field (`null` when unset): the
    // client fails when an item lacks one, and the snapshot shows them all.
    assert_api_snapshot!("user_list", first);
    assert_eq!(first.total, 4);
    assert_eq!(first.page, 1);
    assert_eq!(first.per_page, 2);
    let names = |page: &UserListResponse| -> Vec<String> {
        page.items.iter().map(|u| u.username.clone()).collect()
    };
    assert_eq!(names(&first), ["admin", "alice"]);
    assert_eq!(names(&second), ["bob", "carol"]);
    let alice = &first.items[1];
    assert_eq!(alice.resume_count, 0);
    assert_eq!(alice.roles, ["user"]);
    assert!(
        first.items[0].last_login_at.is_some(),
        "setup signed the admin in? {first:?}"
    );
    let bad = bad.unwrap_err().assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert!(bad.fields.contains_key("per_page"), "{bad:?}");
}

async fn admins_create_get_update_and_delete_users(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let id = api
        .create_user(&CreateUserRequest {
            username: "Alice".to_owned(),
            email: "Alice@Example.com".to_owned(),
            password: USER_PASSWORD.to_owned(),
            roles: Some(vec!["user".to_owned()]),
            force_password_change: true,
        })
        .await
        .unwrap()
        .id;

    // Act
    let got = api.get_user(&id).await.unwrap();
    let updated = api
        .update_user(
            &id,
            &UpdateUserRequest {
                email: Some("alice@new.example".to_owned()),
                force_password_change: Some(false),
                attributes: Some(attributes(
                    json!({ "team": "blue", "force_password_change": true }),
                )),
                ..UpdateUserRequest::default()
            },
        )
        .await
        .unwrap();
    let with_attribute_only = api
        .update_user(
            &id,
            &UpdateUserRequest {
                attributes: Some(attributes(
                    json!({ "team": "red", "force_password_change": true }),
                )),
                ..UpdateUserRequest::default()
            },
        )
        .await
        .unwrap();
    let deleted = api.delete_user(&id).await;
    let gone = api.get_user(&id).await;

    // Assert
    assert_api_snapshot!("admin_user", got);
    assert_eq!(got.username, "Alice");
    assert_eq!(got.email, "alice@example.com");
    assert!(got.force_password_change);
    assert_eq!(
        got.attributes,
        attributes(json!({ "force_password_change": true }))
    );
    assert_eq!(updated.email, "alice@new.example");
    assert!(!updated.force_password_change, "the explicit field wins");
    assert_eq!(updated.attributes, attributes(json!({ "team": "blue" })));
    assert!(with_attribute_only.force_password_change);
    deleted.unwrap();
    gone.unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    api.get_user("not-a-uuid")
        .await
        .unwrap_err()
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    api.create_user(&new_user("x-user", Some(&["root"])))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
}

async fn duplicate_usernames_and_emails_answer_409(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    app.create_user(&admin, "alice").await;
    for request in [
        CreateUserRequest {
            email: "other@example.com".to_owned(),
            ..new_user("ALICE", None)
        },
        CreateUserRequest {
            email: "ALICE@example.com".to_owned(),
            ..new_user("other", None)
        },
    ] {
        api.create_user(&request)
            .await
            .unwrap_err()
            .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    }
}

async fn the_last_active_admin_cannot_be_demoted_deactivated_or_deleted(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let id = admin.user_id.clone();

    // Act / Assert: alone, the admin can do none of it.
    api.remove_role(&id, "admin")
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::LastAdmin);
    api.update_user(&id, &activation(false))
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::LastAdmin);

    // With a second admin, the first can be demoted — and then the second is the last.
    let second_id = api
        .create_user(&new_user("second", Some(&["admin", "user"])))
        .await
        .unwrap()
        .id;
    let second = app.api(&app.login("second", USER_PASSWORD).await);
    second.remove_role(&id, "admin").await.unwrap();
    let delete_last = second.delete_user(&second_id).await.unwrap_err();
    assert_eq!(
        delete_last.status,
        StatusCode::CONFLICT,
        "self-deletion is refused first"
    );

    // An inactive admin does not count: promote the first again, deactivate them, then the
    // second cannot be demoted.
    second.add_role(&id, "admin").await.unwrap();
    second.update_user(&id, &activation(false)).await.unwrap();
    second
        .remove_role(&second_id, "admin")
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::LastAdmin);

    // Deleting the last active admin, by a third admin, is refused too.
    let third_id = second
        .create_user(&new_user("third", Some(&["admin"])))
        .await
        .unwrap()
        .id;
    let third = app.api(&app.login("third", USER_PASSWORD).await);
    third.delete_user(&second_id).await.expect("third remains");
    third
        .remove_role(&third_id, "admin")
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::LastAdmin);
}

async fn an_admin_cannot_delete_themself(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    api.create_user(&new_user("second", Some(&["admin"])))
        .await
        .unwrap();
    let error = api
        .delete_user(&admin.user_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert!(error.message.contains("your own"), "{error:?}");
}

async fn roles_are_assigned_and_removed(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let id = app.create_user(&admin, "alice").await;
    let promoted = api.add_role(&id, "admin").await.unwrap();
    assert_eq!(promoted.roles, ["admin", "user"]);
    let again = api.add_role(&id, "admin").await.unwrap();
    assert_eq!(again.roles, ["admin", "user"], "idempotent");
    let alice = app.api(&app.login("alice", USER_PASSWORD).await);
    alice
        .list_users(None, None)
        .await
        .expect("the new admin can administer");
    let demoted = api.remove_role(&id, "admin").await.unwrap();
    assert_eq!(demoted.roles, ["user"]);
    let list = alice.list_users(None, None).await.unwrap_err();
    assert_eq!(list.status, StatusCode::FORBIDDEN);
    api.add_role(&id, "root")
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    api.add_role(&uuid::Uuid::new_v4().to_string(), "user")
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

async fn deactivation_and_deletion_end_the_users_sessions(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let alice_id = app.create_user(&admin, "alice").await;
    let bob_id = app.create_user(&admin, "bob").await;
    let alice = app.api(&app.login("alice", USER_PASSWORD).await);
    let bob = app.api(&app.login("bob", USER_PASSWORD).await);

    // Act
    let deactivate = api.update_user(&alice_id, &activation(false)).await;
    let delete = api.delete_user(&bob_id).await;

    // Assert
    deactivate.unwrap();
    delete.unwrap();
    for user in [&alice, &bob] {
        user.me()
            .await
            .unwrap_err()
            .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    }
    // Reactivating does not bring the old session back.
    api.update_user(&alice_id, &activation(true)).await.unwrap();
    let me = alice.me().await.unwrap_err();
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    // A password set by an administrator ends sessions too.
    let alice = app.api(&app.login("alice", USER_PASSWORD).await);
    let reset = UpdateUserRequest {
        password: Some("reset by the admin".to_owned()),
        force_password_change: Some(true),
        ..UpdateUserRequest::default()
    };
    api.update_user(&alice_id, &reset).await.unwrap();
    let me = alice.me().await.unwrap_err();
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let again = app.login("alice", "reset by the admin").await;
    let again: TokenResponse = decoded(&again.body);
    assert!(again.user.force_password_change);
}

async fn deleting_a_user_deletes_their_data(app: TestApp) {
    use resume_backend::db::entities::{sessions, user_roles, user_settings};
    use sea_orm::{EntityTrait as _, PaginatorTrait as _};

    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let id = app.create_user(&admin, "alice").await;
    let alice = app.api(&app.login("alice", USER_PASSWORD).await);
    alice
        .update_settings(&UpdateSettingsRequest {
            api_key: Patch::Set("sk-alice".to_owned()),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        user_settings::Entity::find().count(&app.db).await.unwrap(),
        1
    );

    // Act
    let delete = api.delete_user(&id).await;

    // Assert
    delete.unwrap();
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
    let audit = api.audit(&AuditQuery::action("user.delete")).await.unwrap();
    assert_eq!(audit.items[0].details["username"], "alice");
}

/// The browser's administrator impersonating a user through its cookies (the cookie client
/// with the CSRF header), which the typed client has not; the answers are read typed.
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
    let started: TokenResponse = decoded(&impersonation.body);

    // Assert: the cookies now act as alice, with the admin named.
    assert_eq!(started.user.username, "alice");
    assert_eq!(
        started
            .user
            .impersonator
            .as_ref()
            .map(|i| i.username.as_str()),
        Some(ADMIN_USERNAME)
    );
    let me: UserResponse =
        body_of(app.request(Method::GET, "/auth/me").send().await.unwrap()).await;
    assert_eq!(me.id, alice_id);
    assert_eq!(
        me.impersonator,
        Some(UserRef {
            id: admin.user_id.clone(),
            username: ADMIN_USERNAME.to_owned(),
        })
    );
    let expires: chrono::DateTime<chrono::Utc> = started.expires_at.parse().unwrap();
    let lifetime = expires - chrono::Utc::now();
    assert!(lifetime <= chrono::Duration::minutes(60) && lifetime > chrono::Duration::minutes(58));
    // No admin powers while impersonating.
    let admin_route = app
        .request(Method::GET, "/admin/users")
        .send()
        .await
        .unwrap();
    failure_of(admin_route)
        .await
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);

    // Stop: back to the administrator's own session (the browser kept its token).
    let stop = app
        .request(Method::POST, "/auth/impersonation/stop")
        .header("x-csrf-token", &impersonation.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(stop.status(), StatusCode::OK);
    let back = session_from(stop).await;
    let stopped: TokenResponse = decoded(&back.body);
    assert_eq!(stopped.user.username, ADMIN_USERNAME);
    assert!(stopped.user.impersonator.is_none());
    let me: UserResponse =
        body_of(app.request(Method::GET, "/auth/me").send().await.unwrap()).await;
    assert_eq!(me.username, ADMIN_USERNAME);
    let old = app.api(&impersonation).me().await.unwrap_err();
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the impersonation session ended"
    );
    let back = app.api(&back);
    back.stop_impersonation()
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::NotImpersonating);

    // Start and stop are in the audit log.
    let audit = back
        .audit(&AuditQuery {
            target_user_id: Some(alice_id.clone()),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"impersonation.start"), "{actions:?}");
    assert!(actions.contains(&"impersonation.stop"), "{actions:?}");
}

async fn impersonation_writes_are_audited(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let alice_id = app.create_user(&admin, "alice").await;
    let impersonation = client_of(&app, &api.impersonate(&alice_id).await.unwrap());

    // Act: a write and a read as alice.
    impersonation
        .update_settings(&UpdateSettingsRequest {
            llm_model: Patch::Set("chosen-by-admin".to_owned()),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    impersonation.get_settings().await.unwrap();

    // Assert
    let audit = api
        .audit(&AuditQuery::action("impersonation.write"))
        .await
        .unwrap();
    assert_eq!(audit.total, 1, "{audit:?}");
    let entry = &audit.items[0];
    assert_eq!(entry.actor_user_id.as_deref(), Some(alice_id.as_str()));
    assert_eq!(
        entry.impersonator_user_id.as_deref(),
        Some(admin.user_id.as_str())
    );
    assert_eq!(entry.details["method"], "PUT");
    assert_eq!(entry.details["path"], "/api/v1/settings");
    assert_eq!(entry.details["status"], 200);
    let settings_update = api
        .audit(&AuditQuery::action("settings.update"))
        .await
        .unwrap();
    assert_eq!(
        settings_update.items[0].impersonator_user_id.as_deref(),
        Some(admin.user_id.as_str())
    );
}

async fn impersonation_sessions_expire(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let alice_id = app.create_user(&admin, "alice").await;
    let impersonation = client_of(&app, &api.impersonate(&alice_id).await.unwrap());
    app.sql(&format!(
        "UPDATE sessions SET expires_at = {} WHERE impersonator_user_id IS NOT NULL",
        app.sql_time(-1)
    ))
    .await;
    impersonation
        .me()
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    api.me()
        .await
        .expect("the admin's own session is untouched");
}

async fn admins_cannot_be_impersonated(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let other_admin = api
        .create_user(&new_user("second", Some(&["admin"])))
        .await
        .unwrap()
        .id;
    api.impersonate(&other_admin)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    api.impersonate(&admin.user_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    api.impersonate(&uuid::Uuid::new_v4().to_string())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

async fn the_audit_log_pages_newest_first_with_filters(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let _ = app.login_response(ADMIN_USERNAME, "wrong password").await;
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD).await;

    // Act
    let all = api
        .audit(&AuditQuery {
            per_page: Some(2),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let failures = api
        .audit(&AuditQuery::action("login.failure"))
        .await
        .unwrap();

    // Assert
    assert_eq!(all.total, 3, "setup, failure, success: {all:?}");
    assert_eq!(all.items.len(), 2);
    assert_eq!(all.items[0].action, "login.success");
    assert_eq!(all.items[1].action, "login.failure");
    assert!(all.items[0].id > all.items[1].id);
    assert_eq!(failures.total, 1);
    let failure = &failures.items[0];
    assert_eq!(
        failure.target_user_id.as_deref(),
        Some(admin.user_id.as_str())
    );
    assert_eq!(failure.details, json!({ "reason": "wrong password" }));
    assert_eq!(failure.ip.as_deref(), Some("127.0.0.1"));
    assert!(failure.details.get("password").is_none());
}
