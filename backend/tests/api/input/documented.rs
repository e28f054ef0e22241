//! The limits and character rules the OpenAPI document states are the ones the server
//! enforces: the schema attributes are literals (utoipa takes no constants), so these tests tie
//! each one to its constant in `resume_shared::api::input`, and each pattern to the check it
//! describes.

use resume_backend::services::refinements::MAX_YEARS_LIMIT;
use resume_shared::api::input::{
    LINE_PATTERN, Limit, MAX_ACTION_BYTES, MAX_API_KEY_BYTES, MAX_ATTRIBUTES_BYTES,
    MAX_CONTENT_BYTES, MAX_DIAGNOSTICS, MAX_EMAIL_BYTES, MAX_EXPORT_CHOICE_BYTES,
    MAX_JOB_DESCRIPTION_BYTES, MAX_JOB_DETAIL_CHARS, MAX_MODEL_BYTES, MAX_NAME_CHARS,
    MAX_NOTES_CHARS, MAX_PAGE, MAX_PASSWORD_BYTES, MAX_ROLES, MAX_SEARCH_CHARS, MAX_SECTIONS_BYTES,
    MAX_SETUP_TOKEN_BYTES, MAX_URL_BYTES, MAX_USERNAME_BYTES, MAX_VERSION, NON_BLANK_LINE_PATTERN,
    Problems, TEXT_PATTERN, check_line, check_text,
};
use serde_json::Value;

/// The longest username a new account may have (`services::users::validate_identity`).
const USERNAME_CHARS: usize = 64;

fn document() -> Value {
    let (_, openapi) = resume_backend::routes::api_router().split_for_parts();
    serde_json::to_value(openapi).unwrap()
}

/// `schema.property.keyword` of a component schema.
/// `keyword` of `property` of component `schema`, looking through `allOf` parts (a flattened
/// struct) and their references.
fn schema_value(document: &Value, schema: &str, property: &str, keyword: &str) -> Value {
    let definition = &document["components"]["schemas"][schema];
    let direct = &definition["properties"][property][keyword];
    if !direct.is_null() {
        return direct.clone();
    }
    for part in definition["allOf"].as_array().into_iter().flatten() {
        let found = match part["$ref"].as_str() {
            Some(reference) => {
                let name = reference.trim_start_matches("#/components/schemas/");
                schema_value(document, name, property, keyword)
            }
            None => part["properties"][property][keyword].clone(),
        };
        if !found.is_null() {
            return found;
        }
    }
    Value::Null
}

/// `keyword` of the schema of query parameter `name` of `GET path`.
fn parameter_value(document: &Value, method: &str, path: &str, name: &str, keyword: &str) -> Value {
    document["paths"][format!("/api/v1{path}")][method]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{path} has no parameter {name}"))["schema"][keyword]
        .clone()
}

