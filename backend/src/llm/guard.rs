//! The fact guard: a deterministic check of a model's refined role against the original, so
//! no model is trusted with facts.
//!
//! Rules ([`guard_role`]):
//! 1. **Basics are copied** from the original (company, title, dates, location, agency, job
//!    category, employment type, reason for change, inclusion), whatever the model said.
//! 2. **Skills** must be in the original role's skills. The comparison ignores case and
//!    surrounding spaces, and the original spelling is written back; any other skill is
//!    removed and flagged [`FlagKind::RemovedSkill`]. If nothing is left, the original skills
//!    are kept (a model that drops every skill has not made the role better).
//! 3. **Unverified terms** in the refined summary and responsibilities are flagged
//!    [`FlagKind::Unverified`] (and kept, for the user to judge):
//!    - numbers, percentages, money amounts and multipliers (`2019`, `45%`, `$2M`, `3x`,
//!      `10+`) whose value does not occur in the original role with the same decorations
//!      (currency, `%`, `k`/`M`/`B` or the words thousand/million/billion; `45` is verified by
//!      `45%`, but `45%` is not verified by `45`);
//!    - capitalised terms (any word with an upper-case letter: `Globex`, `AWS`, `iOS`),
//!      compared case-sensitively and as whole words against the text of the original role
//!      (summary, responsibilities, skills and every basics field, dates in their `04/2019`,
//!      `April 2019` and `2019` forms). Consecutive capitalised words are one term
//!      (`Globex Corporation`, also across `of`/`and`/`&`/`for`/`the`); a term that is not
//!      found whole is checked word by word and only the unknown words are reported. The first
//!      word of a sentence or bullet is not checked (it is usually an action verb), nor is
//!      `I`;
//!    - other words containing digits (`EC2`, `3rd`) not found verbatim.
//! 4. Responsibilities are written back as `* ` bullet lines. A part the model left empty keeps
//!    the original text; a refined role with neither summary nor responsibilities is an error.
//!
//! [`guard_introduction`] applies rule 3 to the introduction against the whole resume, and
//! [`guard_letter`] to a cover letter against the whole resume plus whom it is written to.
//!
//! [`guard_analysis`] checks the job analysis against the job description, its only source:
//! every key skill must occur in the description (ignoring case, hyphens and runs of white
//! space, as whole words), and so must the pay rate (as written, or every number in it). What
//! does not is flagged [`FlagKind::Unverified`] in [`FlagField::KeySkills`] or
//! [`FlagField::PayRate`]: an invented requirement would otherwise steer the whole tailoring
//! and the coverage score. It is kept, for the user to judge (a model may rightly write
//! `Kubernetes` for `k8s`).

use std::collections::HashSet;

use resume_shared::{Resume, Role};
use serde::{Deserialize, Serialize};

use super::answers::{Introduction, JobAnalysis, MAX_RESPONSIBILITIES, RefinedRole, strip_bullet};
use super::error::LlmError;
use super::resume_text::{resume_text, role_text};
use super::words::contains_word;

/// What a flag reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A skill the original role does not list; it was removed.
    RemovedSkill,
    /// A number or capitalised term the original does not contain; it was kept for the user
    /// to check.
    Unverified,
}

/// Where a flagged term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagField {
    /// The role's summary.
    Summary,
    /// The role's responsibilities.
    Responsibilities,
    /// The role's skills.
    Skills,
    /// The resume's introduction (Banner).
    Introduction,
    /// The job analysis's key skills.
    KeySkills,
    /// The job analysis's pay rate.
    PayRate,
    /// A cover letter's body.
    Letter,
}

/// One finding of the fact guard.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Flag {
    /// What kind of finding.
    pub kind: FlagKind,
    /// The term as the model wrote it.
    pub term: String,
    /// Where it was found.
    pub field: FlagField,
}

/// A refined role after the fact guard: safe basics and skills, plus what the user must check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GuardedRole {
    /// The refined role: original basics, refined (or original) summary and responsibilities,
    /// checked skills.
    pub role: Role,
    /// The findings, in text order, without duplicates.
    pub flags: Vec<Flag>,
}

