//! Server configuration: typed settings read from `RESUME_EDITOR_*` environment variables, with
//! defaults, and the two server secrets (JWT signing key, AES-256-GCM key) resolved from the
//! environment or, when absent, generated once into files under the data directory.
//!
//! Owns parsing and validation of configuration values; must not open the database or start
//! anything. Secrets are held in [`secrecy`] boxes and every `Debug` output redacts them (and
//! the database password), so printing a [`Settings`] never leaks one.

use std::fmt;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use secrecy::{ExposeSecret as _, SecretBox, SecretString};

use crate::auth::client_address::TrustedProxies;
pub use crate::config_values::{ConfigError, ENV_PREFIX};
use crate::config_values::{invalid, whole_number};
use crate::private_files;
pub use crate::runtime_settings::RuntimeSettings;

/// Default connection pool size (`RESUME_EDITOR_DATABASE_MAX_CONNECTIONS`). Small on purpose:
/// PostgreSQL serves best with few busy connections per core.
pub const MAX_CONNECTIONS: u32 = 10;

/// Smallest accepted session timeout, in minutes.
pub const MIN_SESSION_TIMEOUT_MINUTES: u32 = 15;
/// Largest accepted session timeout, in minutes.
pub const MAX_SESSION_TIMEOUT_MINUTES: u32 = 1440;
/// File (under the data directory) holding the generated JWT signing key.
pub const SECRET_KEY_FILE: &str = "secret_key";
/// File (under the data directory) holding the generated AES-256-GCM key.
pub const ENCRYPTION_KEY_FILE: &str = "encryption_key";
/// File (under the data directory) holding the generated setup token (see
/// [`Settings::setup_token`]).
pub const SETUP_TOKEN_FILE: &str = "setup_token";
/// Default of `RESUME_EDITOR_AUDIT_RETENTION_DAYS`.
pub const DEFAULT_AUDIT_RETENTION_DAYS: u32 = 365;
/// Minimum length of `RESUME_EDITOR_SECRET_KEY`, in bytes.
const MIN_SECRET_KEY_BYTES: usize = 32;

/// The database URL. `Debug` and `Display` hide the password.
#[derive(Clone)]
pub struct DatabaseUrl(SecretString);

impl DatabaseUrl {
    /// Wraps a URL.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self(SecretString::from(url.into()))
    }

    /// The URL, password included (for connecting only).
    #[must_use]
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether this URL selects PostgreSQL.
    #[must_use]
    pub fn is_postgres(&self) -> bool {
        let url = self.expose();
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    /// The URL with any password replaced by `***`.
    #[must_use]
    pub fn redacted(&self) -> String {
        redact_url_password(self.expose())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Replaces the password of `scheme://user:password@host/...` with `***`.
fn redact_url_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let userinfo = &authority[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_owned(),
    }
}

/// Everything the server is configured with.
pub struct Settings {
    /// `RESUME_EDITOR_DATABASE_URL`.
    pub database_url: DatabaseUrl,
    /// `RESUME_EDITOR_DATABASE_MAX_CONNECTIONS`: size of the connection pool.
    pub database_max_connections: u32,
    /// `RESUME_EDITOR_DATA_DIR`: where the SQLite file and generated secrets live.
    pub data_dir: PathBuf,
    /// `RESUME_EDITOR_BIND` (or `serve --bind`).
    pub bind: SocketAddr,
    /// `RESUME_EDITOR_SECRET_KEY`: HMAC key of the session tokens.
    pub secret_key: SecretString,
    /// `RESUME_EDITOR_ENCRYPTION_KEY`: AES-256-GCM key of user secrets.
    pub encryption_key: SecretBox<[u8; 32]>,
    /// `RESUME_EDITOR_COOKIE_SECURE`; `None` means "secure unless bound to loopback".
    pub cookie_secure: Option<bool>,
    /// `RESUME_EDITOR_REGISTRATION_OPEN`: initial value of the instance setting.
    pub registration_open: bool,
    /// `RESUME_EDITOR_SESSION_TIMEOUT_MINUTES`: default idle timeout of sessions.
    pub session_timeout_minutes: u32,
    /// `RESUME_EDITOR_IMPERSONATION_MINUTES`: lifetime of an impersonation session.
    pub impersonation_minutes: u32,
    /// `RESUME_EDITOR_LOG`: tracing filter.
    pub log: String,
    /// `RESUME_EDITOR_LOG_FORMAT`: `compact` or `json`.
    pub log_format: LogFormat,
    /// `RESUME_EDITOR_STATIC_DIR`: the built browser app (Trunk's `dist`), default `dist` in the
    /// working directory.
    pub static_dir: PathBuf,
    /// `RESUME_EDITOR_LLM_*`: the language-model defaults and limits.
    pub llm: LlmSettings,
    /// Serving and run-time limits: timeouts, connection and stream caps, the shutdown grace.
    pub runtime: RuntimeSettings,
    /// `RESUME_EDITOR_SETUP_TOKEN`: what `POST /setup` must present. When it is not set and
    /// the server is bound to a non-loopback address, `serve` generates one into
    /// [`SETUP_TOKEN_FILE`] (see `crate::setup_token`).
    pub setup_token: Option<SecretString>,
    /// `RESUME_EDITOR_MAX_*`: per-user quotas.
    pub quotas: Quotas,
    /// `RESUME_EDITOR_TRUSTED_PROXIES`: reverse proxies whose `X-Forwarded-For` names the
    /// client (empty: the TCP peer is the client).
    pub trusted_proxies: TrustedProxies,
    /// `RESUME_EDITOR_AUDIT_RETENTION_DAYS`: audit entries older than this are deleted; 0 keeps
    /// them forever.
    pub audit_retention_days: u32,
}

/// Per-user quotas (`RESUME_EDITOR_MAX_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// `RESUME_EDITOR_MAX_RESUMES_PER_USER`: resumes a user may own, the trash included
    /// (creating one more answers 409 `quota_exceeded`).
    pub resumes_per_user: u64,
    /// `RESUME_EDITOR_MAX_REVISIONS_PER_RESUME`: revisions kept per resume; the oldest beyond
    /// it are deleted when a new one is written.
    pub revisions_per_resume: u64,
    /// `RESUME_EDITOR_MAX_SESSIONS_PER_USER`: live sessions a user may have; a new login ends
    /// the least recently used beyond it.
    pub sessions_per_user: u64,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            resumes_per_user: 500,
            revisions_per_resume: 200,
            sessions_per_user: 20,
        }
    }
}

