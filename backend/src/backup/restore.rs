//! Restoring an archive into an empty database, all in one transaction: the manifest is checked
//! first (before the database is touched), then the target is checked to be empty, the
//! migrations are applied, the rows are inserted table by table (parents first; references
//! within a table set afterwards), PostgreSQL's sequences are moved past the restored keys, and
//! every table is read back and compared with the manifest's row counts and digests. Any
//! problem rolls everything back.

use std::fs::File;
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;

use migration::{Migrator, MigratorTrait as _};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, ExprTrait as _,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait as _, Value,
};
use zip::ZipArchive;
use zip::read::ZipFile;
use zip::result::ZipError;

use super::digest::TableDigest;
use super::error::BackupError;
use super::format::MANIFEST_FILE;
use super::manifest::{Manifest, ManifestTable};
use super::pages::for_each_line;
use super::tables::{SEEDED_BY_MIGRATIONS, TableSpec, tables};
use super::values::{decode_row, null_of};

/// The longest manifest read (a real one is a few kilobytes).
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
/// The longest row line read: well above any row the application writes (a resume is at most a
/// few MiB of text), low enough that a damaged archive cannot exhaust memory.
const MAX_LINE_BYTES: u64 = 256 << 20;
/// Values bound per `INSERT` (both databases allow far more; batches keep round trips few).
const VALUES_PER_INSERT: usize = 1000;

/// What was restored.
#[derive(Debug, Clone)]
pub struct RestoreSummary {
    /// The archive's manifest.
    pub manifest: Manifest,
}

impl RestoreSummary {
    /// Rows over all tables.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.manifest.tables.iter().map(|table| table.rows).sum()
    }
}

/// An opened archive whose manifest passed its checks.
pub struct Archive {
    zip: ZipArchive<File>,
    manifest: Manifest,
    tables: Vec<TableSpec>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("manifest", &self.manifest)
            .finish_non_exhaustive()
    }
}

impl Archive {
    /// Opens `path` and checks its manifest and file list against this binary.
    ///
    /// # Errors
    /// The [`BackupError`] naming what is wrong with the file.
    pub fn open(path: &Path) -> Result<Self, BackupError> {
        let tables = tables()?;
        let file = File::open(path).map_err(|source| BackupError::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut zip = ZipArchive::new(file).map_err(|error| match error {
            ZipError::Io(source) => BackupError::Io {
                path: path.to_owned(),
                source,
            },
            other => BackupError::NotAnArchive(other.to_string()),
        })?;
        let mut bytes = Vec::new();
        match zip.by_name(MANIFEST_FILE) {
            Ok(entry) => {
                entry
                    .take(MAX_MANIFEST_BYTES)
                    .read_to_end(&mut bytes)
                    .map_err(|error| BackupError::Damaged(format!("{MANIFEST_FILE}: {error}")))?;
            }
            Err(ZipError::FileNotFound) => {
                return Err(BackupError::Foreign(format!("it has no {MANIFEST_FILE}")));
            }
            Err(error) => return Err(BackupError::Damaged(format!("{MANIFEST_FILE}: {error}"))),
        }
        let manifest = Manifest::parse_and_check(&bytes, &tables)?;
        for name in zip.file_names() {
            let name = name.map_err(|error| BackupError::Damaged(error.to_string()))?;
            let name = name.as_ref();
            if name == MANIFEST_FILE || manifest.tables.iter().any(|table| table.file == name) {
                continue;
            }
            if let Some(table) = name
                .strip_prefix("tables/")
                .and_then(|rest| rest.strip_suffix(".jsonl"))
            {
                return Err(BackupError::UnknownTable(table.to_owned()));
            }
            return Err(BackupError::Foreign(format!(
                "it holds an unexpected file {name}"
            )));
        }
        if let Some(missing) = manifest
            .tables
            .iter()
            .find(|table| zip.index_for_name(&table.file).is_none())
        {
            return Err(BackupError::MissingTable(missing.name.clone()));
        }
        Ok(Self {
            zip,
            manifest,
            tables,
        })
    }

    /// The checked manifest.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A reader of the rows of `entry`'s file.
    ///
    /// # Errors
    /// [`BackupError::Damaged`] when the file cannot be opened.
    fn rows<'a>(&'a mut self, entry: &'a ManifestTable) -> Result<TableRows<'a>, BackupError> {
        let file = self
            .zip
            .by_name(&entry.file)
            .map_err(|error| BackupError::Damaged(format!("{}: {error}", entry.file)))?;
        Ok(TableRows {
            reader: BufReader::new(file),
            entry,
            digest: TableDigest::default(),
            line: Vec::new(),
        })
    }
}

/// The rows of one table file, a line at a time, counted and digested as they are read.
struct TableRows<'a> {
    reader: BufReader<ZipFile<'a, File>>,
    entry: &'a ManifestTable,
    digest: TableDigest,
    line: Vec<u8>,
}

