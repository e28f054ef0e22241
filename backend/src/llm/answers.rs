//! The typed answers the model must give, their JSON schemas, and their validation.
//!
//! Schemas are written by hand next to the structs so they satisfy OpenAI's strict structured
//! output rules (every property required, `additionalProperties: false`, nullable as
//! `["string", "null"]`) and stay readable in the prompts that include them. Deserialisation is
//! lenient where models commonly stray (a string instead of a one-item list, `null` for an
//! empty string); validation is strict about what matters: an answer with nothing usable is an
//! error, never an empty default.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

/// At most this many responsibility bullets are kept from a refined role.
pub const MAX_RESPONSIBILITIES: usize = 5;

/// An answer type: its schema name, its JSON schema, and its validation.
pub trait Answer: DeserializeOwned + Send + Sized {
    /// The schema's name, sent as `json_schema.name` and written in the prompt.
    const NAME: &'static str;

    /// The JSON schema of the answer (strict-mode compatible).
    fn schema() -> Value;

    /// Normalises the answer (trims, drops empty items, removes duplicates) and checks that it
    /// is usable.
    ///
    /// # Errors
    /// A short reason when the answer cannot be used.
    fn validate(self) -> Result<Self, String>;
}

/// What a job description asks for (prompt (a), job analysis).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobAnalysis {
    /// Concrete skills, tools, technologies and qualifications asked for, most important first.
    #[serde(deserialize_with = "string_list")]
    pub key_skills: Vec<String>,
    /// The job's main duties, as short phrases.
    #[serde(deserialize_with = "string_list")]
    pub primary_duties: Vec<String>,
    /// Themes the description states (e.g. reliability, ownership).
    #[serde(default, deserialize_with = "string_list")]
    pub themes: Vec<String>,
    /// Themes the description implies without stating them.
    #[serde(default, deserialize_with = "string_list")]
    pub inferred_themes: Vec<String>,
    /// Practical details of the job, as stated.
    #[serde(default)]
    pub job_details: JobDetails,
}

/// The practical details of a job, each as stated in the description or absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobDetails {
    /// The hiring company.
    #[serde(default, deserialize_with = "optional_text")]
    pub company: Option<String>,
    /// The job title.
    #[serde(default, deserialize_with = "optional_text")]
    pub job_title: Option<String>,
    /// Salary or rate, as written (e.g. `$120k–$140k`).
    #[serde(default, deserialize_with = "optional_text")]
    pub pay_rate: Option<String>,
    /// Who to contact and how.
    #[serde(default, deserialize_with = "optional_text")]
    pub contact_info: Option<String>,
    /// Remote, hybrid or on-site, as written.
    #[serde(default, deserialize_with = "optional_text")]
    pub work_arrangement: Option<String>,
    /// Where the job is.
    #[serde(default, deserialize_with = "optional_text")]
    pub location: Option<String>,
    /// Instructions to applicants (what to include, how to apply).
    #[serde(default, deserialize_with = "optional_text")]
    pub special_instructions: Option<String>,
}

/// One role rewritten for a job (prompt (b)); raw model output until it passes the fact guard.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefinedRole {
    /// One or two sentences.
    #[serde(deserialize_with = "text_or_null")]
    pub summary: String,
    /// At most [`MAX_RESPONSIBILITIES`] bullets, each starting with an action verb, without
    /// bullet markers.
    #[serde(deserialize_with = "string_list")]
    pub responsibilities: Vec<String>,
    /// Skills from the role's own list, verbatim.
    #[serde(default, deserialize_with = "string_list")]
    pub skills: Vec<String>,
}

/// The resume's introduction, written into its Banner (prompt (c)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Introduction {
    /// Two or three factual sentences, plain text.
    #[serde(deserialize_with = "text_or_null")]
    pub text: String,
}

/// A cover letter's body (prompt (d)): paragraphs separated by blank lines, Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CoverLetter {
    /// Salutation, paragraphs and closing, without a signature.
    #[serde(deserialize_with = "text_or_null")]
    pub text: String,
}

/// Fewest words a usable cover letter has.
pub const MIN_LETTER_WORDS: usize = 25;

/// The answer to the connection test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionProbe {
    /// Always `true` from a working endpoint.
    pub ok: bool,
}

fn string_array() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn nullable_string(description: &str) -> Value {
    json!({"type": ["string", "null"], "description": description})
}

