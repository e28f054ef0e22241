//! Values between the databases and the archive: a row read from PostgreSQL or SQLite becomes
//! one line of JSON in a database-neutral form (see [`ColumnKind`]), and a line becomes the
//! typed values to insert. The same encoding is applied to rows read back after a restore, so
//! equal rows give equal lines on either database.
//!
//! Pure conversions: no queries, no files.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{QueryResult, Value};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::tables::{ColumnKind, ColumnSpec, TableSpec};

/// Why a row could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    /// The database answered a value of another type than the column's kind.
    #[error("column {column}: {source}")]
    Read {
        /// The column.
        column: String,
        /// What the driver said.
        #[source]
        source: sea_orm::DbErr,
    },
    /// A line of the archive is not a JSON object of the table's columns.
    #[error("{0}")]
    Shape(String),
    /// A value of the archive does not fit its column.
    #[error("column {column}: {problem}")]
    Value {
        /// The column.
        column: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// Reads the columns of `table` from `row` and writes them as one JSON object (no newline).
///
/// # Errors
/// [`ValueError::Read`] when a value cannot be read as its column's kind.
pub fn encode_row(table: &TableSpec, row: &QueryResult) -> Result<String, ValueError> {
    let mut object = Map::new();
    for column in &table.columns {
        let value = read_column(row, column).map_err(|source| ValueError::Read {
            column: column.name.to_owned(),
            source,
        })?;
        object.insert(column.name.to_owned(), value);
    }
    // A map of strings to values always serializes.
    Ok(serde_json::to_string(&Json::Object(object)).unwrap_or_default())
}

/// Reads the primary key of `row` as typed values (for the next page's condition).
///
/// # Errors
/// [`ValueError::Read`] when a key column cannot be read.
pub fn read_key(table: &TableSpec, row: &QueryResult) -> Result<Vec<Value>, ValueError> {
    table
        .key
        .iter()
        .map(|name| {
            let column = table.column(name).ok_or_else(|| {
                ValueError::Shape(format!("the key column {name} is not a column"))
            })?;
            let json = read_column(row, column).map_err(|source| ValueError::Read {
                column: column.name.to_owned(),
                source,
            })?;
            to_value(column, &json)
        })
        .collect()
}

/// Parses one line of the archive into the values of `table`'s columns, in column order.
///
/// # Errors
/// [`ValueError`] when the line is not an object with exactly the table's columns or a value
/// does not fit its column.
pub fn decode_row(table: &TableSpec, line: &[u8]) -> Result<Vec<Value>, ValueError> {
    let parsed: Json = serde_json::from_slice(line)
        .map_err(|error| ValueError::Shape(format!("a row is not JSON: {error}")))?;
    let Json::Object(object) = parsed else {
        return Err(ValueError::Shape("a row is not a JSON object".to_owned()));
    };
    if let Some(unknown) = object.keys().find(|key| table.column(key).is_none()) {
        return Err(ValueError::Shape(format!(
            "a row has an unknown column {unknown}"
        )));
    }
    table
        .columns
        .iter()
        .map(|column| {
            let json = object.get(column.name).ok_or_else(|| {
                ValueError::Shape(format!("a row lacks the column {}", column.name))
            })?;
            to_value(column, json)
        })
        .collect()
}

/// A column's value as the archive writes it.
fn read_column(row: &QueryResult, column: &ColumnSpec) -> Result<Json, sea_orm::DbErr> {
    let name = column.name;
    Ok(match column.kind {
        ColumnKind::Boolean => row
            .try_get::<Option<bool>>("", name)?
            .map(Json::Bool)
            .into(),
        ColumnKind::SmallInteger => row.try_get::<Option<i16>>("", name)?.into(),
        ColumnKind::Integer => row.try_get::<Option<i32>>("", name)?.into(),
        ColumnKind::BigInteger => row.try_get::<Option<i64>>("", name)?.into(),
        ColumnKind::Text => row.try_get::<Option<String>>("", name)?.into(),
        ColumnKind::Uuid => row
            .try_get::<Option<Uuid>>("", name)?
            .map(|id| id.hyphenated().to_string())
            .into(),
        ColumnKind::Timestamp => row
            .try_get::<Option<DateTime<Utc>>>("", name)?
            .map(|at| at.to_rfc3339_opts(SecondsFormat::Micros, true))
            .into(),
        ColumnKind::Json => row
            .try_get::<Option<Json>>("", name)?
            .map(|document| document.to_string())
            .into(),
        ColumnKind::Bytes => row
            .try_get::<Option<Vec<u8>>>("", name)?
            .map(|bytes| BASE64.encode(bytes))
            .into(),
    })
}

/// The typed value of an archive value in `column`.
fn to_value(column: &ColumnSpec, json: &Json) -> Result<Value, ValueError> {
    let problem = |problem: &str| ValueError::Value {
        column: column.name.to_owned(),
        problem: problem.to_owned(),
    };
    let text = || json.as_str().ok_or_else(|| problem("expected a string"));
    let integer = || json.as_i64().ok_or_else(|| problem("expected an integer"));
    let null = json.is_null();
    Ok(match column.kind {
        ColumnKind::Boolean => Value::Bool(if null {
            None
        } else {
            Some(
                json.as_bool()
                    .ok_or_else(|| problem("expected true or false"))?,
            )
        }),
        ColumnKind::SmallInteger => Value::SmallInt(if null {
            None
        } else {
            Some(i16::try_from(integer()?).map_err(|_| problem("out of range"))?)
        }),
        ColumnKind::Integer => Value::Int(if null {
            None
        } else {
            Some(i32::try_from(integer()?).map_err(|_| problem("out of range"))?)
        }),
        ColumnKind::BigInteger => Value::BigInt(if null { None } else { Some(integer()?) }),
        ColumnKind::Text => Value::String(if null { None } else { Some(text()?.to_owned()) }),
        ColumnKind::Uuid => Value::Uuid(if null {
            None
        } else {
            Some(Uuid::parse_str(text()?).map_err(|_| problem("not a UUID"))?)
        }),
        ColumnKind::Timestamp => Value::ChronoDateTimeUtc(if null {
            None
        } else {
            Some(
                DateTime::parse_from_rfc3339(text()?)
                    .map_err(|_| problem("not an RFC 3339 time"))?
                    .with_timezone(&Utc),
            )
        }),
        ColumnKind::Json => Value::Json(if null {
            None
        } else {
            Some(Box::new(
                serde_json::from_str(text()?).map_err(|_| problem("not a JSON document"))?,
            ))
        }),
        ColumnKind::Bytes => Value::Bytes(if null {
            None
        } else {
            Some(BASE64.decode(text()?).map_err(|_| problem("not base64"))?)
        }),
    })
}

/// A typed NULL of `column`'s kind (for a self-reference inserted empty).
#[must_use]
pub fn null_of(column: &ColumnSpec) -> Value {
    match column.kind {
        ColumnKind::Boolean => Value::Bool(None),
        ColumnKind::SmallInteger => Value::SmallInt(None),
        ColumnKind::Integer => Value::Int(None),
        ColumnKind::BigInteger => Value::BigInt(None),
        ColumnKind::Text => Value::String(None),
        ColumnKind::Uuid => Value::Uuid(None),
        ColumnKind::Timestamp => Value::ChronoDateTimeUtc(None),
        ColumnKind::Json => Value::Json(None),
        ColumnKind::Bytes => Value::Bytes(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ColumnKind) -> ColumnSpec {
        ColumnSpec { name: "c", kind }
    }

    #[test]
    fn archive_values_become_typed_values_and_bad_ones_are_named() {
        let at = to_value(
            &spec(ColumnKind::Timestamp),
            &Json::from("2026-12-07T02:07:15.123456Z"),
        )
        .unwrap();
        assert!(matches!(at, Value::ChronoDateTimeUtc(Some(_))));
        let document = to_value(&spec(ColumnKind::Json), &Json::from("null")).unwrap();
        assert_eq!(document, Value::Json(Some(Box::new(Json::Null))));
        assert_eq!(
            to_value(&spec(ColumnKind::Json), &Json::Null).unwrap(),
            Value::Json(None)
        );
        assert_eq!(
            to_value(&spec(ColumnKind::Bytes), &Json::from("AAE=")).unwrap(),
            Value::Bytes(Some(vec![0, 1]))
        );
        for (kind, bad) in [
            (ColumnKind::SmallInteger, Json::from(70_000)),
            (ColumnKind::Uuid, Json::from("nope")),
            (ColumnKind::Timestamp, Json::from("yesterday")),
            (ColumnKind::Boolean, Json::from(1)),
            (ColumnKind::Bytes, Json::from("%%")),
        ] {
            let error = to_value(&spec(kind), &bad).unwrap_err();
            assert!(error.to_string().starts_with("column c: "), "{error}");
        }
    }
}
