//! Reading numbers from query strings so that their bounds, not their parsing, decide.
//!
//! `?page=100000000000000000000` does not fit a `u64`, and `?page=-1` is not unsigned: read
//! plainly, both fail to parse (400 `invalid_parameter`, with serde's wording), while the same
//! request with `page=0` gets 422 naming the parameter. [`lenient_u64`] reads every whole
//! number, saturating at the ends, so every out-of-range value meets the range check of the
//! query type ([`resume_shared::api::input::CheckInput`]) and answers the same 422; text that
//! is not a number still answers 400.

use std::fmt;

use serde::Deserializer;
use serde::de::{Error, Unexpected, Visitor};

/// Reads an optional whole number: digits beyond `u64` become `u64::MAX`, a negative number
/// becomes 0 (both then fail the parameter's range check); anything else is an error. Use with
/// `#[serde(default, deserialize_with = "lenient_u64")]`.
///
/// # Errors
/// A value that is not a whole number.
pub fn lenient_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_str(WholeNumber)
}

struct WholeNumber;

impl Visitor<'_> for WholeNumber {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        let (negative, digits) = match value.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, value.strip_prefix('+').unwrap_or(value)),
        };
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(E::invalid_value(Unexpected::Str(value), &self));
        }
        if negative {
            return Ok(Some(0));
        }
        // Only digits: the one way to fail is to be too large.
        Ok(Some(digits.parse().unwrap_or(u64::MAX)))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(u64::try_from(value).unwrap_or(0)))
    }
}

/// Reads an optional `true` or `false` from its text form as well as from a boolean, so a
/// flag keeps working inside a query type that another one flattens (serde hands flattened
/// fields over as text). Use with `#[serde(default, deserialize_with = "lenient_bool")]`.
///
/// # Errors
/// A value other than `true` or `false`.
pub fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_any(Flag)
}

struct Flag;

impl Visitor<'_> for Flag {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        match value {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Query {
        #[serde(default, deserialize_with = "lenient_u64")]
        page: Option<u64>,
    }

    fn page(query: &str) -> Result<Option<u64>, String> {
        let uri: axum::http::Uri = format!("/list?{query}").parse().unwrap();
        axum::extract::Query::<Query>::try_from_uri(&uri)
            .map(|axum::extract::Query(q)| q.page)
            .map_err(|rejection| rejection.body_text())
    }

    #[test]
    fn whole_numbers_saturate_and_other_text_is_refused() {
        assert_eq!(page("").unwrap(), None);
        assert_eq!(page("page=7").unwrap(), Some(7));
        assert_eq!(page("page=%2B7").unwrap(), Some(7));
        assert_eq!(
            page("page=100000000000000000000000000").unwrap(),
            Some(u64::MAX)
        );
        assert_eq!(page("page=-3").unwrap(), Some(0));
        for bad in ["page=two", "page=", "page=1.5", "page=-", "page=1e3"] {
            assert!(page(bad).is_err(), "{bad}");
        }
    }
}
