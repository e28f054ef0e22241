//! `resume-fake-llm [--bind ADDR] [behaviour flags]`: runs the fake OpenAI-compatible server
//! (this crate's library) for e2e tests and local development, until SIGINT or SIGTERM. It is
//! test equipment, built by `cargo test` and never part of the `resume-editor` binary.
//!
//! The flags build the initial script; a `--script FILE` (JSON) is read first and the flags
//! add to it. The script can be replaced at run time with `POST /_fake/script`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;
use resume_backend::app::shutdown_signal;
use resume_fake_llm::{FakeLlm, FakeScript, Fault, FaultAction};

/// Exit status: usage, I/O or bind error (clap also exits with 2 on bad arguments).
const EXIT_USAGE: u8 = 2;

/// A fake OpenAI-compatible LLM server for tests and local development.
///
/// Answers chat completions deterministically from the request; latency and failures are
/// scriptable with the flags below or at run time with POST /_fake/script (see docs/LLM.md).
/// Stops on SIGINT or SIGTERM.
#[derive(Debug, Parser)]
#[command(name = "resume-fake-llm", version)]
struct FakeLlmArgs {
    /// Address to listen on; the base URL to configure is http://ADDR/v1.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9000")]
    bind: SocketAddr,
    /// Start from this script (JSON, the body of POST /_fake/script).
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
    /// Wait this long before answering every call.
    #[arg(long, value_name = "MS")]
    latency_ms: Option<u64>,
    /// Reject requests asking for json_schema output (HTTP 400).
    #[arg(long)]
    reject_json_schema: bool,
    /// Reject requests asking for json_object output (HTTP 400).
    #[arg(long)]
    reject_json_object: bool,
    /// Plant an invented company, year, metric, amount and skill in refinement answers.
    #[arg(long)]
    plant_invented_facts: bool,
    /// Require this API key (HTTP 401 otherwise).
    #[arg(long, value_name = "KEY")]
    api_key: Option<String>,
    /// Answer the Nth call with HTTP 500 (repeatable).
    #[arg(long, value_name = "N")]
    fail_call: Vec<u64>,
    /// Answer the Nth call with HTTP 429 and Retry-After (repeatable).
    #[arg(long, value_name = "N")]
    rate_limit_call: Vec<u64>,
    /// The Retry-After value sent with --rate-limit-call (seconds or an HTTP date).
    #[arg(long, value_name = "VALUE", default_value = "1")]
    retry_after: String,
    /// Answer the Nth call with malformed JSON (repeatable).
    #[arg(long, value_name = "N")]
    malformed_call: Vec<u64>,
    /// Answer the Nth call with an empty answer (repeatable).
    #[arg(long, value_name = "N")]
    empty_call: Vec<u64>,
}

impl FakeLlmArgs {
    /// The script the flags describe, on top of `base`.
    fn script(&self, mut script: FakeScript) -> FakeScript {
        if let Some(latency) = self.latency_ms {
            script.latency_ms = latency;
        }
        script.reject_json_schema |= self.reject_json_schema;
        script.reject_json_object |= self.reject_json_object;
        script.plant_invented_facts |= self.plant_invented_facts;
        if self.api_key.is_some() {
            script.api_key.clone_from(&self.api_key);
        }
        let faults = [
            (
                &self.fail_call,
                FaultAction::Status {
                    status: 500,
                    message: None,
                    retry_after: None,
                },
            ),
            (
                &self.rate_limit_call,
                FaultAction::RateLimit {
                    retry_after: self.retry_after.clone(),
                },
            ),
            (&self.malformed_call, FaultAction::Malformed),
            (&self.empty_call, FaultAction::Empty),
        ];
        for (calls, action) in faults {
            script
                .faults
                .extend(calls.iter().map(|n| Fault::on_call(*n, action.clone())));
        }
        script
    }
}

fn main() -> ExitCode {
    match run(&FakeLlmArgs::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn run(args: &FakeLlmArgs) -> anyhow::Result<()> {
    let base = match &args.script {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("reading the script in {}", path.display()))?
        }
        None => FakeScript::default(),
    };
    let script = args.script(base);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("listening on {}", args.bind))?;
        let address = listener.local_addr().context("reading the bound address")?;
        println!("fake LLM listening on http://{address}/v1");
        FakeLlm::serve(listener, script, shutdown_signal())
            .await
            .context("serving HTTP")
    })
}

#[cfg(test)]
mod tests {
    use resume_backend::llm::PromptKind;

    use super::*;

    #[test]
    fn flags_build_the_script() {
        let args = FakeLlmArgs::try_parse_from([
            "resume-fake-llm",
            "--bind",
            "127.0.0.1:0",
            "--latency-ms",
            "300",
            "--reject-json-schema",
            "--fail-call",
            "2",
            "--fail-call",
            "5",
            "--rate-limit-call",
            "1",
            "--retry-after",
            "2",
            "--empty-call",
            "3",
        ])
        .unwrap();
        let base = FakeScript {
            faults: vec![Fault::always(FaultAction::Malformed).for_kind(PromptKind::Introduction)],
            ..FakeScript::default()
        };
        let script = args.script(base);
        assert_eq!(script.latency_ms, 300);
        assert!(script.reject_json_schema);
        assert_eq!(script.faults.len(), 5);
        assert_eq!(
            script.faults[3],
            Fault::on_call(
                1,
                FaultAction::RateLimit {
                    retry_after: "2".into()
                }
            )
        );
    }
}
