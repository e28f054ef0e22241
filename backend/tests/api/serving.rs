//! The HTTP server's own limits, over raw TCP: a client that stalls in its request head is
//! disconnected after the header-read timeout, and connections beyond the cap wait until one
//! closes.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(a_client_that_stalls_in_the_request_line_is_disconnected; env = [
    ("HEADER_READ_TIMEOUT_SECONDS", "1"),
]);
db_tests!(connections_beyond_the_cap_wait_until_one_closes; env = [
    ("MAX_CONNECTIONS", "2"),
    ("HEADER_READ_TIMEOUT_SECONDS", "30"),
]);

fn socket_address(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

/// Reads until the peer closes (or resets) the connection; what was read.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

const HEALTH: &[u8] =
    b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

async fn a_client_that_stalls_in_the_request_line_is_disconnected(app: TestApp) {
    // Arrange
    let mut stream = TcpStream::connect(socket_address(&app)).await.unwrap();
    let started = Instant::now();

    // Act: half a request line, then nothing.
    stream.write_all(b"GET /api/v1/health HT").await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut stream)).await;

    // Assert
    assert!(closed.is_ok(), "the connection is still open after 5 s");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

async fn connections_beyond_the_cap_wait_until_one_closes(app: TestApp) {
    // Arrange: two connections take both places and send nothing.
    let address = socket_address(&app);
    let first = TcpStream::connect(&address).await.unwrap();
    let _second = TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Act: a third asks for something.
    let mut third = TcpStream::connect(&address).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    let early = tokio::time::timeout(Duration::from_millis(800), read_to_close(&mut third)).await;

    // Assert: it is answered only once a place is free.
    assert!(early.is_err(), "answered over the cap: {early:?}");
    drop(first);
    let answer = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut third))
        .await
        .expect("answered once a connection closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
