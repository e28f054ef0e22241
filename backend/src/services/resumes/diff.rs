//! Comparing two versions of a resume's text: a unified diff whose cost is bounded.
//!
//! Myers' algorithm (the default of `similar`) takes O((N+M)·D) time: two large, completely
//! different texts keep it busy for minutes. Here each text is held to [`MAX_DIFF_LINES`]
//! lines and [`MAX_DIFF_BYTES`] bytes (a larger pair is [`TooLarge`]), the texts are compared
//! with the Patience algorithm (lines that occur once on each side anchor the comparison,
//! which also reads well for a resume's history), and the comparison gets a deadline
//! ([`DIFF_TIME_BUDGET`]): past it, `similar` stops looking for the shortest edit and reports
//! what is left of a region as replaced. The diff stays correct (it turns the old text into
//! the new one), only less minimal.
//!
//! This is synchronous CPU work: callers run it on the blocking pool and under
//! [`crate::services::cpu_slots::CpuSlots`] (see [`super::revisions::diff`]), never on an async worker.

use std::time::{Duration, Instant};

use similar::{Algorithm, TextDiff};

use super::MAX_CONTENT_BYTES;

/// The most lines each of the two texts may have.
pub const MAX_DIFF_LINES: usize = 20_000;
/// The most bytes each of the two texts may have (the content limit: stored texts never
/// exceed it; the check keeps the bound if that limit ever grows).
pub const MAX_DIFF_BYTES: usize = MAX_CONTENT_BYTES;
/// How long the search for the shortest edit may take before it settles for a coarser one.
pub const DIFF_TIME_BUDGET: Duration = Duration::from_millis(500);

/// A text too large to compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Version {version} has {lines} lines and {bytes} bytes; versions of at most \
     {MAX_DIFF_LINES} lines and {MAX_DIFF_BYTES} bytes are compared. Open both versions to \
     compare them yourself."
)]
pub struct TooLarge {
    /// The version that is too large.
    pub version: i64,
    /// Its lines.
    pub lines: usize,
    /// Its bytes.
    pub bytes: usize,
}

/// Whether a text can be compared: within [`MAX_DIFF_LINES`] and [`MAX_DIFF_BYTES`].
///
/// # Errors
/// [`TooLarge`] naming the version.
pub fn check_size(text: &str, version: i64) -> Result<(), TooLarge> {
    let lines = line_count(text);
    if lines > MAX_DIFF_LINES || text.len() > MAX_DIFF_BYTES {
        return Err(TooLarge {
            version,
            lines,
            bytes: text.len(),
        });
    }
    Ok(())
}

fn line_count(text: &str) -> usize {
    let breaks = text.bytes().filter(|byte| *byte == b'\n').count();
    if text.is_empty() || text.ends_with('\n') {
        breaks
    } else {
        breaks + 1
    }
}

/// The unified diff (three lines of context) from version `from`'s text to version `to`'s,
/// headed `version A` / `version B`; empty when the texts are equal.
///
/// # Errors
/// [`TooLarge`] when either text is over the limits (nothing is compared then).
pub fn unified_diff(old: &str, new: &str, from: i64, to: i64) -> Result<String, TooLarge> {
    check_size(old, from)?;
    check_size(new, to)?;
    if old == new {
        return Ok(String::new());
    }
    Ok(TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(Instant::now() + DIFF_TIME_BUDGET)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("version {from}"), &format!("version {to}"))
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_are_unified_with_version_headers() {
        let diff = unified_diff("a\nb\nc\n", "a\nB\nc\n", 1, 2).unwrap();
        assert!(diff.starts_with("--- version 1\n+++ version 2\n"), "{diff}");
        assert!(diff.contains("-b\n+B\n"), "{diff}");
        assert_eq!(unified_diff("same", "same", 1, 2).unwrap(), "");
    }

    /// Two texts of 1 MiB each, within the line limit, with no line in common: the worst case
    /// of the shortest-edit search (without a deadline it runs for minutes).
    fn distinct_mebibyte(prefix: char) -> String {
        let line_bytes = 64;
        let lines = MAX_CONTENT_BYTES / line_bytes;
        assert!(lines <= MAX_DIFF_LINES);
        (0..lines)
            .map(|i| format!("{prefix}{i:0width$}\n", width = line_bytes - 2))
            .collect()
    }

    #[test]
    fn a_pathological_mebibyte_pair_finishes_within_the_budget_and_stays_correct() {
        let old = distinct_mebibyte('a');
        let new = distinct_mebibyte('b');
        assert_eq!(old.len(), MAX_CONTENT_BYTES);
        let started = Instant::now();
        let diff = unified_diff(&old, &new, 1, 2).unwrap();
        let took = started.elapsed();
        // The budget bounds the search; what remains (splitting lines, writing the diff) is
        // linear. A generous factor keeps this test meaningful in unoptimised builds without
        // making it a benchmark.
        assert!(took < DIFF_TIME_BUDGET * 10, "took {took:?}");
        let removed = diff.lines().filter(|l| l.starts_with("-a")).count();
        let added = diff.lines().filter(|l| l.starts_with("+b")).count();
        assert_eq!((removed, added), (old.lines().count(), new.lines().count()));
    }

    #[test]
    fn texts_over_the_line_limit_are_not_compared() {
        let long = "x\n".repeat(MAX_DIFF_LINES + 1);
        assert_eq!(
            unified_diff("x\n", &long, 3, 4),
            Err(TooLarge {
                version: 4,
                lines: MAX_DIFF_LINES + 1,
                bytes: long.len()
            })
        );
        let at_limit = "x\n".repeat(MAX_DIFF_LINES);
        assert!(unified_diff(&at_limit, "x\n", 3, 4).is_ok());
        assert_eq!(line_count("a\nb"), 2);
        assert_eq!(line_count("a\nb\n"), 2);
        assert_eq!(line_count(""), 0);
    }
}
