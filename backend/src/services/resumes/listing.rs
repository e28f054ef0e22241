//! Listing the owner's resumes: filters, sort keys, paging, the size of each text and the
//! names of parents, in one query per page.

use chrono::{DateTime, Utc};
use resume_shared::api::resumes::ResumeKind;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait as _, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait as _, Condition, ConnectionTrait, EntityTrait as _, FromQueryResult, Order,
    PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
};
use uuid::Uuid;

use crate::db::entities::resumes;
use crate::services::{Page, ServiceError};

/// Sort keys of [`list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By name, ignoring case.
    Name,
    /// By company, resumes without one last.
    Company,
    /// By creation time.
    Created,
    /// By last change.
    Updated,
}

/// A sort order: key and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// What to sort by.
    pub key: SortKey,
    /// Descending when true.
    pub descending: bool,
}

impl Sort {
    /// Reads `name`, `company`, `created`, `updated`, with `-` in front for descending.
    ///
    /// # Errors
    /// A validation error naming the accepted values.
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        let (descending, key) = match text.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, text),
        };
        let key = match key {
            "name" => SortKey::Name,
            "company" => SortKey::Company,
            "created" => SortKey::Created,
            "updated" => SortKey::Updated,
            _ => {
                return Err(ServiceError::invalid(
                    "sort",
                    "must be name, company, created or updated, with - in front for descending",
                ));
            }
        };
        Ok(Self { key, descending })
    }
}

impl Default for Sort {
    fn default() -> Self {
        Self {
            key: SortKey::Updated,
            descending: true,
        }
    }
}

/// What [`list`] returns for each resume: everything but the content.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct SummaryRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// `base` or `tailored`.
    pub kind: String,
    /// The base of a tailored resume.
    pub parent_id: Option<Uuid>,
    /// Target company.
    pub company: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// How many resumes match in all (the same on every row: a window count).
    pub total: i64,
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Every whitespace-separated term must occur in the name, company or notes (ignoring
    /// case).
    pub q: Option<String>,
    /// Only this kind.
    pub kind: Option<ResumeKind>,
    /// The order.
    pub sort: Sort,
}

/// Default page size of [`list`].
pub const DEFAULT_PER_PAGE: u64 = 20;
/// Largest page size of [`list`].
pub const MAX_PER_PAGE: u64 = 100;

/// A page of the owner's resumes (not in the trash) and how many match in all.
///
/// # Errors
/// Database errors.
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    query: &ListQuery,
    page: Page,
) -> Result<(Vec<SummaryRow>, u64), ServiceError> {
    let mut condition = Condition::all()
        .add(resumes::Column::OwnerId.eq(owner))
        .add(resumes::Column::DeletedAt.is_null());
    if let Some(kind) = query.kind {
        condition = condition.add(resumes::Column::Kind.eq(kind.as_str()));
    }
    for term in query.q.iter().flat_map(|q| q.split_whitespace()) {
        let pattern = format!("%{}%", escape_like(&term.to_lowercase()));
        let matches = |column: resumes::Column| -> SimpleExpr {
            Expr::expr(Func::lower(Expr::col(column)))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        condition = condition.add(
            Condition::any()
                .add(matches(resumes::Column::Name))
                .add(matches(resumes::Column::Company))
                .add(matches(resumes::Column::Notes)),
        );
    }
    let order = if query.sort.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    // The total rides along as an uncorrelated subquery over the same filter: one round trip,
    // and for the default sorts the live-resume indexes let neither part read more than the
    // page's rows and the index entries.
    let total_of_filter = Query::select()
        .expr(Func::count(Expr::col(Asterisk)))
        .from(resumes::Entity)
        .cond_where(condition.clone())
        .to_owned();
    let mut select = resumes::Entity::find()
        .select_only()
        .columns([
            resumes::Column::Id,
            resumes::Column::Name,
            resumes::Column::Kind,
            resumes::Column::ParentId,
            resumes::Column::Company,
            resumes::Column::Notes,
            resumes::Column::Version,
            resumes::Column::CreatedAt,
            resumes::Column::UpdatedAt,
        ])
        .column_as(Expr::from(total_of_filter), "total")
        .filter(condition.clone());
    select = match query.sort.key {
        SortKey::Name => {
            select.order_by(Func::lower(Expr::col(resumes::Column::Name)), order.clone())
        }
        // Resumes without a company go last either way (databases disagree on NULL order).
        SortKey::Company => select
            .order_by(Expr::col(resumes::Column::Company).is_null(), Order::Asc)
            .order_by(
                Func::lower(Expr::col(resumes::Column::Company)),
                order.clone(),
            ),
        SortKey::Created => select.order_by(resumes::Column::CreatedAt, order.clone()),
        SortKey::Updated => select.order_by(resumes::Column::UpdatedAt, order.clone()),
    };
    // Ties break by id in the sort's direction, so one index serves both directions.
    let rows = select
        .order_by(resumes::Column::Id, order)
        .offset(page.offset())
        .limit(page.per_page)
        .into_model::<SummaryRow>()
        .all(conn)
        .await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.total).unwrap_or(0),
        // A page past the end has no row to carry the count.
        None if page.page > 1 => {
            resumes::Entity::find()
                .filter(condition)
                .count(conn)
                .await?
        }
        None => 0,
    };
    Ok((rows, total))
}

/// `%`, `_` and `\` escaped for a LIKE pattern with `\` as the escape character.
#[must_use]
pub fn escape_like(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Names of resumes by id (any owner; the caller already holds the ids).
///
/// # Errors
/// Database errors.
pub async fn names(
    conn: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String)>, ServiceError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromQueryResult)]
    struct NameRow {
        id: Uuid,
        name: String,
    }
    Ok(resumes::Entity::find()
        .select_only()
        .columns([resumes::Column::Id, resumes::Column::Name])
        .filter(resumes::Column::Id.is_in(ids))
        .into_model::<NameRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn sort_keys_read_with_direction() {
        assert_eq!(
            Sort::parse("-name").unwrap(),
            Sort {
                key: SortKey::Name,
                descending: true
            }
        );
        assert_eq!(Sort::parse("created").unwrap().key, SortKey::Created);
        assert!(Sort::parse("size").is_err());
        assert!(Sort::parse("--name").is_err());
    }
}
