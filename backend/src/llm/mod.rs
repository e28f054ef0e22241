//! The LLM layer: everything that talks to (or stands in for) an OpenAI-compatible
//! chat-completions endpoint, plus the deterministic checks applied to what comes back.
//!
//! - [`LlmClient`] is the one seam the rest of the server uses (held as `Arc<dyn LlmClient>` in
//!   the application state). [`OpenAiClient`] is the real implementation; tests and e2e point it
//!   at the fake server (the `resume_fake_llm` crate, test equipment outside the release
//!   binary) instead of swapping the trait object, so the HTTP, retry and
//!   structured-output code is exercised everywhere.
//! - [`prompts`] owns every prompt; [`answers`] the typed, validated answers and their JSON
//!   schemas.
//! - [`guard`] (the fact guard) and [`coverage`](mod@coverage) (keyword coverage) are pure functions: no model
//!   is trusted with facts, and no network is needed to test them.
//!
//! This module holds no database state and knows nothing about refinement jobs: callers pass
//! the per-user endpoint settings on every call and persist whatever they need themselves.

pub mod address;
pub mod allowed_hosts;
pub mod answers;
pub mod completion;
pub mod coverage;
pub mod error;
pub mod extract;
pub mod guard;
pub mod limits;
pub mod mode;
pub mod openai;
pub mod options;
pub mod prompts;
mod resume_text;
pub mod retry;
pub mod sanitize;
pub mod schema;
pub mod slots;
pub mod words;

use std::fmt;

use async_trait::async_trait;
use resume_shared::{Resume, Role};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Serialize;
use url::Url;

pub use answers::{CoverLetter, Introduction, JobAnalysis, JobDetails, RefinedRole};
pub use coverage::{Coverage, coverage};
pub use error::LlmError;
pub use guard::{
    Flag, FlagField, FlagKind, GuardedRole, guard_analysis, guard_introduction, guard_letter,
    guard_role,
};
pub use mode::OutputMode;
pub use openai::{LlmClientConfig, OpenAiClient};
pub use options::{AuthHeader, CallNotice, CallObserver, EndpointOptions};
pub use prompts::{LetterBrief, PromptKind};

/// The model used when a user has not chosen one.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

