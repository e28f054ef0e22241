//! Share links: the owner API (create, list, revoke; ownership 404; read tokens; each bad field
//! named; the audit log) and the public pages at `/s/{token}` (snapshot and latest text, one
//! uniform 404 for unknown, revoked, expired and trashed links, the password form with its
//! grant cookie and rate limit, the PDF, `noindex`, the view count, nothing of the owner) and
//! changes to a link (expiry, password, indexing).

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use resume_backend::db::entities::resume_shares;
use resume_shared::api::resumes::UpdateResumeRequest;
use resume_shared::api::shares::{
    CreateShareRequest, ShareMode, ShareResponse, ShareTemplate, UpdateShareRequest,
};
use resume_shared::api::tokens::{CreateApiTokenRequest, TokenScope};
use resume_shared::api::{ErrorCode, Patch};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;
use sha2::Digest as _;

use crate::client::{ApiClient, AuditQuery};
use crate::helpers::TestApp;
use crate::resumes::{ONE_ROLE, new_resume, second_user};
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    the_pdf_takes_the_design_the_owner_saved,
    a_link_is_created_listed_and_revoked,
    a_snapshot_keeps_the_old_text_while_latest_follows,
    an_expired_revoked_unknown_or_trashed_link_is_one_and_the_same_404,
    another_users_resume_or_link_is_not_found,
    bad_input_is_refused_naming_the_field,
    a_password_protects_the_page_and_the_pdf_until_revoked,
    wrong_passwords_are_rate_limited,
    pages_are_noindex_unless_the_owner_opts_in,
    page_views_are_counted_and_the_page_reveals_nothing_of_the_owner,
    a_read_token_can_list_but_not_write,
    a_link_changes_its_expiry_password_and_indexing,
);

/// A public answer, read whole.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Page {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A client that follows no redirect and keeps no cookie.
fn visitor() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `GET` of a public path (`/s/…`), with a cookie header if given.
async fn visit(app: &TestApp, path: &str, cookie: Option<&str>) -> Page {
    let mut request = visitor().get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header(reqwest::header::COOKIE, cookie);
    }
    read(request.send().await.unwrap()).await
}

/// `POST` of the password form.
async fn unlock(app: &TestApp, path: &str, password: &str) -> Page {
    let body = format!(
        "password={}",
        url::form_urlencoded::byte_serialize(password.as_bytes()).collect::<String>()
    );
    let response = visitor()
        .post(format!("{}{path}", app.address))
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn read(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap().to_vec();
    Page {
        status,
        headers,
        body,
    }
}

/// The headers of a page that must not differ between two 404s (not the date or request id).
fn stable_headers(headers: &HeaderMap) -> Vec<(String, HeaderValue)> {
    let mut kept: Vec<(String, HeaderValue)> = headers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "date" | "x-request-id"))
        .map(|(name, value)| (name.as_str().to_owned(), value.clone()))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept
}

/// Asserts that `page` is exactly the 404 an unknown token gets.
async fn assert_like_unknown(app: &TestApp, page: &Page) {
    let unknown = visit(app, &format!("/s/{}", "A".repeat(43)), None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.body, unknown.body, "the same body");
    assert_eq!(
        stable_headers(&page.headers),
        stable_headers(&unknown.headers),
        "the same headers"
    );
}

fn request(mode: ShareMode, template: ShareTemplate) -> CreateShareRequest {
    CreateShareRequest {
        mode,
        template,
        ..CreateShareRequest::default()
    }
}

/// The resume's text with the company renamed.
fn renamed(company: &str) -> String {
    ONE_ROLE.replace("Company: Acme", &format!("Company: {company}"))
}

