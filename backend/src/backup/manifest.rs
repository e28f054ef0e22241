//! `manifest.json`, the first thing read from an archive: what it is (format name and
//! version), which schema its rows follow, and for every table its file, columns, row count and
//! digest, with the content hash over them. Checking a manifest against this binary happens
//! here, before any database is touched.

use std::collections::HashSet;

use migration::{Migrator, MigratorTrait as _};
use serde::{Deserialize, Serialize};

use super::digest::content_hash;
use super::error::BackupError;
use super::format::{FORMAT, FORMAT_VERSION, MANIFEST_FILE};
use super::tables::{ColumnKind, TableSpec};

/// The manifest of an archive.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this binary.
    pub format_version: u32,
    /// The name of the last migration of the schema the rows follow.
    pub schema_version: String,
    /// The version of `resume-editor` that wrote it (for people; not checked).
    pub app_version: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// `postgres` or `sqlite` (for people; not checked).
    pub source_database: String,
    /// The tables, in the order restore inserts them.
    pub tables: Vec<ManifestTable>,
    /// [`content_hash`] over the tables' names, row counts and digests.
    pub content_hash: String,
}

/// One table of a manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestTable {
    /// The table.
    pub name: String,
    /// Its JSON-lines file inside the archive.
    pub file: String,
    /// Its columns as written in each row.
    pub columns: Vec<ManifestColumn>,
    /// Rows in the file.
    pub rows: u64,
    /// The table digest (`digest::TableDigest::hex`).
    pub digest: String,
}

/// One column of a manifest table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestColumn {
    /// The column.
    pub name: String,
    /// How its values are written.
    #[serde(rename = "type")]
    pub kind: ColumnKind,
}

/// The file of table `name` inside an archive.
#[must_use]
pub fn table_file(name: &str) -> String {
    format!("tables/{name}.jsonl")
}

/// The manifest columns of `table`.
#[must_use]
pub fn columns_of(table: &TableSpec) -> Vec<ManifestColumn> {
    table
        .columns
        .iter()
        .map(|column| ManifestColumn {
            name: column.name.to_owned(),
            kind: column.kind,
        })
        .collect()
}

/// The names of this binary's migrations, oldest first.
#[must_use]
pub fn known_migrations() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|migration| migration.name().to_owned())
        .collect()
}

impl Manifest {
    /// Parses a manifest and checks that this binary can restore it: format and version, the
    /// schema version, exactly the known tables with the known columns, and the content hash
    /// over its own entries.
    ///
    /// # Errors
    /// The [`BackupError`] naming the first problem.
    pub fn parse_and_check(bytes: &[u8], tables: &[TableSpec]) -> Result<Self, BackupError> {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
            BackupError::Foreign(format!("{MANIFEST_FILE} is not JSON ({error})"))
        })?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(BackupError::Foreign(format!(
                "{MANIFEST_FILE} does not name the format {FORMAT}"
            )));
        }
        let found = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| {
                BackupError::Foreign(format!("{MANIFEST_FILE} has no format_version"))
            })?;
        if found != u64::from(FORMAT_VERSION) {
            return Err(BackupError::UnsupportedFormat { found });
        }
        let manifest: Self = serde_json::from_value(value).map_err(|error| {
            BackupError::Foreign(format!("{MANIFEST_FILE} is malformed ({error})"))
        })?;
        manifest.check_schema()?;
        manifest.check_tables(tables)?;
        let expected = content_hash(
            manifest
                .tables
                .iter()
                .map(|table| (table.name.as_str(), table.rows, table.digest.as_str())),
        );
        if expected != manifest.content_hash {
            return Err(BackupError::ManifestHash);
        }
        Ok(manifest)
    }

    fn check_schema(&self) -> Result<(), BackupError> {
        let known = known_migrations();
        let latest = known.last().cloned().unwrap_or_default();
        if self.schema_version == latest {
            Ok(())
        } else if known.contains(&self.schema_version) {
            Err(BackupError::OlderSchema {
                archive: self.schema_version.clone(),
                binary: latest,
            })
        } else {
            Err(BackupError::NewerSchema {
                archive: self.schema_version.clone(),
                binary: latest,
            })
        }
    }

    fn check_tables(&self, tables: &[TableSpec]) -> Result<(), BackupError> {
        let mut seen = HashSet::new();
        for entry in &self.tables {
            let Some(table) = tables.iter().find(|table| table.name == entry.name) else {
                return Err(BackupError::UnknownTable(entry.name.clone()));
            };
            if !seen.insert(entry.name.as_str()) {
                return Err(BackupError::BadTable {
                    table: entry.name.clone(),
                    problem: "listed twice in the manifest".to_owned(),
                });
            }
            if entry.columns != columns_of(table) {
                return Err(BackupError::BadTable {
                    table: entry.name.clone(),
                    problem: "its columns differ from this version's".to_owned(),
                });
            }
            if entry.file != table_file(table.name) {
                return Err(BackupError::BadTable {
                    table: entry.name.clone(),
                    problem: format!("unexpected file name {}", entry.file),
                });
            }
        }
        if let Some(missing) = tables.iter().find(|table| !seen.contains(table.name)) {
            return Err(BackupError::MissingTable(missing.name.to_owned()));
        }
        Ok(())
    }

    /// The entry of table `name`.
    #[must_use]
    pub fn table(&self, name: &str) -> Option<&ManifestTable> {
        self.tables.iter().find(|table| table.name == name)
    }
}