/// The base URL used when a user has not entered one.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// The origin of an endpoint's base URL: `scheme://host[:port]` in canonical form (lower-case
/// host, IDNA, default port left out), or `None` when the URL does not parse as `http`/`https`
/// with a host. Two base URLs with the same origin reach the same server; an API key is bound to
/// the origin it was entered for.
#[must_use]
pub fn endpoint_origin(base_url: &str) -> Option<String> {
    let url = Url::parse(base_url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

/// What is wrong with a base URL, or `None` when it can be used: it must parse as an
/// `http`/`https` URL with a host, without credentials, a query or a fragment (extra query
/// parameters are a setting of their own), and must not end with `/chat/completions` (the
/// client appends it). The URL is the user's text, so it is quoted with its control characters
/// escaped.
#[must_use]
pub fn base_url_problem(base_url: &str) -> Option<String> {
    let base = base_url.trim();
    let quoted = sanitize::escape_controls(base);
    let url = match Url::parse(base) {
        Ok(url) => url,
        Err(error) => return Some(format!("\"{quoted}\" is not a URL ({error})")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Some(format!("\"{quoted}\" must start with http:// or https://"));
    }
    if url.host().is_none() {
        return Some(format!("\"{quoted}\" has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some(
            "the base URL must not contain a user name or password; put the key in the API key setting"
                .to_owned(),
        );
    }
    if url.query().is_some() {
        return Some(format!(
            "\"{quoted}\" must not contain a query (?…): put query parameters such as api-version \
             in the extra query parameters of the LLM settings"
        ));
    }
    if url.fragment().is_some() {
        return Some(format!("\"{quoted}\" must not contain a fragment (#…)"));
    }
    if url
        .path()
        .trim_end_matches('/')
        .ends_with("/chat/completions")
    {
        return Some(format!(
            "\"{quoted}\" ends with /chat/completions, which is added to every request: leave it out \
             (the base URL usually ends with /v1)"
        ));
    }
    None
}

/// One user's endpoint settings: where to send requests, which model, which key, the user's
/// options, and who hears about retries and waits.
///
/// Built per call from the user's stored settings (and the server defaults); the API key is
/// decrypted into this value only for the duration of the work and is never logged (`Debug`
/// redacts it).
#[derive(Clone)]
pub struct LlmEndpoint {
    /// The base URL as the user entered it, e.g. `https://api.openai.com/v1` or
    /// `http://127.0.0.1:11434/v1`; `/chat/completions` is appended.
    pub base_url: String,
    /// The model name sent with every request.
    pub model: String,
    /// The API key; no key header is sent when absent or empty.
    pub api_key: Option<SecretString>,
    /// The user's options (unset ones take the client's defaults).
    pub options: EndpointOptions,
    /// Receives notices of retries and waits while a call goes on; none by default.
    pub observer: Option<CallObserver>,
}

impl LlmEndpoint {
    /// Endpoint settings from their parts; an empty model falls back to [`DEFAULT_MODEL`].
    #[must_use]
    pub fn new(
        base_url: impl Into<String>,
        model: impl Into<String>,
        api_key: Option<SecretString>,
    ) -> Self {
        let model = model.into();
        let model = if model.trim().is_empty() {
            DEFAULT_MODEL.to_owned()
        } else {
            model.trim().to_owned()
        };
        Self {
            base_url: base_url.into().trim().to_owned(),
            model,
            api_key,
            options: EndpointOptions::default(),
            observer: None,
        }
    }

    /// The same endpoint with these options.
    #[must_use]
    pub fn with_options(mut self, options: EndpointOptions) -> Self {
        self.options = options;
        self
    }

    /// The same endpoint, its calls reported to `observer` (instead of any earlier one).
    #[must_use]
    pub fn observed_by(mut self, observer: CallObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Tells the observer, if any, about a call of `kind`.
    pub(crate) fn notify(&self, kind: PromptKind, notice: &CallNotice) {
        if let Some(observer) = &self.observer {
            observer(kind, notice);
        }
    }

    /// The full `…/chat/completions` URL: the base URL taken as given, a trailing slash
    /// tolerated, with the extra query parameters of the options.
    ///
    /// # Errors
    /// [`LlmError::InvalidEndpoint`] when the base URL cannot be used ([`base_url_problem`]).
    pub fn chat_completions_url(&self) -> Result<Url, LlmError> {
        if let Some(problem) = base_url_problem(&self.base_url) {
            return Err(LlmError::InvalidEndpoint(problem));
        }
        let mut url = Url::parse(self.base_url.trim())
            .map_err(|error| LlmError::InvalidEndpoint(error.to_string()))?;
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{path}/chat/completions"));
        if !self.options.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.options.query);
        }
        Ok(url)
    }

    /// The API key, when one is set and not blank.
    pub(crate) fn key(&self) -> Option<&str> {
        self.api_key
            .as_ref()
            .map(|key| key.expose_secret().trim())
            .filter(|key| !key.is_empty())
    }

    /// The key identifying this endpoint in the structured-output cache (the query may select
    /// another API version, which may take other options).
    pub(crate) fn cache_key(&self) -> String {
        let query: Vec<String> = self
            .options
            .query
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        format!(
            "{}\u{0}{}\u{0}{}",
            self.base_url.trim().trim_end_matches('/'),
            self.model,
            query.join("&")
        )
    }
}

impl fmt::Debug for LlmEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmEndpoint")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field(
                "api_key",
                &if self.key().is_some() {
                    "[redacted]"
                } else {
                    "none"
                },
            )
            .field("options", &self.options)
            .field("observed", &self.observer.is_some())
            .finish()
    }
}