async fn a_link_is_created_listed_and_revoked(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;

    let created = api
        .create_share(
            &resume.id,
            &request(ShareMode::Snapshot, ShareTemplate::Classic),
        )
        .await
        .unwrap();
    let mut shown = created.clone();
    shown.path = "/s/[token]".to_owned();
    assert_api_snapshot!("share", shown);
    let token = created.path.strip_prefix("/s/").unwrap().to_owned();
    assert_eq!(token.len(), 43, "256 bits, URL-safe base64");
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(created.resume_id, resume.id);
    assert_eq!(created.mode, ShareMode::Snapshot);
    assert_eq!(created.template, ShareTemplate::Classic);
    assert!(created.active && !created.has_password && !created.indexable);
    assert_eq!((created.view_count, created.revoked_at.as_ref()), (0, None));
    let other = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    assert_ne!(other.path, created.path, "every link has its own token");
    assert_eq!(other.mode, ShareMode::Latest, "the default mode");
    assert_eq!(
        other.template,
        ShareTemplate::Modern,
        "the default template"
    );

    let list = api.list_shares(&resume.id).await.unwrap();
    let ids: Vec<&str> = list.items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [other.id.as_str(), created.id.as_str()],
        "newest first"
    );

    let page = visit(&app, &created.path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Sam Lee"));
    assert!(page.text().contains("Built the billing API"));
    assert!(page.text().contains("<body class=\"classic\">"));

    api.revoke_share(&resume.id, &created.id).await.unwrap();
    api.revoke_share(&resume.id, &created.id)
        .await
        .expect("revoking again changes nothing");
    assert_like_unknown(&app, &visit(&app, &created.path, None).await).await;
    assert_like_unknown(
        &app,
        &visit(&app, &format!("{}/resume.pdf", created.path), None).await,
    )
    .await;
    let list = api.list_shares(&resume.id).await.unwrap();
    let revoked: &ShareResponse = list.items.iter().find(|s| s.id == created.id).unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(!revoked.active);
    assert!(list.items.iter().any(|s| s.id == other.id && s.active));
    assert_eq!(
        visit(&app, &other.path, None).await.status,
        StatusCode::OK,
        "the other link still works"
    );

    let audit = api
        .audit(&AuditQuery::action("share.create"))
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 2);
    let audit = api
        .audit(&AuditQuery::action("share.revoke"))
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1, "revoking twice is one event");
    assert_eq!(audit.items[0].details["share_id"], json!(created.id));
}

async fn a_snapshot_keeps_the_old_text_while_latest_follows(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let snapshot = api
        .create_share(
            &resume.id,
            &request(ShareMode::Snapshot, ShareTemplate::Modern),
        )
        .await
        .unwrap();
    let latest = api
        .create_share(
            &resume.id,
            &request(ShareMode::Latest, ShareTemplate::Compact),
        )
        .await
        .unwrap();

    api.update_resume(
        &resume.id,
        &UpdateResumeRequest {
            version: resume.version,
            content: Some(renamed("Globex")),
            ..UpdateResumeRequest::default()
        },
    )
    .await
    .unwrap();

    let old = visit(&app, &snapshot.path, None).await.text();
    assert!(old.contains("Acme") && !old.contains("Globex"), "{old}");
    let new = visit(&app, &latest.path, None).await.text();
    assert!(new.contains("Globex") && !new.contains("Acme"), "{new}");
    assert!(new.contains("<body class=\"compact\">"));
}

