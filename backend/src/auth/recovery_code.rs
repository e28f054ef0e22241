//! Recovery codes: ten single-use codes a user keeps for the day the authenticator app is lost.
//!
//! A code is twelve characters of a 32-letter alphabet without look-alikes (60 bits), shown in
//! three groups (`k7qm-2xhd-9tfa`). What is typed back is compared ignoring case, spaces and
//! dashes. Only a hash is stored: SHA-256 of the user's id and the code, so one hash says
//! nothing about another user's codes.

use sha2::{Digest as _, Sha256};
use uuid::Uuid;

/// The letters of a code: digits and lower-case letters without `0`, `1`, `l`, `o`.
const ALPHABET: &[u8; 32] = b"23456789abcdefghijkmnpqrstuvwxyz";
/// Characters of a code.
const LENGTH: usize = 12;
/// Characters of a group.
const GROUP: usize = 4;

/// A new code, grouped for reading (`xxxx-xxxx-xxxx`).
///
/// # Errors
/// The system has no randomness.
pub fn generate() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; LENGTH];
    getrandom::fill(&mut bytes)?;
    let mut code = String::with_capacity(LENGTH + LENGTH / GROUP);
    for (index, byte) in bytes.iter().enumerate() {
        if index > 0 && index % GROUP == 0 {
            code.push('-');
        }
        // 256 is a multiple of 32: every letter is equally likely.
        code.push(char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]));
    }
    Ok(code)
}

/// The code as typed, without case, spaces and dashes; `None` unless it has the shape of one.
#[must_use]
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The stored form of `user_id`'s code `normalized`: hex SHA-256 of the id's bytes and the code.
#[must_use]
pub fn hash(user_id: Uuid, normalized: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(user_id.as_bytes());
    digest.update(normalized.as_bytes());
    digest
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_has_three_groups_of_the_alphabet_and_reads_back() {
        let code = generate().unwrap();
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 3, "{code}");
        assert!(groups.iter().all(|group| group.len() == GROUP), "{code}");
        let normalized = normalize(&code).unwrap();
        assert_eq!(normalized, code.replace('-', ""));
        assert_eq!(
            normalize(&format!(" {} ", code.to_uppercase())),
            Some(normalized)
        );
    }

    #[test]
    fn codes_differ() {
        let codes: std::collections::BTreeSet<String> =
            (0..50).map(|_| generate().unwrap()).collect();
        assert_eq!(codes.len(), 50);
    }

    #[test]
    fn other_shapes_are_not_codes() {
        for typed in [
            "",
            "123456",
            "k7qm-2xhd-9tf",
            "k7qm-2xhd-9tfaa",
            "k7qm-2xhd-9tf0",
        ] {
            assert_eq!(normalize(typed), None, "{typed}");
        }
    }

    #[test]
    fn the_hash_depends_on_the_user() {
        let code = normalize("k7qm-2xhd-9tfa").unwrap();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(hash(a, &code), hash(a, &code));
        assert_ne!(hash(a, &code), hash(b, &code));
        assert_eq!(hash(a, &code).len(), 64);
    }
}
