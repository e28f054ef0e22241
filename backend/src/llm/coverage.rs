//! Keyword coverage: a deterministic score of how much of a job analysis a resume covers,
//! computed before and after refinement.
//!
//! Rules:
//! - The items are the analysis's key skills, then its primary duties.
//! - A **skill** is covered when it occurs in the resume's text as a whole word (or phrase),
//!   ignoring case and runs of whitespace (`C` does not match `C++`; `Go` matches `go`).
//! - A **duty** is covered when at least half of its significant words (rounded up) occur in
//!   the resume as words. Significant words are words of three or more letters that are not
//!   common English or job-ad filler words (`the`, `with`, `ability`, `experience`, …); both
//!   sides are lightly stemmed (`-ing`, `-ed`, `-es`, `-s`, `-ies`→`-y`) so `building
//!   pipelines` matches `built a pipeline` only through `pipeline`, but `designs APIs` matches
//!   `designed API`. A duty with no significant word is left out of the score.
//! - The score is `round(100 × covered / items)`; with no items it is 100.
//!
//! The resume's text is every fact-bearing field: roles (basics, summary, responsibilities,
//! skills), projects, certifications, education and the banner.

use std::collections::HashSet;

use resume_shared::Resume;
use serde::{Deserialize, Serialize};

use super::answers::JobAnalysis;
use super::resume_text::resume_text;
use super::words::{contains_word, is_word_char};

/// How much of a job analysis a resume covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Coverage {
    /// Covered items as a percentage of all items, 0–100.
    pub score: u8,
    /// Covered skills, then covered duties, as written in the analysis.
    pub covered: Vec<String>,
    /// Missing skills, then missing duties, as written in the analysis.
    pub missing: Vec<String>,
}

/// Scores `resume` against the key skills and primary duties of `analysis` (rules in the
/// module doc).
#[must_use]
pub fn coverage(analysis: &JobAnalysis, resume: &Resume) -> Coverage {
    let text = normalise(&resume_text(resume));
    let stems: HashSet<String> = words(&text).map(|word| stem(&word)).collect();
    let mut covered = Vec::new();
    let mut missing = Vec::new();
    for skill in &analysis.key_skills {
        let needle = normalise(skill);
        if needle.is_empty() {
            continue;
        }
        if contains_word(&text, &needle) {
            covered.push(skill.clone());
        } else {
            missing.push(skill.clone());
        }
    }
    for duty in &analysis.primary_duties {
        let significant: HashSet<String> = words(&normalise(duty))
            .filter(|word| is_significant(word))
            .map(|word| stem(&word))
            .collect();
        if significant.is_empty() {
            continue;
        }
        let present = significant
            .iter()
            .filter(|word| stems.contains(*word))
            .count();
        if present * 2 >= significant.len() {
            covered.push(duty.clone());
        } else {
            missing.push(duty.clone());
        }
    }
    let total = covered.len() + missing.len();
    let score = (covered.len() * 100 + total / 2)
        .checked_div(total)
        .map_or(100, |score| u8::try_from(score).unwrap_or(100));
    Coverage {
        score,
        covered,
        missing,
    }
}

/// Lower case, whitespace runs as one space.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The words of a (lower-case) text.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
}

/// Common words that say nothing about a duty.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "into",
    "onto",
    "our",
    "your",
    "their",
    "its",
    "you",
    "they",
    "them",
    "this",
    "that",
    "these",
    "those",
    "will",
    "would",
    "should",
    "can",
    "could",
    "may",
    "must",
    "are",
    "was",
    "were",
    "been",
    "being",
    "have",
    "has",
    "had",
    "not",
    "but",
    "all",
    "any",
    "each",
    "other",
    "such",
    "than",
    "then",
    "also",
    "etc",
    "via",
    "per",
    "who",
    "what",
    "when",
    "where",
    "which",
    "while",
    "how",
    "about",
    "across",
    "within",
    "including",
    "include",
    "includes",
    "using",
    "use",
    "able",
    "ability",
    "strong",
    "experience",
    "experienced",
    "knowledge",
    "skills",
    "skill",
    "work",
    "working",
    "job",
    "role",
    "responsible",
    "responsibilities",
    "well",
    "new",
    "more",
    "most",
    "both",
    "over",
    "under",
    "through",
    "out",
    "own",
    "ensure",
    "ensuring",
    "help",
    "helping",
    "day",
    "team",
    "teams",
];

fn is_significant(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && !STOPWORDS.contains(&word)
}

