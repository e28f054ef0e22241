//! CSRF values bound to their session: the value of a session is an HMAC-SHA256 of the session
//! id under a key derived from `RESUME_EDITOR_SECRET_KEY`, so only the server can make one and
//! a cookie/header pair taken from another session (or made up) does not pass.
//!
//! The value needs no storage: any instance recomputes it from the session id. It is not a
//! secret from the page (the page must read it to send it back), only unforgeable.

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::ExposeSecret as _;
use uuid::Uuid;

use crate::config::Settings;

/// Labels the derived key, so that it differs from the token-signing use of the same secret.
const KEY_LABEL: &[u8] = b"resume-editor/csrf/v1";

/// The key of the CSRF values.
pub struct CsrfKey(hmac::Key);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey([redacted])")
    }
}

impl CsrfKey {
    /// The key derived from the configured secret.
    #[must_use]
    pub fn new(settings: &Settings) -> Self {
        let secret = hmac::Key::new(
            hmac::HMAC_SHA256,
            settings.secret_key.expose_secret().as_bytes(),
        );
        let derived = hmac::sign(&secret, KEY_LABEL);
        Self(hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()))
    }

    /// The CSRF value of a session.
    #[must_use]
    pub fn token(&self, session_id: Uuid) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.0, session_id.as_bytes()))
    }

    /// Whether `presented` is the CSRF value of the session (compared in constant time).
    #[must_use]
    pub fn verify(&self, session_id: Uuid, presented: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(presented)
            .is_ok_and(|tag| hmac::verify(&self.0, session_id.as_bytes(), &tag).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> CsrfKey {
        let dir = tempfile::tempdir().unwrap();
        let vars = [
            (
                "RESUME_EDITOR_DATA_DIR".to_owned(),
                dir.path().display().to_string(),
            ),
            ("RESUME_EDITOR_SECRET_KEY".to_owned(), secret.to_owned()),
            ("RESUME_EDITOR_ENCRYPTION_KEY".to_owned(), "ab".repeat(32)),
        ];
        let (settings, _) = Settings::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .unwrap();
        CsrfKey::new(&settings)
    }

    #[test]
    fn a_value_passes_for_its_own_session_only() {
        let key = key(&"s".repeat(40));
        let mine = Uuid::new_v4();
        let other = Uuid::new_v4();
        let value = key.token(mine);
        assert!(key.verify(mine, &value));
        assert!(!key.verify(other, &value), "another session's value");
        assert!(!key.verify(mine, &key.token(other)));
        assert!(!key.verify(mine, ""));
        assert!(!key.verify(mine, "not base64 !"));
        assert!(
            !self::key(&"t".repeat(40)).verify(mine, &value),
            "another server secret"
        );
    }
}
