//! Text from outside (an endpoint's error message, a user's model name or base URL) made safe
//! to log, store and show.
//!
//! Why: the compact log format writes a field's text as it is, so a newline in a model name or
//! in an endpoint's error message would start what looks like a new, forged log line; control
//! and bidirectional-override characters can also hide or reorder text on a terminal or a web
//! page. Two treatments, for two uses:
//! - [`escape_controls`] keeps every character recognisable (`\n`, `\u{1b}`), for identifiers
//!   such as a model name or a URL, where the exact value matters; [`LogSafe`] applies it to
//!   anything displayable, for log fields;
//! - [`one_line`] turns prose (an endpoint's explanation) into one readable line: runs of white
//!   space become one space and other control characters are escaped.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// True for characters that must not reach a log line or a page as they are: C0 and C1
/// controls (line breaks included), the Unicode line and paragraph separators, and the
/// bidirectional marks, embeddings, overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        other => {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(other));
        }
    }
}

/// `text` with every control, line-separator and bidirectional-control character written as
/// an escape (`\n`, `\r`, `\t`, `\u{1b}`); borrowed unchanged when there is none.
#[must_use]
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as one line: leading and trailing white space removed, every run of white space
/// (line breaks included) replaced by one space, and any other unsafe character escaped as in
/// [`escape_controls`].
#[must_use]
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Displays a value with [`escape_controls`] applied: for log fields that carry text from
/// users or endpoints (`model = %LogSafe(&endpoint.model)`, `error = %LogSafe(&error)`).
pub struct LogSafe<'a, T: fmt::Display + ?Sized>(pub &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for LogSafe<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(&self.0.to_string()))
    }
}

impl<T: fmt::Display + ?Sized> fmt::Debug for LogSafe<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_controls_makes_line_breaks_and_controls_visible() {
        assert_eq!(
            escape_controls("gpt-4o\n2026-12-06 INFO forged line"),
            "gpt-4o\\n2026-12-06 INFO forged line"
        );
        assert_eq!(escape_controls("a\r\tb\u{1b}[31m"), "a\\r\\tb\\u{1b}[31m");
        assert_eq!(
            escape_controls("x\u{202e}txt.exe\u{2028}\u{85}"),
            "x\\u{202e}txt.exe\\u{2028}\\u{85}"
        );
        assert!(matches!(
            escape_controls("plain model-name ü"),
            Cow::Borrowed("plain model-name ü")
        ));
    }

    #[test]
    fn one_line_collapses_white_space_and_escapes_the_rest() {
        assert_eq!(
            one_line("  Bad request:\n\n  model\tunknown \r\n"),
            "Bad request: model unknown"
        );
        assert_eq!(
            one_line("line\u{2028}separator\u{0}nul\u{7}bell"),
            "line separator\\u{0}nul\\u{7}bell"
        );
        assert_eq!(one_line("\u{202e}reversed"), "\\u{202e}reversed");
        assert_eq!(one_line(" \n "), "");
    }

    #[test]
    fn log_safe_escapes_any_displayable_value() {
        let error = std::io::Error::other("first\nsecond");
        assert_eq!(LogSafe(&error).to_string(), "first\\nsecond");
        assert_eq!(format!("{:?}", LogSafe("a\nb")), "a\\nb");
    }
}
