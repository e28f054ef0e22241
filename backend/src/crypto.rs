//! Encryption of user secrets at rest (the LLM API key): AES-256-GCM with the key from
//! `RESUME_EDITOR_ENCRYPTION_KEY` and a fresh random 96-bit nonce for every write, stored beside
//! the ciphertext. Nothing else is encrypted here, and nothing here touches the database.

use aes_gcm::aead::{Aead as _, Generate as _, KeyInit as _};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use secrecy::ExposeSecret as _;

use crate::config::Settings;

/// Encryption or decryption failed (a wrong key, or tampered data).
#[derive(Debug, thiserror::Error)]
#[error("secret encryption or decryption failed")]
pub struct CryptoError;

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
        let key = Key::<Aes256Gcm>::from(*settings.encryption_key.expose_secret());
        Self {
            cipher: Aes256Gcm::new(&key),
        }
    }

    /// Encrypts `plaintext`; returns `(ciphertext, nonce)`.
    ///
    /// # Errors
    /// When encryption fails.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
        let nonce = Nonce::generate();
        let ciphertext = self
            .cipher
            .encrypt(&nonce, plaintext)
            .map_err(|_| CryptoError)?;
        Ok((ciphertext, nonce.to_vec()))
    }

    /// Decrypts what [`SecretCipher::encrypt`] produced.
    ///
    /// # Errors
    /// A wrong key, a malformed nonce or tampered data.
    pub fn decrypt(&self, ciphertext: &[u8], nonce: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError)?;
        self.cipher
            .decrypt(&nonce, ciphertext)
            .map_err(|_| CryptoError)
    }
}