/// Applies the fact guard to a model's refinement of `original` (rules in the module doc).
///
/// # Errors
/// [`LlmError::Unusable`] when the refinement has neither a summary nor responsibilities.
pub fn guard_role(original: &Role, refined: &RefinedRole) -> Result<GuardedRole, LlmError> {
    let mut summary = refined
        .summary
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !summary.chars().any(char::is_alphanumeric) {
        summary.clear();
    }
    let bullets: Vec<String> = refined
        .responsibilities
        .iter()
        .flat_map(|item| item.lines())
        .map(|line| {
            strip_bullet(line)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|line| line.chars().any(char::is_alphanumeric))
        .take(MAX_RESPONSIBILITIES)
        .collect();
    if summary.is_empty() && bullets.is_empty() {
        return Err(LlmError::Unusable(format!(
            "the refinement of the role at {} has neither a summary nor responsibilities",
            original.basics.company
        )));
    }

    let mut flags = Flags::default();
    let skills = check_skills(original, &refined.skills, &mut flags);
    let corpus = Corpus::new(&role_text(original));
    for term in corpus.unverified_terms(&summary) {
        flags.push(FlagKind::Unverified, term, FlagField::Summary);
    }
    for bullet in &bullets {
        for term in corpus.unverified_terms(bullet) {
            flags.push(FlagKind::Unverified, term, FlagField::Responsibilities);
        }
    }

    let role = Role {
        basics: original.basics.clone(),
        summary: if summary.is_empty() {
            original.summary.clone()
        } else {
            Some(summary)
        },
        responsibilities: if bullets.is_empty() {
            original.responsibilities.clone()
        } else {
            Some(
                bullets
                    .iter()
                    .map(|bullet| format!("* {bullet}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        },
        skills,
    };
    Ok(GuardedRole {
        role,
        flags: flags.list,
    })
}

/// Flags the numbers and capitalised terms of an introduction that the resume does not
/// contain (rule 3 of the module doc, against the whole resume).
#[must_use]
pub fn guard_introduction(resume: &Resume, introduction: &Introduction) -> Vec<Flag> {
    let corpus = Corpus::new(&resume_text(resume));
    let mut flags = Flags::default();
    for term in corpus.unverified_terms(&introduction.text) {
        flags.push(FlagKind::Unverified, term, FlagField::Introduction);
    }
    flags.list
}

/// Words of a letter's salutation and closing, never facts.
const LETTER_WORDS: &str = "Dear Hiring Team Manager Committee Recruiter Mr Mrs Ms Mx Dr Kind Best Warm \
    Regards Sincerely Yours Faithfully Truly Thank You Respectfully Cordially";

/// Flags the numbers and capitalised terms of a cover letter that neither the resume nor the
/// letter's addressing contains (rule 3 of the module doc, against the whole resume). The
/// addressing is what the letter may name besides the resume: the company and person written
/// to and the job applied for; a salutation's and closing's own words are not facts either.
#[must_use]
pub fn guard_letter(resume: &Resume, letter: &str, addressing: &[&str]) -> Vec<Flag> {
    let mut known = resume_text(resume);
    for text in addressing.iter().copied().chain([LETTER_WORDS]) {
        known.push('\n');
        known.push_str(text);
    }
    let corpus = Corpus::new(&known);
    let mut flags = Flags::default();
    for term in corpus.unverified_terms(letter) {
        flags.push(FlagKind::Unverified, term, FlagField::Letter);
    }
    flags.list
}

/// Flags the key skills and the pay rate of a job analysis that the job description does not
/// contain (see the module doc).
#[must_use]
pub fn guard_analysis(job_description: &str, analysis: &JobAnalysis) -> Vec<Flag> {
    let description = loose(job_description);
    let mut flags = Flags::default();
    for skill in &analysis.key_skills {
        let needle = loose(skill);
        if !needle.is_empty() && !contains_word(&description, &needle) {
            flags.push(FlagKind::Unverified, skill.clone(), FlagField::KeySkills);
        }
    }
    if let Some(pay) = &analysis.job_details.pay_rate {
        let numbers_in = |text: &str| -> Vec<String> {
            text.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .map(|run| run.trim_matches(['.', ',']).replace(',', ""))
                .filter(|run| !run.is_empty())
                .collect()
        };
        let stated = numbers_in(job_description);
        let numbers = numbers_in(pay);
        let found = contains_word(&description, &loose(pay))
            || (!numbers.is_empty() && numbers.iter().all(|n| stated.contains(n)));
        if !found {
            flags.push(FlagKind::Unverified, pay.clone(), FlagField::PayRate);
        }
    }
    flags.list
}

/// Lower case, hyphens and underscores as spaces, runs of white space as one space.
fn loose(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '–', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ordered list of flags without duplicates.
#[derive(Default)]
struct Flags {
    list: Vec<Flag>,
    seen: HashSet<Flag>,
}

impl Flags {
    fn push(&mut self, kind: FlagKind, term: String, field: FlagField) {
        let flag = Flag { kind, term, field };
        if self.seen.insert(flag.clone()) {
            self.list.push(flag);
        }
    }
}

/// Rule 2: the refined skills found in the original (original spelling), others flagged.
fn check_skills(original: &Role, refined: &[String], flags: &mut Flags) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for skill in refined {
        let skill = skill.trim();
        if skill.is_empty() {
            continue;
        }
        let found = original
            .skills
            .iter()
            .find(|own| own.trim() == skill)
            .or_else(|| {
                original
                    .skills
                    .iter()
                    .find(|own| own.trim().to_lowercase() == skill.to_lowercase())
            });
        match found {
            Some(own) if !kept.contains(own) => kept.push(own.clone()),
            Some(_) => {}
            None => flags.push(FlagKind::RemovedSkill, skill.to_owned(), FlagField::Skills),
        }
    }
    if kept.is_empty() {
        original.skills.clone()
    } else {
        kept
    }
}

/// One whitespace-separated token of text, stripped of surrounding punctuation.
#[derive(Debug)]
struct Token {
    /// The token without leading quotes/brackets and trailing punctuation.
    core: String,
    /// The first token of a sentence or of the text.
    sentence_start: bool,
    /// Punctuation after the token separates it from the next one (`,`, `.`, `;`, …).
    break_after: bool,
}

const LEADING: &[char] = &['"', '\'', '(', '[', '{', '“', '‘', '«', '*', '_'];
const TRAILING: &[char] = &[
    '"', '\'', ')', ']', '}', '”', '’', '»', '.', ',', ';', ':', '!', '?', '*', '_',
];
const SENTENCE_END: &[char] = &['.', '!', '?', ':', ';'];

/// Splits text into tokens, marking sentence starts and punctuation breaks.
fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let without_trailing = raw.trim_end_matches(TRAILING);
        let trailing = &raw[without_trailing.len()..];
        let core = without_trailing.trim_start_matches(LEADING);
        if core.chars().all(|c| !c.is_alphanumeric()) {
            // A dash, bullet or other punctuation on its own: a break, not a word.
            if let Some(last) = out.last_mut() {
                last.break_after = true;
            }
            sentence_start |= raw.contains(SENTENCE_END);
            continue;
        }
        out.push(Token {
            core: core.to_owned(),
            sentence_start,
            break_after: !trailing.is_empty(),
        });
        sentence_start = trailing.contains(SENTENCE_END);
    }
    out
}

/// A number as written: `$2M`, `45%`, `1,200`, `3x`, `10+`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Number {
    currency: Option<char>,
    digits: String,
    /// `k`, `m`, `b` (also from a following thousand/million/billion), `x` or `+`.
    suffix: Option<String>,
    percent: bool,
}

impl Number {
    /// Reads one number; `None` when `text` is not exactly a number.
    fn parse(text: &str) -> Option<Self> {
        let mut rest = text;
        let currency = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '$' | '€' | '£' | '¥'));
        if let Some(c) = currency {
            rest = &rest[c.len_utf8()..];
        }
        let percent = rest.ends_with('%');
        rest = rest.trim_end_matches('%');
        let body_len = rest
            .char_indices()
            .take_while(|(i, c)| c.is_ascii_digit() || (*i > 0 && matches!(c, ',' | '.')))
            .map(|(i, c)| i + c.len_utf8())
            .last()?;
        let (body, suffix) = rest.split_at(body_len);
        let body = body.trim_end_matches(['.', ',']);
        let suffix = if body.len() < body_len {
            // A trailing separator (`5.`) is punctuation, and then nothing may follow it.
            if !suffix.is_empty() {
                return None;
            }
            ""
        } else {
            suffix
        };
        let suffix = match suffix.to_ascii_lowercase().as_str() {
            "" => None,
            s @ ("k" | "m" | "b" | "x" | "+") => Some(s.to_owned()),
            "bn" => Some("b".to_owned()),
            "mm" => Some("m".to_owned()),
            _ => return None,
        };
        let digits = body.replace(',', "");
        let digits = match digits.trim_start_matches('0') {
            "" => "0".to_owned(),
            rest if rest.starts_with('.') => format!("0{rest}"),
            rest => rest.to_owned(),
        };
        Some(Self {
            currency,
            digits,
            suffix,
            percent,
        })
    }

    /// Reads a token that may hold several numbers (`2019-2021`, `24/7`).
    fn parse_all(text: &str) -> Option<Vec<Self>> {
        if !text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥'))
        {
            return None;
        }
        text.split(['-', '–', '—', '/', '~'])
            .map(Self::parse)
            .collect()
    }

    /// The word after a number can scale it: `2 million` is `2M`.
    fn scaled_by(mut self, next: Option<&Token>) -> Self {
        if self.suffix.is_none() {
            let scale = next.map(|t| t.core.to_lowercase());
            self.suffix = match scale.as_deref() {
                Some("thousand") => Some("k".to_owned()),
                Some("million" | "millions") => Some("m".to_owned()),
                Some("billion" | "billions") => Some("b".to_owned()),
                _ => None,
            };
        }
        self
    }

    /// True when `known` states this number (with at least this number's decorations).
    fn verified_by(&self, known: &Self) -> bool {
        self.digits == known.digits
            && (self.currency.is_none() || self.currency == known.currency)
            && (self.suffix.is_none() || self.suffix == known.suffix)
            && (!self.percent || known.percent)
    }
}

