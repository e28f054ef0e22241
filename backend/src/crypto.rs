//! Encryption of user secrets at rest (the LLM API key and the TOTP secret): AES-256-GCM with the key from
//! `RESUME_EDITOR_ENCRYPTION_KEY` and a fresh random 96-bit nonce for every write, stored beside
//! the ciphertext. Nothing else is encrypted here, and nothing here touches the database.
//!
//! Every ciphertext is bound to its context with associated data ([`api_key_context`]: the
//! user and the endpoint origin the key is meant for). Decrypting needs the same context, so a
//! ciphertext copied to another user's row, or relabelled with another origin, does not
//! decrypt. Ciphertexts written before the binding existed were encrypted with empty associated
//! data; the settings service reads those once and writes them again bound.

use aes_gcm::aead::{Aead as _, Generate as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use secrecy::ExposeSecret as _;
use uuid::Uuid;

use crate::config::Settings;

/// The label that starts the associated data of an LLM API key; the version changes if the
/// layout ever does, so an old layout can never be mistaken for a new one.
const API_KEY_CONTEXT_LABEL: &[u8] = b"resume-editor/llm-api-key/v1\0";

/// Encryption or decryption failed (a wrong key, a wrong context, or tampered data).
#[derive(Debug, thiserror::Error)]
#[error("secret encryption or decryption failed")]
pub struct CryptoError;

/// The associated data binding an LLM API key to its user and to the origin
/// (`scheme://host[:port]`) of the endpoint it may be sent to: the label, the user id's 16
/// bytes, then the origin. The user id has a fixed length, so the layout is unambiguous.
#[must_use]
pub fn api_key_context(user_id: Uuid, origin: &str) -> Vec<u8> {
    let mut context = Vec::with_capacity(API_KEY_CONTEXT_LABEL.len() + 16 + origin.len());
    context.extend_from_slice(API_KEY_CONTEXT_LABEL);
    context.extend_from_slice(user_id.as_bytes());
    context.extend_from_slice(origin.as_bytes());
    context
}

/// The label of a TOTP secret's associated data.
const TOTP_SECRET_CONTEXT_LABEL: &[u8] = b"resume-editor/totp-secret/v1\0";

/// The associated data binding a TOTP secret to its user: the label, then the user id's 16
/// bytes. A secret copied to another user's row does not decrypt.
#[must_use]
pub fn totp_secret_context(user_id: Uuid) -> Vec<u8> {
    let mut context = Vec::with_capacity(TOTP_SECRET_CONTEXT_LABEL.len() + 16);
    context.extend_from_slice(TOTP_SECRET_CONTEXT_LABEL);
    context.extend_from_slice(user_id.as_bytes());
    context
}

/// The cipher for user secrets.
pub struct SecretCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for SecretCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretCipher([redacted])")
    }
}

impl SecretCipher {
    /// The cipher with the configured key.
    #[must_use]
    pub fn new(settings: &Settings) -> Self {
        Self::from_key(settings.encryption_key.expose_secret())
    }

    /// The cipher with a raw 32-byte key.
    #[must_use]
    pub fn from_key(key: &[u8; 32]) -> Self {
        let key = Key::<Aes256Gcm>::from(*key);
        Self {
            cipher: Aes256Gcm::new(&key),
        }
    }

    /// Encrypts `plaintext` bound to `context` (associated data: authenticated, not stored);
    /// returns `(ciphertext, nonce)`.
    ///
    /// # Errors
    /// When encryption fails.
    pub fn encrypt(
        &self,
        plaintext: &[u8],
        context: &[u8],
    ) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
        let nonce = Nonce::generate();
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            .map_err(|_| CryptoError)?;
        Ok((ciphertext, nonce.to_vec()))
    }

    /// Decrypts what [`SecretCipher::encrypt`] produced with the same `context` (empty for
    /// ciphertexts written before contexts were used).
    ///
    /// # Errors
    /// A wrong key, a different context, a malformed nonce or tampered data.
    pub fn decrypt(
        &self,
        ciphertext: &[u8],
        nonce: &[u8],
        context: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError)?;
        self.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: context,
                },
            )
            .map_err(|_| CryptoError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Uuid = Uuid::from_u128(1);
    const BOB: Uuid = Uuid::from_u128(2);

    fn cipher() -> SecretCipher {
        SecretCipher::from_key(&[7; 32])
    }

    #[test]
    fn a_ciphertext_decrypts_only_in_its_own_context() {
        // Arrange
        let cipher = cipher();
        let own = api_key_context(ALICE, "https://api.openai.com");
        let (ciphertext, nonce) = cipher.encrypt(b"sk-alice", &own).unwrap();

        // Act / Assert: the same user and origin decrypt; another user, another origin, no
        // context at all, or a tampered byte do not.
        assert_eq!(
            cipher.decrypt(&ciphertext, &nonce, &own).unwrap(),
            b"sk-alice"
        );
        for other in [
            api_key_context(BOB, "https://api.openai.com"),
            api_key_context(ALICE, "https://attacker.example"),
            api_key_context(ALICE, "https://api.openai.com:8443"),
            Vec::new(),
        ] {
            assert!(cipher.decrypt(&ciphertext, &nonce, &other).is_err());
        }
        let mut tampered = ciphertext.clone();
        tampered[0] ^= 1;
        assert!(cipher.decrypt(&tampered, &nonce, &own).is_err());
    }

    #[test]
    fn ciphertexts_written_without_a_context_decrypt_with_an_empty_one() {
        let cipher = cipher();
        let (ciphertext, nonce) = cipher.encrypt(b"sk-old", &[]).unwrap();
        assert_eq!(cipher.decrypt(&ciphertext, &nonce, &[]).unwrap(), b"sk-old");
        assert!(
            cipher
                .decrypt(&ciphertext, &nonce, &api_key_context(ALICE, "https://x"))
                .is_err()
        );
    }

    #[test]
    fn contexts_of_different_users_or_origins_differ() {
        assert_ne!(
            api_key_context(ALICE, "https://a.example"),
            api_key_context(BOB, "https://a.example")
        );
        assert_ne!(
            api_key_context(ALICE, "https://a.example"),
            api_key_context(ALICE, "http://a.example")
        );
    }
}
