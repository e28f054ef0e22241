//! The `Content-Disposition` of a download.

use axum::http::HeaderValue;

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266).
pub(super) fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_has_an_ascii_fallback_and_the_utf8_name() {
        let value = content_disposition("José_Résumé.docx");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Jos__R_sum_.docx\"; filename*=UTF-8''Jos%C3%A9_R%C3%A9sum%C3%A9.docx"
        );
    }
}
