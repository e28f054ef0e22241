//! A cover letter's date: a day of a calendar month, passed in by the caller (the crate never
//! asks the clock) and written in the design's language.

use resume_shared::YearMonth;
use resume_shared::date::{DateError, days_from_civil};

use crate::design::Language;

/// The day a letter is dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LetterDate {
    month: YearMonth,
    day: u8,
}

impl LetterDate {
    /// The date `day` of `month` in `year`.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`] or [`DateError::ImpossibleMonth`] for a month that does
    /// not exist, [`DateError::ImpossibleDay`] for a day the month does not have.
    pub fn new(year: u32, month: u32, day: u32) -> Result<Self, DateError> {
        Self::in_month(YearMonth::new(year, month)?, day)
    }

    /// The date `day` of `month`.
    ///
    /// # Errors
    /// [`DateError::ImpossibleDay`] for a day the month does not have.
    pub fn in_month(month: YearMonth, day: u32) -> Result<Self, DateError> {
        let impossible = || DateError::ImpossibleDay {
            day,
            month_name: month.month_name(),
            year: month.year(),
        };
        if day == 0 || day > days_in(month) {
            return Err(impossible());
        }
        let day = u8::try_from(day).map_err(|_| impossible())?;
        Ok(Self { month, day })
    }

    /// The month.
    #[must_use]
    pub fn month(self) -> YearMonth {
        self.month
    }

    /// The day of the month, from 1.
    #[must_use]
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The date as a letter is dated in `language`: `7 December 2026`, `7. Dezember 2026`.
    #[must_use]
    pub fn written_in(self, language: Language) -> String {
        language.date(self.month, self.day())
    }
}

/// The number of days of `month`.
fn days_in(month: YearMonth) -> u32 {
    let (year, number) = (i64::from(month.year()), i64::from(month.month()));
    let (next_year, next_month) = if number == 12 {
        (year + 1, 1)
    } else {
        (year, number + 1)
    };
    let days = days_from_civil(next_year, next_month, 1) - days_from_civil(year, number, 1);
    u32::try_from(days).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_outside_the_month_are_refused() {
        assert!(LetterDate::new(2024, 2, 29).is_ok(), "a leap day");
        assert!(matches!(
            LetterDate::new(2026, 2, 29),
            Err(DateError::ImpossibleDay { day: 29, .. })
        ));
        assert!(LetterDate::new(2026, 4, 31).is_err());
        assert!(LetterDate::new(2026, 12, 31).is_ok());
        assert!(LetterDate::new(2026, 12, 0).is_err());
        assert!(LetterDate::new(2026, 13, 1).is_err());
        assert!(LetterDate::new(9999, 12, 31).is_ok());
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let date = LetterDate::new(2026, 12, 7).expect("a date");
        assert_eq!(date.day(), 7);
        assert_eq!(date.month().month(), 12);
        assert_eq!(date.written_in(Language::English), "7 December 2026");
        assert_eq!(date.written_in(Language::German), "7. Dezember 2026");
    }
}
