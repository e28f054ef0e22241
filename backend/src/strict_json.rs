//! Reads a parsed JSON body into a request type so that a struct is only ever filled from a
//! JSON object, at every depth.
//!
//! serde's derived structs also accept an array and fill the fields by position, so
//! `{"llm_options": [null, null]}` would be read as options with two fields set, and
//! `["arr@example.com", false]` as an email and a deactivation. [`StrictValue`] is a
//! deserializer over a [`Value`] that answers a struct request with an error unless the value
//! is an object, and hands every nested value on wrapped the same way. Everything else (maps,
//! sequences, options, enums, numbers, strings) reads as from the plain [`Value`].

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Value;

/// Why a body did not fit its type, with the path of the field (`llm_options`, `roles[2]`).
pub type ShapeError = serde_path_to_error::Error<serde_json::Error>;

/// Reads `value` into `T`, refusing an array (or anything else) where `T` has a struct.
///
/// # Errors
/// The first value that does not fit, with its path.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ShapeError> {
    serde_path_to_error::deserialize(StrictValue(value))
}

/// A [`Value`] that deserializes structs from objects only (see the module documentation).
#[derive(Debug)]
pub struct StrictValue(pub Value);

impl<'de> IntoDeserializer<'de, serde_json::Error> for StrictValue {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// What a value is, for an "invalid type" error.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(flag) => Unexpected::Bool(*flag),
        Value::Number(number) => number
            .as_i64()
            .map(Unexpected::Signed)
            .or_else(|| number.as_u64().map(Unexpected::Unsigned))
            .unwrap_or_else(|| Unexpected::Float(number.as_f64().unwrap_or_default())),
        Value::String(text) => Unexpected::Str(text),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> de::Deserializer<'de> for StrictValue {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => {
                let mut items = SeqDeserializer::new(items.into_iter().map(StrictValue));
                let value = visitor.visit_seq(&mut items)?;
                items.end()?;
                Ok(value)
            }
            Value::Object(fields) => {
                let mut fields =
                    MapDeserializer::new(fields.into_iter().map(|(k, v)| (k, StrictValue(v))));
                let value = visitor.visit_map(&mut fields)?;
                fields.end()?;
                Ok(value)
            }
            scalar => scalar.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            object @ Value::Object(_) => Self(object).deserialize_any(visitor),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            value => visitor.visit_some(Self(value)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // The request types' enums are names (`"cookie"`), read exactly as from a `Value`.
        self.0.deserialize_enum(name, variants, visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Options {
        concurrency: Option<u32>,
        mode: Option<Mode>,
        #[serde(default)]
        query: BTreeMap<String, String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        JsonSchema,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Request {
        name: String,
        options: Option<Options>,
        #[serde(default)]
        order: Vec<u8>,
        #[serde(default)]
        items: Vec<Options>,
    }

    #[test]
    fn objects_read_at_every_depth_as_they_would_from_a_value() {
        let body = json!({
            "name": "Zoë",
            "options": {"concurrency": 2, "mode": "json_schema", "query": {"a": "b"}},
            "order": [2, 0, 1],
            "items": [{"concurrency": null}],
            "unknown": [1, {"x": true}],
        });
        let strict: Request = from_value(body.clone()).unwrap();
        assert_eq!(strict, serde_json::from_value::<Request>(body).unwrap());
        assert_eq!(strict.options.unwrap().mode, Some(Mode::JsonSchema));
    }

    #[test]
    fn a_struct_is_never_filled_from_an_array() {
        for (body, path) in [
            (json!(["Zoë", null]), "."),
            (json!({"name": "Zoë", "options": [2, null]}), "options"),
            (json!({"name": "Zoë", "options": [null, null]}), "options"),
            (json!({"name": "Zoë", "items": [[3]]}), "items[0]"),
            (json!({"name": "Zoë", "options": "fast"}), "options"),
        ] {
            // The plain reading accepts the arrays by position; the strict one names the field.
            let error = from_value::<Request>(body.clone()).unwrap_err();
            assert_eq!(error.path().to_string(), path, "{body}");
            assert!(
                error.inner().to_string().contains("expected struct"),
                "{error}"
            );
        }
        assert!(
            serde_json::from_value::<Request>(json!({"name": "x", "options": [2, null]})).is_ok()
        );
    }

    #[test]
    fn other_shapes_keep_their_usual_errors() {
        let error = from_value::<Request>(json!({"name": 7})).unwrap_err();
        assert_eq!(error.path().to_string(), "name");
        assert!(
            error
                .inner()
                .to_string()
                .contains("invalid type: integer `7`")
        );
        let error = from_value::<Request>(json!({"name": "x", "order": [300]})).unwrap_err();
        assert_eq!(error.path().to_string(), "order[0]");
        let error =
            from_value::<Request>(json!({"name": "x", "options": {"mode": "other"}})).unwrap_err();
        assert!(
            error.inner().to_string().contains("unknown variant"),
            "{error}"
        );
    }
}
