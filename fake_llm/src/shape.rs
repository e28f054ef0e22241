//! How the fake's answer is presented: where the reasoning goes and the answer after it, an
//! output limit that cuts the answer (`finish_reason: "length"`), a chat completion or an event
//! stream, and a body that stalls half-way.

use std::time::Duration;

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::script::ReasoningStyle;

/// What the model "generated".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Generated {
    /// The message content.
    pub content: String,
    /// The reasoning field and its text, for the styles that use one.
    pub reasoning: Option<(&'static str, String)>,
    /// `stop` or `length`.
    pub finish_reason: &'static str,
}

/// The reasoning text of a style, with the draft of the answer in it.
fn reasoning_text(draft: &Value) -> String {
    format!(
        "The user wants one JSON object. A first draft: {draft}\nThat draft is not right yet; \
         let me check the input again and write the final answer."
    )
}

/// Puts the answer text where `style` puts it, with the draft in the reasoning.
pub(super) fn present(answer: String, draft: &Value, style: Option<ReasoningStyle>) -> Generated {
    let (content, reasoning) = match style {
        None => (answer, None),
        Some(ReasoningStyle::ClosingThinkOnly) => (
            format!("{}\n</think>\n\n{answer}", reasoning_text(draft)),
            None,
        ),
        Some(ReasoningStyle::InlineThink) => (
            format!("<think>\n{}\n</think>\n{answer}", reasoning_text(draft)),
            None,
        ),
        Some(ReasoningStyle::ReasoningContent) => (
            String::new(),
            Some((
                "reasoning_content",
                format!("{}\n{answer}", reasoning_text(draft)),
            )),
        ),
        Some(ReasoningStyle::ReasoningField) => (
            String::new(),
            Some(("reasoning", format!("{}\n{answer}", reasoning_text(draft)))),
        ),
    };
    Generated {
        content,
        reasoning,
        finish_reason: "stop",
    }
}

/// Cuts what was generated at `limit` tokens (characters / 4), reasoning first, as a model
/// that reaches its output limit stops.
pub(super) fn cut(mut generated: Generated, limit: Option<u64>) -> Generated {
    let Some(limit) = limit else {
        return generated;
    };
    let mut left = usize::try_from(limit.saturating_mul(4)).unwrap_or(usize::MAX);
    let mut cut_any = false;
    if let Some((_, reasoning)) = &mut generated.reasoning {
        cut_any |= cut_text(reasoning, &mut left);
    }
    cut_any |= cut_text(&mut generated.content, &mut left);
    if cut_any {
        generated.finish_reason = "length";
    }
    generated
}

/// Keeps at most `left` characters of `text`; true when it cut.
fn cut_text(text: &mut String, left: &mut usize) -> bool {
    let count = text.chars().count();
    if count <= *left {
        *left -= count;
        return false;
    }
    *text = text.chars().take(*left).collect();
    *left = 0;
    true
}

/// A chat completion body.
pub(super) fn completion(
    number: u64,
    model: &str,
    generated: &Generated,
    prompt_tokens: u64,
) -> Value {
    let mut message = json!({"role": "assistant", "content": generated.content});
    if let Some((field, text)) = &generated.reasoning {
        message[*field] = json!(text);
    }
    json!({
        "id": format!("chatcmpl-fake-{number}"),
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{
            "index": 0,
            "message": message,
            "finish_reason": generated.finish_reason,
        }],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 0, "total_tokens": prompt_tokens},
    })
}

/// The same completion as an event stream of chunks: a keep-alive comment, the reasoning and
/// the content in a few pieces each, the finish reason with the usage, `[DONE]`.
pub(super) fn event_stream(
    number: u64,
    model: &str,
    generated: &Generated,
    prompt_tokens: u64,
) -> String {
    let chunk = |delta: Value, finish: Option<&str>, usage: bool| {
        let mut chunk = json!({
            "id": format!("chatcmpl-fake-{number}"),
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        });
        if usage {
            chunk["usage"] = json!({"prompt_tokens": prompt_tokens, "completion_tokens": 0});
        }
        format!("data: {chunk}\n\n")
    };
    let mut out = String::from(": keep-alive\n\n");
    out.push_str(&chunk(
        json!({"role": "assistant", "content": ""}),
        None,
        false,
    ));
    if let Some((field, text)) = &generated.reasoning {
        for piece in pieces(text) {
            let mut delta = json!({});
            delta[*field] = json!(piece);
            out.push_str(&chunk(delta, None, false));
        }
    }
    for piece in pieces(&generated.content) {
        out.push_str(&chunk(json!({ "content": piece }), None, false));
    }
    out.push_str(&chunk(json!({}), Some(generated.finish_reason), true));
    out.push_str("data: [DONE]\n\n");
    out
}

/// A text in three pieces (on character boundaries).
fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let size = chars.len().div_ceil(3).max(1);
    chars
        .chunks(size)
        .map(|piece| piece.iter().collect())
        .collect()
}

/// A 200 answer with `body` of `content_type`; with `stall`, the first half is sent at once and
/// the rest after that long.
pub(super) fn respond(body: String, content_type: &'static str, stall: Option<u64>) -> Response {
    let Some(ms) = stall else {
        return (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response();
    };
    let half = body.len() / 2;
    let split = (0..=half)
        .rev()
        .find(|at| body.is_char_boundary(*at))
        .unwrap_or(0);
    let (first, rest) = (body[..split].to_owned(), body[split..].to_owned());
    let stream = async_stream::stream! {
        yield Ok::<_, std::io::Error>(first);
        tokio::time::sleep(Duration::from_millis(ms)).await;
        yield Ok(rest);
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        Body::from_stream(stream),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_limit_cuts_reasoning_first() {
        let generated = present(
            "{\"ok\": true}".to_owned(),
            &json!({"ok": false}),
            Some(ReasoningStyle::ReasoningContent),
        );
        let cut_off = cut(generated.clone(), Some(4));
        assert_eq!(cut_off.finish_reason, "length");
        assert_eq!(cut_off.content, "");
        assert_eq!(cut_off.reasoning.unwrap().1.chars().count(), 16);
        assert_eq!(cut(generated.clone(), Some(10_000)), generated);
    }

    #[test]
    fn the_r1_style_puts_the_draft_before_the_closing_tag() {
        let generated = present(
            "{\"ok\": true}".to_owned(),
            &json!({"ok": false}),
            Some(ReasoningStyle::ClosingThinkOnly),
        );
        let (reasoning, answer) = generated.content.split_once("</think>").unwrap();
        assert!(reasoning.contains("{\"ok\":false}"));
        assert!(!reasoning.contains("<think>"));
        assert_eq!(answer.trim(), "{\"ok\": true}");
    }
}
