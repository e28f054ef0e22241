//! Calendar year-month values and the date spellings the resume format accepts.
//!
//! Resume dates are calendar values without a day that matters and without a time zone:
//! `03/2021` is March 2021 wherever the reader sits. This module owns [`YearMonth`], the
//! reading of every accepted spelling ([`parse_date`]) and the canonical `MM/YYYY` writing.
//! It must not know about sections or keys; the parser decides what a failure means.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// English month names, index 0 = January.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words an **End** date may hold to say "still going" (compared case-insensitively).
const OPEN_END_WORDS: [&str; 4] = ["present", "current", "now", "ongoing"];

/// A calendar month: a year from 1 to 9999 and a month from 1 to 12.
///
/// Serialised in JSON as `"YYYY-MM"`. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

/// Why a [`YearMonth`] could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The month is outside 1–12.
    #[error("month {0} does not exist (use 1 to 12)")]
    ImpossibleMonth(u32),
    /// The day does not exist in that month.
    #[error("day {day} does not exist in {month_name} {year}")]
    ImpossibleDay {
        /// The day as written.
        day: u32,
        /// Full English name of the month.
        month_name: &'static str,
        /// The year as written.
        year: u32,
    },
    /// The year is outside 1–9999.
    #[error("year {0} is out of range (use 1 to 9999)")]
    YearOutOfRange(u32),
    /// A year was written without a month.
    #[error("\"{0}\" is a year without a month; write the month too, e.g. \"01/{0}\"")]
    BareYear(String),
    /// Nothing we know how to read.
    #[error(
        "\"{0}\" is not a date; use MM/YYYY (e.g. 03/2021), YYYY-MM, or a month name such as \"March 2021\""
    )]
    Unrecognised(String),
    /// An open-end word (`Present`, …) where only a real date is allowed.
    #[error("\"{0}\" can only be used as an end date")]
    OpenEndNotAllowed(String),
}

impl YearMonth {
    /// Builds a year-month.
    ///
    /// # Errors
    /// [`DateError::ImpossibleMonth`] or [`DateError::YearOutOfRange`] when out of range.
    pub fn new(year: u32, month: u32) -> Result<Self, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::YearOutOfRange(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::ImpossibleMonth(month));
        }
        Ok(Self {
            year: u16::try_from(year).map_err(|_| DateError::YearOutOfRange(year))?,
            month: u8::try_from(month).map_err(|_| DateError::ImpossibleMonth(month))?,
        })
    }

    /// The year, 1–9999.
    #[must_use]
    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    /// The month, 1–12.
    #[must_use]
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// Full English month name, e.g. `"August"`.
    #[must_use]
    pub fn month_name(self) -> &'static str {
        MONTH_NAMES[usize::from(self.month) - 1]
    }

    /// The canonical text form `MM/YYYY` (zero-padded month), as the Markdown format writes it.
    #[must_use]
    pub fn to_slash_form(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }

    /// `Month YYYY`, e.g. `August 1990`.
    #[must_use]
    pub fn to_long_form(self) -> String {
        format!("{} {}", self.month_name(), self.year)
    }

    /// `MM-YYYY`, e.g. `08-1990`.
    #[must_use]
    pub fn to_dash_form(self) -> String {
        format!("{:02}-{:04}", self.month, self.year)
    }

    /// Months since year 0, useful for arithmetic.
    #[must_use]
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// Number of days from 0001-01-01 to the first day of this month (proleptic Gregorian).
    #[must_use]
    pub fn days_from_epoch(self) -> i64 {
        days_from_civil(i64::from(self.year), i64::from(self.month), 1)
    }
}

impl fmt::Display for YearMonth {
    /// `YYYY-MM`, the JSON form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = DateError;

