//! Reading a whole table without holding it: rows in primary-key order, a page at a time, each
//! page starting after the last key of the one before (so every page is an index range scan,
//! and a table of any size costs one page of memory). Inside one transaction the pages are one
//! consistent snapshot.

use sea_orm::sea_query::{Condition, Expr, Order, Query};
use sea_orm::{ConnectionTrait, ExprTrait as _, Value};

use super::error::BackupError;
use super::tables::TableSpec;
use super::values::{encode_row, read_key};

/// Rows read per query.
pub const PAGE_ROWS: u64 = 500;

/// Calls `line` with the archive line of every row of `table`, in key order.
///
/// # Errors
/// Database errors, rows that cannot be encoded, and whatever `line` returns.
pub async fn for_each_line<C, F>(db: &C, table: &TableSpec, mut line: F) -> Result<(), BackupError>
where
    C: ConnectionTrait,
    F: FnMut(&str) -> Result<(), BackupError>,
{
    let mut after: Option<Vec<Value>> = None;
    loop {
        let mut query = Query::select();
        query
            .columns(table.columns.iter().map(|column| column.name))
            .from(table.name)
            .limit(PAGE_ROWS);
        for key in &table.key {
            query.order_by(*key, Order::Asc);
        }
        if let Some(last) = &after {
            query.cond_where(after_key(&table.key, last));
        }
        let rows = db.query_all(&query).await?;
        let bad_row = |error: super::values::ValueError| BackupError::BadTable {
            table: table.name.to_owned(),
            problem: error.to_string(),
        };
        for row in &rows {
            line(&encode_row(table, row).map_err(bad_row)?)?;
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == PAGE_ROWS => {
                after = Some(read_key(table, last).map_err(bad_row)?);
            }
            _ => return Ok(()),
        }
    }
}

/// The rows whose key comes after `last`: `k1 > v1 OR (k1 = v1 AND k2 > v2) OR …`, which both
/// databases answer from the primary-key index.
fn after_key(key: &[&'static str], last: &[Value]) -> Condition {
    let mut any = Condition::any();
    for (index, (column, value)) in key.iter().zip(last).enumerate() {
        let mut all = Condition::all();
        for (equal_column, equal_value) in key.iter().zip(last).take(index) {
            all = all.add(Expr::col(*equal_column).eq(equal_value.clone()));
        }
        any = any.add(all.add(Expr::col(*column).gt(value.clone())));
    }
    any
}
