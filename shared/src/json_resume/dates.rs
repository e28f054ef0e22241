//! JSON Resume dates (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) read into our calendar months, and our
//! months written as `YYYY-MM`.

use crate::date::YearMonth;

/// A JSON Resume date as our format can hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadDate {
    /// A month, kept exactly (`YYYY-MM`, or `YYYY-MM-01`).
    Exact(YearMonth),
    /// A full date on another day than the first: the day is dropped.
    DayDropped(YearMonth, u32),
    /// A bare year: January is assumed.
    YearOnly(YearMonth),
    /// `Present`, `Current`, `Now`, `Ongoing` (any case): no end.
    Open,
}

/// Reads a date, or `None` when it is none of the schema's forms.
pub(super) fn read(text: &str) -> Option<ReadDate> {
    let text = text.trim();
    if ["present", "current", "now", "ongoing"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
    {
        return Some(ReadDate::Open);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year] => YearMonth::new(number(year, 4)?, 1)
            .ok()
            .map(ReadDate::YearOnly),
        [year, month] => YearMonth::new(number(year, 4)?, number(month, 2)?)
            .ok()
            .map(ReadDate::Exact),
        [year, month, day] => {
            let month = YearMonth::new(number(year, 4)?, number(month, 2)?).ok()?;
            let day = number(day, 2)?;
            match day {
                1 => Some(ReadDate::Exact(month)),
                2..=31 => Some(ReadDate::DayDropped(month, day)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `YYYY-MM`, a form every JSON Resume reader accepts.
pub(super) fn write(month: YearMonth) -> String {
    month.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(year: u32, month: u32) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    #[test]
    fn reads_the_three_schema_forms_and_open_words() {
        assert_eq!(read("2014-12"), Some(ReadDate::Exact(month(2014, 12))));
        assert_eq!(read("2014-12-01"), Some(ReadDate::Exact(month(2014, 12))));
        assert_eq!(
            read("2016-08-24"),
            Some(ReadDate::DayDropped(month(2016, 8), 24))
        );
        assert_eq!(read("2014"), Some(ReadDate::YearOnly(month(2014, 1))));
        assert_eq!(read("Present"), Some(ReadDate::Open));
    }

    #[test]
    fn refuses_other_shapes() {
        for text in [
            "",
            "12/2014",
            "2014-13",
            "2014-1",
            "2014-02-32",
            "14",
            "2014-02-01-01",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn writes_year_and_month() {
        assert_eq!(write(month(2020, 3)), "2020-03");
    }
}
