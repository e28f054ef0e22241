//! What can go wrong when writing or restoring an archive, each case with a message that names
//! the problem for the operator.

use std::path::PathBuf;

use sea_orm::DbErr;

use super::format::{FORMAT_VERSION, MANIFEST_FILE};

/// A backup or restore failure.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A database error.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a zip archive at all.
    #[error("not a backup archive (not a zip file: {0})")]
    NotAnArchive(String),
    /// The archive is damaged (a checksum or a compressed stream is wrong).
    #[error("the archive is damaged: {0}")]
    Damaged(String),
    /// The archive is a zip file but not one this application wrote.
    #[error("not a Resume Editor backup: {0}")]
    Foreign(String),
    /// The archive's format version is not the one this binary reads.
    #[error(
        "the archive has format version {found}; this version of resume-editor reads version {supported}",
        supported = FORMAT_VERSION
    )]
    UnsupportedFormat {
        /// The archive's format version.
        found: u64,
    },
    /// The archive follows a schema newer than this binary's.
    #[error(
        "the archive was made at schema {archive}, which this version of resume-editor does not know (it knows up to {binary}); restore it with the release that made it or a newer one"
    )]
    NewerSchema {
        /// The archive's schema version.
        archive: String,
        /// This binary's latest migration.
        binary: String,
    },
    /// The archive follows an older schema than this binary's.
    #[error(
        "the archive was made at schema {archive}, older than this version's ({binary}); restore it with the release that made it, then upgrade (serve or migrate apply the newer migrations)"
    )]
    OlderSchema {
        /// The archive's schema version.
        archive: String,
        /// This binary's latest migration.
        binary: String,
    },
    /// A table of the application is not in the archive.
    #[error("the archive lacks the table {0}")]
    MissingTable(String),
    /// The archive holds a table this binary does not know.
    #[error("the archive holds a table this version does not know: {0}")]
    UnknownTable(String),
    /// A table's entry or rows are malformed.
    #[error("table {table}: {problem}")]
    BadTable {
        /// The table.
        table: String,
        /// What is wrong.
        problem: String,
    },
    /// The manifest's content hash does not match its own table entries.
    #[error(
        "the content hash in {manifest} does not match its tables (the manifest was edited or damaged)",
        manifest = MANIFEST_FILE
    )]
    ManifestHash,
    /// A table has another number of rows than the manifest says.
    #[error("table {table}: the manifest says {expected} rows, {place} holds {found}")]
    RowCount {
        /// The table.
        table: String,
        /// Rows in the manifest.
        expected: u64,
        /// Rows found.
        found: u64,
        /// Where they were counted: the archive or the restored database.
        place: &'static str,
    },
    /// A table's rows do not match the manifest's digest.
    #[error("table {table}: content hash mismatch ({place} differs from the manifest)")]
    HashMismatch {
        /// The table.
        table: String,
        /// Where: the archive or the restored database.
        place: &'static str,
    },
    /// The restore target already holds data.
    #[error(
        "the target database is not empty (table {table} has {rows} rows); restore only into an empty database"
    )]
    NotEmpty {
        /// The first table found holding rows.
        table: String,
        /// Its rows.
        rows: i64,
    },
    /// The database's schema is not the one this binary writes archives of.
    #[error(
        "the database schema is {database}, this version of resume-editor expects {binary}: {advice}"
    )]
    SchemaMismatch {
        /// The database's latest migration (or `none`).
        database: String,
        /// This binary's latest migration.
        binary: String,
        /// What to do.
        advice: &'static str,
    },
    /// A column type the archive format cannot hold.
    #[error("column {table}.{column} has type {column_type}, which backups cannot hold")]
    UnsupportedColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The sea-orm column type.
        column_type: String,
    },
}

impl BackupError {
    /// Whether the error is about the archive's content (rather than configuration, I/O or the
    /// database), for the exit status.
    #[must_use]
    pub fn is_refused_archive(&self) -> bool {
        !matches!(
            self,
            Self::Db(_)
                | Self::Io { .. }
                | Self::NotEmpty { .. }
                | Self::SchemaMismatch { .. }
                | Self::UnsupportedColumn { .. }
        )
    }
}