#[test]
fn the_documented_limits_are_the_enforced_ones() {
    let document = document();
    let as_value = |n: usize| Value::from(n as u64);
    let max_length = [
        ("LoginRequest", "username", MAX_USERNAME_BYTES),
        ("LoginRequest", "password", MAX_PASSWORD_BYTES),
        // The identity rules of a new account (3–64 characters) are tighter than the byte bound.
        ("RegisterRequest", "username", USERNAME_CHARS),
        ("SetupRequest", "username", USERNAME_CHARS),
        ("SetupRequest", "email", MAX_EMAIL_BYTES),
        ("SetupRequest", "password", MAX_PASSWORD_BYTES),
        ("SetupRequest", "setup_token", MAX_SETUP_TOKEN_BYTES),
        ("RegisterRequest", "email", MAX_EMAIL_BYTES),
        ("RegisterRequest", "password", MAX_PASSWORD_BYTES),
        (
            "ChangePasswordRequest",
            "current_password",
            MAX_PASSWORD_BYTES,
        ),
        ("ChangePasswordRequest", "new_password", MAX_PASSWORD_BYTES),
        ("CreateUserRequest", "username", USERNAME_CHARS),
        ("CreateUserRequest", "email", MAX_EMAIL_BYTES),
        ("CreateUserRequest", "password", MAX_PASSWORD_BYTES),
        ("UpdateUserRequest", "email", MAX_EMAIL_BYTES),
        ("UpdateUserRequest", "password", MAX_PASSWORD_BYTES),
        ("UpdateSettingsRequest", "llm_endpoint", MAX_URL_BYTES),
        ("UpdateSettingsRequest", "llm_model", MAX_MODEL_BYTES),
        ("UpdateSettingsRequest", "api_key", MAX_API_KEY_BYTES),
        ("CreateResumeRequest", "name", MAX_NAME_CHARS),
        ("CreateResumeRequest", "content", MAX_CONTENT_BYTES),
        ("UpdateResumeRequest", "name", MAX_NAME_CHARS),
        ("UpdateResumeRequest", "content", MAX_CONTENT_BYTES),
        ("UpdateResumeRequest", "company", MAX_NAME_CHARS),
        ("UpdateResumeRequest", "notes", MAX_NOTES_CHARS),
        ("UpdateResumeRequest", "introduction", MAX_NOTES_CHARS),
        (
            "UpdateResumeRequest",
            "job_description",
            MAX_JOB_DESCRIPTION_BYTES,
        ),
        ("JobDetails", "company", MAX_JOB_DETAIL_CHARS),
        ("JobDetails", "special_instructions", MAX_JOB_DETAIL_CHARS),
        ("ExportPreferences", "format", MAX_EXPORT_CHOICE_BYTES),
        ("ExportPreferences", "to", MAX_EXPORT_CHOICE_BYTES),
        ("ExportPreferences", "template", MAX_EXPORT_CHOICE_BYTES),
        ("ExportPreferences", "accent", MAX_EXPORT_CHOICE_BYTES),
        ("ExportPreferences", "sections", MAX_SECTIONS_BYTES),
        ("ValidateRequest", "content", MAX_CONTENT_BYTES),
        ("ImportRequest", "name", MAX_NAME_CHARS),
        ("ImportRequest", "content", MAX_CONTENT_BYTES),
        (
            "StartRefinementRequest",
            "job_description",
            MAX_JOB_DESCRIPTION_BYTES,
        ),
        ("StartRefinementRequest", "company", MAX_NAME_CHARS),
        ("StartRefinementRequest", "notes", MAX_NOTES_CHARS),
        ("ApplyRefinementRequest", "name", MAX_NAME_CHARS),
        ("ApplyRefinementRequest", "company", MAX_NAME_CHARS),
        ("ApplyRefinementRequest", "notes", MAX_NOTES_CHARS),
    ];
    for (schema, property, limit) in max_length {
        assert_eq!(
            schema_value(&document, schema, property, "maxLength"),
            as_value(limit),
            "{schema}.{property}"
        );
    }
    assert_eq!(
        schema_value(&document, "CreateUserRequest", "roles", "maxItems"),
        as_value(MAX_ROLES)
    );
    assert_eq!(
        schema_value(
            &document,
            "StartRefinementRequest",
            "years_limit",
            "maximum"
        ),
        MAX_YEARS_LIMIT
    );
    let attributes = schema_value(&document, "UpdateUserRequest", "attributes", "description");
    assert!(
        attributes
            .as_str()
            .unwrap()
            .contains(&format!("{} KiB", MAX_ATTRIBUTES_BYTES / 1024))
    );
    for schema in [
        "UpdateResumeRequest",
        "VersionRequest",
        "PersonalRequest",
        "EducationRequest",
        "CertificationsRequest",
        "ReorderRequest",
    ] {
        assert_eq!(schema_value(&document, schema, "version", "minimum"), 1);
        assert_eq!(
            schema_value(&document, schema, "version", "maximum"),
            Value::from(MAX_VERSION),
            "{schema}"
        );
    }
    let version = parameter_value(
        &document,
        "delete",
        "/resumes/{id}/roles/{index}",
        "version",
        "maximum",
    );
    assert_eq!(version, Value::from(MAX_VERSION));
    for (path, max_per_page) in [
        ("/resumes", 100_u64),
        ("/admin/users", 200),
        ("/admin/audit", 200),
    ] {
        assert_eq!(
            parameter_value(&document, "get", path, "page", "minimum"),
            1
        );
        assert_eq!(
            parameter_value(&document, "get", path, "page", "maximum"),
            MAX_PAGE
        );
        assert_eq!(
            parameter_value(&document, "get", path, "per_page", "minimum"),
            1
        );
        assert_eq!(
            parameter_value(&document, "get", path, "per_page", "maximum"),
            max_per_page
        );
    }
    assert_eq!(
        parameter_value(&document, "get", "/resumes", "q", "maxLength"),
        as_value(MAX_SEARCH_CHARS)
    );
    assert_eq!(
        parameter_value(&document, "get", "/admin/audit", "action", "maxLength"),
        as_value(MAX_ACTION_BYTES)
    );
    for (schema, property) in [
        ("ErrorBody", "diagnostics"),
        ("ValidateResponse", "errors"),
        ("ValidateResponse", "warnings"),
        ("ResumeResponse", "warnings"),
    ] {
        let description = schema_value(&document, schema, property, "description");
        assert!(
            description
                .as_str()
                .unwrap()
                .contains(&format!("first {MAX_DIAGNOSTICS}")),
            "{schema}.{property}: {description}"
        );
    }
}