impl Quotas {
    fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let number = |key: &str, default: u64, max: u64| whole_number(get, key, default, 1, max);
        Ok(Self {
            resumes_per_user: number("MAX_RESUMES_PER_USER", defaults.resumes_per_user, 1_000_000)?,
            revisions_per_resume: number(
                "MAX_REVISIONS_PER_RESUME",
                defaults.revisions_per_resume,
                1_000_000,
            )?,
            sessions_per_user: number("MAX_SESSIONS_PER_USER", defaults.sessions_per_user, 10_000)?,
        })
    }
}

/// The server's side of the LLM configuration; users choose endpoint, model and key in their
/// settings, and these are the defaults and the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmSettings {
    /// `RESUME_EDITOR_LLM_BASE_URL`: endpoint for users who have not set one.
    pub base_url: String,
    /// `RESUME_EDITOR_LLM_MODEL`: model for users who have not chosen one.
    pub model: String,
    /// `RESUME_EDITOR_LLM_ALLOW_PRIVATE`: allow endpoints on loopback and private networks
    /// (needed for a model server on the same machine or network).
    pub allow_private: bool,
    /// `RESUME_EDITOR_LLM_CONCURRENCY`: requests in flight to one public endpoint (and API
    /// key) at once; endpoints on loopback or private networks get 1 unless the user sets more.
    pub concurrency: usize,
    /// `RESUME_EDITOR_LLM_TIMEOUT_SECONDS`: time allowed from sending a request to the first
    /// byte of its answer.
    pub timeout_secs: u64,
    /// `RESUME_EDITOR_LLM_CONNECT_TIMEOUT_SECONDS`: time allowed to open a connection.
    pub connect_timeout_secs: u64,
    /// `RESUME_EDITOR_LLM_IDLE_TIMEOUT_SECONDS`: time allowed without data while an answer
    /// arrives.
    pub idle_timeout_secs: u64,
    /// `RESUME_EDITOR_LLM_MAX_TOKENS`: the output limit sent with every request.
    pub max_tokens: u32,
    /// `RESUME_EDITOR_LLM_RETRY_BACKOFF_MS`: first backoff between attempts (doubled each time).
    pub backoff_ms: u64,
    /// `RESUME_EDITOR_LLM_ALLOWED_HOSTS`: the only hosts (names, addresses or CIDR blocks,
    /// optionally with ports) whose private addresses may be reached; the alternative to
    /// `allow_private`, which allows them all.
    pub allowed_hosts: crate::llm::allowed_hosts::AllowedHosts,
}

