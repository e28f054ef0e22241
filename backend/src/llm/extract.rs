//! Tolerant extraction of the JSON object in a model's text answer.
//!
//! Endpoints without structured output (and some with it) wrap the JSON in prose, in a
//! ```` ```json ```` fence, or after a `<think>…</think>` block. This module finds the object;
//! it does not decide whether the object is the right shape (that is [`super::answers`]).

use serde_json::{Map, Value};

/// How many `{` positions are tried before giving up, so a long answer full of braces cannot
/// make extraction quadratic.
const MAX_CANDIDATES: usize = 32;

/// Finds the JSON object in a model answer, trying in order: the whole text, the first fenced
/// code block that holds an object (```` ```json ```` or a bare fence), and the first balanced
/// `{…}` that parses. Reasoning blocks (`<think>…</think>`) are ignored.
#[must_use]
pub fn json_object(text: &str) -> Option<Map<String, Value>> {
    let text = strip_reasoning(text);
    let text = text.trim();
    if let Some(object) = parse_object(text) {
        return Some(object);
    }
    if let Some(object) = fenced_blocks(text).find_map(parse_object) {
        return Some(object);
    }
    balanced_candidates(text)
        .take(MAX_CANDIDATES)
        .find_map(parse_object)
}

fn parse_object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

/// The text without `<think>…</think>` blocks (an unterminated block drops the rest).
fn strip_reasoning(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<think>") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</think>") {
            Some(end) => rest = &rest[start + end + "</think>".len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The contents of every ```` ``` ```` fenced block, in order; the info string (`json`, …) on
/// the opening line is skipped.
fn fenced_blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let open = rest.find("```")?;
        let after_open = &rest[open + 3..];
        let body_start = after_open.find('\n').map_or(after_open.len(), |i| i + 1);
        let body = &after_open[body_start..];
        let close = body.find("```")?;
        rest = &body[close + 3..];
        Some(&body[..close])
    })
}

/// Every balanced `{…}` span, by opening position, skipping braces inside JSON strings.
fn balanced_candidates(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('{').filter_map(move |(start, _)| {
        balanced_end(&text[start..]).map(|end| &text[start..start + end])
    })
}

/// The length of the balanced object starting at the first byte of `text` (a `{`).
fn balanced_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<Value> {
        json_object(text).and_then(|object| object.get("k").cloned())
    }

    #[test]
    fn a_bare_object_is_taken_whole() {
        assert_eq!(key(r#" {"k": 1} "#), Some(Value::from(1)));
    }

    #[test]
    fn a_fenced_json_block_is_found_inside_prose() {
        let text = "Sure! Here is the analysis:\n```json\n{\"k\": \"fenced\"}\n```\nAnything else?";
        assert_eq!(key(text), Some(Value::from("fenced")));
        let bare_fence = "```\n{\"k\": 2}\n```";
        assert_eq!(key(bare_fence), Some(Value::from(2)));
    }

    #[test]
    fn a_fence_without_an_object_falls_through_to_the_next_block() {
        let text = "```text\nnot json\n```\nthen\n```json\n{\"k\": 3}\n```";
        assert_eq!(key(text), Some(Value::from(3)));
    }

    #[test]
    fn the_first_balanced_object_is_found_and_braces_in_strings_are_ignored() {
        let text = r#"The answer is {"k": "a } brace \" quote {"} and then {"k": 2}."#;
        assert_eq!(key(text), Some(Value::from("a } brace \" quote {")));
    }

    #[test]
    fn a_broken_first_candidate_is_skipped() {
        let text = r#"I think {this is not json} but {"k": true} is."#;
        assert_eq!(key(text), Some(Value::from(true)));
    }

    #[test]
    fn reasoning_blocks_are_ignored() {
        let text = "<think>maybe {\"k\": \"wrong\"}</think>\n{\"k\": \"right\"}";
        assert_eq!(key(text), Some(Value::from("right")));
    }

    #[test]
    fn nothing_usable_gives_none() {
        for text in [
            "",
            "   ",
            "no json here",
            "[1, 2, 3]",
            "{\"k\": ",
            "```json\n{\"k\":\n```",
            "<think>{\"k\": 1}",
        ] {
            assert!(json_object(text).is_none(), "{text:?}");
        }
    }
}