impl Answer for JobAnalysis {
    const NAME: &'static str = "job_analysis";

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "key_skills": string_array(),
                "primary_duties": string_array(),
                "themes": string_array(),
                "inferred_themes": string_array(),
                "job_details": {
                    "type": "object",
                    "properties": {
                        "company": nullable_string("hiring company"),
                        "job_title": nullable_string("job title"),
                        "pay_rate": nullable_string("salary or rate as written"),
                        "contact_info": nullable_string("contact person, email or phone"),
                        "work_arrangement": nullable_string("remote, hybrid or on-site"),
                        "location": nullable_string("where the job is"),
                        "special_instructions": nullable_string("instructions to applicants"),
                    },
                    "required": ["company", "job_title", "pay_rate", "contact_info",
                                 "work_arrangement", "location", "special_instructions"],
                    "additionalProperties": false,
                },
            },
            "required": ["key_skills", "primary_duties", "themes", "inferred_themes", "job_details"],
            "additionalProperties": false,
        })
    }

    fn validate(mut self) -> Result<Self, String> {
        self.key_skills = clean_list(self.key_skills, 30);
        self.primary_duties = clean_list(self.primary_duties, 15);
        self.themes = clean_list(self.themes, 10);
        self.inferred_themes = clean_list(self.inferred_themes, 10);
        if self.key_skills.is_empty() && self.primary_duties.is_empty() {
            return Err("the job analysis lists neither key skills nor primary duties".to_owned());
        }
        Ok(self)
    }
}

impl Answer for RefinedRole {
    const NAME: &'static str = "refined_role";

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "summary": {"type": "string", "description": "1-2 sentences"},
                "responsibilities": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "at most 5 bullets, each starting with an action verb",
                },
                "skills": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "skills from the role's own skills list, verbatim",
                },
            },
            "required": ["summary", "responsibilities", "skills"],
            "additionalProperties": false,
        })
    }

    fn validate(mut self) -> Result<Self, String> {
        self.summary = collapse_whitespace(&self.summary);
        let bullets: Vec<String> = self
            .responsibilities
            .iter()
            .flat_map(|item| item.lines())
            .map(str::to_owned)
            .collect();
        self.responsibilities = clean_list(bullets, MAX_RESPONSIBILITIES);
        self.skills = clean_list(self.skills, usize::MAX);
        if self.summary.is_empty() && self.responsibilities.is_empty() {
            return Err("the refined role has neither a summary nor responsibilities".to_owned());
        }
        Ok(self)
    }
}

impl Answer for Introduction {
    const NAME: &'static str = "introduction";

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "text": {"type": "string", "description": "2-3 factual sentences, plain text"},
            },
            "required": ["text"],
            "additionalProperties": false,
        })
    }

    fn validate(mut self) -> Result<Self, String> {
        self.text = collapse_whitespace(&self.text);
        if self.text.is_empty() {
            return Err("the introduction is empty".to_owned());
        }
        Ok(self)
    }
}

impl Answer for CoverLetter {
    const NAME: &'static str = "cover_letter";

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "text": {
                    "type": "string",
                    "description": "the letter: salutation, paragraphs separated by blank lines, closing; no signature",
                },
            },
            "required": ["text"],
            "additionalProperties": false,
        })
    }

    /// Trims every line and keeps at most one blank line between paragraphs; refuses a letter
    /// of fewer than [`MIN_LETTER_WORDS`] words (an empty or cut-off answer is not a letter).
    fn validate(mut self) -> Result<Self, String> {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in self.text.lines().map(str::trim) {
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(current.join("\n"));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current.join("\n"));
        }
        self.text = paragraphs.join("\n\n");
        let words = self.text.split_whitespace().count();
        if words < MIN_LETTER_WORDS {
            return Err(format!(
                "the cover letter has {words} words, fewer than the {MIN_LETTER_WORDS} a letter needs"
            ));
        }
        Ok(self)
    }
}

impl Answer for ConnectionProbe {
    const NAME: &'static str = "connection_test";

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"],
            "additionalProperties": false,
        })
    }

    fn validate(self) -> Result<Self, String> {
        Ok(self)
    }
}

/// Trims items, strips bullet markers, drops empty items and case-insensitive duplicates, and
/// keeps at most `max`.
fn clean_list(items: Vec<String>, max: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .map(|item| collapse_whitespace(strip_bullet(&item)))
        .filter(|item| item.chars().any(char::is_alphanumeric) && seen.insert(item.to_lowercase()))
        .take(max)
        .collect()
}