impl TableRows<'_> {
    /// The next row line (without its newline), or `None` at the end of the file.
    fn next_row(&mut self) -> Result<Option<&[u8]>, BackupError> {
        self.line.clear();
        let read = (&mut self.reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut self.line)
            .map_err(|error| BackupError::Damaged(format!("{}: {error}", self.entry.file)))?;
        if read == 0 {
            return Ok(None);
        }
        if self.line.last() != Some(&b'\n') {
            return Err(BackupError::BadTable {
                table: self.entry.name.clone(),
                problem: if read as u64 > MAX_LINE_BYTES {
                    format!("a row is longer than {MAX_LINE_BYTES} bytes")
                } else {
                    "the last row is cut off".to_owned()
                },
            });
        }
        self.line.pop();
        self.digest.add(&self.line);
        Ok(Some(&self.line))
    }

    /// Checks the rows read against the manifest's count and digest. Call it after the last
    /// row: having read to the end, the zip checksum of the whole file has been checked too.
    fn finish(self) -> Result<(), BackupError> {
        compare(self.entry, &self.digest, "the archive")
    }
}

/// Compares a table's rows with its manifest entry.
fn compare(
    entry: &ManifestTable,
    digest: &TableDigest,
    place: &'static str,
) -> Result<(), BackupError> {
    if digest.rows() != entry.rows {
        return Err(BackupError::RowCount {
            table: entry.name.clone(),
            expected: entry.rows,
            found: digest.rows(),
            place,
        });
    }
    if digest.hex() != entry.digest {
        return Err(BackupError::HashMismatch {
            table: entry.name.clone(),
            place,
        });
    }
    Ok(())
}

/// Restores `archive` into the empty database `db`.
///
/// # Errors
/// [`BackupError::NotEmpty`] when the target holds data (nothing is changed), any problem of the
/// archive's rows, database errors, and a restored database that does not read back as the
/// manifest says; the transaction is then rolled back.
pub async fn restore_backup(
    db: &DatabaseConnection,
    mut archive: Archive,
) -> Result<RestoreSummary, BackupError> {
    let txn = match db.get_database_backend() {
        DbBackend::Sqlite => {
            // Take the write lock at once: a transaction that reads first and then writes can
            // fail to upgrade its lock while the server writes.
            db.begin_with_options(TransactionOptions {
                isolation_level: None,
                access_mode: None,
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            })
            .await?
        }
        _ => db.begin().await?,
    };
    match restore_in(&txn, &mut archive).await {
        Ok(()) => {
            txn.commit().await?;
            Ok(RestoreSummary {
                manifest: archive.manifest,
            })
        }
        Err(error) => {
            let _ = txn.rollback().await;
            Err(error)
        }
    }
}

async fn restore_in(txn: &DatabaseTransaction, archive: &mut Archive) -> Result<(), BackupError> {
    ensure_empty(txn).await?;
    Migrator::up(txn, None).await?;
    let tables = archive.tables.clone();
    for table in tables.iter().rev() {
        txn.execute(&Query::delete().from_table(table.name).to_owned())
            .await?;
    }
    for table in &tables {
        let entry = archive
            .manifest
            .table(table.name)
            .cloned()
            .ok_or_else(|| BackupError::MissingTable(table.name.to_owned()))?;
        insert_rows(txn, archive, table, &entry).await?;
        if !table.self_references.is_empty() {
            set_self_references(txn, archive, table, &entry).await?;
        }
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        for table in tables.iter().filter(|table| table.serial_key) {
            advance_sequence(txn, table).await?;
        }
    }
    for table in &tables {
        let entry = archive
            .manifest
            .table(table.name)
            .ok_or_else(|| BackupError::MissingTable(table.name.to_owned()))?;
        let mut digest = TableDigest::default();
        for_each_line(txn, table, |line| {
            digest.add(line.as_bytes());
            Ok(())
        })
        .await?;
        compare(entry, &digest, "the restored database")?;
    }
    Ok(())
}

