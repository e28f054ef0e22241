//! Fires a burst of parallel logins with wrong passwords at a running server and reports what
//! came back and, given the server's process id, its peak memory.
//!
//! ```text
//! cargo run --release -p resume_backend --example login_burst -- \
//!     --url http://127.0.0.1:18080 --requests 200 [--username admin | --unknown-names] \
//!     [--forwarded] [--pid PID]
//! ```
//!
//! All requests are sent at once, each over its own connection. `--username` sends every
//! request for one account; `--unknown-names` gives each request its own name that no account
//! has. `--forwarded` gives each request its own `X-Forwarded-For` address (198.18.x.y), which
//! the server believes only when its `RESUME_EDITOR_TRUSTED_PROXIES` lists 127.0.0.1: then
//! every request comes from a different client, and no per-network limit cuts the burst short.
//!
//! Prints the count of each status (every 401 is a password that was checked: the server only
//! answers 401 after an argon2 verification), the time the burst took, and with `--pid` the
//! server's `VmHWM` (peak resident memory) and `VmRSS` from `/proc/PID/status` before and
//! after. Only for a server on this machine.

use std::collections::BTreeMap;
use std::time::Instant;

struct Options {
    url: String,
    requests: usize,
    username: String,
    unknown_names: bool,
    forwarded: bool,
    pid: Option<u32>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        url: "http://127.0.0.1:18080".to_owned(),
        requests: 200,
        username: "admin".to_owned(),
        unknown_names: false,
        forwarded: false,
        pid: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => options.url = value()?,
            "--requests" => options.requests = value()?.parse().map_err(|_| "bad --requests")?,
            "--username" => options.username = value()?,
            "--unknown-names" => options.unknown_names = true,
            "--forwarded" => options.forwarded = true,
            "--pid" => options.pid = Some(value()?.parse().map_err(|_| "bad --pid")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

/// `VmHWM` and `VmRSS` of a process, in KiB.
fn memory(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<u64>().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = parse_options()?;
    if let Some((peak, rss)) = options.pid.and_then(memory) {
        println!("before: VmHWM {}, VmRSS {}", mib(peak), mib(rss));
    }
    let url = format!("{}/api/v1/auth/login", options.url.trim_end_matches('/'));
    let started = Instant::now();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(options.requests));
    let tasks: Vec<_> = (0..options.requests)
        .map(|i| {
            // One client per request: one connection each, all in flight together.
            let client = reqwest::Client::new();
            let username = if options.unknown_names {
                format!("nobody-{i}")
            } else {
                options.username.clone()
            };
            let mut request = client.post(&url).json(&serde_json::json!({
                "username": username,
                "password": "not the password",
            }));
            if options.forwarded {
                request = request.header(
                    "x-forwarded-for",
                    format!("198.18.{}.{}", i / 250, i % 250 + 1),
                );
            }
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                match request.send().await {
                    Ok(response) => response.status().as_u16().to_string(),
                    Err(error) => format!("error: {error}"),
                }
            })
        })
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for task in tasks {
        let outcome = task.await.map_err(|error| error.to_string())?;
        *counts.entry(outcome).or_default() += 1;
    }
    let elapsed = started.elapsed();
    println!(
        "{} requests in {:.2} s: {}",
        options.requests,
        elapsed.as_secs_f64(),
        counts
            .iter()
            .map(|(status, count)| format!("{status} × {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some((peak, rss)) = options.pid.and_then(memory) {
        println!("after: VmHWM {}, VmRSS {}", mib(peak), mib(rss));
    }
    Ok(())
}
