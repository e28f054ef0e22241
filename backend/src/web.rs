//! The browser app, served next to the API so that one `resume-editor serve` is the whole
//! application.
//!
//! [`router`] answers every request the API router does not: files of the built app
//! (`RESUME_EDITOR_STATIC_DIR`, Trunk's `dist`), and `index.html` for any other path without a
//! file extension, so that client routes such as `/settings` or `/resumes/{id}` load the app on
//! a reload or a deep link. Paths under `/api` never fall back to the app: an unknown API route
//! stays a JSON 404 in the API's envelope.
//!
//! Caching: Trunk puts a content hash in every asset name (`app-1a2b3c4d5e6f7a8b_bg.wasm`),
//! so those are cached for a year as `immutable`; `index.html`, which names the current
//! hashes, is `no-cache`, so a new build is picked up on the next load.
//!
//! Compression: the build writes a gzip copy next to each asset (`app_bg.wasm.gz`, see
//! `Trunk.toml`), which is sent as is to browsers that accept gzip; anything without such a
//! copy is compressed on the fly.
//!
//! Security headers: `index.html` carries a strict Content-Security-Policy. Scripts may only
//! come from this origin, plus the inline `<script type="module">` that Trunk writes to start
//! the app, allowed by its SHA-256 hash (computed from the file itself, never `unsafe-inline`),
//! and `'wasm-unsafe-eval'`, which WebAssembly compilation needs. Styles, images, fetches,
//! form targets and the base URL are limited to this origin, and no site may frame the app.
//! Every answer of this module also says `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: same-origin`.
//!
//! The hashes are computed when the server starts and again whenever `index.html` changes on
//! disk (its modification time or size), so a rebuild while the server runs does not leave a
//! policy that blocks the new start-up script. Without an `index.html` the server still runs
//! (the API does not need the app): it logs a warning and answers a plain page that says how
//! to build the app.
//!
//! This module must not route API paths: every API route is added through the documented
//! OpenAPI router (see `routes`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};
use tower::ServiceExt as _;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The page that starts the app.
pub const INDEX_HTML: &str = "index.html";

/// `Cache-Control` of files whose name carries a content hash.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of `index.html` and of files without a hash: revalidate every time.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The policy of the "not built" page: it has neither scripts nor styles.
const NOT_BUILT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The built app in `dir`, as a router to use as the application's fallback.
///
/// Logs a warning when `dir` has no `index.html`.
pub fn router(dir: &Path) -> Router {
    let app = WebApp::new(dir);
    if app.dir.join(INDEX_HTML).is_file() {
        tracing::info!(dir = %app.dir.display(), "serving the browser app");
    } else {
        tracing::warn!(
            dir = %app.dir.display(),
            "the browser app is not built (no index.html); build it with `scripts/run.sh` or \
             `trunk build --release`, or point RESUME_EDITOR_STATIC_DIR at a built `dist`"
        );
    }
    Router::new()
        .fallback(move |request: Request| {
            let app = app.clone();
            async move { app.answer(request).await }
        })
        .layer(CompressionLayer::new())
}

/// The Content-Security-Policy of an `index.html` with this text.
#[must_use]
pub fn content_security_policy(html: &str) -> String {
    let hashes: String = inline_script_hashes(html)
        .iter()
        .map(|hash| format!(" '{hash}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// `sha256-…` sources of every inline `<script>` (one without `src`) in `html`, in order.
#[must_use]
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        let attributes = &lower[start + "<script".len()..tag_end];
        let has_src = attributes
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attribute| attribute.starts_with("src=") || attribute == "src");
        if !has_src {
            let digest = Sha256::digest(&html.as_bytes()[tag_end + 1..close]);
            hashes.push(format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        from = close;
    }
    hashes
}

/// Whether a path names a file Trunk gave a content hash: a file or directory name that ends
/// in `-` and at least eight hexadecimal digits (before the extension and a `_bg` suffix).
#[must_use]
pub fn is_hashed_asset(path: &str) -> bool {
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or(segment);
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-').is_some_and(|(name, hash)| {
            !name.is_empty() && hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
    })
}

/// The loaded `index.html`: its text, its policy, and what it was loaded from.
struct IndexPage {
    stamp: (Option<SystemTime>, u64),
    html: Bytes,
    policy: HeaderValue,
}

#[derive(Clone)]
struct WebApp {
    dir: PathBuf,
    files: ServeDir,
    index: Arc<Mutex<Option<Arc<IndexPage>>>>,
}