async fn an_expired_revoked_unknown_or_trashed_link_is_one_and_the_same_404(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let in_an_hour = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let expiring = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                expires_at: Some(in_an_hour),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert!(expiring.expires_at.is_some());
    assert_eq!(
        visit(&app, &expiring.path, None).await.status,
        StatusCode::OK
    );

    // The hour passes.
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    resume_shares::Entity::update_many()
        .col_expr(resume_shares::Column::ExpiresAt, Expr::value(past))
        .filter(resume_shares::Column::Id.eq(expiring.id.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
    assert_like_unknown(&app, &visit(&app, &expiring.path, None).await).await;
    let listed = api.list_shares(&resume.id).await.unwrap();
    assert!(!listed.items[0].active, "an expired link is not active");

    // Malformed tokens: too short, too long, odd characters.
    let long = "A".repeat(44);
    let escaped = format!("{}%2F", "A".repeat(40));
    for token in ["abc", long.as_str(), escaped.as_str()] {
        assert_like_unknown(&app, &visit(&app, &format!("/s/{token}"), None).await).await;
    }

    // A resume in the trash hides its links; restored, they answer again.
    let open = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    api.delete_resume(&resume.id).await.unwrap();
    assert_like_unknown(&app, &visit(&app, &open.path, None).await).await;
    api.restore_from_trash(&resume.id).await.unwrap();
    assert_eq!(visit(&app, &open.path, None).await.status, StatusCode::OK);
    // Deleted for good, the links go with it.
    api.delete_resume(&resume.id).await.unwrap();
    api.delete_from_trash(&resume.id).await.unwrap();
    assert_like_unknown(&app, &visit(&app, &open.path, None).await).await;
}

async fn another_users_resume_or_link_is_not_found(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let share = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    let bob = second_user(&app, &admin, "bob").await;
    let bob_api = app.api(&bob);
    let bobs = new_resume(&bob_api, "Bob's", Some(ONE_ROLE)).await;

    bob_api
        .list_shares(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    bob_api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    bob_api
        .revoke_share(&resume.id, &share.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // Bob's own resume with someone else's link.
    bob_api
        .revoke_share(&bobs.id, &share.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    api.revoke_share(&resume.id, &uuid::Uuid::new_v4().to_string())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert!(
        bob_api
            .list_shares(&bobs.id)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(api.list_shares(&resume.id).await.unwrap().items[0].active);
}

async fn bad_input_is_refused_naming_the_field(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}/shares", resume.id);

    let cases = [
        (json!({"template": "fancy"}), "template"),
        (json!({"mode": "forever"}), "mode"),
        (json!({"colour": "red"}), "colour"),
        (json!({"indexable": "yes"}), "indexable"),
        (json!({"password": 12345678}), "password"),
    ];
    for (body, field) in cases {
        let error = api
            .error(Method::POST, &path, Some(&body))
            .await
            .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
        assert!(error.message.contains(field), "{body}: {}", error.message);
    }
    let past = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    let cases = [
        (json!({"expires_at": past}), "expires_at", "future"),
        (json!({"expires_at": "tomorrow"}), "expires_at", "RFC 3339"),
        (json!({"expires_at": "x".repeat(65)}), "expires_at", "64"),
        (json!({"password": "short"}), "password", "at least 8"),
        (json!({"password": "p".repeat(1025)}), "password", "1024"),
    ];
    for (body, field, says) in cases {
        let error = api.error(Method::POST, &path, Some(&body)).await.assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        let problem = error.fields.get(field).cloned().unwrap_or_default();
        assert!(problem.contains(says), "{body}: {problem}");
    }
    api.error(Method::POST, &path, Some(&json!([1, 2])))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    api.error(Method::POST, "/resumes/not-a-uuid/shares", Some(&json!({})))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    api.error(Method::DELETE, &format!("{path}/not-a-uuid"), None)
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    assert!(api.list_shares(&resume.id).await.unwrap().items.is_empty());

    // The public routes: a form body too large, or of junk, is a 4xx, never a 5xx.
    let share = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("a shared secret".to_owned()),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    let big = visitor()
        .post(format!("{}{}", app.address, share.path))
        .body("password=".to_owned() + &"x".repeat(10_000))
        .send()
        .await
        .unwrap();
    assert!(big.status().is_client_error(), "{}", big.status());
    let junk = visitor()
        .post(format!("{}{}", app.address, share.path))
        .body(vec![0xff, 0xfe, b'%', b'&', b'='])
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), StatusCode::UNAUTHORIZED);
    let put = visitor()
        .put(format!("{}{}", app.address, share.path))
        .send()
        .await
        .unwrap();
    assert!(put.status().is_client_error(), "{}", put.status());
}

/// The grant cookie a successful unlock sets, as `name=value`.
fn grant_of(page: &Page) -> String {
    let line = page
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("resume_editor_share="))
        .unwrap()
        .to_owned();
    line.split(';').next().unwrap().to_owned()
}

async fn a_password_protects_the_page_and_the_pdf_until_revoked(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let share = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("a shared secret".to_owned()),
                indexable: true,
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert!(share.has_password);
    let pdf = format!("{}/resume.pdf", share.path);

    // No grant: the form, and nothing of the resume.
    for path in [&share.path, &pdf] {
        let page = visit(&app, path, None).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(
            page.text().contains("<form method=\"post\""),
            "{}",
            page.text()
        );
        assert!(!page.text().contains("Sam Lee"));
        assert_eq!(page.header("cache-control"), Some("no-store"));
        assert_eq!(page.header("x-robots-tag"), Some("noindex"));
    }
    // A wrong password: 401 and the form again, no cookie.
    let wrong = unlock(&app, &share.path, "not the secret").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text().contains("not right"));
    assert!(wrong.headers.get(reqwest::header::SET_COOKIE).is_none());
    // A forged or foreign grant does not open it.
    let forged = visit(&app, &share.path, Some("resume_editor_share=1.AAAA")).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    // The right password: a grant scoped to the link, then the page and the PDF.
    let right = unlock(&app, &share.path, "a shared secret").await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert_eq!(right.header("location"), Some(share.path.as_str()));
    let set_cookie = right.header("set-cookie").unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    assert!(
        set_cookie.contains(&format!("Path={}", share.path)),
        "{set_cookie}"
    );
    let cookie = grant_of(&right);
    let page = visit(&app, &share.path, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Sam Lee"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(
        page.header("x-robots-tag"),
        Some("noindex"),
        "a protected link is never indexed"
    );
    assert!(
        page.text()
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
    let document = visit(&app, &pdf, Some(&cookie)).await;
    assert_eq!(document.status, StatusCode::OK);
    assert_eq!(document.header("content-type"), Some("application/pdf"));
    assert!(document.body.starts_with(b"%PDF"));

    // The grant of one link opens no other.
    let other = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("a shared secret".to_owned()),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        visit(&app, &other.path, Some(&cookie)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Revoked, the grant opens nothing, and the answer is the plain 404.
    api.revoke_share(&resume.id, &share.id).await.unwrap();
    assert_like_unknown(&app, &visit(&app, &share.path, Some(&cookie)).await).await;
    assert_like_unknown(&app, &visit(&app, &pdf, Some(&cookie)).await).await;
}

async fn wrong_passwords_are_rate_limited(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let share = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("a shared secret".to_owned()),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    for attempt in 1..=5 {
        let page = unlock(&app, &share.path, "guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let limited = unlock(&app, &share.path, "guess").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let right = unlock(&app, &share.path, "a shared secret").await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "while the wait runs, even the right password is refused"
    );
    assert!(right.headers.get(reqwest::header::SET_COOKIE).is_none());

    // The count is per link: another link of the same resume is not limited.
    let other = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("another secret".to_owned()),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        unlock(&app, &other.path, "another secret").await.status,
        StatusCode::SEE_OTHER
    );
}

async fn pages_are_noindex_unless_the_owner_opts_in(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let hidden = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    let open = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                indexable: true,
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert!(open.indexable);

    let page = visit(&app, &hidden.path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("x-robots-tag"), Some("noindex"));
    assert!(
        page.text()
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    // The policy allows the page's own inline style sheet, by its hash, and nothing else.
    let policy = page.header("content-security-policy").unwrap().to_owned();
    let text = page.text();
    let sheet = text
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(sheet));
    assert!(
        policy.contains(&format!("style-src 'sha256-{hash}'")),
        "{policy}"
    );
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!text.contains("<script"));
    assert!(text.contains(&format!("href=\"{}/resume.pdf\"", hidden.path)));

    let page = visit(&app, &open.path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("x-robots-tag"), None);
    assert!(!page.text().contains("noindex"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));

    let document = visit(&app, &format!("{}/resume.pdf", hidden.path), None).await;
    assert_eq!(document.status, StatusCode::OK);
    assert!(document.body.starts_with(b"%PDF"));
    assert_eq!(document.header("x-robots-tag"), Some("noindex"));
}

async fn page_views_are_counted_and_the_page_reveals_nothing_of_the_owner(app: TestApp) {
    let admin = app.setup_admin().await;
    let zelda = second_user(&app, &admin, "zelda").await;
    let api = app.api(&zelda);
    let resume = new_resume(&api, "Zelda's private resume name", Some(ONE_ROLE)).await;
    let share = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    let other = new_resume(&api, "Another resume", Some(&renamed("Initech"))).await;

    let first = visit(&app, &share.path, None).await;
    assert_eq!(first.status, StatusCode::OK);
    visit(&app, &share.path, None).await;
    let document = visit(&app, &format!("{}/resume.pdf", share.path), None).await;
    assert!(document.body.starts_with(b"%PDF"));
    let probe = visitor()
        .head(format!("{}{}", app.address, share.path))
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), StatusCode::OK);

    let listed = api.list_shares(&resume.id).await.unwrap();
    assert_eq!(
        listed.items[0].view_count, 2,
        "page views only, not the PDF nor a HEAD probe"
    );
    assert!(listed.items[0].last_viewed_at.is_some());

    let text = first.text();
    for secret in [
        "zelda",
        "Zelda's private resume name",
        resume.id.as_str(),
        share.id.as_str(),
        zelda.user_id.as_str(),
        other.id.as_str(),
        "Initech",
    ] {
        assert!(!text.contains(secret), "the page shows {secret:?}");
    }
}

