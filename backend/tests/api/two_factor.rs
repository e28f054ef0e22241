//! Two-factor authentication: setting it up (password, QR code and secret, the first code,
//! recovery codes), the second step of the login (the app's code with one step of drift, no
//! replay, recovery codes once each, expired and foreign challenges, the limit of wrong codes),
//! turning it off, an administrator's requirement and reset, and the audit entries of each.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use resume_backend::auth::totp;
use resume_backend::db::entities::two_factor_secrets;
use resume_shared::api::resumes::ResumeListResponse;
use resume_shared::api::sessions::SignInMethod;
use resume_shared::api::tokens::TokenScope;
use resume_shared::api::two_factor::{
    SecondFactorChallenge, SecondFactorMethod, SecondFactorRequest, TwoFactorProof,
};
use resume_shared::api::{ErrorCode, InstanceSettings, LoginRequest, SessionMode, TokenResponse};
use sea_orm::EntityTrait as _;

use crate::client::{ApiClient, ApiResult, AuditQuery, ListResumes};
use crate::db_tests;
use crate::helpers::{ADMIN_PASSWORD, Session, TestApp, USER_PASSWORD, impersonate};

db_tests!(
    setting_up_needs_the_password_and_the_first_code_and_hands_out_ten_recovery_codes,
    the_password_alone_signs_nothing_in_and_a_code_completes_the_login,
    a_code_works_once_and_one_step_of_drift_either_way,
    a_recovery_code_signs_in_once,
    expired_used_and_unknown_challenges_are_refused,
    wrong_codes_are_limited_per_account,
    turning_it_off_and_new_recovery_codes_need_the_password_and_a_code,
    the_secret_is_stored_encrypted,
    an_administrator_requires_it_and_users_without_it_must_set_it_up,
    an_administrator_resets_a_users_two_factor,
    tokens_and_impersonation_cannot_change_it,
    requests_are_validated,
);

