//! Multi-line text fields (summary, responsibilities, description, banner, note) split into
//! the lines a layout writes: text lines, with a leading `* ` or `- ` recognised as a bullet,
//! and blank lines standing for the paragraph breaks the model keeps.

/// One line of a multi-line text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TextLine<'a> {
    /// A kept paragraph break: the layouts write it as an empty line.
    Blank,
    /// A line of text.
    Text {
        /// The line started with `* ` or `- ` (the marker is not part of `text`).
        bullet: bool,
        /// The text after the marker, if any.
        text: &'a str,
    },
}

/// The lines of `text`, without leading or trailing blank lines and with runs of blank lines
/// reduced to one.
pub(super) fn lines(text: &str) -> Vec<TextLine<'_>> {
    let mut out = Vec::new();
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.trim_end().is_empty() {
            if out.last().is_some_and(|l| *l != TextLine::Blank) {
                out.push(TextLine::Blank);
            }
            continue;
        }
        let marker = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "));
        out.push(match marker {
            Some(rest) if !rest.trim().is_empty() => TextLine::Text {
                bullet: true,
                text: rest.trim_start(),
            },
            _ => TextLine::Text {
                bullet: false,
                text: line,
            },
        });
    }
    out
}

/// The value of an optional text field when it holds something other than whitespace.
pub(super) fn present(value: Option<&String>) -> Option<&str> {
    value.map(String::as_str).filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> TextLine<'_> {
        TextLine::Text {
            bullet: false,
            text,
        }
    }

    fn bullet(text: &str) -> TextLine<'_> {
        TextLine::Text { bullet: true, text }
    }

    #[test]
    fn bullets_are_recognised_and_paragraph_breaks_kept_once() {
        let input = "\nIntro line\n* first\n-  second\n\n\n*not a bullet\n- \nlast";
        assert_eq!(
            lines(input),
            [
                text("Intro line"),
                bullet("first"),
                bullet("second"),
                TextLine::Blank,
                text("*not a bullet"),
                text("- "),
                text("last"),
            ]
        );
    }

    #[test]
    fn blank_values_are_absent() {
        assert_eq!(present(Some(&" \n ".to_owned())), None);
        assert_eq!(present(Some(&"x".to_owned())), Some("x"));
        assert_eq!(present(None), None);
        assert!(lines("  \n ").is_empty());
    }
}