async fn a_read_token_can_list_but_not_write(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let share = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();
    let secret = api
        .create_token(&CreateApiTokenRequest {
            name: "reader".to_owned(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .unwrap()
        .secret;
    let read = ApiClient::new(&app, Some(secret.as_str()));
    assert_eq!(read.list_shares(&resume.id).await.unwrap().items.len(), 1);
    read.create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    read.revoke_share(&resume.id, &share.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    assert!(api.list_shares(&resume.id).await.unwrap().items[0].active);
}

async fn a_link_changes_its_expiry_password_and_indexing(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    let share = api
        .create_share(
            &resume.id,
            &CreateShareRequest {
                password: Some("first secret".to_owned()),
                ..CreateShareRequest::default()
            },
        )
        .await
        .unwrap();
    let cookie = grant_of(&unlock(&app, &share.path, "first secret").await);
    assert_eq!(
        visit(&app, &share.path, Some(&cookie)).await.status,
        StatusCode::OK
    );

    // A new password ends the old grant.
    let changed = api
        .update_share(
            &resume.id,
            &share.id,
            &UpdateShareRequest {
                password: Patch::Set("second secret".to_owned()),
                ..UpdateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert!(changed.has_password);
    assert_eq!(
        visit(&app, &share.path, Some(&cookie)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        unlock(&app, &share.path, "first secret").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        unlock(&app, &share.path, "second secret").await.status,
        StatusCode::SEE_OTHER
    );

    // No password, an expiry, indexing allowed.
    let in_an_hour = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let open = api
        .update_share(
            &resume.id,
            &share.id,
            &UpdateShareRequest {
                password: Patch::Clear,
                expires_at: Patch::Set(in_an_hour),
                indexable: Some(true),
            },
        )
        .await
        .unwrap();
    assert!(!open.has_password && open.indexable && open.expires_at.is_some());
    let page = visit(&app, &share.path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("x-robots-tag"), None);
    let endless = api
        .update_share(
            &resume.id,
            &share.id,
            &UpdateShareRequest {
                expires_at: Patch::Clear,
                ..UpdateShareRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(endless.expires_at, None);
    assert!(endless.indexable, "absent fields stay");

    let path = format!("/resumes/{}/shares/{}", resume.id, share.id);
    let past = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    let error = api
        .error(Method::PATCH, &path, Some(&json!({ "expires_at": past })))
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(error.fields.contains_key("expires_at"));
    let error = api
        .error(Method::PATCH, &path, Some(&json!({ "password": "short" })))
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(error.fields.contains_key("password"));
    let error = api
        .error(Method::PATCH, &path, Some(&json!({ "mode": "snapshot" })))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    assert!(error.message.contains("mode"), "{}", error.message);

    let bob = second_user(&app, &admin, "bob").await;
    app.api(&bob)
        .update_share(&resume.id, &share.id, &UpdateShareRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    api.revoke_share(&resume.id, &share.id).await.unwrap();
    api.update_share(
        &resume.id,
        &share.id,
        &UpdateShareRequest {
            indexable: Some(false),
            ..UpdateShareRequest::default()
        },
    )
    .await
    .unwrap_err()
    .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);

    let audit = api
        .audit(&AuditQuery::action("share.update"))
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 3);
    assert_eq!(
        audit.items[1].details["changed"],
        json!(["expires_at", "password", "indexable"])
    );
    assert!(
        !audit
            .items
            .iter()
            .any(|e| e.details.to_string().contains("secret"))
    );
}

async fn the_pdf_takes_the_design_the_owner_saved(app: TestApp) {
    // Arrange: German headings saved for the resume's export
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Saved design", Some(ONE_ROLE)).await;
    let saved = app
        .bearer(
            Method::PUT,
            &format!("/resumes/{}/export-preferences", resume.id),
            &admin.token,
        )
        .json(&json!({
            "format": "pdf", "preset": "general", "template": "modern", "language": "de",
            "include_projects": true, "projects_first": false, "include_education": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        saved.status(),
        StatusCode::OK,
        "{}",
        saved.text().await.unwrap()
    );
    let share = api
        .create_share(&resume.id, &CreateShareRequest::default())
        .await
        .unwrap();

    // Act
    let document = visit(&app, &format!("{}/resume.pdf", share.path), None).await;

    // Assert: the link's PDF speaks German, as the owner's own export would
    assert_eq!(document.status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shared.pdf");
    std::fs::write(&file, &document.body).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&output.stdout).to_uppercase();
    assert!(text.contains("BERUFSERFAHRUNG"), "{text}");
}
