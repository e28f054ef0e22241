//! `resume-editor fake-llm [--bind ADDR] [behaviour flags]`: runs the fake OpenAI-compatible
//! server (`crate::llm::fake`) for e2e tests and local development, until SIGINT or SIGTERM.
//!
//! The flags build the initial script; a `--script FILE` (JSON) is read first and the flags
//! add to it. The script can be replaced at run time with `POST /_fake/script`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::server;
use crate::app::shutdown_signal;
use crate::llm::fake::{FakeLlm, FakeScript, Fault, FaultAction};

/// Arguments of `fake-llm`.
#[derive(Debug, Args)]
pub struct FakeLlmArgs {
    /// Address to listen on; the base URL to configure is http://ADDR/v1.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9000")]
    pub bind: SocketAddr,
    /// Start from this script (JSON, the body of POST /_fake/script).
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Wait this long before answering every call.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// Reject requests asking for json_schema output (HTTP 400).
    #[arg(long)]
    pub reject_json_schema: bool,
    /// Reject requests asking for json_object output (HTTP 400).
    #[arg(long)]
    pub reject_json_object: bool,
    /// Plant an invented company, year, metric, amount and skill in refinement answers.
    #[arg(long)]
    pub plant_invented_facts: bool,
    /// Require this API key (HTTP 401 otherwise).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Answer the Nth call with HTTP 500 (repeatable).
    #[arg(long, value_name = "N")]
    pub fail_call: Vec<u64>,
    /// Answer the Nth call with HTTP 429 and Retry-After (repeatable).
    #[arg(long, value_name = "N")]
    pub rate_limit_call: Vec<u64>,
    /// The Retry-After value sent with --rate-limit-call (seconds or an HTTP date).
    #[arg(long, value_name = "VALUE", default_value = "1")]
    pub retry_after: String,
    /// Answer the Nth call with malformed JSON (repeatable).
    #[arg(long, value_name = "N")]
    pub malformed_call: Vec<u64>,
    /// Answer the Nth call with an empty answer (repeatable).
    #[arg(long, value_name = "N")]
    pub empty_call: Vec<u64>,
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

/// Runs the fake; returns the exit status.
pub(super) fn run(args: &FakeLlmArgs) -> u8 {
    match run_inner(args) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error:#}");
            super::EXIT_USAGE
        }
    }
}

fn run_inner(args: &FakeLlmArgs) -> anyhow::Result<()> {
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
    server::runtime()?.block_on(async move {
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
    use clap::Parser as _;

    use crate::cli::{Cli, Command};
    use crate::llm::PromptKind;

    use super::*;

    #[test]
    fn flags_build_the_script() {
        let cli = Cli::try_parse_from([
            "resume-editor",
            "fake-llm",
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
        let Command::FakeLlm(args) = cli.command else {
            panic!("not fake-llm");
        };
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