/// The secret's bytes from its base32 text (RFC 4648, no padding).
pub fn decode_base32(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bytes = Vec::new();
    let (mut buffer, mut bits) = (0_u32, 0);
    for c in text.chars() {
        let value = u32::try_from(ALPHABET.find(c).unwrap()).unwrap();
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    bytes
}

/// The app's code for the step `offset` steps from now.
fn code(secret: &[u8], offset: i64) -> String {
    totp::code_at(secret, totp::step_at(Utc::now().timestamp()) + offset)
}

/// A user with two-factor authentication on: their session, secret and recovery codes. The
/// code of the current step is used up by the confirmation.
struct Enrolled {
    session: Session,
    secret: Vec<u8>,
    recovery_codes: Vec<String>,
}

async fn enrol(app: &TestApp, session: Session, password: &str) -> Enrolled {
    let api = app.api(&session);
    let enrolment = api.start_enrolment(password).await.unwrap();
    let secret = decode_base32(&enrolment.secret);
    let recovery_codes = api
        .confirm_enrolment(&code(&secret, 0))
        .await
        .unwrap()
        .codes;
    Enrolled {
        session,
        secret,
        recovery_codes,
    }
}

/// A user `name` with two-factor authentication on.
async fn enrolled_user(app: &TestApp, admin: &Session, name: &str) -> Enrolled {
    app.create_user(admin, name).await;
    let session = app.login(name, USER_PASSWORD).await;
    enrol(app, session, USER_PASSWORD).await
}

fn login_request(name: &str, password: &str) -> LoginRequest {
    LoginRequest {
        username: name.to_owned(),
        password: password.to_owned(),
        session: Some(SessionMode::Bearer),
    }
}

/// The password step of `name`'s login; must answer 202.
async fn challenge(app: &TestApp, name: &str) -> SecondFactorChallenge {
    app.anonymous_api()
        .login_challenge(&login_request(name, USER_PASSWORD))
        .await
        .unwrap()
}

/// The second step with `code`.
async fn second_step(
    app: &TestApp,
    challenge: &SecondFactorChallenge,
    code: &str,
) -> ApiResult<TokenResponse> {
    app.anonymous_api()
        .second_factor(&SecondFactorRequest {
            challenge: challenge.challenge.clone(),
            code: code.to_owned(),
            session: Some(SessionMode::Bearer),
        })
        .await
}

/// Lets the next code of the app be accepted again: forgets the step used last.
async fn forget_used_step(app: &TestApp) {
    app.sql("UPDATE two_factor_secrets SET last_used_step = NULL")
        .await;
}

/// The `details.reason` of the audited refusals of second steps, newest first.
async fn refusals(app: &TestApp, admin: &Session) -> Vec<String> {
    app.api(admin)
        .audit(&AuditQuery::action("login.second_factor_failure"))
        .await
        .unwrap()
        .items
        .iter()
        .map(|entry| entry.details["reason"].as_str().unwrap().to_owned())
        .collect()
}

async fn setting_up_needs_the_password_and_the_first_code_and_hands_out_ten_recovery_codes(
    app: TestApp,
) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "casey").await;
    let session = app.login("casey", USER_PASSWORD).await;
    let api = app.api(&session);

    // Act: a wrong password, then the right one.
    let wrong = api.start_enrolment("not the password").await.unwrap_err();
    let enrolment = api.start_enrolment(USER_PASSWORD).await.unwrap();
    let secret = decode_base32(&enrolment.secret);
    let off_while_pending = api.two_factor().await.unwrap();
    let wrong_code = api.confirm_enrolment(&code(&secret, 5)).await.unwrap_err();
    let codes = api.confirm_enrolment(&code(&secret, 0)).await.unwrap();
    let again = api.confirm_enrolment(&code(&secret, 1)).await.unwrap_err();

    // Assert
    let body = wrong.assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert!(body.fields.contains_key("password"), "{body:?}");
    assert_eq!(secret.len(), totp::SECRET_BYTES);
    assert_eq!(
        enrolment.otpauth_uri,
        format!(
            "otpauth://totp/Resume%20Editor:casey?secret={}&issuer=Resume%20Editor&algorithm=SHA1&digits=6&period=30",
            enrolment.secret
        )
    );
    assert!(enrolment.qr_svg.contains("<svg"), "{}", enrolment.qr_svg);
    assert_eq!((enrolment.digits, enrolment.period), (6, 30));
    assert!(!off_while_pending.enabled, "not on before the first code");
    let body = wrong_code.assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert!(body.fields.contains_key("code"), "{body:?}");
    assert_eq!(codes.codes.len(), 10);
    let distinct: std::collections::BTreeSet<_> = codes.codes.iter().collect();
    assert_eq!(distinct.len(), 10);
    again.assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    let status = api.two_factor().await.unwrap();
    assert!(status.enabled && status.enabled_at.is_some(), "{status:?}");
    assert_eq!(status.recovery_codes_left, 10);
    assert!(!status.required);
    assert!(api.me().await.unwrap().two_factor_enabled);
    let listed = app.api(&admin).list_users(None, None).await.unwrap();
    let casey = listed.items.iter().find(|u| u.username == "casey").unwrap();
    assert!(casey.two_factor_enabled);
    let enabled = app
        .api(&admin)
        .audit(&AuditQuery::action("two_factor.enable"))
        .await
        .unwrap();
    assert_eq!(enabled.items.len(), 1);
    assert_eq!(
        enabled.items[0].actor_user_id.as_deref(),
        Some(session.user_id.as_str())
    );
}