/// A list item without a leading `* `, `- `, `• ` or `1. ` marker.
pub(crate) fn strip_bullet(item: &str) -> &str {
    let item = item.trim();
    if matches!(item, "*" | "-" | "•" | "–" | "+") {
        return "";
    }
    for marker in ["* ", "- ", "• ", "– ", "+ "] {
        if let Some(rest) = item.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = item.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &item[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    item
}

/// Runs of whitespace (newlines included) become one space; the ends are trimmed.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Placeholders models write for "not stated".
const NOT_STATED: [&str; 9] = [
    "null",
    "none",
    "n/a",
    "na",
    "unknown",
    "not specified",
    "not stated",
    "not mentioned",
    "not provided",
];

/// A list of strings; a single string is a one-item list and `null` an empty list.
fn string_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrOne {
        List(Vec<String>),
        One(String),
    }
    Ok(match Option::<ListOrOne>::deserialize(deserializer)? {
        Some(ListOrOne::List(items)) => items,
        Some(ListOrOne::One(item)) => vec![item],
        None => Vec::new(),
    })
}

/// A string where `null` reads as empty.
fn text_or_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// An optional detail: blank values and "not stated" placeholders read as absent.
fn optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(deserializer)?;
    Ok(value
        .map(|text| collapse_whitespace(&text))
        .filter(|text| !text.is_empty() && !NOT_STATED.contains(&text.to_lowercase().as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: Answer>(value: Value) -> Result<T, String> {
        serde_json::from_value::<T>(value)
            .map_err(|error| error.to_string())?
            .validate()
    }

    #[test]
    fn schemas_are_strict_mode_compatible() {
        fn check(schema: &Value) {
            if schema["type"] == "object" {
                assert_eq!(schema["additionalProperties"], false, "{schema}");
                let properties = schema["properties"].as_object().unwrap();
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                for (name, property) in properties {
                    assert!(required.contains(&name.as_str()), "{name} not required");
                    check(property);
                }
            }
        }
        check(&JobAnalysis::schema());
        check(&RefinedRole::schema());
        check(&Introduction::schema());
        check(&CoverLetter::schema());
        check(&ConnectionProbe::schema());
    }

    #[test]
    fn a_job_analysis_is_cleaned_and_details_read_placeholders_as_absent() {
        let analysis: JobAnalysis = parse(json!({
            "key_skills": ["Rust", " rust ", "", "- Kafka"],
            "primary_duties": "Build data pipelines",
            "themes": null,
            "inferred_themes": ["ownership"],
            "job_details": {"company": " Acme ", "pay_rate": "N/A", "location": "",
                            "job_title": null},
        }))
        .unwrap();
        assert_eq!(analysis.key_skills, ["Rust", "Kafka"]);
        assert_eq!(analysis.primary_duties, ["Build data pipelines"]);
        assert!(analysis.themes.is_empty());
        assert_eq!(analysis.job_details.company.as_deref(), Some("Acme"));
        assert_eq!(analysis.job_details.pay_rate, None);
        assert_eq!(analysis.job_details.location, None);
    }

    #[test]
    fn an_empty_job_analysis_is_an_error() {
        let error = parse::<JobAnalysis>(json!({
            "key_skills": [], "primary_duties": [" "], "themes": [], "inferred_themes": [],
            "job_details": {},
        }))
        .unwrap_err();
        assert!(error.contains("neither key skills nor primary duties"));
        assert!(parse::<JobAnalysis>(json!({})).is_err());
    }

    #[test]
    fn refined_roles_lose_bullet_markers_and_keep_at_most_five_bullets() {
        let role: RefinedRole = parse(json!({
            "summary": "  Led the\nplatform team. ",
            "responsibilities": ["* Built A", "- Built B\n• Built C", "1. Built D", "Built E",
                                 "Built F", ""],
            "skills": ["Rust", "Rust"],
        }))
        .unwrap();
        assert_eq!(role.summary, "Led the platform team.");
        assert_eq!(
            role.responsibilities,
            ["Built A", "Built B", "Built C", "Built D", "Built E"]
        );
        assert_eq!(role.skills, ["Rust"]);
    }

    #[test]
    fn a_refined_role_with_no_text_is_an_error_never_a_default() {
        let error = parse::<RefinedRole>(json!({
            "summary": " ", "responsibilities": ["", "* "], "skills": ["Rust"],
        }))
        .unwrap_err();
        assert!(error.contains("neither a summary nor responsibilities"));
        assert!(parse::<RefinedRole>(json!({"summary": null, "responsibilities": null})).is_err());
        assert!(parse::<RefinedRole>(json!({"skills": []})).is_err());
    }

    #[test]
    fn letters_keep_their_paragraphs_and_are_never_short() {
        let body = "Dear Sam,\n\n\n  I would like to apply for the role, as my work on payments \nat Acme fits it well.  \n\nIt would be a pleasure to talk about how I could help your team and what it needs next.\n\nKind regards,";
        let letter: CoverLetter = parse(json!({ "text": body })).unwrap();
        assert_eq!(
            letter.text,
            "Dear Sam,\n\nI would like to apply for the role, as my work on payments\nat Acme fits it well.\n\nIt would be a pleasure to talk about how I could help your team and what it needs next.\n\nKind regards,"
        );
        let short = parse::<CoverLetter>(json!({"text": "Dear Sam,\n\nHire me.\n\nRegards,"}));
        assert!(short.unwrap_err().contains("fewer than the 25"));
        assert!(parse::<CoverLetter>(json!({"text": null})).is_err());
    }

    #[test]
    fn introductions_are_one_paragraph_and_never_empty() {
        let intro: Introduction = parse(json!({"text": "Engineer.\n\nBuilds things."})).unwrap();
        assert_eq!(intro.text, "Engineer. Builds things.");
        assert!(parse::<Introduction>(json!({"text": "  "})).is_err());
        assert!(parse::<Introduction>(json!({"intro": "x"})).is_err());
    }
}
