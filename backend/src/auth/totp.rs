//! Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) as every authenticator app
//! computes them: HMAC-SHA1 of the 30-second time step, six digits. Also the secret's base32
//! text, the `otpauth://` URI the apps scan, and its QR code as SVG.
//!
//! Checking a code ([`matching_step`]) accepts the current step and one on either side (a
//! phone's clock may be off by a few seconds, and a code typed at the end of its step arrives
//! in the next), and returns the step that matched: the caller refuses that step and any
//! earlier one from then on, so no code can be used twice. Nothing here touches the database.

use aws_lc_rs::hmac;
use subtle::ConstantTimeEq as _;

/// Seconds a code lasts.
pub const PERIOD_SECS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret (160 bits, the size RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Steps accepted on either side of the current one.
pub const DRIFT_STEPS: i64 = 1;
/// The issuer the apps show beside the account name.
pub const ISSUER: &str = "Resume Editor";

/// The time step of `unix_seconds`.
#[must_use]
pub const fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(PERIOD_SECS)
}

/// The code of `secret` for `step`, zero-padded to [`DIGITS`].
#[must_use]
pub fn code_at(secret: &[u8], step: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let counter = u64::try_from(step).unwrap_or(0).to_be_bytes();
    let digest = hmac::sign(&key, &counter);
    let digest = digest.as_ref();
    // Dynamic truncation: the low nibble of the last byte picks four bytes.
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    let code = value % 10_u32.pow(DIGITS);
    format!("{code:0width$}", width = DIGITS as usize)
}

/// Whether `text` has the shape of a code (six digits, spaces aside).
#[must_use]
pub fn looks_like_code(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The step, within [`DRIFT_STEPS`] of the one of `unix_seconds`, whose code `code` is (spaces
/// ignored), if any. The comparison takes the same time whichever digits differ.
#[must_use]
pub fn matching_step(secret: &[u8], code: &str, unix_seconds: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if !looks_like_code(&code) {
        return None;
    }
    let now = step_at(unix_seconds);
    let mut found = None;
    for step in (now - DRIFT_STEPS)..=(now + DRIFT_STEPS) {
        if bool::from(code_at(secret, step).as_bytes().ct_eq(code.as_bytes())) {
            found.get_or_insert(step);
        }
    }
    found
}

/// `bytes` in base32 (RFC 4648 alphabet, without padding), as the apps take a secret.
#[must_use]
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut text = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            text.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        text.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    text
}

/// The `otpauth://totp/…` URI of `secret` for the account `account` (the username).
#[must_use]
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let label: String =
        url::form_urlencoded::byte_serialize(format!("{ISSUER}:{account}").as_bytes())
            .collect::<String>()
            // The label is a path segment: spaces as %20, and the colon readable.
            .replace('+', "%20")
            .replace("%3A", ":");
    let issuer: String = url::form_urlencoded::byte_serialize(ISSUER.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!(
        "otpauth://totp/{label}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={PERIOD_SECS}",
        base32(secret)
    )
}

/// The QR code of `text` as an SVG document (black on white, with the quiet zone).
///
/// # Errors
/// The text is too long for a QR code.
pub fn qr_svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-1 secret of RFC 6238's test vectors.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn the_codes_are_those_of_rfc_6238() {
        // Appendix B, SHA-1, the last six of the eight digits.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(RFC_SECRET, step_at(time)), code, "at {time}");
        }
    }

    #[test]
    fn one_step_of_drift_is_accepted_either_way_and_no_more() {
        let now = 1_234_567_890;
        let step = step_at(now);
        for offset in [-1, 0, 1] {
            let code = code_at(RFC_SECRET, step + offset);
            assert_eq!(matching_step(RFC_SECRET, &code, now), Some(step + offset));
        }
        for offset in [-2, 2] {
            let code = code_at(RFC_SECRET, step + offset);
            assert_eq!(matching_step(RFC_SECRET, &code, now), None, "{offset}");
        }
    }

    #[test]
    fn codes_with_spaces_match_and_other_shapes_do_not() {
        let now = 59;
        assert_eq!(matching_step(RFC_SECRET, "287 082", now), Some(1));
        for wrong in ["", "28708", "2870821", "28708a", "000000"] {
            assert_eq!(matching_step(RFC_SECRET, wrong, now), None, "{wrong}");
        }
    }

    #[test]
    fn base32_is_that_of_rfc_4648() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "MY"),
            (b"fo", "MZXQ"),
            (b"foo", "MZXW6"),
            (b"foob", "MZXW6YQ"),
            (b"fooba", "MZXW6YTB"),
            (b"foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(bytes), text);
        }
        assert_eq!(base32(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn the_uri_names_issuer_account_and_parameters() {
        assert_eq!(
            otpauth_uri(RFC_SECRET, "casey x"),
            "otpauth://totp/Resume%20Editor:casey%20x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Resume%20Editor&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_qr_code_is_an_svg_document() {
        let svg = qr_svg(&otpauth_uri(RFC_SECRET, "casey")).unwrap();
        assert!(
            svg.starts_with("<?xml") || svg.starts_with("<svg"),
            "{svg:.40}"
        );
        assert!(svg.contains("</svg>"));
    }
}
