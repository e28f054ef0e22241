//! The one place that reads the wall clock for calendar purposes, so everything else takes
//! "today" as a parameter and stays deterministic under test.

use chrono::{Datelike as _, Utc};
use resume_shared::YearMonth;

/// The current calendar month (UTC).
#[must_use]
pub fn current_month() -> YearMonth {
    let today = Utc::now().date_naive();
    let year = u32::try_from(today.year()).unwrap_or(1970);
    YearMonth::new(year, today.month()).unwrap_or_else(|_| unreachable!("chrono months are 1-12"))
}