async fn the_password_alone_signs_nothing_in_and_a_code_completes_the_login(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;

    // Act
    let challenge = challenge(&app, "casey").await;
    let signed_in = second_step(&app, &challenge, &code(&casey.secret, 1))
        .await
        .unwrap();

    // Assert: the challenge is no session; the second step made one, marked with its method.
    assert_eq!(
        challenge.methods,
        [SecondFactorMethod::Totp, SecondFactorMethod::RecoveryCode]
    );
    app.api_with_token(&challenge.challenge)
        .list_resumes(&ListResumes::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    let token = signed_in.access_token.unwrap();
    let api = app.api_with_token(&token);
    assert_eq!(api.me().await.unwrap().username, "casey");
    let sessions = api.list_sessions().await.unwrap();
    let current = sessions.items.iter().find(|s| s.current).unwrap();
    assert_eq!(current.method, SignInMethod::Totp);
    let logins = app
        .api(&admin)
        .audit(&AuditQuery::action("login.success"))
        .await
        .unwrap();
    let methods: Vec<_> = logins
        .items
        .iter()
        .filter(|entry| entry.actor_user_id.as_deref() == Some(casey.session.user_id.as_str()))
        .map(|entry| entry.details["method"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(methods, ["totp", "password"], "newest first");
}

async fn a_code_works_once_and_one_step_of_drift_either_way(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let next = code(&casey.secret, 1);

    // Act
    let first = second_step(&app, &challenge(&app, "casey").await, &next).await;
    let replayed = second_step(&app, &challenge(&app, "casey").await, &next).await;
    forget_used_step(&app).await;
    let behind = second_step(
        &app,
        &challenge(&app, "casey").await,
        &code(&casey.secret, -1),
    )
    .await;
    forget_used_step(&app).await;
    let too_far = second_step(
        &app,
        &challenge(&app, "casey").await,
        &code(&casey.secret, 3),
    )
    .await;
    let too_old = second_step(
        &app,
        &challenge(&app, "casey").await,
        &code(&casey.secret, -3),
    )
    .await;

    // Assert
    first.unwrap();
    let body = replayed
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode);
    assert!(body.message.contains("already used"), "{}", body.message);
    behind.unwrap();
    for refused in [too_far, too_old] {
        refused
            .unwrap_err()
            .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode);
    }
    assert_eq!(
        refusals(&app, &admin).await,
        ["wrong_code", "wrong_code", "replayed_code"]
    );
}

async fn a_recovery_code_signs_in_once(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let recovery = casey.recovery_codes[3].to_uppercase().replace('-', " ");

    // Act
    let first = second_step(&app, &challenge(&app, "casey").await, &recovery).await;
    let again = second_step(&app, &challenge(&app, "casey").await, &recovery).await;

    // Assert
    let token = first.unwrap().access_token.unwrap();
    let api = app.api_with_token(&token);
    let current = api.list_sessions().await.unwrap();
    let current = current.items.iter().find(|s| s.current).unwrap();
    assert_eq!(current.method, SignInMethod::RecoveryCode);
    again
        .unwrap_err()
        .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode);
    assert_eq!(api.two_factor().await.unwrap().recovery_codes_left, 9);
    let used = app
        .api(&admin)
        .audit(&AuditQuery::action("two_factor.recovery_code_used"))
        .await
        .unwrap();
    assert_eq!(used.items[0].details["left"], 9);
    assert_eq!(refusals(&app, &admin).await, ["replayed_code"]);
}

async fn expired_used_and_unknown_challenges_are_refused(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let used = challenge(&app, "casey").await;
    second_step(&app, &used, &code(&casey.secret, 1))
        .await
        .unwrap();
    forget_used_step(&app).await;
    let expired = challenge(&app, "casey").await;
    app.sql(&format!(
        "UPDATE sign_in_challenges SET expires_at = {} WHERE consumed_at IS NULL",
        app.sql_time(-1)
    ))
    .await;
    let unknown = SecondFactorChallenge {
        challenge: "not-a-challenge".to_owned(),
        ..used.clone()
    };

    // Act / Assert: a right code does not revive any of them.
    for challenge in [&used, &expired, &unknown] {
        let body = second_step(&app, challenge, &code(&casey.secret, 0))
            .await
            .unwrap_err()
            .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::SignInExpired);
        assert!(body.message.contains("sign in again"), "{}", body.message);
    }
    // Refusals without an open challenge are one entry per network and quarter of an hour.
    let entries = app
        .api(&admin)
        .audit(&AuditQuery::action("login.second_factor_failure"))
        .await
        .unwrap();
    assert_eq!(entries.items.len(), 1);
    assert_eq!(entries.items[0].details["reason"], "expired_challenge");
    assert_eq!(entries.items[0].count, 3);
}

