//! Backups of the whole database as a portable archive, and restoring one into an empty
//! database on either PostgreSQL or SQLite (which is also how an instance moves from SQLite to
//! PostgreSQL).
//!
//! The archive is a zip file holding `manifest.json` (format name and version, the schema's
//! migration version, and per table its columns, row count and digest, with a content hash over
//! them) and one JSON-lines file per table, `tables/NAME.jsonl`, one row per line, values in a
//! database-neutral form ([`tables::ColumnKind`]). See `docs/OPERATIONS.md`.
//!
//! The list of tables is [`tables::tables`]; the rest of this module is generic over it. This
//! module knows nothing of the command line: `cli/backup.rs` and `cli/restore.rs` call it.

pub mod digest;
pub mod error;
pub mod format;
pub mod manifest;
pub mod pages;
pub mod restore;
pub mod tables;
pub mod values;
pub mod write;

pub use error::BackupError;
pub use restore::{Archive, RestoreSummary, existing_tables, restore_backup};
pub use tables::{SEEDED_BY_MIGRATIONS, TableSpec, tables};
pub use write::{Summary, write_backup};
