//! Token limits: the prompt's estimated size, and what endpoints say about their context window
//! and output limit in their error messages.
//!
//! Nothing here is exact: tokenizers differ, and so do error messages. The estimate is
//! characters / 4 (close for English and JSON with most tokenizers); the readers know the
//! wording of OpenAI, vLLM, llama.cpp, LM Studio, Anthropic's compatible API, Groq and
//! DeepSeek, and fall back to "not known" otherwise.

use serde_json::Value;

/// The estimated token count of a text of `chars` characters.
#[must_use]
pub fn estimate_tokens(chars: usize) -> u64 {
    u64::try_from(chars.div_ceil(4)).unwrap_or(u64::MAX)
}

/// Whether the endpoint's count of the prompt (`usage.prompt_tokens`) is so far below the
/// estimate that it cannot have read all of it: under half. Tokenizers differ by less than
/// that on the text of these prompts.
#[must_use]
pub fn clearly_cut(reported: u64, estimate: u64) -> bool {
    reported > 0 && reported.saturating_mul(2) < estimate
}

/// Whether the endpoint's count is low enough to ask the endpoint for its context window
/// (under 80 % of the estimate).
#[must_use]
pub fn possibly_cut(reported: u64, estimate: u64) -> bool {
    reported > 0 && reported.saturating_mul(5) < estimate.saturating_mul(4)
}

/// Whether an error body says the request does not fit the model's context window.
#[must_use]
pub fn mentions_context_limit(body: &str) -> bool {
    let body = body.to_ascii_lowercase();
    [
        "context length",
        "context_length",
        "context window",
        "context size",
        "exceed_context_size",
        "maximum context",
        "prompt is too long",
        "input is too long",
        "reduce the length of the messages",
    ]
    .iter()
    .any(|needle| body.contains(needle))
}

/// What a context error says: the context window and the prompt's size, when it says them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContextError {
    /// The context window, in tokens.
    pub context: Option<u64>,
    /// The prompt (messages) alone, in tokens.
    pub prompt: Option<u64>,
}

/// Reads a context error.
#[must_use]
pub fn context_error(body: &str) -> ContextError {
    // llama.cpp gives the numbers as fields of the error object.
    if let Ok(value) = serde_json::from_str::<Value>(body) {
        let error = &value["error"];
        if let (Some(context), prompt) =
            (error["n_ctx"].as_u64(), error["n_prompt_tokens"].as_u64())
        {
            return ContextError {
                context: Some(context),
                prompt,
            };
        }
    }
    let lower = body.to_ascii_lowercase();
    let context = number_after(&lower, "maximum context length is")
        .or_else(|| number_after(&lower, "context length of only"))
        .or_else(|| number_after(&lower, "context length of"))
        .or_else(|| number_after(&lower, "context window of"))
        .or_else(|| number_before(&lower, " maximum"));
    let prompt = number_before(&lower, " in the messages")
        .or_else(|| number_before(&lower, " input tokens"))
        .or_else(|| number_before(&lower, " tokens in the prompt"))
        .or_else(|| number_after(&lower, "prompt is too long:"))
        .or_else(|| number_after(&lower, "keep the first"));
    ContextError { context, prompt }
}

/// The output limit an error body names as the most allowed, given that `sent` was too much:
/// the largest number in the message below `sent` (e.g. "supports at most 4096 completion
/// tokens, whereas you provided 8192"). `None` when there is none.
#[must_use]
pub fn output_limit(body: &str, sent: u32) -> Option<u32> {
    numbers(body)
        .filter(|n| *n < u64::from(sent))
        .max()
        .and_then(|n| u32::try_from(n).ok())
}

/// Every whole number in a text (`8,192` is one number).
fn numbers(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .filter_map(|run| run.trim_matches(',').replace(',', "").parse().ok())
}

/// The first number within a few characters after `phrase`.
fn number_after(text: &str, phrase: &str) -> Option<u64> {
    let start = text.find(phrase)? + phrase.len();
    let rest: String = text[start..].chars().take(24).collect();
    let digits_start = rest.find(|c: char| c.is_ascii_digit())?;
    leading_number(&rest[digits_start..])
}

/// The number right before `phrase` (spaces and a backtick or quote allowed between).
fn number_before(text: &str, phrase: &str) -> Option<u64> {
    let end = text.find(phrase)?;
    let before = text[..end].trim_end_matches([' ', '`', '"', '\'']);
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.replace(',', "").parse().ok()
}

fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_is_a_quarter_of_the_characters() {
        assert_eq!(estimate_tokens(0), 0);
        assert_eq!(estimate_tokens(9), 3);
        assert!(clearly_cut(2048, 6000));
        assert!(!clearly_cut(4000, 6000));
        assert!(!clearly_cut(0, 6000));
        assert!(possibly_cut(4000, 6000));
        assert!(!possibly_cut(5000, 6000));
    }

    #[test]
    fn context_errors_of_known_servers_are_read() {
        for (body, context, prompt) in [
            (
                // OpenAI, older vLLM
                "This model's maximum context length is 4096 tokens. However, you requested \
                 8500 tokens (308 in the messages, 8192 in the completion). Please reduce the \
                 length of the messages or completion.",
                Some(4096),
                Some(308),
            ),
            (
                // newer vLLM
                "'max_tokens' or 'max_completion_tokens' is too large: 8192. This model's \
                 maximum context length is 4096 tokens and your request has 308 input tokens \
                 (8192 > 4096 - 308).",
                Some(4096),
                Some(308),
            ),
            (
                // llama.cpp
                r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}"#,
                Some(4096),
                Some(5000),
            ),
            (
                // LM Studio
                "Trying to keep the first 5000 tokens when context the overflows. However, the \
                 model is loaded with context length of only 4096 tokens, which is not enough.",
                Some(4096),
                Some(5000),
            ),
            (
                // Anthropic
                "prompt is too long: 210,000 tokens > 200000 maximum",
                Some(200_000),
                Some(210_000),
            ),
        ] {
            assert!(mentions_context_limit(body), "{body}");
            assert_eq!(
                context_error(body),
                ContextError { context, prompt },
                "{body}"
            );
        }
        assert!(!mentions_context_limit("messages must not be empty"));
    }

    #[test]
    fn output_limits_of_known_servers_are_read() {
        for (body, limit) in [
            (
                "max_tokens is too large: 8192. This model supports at most 4096 completion \
                 tokens, whereas you provided 8192.",
                Some(4096),
            ),
            (
                "max_tokens: 8192 > 4096, which is the maximum allowed number of output tokens \
                 for claude-3-haiku-20240307",
                Some(4096),
            ),
            (
                "Invalid max_tokens value, the valid range of max_tokens is [1, 4096]",
                Some(4096),
            ),
            (
                "Unsupported parameter: 'max_tokens' is not supported with this model.",
                None,
            ),
        ] {
            assert_eq!(output_limit(body, 8192), limit, "{body}");
        }
    }
}
