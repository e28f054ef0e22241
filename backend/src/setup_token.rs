//! The setup token of an instance that anyone on the network could reach before its first
//! administrator exists: `POST /setup` must then present it, so that reaching the port first
//! is not enough to own the instance.
//!
//! `RESUME_EDITOR_SETUP_TOKEN` sets it. Without it, a server bound to a non-loopback address
//! that is not set up yet generates one into `DATA_DIR/setup_token` (mode 0600, reused on the
//! next start) and logs where it is — never the value. On loopback nobody else can reach the
//! port, so no token is needed unless one is configured.
//!
//! This module only decides the token; `services::setup` checks it.

use std::path::PathBuf;

use secrecy::SecretString;

use crate::config::{ConfigError, SETUP_TOKEN_FILE, Settings, load_or_create_secret};

/// Random bytes of a generated token (base64: 32 characters).
const GENERATED_BYTES: usize = 24;

/// Where the token of a generated setup token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedToken {
    /// The file holding it.
    pub path: PathBuf,
    /// Whether it was created now (else an earlier start created it).
    pub created: bool,
}

/// Gives `settings` a generated setup token when it needs one: not set up yet, bound to a
/// non-loopback address, and none configured. Returns where it is, for the log.
///
/// # Errors
/// The token file cannot be read or created.
pub fn ensure(
    settings: &mut Settings,
    set_up: bool,
) -> Result<Option<GeneratedToken>, ConfigError> {
    if set_up || settings.setup_token.is_some() || settings.bind.ip().is_loopback() {
        return Ok(None);
    }
    let path = settings.data_dir.join(SETUP_TOKEN_FILE);
    let (value, created) = load_or_create_secret(&path, GENERATED_BYTES)?;
    settings.setup_token = Some(SecretString::from(value));
    Ok(Some(GeneratedToken { path, created }))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use secrecy::ExposeSecret as _;

    use super::*;

    fn settings(data_dir: &std::path::Path, bind: &str, token: Option<&str>) -> Settings {
        let mut vars = vec![
            (
                "RESUME_EDITOR_DATA_DIR".to_owned(),
                data_dir.display().to_string(),
            ),
            ("RESUME_EDITOR_SECRET_KEY".to_owned(), "s".repeat(40)),
            ("RESUME_EDITOR_ENCRYPTION_KEY".to_owned(), "ab".repeat(32)),
            ("RESUME_EDITOR_BIND".to_owned(), bind.to_owned()),
        ];
        if let Some(token) = token {
            vars.push(("RESUME_EDITOR_SETUP_TOKEN".to_owned(), token.to_owned()));
        }
        Settings::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .unwrap()
        .0
    }

    #[test]
    fn a_public_bind_without_a_token_generates_one_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = settings(dir.path(), "0.0.0.0:8080", None);
        let generated = ensure(&mut first, false).unwrap().unwrap();
        assert!(generated.created);
        assert_eq!(generated.path, dir.path().join(SETUP_TOKEN_FILE));
        let mode = std::fs::metadata(&generated.path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        let token = first
            .setup_token
            .as_ref()
            .unwrap()
            .expose_secret()
            .to_owned();
        assert!(token.len() >= 32, "{token}");

        let mut second = settings(dir.path(), "[::]:8080", None);
        let again = ensure(&mut second, false).unwrap().unwrap();
        assert!(!again.created, "reused");
        assert_eq!(second.setup_token.unwrap().expose_secret(), token);
    }

    #[test]
    fn loopback_a_configured_token_or_a_set_up_instance_need_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut loopback = settings(dir.path(), "127.0.0.1:8080", None);
        assert_eq!(ensure(&mut loopback, false).unwrap(), None);
        assert!(loopback.setup_token.is_none());

        let mut set_up = settings(dir.path(), "0.0.0.0:8080", None);
        assert_eq!(ensure(&mut set_up, true).unwrap(), None);
        assert!(set_up.setup_token.is_none());

        let mut configured = settings(dir.path(), "0.0.0.0:8080", Some("chosen token"));
        assert_eq!(ensure(&mut configured, false).unwrap(), None);
        assert_eq!(
            configured.setup_token.unwrap().expose_secret(),
            "chosen token"
        );
        assert!(!dir.path().join(SETUP_TOKEN_FILE).exists());
    }
}
