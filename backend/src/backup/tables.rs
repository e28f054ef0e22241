//! The tables a backup holds, in the one list that says so ([`tables`]), and what the backup
//! needs to know of each: its columns and their kinds, its primary key, whether that key is a
//! database-generated serial, and which columns point back into the same table. Everything is
//! read from the sea-orm entities, so a table is covered by adding one line to the list.
//!
//! This module only describes tables; it reads and writes nothing.

use sea_orm::sea_query::ColumnType;
use sea_orm::{
    ColumnTrait as _, EntityTrait, IdenStatic as _, Iterable as _, PrimaryKeyToColumn as _,
    PrimaryKeyTrait,
};
use serde::{Deserialize, Serialize};

use super::error::BackupError;
use crate::db::entities::{
    api_tokens, application_events, applications, audit_log, cover_letter_revisions, cover_letters,
    instance_settings, rate_limits, recovery_codes, refinement_events, refinement_jobs,
    refinement_roles, resume_revisions, resume_shares, resumes, roles, sessions,
    sign_in_challenges, two_factor_secrets, user_roles, user_settings, users,
};

/// Every table of the application, parents before the tables whose foreign keys point at them
/// (the order restore inserts in). A table missing here fails the test that compares this list
/// with the tables of a migrated database.
///
/// # Errors
/// [`BackupError::UnsupportedColumn`] when a column has a type the archive cannot hold.
pub fn tables() -> Result<Vec<TableSpec>, BackupError> {
    Ok(vec![
        table::<users::Entity>()?,
        table::<roles::Entity>()?,
        table::<user_roles::Entity>()?,
        table::<user_settings::Entity>()?,
        table::<sessions::Entity>()?,
        table::<api_tokens::Entity>()?,
        table::<two_factor_secrets::Entity>()?,
        table::<recovery_codes::Entity>()?,
        table::<sign_in_challenges::Entity>()?,
        table::<audit_log::Entity>()?,
        table::<rate_limits::Entity>()?,
        table::<instance_settings::Entity>()?,
        // `parent_id` points at another resume, which may come later in key order: restore
        // inserts it empty and sets it once every resume is in.
        table::<resumes::Entity>()?.self_reference(resumes::Column::ParentId.as_str()),
        table::<resume_revisions::Entity>()?,
        table::<refinement_jobs::Entity>()?,
        table::<refinement_roles::Entity>()?,
        table::<refinement_events::Entity>()?,
        table::<applications::Entity>()?,
        table::<application_events::Entity>()?,
        table::<resume_shares::Entity>()?,
        table::<cover_letters::Entity>()?,
        table::<cover_letter_revisions::Entity>()?,
    ])
}

/// Tables that migrations fill and a fresh database therefore holds rows of: restore replaces
/// their rows with the archive's, and they do not make a target count as "not empty".
pub const SEEDED_BY_MIGRATIONS: &[&str] = &["roles"];

/// How the backup sees one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    /// The table's name.
    pub name: &'static str,
    /// Its columns, in the entity's order.
    pub columns: Vec<ColumnSpec>,
    /// The primary key's columns, in order: rows are read in this order, a page at a time.
    pub key: Vec<&'static str>,
    /// Whether the key is a serial the database hands out (PostgreSQL keeps a sequence for it).
    pub serial_key: bool,
    /// Columns that reference rows of this same table: inserted empty, then set.
    pub self_references: Vec<&'static str>,
}

impl TableSpec {
    /// Marks `column` as referencing this table.
    #[must_use]
    pub fn self_reference(mut self, column: &'static str) -> Self {
        self.self_references.push(column);
        self
    }

    /// The column named `name`.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The column's name.
    pub name: &'static str,
    /// How its values are written in the archive.
    pub kind: ColumnKind,
}

/// The database-neutral kinds of values an archive holds, and how each is written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// `true` / `false`.
    Boolean,
    /// A 16-bit integer, as a JSON number.
    SmallInteger,
    /// A 32-bit integer, as a JSON number.
    Integer,
    /// A 64-bit integer, as a JSON number.
    BigInteger,
    /// Text, as a JSON string.
    Text,
    /// A UUID, as its lower-case hyphenated string.
    Uuid,
    /// A point in time, as RFC 3339 in UTC with microseconds (what PostgreSQL keeps).
    Timestamp,
    /// A JSON document, as its text in a JSON string (so a document that is `null` stays apart
    /// from SQL NULL).
    Json,
    /// Bytes, as standard base64.
    Bytes,
}

impl ColumnKind {
    /// The kind of a column of type `column_type`; `None` when the archive cannot hold it.
    #[must_use]
    pub fn of(column_type: &ColumnType) -> Option<Self> {
        Some(match column_type {
            ColumnType::Boolean => Self::Boolean,
            ColumnType::SmallInteger => Self::SmallInteger,
            ColumnType::Integer => Self::Integer,
            ColumnType::BigInteger => Self::BigInteger,
            ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => Self::Text,
            ColumnType::Uuid => Self::Uuid,
            ColumnType::TimestampWithTimeZone => Self::Timestamp,
            ColumnType::Json | ColumnType::JsonBinary => Self::Json,
            ColumnType::Blob | ColumnType::Binary(_) | ColumnType::VarBinary(_) => Self::Bytes,
            _ => return None,
        })
    }
}

/// The description of the table of entity `E`.
fn table<E: EntityTrait + Default>() -> Result<TableSpec, BackupError> {
    let name = E::default().table_name();
    let columns = E::Column::iter()
        .map(|column| {
            let column_type = column.def().get_column_type().clone();
            ColumnKind::of(&column_type)
                .map(|kind| ColumnSpec {
                    name: column.as_str(),
                    kind,
                })
                .ok_or_else(|| BackupError::UnsupportedColumn {
                    table: name.to_owned(),
                    column: column.as_str().to_owned(),
                    column_type: format!("{column_type:?}"),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let key = E::PrimaryKey::iter()
        .map(|key| key.into_column().as_str())
        .collect();
    Ok(TableSpec {
        name,
        columns,
        key,
        serial_key: <E::PrimaryKey as PrimaryKeyTrait>::auto_increment(),
        self_references: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_described_and_keyed() {
        let tables = tables().unwrap();
        assert_eq!(tables.len(), 22);
        for table in &tables {
            assert!(!table.key.is_empty(), "{}", table.name);
            for key in &table.key {
                assert!(table.column(key).is_some(), "{}.{key}", table.name);
            }
        }
        let audit = tables.iter().find(|t| t.name == "audit_log").unwrap();
        assert!(audit.serial_key);
        let resumes = tables.iter().find(|t| t.name == "resumes").unwrap();
        assert_eq!(resumes.self_references, ["parent_id"]);
        assert!(!resumes.serial_key);
    }
}
