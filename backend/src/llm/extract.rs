//! Tolerant extraction of the JSON objects in a model's text answer.
//!
//! Endpoints without structured output (and some with it) wrap the JSON in prose, in a
//! ```` ```json ```` fence, or after reasoning. This module finds the candidate objects; it
//! does not decide which one is the answer (the caller takes the last one that follows the
//! schema, see [`super::schema`]).
//!
//! Reasoning is never a source of the answer when the answer text has it inline:
//! - DeepSeek-R1-style models put the opening `<think>` in the prompt (their chat template
//!   does), so the answer holds only a closing `</think>`: everything up to the last
//!   `</think>` is reasoning, and only what follows it is read;
//! - complete `<think>…</think>` blocks are dropped; an unterminated `<think>` drops the rest.
//!
//! Drafts of the answer inside the reasoning would otherwise be taken for the answer.

use serde_json::{Map, Value};

/// How many `{` positions that do not start a JSON object are tried before giving up, so a
/// long answer full of braces cannot make extraction quadratic.
const MAX_FAILED_CANDIDATES: usize = 64;

/// The closing reasoning tag.
const THINK_CLOSE: &str = "</think>";

/// The answer part of a model's text: what follows the last `</think>`, else the text without
/// `<think>…</think>` blocks.
#[must_use]
pub fn answer_text(text: &str) -> String {
    match text.rfind(THINK_CLOSE) {
        Some(end) => text[end + THINK_CLOSE.len()..].to_owned(),
        None => strip_reasoning(text),
    }
}

/// Every JSON object in the answer part of `text` ([`answer_text`]), in text order: the whole
/// text when it is one object, else every top-level balanced `{…}` that parses (objects in
/// ```` ``` ```` fences included; an object nested in another is not listed on its own).
#[must_use]
pub fn json_objects(text: &str) -> Vec<Map<String, Value>> {
    let answer = answer_text(text);
    let answer = answer.trim();
    if let Some(object) = parse_object(answer) {
        return vec![object];
    }
    let mut objects = Vec::new();
    let mut failed = 0;
    let mut from = 0;
    while let Some(offset) = answer[from..].find('{') {
        let start = from + offset;
        match balanced_end(&answer[start..])
            .and_then(|end| parse_object(&answer[start..start + end]).map(|object| (end, object)))
        {
            Some((end, object)) => {
                objects.push(object);
                from = start + end;
            }
            None => {
                failed += 1;
                if failed > MAX_FAILED_CANDIDATES {
                    break;
                }
                from = start + 1;
            }
        }
    }
    objects
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
        match rest[start..].find(THINK_CLOSE) {
            Some(end) => rest = &rest[start + end + THINK_CLOSE.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The length of the balanced object starting at the first byte of `text` (a `{`), skipping
/// braces inside JSON strings.
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

    fn keys(text: &str) -> Vec<Value> {
        json_objects(text)
            .into_iter()
            .filter_map(|object| object.get("k").cloned())
            .collect()
    }

    #[test]
    fn a_bare_object_is_taken_whole() {
        assert_eq!(keys(r#" {"k": 1} "#), [Value::from(1)]);
    }

    #[test]
    fn a_fenced_json_block_is_found_inside_prose() {
        let text = "Sure! Here is the analysis:\n```json\n{\"k\": \"fenced\"}\n```\nAnything else?";
        assert_eq!(keys(text), [Value::from("fenced")]);
        let bare_fence = "```\n{\"k\": 2}\n```";
        assert_eq!(keys(bare_fence), [Value::from(2)]);
    }

    #[test]
    fn every_top_level_object_is_listed_in_order_and_braces_in_strings_are_ignored() {
        let text =
            r#"The answer is {"k": "a } brace \" quote {", "n": {"k": 9}} and then {"k": 2}."#;
        assert_eq!(
            keys(text),
            [Value::from("a } brace \" quote {"), Value::from(2)]
        );
    }

    #[test]
    fn a_broken_candidate_is_skipped() {
        let text = r#"I think {this is not json} but {"k": true} is."#;
        assert_eq!(keys(text), [Value::from(true)]);
    }

    #[test]
    fn reasoning_blocks_are_ignored() {
        let text = "<think>maybe {\"k\": \"wrong\"}</think>\n{\"k\": \"right\"}";
        assert_eq!(keys(text), [Value::from("right")]);
    }

    #[test]
    fn only_what_follows_the_last_closing_think_is_read() {
        // DeepSeek-R1: the opening tag was in the prompt, so only the closing one is here.
        let text = "Let me draft it: {\"k\": \"draft\"}. Hmm, </think> no wait </think>\n\n\
                    {\"k\": \"answer\"}";
        assert_eq!(keys(text), [Value::from("answer")]);
        assert_eq!(answer_text("reasoning only</think>"), "");
    }

    #[test]
    fn nothing_usable_gives_nothing() {
        for text in [
            "",
            "   ",
            "no json here",
            "[1, 2, 3]",
            "{\"k\": ",
            "```json\n{\"k\":\n```",
            "<think>{\"k\": 1}",
            "{\"k\": 1}</think>",
        ] {
            assert!(json_objects(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn many_stray_braces_stop_the_search() {
        let text = format!("{}{{\"k\": 1}}", "{ ".repeat(200));
        // Every stray brace is unbalanced, so the search gives up before the object.
        assert!(json_objects(&text).is_empty());
    }
}