/// A light English stem: enough to match `pipelines`/`pipeline`, `designed`/`designs`.
fn stem(word: &str) -> String {
    let len = word.chars().count();
    if len > 4 {
        if let Some(base) = word.strip_suffix("ies") {
            return format!("{base}y");
        }
        if let Some(base) = word.strip_suffix("ing").filter(|_| len > 5) {
            return base.to_owned();
        }
        if let Some(base) = word.strip_suffix("ed") {
            return base.to_owned();
        }
        if let Some(base) = word
            .strip_suffix("es")
            .filter(|b| b.ends_with(['s', 'x', 'z', 'h']))
        {
            return base.to_owned();
        }
    }
    if len > 3
        && !word.ends_with("ss")
        && let Some(base) = word.strip_suffix('s')
    {
        return base.to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use resume_shared::{Experience, Personal, Role, RoleBasics, YearMonth};

    use super::*;

    fn resume() -> Resume {
        Resume {
            personal: Some(Personal {
                banner: Some("Backend engineer focused on reliable data pipelines.".into()),
                ..Personal::default()
            }),
            experience: Some(Experience {
                projects: vec![],
                roles: vec![Role {
                    summary: Some("Owned the ingestion platform.".into()),
                    responsibilities: Some(
                        "* Designed REST APIs for billing\n* Mentored four engineers".into(),
                    ),
                    skills: vec!["Rust".into(), "C++".into(), "PostgreSQL".into()],
                    ..Role::new(RoleBasics::new(
                        "Acme",
                        "Senior Engineer",
                        YearMonth::new(2020, 1).unwrap(),
                    ))
                }],
            }),
            ..Resume::default()
        }
    }

    fn analysis(skills: &[&str], duties: &[&str]) -> JobAnalysis {
        JobAnalysis {
            key_skills: skills.iter().map(|s| (*s).to_owned()).collect(),
            primary_duties: duties.iter().map(|s| (*s).to_owned()).collect(),
            ..JobAnalysis::default()
        }
    }

    #[test]
    fn skills_match_whole_words_ignoring_case() {
        let result = coverage(
            &analysis(
                &["rust", "C", "c++", "PostgreSQL", "Kafka", "Data  Pipelines"],
                &[],
            ),
            &resume(),
        );
        assert_eq!(
            result.covered,
            ["rust", "c++", "PostgreSQL", "Data  Pipelines"]
        );
        assert_eq!(result.missing, ["C", "Kafka"]);
        assert_eq!(result.score, 67);
    }

    #[test]
    fn duties_match_on_half_of_their_significant_words() {
        let result = coverage(
            &analysis(
                &[],
                &[
                    "Design and build APIs",                     // design, build, api: 2 of 3
                    "Mentor engineers across the team",          // mentor, engineer: 2 of 2
                    "Operate Kubernetes clusters in production", // 0 of 4
                    "Be on it",                                  // no significant word: ignored
                ],
            ),
            &resume(),
        );
        assert_eq!(
            result.covered,
            ["Design and build APIs", "Mentor engineers across the team"]
        );
        assert_eq!(
            result.missing,
            ["Operate Kubernetes clusters in production"]
        );
        assert_eq!(result.score, 67);
    }

    #[test]
    fn refinement_that_adds_keywords_raises_the_score() {
        let wanted = analysis(&["Rust", "Kafka"], &["Build streaming pipelines"]);
        let before = coverage(&wanted, &resume());
        let mut after = resume();
        if let Some(experience) = after.experience.as_mut() {
            experience.roles[0].skills.push("Kafka".into());
        }
        let after = coverage(&wanted, &after);
        assert!(after.score > before.score, "{before:?} {after:?}");
        assert_eq!(after.missing, ["Build streaming pipelines"]);
    }

    #[test]
    fn nothing_to_cover_scores_100() {
        let result = coverage(&JobAnalysis::default(), &Resume::default());
        assert_eq!(result.score, 100);
        assert!(result.covered.is_empty() && result.missing.is_empty());
        let result = coverage(&analysis(&["Rust"], &[]), &Resume::default());
        assert_eq!(result.score, 0);
    }

    #[test]
    fn stemming_is_light() {
        assert_eq!(stem("pipelines"), "pipeline");
        assert_eq!(stem("designed"), "design");
        assert_eq!(stem("designs"), "design");
        assert_eq!(stem("building"), "build");
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("processes"), "process");
        assert_eq!(stem("apis"), "api");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("bus"), "bus");
    }
}
