//! A small HTTP/1.1 load generator for the server's hot paths.
//!
//! ```text
//! cargo run --release -p resume_backend --example load -- \
//!     --url http://127.0.0.1:8080/api/v1/auth/me --token "$TOKEN" \
//!     --connections 50 --seconds 20 [--rate 2000] [--method POST --body-file body.json]
//! ```
//!
//! Opens N keep-alive connections and sends GET requests over each, one at a time, for D
//! seconds (after a short warm-up that is not counted). Without `--rate` every connection sends
//! its next request as soon as the answer arrives (closed loop: the figure is the maximum
//! throughput, and latency = connections / throughput). With `--rate R` the connections together
//! send R requests per second on a fixed schedule (open loop); when a connection is still
//! waiting for its previous answer at the scheduled time, the latency is measured from the
//! scheduled time, so a stalled server cannot hide its queueing delay (coordinated omission). Prints
//! requests/s and the p50/p90/p99/max latency. Only plain HTTP to a loopback or local address;
//! loops are bounded in time.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

struct Options {
    host: String,
    path: String,
    token: Option<String>,
    method: String,
    body: Option<Vec<u8>>,
    connections: usize,
    seconds: u64,
    warmup: u64,
    rate: Option<f64>,
}

fn parse_options() -> Result<Options, String> {
    let mut url = None;
    let mut token = None;
    let mut connections = 50;
    let mut seconds = 20;
    let mut warmup = 3;
    let mut rate = None;
    let mut method = "GET".to_owned();
    let mut body = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => url = Some(value()?),
            "--token" => token = Some(value()?),
            "--connections" => connections = value()?.parse().map_err(|_| "bad --connections")?,
            "--seconds" => seconds = value()?.parse().map_err(|_| "bad --seconds")?,
            "--warmup" => warmup = value()?.parse().map_err(|_| "bad --warmup")?,
            "--rate" => rate = Some(value()?.parse().map_err(|_| "bad --rate")?),
            "--method" => method = value()?.to_uppercase(),
            "--body-file" => {
                let path = value()?;
                body = Some(std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let url = url.ok_or("--url is required")?;
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are supported")?;
    let (host, path) = match rest.find('/') {
        Some(slash) => (rest[..slash].to_owned(), rest[slash..].to_owned()),
        None => (rest.to_owned(), "/".to_owned()),
    };
    let seconds = u64::min(seconds, 300);
    Ok(Options {
        host,
        path,
        token,
        method,
        body,
        connections: connections.clamp(1, 1000),
        seconds,
        warmup,
        rate,
    })
}

/// Reads one HTTP/1.1 response (headers plus a Content-Length body); returns the status.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<u16> {
    buffer.clear();
    let mut chunk = [0_u8; 8192];
    loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_string();
            let status = head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let length: usize = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())
                        .flatten()
                })
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            return Ok(status);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: u64,
}

async fn connection(
    options: std::sync::Arc<Options>,
    index: usize,
    start: Instant,
    measure_from: Instant,
    end: Instant,
) -> Outcome {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\n",
        options.method, options.path, options.host
    );
    if let Some(token) = &options.token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if let Some(body) = &options.body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    if let Some(body) = &options.body {
        request.extend_from_slice(body);
    }
    let mut outcome = Outcome {
        latencies: Vec::with_capacity(100_000),
        errors: 0,
    };
    let Ok(mut stream) = TcpStream::connect(&options.host).await else {
        outcome.errors += 1;
        return outcome;
    };
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(16 * 1024);
    // Open loop: this connection's share of the rate, offset so connections interleave.
    let interval = options
        .rate
        .map(|rate| Duration::from_secs_f64(options.connections as f64 / rate));
    let mut next = interval.map(|i| start + i.mul_f64(index as f64 / options.connections as f64));
    // When the previous answer arrived: if the connection was idle at the scheduled time, any
    // delay before sending is the generator's timer (1 ms resolution), not the server's.
    let mut free_at = start;
    loop {
        let scheduled = match (next, interval) {
            (Some(at), Some(step)) => {
                if at > Instant::now() {
                    tokio::time::sleep_until(at.into()).await;
                }
                next = Some(at + step);
                at
            }
            _ => Instant::now(),
        };
        if scheduled >= end {
            break;
        }
        let measured_from = if free_at <= scheduled {
            Instant::now()
        } else {
            scheduled
        };
        let sent = stream.write_all(&request).await;
        let status = match sent {
            Ok(()) => read_response(&mut stream, &mut buffer).await,
            Err(error) => Err(error),
        };
        let done = Instant::now();
        free_at = done;
        match status {
            Ok(200) => {
                if scheduled >= measure_from {
                    outcome.latencies.push(done - measured_from);
                }
            }
            Ok(_) | Err(_) => {
                outcome.errors += 1;
                if status.is_err() {
                    match TcpStream::connect(&options.host).await {
                        Ok(new) => stream = new,
                        Err(_) => return outcome,
                    }
                }
            }
        }
    }
    outcome
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = match parse_options() {
        Ok(options) => std::sync::Arc::new(options),
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(options.warmup);
    let end = measure_from + Duration::from_secs(options.seconds);
    let tasks: Vec<_> = (0..options.connections)
        .map(|index| tokio::spawn(connection(options.clone(), index, start, measure_from, end)))
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok(outcome) = task.await {
            latencies.extend(outcome.latencies);
            errors += outcome.errors;
        }
    }
    latencies.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mode = match options.rate {
        Some(rate) => format!("open loop at {rate} req/s"),
        None => "closed loop".to_owned(),
    };
    println!(
        "{} {} connections, {} s ({mode}): {} ok, {} errors, {:.0} req/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        options.path,
        options.connections,
        options.seconds,
        latencies.len(),
        errors,
        latencies.len() as f64 / options.seconds as f64,
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
}