/// What [`LlmClient::test_connection`] found out about an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ConnectionReport {
    /// Wall time of the test, including structured-output negotiation, in milliseconds.
    pub latency_ms: u64,
    /// The structured-output mode the endpoint accepted.
    pub mode: OutputMode,
    /// The model that answered (as configured).
    pub model: String,
    /// What happened on the way (waits, options the endpoint did not take, where the answer
    /// was read from), for people.
    pub notes: Vec<String>,
}

/// Talks to a language model on behalf of one user per call.
///
/// Object-safe and shareable (`Arc<dyn LlmClient>`). Every method takes the caller's
/// [`LlmEndpoint`] because settings differ per user; implementations may cache what they learn
/// about an endpoint (see [`mode`]) but must work without that cache.
///
/// Every answer is validated before it is returned: an empty or unusable model answer is an
/// [`LlmError`], never a default value.
#[async_trait]
pub trait LlmClient: Send + Sync {
    /// Extracts skills, duties, themes and job details from a job description; the resume is
    /// context for the inferred themes only.
    ///
    /// # Errors
    /// Any [`LlmError`]; transient ones have already been retried.
    async fn analyze_job(
        &self,
        endpoint: &LlmEndpoint,
        job_description: &str,
        resume: &Resume,
    ) -> Result<JobAnalysis, LlmError>;

    /// Rewrites one role against the analysis. The answer is raw model output: pass it through
    /// [`guard_role`] before showing or applying it.
    ///
    /// # Errors
    /// Any [`LlmError`]; transient ones have already been retried.
    async fn refine_role(
        &self,
        endpoint: &LlmEndpoint,
        role: &Role,
        analysis: &JobAnalysis,
    ) -> Result<RefinedRole, LlmError>;

    /// Writes the resume's introduction (its Banner) from the refined resume and the analysis.
    ///
    /// # Errors
    /// Any [`LlmError`]; transient ones have already been retried.
    async fn write_introduction(
        &self,
        endpoint: &LlmEndpoint,
        resume: &Resume,
        analysis: &JobAnalysis,
    ) -> Result<Introduction, LlmError>;

    /// Writes a cover letter from `resume` for the job of `analysis`, as `brief` asks. The
    /// answer is raw model output: pass it through [`guard_letter`] before showing it.
    ///
    /// # Errors
    /// Any [`LlmError`]; transient ones have already been retried.
    async fn write_cover_letter(
        &self,
        endpoint: &LlmEndpoint,
        resume: &Resume,
        analysis: &JobAnalysis,
        brief: &LetterBrief,
    ) -> Result<CoverLetter, LlmError>;

    /// Sends a tiny request and reports latency and the structured-output mode the endpoint
    /// accepts. Rate limits are waited out (within a bound) as a job would; other failures are
    /// not retried.
    ///
    /// # Errors
    /// Any [`LlmError`], with a message saying what to fix.
    async fn test_connection(&self, endpoint: &LlmEndpoint) -> Result<ConnectionReport, LlmError>;

    /// How many requests go to the endpoint at once (its request slots): the user's setting,
    /// else 1 for loopback and private hosts, else the server's default.
    async fn concurrency(&self, endpoint: &LlmEndpoint) -> usize;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(base: &str) -> LlmEndpoint {
        LlmEndpoint::new(base, "", None)
    }

    #[test]
    fn chat_completions_url_appends_the_path_and_tolerates_a_trailing_slash() {
        for (base, expected) in [
            (
                "https://api.openai.com/v1",
                "https://api.openai.com/v1/chat/completions",
            ),
            (
                "https://api.openai.com/v1/",
                "https://api.openai.com/v1/chat/completions",
            ),
            (
                " http://127.0.0.1:9000/v1 ",
                "http://127.0.0.1:9000/v1/chat/completions",
            ),
            (
                "http://localhost:8080",
                "http://localhost:8080/chat/completions",
            ),
            (
                "https://example.org/openai/deployments/x/",
                "https://example.org/openai/deployments/x/chat/completions",
            ),
        ] {
            assert_eq!(
                endpoint(base).chat_completions_url().unwrap().as_str(),
                expected
            );
        }
    }