/// Words that may join capitalised words into one name (`Bank of America`, `Procter & Gamble`).
const CONNECTORS: [&str; 6] = ["of", "and", "&", "for", "the", "de"];

/// Capitalised words that are never facts.
const NOT_TERMS: [&str; 5] = ["I", "I'm", "I've", "I'd", "I'll"];

/// The original text, ready for lookups.
struct Corpus {
    text: String,
    numbers: Vec<Number>,
}

/// A capitalised word or a connector inside a run of them.
enum RunItem {
    Word(String),
    Connector(String),
}

impl Corpus {
    fn new(text: &str) -> Self {
        let tokens = tokens(text);
        let mut numbers = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            if let Some(found) = Number::parse_all(&token.core) {
                let next = tokens.get(index + 1);
                numbers.extend(found.into_iter().map(|n| n.scaled_by(next)));
            }
        }
        Self {
            text: text.to_owned(),
            numbers,
        }
    }

    fn has_word(&self, word: &str) -> bool {
        contains_word(&self.text, word)
    }

    /// The terms of `text` not supported by the corpus, in order.
    fn unverified_terms(&self, text: &str) -> Vec<String> {
        let tokens = tokens(text);
        let mut terms = Vec::new();
        let mut run: Vec<RunItem> = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            let word = strip_possessive(&token.core);
            if let Some(numbers) = Number::parse_all(word) {
                self.close_run(&mut run, &mut terms);
                let next = tokens.get(index + 1);
                let unverified = numbers.into_iter().any(|number| {
                    let number = number.scaled_by(next);
                    !self.numbers.iter().any(|known| number.verified_by(known))
                });
                if unverified {
                    terms.push(token.core.clone());
                }
                continue;
            }
            let capitalised = word.chars().any(char::is_uppercase);
            if capitalised && !token.sentence_start && !NOT_TERMS.contains(&word) {
                run.push(RunItem::Word(word.to_owned()));
            } else if !run.is_empty() && CONNECTORS.contains(&word) && !token.break_after {
                run.push(RunItem::Connector(word.to_owned()));
                continue;
            } else {
                self.close_run(&mut run, &mut terms);
                if !capitalised && word.chars().any(|c| c.is_ascii_digit()) && !self.has_word(word)
                {
                    terms.push(word.to_owned());
                }
                continue;
            }
            if token.break_after {
                self.close_run(&mut run, &mut terms);
            }
        }
        self.close_run(&mut run, &mut terms);
        terms
    }

    /// Checks a finished run of capitalised words and appends its unverified parts.
    fn close_run(&self, run: &mut Vec<RunItem>, terms: &mut Vec<String>) {
        while matches!(run.last(), Some(RunItem::Connector(_))) {
            run.pop();
        }
        if run.is_empty() {
            return;
        }
        let whole = run_text(run.iter());
        if !self.has_word(&whole) {
            // Word by word; unknown words next to each other (or joined by a connector) are
            // reported as one term.
            let mut pending: Vec<&RunItem> = Vec::new();
            for item in run.iter() {
                match item {
                    RunItem::Word(word) if !self.has_word(word) => pending.push(item),
                    RunItem::Connector(_) if !pending.is_empty() => pending.push(item),
                    _ => flush(&mut pending, terms),
                }
            }
            flush(&mut pending, terms);
        }
        run.clear();
    }
}