impl Default for LlmSettings {
    fn default() -> Self {
        Self {
            base_url: crate::llm::DEFAULT_BASE_URL.to_owned(),
            model: crate::llm::DEFAULT_MODEL.to_owned(),
            allow_private: false,
            concurrency: 4,
            timeout_secs: 120,
            connect_timeout_secs: 10,
            idle_timeout_secs: 60,
            max_tokens: 8192,
            backoff_ms: 500,
            allowed_hosts: crate::llm::allowed_hosts::AllowedHosts::default(),
        }
    }
}

impl LlmSettings {
    fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let number =
            |key: &str, default: u64, min: u64, max: u64| whole_number(get, key, default, min, max);
        let allow_private = get("LLM_ALLOW_PRIVATE")
            .map(|v| parse_bool("LLM_ALLOW_PRIVATE", &v))
            .transpose()?
            .unwrap_or(false);
        let allowed_hosts = get("LLM_ALLOWED_HOSTS")
            .map(|list| crate::llm::allowed_hosts::AllowedHosts::parse(&list))
            .transpose()
            .map_err(|error| invalid("LLM_ALLOWED_HOSTS", &error.to_string()))?
            .unwrap_or_default();
        if allow_private && !allowed_hosts.is_empty() {
            // Both set means the operator believes the list limits something; it would not.
            return Err(invalid(
                "LLM_ALLOWED_HOSTS",
                "cannot be combined with RESUME_EDITOR_LLM_ALLOW_PRIVATE=true, which allows every private address; set one of them",
            ));
        }
        Ok(Self {
            base_url: get("LLM_BASE_URL").unwrap_or(defaults.base_url),
            model: get("LLM_MODEL").unwrap_or(defaults.model),
            allow_private,
            concurrency: usize::try_from(number("LLM_CONCURRENCY", 4, 1, 32)?).unwrap_or(4),
            timeout_secs: number("LLM_TIMEOUT_SECONDS", 120, 1, 3600)?,
            connect_timeout_secs: number("LLM_CONNECT_TIMEOUT_SECONDS", 10, 1, 300)?,
            idle_timeout_secs: number("LLM_IDLE_TIMEOUT_SECONDS", 60, 1, 3600)?,
            max_tokens: u32::try_from(number(
                "LLM_MAX_TOKENS",
                8192,
                u64::from(resume_shared::api::llm::MIN_MAX_TOKENS),
                u64::from(resume_shared::api::llm::MAX_MAX_TOKENS),
            )?)
            .unwrap_or(8192),
            backoff_ms: number("LLM_RETRY_BACKOFF_MS", 500, 0, 60_000)?,
            allowed_hosts,
        })
    }

    /// The client configuration these settings make.
    #[must_use]
    pub fn client_config(&self) -> crate::llm::LlmClientConfig {
        crate::llm::LlmClientConfig {
            timeout: std::time::Duration::from_secs(self.timeout_secs),
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout_secs),
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout_secs),
            max_tokens: self.max_tokens,
            concurrency: self.concurrency,
            backoff_base: std::time::Duration::from_millis(self.backoff_ms),
            allow_private: self.allow_private,
            allowed_hosts: self.allowed_hosts.clone(),
            ..crate::llm::LlmClientConfig::default()
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event.
    Compact,
    /// One JSON object per event.
    Json,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &self.database_url)
            .field("database_max_connections", &self.database_max_connections)
            .field("data_dir", &self.data_dir)
            .field("bind", &self.bind)
            .field("secret_key", &"[redacted]")
            .field("encryption_key", &"[redacted]")
            .field("cookie_secure", &self.cookie_secure)
            .field("registration_open", &self.registration_open)
            .field("session_timeout_minutes", &self.session_timeout_minutes)
            .field("impersonation_minutes", &self.impersonation_minutes)
            .field("log", &self.log)
            .field("log_format", &self.log_format)
            .field("static_dir", &self.static_dir)
            .field("llm", &self.llm)
            .field("runtime", &self.runtime)
            .field(
                "setup_token",
                &self.setup_token.as_ref().map(|_| "[redacted]"),
            )
            .field("quotas", &self.quotas)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("audit_retention_days", &self.audit_retention_days)
            .finish()
    }
}

/// Something worth a warning that was decided while loading (logged once tracing is up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigNotice(pub String);

