//! Serving the browser app: files of the built app, the SPA fallback for client routes, cache
//! headers, the Content-Security-Policy with the hash of the inline start-up script, `/api`
//! staying JSON, and the page shown when the app is not built.
//!
//! These tests build a small stand-in for Trunk's `dist` in a temporary directory; the
//! Playwright suite (`e2e/`) runs the real build in a browser under the same policy.

use std::path::Path;

use base64::Engine as _;
use reqwest::{Method, StatusCode, header};
use sha2::{Digest as _, Sha256};

use crate::helpers::{Backend, TestApp, assert_error, run};

/// The inline module script, as Trunk writes it.
const START_SCRIPT: &str = "\nimport init, * as bindings from '/app-0123456789abcdef.js';\n\
    const wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n";

fn index_html(script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Resume Editor</title>\
         <script type=\"module\">{script}</script>\
         <link rel=\"stylesheet\" href=\"/input-0123456789abcde.css\"/></head>\
         <body></body></html>\n"
    )
}

fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// A built app: index.html, hashed JS, WASM and CSS, and an unhashed icon.
fn write_dist(dir: &Path) {
    std::fs::write(dir.join("index.html"), index_html(START_SCRIPT)).unwrap();
    std::fs::write(
        dir.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(
        dir.join("app-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0".repeat(100),
    )
    .unwrap();
    std::fs::write(
        dir.join("input-0123456789abcde.css"),
        "body { margin: 0 }\n".repeat(100),
    )
    .unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
}

/// Runs `test` against a server whose static directory is `dir` (SQLite: the database plays
/// no part here).
async fn with_static_dir<F, Fut>(dir: &Path, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = dir.display().to_string();
    run(test, Backend::Sqlite, &[("STATIC_DIR", dir.as_str())]).await;
}

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_routes_get_index_html_with_a_policy_that_allows_only_its_start_up_script() {
    // Arrange
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());

    with_static_dir(dist.path(), |app: TestApp| async move {
        for path in [
            "/",
            "/index.html",
            "/settings",
            "/resumes/0b7e",
            "/admin/users/",
        ] {
            // Act
            let response = plain_client()
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();

            // Assert
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let headers = response.headers().clone();
            assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
            assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
            assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
            let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert_eq!(
                policy,
                format!(
                    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; \
                     style-src 'self'; img-src 'self' data:; font-src 'self'; \
                     connect-src 'self'; object-src 'none'; frame-ancestors 'none'; \
                     base-uri 'self'; form-action 'self'",
                    sha256_source(START_SCRIPT)
                )
            );
            assert!(!policy.contains("unsafe-inline"));
            assert_eq!(response.text().await.unwrap(), index_html(START_SCRIPT));
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_cached_for_a_year_and_other_files_revalidate() {
    // Arrange
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());

    with_static_dir(dist.path(), |app: TestApp| async move {
        let get = |path: &'static str| {
            let url = format!("{}{path}", app.address);
            async move { plain_client().get(url).send().await.unwrap() }
        };

        // Act
        let wasm = get("/app-0123456789abcdef_bg.wasm").await;
        let script = get("/app-0123456789abcdef.js").await;
        let css = get("/input-0123456789abcde.css").await;
        let icon = get("/favicon.svg").await;
        let missing = get("/app-fedcba9876543210.js").await;

        // Assert
        for (response, mime) in [
            (&wasm, "application/wasm"),
            (&script, "text/javascript"),
            (&css, "text/css"),
        ] {
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(
                response.headers()[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
            assert!(
                response.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with(mime),
                "{mime}"
            );
            assert_eq!(
                response.headers()[header::X_CONTENT_TYPE_OPTIONS],
                "nosniff"
            );
        }
        assert_eq!(icon.status(), StatusCode::OK);
        assert_eq!(icon.headers()[header::CACHE_CONTROL], "no-cache");
        // A missing file is a 404, never the app's HTML in place of a script.
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(
            !missing.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("html")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_are_compressed_for_clients_that_accept_gzip() {
    // Arrange
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());

    with_static_dir(dist.path(), |app: TestApp| async move {
        // Act
        let response = plain_client()
            .get(format!("{}/app-0123456789abcdef.js", app.address))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();

        // Assert
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gzip_copy_made_by_the_build_is_sent_instead_of_compressing_again() {
    // Arrange: the build's gzip copy of the WASM (its bytes do not matter here).
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    let copy = b"\x1f\x8b precompressed by the build".to_vec();
    std::fs::write(dist.path().join("app-0123456789abcdef_bg.wasm.gz"), &copy).unwrap();

    with_static_dir(dist.path(), move |app: TestApp| async move {
        // Act
        let gzip = plain_client()
            .get(format!("{}/app-0123456789abcdef_bg.wasm", app.address))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        let identity = plain_client()
            .get(format!("{}/app-0123456789abcdef_bg.wasm", app.address))
            .send()
            .await
            .unwrap();

        // Assert
        assert_eq!(gzip.status(), StatusCode::OK);
        assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzip.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            gzip.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(gzip.bytes().await.unwrap().to_vec(), copy);
        assert!(identity.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(identity.bytes().await.unwrap().len(), 800);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_paths_never_fall_back_to_the_app() {
    // Arrange
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());

    with_static_dir(dist.path(), |app: TestApp| async move {
        for path in [
            "/api",
            "/api/",
            "/api/nothing",
            "/api/v1/no/such/route",
            "/api/v2/health",
        ] {
            // Act
            let response = plain_client()
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();

            // Assert: the API's JSON envelope, not the app's HTML.
            assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
        // The real API and its documents are still there.
        let health = app.anonymous(Method::GET, "/health").send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let document = plain_client()
            .get(format!("{}/api/openapi.json", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(document.status(), StatusCode::OK);
        // Client routes are read-only.
        let post = plain_client()
            .post(format!("{}/settings", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(post.headers()[header::ALLOW], "GET, HEAD");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_index_html_is_served_with_the_hash_of_its_new_script() {
    // Arrange
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    let index = dist.path().join("index.html");

    with_static_dir(dist.path(), |app: TestApp| async move {
        let policy = || async {
            plain_client()
                .get(format!("{}/", app.address))
                .send()
                .await
                .unwrap()
                .headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_owned()
        };
        let before = policy().await;

        // Act: a new build, with another script (and so another size).
        let rebuilt = "import init from '/app-fedcba9876543210fedc.js'; await init();";
        std::fs::write(&index, index_html(rebuilt)).unwrap();
        let after = policy().await;

        // Assert
        assert!(before.contains(&sha256_source(START_SCRIPT)));
        assert!(after.contains(&sha256_source(rebuilt)), "{after}");
        assert!(!after.contains(&sha256_source(START_SCRIPT)));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_built_app_the_server_says_how_to_build_it_and_the_api_still_works() {
    // Arrange: an empty static directory.
    let empty = tempfile::tempdir().unwrap();

    with_static_dir(empty.path(), |app: TestApp| async move {
        // Act
        let page = plain_client()
            .get(format!("{}/dashboard", app.address))
            .send()
            .await
            .unwrap();
        let health = app.anonymous(Method::GET, "/health").send().await.unwrap();

        // Assert
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            page.headers()[header::CONTENT_SECURITY_POLICY],
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        );
        let text = page.text().await.unwrap();
        assert!(text.contains("The browser app is not built"), "{text}");
        assert!(text.contains("trunk build --release"), "{text}");
        assert!(text.contains("RESUME_EDITOR_STATIC_DIR"), "{text}");
        assert_eq!(health.status(), StatusCode::OK);
    })
    .await;
}
