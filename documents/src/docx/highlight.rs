//! Skill highlighting in the plain layout (format spec §6.4, as fixed by A.5): every
//! occurrence of a skill that is aligned on token boundaries is bolded, longest skill first,
//! case-sensitively, and every other character is kept exactly.
//!
//! A token is a run of word characters (letters, digits, `_`, `+`, `#`) in which a single `.`
//! or `-` between two word characters does not break the run, so `Node.js`, `ASP.NET`,
//! `Go-based`, `C++11` and `3.5` are single tokens: `Go` is not found in `Google` or
//! `Go-based`, `C++` not in `C++11`, `NET` not in `ASP.NET`. A skill of several words matches
//! the same text exactly, spaces included.

/// A piece of highlighted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Segment<'t> {
    /// The text, exactly as in the input.
    pub(super) text: &'t str,
    /// True when `text` is a skill.
    pub(super) skill: bool,
}

/// The skills of one role or project, ready to search for.
#[derive(Debug, Clone)]
pub(super) struct Highlighter<'s> {
    /// Non-empty, distinct, longest first (ties keep the listed order).
    skills: Vec<&'s str>,
}

impl<'s> Highlighter<'s> {
    /// Prepares `skills` (blank entries ignored).
    pub(super) fn new(skills: &'s [String]) -> Self {
        let mut prepared: Vec<&'s str> = Vec::with_capacity(skills.len());
        for skill in skills {
            let skill = skill.trim();
            if !skill.is_empty() && !prepared.contains(&skill) {
                prepared.push(skill);
            }
        }
        prepared.sort_by_key(|skill| std::cmp::Reverse(skill.chars().count()));
        Self { skills: prepared }
    }

    /// Splits `text` into plain and skill segments; their concatenation is `text`.
    pub(super) fn segments<'t>(&self, text: &'t str) -> Vec<Segment<'t>> {
        let mut out = Vec::new();
        let mut plain_from = 0;
        let mut at = 0;
        while at < text.len() {
            let found = if continues_before(text, at) {
                None
            } else {
                self.skills.iter().find(|skill| {
                    text[at..].starts_with(**skill) && !continues_after(text, at + skill.len())
                })
            };
            match found {
                Some(skill) => {
                    if plain_from < at {
                        out.push(Segment {
                            text: &text[plain_from..at],
                            skill: false,
                        });
                    }
                    let end = at + skill.len();
                    out.push(Segment {
                        text: &text[at..end],
                        skill: true,
                    });
                    at = end;
                    plain_from = end;
                }
                None => at += text[at..].chars().next().map_or(1, char::len_utf8),
            }
        }
        if plain_from < text.len() {
            out.push(Segment {
                text: &text[plain_from..],
                skill: false,
            });
        }
        out
    }
}

/// Characters that make up tokens.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '+' | '#')
}

/// Characters that join two word characters into one token.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-')
}

/// True when the token before byte `at` runs on into it, so a match may not start there.
fn continues_before(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        Some(c) if is_word(c) => true,
        Some(c) if is_joiner(c) => before.next().is_some_and(is_word),
        _ => false,
    }
}

/// True when the text at byte `at` continues the token a match would end with.
fn continues_after(text: &str, at: usize) -> bool {
    let mut after = text[at..].chars();
    match after.next() {
        Some(c) if is_word(c) => true,
        Some(c) if is_joiner(c) => after.next().is_some_and(is_word),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, skills: &[&str]) -> String {
        let skills: Vec<String> = skills.iter().map(|s| (*s).to_owned()).collect();
        let highlighter = Highlighter::new(&skills);
        let segments = highlighter.segments(text);
        assert_eq!(
            segments.iter().map(|s| s.text).collect::<String>(),
            text,
            "every character is kept"
        );
        segments
            .iter()
            .map(|s| {
                if s.skill {
                    format!("[{}]", s.text)
                } else {
                    s.text.to_owned()
                }
            })
            .collect()
    }

    #[test]
    fn the_original_sentences_keep_their_exact_spacing() {
        assert_eq!(
            render(
                "I have experience in Python, Java, and C++.",
                &["Python", "Java", "C++"]
            ),
            "I have experience in [Python], [Java], and [C++]."
        );
        assert_eq!(
            render(
                "This tests (parenthesis) (Python) in sentences",
                &["Python"]
            ),
            "This tests (parenthesis) ([Python]) in sentences"
        );
        assert_eq!(render("", &["Python"]), "");
        assert_eq!(render("No skills here.", &[]), "No skills here.");
    }

    #[test]
    fn matches_are_token_aligned() {
        assert_eq!(
            render("Google hired a Go and C++ developer", &["Go", "C++"]),
            "Google hired a [Go] and [C++] developer"
        );
        assert_eq!(
            render("Go-based tools, in Go.", &["Go"]),
            "Go-based tools, in [Go]."
        );
        assert_eq!(render("C++11 and C++", &["C++", "C"]), "C++11 and [C++]");
        assert_eq!(
            render("ASP.NET and .NET", &["NET", ".NET"]),
            "ASP.NET and [.NET]"
        );
        assert_eq!(
            render("Node.js, not Node", &["Node"]),
            "Node.js, not [Node]"
        );
        assert_eq!(render("Kafka's lag", &["Kafka"]), "[Kafka]'s lag");
        assert_eq!(render("Rust/Go", &["Rust", "Go"]), "[Rust]/[Go]");
    }

    #[test]
    fn longest_skill_wins_and_case_matters() {
        assert_eq!(
            render("Moved to Amazon RDS on Amazon", &["Amazon", "Amazon RDS"]),
            "Moved to [Amazon RDS] on [Amazon]"
        );
        assert_eq!(render("rust and Rust", &["Rust"]), "rust and [Rust]");
        assert_eq!(
            render(
                "PostgreSQL  twice PostgreSQL",
                &["PostgreSQL", " ", "PostgreSQL"]
            ),
            "[PostgreSQL]  twice [PostgreSQL]"
        );
    }

    #[test]
    fn non_ascii_text_is_walked_by_character() {
        assert_eq!(
            render("Café Rust — naïve Rust", &["Rust"]),
            "Café [Rust] — naïve [Rust]"
        );
        assert_eq!(render("ÜRust", &["Rust"]), "ÜRust");
    }
}