/// Inserts the rows of `table`, a batch per statement; self-references are left NULL.
async fn insert_rows(
    txn: &DatabaseTransaction,
    archive: &mut Archive,
    table: &TableSpec,
    entry: &ManifestTable,
) -> Result<(), BackupError> {
    let rows_per_insert = (VALUES_PER_INSERT / table.columns.len().max(1)).max(1);
    let deferred: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| table.self_references.contains(&column.name))
        .map(|(index, _)| index)
        .collect();
    let mut rows = archive.rows(entry)?;
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(rows_per_insert);
    loop {
        let line = rows.next_row()?;
        let end = line.is_none();
        if let Some(line) = line {
            let mut values = decode_row(table, line).map_err(|error| bad_row(table, &error))?;
            for &index in &deferred {
                values[index] = null_of(&table.columns[index]);
            }
            batch.push(values);
        }
        if batch.len() == rows_per_insert || (end && !batch.is_empty()) {
            insert_batch(txn, table, std::mem::take(&mut batch)).await?;
        }
        if end {
            return rows.finish();
        }
    }
}

fn bad_row(table: &TableSpec, error: &super::values::ValueError) -> BackupError {
    BackupError::BadTable {
        table: table.name.to_owned(),
        problem: error.to_string(),
    }
}

async fn insert_batch(
    txn: &DatabaseTransaction,
    table: &TableSpec,
    rows: Vec<Vec<Value>>,
) -> Result<(), BackupError> {
    let mut insert = Query::insert();
    insert
        .into_table(table.name)
        .columns(table.columns.iter().map(|column| column.name));
    for row in rows {
        insert
            .values(row.into_iter().map(Expr::from))
            .map_err(|error| BackupError::BadTable {
                table: table.name.to_owned(),
                problem: error.to_string(),
            })?;
    }
    txn.execute(&insert).await?;
    Ok(())
}

/// Sets the columns of `table` that reference the same table, once all its rows are in.
async fn set_self_references(
    txn: &DatabaseTransaction,
    archive: &mut Archive,
    table: &TableSpec,
    entry: &ManifestTable,
) -> Result<(), BackupError> {
    let mut rows = archive.rows(entry)?;
    while let Some(line) = rows.next_row()? {
        let values = decode_row(table, line).map_err(|error| bad_row(table, &error))?;
        let mut update = Query::update();
        update.table(table.name);
        let mut changes = false;
        for (column, value) in table.columns.iter().zip(&values) {
            if table.self_references.contains(&column.name) && *value != null_of(column) {
                update.value(column.name, value.clone());
                changes = true;
            }
            if table.key.contains(&column.name) {
                update.and_where(Expr::col(column.name).eq(value.clone()));
            }
        }
        if changes {
            txn.execute(&update).await?;
        }
    }
    rows.finish()
}

/// Moves the sequence behind a serial key past the largest restored key (PostgreSQL).
async fn advance_sequence(txn: &DatabaseTransaction, table: &TableSpec) -> Result<(), BackupError> {
    let [key] = table.key.as_slice() else {
        return Ok(());
    };
    let sql = format!(
        "SELECT setval(pg_get_serial_sequence('{table}', '{key}'), COALESCE((SELECT MAX(\"{key}\") FROM \"{table}\"), 0) + 1, false)",
        table = table.name,
    );
    txn.execute_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?;
    Ok(())
}

/// The tables of the database (not SQLite's own).
///
/// # Errors
/// Database errors.
pub async fn existing_tables(db: &impl ConnectionTrait) -> Result<Vec<String>, BackupError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|row| row.try_get::<String>("", "name").map_err(BackupError::from))
        .collect()
}

/// Refuses a target that holds rows anywhere but in the migration bookkeeping and the tables
/// migrations fill.
async fn ensure_empty(db: &impl ConnectionTrait) -> Result<(), BackupError> {
    let backend = db.get_database_backend();
    for name in existing_tables(db).await? {
        if name == "seaql_migrations" || SEEDED_BY_MIGRATIONS.contains(&name.as_str()) {
            continue;
        }
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            name.replace('"', "\"\"")
        );
        let rows = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if rows > 0 {
            return Err(BackupError::NotEmpty { table: name, rows });
        }
    }
    Ok(())
}