impl Settings {
    /// Reads the process environment; see [`Settings::from_lookup`].
    ///
    /// # Errors
    /// See [`Settings::from_lookup`].
    pub fn from_env() -> Result<(Self, Vec<ConfigNotice>), ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (full variable name → value), applies defaults, and
    /// resolves the two secrets (generating and storing them under the data directory when
    /// they are not configured). Returns the warnings to log.
    ///
    /// # Errors
    /// A value that does not parse or is out of range, or a secret file that cannot be
    /// created or read.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<(Self, Vec<ConfigNotice>), ConfigError> {
        let get = |key: &str| {
            lookup(&format!("{ENV_PREFIX}{key}")).filter(|value| !value.trim().is_empty())
        };
        let mut notices = Vec::new();

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        let database_url = DatabaseUrl::new(get("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}/resume-editor.db?mode=rwc", data_dir.display())
        }));
        let database_max_connections = match get("DATABASE_MAX_CONNECTIONS") {
            Some(value) => match value.trim().parse::<u32>() {
                Ok(n) if (1..=1000).contains(&n) => n,
                _ => {
                    return Err(invalid(
                        "DATABASE_MAX_CONNECTIONS",
                        "expected a number from 1 to 1000",
                    ));
                }
            },
            None => MAX_CONNECTIONS,
        };
        let bind = match get("BIND") {
            Some(value) => value
                .parse()
                .map_err(|_| invalid("BIND", "not a socket address like 127.0.0.1:8080"))?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let cookie_secure = get("COOKIE_SECURE")
            .map(|v| parse_bool("COOKIE_SECURE", &v))
            .transpose()?;
        let registration_open = get("REGISTRATION_OPEN")
            .map(|v| parse_bool("REGISTRATION_OPEN", &v))
            .transpose()?
            .unwrap_or(false);
        let session_timeout_minutes = parse_minutes(
            "SESSION_TIMEOUT_MINUTES",
            get("SESSION_TIMEOUT_MINUTES"),
            60,
            MIN_SESSION_TIMEOUT_MINUTES,
            MAX_SESSION_TIMEOUT_MINUTES,
        )?;
        let impersonation_minutes = parse_minutes(
            "IMPERSONATION_MINUTES",
            get("IMPERSONATION_MINUTES"),
            60,
            1,
            1440,
        )?;
        let log = get("LOG").unwrap_or_else(|| "info".to_owned());
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("compact") => LogFormat::Compact,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(invalid("LOG_FORMAT", "expected `compact` or `json`")),
        };
        let static_dir = PathBuf::from(get("STATIC_DIR").unwrap_or_else(|| "dist".to_owned()));
        let trusted_proxies = match get("TRUSTED_PROXIES") {
            Some(list) => list
                .parse::<TrustedProxies>()
                .map_err(|error| invalid("TRUSTED_PROXIES", &error.to_string()))?,
            None => TrustedProxies::default(),
        };
        let audit_retention_days = match get("AUDIT_RETENTION_DAYS") {
            Some(value) => match value.trim().parse::<u32>() {
                Ok(days) if days <= 36_500 => days,
                _ => {
                    return Err(invalid(
                        "AUDIT_RETENTION_DAYS",
                        "expected a whole number of days from 0 (keep forever) to 36500",
                    ));
                }
            },
            None => DEFAULT_AUDIT_RETENTION_DAYS,
        };
        // Whether secrets or the database live in the data directory (checked below).
        let mut uses_data_dir = get("DATABASE_URL").is_none();

        let secret_key = match get("SECRET_KEY") {
            Some(value) if value.len() < MIN_SECRET_KEY_BYTES => {
                return Err(invalid(
                    "SECRET_KEY",
                    &format!("must be at least {MIN_SECRET_KEY_BYTES} bytes long"),
                ));
            }
            Some(value) => SecretString::from(value),
            None => {
                let path = data_dir.join(SECRET_KEY_FILE);
                let (value, created) = load_or_create_secret(&path, 48)?;
                // The same floor as for the variable: a short file (truncated, or written by
                // hand) would make every session token easy to forge.
                if value.len() < MIN_SECRET_KEY_BYTES {
                    return Err(ConfigError::SecretFile {
                        path,
                        source: std::io::Error::new(
                            ErrorKind::InvalidData,
                            format!(
                                "the session signing key in this file is {} bytes long; it must be at least {MIN_SECRET_KEY_BYTES} (delete the file to generate a new one, which signs everyone out)",
                                value.len()
                            ),
                        ),
                    });
                }
                uses_data_dir = true;
                notices.push(ConfigNotice(format!(
                    "RESUME_EDITOR_SECRET_KEY is not set: using the key {} in {}; set the variable in production",
                    if created { "generated now" } else { "generated earlier" },
                    path.display()
                )));
                SecretString::from(value)
            }
        };
        let encryption_key = match get("ENCRYPTION_KEY") {
            Some(value) => decode_key(&value).ok_or_else(|| {
                invalid(
                    "ENCRYPTION_KEY",
                    "expected 32 bytes, base64 (44 characters) or hex (64 characters)",
                )
            })?,
            None => {
                let path = data_dir.join(ENCRYPTION_KEY_FILE);
                let (value, created) = load_or_create_secret(&path, 32)?;
                uses_data_dir = true;
                notices.push(ConfigNotice(format!(
                    "RESUME_EDITOR_ENCRYPTION_KEY is not set: using the key {} in {}; set the variable in production and keep a copy (losing it makes stored API keys unreadable)",
                    if created { "generated now" } else { "generated earlier" },
                    path.display()
                )));
                decode_key(&value).ok_or_else(|| ConfigError::SecretFile {
                    path,
                    source: std::io::Error::new(ErrorKind::InvalidData, "not a 32-byte base64 key"),
                })?
            }
        };
        if uses_data_dir
            && let Ok(metadata) = fs::metadata(&data_dir)
            && let Some(mode) = private_files::open_to_others(&metadata)
        {
            notices.push(ConfigNotice(format!(
                "the data directory {} is open to group or others (mode {mode:o}) and holds secrets or the database; make it private with `chmod 700 {}`",
                data_dir.display(),
                data_dir.display()
            )));
        }

        Ok((
            Self {
                database_url,
                database_max_connections,
                data_dir,
                bind,
                secret_key,
                encryption_key: SecretBox::new(Box::new(encryption_key)),
                cookie_secure,
                registration_open,
                session_timeout_minutes,
                impersonation_minutes,
                log,
                log_format,
                static_dir,
                llm: LlmSettings::from_lookup(&get)?,
                runtime: RuntimeSettings::from_lookup(&get)?,
                setup_token: get("SETUP_TOKEN")
                    .map(|value| SecretString::from(value.trim().to_owned())),
                quotas: Quotas::from_lookup(&get)?,
                trusted_proxies,
                audit_retention_days,
            },
            notices,
        ))
    }

    /// Whether cookies get the `Secure` attribute: the configured value, else true unless the
    /// server is bound to a loopback address (plain-HTTP local use).
    #[must_use]
    pub fn cookie_secure(&self) -> bool {
        self.cookie_secure
            .unwrap_or_else(|| !self.bind.ip().is_loopback())
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(invalid(key, "expected true or false")),
    }
}

