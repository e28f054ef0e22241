//! Reading a successful (HTTP 2xx) answer body into a [`Completion`]: what the model said,
//! where, why it stopped, and how long the endpoint counted the prompt.
//!
//! OpenAI-compatible servers differ in more than the status line:
//! - the answer can come as one JSON chat completion or, from servers that only stream, as a
//!   server-sent event stream of `chat.completion.chunk`s (`data: {…}` lines, `data: [DONE]`
//!   at the end, `: comment` keep-alives); both are read;
//! - the text can be in `message.content` (a string, or a list of `{type: text, text}` parts),
//!   and reasoning models put their reasoning, sometimes the whole answer, in
//!   `message.reasoning_content` (vLLM, DeepSeek) or `message.reasoning` (Ollama, OpenRouter);
//! - routers such as OpenRouter report errors inside an HTTP 200: a top-level `error` object,
//!   or `choices[0].error` (with `finish_reason: "error"`); they become [`Body::Error`] so the
//!   provider's own message reaches the user;
//! - some servers wrap a body in a one-item list (Gemini's compatible layer does for errors).

use serde_json::Value;

/// A chat completion, as far as the client needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// The message content (parts joined).
    pub content: String,
    /// The reasoning text, from `reasoning_content` or `reasoning`.
    pub reasoning: String,
    /// Which field the reasoning came from.
    pub reasoning_field: Option<&'static str>,
    /// The model's refusal, when it refused.
    pub refusal: Option<String>,
    /// Why the model stopped (`stop`, `length`, …).
    pub finish_reason: Option<String>,
    /// The prompt's size as the endpoint counted it: `usage.prompt_tokens`, plus
    /// `usage.prompt_tokens_details.cached_tokens` when given (some servers count only the
    /// part they did not have cached).
    pub prompt_tokens: Option<u64>,
    /// The answer came as an event stream.
    pub streamed: bool,
}

impl Completion {
    /// Whether the model stopped at the output limit.
    #[must_use]
    pub fn cut_off(&self) -> bool {
        self.finish_reason.as_deref() == Some("length")
    }
}

/// What a 2xx body held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// An answer.
    Completion(Completion),
    /// An error reported inside the body.
    Error {
        /// The error's HTTP-like code, when it has one.
        code: Option<u16>,
        /// The provider's message (raw; the caller shortens and cleans it).
        message: String,
    },
}

/// Why a 2xx body is not a chat completion.
pub type Unreadable = String;

/// Reads a 2xx body; `content_type` is the answer's `Content-Type` header.
///
/// # Errors
/// A sentence saying what the body is instead.
pub fn read(text: &str, content_type: Option<&str>) -> Result<Body, Unreadable> {
    let event_stream = content_type
        .is_some_and(|value| value.trim_start().starts_with("text/event-stream"))
        || text.trim_start().starts_with("data:");
    if event_stream {
        return read_stream(text);
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|_| "the endpoint's answer is not a JSON chat completion".to_owned())?;
    read_value(unwrap_list(&value))
}

/// The first item of a one-item list, else the value itself.
fn unwrap_list(value: &Value) -> &Value {
    match value {
        Value::Array(items) if !items.is_empty() => &items[0],
        other => other,
    }
}

fn read_value(value: &Value) -> Result<Body, Unreadable> {
    if let Some(error) = in_body_error(&value["error"]) {
        return Ok(error);
    }
    let choice = &value["choices"][0];
    if let Some(error) = in_body_error(&choice["error"]) {
        return Ok(error);
    }
    let message = &choice["message"];
    if message.is_null() {
        if choice["finish_reason"] == "error" {
            return Ok(Body::Error {
                code: None,
                message: "the provider ended the answer with an error".to_owned(),
            });
        }
        return Err("the endpoint's answer has no choices[0].message".to_owned());
    }
    let mut completion = Completion {
        finish_reason: choice["finish_reason"].as_str().map(str::to_owned),
        prompt_tokens: prompt_tokens(&value["usage"]),
        refusal: message["refusal"]
            .as_str()
            .filter(|refusal| !refusal.trim().is_empty())
            .map(str::to_owned),
        ..Completion::default()
    };
    append_text(&mut completion.content, &message["content"]);
    append_reasoning(&mut completion, message);
    Ok(Body::Completion(completion))
}

/// The prompt's size from a `usage` object, cached tokens included when reported apart.
fn prompt_tokens(usage: &Value) -> Option<u64> {
    let counted = usage["prompt_tokens"].as_u64()?;
    let cached = usage["prompt_tokens_details"]["cached_tokens"]
        .as_u64()
        .unwrap_or(0);
    Some(counted.saturating_add(cached))
}

