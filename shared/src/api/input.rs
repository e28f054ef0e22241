//! The limits and character rules of request input, declared once.
//!
//! The server checks every JSON body and every query against them through [`CheckInput`]
//! before it does anything else (its request extractors call it, so a refused request reaches
//! no database, rate limiter or audit log), the OpenAPI document states them (`maxLength`,
//! `minimum`, `maximum`, and the character rules as a `pattern`, with a test keeping the two
//! in step), and the browser app can use the
//! same numbers in its forms. The rules that need the database or the service's context (a
//! username's allowed characters, a password's minimum length, a URL's scheme) stay in the
//! server's services; these are the bounds every value must meet first.
//!
//! Text comes in two kinds:
//! - a *line* ([`check_line`]: names, usernames, emails, URLs, model names, companies,
//!   titles) holds no control character (U+0000–U+001F, U+007F–U+009F): a line break or an
//!   escape sequence makes no sense there and would forge log lines;
//! - free *text* ([`check_text`]: resume content, notes, job descriptions) may hold line
//!   breaks and tabs but no NUL (U+0000), which PostgreSQL cannot store in text while SQLite
//!   keeps it, so both databases refuse it the same way: 422 naming the field and the line.
//!
//! Secrets ([`check_secret`]: passwords, API keys) are only bounded in size; they are hashed
//! or encrypted, never logged.

use std::collections::BTreeMap;

use crate::markdown::Diagnostic;

/// Field (or parameter) name → what is wrong with it.
pub type Problems = BTreeMap<String, String>;

/// A request body or query whose fields can be checked against their limits without any
/// context. Every type the server reads as a JSON body or a query implements it.
pub trait CheckInput {
    /// Adds a problem for each field that breaks its size or character rule (at most one per
    /// field: the first found).
    fn check_input(&self, problems: &mut Problems);

    /// The problems of this input; empty when it is within every limit.
    #[must_use]
    fn input_problems(&self) -> Problems {
        let mut problems = Problems::new();
        self.check_input(&mut problems);
        problems
    }
}

/// Login identifier (a username or an email address) and usernames, in bytes.
pub const MAX_USERNAME_BYTES: usize = 254;
/// Email addresses, in bytes (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Passwords, in bytes (argon2 accepts more; this bounds the work per request).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Role names in a request (`user`, `admin`), in bytes.
pub const MAX_ROLE_NAME_BYTES: usize = 32;
/// Roles listed in one request.
pub const MAX_ROLES: usize = 8;
/// The free attribute map of a user, serialized as JSON, in bytes.
pub const MAX_ATTRIBUTES_BYTES: usize = 16 * 1024;
/// LLM endpoint URLs, in bytes.
pub const MAX_URL_BYTES: usize = 2048;
/// LLM model names, in bytes.
pub const MAX_MODEL_BYTES: usize = 200;
/// LLM API keys, in bytes.
pub const MAX_API_KEY_BYTES: usize = 4096;
/// Largest setup token (`POST /setup`), in bytes.
pub const MAX_SETUP_TOKEN_BYTES: usize = 1024;
/// Resume names and companies, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Notes and introductions, in characters.
pub const MAX_NOTES_CHARS: usize = 5000;
/// Each extracted job detail (title, pay, location, …), in characters.
pub const MAX_JOB_DETAIL_CHARS: usize = 5000;
/// Job descriptions, in bytes.
pub const MAX_JOB_DESCRIPTION_BYTES: usize = 100 * 1024;
/// Resume text, in bytes.
pub const MAX_CONTENT_BYTES: usize = 1024 * 1024;
/// Export choices (`format`, `preset`, the `from` and `to` months), in bytes.
pub const MAX_EXPORT_CHOICE_BYTES: usize = 32;

/// The longest list of sections a designed template is asked to show, in bytes.
pub const MAX_SECTIONS_BYTES: usize = 128;
/// The search text of the resume list (`q`), in characters.
pub const MAX_SEARCH_CHARS: usize = 255;
/// The action filter of the audit log, in bytes.
pub const MAX_ACTION_BYTES: usize = 64;
/// The largest page number of every list (with the largest page size, the row offset stays
/// far inside the databases' 64-bit range).
pub const MAX_PAGE: u64 = 1_000_000;
/// The largest `version` a write may be based on: 2^53 − 1, the largest integer every JSON
/// client holds exactly, and far from the 64-bit edge where the next version would overflow.
pub const MAX_VERSION: i64 = (1 << 53) - 1;
/// How many diagnostics (errors, warnings) an answer lists; the count says how many there
/// were in all.
pub const MAX_DIAGNOSTICS: usize = 100;