    #[test]
    fn unusable_base_urls_are_refused_with_a_reason() {
        for base in [
            "",
            "api.openai.com/v1",
            "ftp://example.org/v1",
            "https://user:pw@example.org/v1",
            "https://example.org/v1?key=1",
            "https://example.org/v1#top",
            "https://example.org/v1/chat/completions",
            "https://example.org/v1/chat/completions/",
        ] {
            let error = endpoint(base).chat_completions_url().unwrap_err();
            assert!(matches!(error, LlmError::InvalidEndpoint(_)), "{base}");
        }
    }

    #[test]
    fn extra_query_parameters_are_appended_and_a_query_in_the_base_url_names_the_setting() {
        let azure = LlmEndpoint::new(
            "https://r.openai.azure.com/openai/deployments/gpt-4o",
            "gpt-4o",
            None,
        )
        .with_options(EndpointOptions {
            query: vec![("api-version".to_owned(), "2024-10-21".to_owned())],
            ..EndpointOptions::default()
        });
        assert_eq!(
            azure.chat_completions_url().unwrap().as_str(),
            "https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
        );
        let problem =
            base_url_problem("https://r.openai.azure.com/openai/deployments/x?api-version=1")
                .unwrap();
        assert!(problem.contains("extra query parameters"), "{problem}");
        assert_eq!(base_url_problem("http://127.0.0.1:11434/v1/"), None);
    }

    #[test]
    fn origins_are_canonical_and_tell_servers_apart() {
        let same = [
            "https://api.openai.com/v1",
            "https://API.OpenAI.com:443/other/path/",
            " https://api.openai.com ",
        ];
        for base in same {
            assert_eq!(
                endpoint_origin(base).as_deref(),
                Some("https://api.openai.com"),
                "{base}"
            );
        }
        assert_eq!(
            endpoint_origin("http://127.0.0.1:9000/v1").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        for (a, b) in [
            ("https://api.openai.com/v1", "http://api.openai.com/v1"),
            (
                "https://api.openai.com/v1",
                "https://api.openai.com:8443/v1",
            ),
            ("https://api.openai.com/v1", "https://attacker.example/v1"),
            ("http://127.0.0.1:9000/v1", "http://127.0.0.1:9001/v1"),
        ] {
            assert_ne!(endpoint_origin(a), endpoint_origin(b), "{a} vs {b}");
        }
        for base in ["", "api.openai.com/v1", "ftp://example.org/v1", "https://"] {
            assert_eq!(endpoint_origin(base), None, "{base}");
        }
    }

    #[test]
    fn a_quoted_base_url_has_its_control_characters_escaped() {
        let error = endpoint("https://bad\u{1b}[2J host/v1")
            .chat_completions_url()
            .unwrap_err()
            .to_string();
        assert!(error.contains("\\u{1b}"), "{error}");
        assert!(!error.contains('\u{1b}'), "{error}");
    }

    #[test]
    fn the_model_defaults_and_the_key_is_never_printed() {
        let endpoint = LlmEndpoint::new(
            "https://x.example/v1",
            " ",
            Some(SecretString::from("sk-secret-value")),
        );
        assert_eq!(endpoint.model, DEFAULT_MODEL);
        let printed = format!("{endpoint:?}");
        assert!(!printed.contains("sk-secret"), "{printed}");
        assert!(printed.contains("[redacted]"));
        let blank = LlmEndpoint::new("https://x.example/v1", "m", Some(SecretString::from("  ")));
        assert_eq!(blank.key(), None);
    }
}