/// An error object (`{"message", "code"}`, or a bare message) as [`Body::Error`].
fn in_body_error(error: &Value) -> Option<Body> {
    let message = match error {
        Value::Object(object) => object
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no explanation given")
            .to_owned(),
        Value::String(message) => message.clone(),
        _ => return None,
    };
    let code = match &error["code"] {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
    .and_then(|code| u16::try_from(code).ok())
    .filter(|code| (100..=599).contains(code));
    Some(Body::Error { code, message })
}

/// Appends message text: a string, or the `text` of a list of parts.
fn append_text(out: &mut String, content: &Value) {
    match content {
        Value::String(text) => out.push_str(text),
        Value::Array(parts) => {
            for part in parts {
                if let Some(text) = part["text"].as_str() {
                    out.push_str(text);
                }
            }
        }
        _ => {}
    }
}

/// Appends the reasoning of a message or delta, remembering its field.
fn append_reasoning(completion: &mut Completion, message: &Value) {
    for field in ["reasoning_content", "reasoning"] {
        if let Some(text) = message[field].as_str()
            && !text.is_empty()
        {
            completion.reasoning.push_str(text);
            completion.reasoning_field.get_or_insert(field);
            return;
        }
    }
}

/// Reads an event stream of chat completion chunks.
fn read_stream(text: &str) -> Result<Body, Unreadable> {
    let mut completion = Completion {
        streamed: true,
        ..Completion::default()
    };
    let mut chunks = 0;
    for line in text.lines() {
        let Some(data) = line.strip_prefix("data:") else {
            // `event:`, `id:`, `: keep-alive` comments and blank lines carry nothing here.
            continue;
        };
        let data = data.trim();
        if data == "[DONE]" {
            break;
        }
        let Ok(chunk) = serde_json::from_str::<Value>(data) else {
            continue;
        };
        let chunk = unwrap_list(&chunk);
        if let Some(error) = in_body_error(&chunk["error"]) {
            return Ok(error);
        }
        let choice = &chunk["choices"][0];
        if let Some(error) = in_body_error(&choice["error"]) {
            return Ok(error);
        }
        chunks += 1;
        // A chunk holds a `delta`; a few servers send whole `message`s instead.
        for part in [&choice["delta"], &choice["message"]] {
            append_text(&mut completion.content, &part["content"]);
            append_reasoning(&mut completion, part);
            if let Some(refusal) = part["refusal"].as_str() {
                completion
                    .refusal
                    .get_or_insert_with(String::new)
                    .push_str(refusal);
            }
        }
        if let Some(reason) = choice["finish_reason"].as_str() {
            completion.finish_reason = Some(reason.to_owned());
        }
        if let Some(tokens) = prompt_tokens(&chunk["usage"]) {
            completion.prompt_tokens = Some(tokens);
        }
    }
    if chunks == 0 {
        return Err(
            "the endpoint answered with an event stream (streaming) that holds no chat \
             completion chunks"
                .to_owned(),
        );
    }
    if completion.finish_reason.as_deref() == Some("error") {
        return Ok(Body::Error {
            code: None,
            message: "the provider ended the streamed answer with an error".to_owned(),
        });
    }
    completion.refusal = completion
        .refusal
        .filter(|refusal| !refusal.trim().is_empty());
    Ok(Body::Completion(completion))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn completion(body: &Value) -> Completion {
        match read(&body.to_string(), Some("application/json")).unwrap() {
            Body::Completion(completion) => completion,
            Body::Error { message, .. } => panic!("an error: {message}"),
        }
    }

    #[test]
    fn content_reasoning_usage_and_finish_reason_are_read() {
        let read = completion(&json!({
            "choices": [{"message": {"content": "", "reasoning_content": "thinking {\"ok\": true}"},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 812, "prompt_tokens_details": {"cached_tokens": 100}},
        }));
        assert_eq!(read.content, "");
        assert_eq!(read.reasoning, "thinking {\"ok\": true}");
        assert_eq!(read.reasoning_field, Some("reasoning_content"));
        assert_eq!(read.prompt_tokens, Some(912), "cached tokens count too");
        assert!(!read.cut_off());
        let ollama = completion(&json!({
            "choices": [{"message": {"content": null, "reasoning": "r"}, "finish_reason": "length"}],
        }));
        assert_eq!(ollama.reasoning_field, Some("reasoning"));
        assert!(ollama.cut_off());
    }

    #[test]
    fn errors_inside_a_200_are_errors() {
        for (body, code, message) in [
            (
                json!({"error": {"message": "Insufficient credits. Add more using https://openrouter.ai/credits", "code": 402}}),
                Some(402),
                "Insufficient credits. Add more using https://openrouter.ai/credits",
            ),
            (
                json!({"choices": [{"error": {"message": "Provider returned error", "code": "502"},
                                    "finish_reason": "error"}]}),
                Some(502),
                "Provider returned error",
            ),
            (
                json!([{"error": {"code": 400, "message": "Unknown name \"response_schema\"", "status": "INVALID_ARGUMENT"}}]),
                Some(400),
                "Unknown name \"response_schema\"",
            ),
        ] {
            assert_eq!(
                read(&body.to_string(), None).unwrap(),
                Body::Error {
                    code,
                    message: message.to_owned()
                },
                "{body}"
            );
        }
    }

    #[test]
    fn an_event_stream_is_assembled_from_its_chunks() {
        let stream = "\
: OPENROUTER PROCESSING

data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"hm\"}}]}

data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"ok\\\": \"}}]}

data: {\"choices\":[{\"delta\":{\"content\":\"true}\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20}}

data: [DONE]

";
        let Body::Completion(read) = read(stream, Some("text/event-stream")).unwrap() else {
            panic!("not a completion");
        };
        assert_eq!(read.content, "{\"ok\": true}");
        assert_eq!(read.reasoning, "hm");
        assert_eq!(read.finish_reason.as_deref(), Some("stop"));
        assert_eq!(read.prompt_tokens, Some(20));
        assert!(read.streamed);
        // Even without the content type, `data:` lines are a stream.
        assert!(matches!(read_stream(stream), Ok(Body::Completion(_))));
    }

    #[test]
    fn bodies_that_are_not_completions_say_what_they_are() {
        assert!(
            read("<html>", None)
                .unwrap_err()
                .contains("not a JSON chat completion")
        );
        assert!(
            read(&json!({"choices": []}).to_string(), None)
                .unwrap_err()
                .contains("no choices[0].message")
        );
        assert!(
            read("data: [DONE]\n\n", Some("text/event-stream"))
                .unwrap_err()
                .contains("event stream")
        );
    }
}
