//! Wire types of share links (`/resumes/{id}/shares`): public, read-only links to one resume,
//! shown as a web page in a template with its PDF, at `/s/{token}`.
//!
//! A link either keeps the resume as it was when the link was made (`snapshot`) or follows
//! its latest version (`latest`). It may expire, may need a password, and can be revoked; the
//! owner sees how often it was viewed. The limits here are checked before anything else; the
//! server then checks what needs the clock (an expiry in the future).

use serde::{Deserialize, Serialize};

use super::Patch;
use super::input::{CheckInput, Limit, MAX_PASSWORD_BYTES, Problems, check_line, check_secret};

/// Shortest share password, in characters.
pub const MIN_SHARE_PASSWORD_CHARS: usize = 8;
/// Longest expiry text (an RFC 3339 timestamp), in characters.
pub const MAX_EXPIRY_CHARS: usize = 64;
/// Most links a resume may have, revoked ones included.
pub const MAX_SHARES_PER_RESUME: u64 = 50;

/// Which version of the resume a link shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareMode {
    /// The resume text of the moment the link was made, whatever changes later.
    Snapshot,
    /// The resume as it is whenever the link is opened (the default).
    #[default]
    Latest,
}

impl ShareMode {
    /// Both modes.
    pub const ALL: [Self; 2] = [Self::Snapshot, Self::Latest];

    /// The mode's name, as stored and as in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Snapshot => "snapshot",
            Self::Latest => "latest",
        }
    }

    /// The mode named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

/// The template a link shows the resume in (the designed templates, which render PDF).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareTemplate {
    /// Sans-serif with an accent colour (the default).
    #[default]
    Modern,
    /// Serif, traditional.
    Classic,
    /// Dense, to fit one page.
    Compact,
}

impl ShareTemplate {
    /// Every template a link can use.
    pub const ALL: [Self; 3] = [Self::Modern, Self::Classic, Self::Compact];

    /// The template's name, as stored, as in JSON and as `GET /templates` lists it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Modern => "modern",
            Self::Classic => "classic",
            Self::Compact => "compact",
        }
    }

    /// The template named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|template| template.as_str() == name)
    }
}

/// `POST /resumes/{id}/shares`: a new link. Unknown fields are refused (400 `invalid_json`
/// naming them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "mode": "snapshot", "template": "classic", "expires_at": "2027-01-31T12:00:00Z",
        "password": "a phrase to share", "indexable": false
    }))
)]
#[serde(deny_unknown_fields)]
pub struct CreateShareRequest {
    /// `snapshot` or `latest` (default `latest`).
    #[serde(default)]
    pub mode: ShareMode,
    /// The template of the page and the PDF (default `modern`).
    #[serde(default)]
    pub template: ShareTemplate,
    /// When the link stops working (RFC 3339, in the future); absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 64,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$",
            example = "2027-01-31T12:00:00Z"
        )
    )]
    pub expires_at: Option<String>,
    /// A password visitors must give (8 characters to 1024 bytes); absent: none. Stored only
    /// as an argon2 hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 1024))]
    pub password: Option<String>,
    /// Whether search engines may index the page (default false: `noindex`).
    #[serde(default)]
    pub indexable: bool,
}

impl CheckInput for CreateShareRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_expiry(problems, self.expires_at.as_deref());
        check_password(problems, self.password.as_deref());
    }
}

/// The size and characters of an expiry text.
fn check_expiry(problems: &mut Problems, expires_at: Option<&str>) {
    if let Some(expires_at) = expires_at {
        check_line(
            problems,
            "expires_at",
            expires_at,
            Limit::Chars(MAX_EXPIRY_CHARS),
        );
    }
}

/// The length of a share password.
fn check_password(problems: &mut Problems, password: Option<&str>) {
    if let Some(password) = password {
        check_secret(
            problems,
            "password",
            password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
        if password.chars().count() < MIN_SHARE_PASSWORD_CHARS {
            problems.entry("password".to_owned()).or_insert_with(|| {
                format!("must be at least {MIN_SHARE_PASSWORD_CHARS} characters")
            });
        }
    }
}

/// `PATCH /resumes/{id}/shares/{share_id}`: changes some settings of a live or expired link
/// (a revoked one cannot change). Absent fields stay; `null` clears the expiry or the
/// password. A new password (or none) ends every grant visitors hold. Unknown fields are
/// refused (400 `invalid_json` naming them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"expires_at": "2027-03-01T00:00:00Z", "password": null}))
)]
#[serde(deny_unknown_fields)]
pub struct UpdateShareRequest {
    /// A new expiry (RFC 3339, in the future), or `null` for none.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<String>, max_length = 64, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub expires_at: Patch<String>,
    /// A new password (8 characters to 1024 bytes), or `null` for none.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<String>, min_length = 8, max_length = 1024)
    )]
    pub password: Patch<String>,
    /// Whether search engines may index the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexable: Option<bool>,
}

impl CheckInput for UpdateShareRequest {
    fn check_input(&self, problems: &mut Problems) {
        if let Patch::Set(expires_at) = &self.expires_at {
            check_expiry(problems, Some(expires_at));
        }
        if let Patch::Set(password) = &self.password {
            check_password(problems, Some(password));
        }
    }
}

/// A link as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "id": "0b6f1c1e-8d5a-4f7e-9a57-2f0d3c4b5a69",
        "resume_id": "5f0c6a57-2f0d-4c4b-8d5a-0b6f1c1e9a57",
        "path": "/s/3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "mode": "snapshot", "template": "classic", "has_password": true, "indexable": false,
        "expires_at": "2027-01-31T12:00:00Z", "created_at": "2026-12-09T10:00:00Z",
        "view_count": 3, "last_viewed_at": "2026-12-09T11:00:00Z", "active": true
    }))
)]
pub struct ShareResponse {
    /// Link id (UUID), for revoking it.
    pub id: String,
    /// The resume it shows.
    pub resume_id: String,
    /// The link's path on this server, `/s/{token}`: the public address is the server's origin
    /// followed by it.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^/s/[A-Za-z0-9_-]{43}$"))]
    pub path: String,
    /// Which version it shows.
    pub mode: ShareMode,
    /// The template of its page and PDF.
    pub template: ShareTemplate,
    /// Whether visitors need a password.
    pub has_password: bool,
    /// Whether search engines may index it.
    pub indexable: bool,
    /// When it stops working; absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked; absent: it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// How many times its page was shown (the password form and the PDF do not count).
    pub view_count: i64,
    /// When its page was last shown; absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_viewed_at: Option<String>,
    /// Whether it works now: neither revoked nor expired.
    pub active: bool,
}

/// `GET /resumes/{id}/shares`: every link of the resume, the newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareListResponse {
    /// The links, revoked and expired ones included.
    pub items: Vec<ShareResponse>,
}