impl WebApp {
    fn new(dir: &Path) -> Self {
        let app = Self {
            dir: dir.to_path_buf(),
            files: ServeDir::new(dir)
                .append_index_html_on_directories(false)
                .precompressed_gzip(),
            index: Arc::new(Mutex::new(None)),
        };
        // Compute the policy now, at start-up; later loads only happen when the file changes.
        if let Some(page) = load_index(&app.dir.join(INDEX_HTML)) {
            *app.index
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Arc::new(page));
        }
        app
    }

    async fn answer(self, request: Request) -> Response {
        let path = request.uri().path().to_owned();
        if path == "/api" || path.starts_with("/api/") {
            return crate::error::not_found().await.into_response();
        }
        if request.method() != Method::GET && request.method() != Method::HEAD {
            let mut response = crate::error::method_not_allowed().await.into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        if path == "/" || path == "/index.html" {
            return self.index_page().await;
        }
        let Ok(response) = self.files.clone().oneshot(request).await;
        if response.status() == StatusCode::NOT_FOUND {
            // A missing file (`/app-old.js`) is a 404; anything else is a client route.
            let last = path.rsplit('/').next().unwrap_or_default();
            return if last.contains('.') {
                with_common_headers(
                    (StatusCode::NOT_FOUND, "Not found.").into_response(),
                    CACHE_REVALIDATE,
                )
            } else {
                self.index_page().await
            };
        }
        let cache = if is_hashed_asset(&path) && response.status().is_success() {
            CACHE_IMMUTABLE
        } else {
            CACHE_REVALIDATE
        };
        with_common_headers(response.map(Body::new), cache)
    }

    /// `index.html` with its policy, reloaded first when the file changed.
    async fn index_page(&self) -> Response {
        let file = self.dir.join(INDEX_HTML);
        let stamp = tokio::fs::metadata(&file)
            .await
            .ok()
            .map(|meta| (meta.modified().ok(), meta.len()));
        let page = match stamp {
            None => None,
            Some(stamp) => {
                let cached = self
                    .index
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone()
                    .filter(|page| page.stamp == stamp);
                match cached {
                    Some(page) => Some(page),
                    None => {
                        let loaded = tokio::task::spawn_blocking(move || load_index(&file))
                            .await
                            .ok()
                            .flatten()
                            .map(Arc::new);
                        *self
                            .index
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) = loaded.clone();
                        loaded
                    }
                }
            }
        };
        match page {
            Some(page) => {
                let mut response = Response::new(Body::from(page.html.clone()));
                let headers = response.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                headers.insert(header::CONTENT_SECURITY_POLICY, page.policy.clone());
                with_common_headers(response, CACHE_REVALIDATE)
            }
            None => self.not_built(),
        }
    }

    /// The answer while there is no built app: how to build it.
    fn not_built(&self) -> Response {
        let dir = html_escape(&self.dir.display().to_string());
        let body = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Resume Editor: the browser app is not built</title></head><body>\n\
             <h1>The browser app is not built</h1>\n\
             <p>This server looks for it in <code>{dir}</code> \
             (<code>RESUME_EDITOR_STATIC_DIR</code>, default <code>dist</code> in the working \
             directory) and found no <code>index.html</code> there.</p>\n\
             <p>Build it from the repository root with <code>scripts/run.sh</code>, which builds \
             the app and starts the server, or with <code>trunk build --release</code>.</p>\n\
             <p>The API works without it: <a href=\"/api/docs\">/api/docs</a>.</p>\n\
             </body></html>\n"
        );
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOT_BUILT_POLICY),
        );
        with_common_headers(response, CACHE_REVALIDATE)
    }
}

/// Reads `index.html` and computes its policy; `None` when it cannot be read.
fn load_index(file: &Path) -> Option<IndexPage> {
    let meta = std::fs::metadata(file).ok()?;
    let html = std::fs::read_to_string(file)
        .inspect_err(|error| {
            tracing::warn!(file = %file.display(), error = %error, "cannot read index.html");
        })
        .ok()?;
    let policy = HeaderValue::from_str(&content_security_policy(&html)).ok()?;
    Some(IndexPage {
        stamp: (meta.modified().ok(), meta.len()),
        html: Bytes::from(html),
        policy,
    })
}

fn with_common_headers(mut response: Response, cache: &'static str) -> Response {
    let headers: &mut HeaderMap = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts_and_each_of_them() {
        let html = "<head><script type=\"module\">import init from '/a.js';</script>\
                    <SCRIPT src=\"/b.js\"></SCRIPT><script>x()</script></head>";
        let hashes = inline_script_hashes(html);
        let expected = |text: &str| {
            format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text))
            )
        };
        assert_eq!(
            hashes,
            vec![expected("import init from '/a.js';"), expected("x()")]
        );
    }

    #[test]
    fn the_policy_allows_no_inline_script_without_a_hash() {
        let policy = content_security_policy("<p>no scripts</p>");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn tells_hashed_asset_names() {
        assert!(is_hashed_asset("/resume_frontend-1016b6723f42e079.js"));
        assert!(is_hashed_asset("/resume_frontend-1016b6723f42e079_bg.wasm"));
        assert!(is_hashed_asset("/input-677382a0c4732fa.css"));
        assert!(is_hashed_asset(
            "/snippets/leptos-0a1b2c3d4e5f6a7b/inline0.js"
        ));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/robots.txt"));
        assert!(!is_hashed_asset("/my-page"));
        assert!(!is_hashed_asset("/-deadbeef.js"));
    }
}
