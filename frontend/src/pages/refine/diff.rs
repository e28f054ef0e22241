//! A word diff of two texts (longest common subsequence of their words), for showing what a
//! refinement changed: words only in the original are removed, words only in the refinement
//! are added. Line breaks are kept as their own pieces.

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
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            left.push(piece(old[i], Change::Same));
            right.push(piece(new[j], Change::Same));
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            left.push(piece(old[i], Change::Removed));
            i += 1;
        } else {
            right.push(piece(new[j], Change::Added));
            j += 1;
        }
    }
    left.extend(old[i..].iter().map(|w| piece(w, Change::Removed)));
    right.extend(new[j..].iter().map(|w| piece(w, Change::Added)));
    (left, right)
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