fn parse_minutes(
    key: &str,
    value: Option<String>,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, ConfigError> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.trim().parse::<u32>() {
        Ok(minutes) if (min..=max).contains(&minutes) => Ok(minutes),
        _ => Err(invalid(
            key,
            &format!("expected a whole number of minutes from {min} to {max}"),
        )),
    }
}

/// Decodes a 32-byte key written as base64 or hex.
fn decode_key(value: &str) -> Option<[u8; 32]> {
    let value = value.trim();
    let bytes = if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..32)
            .map(|i| u8::from_str_radix(&value[2 * i..2 * i + 2], 16).ok())
            .collect::<Option<Vec<u8>>>()?
    } else {
        BASE64.decode(value).ok()?
    };
    bytes.try_into().ok()
}

/// Reads the base64 secret in `path`, or creates the file (mode 0600, in a data directory
/// created 0700, never overwriting one that appeared meanwhile) with `len` random bytes.
/// Returns the value and whether it was created now.
///
/// An existing file is refused when group or others have any access to it (like SSH's private
/// keys: a secret others could read is no longer a secret, and a silent warning is easy to
/// miss) or when it is empty. Its length is checked by the caller, which knows what it needs.
pub(crate) fn load_or_create_secret(
    path: &Path,
    len: usize,
) -> Result<(String, bool), ConfigError> {
    let file_error = |source| ConfigError::SecretFile {
        path: path.to_owned(),
        source,
    };
    match read_secret(path) {
        Ok(value) => return Ok((value, false)),
        Err(error) if error.kind() == ErrorKind::NotFound => {}
        Err(error) => return Err(file_error(error)),
    }
    if let Some(parent) = path.parent() {
        private_files::create_private_dir(parent).map_err(file_error)?;
    }
    let mut bytes = vec![0_u8; len];
    getrandom::fill(&mut bytes)
        .map_err(|error| file_error(std::io::Error::other(error.to_string())))?;
    let value = BASE64.encode(&bytes);
    match private_files::create_new_private().open(path) {
        Ok(mut file) => {
            file.write_all(value.as_bytes()).map_err(file_error)?;
            file.sync_all().map_err(file_error)?;
            Ok((value, true))
        }
        // Another process created it between our read and our create: use theirs.
        Err(error) if error.kind() == ErrorKind::AlreadyExists => read_secret(path)
            .map(|value| (value, false))
            .map_err(file_error),
        Err(error) => Err(file_error(error)),
    }
}