/// The JSON Schema `pattern` the OpenAPI document gives every one-line value: what
/// [`check_line`] lets through (no control character).
pub const LINE_PATTERN: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";
/// The `pattern` of a one-line value that must also hold something besides white space (model
/// names, API keys).
pub const NON_BLANK_LINE_PATTERN: &str =
    r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$";
/// The `pattern` of free text: what [`check_text`] lets through (no NUL).
pub const TEXT_PATTERN: &str = r"^[^\x00]*$";

/// How a size limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// UTF-8 bytes.
    Bytes(usize),
    /// Characters (Unicode scalar values), as JSON Schema's `maxLength` counts.
    Chars(usize),
}

impl Limit {
    /// Whether `value` is longer than the limit.
    #[must_use]
    pub fn exceeded_by(self, value: &str) -> bool {
        match self {
            Self::Bytes(max) => value.len() > max,
            // A text of at most `max` bytes has at most `max` characters: count only beyond.
            Self::Chars(max) => value.len() > max && value.chars().count() > max,
        }
    }

    /// `must be at most 255 characters`, `must be at most 102400 bytes (100 KiB)` (large
    /// round sizes also in KiB or MiB).
    #[must_use]
    pub fn problem(self) -> String {
        match self {
            Self::Chars(max) => format!("must be at most {max} characters"),
            Self::Bytes(max) if max >= MIB && max % MIB == 0 => {
                format!("must be at most {max} bytes ({} MiB)", max / MIB)
            }
            Self::Bytes(max) if max > 4 * KIB && max % KIB == 0 => {
                format!("must be at most {max} bytes ({} KiB)", max / KIB)
            }
            Self::Bytes(max) => format!("must be at most {max} bytes"),
        }
    }
}

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

/// What is wrong with a one-line value's characters: a line break, or another control
/// character.
#[must_use]
pub fn line_character_problem(value: &str) -> Option<&'static str> {
    if value.contains(['\n', '\r']) {
        Some("must be a single line")
    } else if value.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else {
        None
    }
}

/// The 1-based line of the first NUL character in `text`, if any.
#[must_use]
pub fn nul_line(text: &str) -> Option<usize> {
    let at = text.find('\0')?;
    Some(
        text.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
    )
}

/// The problem of free text holding a NUL character, naming its line.
#[must_use]
pub fn nul_problem(line: usize) -> String {
    format!("must not contain NUL characters (line {line})")
}

fn add(problems: &mut Problems, field: &str, problem: impl Into<String>) {
    problems
        .entry(field.to_owned())
        .or_insert_with(|| problem.into());
}

/// A one-line value: within `limit`, no control characters.
pub fn check_line(problems: &mut Problems, field: &str, value: &str, limit: Limit) {
    if limit.exceeded_by(value) {
        add(problems, field, limit.problem());
    } else if let Some(problem) = line_character_problem(value) {
        add(problems, field, problem);
    }
}

/// Free text: within `limit`, no NUL characters (line breaks and tabs are fine).
pub fn check_text(problems: &mut Problems, field: &str, value: &str, limit: Limit) {
    if limit.exceeded_by(value) {
        add(problems, field, limit.problem());
    } else if let Some(line) = nul_line(value) {
        add(problems, field, nul_problem(line));
    }
}

/// A secret (a password): within `limit`; any character (it is hashed, never stored or logged
/// as given).
pub fn check_secret(problems: &mut Problems, field: &str, value: &str, limit: Limit) {
    if limit.exceeded_by(value) {
        add(problems, field, limit.problem());
    }
}

/// A `version` a write is based on: from 1 to [`MAX_VERSION`].
pub fn check_version(problems: &mut Problems, field: &str, version: i64) {
    if !(1..=MAX_VERSION).contains(&version) {
        add(problems, field, format!("must be from 1 to {MAX_VERSION}"));
    }
}

/// Paging values: `page` from 1 to [`MAX_PAGE`], `per_page` from 1 to `max_per_page`
/// (absent values take their defaults and are fine).
pub fn check_paging(
    problems: &mut Problems,
    page: Option<u64>,
    per_page: Option<u64>,
    max_per_page: u64,
) {
    if page.is_some_and(|page| !(1..=MAX_PAGE).contains(&page)) {
        add(problems, "page", format!("must be from 1 to {MAX_PAGE}"));
    }
    if per_page.is_some_and(|per_page| !(1..=max_per_page).contains(&per_page)) {
        add(
            problems,
            "per_page",
            format!("must be from 1 to {max_per_page}"),
        );
    }
}

