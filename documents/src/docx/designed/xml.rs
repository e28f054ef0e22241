//! Writing the text of the designed document's XML parts: escaping, with the characters XML
//! forbids dropped, and Word's colour form.

use super::super::primitives::xml_safe;

/// The XML declaration every part starts with.
pub(super) const DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

/// WordprocessingML main namespace.
pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Office relationships namespace.
pub(super) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Appends `text` escaped for element content or a quoted attribute value, without the
/// characters XML 1.0 forbids.
pub(super) fn escape_into(text: &str, out: &mut String) {
    super::super::wml::escape_into(&xml_safe(text), out);
}

/// `text` escaped (see [`escape_into`]).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// A CSS colour `#1f5f8b` as Word writes it, `1F5F8B`; `auto` for anything else.
pub(super) fn colour(css: &str) -> String {
    let hex = css.trim().trim_start_matches('#');
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex.to_ascii_uppercase()
    } else {
        "auto".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cleaned() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}>"),
            "a&lt;b &amp; &quot;c&quot;&gt;"
        );
    }

    #[test]
    fn colours_take_words_form() {
        assert_eq!(colour("#1f5f8b"), "1F5F8B");
        assert_eq!(colour("red"), "auto");
    }
}
