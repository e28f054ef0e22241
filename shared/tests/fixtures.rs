//! The shared resume fixtures: valid files read and format to their expected text, invalid
//! files fail with an error on the expected lines.

use std::fs;
use std::path::{Path, PathBuf};

use resume_shared::{parse, to_markdown};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resumes")
}

/// Rows of a TSV file, without the `#` comment lines.
fn tsv(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .expect("the TSV file is readable")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn valid_inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures().join("valid"))
        .expect("the fixture folder exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p.to_string_lossy().ends_with(".expected.md")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_valid_fixture_formats_to_its_expected_text_and_is_stable() {
    let inputs = valid_inputs();
    assert!(inputs.len() >= 4, "fixtures missing: {inputs:?}");
    for input in inputs {
        let text = fs::read_to_string(&input).unwrap();
        let parsed =
            parse(&text).unwrap_or_else(|e| panic!("{} should be valid: {e}", input.display()));
        let formatted = to_markdown(&parsed.resume);
        let expected =
            fs::read_to_string(input.with_extension("").with_extension("expected.md")).unwrap();
        assert_eq!(formatted, expected, "{}", input.display());
        let again = parse(&formatted).unwrap();
        assert_eq!(again.resume, parsed.resume, "{}", input.display());
        assert_eq!(to_markdown(&again.resume), formatted, "{}", input.display());
    }
}

#[test]
fn valid_fixtures_report_the_listed_warnings() {
    let rows = tsv(&fixtures().join("valid/WARNINGS.tsv"));
    assert!(!rows.is_empty());
    for row in rows {
        let [file, line, keyword] = row.as_slice() else {
            panic!("bad row {row:?}")
        };
        let text = fs::read_to_string(fixtures().join("valid").join(file)).unwrap();
        let warnings = parse(&text).unwrap().warnings;
        let line: usize = line.parse().unwrap();
        assert!(
            warnings.iter().any(|w| w.line == line
                && w.located_message()
                    .to_lowercase()
                    .contains(&keyword.to_lowercase())),
            "{file}: no warning on line {line} mentioning {keyword:?}; got {warnings:#?}"
        );
    }
}

#[test]
fn every_invalid_fixture_fails_on_the_expected_lines() {
    let rows = tsv(&fixtures().join("invalid/EXPECTED.tsv"));
    let listed: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let on_disk = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert_eq!(listed.len(), on_disk, "every invalid fixture is listed");
    for row in &rows {
        let [file, first, last, keyword] = row.as_slice() else {
            panic!("bad row {row:?}")
        };
        let text = fs::read_to_string(fixtures().join("invalid").join(file)).unwrap();
        let error = parse(&text).expect_err(file);
        let (first, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
        assert!(
            error.errors.iter().any(|e| (first..=last).contains(&e.line)
                && e.located_message()
                    .to_lowercase()
                    .contains(&keyword.to_lowercase())),
            "{file}: no error on lines {first}-{last} mentioning {keyword:?}; got {:#?}",
            error.errors
        );
    }
}
