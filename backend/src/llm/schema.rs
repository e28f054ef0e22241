//! Checks a JSON value against one of the answer schemas of [`super::answers`], so an object
//! that does not follow the schema is never taken for an answer (a draft in the model's
//! reasoning, an example it wrote, half an object).
//!
//! It covers what those schemas use: `type` (one or a list), `properties`, `required`,
//! `additionalProperties: false` and `items`. Two tolerances match what deserialisation
//! accepts (documented in `docs/LLM.md`): a string where a list of strings is expected (a
//! one-item list), and `null` for a string or a list (empty).

use serde_json::{Map, Value};

/// `Ok` when `value` follows `schema`; else the first problem, with its path
/// (`job_details.company: expected string or null`).
///
/// # Errors
/// The first place where `value` does not follow `schema`.
pub fn check(value: &Value, schema: &Value) -> Result<(), String> {
    check_at(value, schema, "")
}

fn check_at(value: &Value, schema: &Value, path: &str) -> Result<(), String> {
    let allowed = types(schema);
    let allows = |name: &str| allowed.is_empty() || allowed.contains(&name);
    let ok = match value {
        Value::Null => {
            allows("null") || allows("string") || allows("array") // tolerance: null as empty
        }
        Value::Bool(_) => allows("boolean"),
        Value::Number(number) => allows("number") || (allows("integer") && number.is_i64()),
        Value::String(_) => {
            allows("string")
                // tolerance: a string as a one-item list of strings
                || (allows("array") && types(&schema["items"]).contains(&"string"))
        }
        Value::Array(items) => {
            if !allows("array") {
                false
            } else {
                for (index, item) in items.iter().enumerate() {
                    check_at(item, &schema["items"], &format!("{path}[{index}]"))?;
                }
                true
            }
        }
        Value::Object(object) => {
            if !allows("object") {
                false
            } else {
                check_object(object, schema, path)?;
                true
            }
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{}expected {}",
            prefix(path),
            if allowed.is_empty() {
                "a value".to_owned()
            } else {
                allowed.join(" or ")
            }
        ))
    }
}

fn check_object(object: &Map<String, Value>, schema: &Value, path: &str) -> Result<(), String> {
    let properties = schema["properties"].as_object();
    for name in schema["required"].as_array().into_iter().flatten() {
        if let Some(name) = name.as_str()
            && !object.contains_key(name)
        {
            return Err(format!("{}missing \"{name}\"", prefix(path)));
        }
    }
    for (name, value) in object {
        let child = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match properties.and_then(|properties| properties.get(name)) {
            Some(property) => check_at(value, property, &child)?,
            None if schema["additionalProperties"] == Value::Bool(false) => {
                return Err(format!("{}unexpected \"{name}\"", prefix(path)));
            }
            None => {}
        }
    }
    Ok(())
}

/// The `type` of a schema as a list (`"string"` or `["string", "null"]`).
fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::llm::answers::{Answer as _, Introduction, JobAnalysis, RefinedRole};

    fn analysis() -> Value {
        json!({
            "key_skills": ["Rust"], "primary_duties": ["Build"], "themes": [],
            "inferred_themes": [],
            "job_details": {"company": "Acme", "job_title": null, "pay_rate": null,
                            "contact_info": null, "work_arrangement": null, "location": null,
                            "special_instructions": null},
        })
    }

    #[test]
    fn a_complete_answer_follows_its_schema() {
        assert_eq!(check(&analysis(), &JobAnalysis::schema()), Ok(()));
        assert_eq!(
            check(
                &json!({"summary": "S", "responsibilities": ["A"], "skills": []}),
                &RefinedRole::schema()
            ),
            Ok(())
        );
    }

    #[test]
    fn missing_unexpected_and_mistyped_fields_are_named() {
        let mut missing = analysis();
        missing.as_object_mut().unwrap().remove("job_details");
        assert_eq!(
            check(&missing, &JobAnalysis::schema()),
            Err("missing \"job_details\"".to_owned())
        );
        let mut extra = analysis();
        extra["draft"] = json!(true);
        assert_eq!(
            check(&extra, &JobAnalysis::schema()),
            Err("unexpected \"draft\"".to_owned())
        );
        let mut wrong = analysis();
        wrong["job_details"]["company"] = json!(3);
        assert_eq!(
            check(&wrong, &JobAnalysis::schema()),
            Err("job_details.company: expected string or null".to_owned())
        );
        assert!(check(&json!({"text": ["a"]}), &Introduction::schema()).is_err());
        assert!(check(&json!([1]), &Introduction::schema()).is_err());
    }

    #[test]
    fn a_string_for_a_list_and_null_for_a_string_are_tolerated() {
        let mut lenient = analysis();
        lenient["primary_duties"] = json!("Build pipelines");
        lenient["themes"] = Value::Null;
        assert_eq!(check(&lenient, &JobAnalysis::schema()), Ok(()));
        assert_eq!(
            check(
                &json!({"summary": null, "responsibilities": "One", "skills": []}),
                &RefinedRole::schema()
            ),
            Ok(())
        );
    }
}
