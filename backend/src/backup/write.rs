//! Writing an archive: one read transaction over the whole database (REPEATABLE READ and READ
//! ONLY on PostgreSQL; on SQLite in WAL mode a transaction reads one snapshot from its first
//! read on), each table streamed page by page into its JSON-lines file, the manifest last. The
//! archive is written to a private (0600) temporary file beside the target and renamed over it
//! only when complete, so a failure never leaves a partial archive under the target's name.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel,
    TransactionTrait as _,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::digest::{TableDigest, content_hash};
use super::error::BackupError;
use super::format::{FORMAT, FORMAT_VERSION, MANIFEST_FILE};
use super::manifest::{Manifest, ManifestTable, columns_of, known_migrations, table_file};
use super::pages::for_each_line;
use super::tables::tables;

/// What a written archive holds.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The manifest as written.
    pub manifest: Manifest,
}

impl Summary {
    /// Rows over all tables.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.manifest.tables.iter().map(|table| table.rows).sum()
    }
}

/// Writes an archive of the whole database to `path`.
///
/// # Errors
/// Database and I/O errors, and a database whose schema is not this binary's
/// ([`BackupError::SchemaMismatch`]); `path` is then untouched.
pub async fn write_backup(db: &DatabaseConnection, path: &Path) -> Result<Summary, BackupError> {
    let tables = tables()?;
    let txn = match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    };
    let schema_version = check_schema(&txn).await?;
    let temporary = temporary_path(path)?;
    let io_error = |source| BackupError::Io {
        path: temporary.clone(),
        source,
    };
    let file = crate::private_files::create_new_private()
        .open(&temporary)
        .map_err(io_error)?;
    let result: Result<Summary, BackupError> = async {
        let mut zip = ZipWriter::new(BufWriter::new(file));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o600)
            .large_file(true);
        let mut entries = Vec::with_capacity(tables.len());
        for table in &tables {
            zip.start_file(table_file(table.name), options)
                .map_err(|error| zip_error(&temporary, error))?;
            let mut digest = TableDigest::default();
            for_each_line(&txn, table, |line| {
                digest.add(line.as_bytes());
                zip.write_all(line.as_bytes())
                    .and_then(|()| zip.write_all(b"\n"))
                    .map_err(io_error)
            })
            .await?;
            entries.push(ManifestTable {
                name: table.name.to_owned(),
                file: table_file(table.name),
                columns: columns_of(table),
                rows: digest.rows(),
                digest: digest.hex(),
            });
        }
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema_version,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            created_at: Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
            source_database: match db.get_database_backend() {
                DbBackend::Postgres => "postgres".to_owned(),
                _ => "sqlite".to_owned(),
            },
            content_hash: content_hash(
                entries
                    .iter()
                    .map(|table| (table.name.as_str(), table.rows, table.digest.as_str())),
            ),
            tables: entries,
        };
        zip.start_file(MANIFEST_FILE, options.large_file(false))
            .map_err(|error| zip_error(&temporary, error))?;
        let text = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        zip.write_all(&text).map_err(io_error)?;
        let writer = zip.finish().map_err(|error| zip_error(&temporary, error))?;
        let file = writer
            .into_inner()
            .map_err(|error| io_error(error.into_error()))?;
        file.sync_all().map_err(io_error)?;
        drop(file);
        std::fs::rename(&temporary, path).map_err(|source| BackupError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(Summary { manifest })
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    // A read-only transaction: nothing to keep.
    let _ = txn.rollback().await;
    result
}

/// The name of the last migration applied to the database, when it is exactly this binary's
/// schema.
async fn check_schema(db: &impl ConnectionTrait) -> Result<String, BackupError> {
    let known = known_migrations();
    let binary = known.last().cloned().unwrap_or_default();
    let applied = applied_migrations(db).await?;
    let database = applied.last().cloned().unwrap_or_else(|| "none".to_owned());
    if applied == known {
        return Ok(binary);
    }
    let advice = if applied.iter().all(|name| known.contains(name)) {
        "apply the pending migrations first (resume-editor migrate)"
    } else {
        "back it up with the version of resume-editor that runs it"
    };
    Err(BackupError::SchemaMismatch {
        database,
        binary,
        advice,
    })
}

/// The applied migrations, oldest first (empty when the database has no schema).
///
/// # Errors
/// Database errors other than a missing migration table.
pub(super) async fn applied_migrations(
    db: &impl ConnectionTrait,
) -> Result<Vec<String>, BackupError> {
    let existing = super::restore::existing_tables(db).await?;
    if !existing.iter().any(|name| name == "seaql_migrations") {
        return Ok(Vec::new());
    }
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations ORDER BY version",
        ))
        .await?;
    rows.iter()
        .map(|row| {
            row.try_get::<String>("", "version")
                .map_err(BackupError::from)
        })
        .collect()
}

/// `.NAME.PID.tmp` beside `path`.
fn temporary_path(path: &Path) -> Result<PathBuf, BackupError> {
    let file_name = path.file_name().ok_or_else(|| BackupError::Io {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"),
    })?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(directory.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    )))
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> BackupError {
    BackupError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(error),
    }
}