    /// Reads the JSON form `YYYY-MM` only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (year, month) = s
            .split_once('-')
            .filter(|(y, m)| y.len() == 4 && m.len() == 2)
            .ok_or_else(|| DateError::Unrecognised(s.to_owned()))?;
        let year = parse_digits(year).ok_or_else(|| DateError::Unrecognised(s.to_owned()))?;
        let month = parse_digits(month).ok_or_else(|| DateError::Unrecognised(s.to_owned()))?;
        Self::new(year, month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|e: DateError| serde::de::Error::custom(format!("expected \"YYYY-MM\": {e}")))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for YearMonth {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^\d{4}-(0[1-9]|1[0-2])$"))
            .examples(["2021-03"])
            .description(Some("A calendar month, `YYYY-MM`."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for YearMonth {}

/// What a date field held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// A calendar month.
    Month(YearMonth),
    /// `Present`, `Current`, `Now` or `Ongoing`: the item has not ended.
    OpenEnd,
}

/// Reads one date value as written in a resume.
///
/// Accepted: `MM/YYYY`, `M/YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `MM/DD/YYYY`, `Month YYYY`,
/// `Mon YYYY` (English, any case; `Sept` too). When `allow_open_end` is true, `Present`,
/// `Current`, `Now` and `Ongoing` (any case) give [`DateValue::OpenEnd`]. A day, when
/// given, is checked and then dropped: resume dates are months.
///
/// # Errors
/// [`DateError::BareYear`] for a year alone, [`DateError::ImpossibleMonth`] /
/// [`DateError::ImpossibleDay`] for values that do not exist, [`DateError::OpenEndNotAllowed`]
/// for an open-end word in a start field, and [`DateError::Unrecognised`] otherwise.
pub fn parse_date(text: &str, allow_open_end: bool) -> Result<DateValue, DateError> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if OPEN_END_WORDS.contains(&lower.as_str()) {
        return if allow_open_end {
            Ok(DateValue::OpenEnd)
        } else {
            Err(DateError::OpenEndNotAllowed(text.to_owned()))
        };
    }
    let unrecognised = || DateError::Unrecognised(text.to_owned());
    if text.len() == 4 && parse_digits(text).is_some() {
        return Err(DateError::BareYear(text.to_owned()));
    }
    let month = if let Some(parts) = split_numeric(text, '/') {
        match parts.as_slice() {
            [m, y] if y.len() == 4 && m.len() <= 2 => YearMonth::new(num(y)?, num(m)?)?,
            [m, d, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                checked_day(num(y)?, num(m)?, num(d)?)?
            }
            _ => return Err(unrecognised()),
        }
    } else if let Some(parts) = split_numeric(text, '-') {
        match parts.as_slice() {
            [y, m] if y.len() == 4 && m.len() <= 2 => YearMonth::new(num(y)?, num(m)?)?,
            [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                checked_day(num(y)?, num(m)?, num(d)?)?
            }
            _ => return Err(unrecognised()),
        }
    } else {
        parse_month_name_form(text).ok_or_else(unrecognised)??
    };
    Ok(DateValue::Month(month))
}

/// `Month YYYY` / `Mon YYYY` / `Mon. YYYY` / `Month, YYYY`.
fn parse_month_name_form(text: &str) -> Option<Result<YearMonth, DateError>> {
    let mut words = text.split_whitespace();
    let name = words
        .next()?
        .trim_end_matches([',', '.'])
        .to_ascii_lowercase();
    let year = words.next()?;
    if words.next().is_some() || year.len() != 4 {
        return None;
    }
    let year = parse_digits(year)?;
    let month = month_from_name(&name)?;
    Some(YearMonth::new(year, month))
}

/// `1`–`12` for an English month name or its usual abbreviation (at least three letters).
fn month_from_name(name: &str) -> Option<u32> {
    if name.len() < 3 {
        return None;
    }
    let index = MONTH_NAMES.iter().position(|full| {
        let full = full.to_ascii_lowercase();
        full == name || (full.starts_with(name) && (name.len() == 3 || name == "sept"))
    })?;
    u32::try_from(index + 1).ok()
}

fn checked_day(year: u32, month: u32, day: u32) -> Result<YearMonth, DateError> {
    let ym = YearMonth::new(year, month)?;
    if day == 0 || day > days_in_month(year, month) {
        return Err(DateError::ImpossibleDay {
            day,
            month_name: ym.month_name(),
            year,
        });
    }
    Ok(ym)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 0001-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
#[must_use]
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + 719_162
}

/// Splits `text` on `sep` when every part is a non-empty run of ASCII digits.
fn split_numeric(text: &str, sep: char) -> Option<Vec<&str>> {
    if !text.contains(sep) {
        return None;
    }
    let parts: Vec<&str> = text.split(sep).collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .then_some(parts)
}

fn num(digits: &str) -> Result<u32, DateError> {
    parse_digits(digits).ok_or_else(|| DateError::Unrecognised(digits.to_owned()))
}

/// Parses a short run of ASCII digits (at most 9, so it always fits).
fn parse_digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> YearMonth {
        match parse_date(text, true) {
            Ok(DateValue::Month(m)) => m,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_documented_spelling_reads_as_the_same_month() {
        let expected = YearMonth::new(2020, 3).unwrap();
        for text in [
            "03/2020",
            "3/2020",
            "2020-03",
            "2020-03-15",
            "03/15/2020",
            "March 2020",
            "march 2020",
            "MAR 2020",
            "Mar. 2020",
            "March, 2020",
        ] {
            assert_eq!(month(text), expected, "{text}");
        }
        assert_eq!(month("Sept 2020").month(), 9);
    }

    #[test]
    fn open_end_words_only_where_allowed() {
        for word in ["Present", "current", "NOW", "Ongoing"] {
            assert_eq!(parse_date(word, true), Ok(DateValue::OpenEnd));
            assert!(matches!(
                parse_date(word, false),
                Err(DateError::OpenEndNotAllowed(_))
            ));
        }
    }

    #[test]
    fn bare_years_and_impossible_values_are_errors_with_hints() {
        let err = parse_date("2020", true).unwrap_err();
        assert!(err.to_string().contains("01/2020"), "{err}");
        assert_eq!(
            parse_date("13/2020", true),
            Err(DateError::ImpossibleMonth(13))
        );
        assert_eq!(
            parse_date("00/2020", true),
            Err(DateError::ImpossibleMonth(0))
        );
        assert!(matches!(
            parse_date("2021-02-29", true),
            Err(DateError::ImpossibleDay { day: 29, .. })
        ));
        assert!(parse_date("2020-02-29", true).is_ok());
        assert!(matches!(
            parse_date("someday", true),
            Err(DateError::Unrecognised(_))
        ));
        assert!(matches!(
            parse_date("Ma 2020", true),
            Err(DateError::Unrecognised(_))
        ));
        assert!(matches!(
            parse_date("", true),
            Err(DateError::Unrecognised(_))
        ));
    }

    #[test]
    fn forms_and_json_round_trip() {
        let ym = YearMonth::new(1990, 8).unwrap();
        assert_eq!(ym.to_slash_form(), "08/1990");
        assert_eq!(ym.to_long_form(), "August 1990");
        assert_eq!(ym.to_dash_form(), "08-1990");
        assert_eq!(ym.to_string(), "1990-08");
        assert_eq!("1990-08".parse::<YearMonth>(), Ok(ym));
        assert!("1990-8".parse::<YearMonth>().is_err());
        assert!("1990-13".parse::<YearMonth>().is_err());
    }

    #[test]
    fn day_counts_match_the_calendar() {
        let a = YearMonth::new(2014, 2).unwrap().days_from_epoch();
        let b = YearMonth::new(2016, 2).unwrap().days_from_epoch();
        assert_eq!(b - a, 730);
        assert_eq!(days_from_civil(1, 1, 1), 0);
    }
}
