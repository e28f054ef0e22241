//! Session tokens: HS256 JWTs signed with `RESUME_EDITOR_SECRET_KEY`. A token only names a
//! session row (`sid`); whether the session is still valid is decided by that row on every
//! request, so a token is worthless once its session is revoked or expired.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::Settings;

/// Absolute lifetime of a token, in seconds (30 days). Sessions end much earlier through their
/// idle timeout; this bounds how long any one token can be used even if kept alive.
pub const TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 60 * 60;

/// The claims of a session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user the session is for.
    pub sub: Uuid,
    /// The session row.
    pub sid: Uuid,
    /// The administrator behind an impersonation session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imp: Option<Uuid>,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
}

/// Signing and verification keys.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys([redacted])")
    }
}

/// A token could not be created.
#[derive(Debug, thiserror::Error)]
#[error("token signing failed: {0}")]
pub struct SignError(#[from] jsonwebtoken::errors::Error);

impl JwtKeys {
    /// Keys from the configured secret.
    #[must_use]
    pub fn new(settings: &Settings) -> Self {
        let secret = settings.secret_key.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// Signs claims.
    ///
    /// # Errors
    /// When signing fails.
    pub fn sign(&self, claims: &Claims) -> Result<String, SignError> {
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &self.encoding,
        )?)
    }

    /// Verifies a token's signature and expiry and returns its claims.
    #[must_use]
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}
