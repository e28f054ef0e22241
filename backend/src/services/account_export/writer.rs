//! The blocking side of an export: takes the files in order, compresses each into a zip
//! archive written for a non-seekable output (sizes in data descriptors after each file), and
//! sends the archive on in chunks of about [`CHUNK_BYTES`].

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::{ExportError, File};

/// The size of the chunks sent to the client.
const CHUNK_BYTES: usize = 64 * 1024;

/// What the writer sends: a chunk of the archive, or the error that ends it.
type Chunk = Result<Vec<u8>, ExportError>;

/// Writes every file of `files` into the archive and finishes it; an error received instead
/// of a file (or one of its own) is sent on as the last item, and the archive is left
/// unfinished. Runs on a blocking thread.
pub(super) fn write(
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
            tracing::error!(%error, "account export failed");
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
