//! Wire types of personal access tokens (`/tokens` for the signed-in user,
//! `/admin/users/{id}/tokens` for administrators): long-lived bearer credentials for scripts
//! and third-party clients, shown once, stored as a hash, limited to a scope.

use serde::{Deserialize, Serialize};

use super::input::{CheckInput, Limit, MAX_NAME_CHARS, Problems, check_line};

/// The prefix of every personal access token, so secret scanners can find leaked ones.
pub const TOKEN_PREFIX: &str = "re_pat_";
/// The longest expiry a token may be given, in days (ten years).
pub const MAX_TOKEN_DAYS: u32 = 3650;

/// What a personal access token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TokenScope {
    /// Reads only: every `POST`, `PUT`, `PATCH` and `DELETE` answers 403 `insufficient_scope`.
    Read,
    /// Reads and writes of the user's resumes, refinements and documents.
    ReadWrite,
}

impl TokenScope {
    /// The scope's name on the wire and in the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::ReadWrite => "read-write",
        }
    }

    /// The scope named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Read, Self::ReadWrite]
            .into_iter()
            .find(|scope| scope.as_str() == name)
    }
}

/// `POST /tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"name": "backup script", "scope": "read", "expires_in_days": 90}))
)]
pub struct CreateApiTokenRequest {
    /// What the token is for, shown in the list: 1–255 characters, one line.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 255,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    /// What the token may do.
    pub scope: TokenScope,
    /// Days until the token stops working (1–3650); absent: it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650))]
    pub expires_in_days: Option<u32>,
}

impl CheckInput for CreateApiTokenRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_line(problems, "name", &self.name, Limit::Chars(MAX_NAME_CHARS));
        if is_blank(&self.name) {
            problems
                .entry("name".to_owned())
                .or_insert_with(|| "must not be blank".to_owned());
        }
        if self
            .expires_in_days
            .is_some_and(|days| !(1..=MAX_TOKEN_DAYS).contains(&days))
        {
            problems.insert(
                "expires_in_days".to_owned(),
                format!("must be from 1 to {MAX_TOKEN_DAYS}"),
            );
        }
    }
}

/// Whether `text` holds nothing but white space, as JSON Schema's `\s` counts it (Unicode
/// white space and the byte order mark), so the document's pattern and this check agree.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// A personal access token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "id": "0b6f1c1e-8d5a-4f7e-9a57-2f0d3c4b5a69", "name": "backup script", "scope": "read",
        "hint": "re_pat_Xk3…", "created_at": "2026-12-07T10:00:00Z",
        "last_used_at": "2026-12-07T10:05:00Z", "last_used_ip": "203.0.113.7",
        "expires_at": "2027-03-07T10:00:00Z"
    }))
)]
pub struct ApiTokenResponse {
    /// Token id (UUID).
    pub id: String,
    /// What the token is for.
    pub name: String,
    /// What the token may do.
    pub scope: TokenScope,
    /// The first characters of the token, to recognise it (`re_pat_` and four more).
    pub hint: String,
    /// When it was created (RFC 3339, UTC, to the second: `…Z`).
    pub created_at: String,
    /// When it was last used, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    /// The address it was last used from, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_ip: Option<String>,
    /// When it stops working; absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// The answer of `POST /tokens`: the token, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiTokenResponse {
    /// The secret to send as `Authorization: Bearer <secret>`. It is shown only here; the
    /// server keeps a hash of it.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^re_pat_[A-Za-z0-9_-]{43}$"))]
    pub secret: String,
    /// The token as it will be listed.
    pub token: ApiTokenResponse,
}

/// `GET /tokens` and `GET /admin/users/{id}/tokens`: the live tokens (not revoked, not
/// expired), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenListResponse {
    /// The tokens, newest first.
    pub items: Vec<ApiTokenResponse>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_have_their_wire_names_both_ways() {
        for scope in [TokenScope::Read, TokenScope::ReadWrite] {
            let json = serde_json::to_string(&scope).unwrap();
            assert_eq!(json, format!("\"{}\"", scope.as_str()));
            assert_eq!(TokenScope::from_name(scope.as_str()), Some(scope));
        }
        assert_eq!(TokenScope::from_name("write"), None);
    }

    #[test]
    fn names_and_expiries_are_checked() {
        let mut problems = Problems::new();
        CreateApiTokenRequest {
            name: "  ".to_owned(),
            scope: TokenScope::Read,
            expires_in_days: Some(0),
        }
        .check_input(&mut problems);
        assert_eq!(problems["name"], "must not be blank");
        assert_eq!(problems["expires_in_days"], "must be from 1 to 3650");
        let mut fine = Problems::new();
        CreateApiTokenRequest {
            name: "ci".to_owned(),
            scope: TokenScope::ReadWrite,
            expires_in_days: Some(3650),
        }
        .check_input(&mut fine);
        assert!(fine.is_empty());
    }
}
