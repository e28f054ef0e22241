//! Fingerprints of login names that match no account, for the audit log and the login rate
//! limit. A login name can be anything a person typed into the field, a password included, so
//! it is never stored. Its fingerprint is an HMAC-SHA256 under the server's secret key: the
//! same name always gives the same fingerprint, so an administrator can see that one unknown
//! name was tried a hundred times, but without the key nobody can test guesses against it.
//!
//! The name is compared as the login compares it (trimmed, lower-cased), so `Bob` and `bob`
//! share a fingerprint. The message starts with a fixed label, keeping these MACs apart from
//! anything else the key signs.

use aws_lc_rs::hmac;
use secrecy::{ExposeSecret as _, SecretString};

/// Separates this use of the secret key from its others.
const LABEL: &[u8] = b"resume-editor login-name fingerprint v1\0";

/// Hexadecimal characters kept (64 bits: unique enough to tell names apart in one log).
const FINGERPRINT_CHARS: usize = 16;

/// The fingerprint of the login name `name` under `secret`: 16 lower-case hexadecimal digits.
#[must_use]
pub fn login_name(secret: &SecretString, name: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose_secret().as_bytes());
    let mut context = hmac::Context::with_key(&key);
    context.update(LABEL);
    context.update(name.trim().to_lowercase().as_bytes());
    let tag = context.sign();
    tag.as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<String>()
        .chars()
        .take(FINGERPRINT_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_per_name_and_key_and_reveal_nothing() {
        let key = SecretString::from("k".repeat(40));
        let other_key = SecretString::from("o".repeat(40));
        let typed = "Correct Horse Battery";
        let fingerprint = login_name(&key, typed);
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(fingerprint, login_name(&key, "  correct horse battery "));
        assert_ne!(fingerprint, login_name(&key, "correct horse battery!"));
        assert_ne!(fingerprint, login_name(&other_key, typed));
        assert!(!fingerprint.contains("horse"));
        // HMAC-SHA256 of the label and the name, truncated: a known answer.
        let key = hmac::Key::new(hmac::HMAC_SHA256, "k".repeat(40).as_bytes());
        let mut message = LABEL.to_vec();
        message.extend_from_slice(b"correct horse battery");
        let expected: String = hmac::sign(&key, &message).as_ref()[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(fingerprint, expected);
    }
}
