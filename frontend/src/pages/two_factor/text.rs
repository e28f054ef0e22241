//! The words and addresses the two-factor screens build from the server's answers: the secret
//! grouped for reading, the QR code's `data:` address, and the recovery codes as a text file.
//! Pure functions, tested without a browser.

/// The secret in groups of four characters, easier to read and type than one long word.
#[must_use]
pub fn grouped_secret(secret: &str) -> String {
    let characters: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `bytes` in standard base64, with padding (RFC 4648).
#[must_use]
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The QR code's SVG document as an image address. Shown in an `<img>`, the SVG can run
/// nothing; it is never put into the page as markup.
#[must_use]
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes()))
}

/// The name of the downloaded recovery codes.
pub const RECOVERY_CODES_FILE: &str = "resume-editor-recovery-codes.txt";

/// The recovery codes as a text file for `username`: what they are, then one code a line.
#[must_use]
pub fn recovery_codes_file(username: &str, codes: &[String]) -> String {
    let mut text = format!(
        "Resume Editor recovery codes for {username}\n\n\
         Each code signs you in once, instead of a code from your authenticator app.\n\
         Keep them somewhere safe. New codes replace all of these.\n\n"
    );
    for code in codes {
        text.push_str(code);
        text.push('\n');
    }
    text
}

/// A text file as a download address.
#[must_use]
pub fn text_data_url(text: &str) -> String {
    format!(
        "data:text/plain;charset=utf-8;base64,{}",
        base64(text.as_bytes())
    )
}