/// The one-line fields of the request bodies: no control characters (`check_line`).
const LINE_FIELDS: [(&str, &str); 8] = [
    ("LoginRequest", "username"),
    ("CreateResumeRequest", "name"),
    ("UpdateResumeRequest", "name"),
    ("UpdateResumeRequest", "company"),
    ("ImportRequest", "name"),
    ("StartRefinementRequest", "company"),
    ("ApplyRefinementRequest", "name"),
    ("ApplyRefinementRequest", "company"),
];

/// The free-text fields: line breaks and tabs, but no NUL (`check_text`).
const TEXT_FIELDS: [(&str, &str); 13] = [
    ("CreateResumeRequest", "content"),
    ("UpdateResumeRequest", "content"),
    ("UpdateResumeRequest", "notes"),
    ("UpdateResumeRequest", "introduction"),
    ("UpdateResumeRequest", "job_description"),
    ("ValidateRequest", "content"),
    ("ImportRequest", "content"),
    ("StartRefinementRequest", "job_description"),
    ("StartRefinementRequest", "notes"),
    ("ApplyRefinementRequest", "notes"),
    ("JobDetails", "company"),
    ("JobDetails", "job_title"),
    ("JobDetails", "special_instructions"),
];

#[test]
fn every_text_field_documents_its_character_rule() {
    let document = document();
    for (schema, property) in LINE_FIELDS {
        assert_eq!(
            schema_value(&document, schema, property, "pattern"),
            LINE_PATTERN,
            "{schema}.{property}"
        );
    }
    for (schema, property) in TEXT_FIELDS {
        assert_eq!(
            schema_value(&document, schema, property, "pattern"),
            TEXT_PATTERN,
            "{schema}.{property}"
        );
    }
    for property in ["llm_model", "api_key"] {
        assert_eq!(
            schema_value(&document, "UpdateSettingsRequest", property, "pattern"),
            NON_BLANK_LINE_PATTERN,
            "{property}"
        );
    }
    for (path, name) in [("/resumes", "q"), ("/admin/audit", "action")] {
        assert_eq!(
            parameter_value(&document, "get", path, name, "pattern"),
            LINE_PATTERN,
            "{path} {name}"
        );
    }
    // The endpoint and the emails have patterns of their own; each refuses what a line refuses.
    let endpoint = schema_value(
        &document,
        "UpdateSettingsRequest",
        "llm_endpoint",
        "pattern",
    );
    let endpoint = regex::Regex::new(endpoint.as_str().unwrap()).unwrap();
    assert!(endpoint.is_match("http://127.0.0.1:11434/v1"));
    for schema in [
        "RegisterRequest",
        "SetupRequest",
        "CreateUserRequest",
        "UpdateUserRequest",
    ] {
        let email = schema_value(&document, schema, "email", "pattern");
        let email = regex::Regex::new(email.as_str().unwrap()).unwrap();
        assert!(email.is_match("zoe@example.com"), "{schema}");
        for control in ['\0', '\u{1b}', '\u{85}'] {
            assert!(
                !email.is_match(&format!("zo{control}e@example.com")),
                "{schema}"
            );
            assert!(
                !email.is_match(&format!("zoe@exa{control}mple.com")),
                "{schema}"
            );
            assert!(!endpoint.is_match(&format!("http://exa{control}mple.com")));
        }
    }
}

/// Whether `check` finds no problem with `value`.
fn passes(check: fn(&mut Problems, &str, &str, Limit), value: &str) -> bool {
    let mut problems = Problems::new();
    check(&mut problems, "field", value, Limit::Bytes(64));
    problems.is_empty()
}

#[test]
fn the_patterns_let_through_exactly_what_the_checks_do() {
    let line = regex::Regex::new(LINE_PATTERN).unwrap();
    let non_blank = regex::Regex::new(NON_BLANK_LINE_PATTERN).unwrap();
    let text = regex::Regex::new(TEXT_PATTERN).unwrap();
    // Every character of the first planes alone and between letters, and a few beyond.
    let characters = (0..=0x3000_u32)
        .chain([0xFEFF, 0xFFFD, 0x1_F600, 0x10_FFFF])
        .filter_map(char::from_u32);
    for c in characters {
        for value in [c.to_string(), format!("a{c}b")] {
            assert_eq!(
                line.is_match(&value),
                passes(check_line, &value),
                "{c:?} line"
            );
            assert_eq!(
                text.is_match(&value),
                passes(check_text, &value),
                "{c:?} text"
            );
            let blank = value.trim().is_empty();
            assert_eq!(
                non_blank.is_match(&value),
                passes(check_line, &value) && !blank,
                "{c:?} non-blank"
            );
        }
    }
}