async fn wrong_codes_are_limited_per_account(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let challenge = challenge(&app, "casey").await;
    let wrong = code(&casey.secret, 7);

    // Act
    for _ in 0..5 {
        second_step(&app, &challenge, &wrong)
            .await
            .unwrap_err()
            .assert_is(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode);
    }
    let limited = second_step(&app, &challenge, &code(&casey.secret, 1)).await;

    // Assert: even the right code waits; the challenge was not used up.
    limited
        .unwrap_err()
        .assert_is(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    app.sql("DELETE FROM rate_limits").await;
    second_step(&app, &challenge, &code(&casey.secret, 1))
        .await
        .unwrap();
}

async fn turning_it_off_and_new_recovery_codes_need_the_password_and_a_code(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let api = app.api(&casey.session);
    let proof = |password: &str, code: &str| TwoFactorProof {
        password: password.to_owned(),
        code: code.to_owned(),
    };

    // Act / Assert: new recovery codes replace the old ones.
    let renewed = api
        .renew_recovery_codes(&proof(USER_PASSWORD, &casey.recovery_codes[0]))
        .await
        .unwrap();
    assert_eq!(renewed.codes.len(), 10);
    let old = proof(USER_PASSWORD, &casey.recovery_codes[1]);
    let body = api.disable_two_factor(&old).await.unwrap_err().assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    assert!(body.fields.contains_key("code"), "{body:?}");
    let body = api
        .disable_two_factor(&proof("wrong password!", &renewed.codes[0]))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(body.fields.contains_key("password"), "{body:?}");
    assert!(api.two_factor().await.unwrap().enabled, "nothing changed");

    // Off with the password and the app's code: the next login needs the password only.
    api.disable_two_factor(&proof(USER_PASSWORD, &code(&casey.secret, 1)))
        .await
        .unwrap();
    let status = api.two_factor().await.unwrap();
    assert!(!status.enabled);
    assert_eq!(status.recovery_codes_left, 0);
    app.login("casey", USER_PASSWORD).await;
    api.disable_two_factor(&proof(USER_PASSWORD, "123456"))
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    let audit = app.api(&admin);
    for action in ["two_factor.recovery_codes", "two_factor.disable"] {
        let entries = audit.audit(&AuditQuery::action(action)).await.unwrap();
        assert_eq!(entries.items.len(), 1, "{action}");
    }
}

async fn the_secret_is_stored_encrypted(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;

    // Act
    let rows = two_factor_secrets::Entity::find()
        .all(&app.db)
        .await
        .unwrap();

    // Assert: neither the bytes nor their text are stored; the recovery codes are hashes.
    assert_eq!(rows.len(), 1);
    let stored = &rows[0].secret_ciphertext;
    assert!(
        !stored
            .windows(casey.secret.len())
            .any(|window| window == casey.secret.as_slice()),
        "the secret is in clear"
    );
    let base32 = totp::base32(&casey.secret);
    assert!(!String::from_utf8_lossy(stored).contains(&base32));
    let code = casey.recovery_codes[0].replace('-', "");
    let hashes = resume_backend::db::entities::recovery_codes::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(
        hashes
            .iter()
            .all(|row| row.code_hash.len() == 64 && !row.code_hash.contains(&code))
    );
}

async fn an_administrator_requires_it_and_users_without_it_must_set_it_up(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    app.create_user(&admin, "robin").await;
    let robin = app.login("robin", USER_PASSWORD).await;
    let admin_api = app.api(&admin);
    let require = InstanceSettings {
        registration_open: false,
        require_two_factor: Some(true),
    };

    // Act / Assert: an administrator without it cannot require it.
    admin_api
        .put_instance(&require)
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    let admin = enrol(&app, admin, ADMIN_PASSWORD).await.session;
    let admin_api = app.api(&admin);
    let answered = admin_api.put_instance(&require).await.unwrap();
    assert_eq!(answered.require_two_factor, Some(true));
    // A session from before the requirement is held to it from its next request.
    app.api(&robin)
        .create_token(&resume_shared::api::tokens::CreateApiTokenRequest {
            name: "script".to_owned(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::TwoFactorEnrolmentRequired);

    // A user without it: signed in, told to set it up, and refused everything else until then.
    let robin = app.login("robin", USER_PASSWORD).await;
    assert_eq!(robin.body["user"]["two_factor_enrolment_required"], true);
    let robin_api = app.api(&robin);
    assert!(robin_api.me().await.unwrap().two_factor_enrolment_required);
    robin_api
        .list_resumes(&ListResumes::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::TwoFactorEnrolmentRequired);
    assert!(robin_api.two_factor().await.unwrap().required);
    robin_api.list_sessions().await.unwrap();

    // An administrator acting as the user is not held to it.
    let acting = impersonate(&app, &admin, &robin.user_id).await;
    app.api(&acting)
        .list_resumes(&ListResumes::default())
        .await
        .unwrap();

    // Once set up, everything is open again; turning it off is refused while required.
    let robin = enrol(&app, robin, USER_PASSWORD).await;
    let robin_api = app.api(&robin.session);
    let listed: ResumeListResponse = robin_api
        .list_resumes(&ListResumes::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 0);
    assert!(!robin_api.me().await.unwrap().two_factor_enrolment_required);
    robin_api
        .disable_two_factor(&TwoFactorProof {
            password: USER_PASSWORD.to_owned(),
            code: robin.recovery_codes[0].clone(),
        })
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    let update = admin_api
        .audit(&AuditQuery::action("instance.update"))
        .await
        .unwrap();
    assert_eq!(update.items[0].details["require_two_factor"], true);
}

async fn an_administrator_resets_a_users_two_factor(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let casey = enrolled_user(&app, &admin, "casey").await;
    let admin_api = app.api(&admin);

    // Act
    app.api(&casey.session)
        .reset_two_factor(&casey.session.user_id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    admin_api
        .reset_two_factor(&casey.session.user_id)
        .await
        .unwrap();
    let again = admin_api.reset_two_factor(&casey.session.user_id).await;
    let unknown = admin_api
        .reset_two_factor("00000000-0000-4000-8000-000000000000")
        .await;

    // Assert: the password alone signs in again; the reset is audited against the user.
    app.login("casey", USER_PASSWORD).await;
    again
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);
    unknown
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let reset = admin_api
        .audit(&AuditQuery::action("two_factor.reset"))
        .await
        .unwrap();
    assert_eq!(reset.items.len(), 1);
    assert_eq!(
        reset.items[0].actor_user_id.as_deref(),
        Some(admin.user_id.as_str())
    );
    assert_eq!(
        reset.items[0].target_user_id.as_deref(),
        Some(casey.session.user_id.as_str())
    );
}

async fn tokens_and_impersonation_cannot_change_it(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let user_id = app.create_user(&admin, "casey").await;
    let casey = app.login("casey", USER_PASSWORD).await;
    let secret = app
        .api(&casey)
        .create_token(&resume_shared::api::tokens::CreateApiTokenRequest {
            name: "script".to_owned(),
            scope: TokenScope::ReadWrite,
            expires_in_days: None,
        })
        .await
        .unwrap()
        .secret;
    let acting = impersonate(&app, &admin, &user_id).await;

    // Act / Assert
    app.api_with_token(&secret)
        .start_enrolment(USER_PASSWORD)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::SessionRequired);
    app.api_with_token(&secret)
        .list_sessions()
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::SessionRequired);
    app.api(&acting)
        .start_enrolment(USER_PASSWORD)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(!app.api(&casey).two_factor().await.unwrap().enabled);
}

async fn requests_are_validated(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    enrolled_user(&app, &admin, "casey").await;
    let challenge = challenge(&app, "casey").await;
    let anonymous = app.anonymous_api();

    // Act / Assert: empty and over-long codes are named, and nothing is used up.
    for (body, field) in [
        (
            serde_json::json!({"challenge": challenge.challenge, "code": ""}),
            "code",
        ),
        (
            serde_json::json!({"challenge": challenge.challenge, "code": "1".repeat(33)}),
            "code",
        ),
        (
            serde_json::json!({"challenge": "c".repeat(129), "code": "123456"}),
            "challenge",
        ),
    ] {
        let failure = anonymous
            .error(Method::POST, "/auth/login/second-factor", Some(&body))
            .await;
        let body = failure.assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(body.fields.contains_key(field), "{body:?}");
    }
    let missing = anonymous
        .error(
            Method::POST,
            "/auth/login/second-factor",
            Some(&serde_json::json!({"challenge": challenge.challenge})),
        )
        .await;
    assert!(missing.status.is_client_error());
    assert!(refusals(&app, &admin).await.is_empty());
}

/// `ApiClient` with a raw bearer token.
trait WithToken {
    fn api_with_token(&self, token: &str) -> ApiClient;
}

impl WithToken for TestApp {
    fn api_with_token(&self, token: &str) -> ApiClient {
        ApiClient::new(self, Some(token))
    }
}
