//! The `resume-fake-llm` binary as the end-to-end tests, schemathesis and the generated-client
//! step start it: it says where it listens, answers there, and refuses bad arguments with a
//! message and exit status 2.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_resume-fake-llm");

/// The child process, killed when the test ends however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One plain HTTP/1.1 exchange; the whole answer as text.
fn http(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connecting to the fake");
    stream
        .write_all(request.as_bytes())
        .expect("sending the request");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .expect("reading the answer");
    answer
}

#[test]
fn it_listens_where_it_says_answers_and_logs_the_calls() {
    let mut child = Running(
        Command::new(BINARY)
            .args(["--bind", "127.0.0.1:0", "--latency-ms", "1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("fake LLM listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    let address = base.strip_suffix("/v1").unwrap();

    let health = http(
        address,
        "GET /_fake/health HTTP/1.1\r\nHost: fake\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    let body = r#"{"model":"fake-model","messages":[{"role":"user","content":"Hello"}]}"#;
    let completion = http(
        address,
        &format!(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: fake\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    // Not one of the server's prompts: refused the way OpenAI refuses, and still counted.
    assert!(completion.starts_with("HTTP/1.1 400"), "{completion}");
    assert!(
        completion.contains("does not recognise this prompt"),
        "{completion}"
    );

    let calls = http(
        address,
        "GET /_fake/calls HTTP/1.1\r\nHost: fake\r\nConnection: close\r\n\r\n",
    );
    assert!(calls.contains("\"total\":1"), "{calls}");
}

#[test]
fn an_unreadable_script_is_refused_with_its_path() {
    let output = Command::new(BINARY)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--script",
            "/nonexistent/script.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("reading /nonexistent/script.json"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_flag_is_refused() {
    let output = Command::new(BINARY).arg("--no-such-flag").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--no-such-flag"));
}
