//! Security headers of the API and of Swagger UI, and what changes when cookies are `Secure`:
//! `__Host-` cookie names and HSTS.

use reqwest::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::db_tests;
use crate::helpers::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, cookie, set_cookie};

db_tests!(
    api_answers_are_nosniff_and_never_stored,
    swagger_ui_cannot_be_framed,
);
db_tests!(secure_cookies_have_host_prefixed_names_and_hsts; env = [("COOKIE_SECURE", "true")]);

const ONE_ROLE: &str = crate::resumes::ONE_ROLE;

fn header<'a>(response: &'a reqwest::Response, name: &reqwest::header::HeaderName) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

async fn api_answers_are_nosniff_and_never_stored(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let created = app
        .bearer(Method::POST, "/resumes", &admin.token)
        .json(&json!({ "name": "Mine", "content": ONE_ROLE }))
        .send()
        .await
        .unwrap();
    let id = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Act: personal data, an export, an error, the OpenAPI document.
    let resume = app
        .bearer(Method::GET, &format!("/resumes/{id}"), &admin.token)
        .send()
        .await
        .unwrap();
    let export = app
        .bearer(
            Method::GET,
            &format!("/resumes/{id}/export?format=markdown"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    let missing = app
        .bearer(Method::GET, "/resumes/not-a-uuid", &admin.token)
        .send()
        .await
        .unwrap();
    let openapi = reqwest::get(format!("{}/api/openapi.json", app.address))
        .await
        .unwrap();

    // Assert
    for (what, response) in [
        ("resume", &resume),
        ("export", &export),
        ("error", &missing),
    ] {
        assert_eq!(
            header(response, &X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{what}"
        );
        assert_eq!(header(response, &CACHE_CONTROL), "no-store", "{what}");
        assert_eq!(
            header(response, &STRICT_TRANSPORT_SECURITY),
            "",
            "{what}: plain HTTP"
        );
    }
    assert_eq!(resume.status(), StatusCode::OK);
    assert_eq!(header(&openapi, &X_CONTENT_TYPE_OPTIONS), "nosniff");
}

async fn swagger_ui_cannot_be_framed(app: TestApp) {
    for path in ["/api/docs/", "/api/docs/swagger-initializer.js"] {
        let response = reqwest::get(format!("{}{path}", app.address))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let policy = header(&response, &CONTENT_SECURITY_POLICY);
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-eval"), "{path}: {policy}");
        assert_eq!(header(&response, &X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(
            header(&response, &X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{path}"
        );
    }
}

async fn secure_cookies_have_host_prefixed_names_and_hsts(app: TestApp) {
    // Arrange
    app.setup_admin().await;

    // Act: a browser login (over plain HTTP here: the test talks to loopback, the settings
    // say the instance is served over HTTPS).
    let login = app
        .anonymous(Method::POST, "/auth/login")
        .json(
            &json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "session": "cookie" }),
        )
        .send()
        .await
        .unwrap();

    // Assert: `__Host-` names, Secure, and HSTS.
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(
        header(&login, &STRICT_TRANSPORT_SECURITY),
        "max-age=31536000"
    );
    let session_line = set_cookie(&login, "__Host-resume_editor_session").unwrap();
    assert!(session_line.contains("; Secure") && session_line.contains("Path=/"));
    assert!(!session_line.contains("Domain"), "{session_line}");
    assert!(set_cookie(&login, "resume_editor_session").is_none());
    let token = cookie(&login, "__Host-resume_editor_session").unwrap();
    let csrf = cookie(&login, "__Host-resume_editor_csrf").unwrap();

    let with = |cookies: String| {
        reqwest::Client::new()
            .put(app.url("/settings"))
            .header("cookie", cookies)
            .header("x-csrf-token", &csrf)
            .json(&json!({ "llm_model": "gpt-4o-mini" }))
            .send()
    };
    let host_named = with(format!(
        "__Host-resume_editor_session={token}; __Host-resume_editor_csrf={csrf}"
    ))
    .await
    .unwrap();
    let plain_named = with(format!(
        "resume_editor_session={token}; resume_editor_csrf={csrf}"
    ))
    .await
    .unwrap();
    assert_eq!(host_named.status(), StatusCode::OK);
    assert_eq!(
        header(&host_named, &STRICT_TRANSPORT_SECURITY),
        "max-age=31536000"
    );
    assert_eq!(
        plain_named.status(),
        StatusCode::UNAUTHORIZED,
        "a cookie without the prefix could have been planted by a sibling domain"
    );
}
