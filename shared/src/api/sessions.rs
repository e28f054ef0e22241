//! Wire types of the signed-in user's sessions (`/auth/sessions`): where and how each was
//! started, when it was last used, and the way to end one.

use serde::{Deserialize, Serialize};

/// How a session was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// The password alone.
    Password,
    /// The password, then the authenticator app's code.
    Totp,
    /// The password, then a recovery code.
    RecoveryCode,
    /// Creating the account (`POST /auth/register`).
    Registration,
    /// Setting up the instance (`POST /setup`).
    Setup,
    /// An administrator acting as the user (never listed to the user).
    Impersonation,
}

impl SignInMethod {
    /// Every method.
    pub const ALL: [Self; 6] = [
        Self::Password,
        Self::Totp,
        Self::RecoveryCode,
        Self::Registration,
        Self::Setup,
        Self::Impersonation,
    ];

    /// The method's name on the wire and in the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
            Self::Registration => "registration",
            Self::Setup => "setup",
            Self::Impersonation => "impersonation",
        }
    }

    /// The method named `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == name)
    }

    /// The method in words, for people.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Password => "Password",
            Self::Totp => "Password and authenticator code",
            Self::RecoveryCode => "Password and recovery code",
            Self::Registration => "Account created",
            Self::Setup => "Instance set up",
            Self::Impersonation => "Administrator acting as you",
        }
    }
}

/// One live session of the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({
        "id": "0b6f1c1e-8d5a-4f7e-9a57-2f0d3c4b5a69", "current": true, "method": "totp",
        "device": "Firefox on Linux",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        "ip": "203.0.113.7", "created_at": "2026-12-07T10:00:00Z",
        "last_seen_at": "2026-12-07T10:42:00Z", "expires_at": "2026-12-07T11:42:00Z"
    }))
)]
pub struct SessionEntry {
    /// Session id (UUID).
    pub id: String,
    /// Whether this is the session of the request.
    pub current: bool,
    /// How it was started.
    pub method: SignInMethod,
    /// The browser and system, from the user agent (`Unknown device` without one).
    pub device: String,
    /// The user agent it was started from, as sent (at most 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The address it was started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// When it started, RFC 3339.
    pub created_at: String,
    /// When it was last used (to the minute: it is written at most once a minute).
    pub last_seen_at: String,
    /// When it ends unless used.
    pub expires_at: String,
}

/// `GET /auth/sessions`: the signed-in user's live sessions, the most recently used first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    /// The sessions.
    pub items: Vec<SessionEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_reads_back_from_its_name() {
        for method in SignInMethod::ALL {
            assert_eq!(SignInMethod::from_name(method.as_str()), Some(method));
            assert_eq!(
                serde_json::to_value(method).unwrap(),
                serde_json::json!(method.as_str())
            );
        }
        assert_eq!(SignInMethod::from_name("magic"), None);
    }
}
