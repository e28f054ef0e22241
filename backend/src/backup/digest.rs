//! The content hash of an archive. Each table's digest is the sum, modulo 2^256, of the SHA-256
//! of each of its row lines: it does not depend on the order of the rows (PostgreSQL and SQLite
//! may order text keys differently, and the rows read back after a restore come in the target's
//! order), it is computed as rows stream past, and it counts a repeated row twice. The content
//! hash is the SHA-256 of every table's name, row count and digest, in the order of the list.
//!
//! It detects damage and edits that left the manifest as it was; it is not a signature (anyone
//! who can edit the archive can write a matching manifest).

use sha2::{Digest as _, Sha256};

/// The running digest of one table's rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableDigest {
    /// The sum, as four little-endian 64-bit limbs (least significant first).
    sum: [u64; 4],
    /// Rows added.
    rows: u64,
}

impl TableDigest {
    /// Adds one row line (without its newline).
    pub fn add(&mut self, line: &[u8]) {
        let hash = Sha256::digest(line);
        let mut carry = false;
        for (index, limb) in self.sum.iter_mut().enumerate() {
            // The hash is read as a big-endian number: its last 8 bytes are the lowest limb.
            let start = 24 - index * 8;
            let mut bytes = [0_u8; 8];
            bytes.copy_from_slice(&hash[start..start + 8]);
            let addend = u64::from_be_bytes(bytes);
            let (partial, first) = limb.overflowing_add(addend);
            let (total, second) = partial.overflowing_add(u64::from(carry));
            *limb = total;
            carry = first || second;
        }
        self.rows += 1;
    }

    /// Rows added so far.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The digest as 64 lower-case hex digits (most significant first).
    #[must_use]
    pub fn hex(&self) -> String {
        self.sum
            .iter()
            .rev()
            .map(|limb| format!("{limb:016x}"))
            .collect()
    }
}

/// The content hash over `(table, rows, digest hex)` entries, in order, as hex.
#[must_use]
pub fn content_hash<'a>(tables: impl IntoIterator<Item = (&'a str, u64, &'a str)>) -> String {
    let mut hasher = Sha256::new();
    for (name, rows, digest) in tables {
        hasher.update(format!("{name}\n{rows}\n{digest}\n").as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_ignores_order_but_not_content_or_repetition() {
        let mut forward = TableDigest::default();
        let mut backward = TableDigest::default();
        let lines: [&[u8]; 3] = [b"{\"a\":1}", b"{\"a\":2}", b"{\"a\":3}"];
        for line in lines {
            forward.add(line);
        }
        for line in lines.iter().rev() {
            backward.add(line);
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.rows(), 3);
        assert_eq!(forward.hex().len(), 64);

        let mut edited = TableDigest::default();
        for line in [&b"{\"a\":1}"[..], b"{\"a\":2}", b"{\"a\":4}"] {
            edited.add(line);
        }
        assert_ne!(forward.hex(), edited.hex());

        let mut repeated = TableDigest::default();
        repeated.add(b"x");
        let once = repeated.hex();
        repeated.add(b"x");
        assert_ne!(once, repeated.hex());
        assert_eq!(TableDigest::default().hex(), "0".repeat(64));
    }

    #[test]
    fn the_content_hash_covers_names_counts_and_digests() {
        let base = content_hash([("users", 1, "ab")]);
        assert_ne!(base, content_hash([("users", 2, "ab")]));
        assert_ne!(base, content_hash([("roles", 1, "ab")]));
        assert_ne!(base, content_hash([("users", 1, "ac")]));
        assert_eq!(base.len(), 64);
    }
}