/// Appends the pending unknown words (without trailing connectors) as one term.
fn flush(pending: &mut Vec<&RunItem>, terms: &mut Vec<String>) {
    while matches!(pending.last(), Some(RunItem::Connector(_))) {
        pending.pop();
    }
    if !pending.is_empty() {
        terms.push(run_text(pending.iter().copied()));
    }
    pending.clear();
}

fn run_text<'a>(items: impl IntoIterator<Item = &'a RunItem>) -> String {
    items
        .into_iter()
        .map(|item| match item {
            RunItem::Word(word) | RunItem::Connector(word) => word.as_str(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use resume_shared::{Inclusion, RoleBasics, YearMonth};

    use super::*;

    fn original() -> Role {
        Role {
            basics: RoleBasics {
                end_date: Some(YearMonth::new(2023, 6).unwrap()),
                location: Some("Remote".into()),
                employment_type: Some("Full-time".into()),
                agency: Some("Talent Bridge".into()),
                inclusion: Inclusion::NotRelevant,
                ..RoleBasics::new(
                    "Acme Widgets, LLC",
                    "Senior Engineer",
                    YearMonth::new(2020, 4).unwrap(),
                )
            },
            summary: Some("Owned the ingestion platform on AWS.".into()),
            responsibilities: Some(
                "* Rebuilt the ingest service in Rust, cutting latency by 40%\n\
                 * Mentored 4 engineers\n\
                 * Saved $1.5M a year on Amazon Web Services"
                    .into(),
            ),
            skills: vec!["Rust".into(), "Kafka".into(), "PostgreSQL".into()],
        }
    }

    fn refined(summary: &str, bullets: &[&str], skills: &[&str]) -> RefinedRole {
        RefinedRole {
            summary: summary.into(),
            responsibilities: bullets.iter().map(|b| (*b).to_owned()).collect(),
            skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn unverified(guarded: &GuardedRole) -> Vec<&str> {
        guarded
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::Unverified)
            .map(|f| f.term.as_str())
            .collect()
    }

    #[test]
    fn a_faithful_refinement_has_no_flags() {
        let guarded = guard_role(
            &original(),
            &refined(
                "Owned the ingestion platform on AWS for Acme Widgets, LLC.",
                &[
                    "Rebuilt the ingest service in Rust, cutting latency by 40%.",
                    "Mentored 4 engineers (Full-time, Remote)",
                    "Cut Amazon Web Services costs by $1.5M a year",
                    "Worked as Senior Engineer from April 2020 to 06/2023",
                ],
                &["Kafka", "Rust"],
            ),
        )
        .unwrap();
        assert_eq!(guarded.flags, vec![]);
        assert_eq!(guarded.role.skills, ["Kafka", "Rust"]);
    }

    #[test]
    fn basics_are_copied_whatever_the_model_said() {
        let original = original();
        let guarded = guard_role(&original, &refined("Owned the platform.", &[], &[])).unwrap();
        assert_eq!(guarded.role.basics, original.basics);
        assert_eq!(guarded.role.basics.inclusion, Inclusion::NotRelevant);
    }

    #[test]
    fn responsibilities_are_written_as_bullet_lines() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &["* Rebuilt the ingest service", "- Mentored 4 engineers"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(
            guarded.role.responsibilities.as_deref(),
            Some("* Rebuilt the ingest service\n* Mentored 4 engineers")
        );
        // The empty summary keeps the original one.
        assert_eq!(guarded.role.summary, original().summary);
    }

    #[test]
    fn an_invented_company_is_flagged_as_one_term() {
        let guarded = guard_role(
            &original(),
            &refined(
                "Owned the ingestion platform at Globex Corporation.",
                &["Partnered with Bank of America on payments"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(
            unverified(&guarded),
            ["Globex Corporation", "Bank of America"]
        );
        assert_eq!(guarded.flags[0].field, FlagField::Summary);
        assert_eq!(guarded.flags[1].field, FlagField::Responsibilities);
    }

    #[test]
    fn an_invented_year_is_flagged_and_real_dates_are_not() {
        let guarded = guard_role(
            &original(),
            &refined(
                "Owned the platform since 2019, and through 2020 and 2023.",
                &[],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["2019"]);
    }

    #[test]
    fn invented_metrics_and_amounts_are_flagged() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &[
                    "Cut latency by 45%",
                    "Saved $2M in costs",
                    "Grew throughput 3x",
                    "Cut latency by 40%, saving $1.5M",
                ],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["45%", "$2M", "3x"]);
    }

    #[test]
    fn number_decorations_must_match() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &[
                    "Cut latency by 40 percent", // 40 is in the original (as 40%)
                    "Mentored 4% of engineers",  // 4 is, 4% is not
                    "Saved 1.5 million dollars", // 1.5M
                    "Saved €1.5M",               // wrong currency
                ],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["4%", "€1.5M"]);
    }

    #[test]
    fn punctuation_next_to_numbers_and_terms_is_ignored() {
        let guarded = guard_role(
            &original(),
            &refined(
                "Cut latency (by 40%), mentored 4 engineers; used \"Rust\".",
                &["Ran Kafka, PostgreSQL and AWS.", "Cut costs by 45%)."],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["45%"]);
    }

    #[test]
    fn case_differences_in_terms_are_flagged() {
        let guarded = guard_role(
            &original(),
            &refined("Ran the platform on Aws with RUST.", &[], &[]),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["Aws", "RUST"]);
    }

    #[test]
    fn the_first_word_of_a_sentence_or_bullet_is_not_flagged() {
        let guarded = guard_role(
            &original(),
            &refined(
                "Spearheaded the platform. Championed Rust adoption!",
                &["Architected the ingest service", "Streamlined Kafka use"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(guarded.flags, vec![]);
        // But a capitalised word after it is.
        let guarded = guard_role(
            &original(),
            &refined("", &["Architected Snowflake pipelines"], &[]),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["Snowflake"]);
    }

    #[test]
    fn known_words_inside_an_unknown_run_are_not_reported() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &["Built Rust Kafka Snowflake Databricks connectors"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["Snowflake Databricks"]);
    }

    #[test]
    fn words_with_digits_are_checked_verbatim() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &["Moved storage to S3 and compute to EC2 in 3rd quarter"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(unverified(&guarded), ["S3", "EC2", "3rd"]);
    }

    #[test]
    fn an_invented_skill_is_removed_and_flagged() {
        let guarded = guard_role(
            &original(),
            &refined("Owned it.", &[], &["Rust", "Haskell", "kafka"]),
        )
        .unwrap();
        assert_eq!(guarded.role.skills, ["Rust", "Kafka"]);
        assert_eq!(
            guarded.flags,
            [Flag {
                kind: FlagKind::RemovedSkill,
                term: "Haskell".into(),
                field: FlagField::Skills,
            }]
        );
    }

    #[test]
    fn no_skills_left_keeps_the_original_skills() {
        let guarded = guard_role(&original(), &refined("Owned it.", &[], &["Haskell"])).unwrap();
        assert_eq!(guarded.role.skills, original().skills);
        assert_eq!(guarded.flags.len(), 1);
    }

    #[test]
    fn i_and_possessives_are_handled() {
        let guarded = guard_role(
            &original(),
            &refined(
                "",
                &["Led Acme Widgets's platform where I owned Kafka's upgrades"],
                &[],
            ),
        )
        .unwrap();
        assert_eq!(guarded.flags, vec![]);
    }

    #[test]
    fn an_empty_refinement_is_an_error() {
        let error = guard_role(&original(), &refined("  ", &["", "* "], &["Rust"])).unwrap_err();
        assert!(matches!(error, LlmError::Unusable(_)), "{error}");
    }

    #[test]
    fn flags_are_not_repeated_and_serialise_in_snake_case() {
        let guarded = guard_role(
            &original(),
            &refined("", &["Used Snowflake", "Tuned Snowflake"], &["Go", "Go"]),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&guarded.flags).unwrap(),
            serde_json::json!([
                {"kind": "removed_skill", "term": "Go", "field": "skills"},
                {"kind": "unverified", "term": "Snowflake", "field": "responsibilities"},
            ])
        );
    }

    #[test]
    fn analysis_skills_and_pay_not_in_the_job_description_are_flagged() {
        let description = "Senior data engineer. We use Rust, Kafka and machine-learning \
                           models on AWS. CI/CD matters. Salary: $150,000 to $180,000.";
        let analysis = JobAnalysis {
            key_skills: vec![
                "Rust".into(),
                "kafka".into(),
                "Machine Learning".into(),
                "CI/CD".into(),
                "COBOL".into(),
                "Go".into(),
            ],
            job_details: crate::llm::JobDetails {
                pay_rate: Some("$150,000 – $180,000".into()),
                ..crate::llm::JobDetails::default()
            },
            ..JobAnalysis::default()
        };
        let flags = guard_analysis(description, &analysis);
        let terms: Vec<(&str, FlagField)> =
            flags.iter().map(|f| (f.term.as_str(), f.field)).collect();
        assert_eq!(
            terms,
            [
                ("COBOL", FlagField::KeySkills),
                ("Go", FlagField::KeySkills)
            ]
        );
        let invented_pay = JobAnalysis {
            key_skills: vec!["Rust".into()],
            job_details: crate::llm::JobDetails {
                pay_rate: Some("$200k".into()),
                ..crate::llm::JobDetails::default()
            },
            ..JobAnalysis::default()
        };
        assert_eq!(
            guard_analysis(description, &invented_pay),
            [Flag {
                kind: FlagKind::Unverified,
                term: "$200k".into(),
                field: FlagField::PayRate,
            }]
        );
    }

    #[test]
    fn the_introduction_is_checked_against_the_whole_resume() {
        let resume = Resume {
            experience: Some(resume_shared::Experience {
                projects: vec![],
                roles: vec![original()],
            }),
            ..Resume::default()
        };
        let flags = guard_introduction(
            &resume,
            &Introduction {
                text:
                    "Senior engineer with Rust and Kafka at Acme Widgets. Led 12 teams at Initech."
                        .into(),
            },
        );
        let terms: Vec<&str> = flags.iter().map(|f| f.term.as_str()).collect();
        assert_eq!(terms, ["12", "Initech"]);
        assert!(flags.iter().all(|f| f.field == FlagField::Introduction));
    }

    #[test]
    fn a_letter_may_name_its_addressee_but_no_other_fact() {
        let resume = Resume {
            experience: Some(resume_shared::Experience {
                projects: vec![],
                roles: vec![original()],
            }),
            ..Resume::default()
        };
        let letter = "Dear Ms. Sam Lee,\n\nI am applying for the Platform Engineer role at Initech. \
            At Acme Widgets I rebuilt the ingest service in Rust, cutting latency by 40%, and \
            grew revenue by 45% at Globex Corporation since 2017.\n\nKind regards,";
        let flags = guard_letter(
            &resume,
            letter,
            &["Initech", "Sam Lee", "Platform Engineer"],
        );
        let terms: Vec<&str> = flags.iter().map(|f| f.term.as_str()).collect();
        assert_eq!(terms, ["45%", "Globex Corporation", "2017"]);
        assert!(flags.iter().all(|f| f.field == FlagField::Letter));
        assert!(
            !guard_letter(&resume, letter, &[]).is_empty(),
            "without its addressing the company is unverified"
        );
        let named = guard_letter(&resume, letter, &[]);
        assert!(named.iter().any(|f| f.term == "Initech"), "{named:?}");
    }
}
