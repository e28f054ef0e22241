//! Typed, path-aware reading of a JSON Resume document.
//!
//! A [`Node`] is one JSON object and remembers which keys were read. [`Node::finish`] turns
//! every key that was not read, and holds something, into a "dropped" warning: a field this
//! importer does not know can never disappear without a word. Wrong types are errors that
//! name the path.

use serde_json::{Map, Value};

use super::dates::{self, ReadDate};
use super::error::JsonResumeError;
use super::warnings::Warning;
use crate::date::YearMonth;

/// One object of the document and the keys read from it so far.
pub(super) struct Node<'a> {
    map: &'a Map<String, Value>,
    path: String,
    read: Vec<&'a str>,
}

impl<'a> Node<'a> {
    /// The whole document, which must be an object.
    pub(super) fn root(value: &'a Value) -> Result<Self, JsonResumeError> {
        Self::new(value, String::new())
    }

    fn new(value: &'a Value, path: String) -> Result<Self, JsonResumeError> {
        match value {
            Value::Object(map) => Ok(Self {
                map,
                path,
                read: Vec::new(),
            }),
            other => Err(wrong_type(
                if path.is_empty() { "document" } else { &path },
                "an object",
                other,
            )),
        }
    }

    /// This object's JSON path (empty for the document).
    pub(super) fn path(&self) -> &str {
        &self.path
    }

    /// The JSON path of `key` in this object.
    pub(super) fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Whether the object has `key` at all.
    pub(super) fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Marks `key` as read and returns its value unless it is absent or `null`.
    fn take(&mut self, key: &str) -> Option<&'a Value> {
        let (name, value) = self.map.get_key_value(key)?;
        self.read.push(name.as_str());
        (!value.is_null()).then_some(value)
    }

    /// Reads `key` without keeping it: for tooling data such as `meta`.
    pub(super) fn skip(&mut self, key: &str) {
        self.take(key);
    }

    /// A string, trimmed; `None` when absent, `null` or blank.
    pub(super) fn text(&mut self, key: &str) -> Result<Option<String>, JsonResumeError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_owned()))
            }
            Some(other) => Err(wrong_type(&self.child(key), "a string", other)),
        }
    }

    /// A one-line string: line breaks inside are replaced by `joiner`, with a warning.
    pub(super) fn line(
        &mut self,
        key: &str,
        joiner: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<String>, JsonResumeError> {
        let Some(text) = self.text(key)? else {
            return Ok(None);
        };
        if !text.contains(['\n', '\r']) {
            return Ok(Some(text));
        }
        let joined = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(joiner);
        warnings.push(Warning::approximated(
            self.child(key),
            format!("its lines were joined with \"{joiner}\" (the field holds one line)"),
        ));
        Ok(Some(joined))
    }

    /// An array of strings, each trimmed, blank ones left out.
    pub(super) fn strings(&mut self, key: &str) -> Result<Vec<String>, JsonResumeError> {
        let path = self.child(key);
        let Some(value) = self.take(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = value else {
            return Err(wrong_type(&path, "an array of strings", value));
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                Value::String(_) | Value::Null => {}
                other => return Err(wrong_type(&format!("{path}[{index}]"), "a string", other)),
            }
        }
        Ok(out)
    }

    /// A boolean.
    pub(super) fn boolean(&mut self, key: &str) -> Result<Option<bool>, JsonResumeError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong_type(&self.child(key), "true or false", other)),
        }
    }

    /// A nested object.
    pub(super) fn object(&mut self, key: &str) -> Result<Option<Node<'a>>, JsonResumeError> {
        let path = self.child(key);
        self.take(key).map(|v| Node::new(v, path)).transpose()
    }

    /// An array of objects, each with its indexed path (`work[2]`).
    pub(super) fn objects(&mut self, key: &str) -> Result<Vec<Node<'a>>, JsonResumeError> {
        let path = self.child(key);
        let Some(value) = self.take(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = value else {
            return Err(wrong_type(&path, "an array of objects", value));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| Node::new(item, format!("{path}[{index}]")))
            .collect()
    }

    /// A date; `Present` and its synonyms only when `open_allowed` (they give `None`).
    pub(super) fn date(
        &mut self,
        key: &str,
        open_allowed: bool,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<YearMonth>, JsonResumeError> {
        let path = self.child(key);
        let Some(text) = self.text(key)? else {
            return Ok(None);
        };
        let invalid = || JsonResumeError::InvalidDate {
            path: path.clone(),
            value: text.clone(),
        };
        match dates::read(&text).ok_or_else(invalid)? {
            ReadDate::Exact(month) => Ok(Some(month)),
            ReadDate::DayDropped(month, day) => {
                warnings.push(Warning::approximated(
                    &path,
                    format!("the day ({day}) was dropped; our format keeps months"),
                ));
                Ok(Some(month))
            }
            ReadDate::YearOnly(month) => {
                warnings.push(Warning::approximated(
                    &path,
                    "a year without a month; January was assumed",
                ));
                Ok(Some(month))
            }
            ReadDate::Open if open_allowed => Ok(None),
            ReadDate::Open => Err(invalid()),
        }
    }

    /// Reads `key` and, when it holds something, warns that it was dropped for `reason`.
    pub(super) fn drop_field(&mut self, key: &str, reason: &str, warnings: &mut Vec<Warning>) {
        if let Some(value) = self.take(key)
            && !is_blank(value)
        {
            warnings.push(Warning::dropped(self.child(key), reason));
        }
    }

    /// Warns about every key that was not read and holds something; gives back the path.
    pub(super) fn finish(self, warnings: &mut Vec<Warning>) -> String {
        for (key, value) in self.map {
            if !self.read.contains(&key.as_str()) && !is_blank(value) {
                warnings.push(Warning::dropped(
                    self.child(key),
                    "not a field this importer knows",
                ));
            }
        }
        self.path
    }
}

/// Nothing to lose: `null`, a blank string, or arrays and objects of such.
pub(super) fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        Value::Object(map) => map.values().all(is_blank),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

fn wrong_type(path: &str, expected: &'static str, found: &Value) -> JsonResumeError {
    JsonResumeError::WrongType {
        path: path.to_owned(),
        expected,
        found: match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        },
    }
}