/// The first [`MAX_DIAGNOSTICS`] of a list, and how many there were in all.
#[must_use]
pub fn capped(mut diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, usize) {
    let total = diagnostics.len();
    diagnostics.truncate(MAX_DIAGNOSTICS);
    (diagnostics, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_bytes_or_characters_and_say_so() {
        assert!(!Limit::Chars(3).exceeded_by("ééé"));
        assert!(Limit::Chars(3).exceeded_by("éééé"));
        assert!(Limit::Bytes(3).exceeded_by("éé"));
        assert_eq!(
            Limit::Chars(255).problem(),
            "must be at most 255 characters"
        );
        assert_eq!(
            Limit::Bytes(MAX_JOB_DESCRIPTION_BYTES).problem(),
            "must be at most 102400 bytes (100 KiB)"
        );
        assert_eq!(
            Limit::Bytes(MAX_CONTENT_BYTES).problem(),
            "must be at most 1048576 bytes (1 MiB)"
        );
        assert_eq!(Limit::Bytes(254).problem(), "must be at most 254 bytes");
    }

    #[test]
    fn lines_refuse_every_control_character() {
        let mut problems = Problems::new();
        check_line(&mut problems, "ok", "Zoë Smith-Jones", Limit::Bytes(64));
        check_line(&mut problems, "nul", "a\0", Limit::Bytes(64));
        check_line(&mut problems, "newline", "a\nb", Limit::Bytes(64));
        check_line(&mut problems, "escape", "a\u{1b}[31m", Limit::Bytes(64));
        check_line(&mut problems, "c1", "a\u{85}", Limit::Bytes(64));
        check_line(&mut problems, "long", &"x".repeat(65), Limit::Bytes(64));
        assert_eq!(
            problems,
            Problems::from([
                ("c1".into(), "must not contain control characters".into()),
                (
                    "escape".into(),
                    "must not contain control characters".into()
                ),
                ("long".into(), "must be at most 64 bytes".into()),
                ("newline".into(), "must be a single line".into()),
                ("nul".into(), "must not contain control characters".into()),
            ])
        );
    }

    #[test]
    fn text_keeps_line_breaks_and_tabs_but_names_the_line_of_a_nul() {
        let mut problems = Problems::new();
        check_text(&mut problems, "ok", "one\n\ttwo\r\n", Limit::Bytes(64));
        check_text(&mut problems, "nul", "one\ntwo\nth\0ree", Limit::Bytes(64));
        assert_eq!(
            problems,
            Problems::from([(
                "nul".into(),
                "must not contain NUL characters (line 3)".into()
            )])
        );
        assert_eq!(nul_line("\0"), Some(1));
        assert_eq!(nul_line("no nul"), None);
    }

    #[test]
    fn the_first_problem_of_a_field_is_kept() {
        let mut problems = Problems::new();
        check_secret(
            &mut problems,
            "password",
            &"p".repeat(1025),
            Limit::Bytes(1024),
        );
        check_secret(&mut problems, "password", "fine", Limit::Bytes(1024));
        check_line(&mut problems, "password", "a\0", Limit::Bytes(1024));
        assert_eq!(problems["password"], "must be at most 1024 bytes");
    }

    #[test]
    fn versions_and_pages_have_bounds_on_both_sides() {
        let mut problems = Problems::new();
        check_version(&mut problems, "ok", 1);
        check_version(&mut problems, "max", MAX_VERSION);
        check_version(&mut problems, "zero", 0);
        check_version(&mut problems, "overflow", i64::MAX);
        assert_eq!(
            problems.keys().collect::<Vec<_>>(),
            ["overflow", "zero"],
            "{problems:?}"
        );
        let mut paging = Problems::new();
        check_paging(&mut paging, Some(MAX_PAGE), Some(100), 100);
        assert!(paging.is_empty());
        check_paging(&mut paging, Some(MAX_PAGE + 1), Some(0), 100);
        assert_eq!(paging["page"], "must be from 1 to 1000000");
        assert_eq!(paging["per_page"], "must be from 1 to 100");
    }

    #[test]
    fn diagnostics_are_capped_with_the_total_kept() {
        let many: Vec<Diagnostic> = (1..=250)
            .map(|line| Diagnostic::new(line, "", "x"))
            .collect();
        let (kept, total) = capped(many);
        assert_eq!((kept.len(), total), (MAX_DIAGNOSTICS, 250));
        assert_eq!(kept.last().map(|d| d.line), Some(MAX_DIAGNOSTICS));
    }
}
