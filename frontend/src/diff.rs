//! Diffs of two texts by their longest common subsequence: a word diff, for showing what a
//! refinement changed (words only in the original are removed, words only in the refinement
//! are added; line breaks are kept as their own pieces), and a line diff in unified form, for
//! showing how a newer saved text differs from the one being edited.

use std::fmt::Write as _;

/// What a piece of a diffed text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both texts.
    Same,
    /// Only in the original.
    Removed,
    /// Only in the refinement.
    Added,
    /// A line break.
    LineBreak,
}

/// One word (or line break) of a diffed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The word.
    pub text: String,
    /// How it relates to the other text.
    pub change: Change,
}

/// Beyond this many words per side the texts are shown without a diff (the table is
/// quadratic).
const MAX_WORDS: usize = 1500;

const LINE_BREAK: &str = "\n";

fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if number > 0 {
            out.push(LINE_BREAK);
        }
        out.extend(line.split_whitespace());
    }
    out
}

fn piece(word: &str, change: Change) -> Piece {
    let change = if word == LINE_BREAK {
        Change::LineBreak
    } else {
        change
    };
    Piece {
        text: word.to_owned(),
        change,
    }
}

/// The original's pieces (same or removed) and the refinement's (same or added).
#[must_use]
pub fn word_diff(original: &str, refined: &str) -> (Vec<Piece>, Vec<Piece>) {
    let old = words(original);
    let new = words(refined);
    if old.len() > MAX_WORDS || new.len() > MAX_WORDS {
        return (
            old.iter().map(|w| piece(w, Change::Same)).collect(),
            new.iter().map(|w| piece(w, Change::Same)).collect(),
        );
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for step in common_subsequence_steps(&old, &new) {
        match step {
            Step::Same(i, j) => {
                left.push(piece(old[i], Change::Same));
                right.push(piece(new[j], Change::Same));
            }
            Step::Removed(i) => left.push(piece(old[i], Change::Removed)),
            Step::Added(j) => right.push(piece(new[j], Change::Added)),
        }
    }
    (left, right)
}

/// One step through two sequences along their longest common subsequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// `old[i] == new[j]`, in the common subsequence.
    Same(usize, usize),
    /// `old[i]` only.
    Removed(usize),
    /// `new[j]` only.
    Added(usize),
}

/// The walk through `old` and `new` along a longest common subsequence; removals come before
/// additions where both are possible. Quadratic in time and memory: callers bound the lengths.
fn common_subsequence_steps<T: PartialEq>(old: &[T], new: &[T]) -> Vec<Step> {
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lengths = vec![vec![0_u16; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lengths[i][j] = if old[i] == new[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut steps = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            steps.push(Step::Same(i, j));
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            steps.push(Step::Removed(i));
            i += 1;
        } else {
            steps.push(Step::Added(j));
            j += 1;
        }
    }
    steps.extend((i..old.len()).map(Step::Removed));
    steps.extend((j..new.len()).map(Step::Added));
    steps
}

/// Beyond this many lines per side the line diff gives up (the table is quadratic).
const MAX_LINES: usize = 2000;

/// How many unchanged lines are kept around each change in a line diff.
const CONTEXT_LINES: usize = 2;

/// The lines of `new` against those of `old` in unified form: `--- old_label` and
/// `+++ new_label` headers, then the changes with [`CONTEXT_LINES`] of context, `-` for lines
/// only in `old`, `+` for lines only in `new`, and an `@@` line where unchanged lines are left
/// out. Empty when the texts have the same lines; `None` when either is too long to diff.
#[must_use]
pub fn line_diff(old: &str, new: &str, old_label: &str, new_label: &str) -> Option<String> {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    if old.len() > MAX_LINES || new.len() > MAX_LINES {
        return None;
    }
    let steps = common_subsequence_steps(&old, &new);
    let changed: Vec<bool> = steps.iter().map(|s| !matches!(s, Step::Same(..))).collect();
    if !changed.contains(&true) {
        return Some(String::new());
    }
    // A step is shown when a change lies within CONTEXT_LINES of it.
    let shown = |k: usize| {
        let from = k.saturating_sub(CONTEXT_LINES);
        let to = (k + CONTEXT_LINES + 1).min(steps.len());
        changed[from..to].iter().any(|c| *c)
    };
    let mut out = format!("--- {old_label}\n+++ {new_label}\n");
    let mut skipped = 0_usize;
    for (k, step) in steps.iter().enumerate() {
        if !shown(k) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            let _ = writeln!(out, "@@ {skipped} unchanged lines @@");
            skipped = 0;
        }
        let (mark, line) = match *step {
            Step::Same(i, _) => (' ', old[i]),
            Step::Removed(i) => ('-', old[i]),
            Step::Added(j) => ('+', new[j]),
        };
        out.push(mark);
        out.push_str(line);
        out.push('\n');
    }
    if skipped > 0 {
        let _ = writeln!(out, "@@ {skipped} unchanged lines @@");
    }
    Some(out)
}

/// Whether `word` contains one of the flagged terms (punctuation around it ignored).
#[must_use]
pub fn is_flagged(word: &str, terms: &[String]) -> bool {
    let bare = word.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"'));
    !bare.is_empty()
        && terms
            .iter()
            .any(|term| term.split_whitespace().any(|part| part == bare))
}
