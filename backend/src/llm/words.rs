//! Word-level text helpers shared by the fact guard and keyword coverage: what counts as a word
//! character, and whole-word search.
//!
//! `+` and `#` count as word characters so `C` does not match inside `C++` or `C#`.

/// True for characters that belong to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '+' | '#')
}

/// True when `needle` occurs in `haystack` with no word character immediately before or after
/// it. Case-sensitive; lower-case both sides for a case-insensitive search.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    let needle = needle.trim();
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(start, _)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + needle.len()..].chars().next();
        let starts_word = needle.chars().next().is_some_and(is_word_char);
        let ends_word = needle.chars().next_back().is_some_and(is_word_char);
        (!starts_word || !before.is_some_and(is_word_char))
            && (!ends_word || !after.is_some_and(is_word_char))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains_word("Built it in Rust, fast", "Rust"));
        assert!(!contains_word("Rusty tools", "Rust"));
        assert!(!contains_word("Trust", "Rust"));
        assert!(contains_word("Used C++ and Go", "C++"));
        assert!(!contains_word("Used C++ and Go", "C"));
        assert!(!contains_word("Used C# daily", "C"));
        assert!(contains_word("Used C daily", "C"));
        assert!(contains_word("Ran Node.js.", "Node.js"));
        assert!(contains_word("a 45% gain", "45%"));
        assert!(!contains_word("a 145% gain", "45%"));
        assert!(contains_word("Acme Widgets, LLC", "Acme Widgets"));
        assert!(!contains_word("anything", ""));
    }
}
