//! The export of a whole account as one zip archive, streamed: an async task reads the user's
//! rows page by page (`reader`) and hands each file to a blocking thread that compresses it
//! into the archive (`writer`), which sends the archive on in chunks. Both hand-overs are
//! bounded channels, so however many resumes and revisions a user has, the server holds only
//! a few files and chunks at a time, and a client that reads slowly (or goes away) slows (or
//! stops) the reading of rows. [`layout`] names the files and writes the `README.md` that
//! describes them; [`records`] are the JSON files' shapes.

pub mod layout;
mod reader;
pub mod records;
mod writer;

use futures::Stream;
use resume_shared::api::SettingsResponse;
use sea_orm::DatabaseConnection;
use tokio::sync::mpsc;

use crate::db::entities::users;

/// Files waiting for the compressing thread.
const FILE_QUEUE: usize = 4;
/// Archive chunks waiting for the client.
const CHUNK_QUEUE: usize = 4;

/// Whose account is exported: the user, their role names, and their settings as the API shows
/// them (without the API key).
#[derive(Debug, Clone)]
pub struct Account {
    /// The user.
    pub user: users::Model,
    /// Their role names.
    pub roles: Vec<String>,
    /// Their settings, without secrets.
    pub settings: SettingsResponse,
}

/// Why an export stopped before its end (the client then sees a cut-off download).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the rows failed.
    #[error("reading the account's data: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// Writing a JSON file failed.
    #[error("writing a JSON file: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing the archive failed.
    #[error("writing the archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The other end of a hand-over has gone (the client went away, or the other side
    /// stopped).
    #[error("the export was abandoned")]
    Closed,
}

/// One file of the archive: its path inside it and its bytes.
#[derive(Debug)]
struct File {
    path: String,
    data: Vec<u8>,
}

/// Starts exporting `account`; the archive comes as a stream of chunks. A failure ends the
/// stream with an error (logged), so the download is cut off rather than looking complete.
pub fn archive(
    db: DatabaseConnection,
    account: Account,
) -> impl Stream<Item = Result<Vec<u8>, ExportError>> + Send + 'static {
    let (file_tx, file_rx) = mpsc::channel(FILE_QUEUE);
    let (chunk_tx, chunk_rx) = mpsc::channel(CHUNK_QUEUE);
    let user_id = account.user.id;
    tokio::task::spawn_blocking(move || writer::write(user_id, file_rx, &chunk_tx));
    tokio::spawn(async move {
        let result = reader::read(&db, &account, &file_tx).await;
        if let Err(error) = result
            && !matches!(error, ExportError::Closed)
        {
            // The writer logs it and passes it on to the client instead of finishing the
            // archive. When it has gone already there is nobody left to tell.
            let _gone = file_tx.send(Err(error)).await;
        }
    });
    futures::stream::unfold(chunk_rx, |mut chunks| async move {
        chunks.recv().await.map(|chunk| (chunk, chunks))
    })
}
