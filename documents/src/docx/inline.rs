//! The inline emphasis of Banner and Note (format spec §3): `**bold**`, then `*italic*`,
//! non-greedy, no nesting, no escapes; an unpaired `*` stays literal. Unlike the original,
//! every character between the markers is kept, whitespace included.

/// How a span of a line is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Emphasis {
    /// Plain text.
    None,
    /// Was `**…**`.
    Bold,
    /// Was `*…*`.
    Italic,
}

/// A piece of a line with one emphasis; markers are not part of `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span<'a> {
    /// The text, markers removed.
    pub(super) text: &'a str,
    /// Its emphasis.
    pub(super) emphasis: Emphasis,
}

/// Splits one line into emphasised spans. Concatenating the spans' texts gives the line with
/// the paired markers removed.
pub(super) fn spans(line: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    for (text, bold) in paired(line, "**") {
        if bold {
            out.push(Span {
                text,
                emphasis: Emphasis::Bold,
            });
            continue;
        }
        for (text, italic) in paired(text, "*") {
            out.push(Span {
                text,
                emphasis: if italic {
                    Emphasis::Italic
                } else {
                    Emphasis::None
                },
            });
        }
    }
    out
}

/// The line with its emphasis markers removed (the ATS layout).
pub(super) fn without_markers(line: &str) -> String {
    spans(line).iter().map(|span| span.text).collect()
}

/// Splits `text` at every `marker…marker` pair with at least one character between, as the
/// regular expression `marker(.+?)marker` would find them left to right: `(piece, inside)`.
fn paired<'a>(text: &'a str, marker: &str) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find(marker) {
        let open = at + found;
        let content = open + marker.len();
        // The content is at least one character, so the closing marker is searched after it.
        let Some(first) = text[content..].chars().next() else {
            break;
        };
        let search_from = content + first.len_utf8();
        match text[search_from..].find(marker) {
            Some(close) => {
                let close = search_from + close;
                if open > plain_from {
                    out.push((&text[plain_from..open], false));
                }
                out.push((&text[content..close], true));
                at = close + marker.len();
                plain_from = at;
            }
            None => {
                // No pair opens here; the regex would try again one character later.
                at = open + text[open..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    if plain_from < text.len() {
        out.push((&text[plain_from..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(line: &str) -> String {
        spans(line)
            .iter()
            .map(|span| match span.emphasis {
                Emphasis::None => span.text.to_owned(),
                Emphasis::Bold => format!("<b>{}</b>", span.text),
                Emphasis::Italic => format!("<i>{}</i>", span.text),
            })
            .collect()
    }

    #[test]
    fn bold_then_italic_with_whitespace_kept() {
        assert_eq!(render("**a** *b*"), "<b>a</b> <i>b</i>");
        assert_eq!(
            render("Turns **fragile** jobs into *reliable* systems."),
            "Turns <b>fragile</b> jobs into <i>reliable</i> systems."
        );
        assert_eq!(render("**x** and **y**"), "<b>x</b> and <b>y</b>");
    }

    #[test]
    fn unpaired_and_empty_markers_stay_literal() {
        assert_eq!(render("5* hotel"), "5* hotel");
        assert_eq!(render("a ** b"), "a ** b");
        assert_eq!(render("**"), "**");
        assert_eq!(render("*a"), "*a");
        assert_eq!(render("no markers"), "no markers");
        assert_eq!(render(""), "");
    }

    #[test]
    fn matching_is_non_greedy_without_nesting() {
        assert_eq!(render("*a* b *c*"), "<i>a</i> b <i>c</i>");
        assert_eq!(
            render("**bold *not italic* inside**"),
            "<b>bold *not italic* inside</b>"
        );
        assert_eq!(render("***x***"), "<b>*x</b>*");
        assert_eq!(render("é*ü*"), "é<i>ü</i>");
    }

    #[test]
    fn ats_text_drops_only_paired_markers() {
        assert_eq!(
            without_markers(
                "Platform engineer who turns **fragile** jobs into *reliable* ones, 5* rated"
            ),
            "Platform engineer who turns fragile jobs into reliable ones, 5* rated"
        );
    }
}
