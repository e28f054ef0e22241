//! The blocking side of an export: takes the files in order, compresses each into a zip
//! archive written for a non-seekable output (sizes in data descriptors after each file), and
//! sends the archive on in chunks of about [`CHUNK_BYTES`].

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;
use uuid::Uuid;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::{ExportError, File};

/// The size of the chunks sent to the client.
const CHUNK_BYTES: usize = 64 * 1024;

/// What the writer sends: a chunk of the archive, or the error that ends it.
type Chunk = Result<Vec<u8>, ExportError>;

/// Writes every file of `files` into `user_id`'s archive and finishes it; an error received
/// instead of a file (or one of its own) is logged and sent on as the last item, and the
/// archive is left unfinished. Runs on a blocking thread.
pub(super) fn write(
    user_id: Uuid,
    mut files: mpsc::Receiver<Result<File, ExportError>>,
    chunks: &mpsc::Sender<Chunk>,
) {
    let abandoned = Arc::new(AtomicBool::new(false));
    let mut zip = ZipWriter::new_stream(Chunks::new(chunks.clone(), Arc::clone(&abandoned)));
    let result = write_files(&mut zip, &mut files).and_then(|()| {
        let mut out = zip.finish()?.into_inner();
        out.send_buffered().map_err(ExportError::from_io)
    });
    if let Err(error) = result {
        if !matches!(error, ExportError::Closed) {
            tracing::error!(%user_id, %error, "account export failed");
        }
        // The client stops at the error; what the archive writes when it is dropped
        // unfinished is thrown away.
        abandoned.store(true, Ordering::Relaxed);
        let _gone = chunks.blocking_send(Err(error));
    }
}

fn write_files(
    zip: &mut ZipWriter<zip::write::StreamWriter<Chunks>>,
    files: &mut mpsc::Receiver<Result<File, ExportError>>,
) -> Result<(), ExportError> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    while let Some(file) = files.blocking_recv() {
        let file = file?;
        zip.start_file(file.path, options)?;
        zip.write_all(&file.data).map_err(ExportError::from_io)?;
    }
    Ok(())
}

impl ExportError {
    /// An output error: the client has gone (the only way writing to the channel fails), or a
    /// compression failure.
    fn from_io(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Self::Closed
        } else {
            Self::Zip(error.into())
        }
    }
}

/// The archive's output: collects bytes and sends them in chunks of [`CHUNK_BYTES`], waiting
/// while the client is behind; once `abandoned`, it takes bytes and sends nothing.
struct Chunks {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Chunk>,
    abandoned: Arc<AtomicBool>,
}

impl Chunks {
    fn new(sender: mpsc::Sender<Chunk>, abandoned: Arc<AtomicBool>) -> Self {
        Self {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            sender,
            abandoned,
        }
    }

    /// Sends what is collected.
    fn send_buffered(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_closed| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.abandoned.load(Ordering::Relaxed) {
            return Ok(data.len());
        }
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffered()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read as _};

    use super::*;

    /// Runs the writer over `files` on its own thread; returns the bytes it sent and whether
    /// it ended with an error.
    fn run(files: Vec<Result<File, ExportError>>) -> (Vec<u8>, bool) {
        let (file_tx, file_rx) = mpsc::channel(files.len().max(1));
        let (chunk_tx, mut chunk_rx) = mpsc::channel(1);
        for file in files {
            file_tx.blocking_send(file).unwrap();
        }
        drop(file_tx);
        let writer = std::thread::spawn(move || write(Uuid::nil(), file_rx, &chunk_tx));
        let mut bytes = Vec::new();
        let mut failed = false;
        while let Some(chunk) = chunk_rx.blocking_recv() {
            match chunk {
                Ok(chunk) => bytes.extend_from_slice(&chunk),
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        drop(chunk_rx);
        writer.join().unwrap();
        (bytes, failed)
    }

    fn file(path: &str, data: Vec<u8>) -> Result<File, ExportError> {
        Ok(File {
            path: path.to_owned(),
            data,
        })
    }

    #[test]
    fn the_files_come_out_as_one_archive_in_chunks() {
        // Larger than a chunk even compressed: bytes that do not repeat.
        let mut state = 1_u32;
        let noise: Vec<u8> = (0..3 * CHUNK_BYTES)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                state.to_be_bytes()[0]
            })
            .collect();
        let (bytes, failed) = run(vec![
            file("README.md", b"hello".to_vec()),
            file("a/b.bin", noise.clone()),
        ]);
        assert!(!failed);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut read = Vec::new();
        archive
            .by_name("a/b.bin")
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, noise);
    }

    #[test]
    fn an_error_ends_the_stream_without_finishing_the_archive() {
        let error = serde_json::from_str::<u8>("x").unwrap_err();
        let (bytes, failed) = run(vec![
            file("README.md", b"hello".to_vec()),
            Err(ExportError::Json(error)),
            file("late.md", b"never".to_vec()),
        ]);
        assert!(failed);
        assert!(zip::ZipArchive::new(Cursor::new(bytes)).is_err());
    }
}