/// The trimmed content of an existing secret file, after checking its permissions (on the open
/// file, so the file checked is the file read) and that it is not empty. Error messages name
/// the problem, never the content.
fn read_secret(path: &Path) -> std::io::Result<String> {
    let mut file = fs::File::open(path)?;
    if let Some(mode) = private_files::open_to_others(&file.metadata()?) {
        return Err(std::io::Error::new(
            ErrorKind::PermissionDenied,
            format!(
                "group or others have access to this secret file (mode {mode:o}); \
                 make it private with `chmod 600 {}`",
                path.display()
            ),
        ));
    }
    let mut value = String::new();
    std::io::Read::read_to_string(&mut file, &mut value)?;
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(std::io::Error::new(
            ErrorKind::InvalidData,
            "the secret file is empty (an interrupted write?); delete it to generate a new one",
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<(Settings, Vec<ConfigNotice>), ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (format!("{ENV_PREFIX}{k}"), (*v).to_owned()))
            .collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn redacts_the_database_password() {
        let url = DatabaseUrl::new("postgres://app:s3cr3t@db.example:5432/resume?sslmode=require");
        assert_eq!(
            format!("{url:?}"),
            "postgres://app:***@db.example:5432/resume?sslmode=require"
        );
        assert_eq!(
            DatabaseUrl::new("postgres://app@db/x").redacted(),
            "postgres://app@db/x"
        );
        assert_eq!(
            DatabaseUrl::new("sqlite://data/x.db?mode=rwc").redacted(),
            "sqlite://data/x.db?mode=rwc"
        );
    }

    #[test]
    fn defaults_apply_and_debug_never_prints_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let secret = "k".repeat(40);
        let (settings, notices) = settings(&[
            ("DATA_DIR", data),
            ("SECRET_KEY", &secret),
            ("ENCRYPTION_KEY", &"ab".repeat(32)),
            ("DATABASE_URL", "postgres://u:hunter2hunter2@localhost/db"),
        ])
        .unwrap();
        assert!(notices.is_empty());
        assert_eq!(settings.bind, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert!(!settings.cookie_secure());
        assert!(!settings.registration_open);
        assert_eq!(settings.session_timeout_minutes, 60);
        assert_eq!(settings.impersonation_minutes, 60);
        assert_eq!(settings.encryption_key.expose_secret(), &[0xab; 32]);
        let debug = format!("{settings:?}");
        assert!(!debug.contains(&secret), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(!debug.contains("abab"), "{debug}");
    }

    #[test]
    fn cookies_are_secure_unless_bound_to_loopback_or_configured() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let (public, _) = settings(&[("DATA_DIR", data), ("BIND", "0.0.0.0:80")]).unwrap();
        assert!(public.cookie_secure());
        let (forced, _) = settings(&[
            ("DATA_DIR", data),
            ("COOKIE_SECURE", "false"),
            ("BIND", "0.0.0.0:80"),
        ])
        .unwrap();
        assert!(!forced.cookie_secure());
    }

    #[test]
    fn quotas_and_the_setup_token_are_read_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let (defaults, _) = settings(&[("DATA_DIR", data)]).unwrap();
        assert_eq!(defaults.quotas, Quotas::default());
        assert!(defaults.setup_token.is_none());
        let (set, _) = settings(&[
            ("DATA_DIR", data),
            ("MAX_RESUMES_PER_USER", "7"),
            ("MAX_REVISIONS_PER_RESUME", "8"),
            ("MAX_SESSIONS_PER_USER", "9"),
            ("SETUP_TOKEN", " let me in "),
        ])
        .unwrap();
        assert_eq!(
            set.quotas,
            Quotas {
                resumes_per_user: 7,
                revisions_per_resume: 8,
                sessions_per_user: 9,
            }
        );
        assert!(
            !format!("{set:?}").contains("let me in"),
            "Debug redacts it"
        );
        assert_eq!(set.setup_token.unwrap().expose_secret(), "let me in");
        let error = settings(&[("DATA_DIR", data), ("MAX_SESSIONS_PER_USER", "0")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "RESUME_EDITOR_MAX_SESSIONS_PER_USER: expected a whole number from 1 to 10000"
        );
    }

    #[test]
    fn trusted_proxies_and_audit_retention_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let (defaults, _) = settings(&[("DATA_DIR", data)]).unwrap();
        assert!(defaults.trusted_proxies.is_empty());
        assert_eq!(defaults.audit_retention_days, DEFAULT_AUDIT_RETENTION_DAYS);
        let (set, _) = settings(&[
            ("DATA_DIR", data),
            ("TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
            ("AUDIT_RETENTION_DAYS", "0"),
        ])
        .unwrap();
        assert!(set.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(set.trusted_proxies.contains("::1".parse().unwrap()));
        assert_eq!(set.audit_retention_days, 0);
        let error = settings(&[("DATA_DIR", data), ("TRUSTED_PROXIES", "10.0.0.1,proxy")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "RESUME_EDITOR_TRUSTED_PROXIES: entry 2 is not an IP address or CIDR range (like 10.0.0.1 or 10.0.0.0/8)"
        );
        let error = settings(&[("DATA_DIR", data), ("AUDIT_RETENTION_DAYS", "-1")])
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("RESUME_EDITOR_AUDIT_RETENTION_DAYS:"),
            "{error}"
        );
    }

    #[test]
    fn rejects_out_of_range_values_without_echoing_them() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let error = settings(&[("DATA_DIR", data), ("SESSION_TIMEOUT_MINUTES", "5")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "RESUME_EDITOR_SESSION_TIMEOUT_MINUTES: expected a whole number of minutes from 15 to 1440"
        );
        let error = settings(&[("DATA_DIR", data), ("SECRET_KEY", "short-secret")]).unwrap_err();
        assert!(!error.to_string().contains("short-secret"));
        let error = settings(&[("DATA_DIR", data), ("ENCRYPTION_KEY", "not-a-key")]).unwrap_err();
        assert!(!error.to_string().contains("not-a-key"));
    }

    #[test]
    fn llm_limits_and_timeouts_reach_the_client_and_are_range_checked() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let (defaults, _) = settings(&[("DATA_DIR", data)]).unwrap();
        let config = defaults.llm.client_config();
        assert_eq!(config.max_tokens, 8192);
        assert_eq!(config.connect_timeout, std::time::Duration::from_secs(10));
        assert_eq!(config.idle_timeout, std::time::Duration::from_secs(60));
        assert_eq!(config.concurrency, 4);
        let (set, _) = settings(&[
            ("DATA_DIR", data),
            ("LLM_MAX_TOKENS", "4096"),
            ("LLM_CONNECT_TIMEOUT_SECONDS", "3"),
            ("LLM_IDLE_TIMEOUT_SECONDS", "90"),
            ("LLM_TIMEOUT_SECONDS", "300"),
            ("LLM_CONCURRENCY", "2"),
        ])
        .unwrap();
        let config = set.llm.client_config();
        assert_eq!(config.max_tokens, 4096);
        assert_eq!(config.connect_timeout, std::time::Duration::from_secs(3));
        assert_eq!(config.idle_timeout, std::time::Duration::from_secs(90));
        assert_eq!(config.timeout, std::time::Duration::from_secs(300));
        assert_eq!(config.concurrency, 2);
        for (name, value) in [
            ("LLM_MAX_TOKENS", "8"),
            ("LLM_CONNECT_TIMEOUT_SECONDS", "301"),
            ("LLM_IDLE_TIMEOUT_SECONDS", "0"),
        ] {
            let error = settings(&[("DATA_DIR", data), (name, value)])
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with(&format!("RESUME_EDITOR_{name}: ")),
                "{error}"
            );
        }
    }

    #[test]
    fn llm_allowed_hosts_parse_and_exclude_allowing_every_private_address() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let (listed, _) = settings(&[
            ("DATA_DIR", data),
            ("LLM_ALLOWED_HOSTS", "ollama.lan:11434, 10.0.0.0/8"),
        ])
        .unwrap();
        assert!(!listed.llm.allowed_hosts.is_empty());
        assert_eq!(
            listed.llm.client_config().allowed_hosts,
            listed.llm.allowed_hosts
        );

        let error = settings(&[("DATA_DIR", data), ("LLM_ALLOWED_HOSTS", "ollama.lan:http")])
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("RESUME_EDITOR_LLM_ALLOWED_HOSTS: ")
                && error.contains("ollama.lan:http"),
            "{error}"
        );
        let error = settings(&[
            ("DATA_DIR", data),
            ("LLM_ALLOWED_HOSTS", "ollama.lan"),
            ("LLM_ALLOW_PRIVATE", "true"),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("set one of them"), "{error}");
    }

    #[test]
    fn secret_files_that_are_empty_short_or_open_to_others_are_refused_without_their_value() {
        use std::os::unix::fs::PermissionsExt as _;

        // Arrange: both secrets generated once.
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        settings(&[("DATA_DIR", data)]).unwrap();
        let secret = dir.path().join(SECRET_KEY_FILE);
        let encryption = dir.path().join(ENCRYPTION_KEY_FILE);
        let good_secret = fs::read_to_string(&secret).unwrap();
        let chmod = |path: &Path, mode: u32| {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
        };
        let refused = |needle: &str, value: &str| {
            let error = settings(&[("DATA_DIR", data)]).unwrap_err().to_string();
            assert!(error.contains(needle), "{error}");
            if !value.is_empty() {
                assert!(!error.contains(value), "the value is never shown: {error}");
            }
            error
        };

        // Act / Assert: an empty signing key (a crash between create and write, or `touch`).
        fs::write(&secret, "\n").unwrap();
        let error = refused("empty", "");
        assert!(error.contains(SECRET_KEY_FILE), "{error}");

        // A short one.
        fs::write(&secret, "short-but-private").unwrap();
        let error = refused("at least 32", "short-but-private");
        assert!(error.contains(SECRET_KEY_FILE), "{error}");

        // A good one that others can read.
        fs::write(&secret, &good_secret).unwrap();
        chmod(&secret, 0o644);
        let error = refused("chmod 600", good_secret.trim());
        assert!(error.contains("mode 644"), "{error}");
        chmod(&secret, 0o600);

        // The encryption key open to the group.
        chmod(&encryption, 0o640);
        let key = fs::read_to_string(&encryption).unwrap();
        let error = refused("chmod 600", key.trim());
        assert!(error.contains(ENCRYPTION_KEY_FILE), "{error}");

        // Made private again, both are accepted.
        chmod(&encryption, 0o600);
        settings(&[("DATA_DIR", data)]).unwrap();
    }

    #[test]
    fn the_data_directory_is_created_private_and_an_open_one_is_reported() {
        use std::os::unix::fs::PermissionsExt as _;

        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("new").join("data");
        let data = data.to_str().unwrap();
        let (_, notices) = settings(&[("DATA_DIR", data)]).unwrap();
        let mode = fs::metadata(data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert!(
            notices.iter().all(|n| !n.0.contains("chmod 700")),
            "{notices:?}"
        );

        fs::set_permissions(data, fs::Permissions::from_mode(0o755)).unwrap();
        let (_, notices) = settings(&[("DATA_DIR", data)]).unwrap();
        assert!(
            notices
                .iter()
                .any(|n| n.0.contains(data) && n.0.contains("chmod 700")),
            "{notices:?}"
        );
    }

    #[test]
    fn generates_secrets_once_with_mode_0600_and_reuses_them() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested");
        let data = data.to_str().unwrap();

        let (first, notices) = settings(&[("DATA_DIR", data)]).unwrap();
        assert_eq!(notices.len(), 2);
        for notice in &notices {
            assert!(notice.0.contains("generated now"), "{notice:?}");
        }
        for file in [SECRET_KEY_FILE, ENCRYPTION_KEY_FILE] {
            let path = Path::new(data).join(file);
            let mode = {
                use std::os::unix::fs::PermissionsExt as _;
                fs::metadata(&path).unwrap().permissions().mode() & 0o777
            };
            assert_eq!(mode, 0o600, "{file}");
            let content = fs::read_to_string(&path).unwrap();
            for notice in &notices {
                assert!(
                    !notice.0.contains(content.trim()),
                    "a notice names the value"
                );
            }
        }

        let (second, notices) = settings(&[("DATA_DIR", data)]).unwrap();
        assert!(notices.iter().all(|n| n.0.contains("generated earlier")));
        assert_eq!(
            first.secret_key.expose_secret(),
            second.secret_key.expose_secret()
        );
        assert_eq!(
            first.encryption_key.expose_secret(),
            second.encryption_key.expose_secret()
        );
    }
}
