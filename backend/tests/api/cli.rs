//! The `resume-editor` offline commands, run as a real process: output format, exit statuses,
//! and that bad input never writes anything.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_resume-editor");

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/tests/fixtures/resumes")
        .join(relative)
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BINARY)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn run_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

#[test]
fn check_prints_compiler_style_lines_and_exits_1_when_any_file_has_errors() {
    // Arrange
    let valid = fixture("valid/messy.md");
    let invalid = fixture("invalid/role-missing-company.md");
    let dir = tempfile::tempdir().unwrap();

    // Act
    let output = run(
        &["check", valid.to_str().unwrap(), invalid.to_str().unwrap()],
        dir.path(),
    );

    // Assert
    assert_eq!(status(&output), 1);
    let stdout = text(&output.stdout);
    let valid_name = valid.display().to_string();
    assert!(
        stdout.contains(&format!(
            "{valid_name}:10: warning: Personal › Contact Information: unknown key \"Pronouns\""
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}:13: error: Experience › Roles › Role 1 › Basics: missing required key \"Company\"",
            invalid.display()
        )),
        "{stdout}"
    );
    for line in stdout.lines() {
        let mut parts = line.splitn(4, ':');
        let (file, number, severity) = (parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.ends_with(".md")), "{line}");
        assert!(number.is_some_and(|n| n.parse::<usize>().is_ok()), "{line}");
        assert!(matches!(severity, Some(" error" | " warning")), "{line}");
    }
}

#[test]
fn check_exits_0_for_valid_files_even_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["complete.md", "messy.md", "minimal.md", "bom-crlf.md"] {
        let output = run(
            &["check", fixture(&format!("valid/{name}")).to_str().unwrap()],
            dir.path(),
        );
        assert_eq!(status(&output), 0, "{name}: {}", text(&output.stdout));
    }
}

#[test]
fn every_invalid_fixture_makes_check_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture("invalid")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let output = run(&["check", path.to_str().unwrap()], dir.path());
            assert_eq!(status(&output), 1, "{}", path.display());
            assert!(
                text(&output.stdout).contains(": error: "),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn check_exits_2_when_a_file_cannot_be_read_and_still_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = fixture("invalid/role-bad-date.md");
    let output = run(
        &["check", "missing.md", invalid.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(status(&output), 2);
    assert!(text(&output.stderr).contains("missing.md: error: cannot read"));
    assert!(text(&output.stdout).contains("role-bad-date.md:16: error:"));

    fs::write(dir.path().join("binary.md"), [0xff, 0xfe, 0x00]).unwrap();
    let output = run(&["check", "binary.md"], dir.path());
    assert_eq!(status(&output), 2);
    assert!(
        text(&output.stderr).contains("not UTF-8"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["check"][..],
        &["frobnicate"],
        &["export", "x.md"],
        &["export", "x.md", "--format", "pdf"],
        &["export", "x.md", "--format", "docx-ats", "--from", "2020"],
    ] {
        let output = run(args, dir.path());
        assert_eq!(status(&output), 2, "{args:?}");
        assert!(text(&output.stderr).contains("error"), "{args:?}");
    }
    let output = run(
        &["export", "x.md", "--format", "docx-ats", "--from", "2020"],
        dir.path(),
    );
    assert!(
        text(&output.stderr).contains("01/2020"),
        "the date hint is shown"
    );
}

#[test]
fn the_release_binary_has_no_fake_model_server() {
    // The fake LLM is test equipment in its own crate (`resume-fake-llm`).
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["fake-llm", "--bind", "127.0.0.1:0"], dir.path());
    assert_eq!(status(&output), 2);
    assert!(text(&output.stderr).contains("unrecognized subcommand 'fake-llm'"));
    let help = run(&["--help"], dir.path());
    assert!(
        !text(&help.stdout).contains("fake"),
        "{}",
        text(&help.stdout)
    );
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "check",
        "fmt",
        "parse",
        "export",
        "export-letter",
        "templates",
    ] {
        let output = run(&[command, "--help"], dir.path());
        assert_eq!(status(&output), 0, "{command}");
        assert!(
            text(&output.stdout).contains("Usage: resume-editor"),
            "{command}"
        );
    }
}

#[test]
fn fmt_prints_the_canonical_form_and_reports_dropped_content_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &["fmt", fixture("valid/messy.md").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(status(&output), 0);
    assert_eq!(
        text(&output.stdout),
        fs::read_to_string(fixture("valid/messy.expected.md")).unwrap()
    );
    assert!(text(&output.stderr).contains(":18: warning: Personal: unknown section `## Hobbies`"));
}

#[test]
fn fmt_write_rewrites_in_place_and_refuses_invalid_files_without_touching_them() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.md");
    fs::copy(fixture("valid/messy.md"), &messy).unwrap();
    let invalid = dir.path().join("invalid.md");
    let invalid_text = fs::read_to_string(fixture("invalid/role-end-before-start.md")).unwrap();
    fs::write(&invalid, &invalid_text).unwrap();

    // Act
    let ok = run(&["fmt", "--write", "messy.md"], dir.path());
    let refused = run(&["fmt", "--write", "invalid.md"], dir.path());

    // Assert
    assert_eq!(status(&ok), 0);
    assert_eq!(
        fs::read_to_string(&messy).unwrap(),
        fs::read_to_string(fixture("valid/messy.expected.md")).unwrap()
    );
    assert_eq!(status(&refused), 1);
    assert!(text(&refused.stderr).contains("invalid.md:17: error:"));
    assert_eq!(fs::read_to_string(&invalid).unwrap(), invalid_text);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
}

#[test]
fn commands_read_standard_input_for_a_dash() {
    let input = "# Personal\n## Contact Information\nname: Sam";
    let output = run_with_stdin(&["fmt", "-"], input);
    assert_eq!(status(&output), 0);
    assert_eq!(
        text(&output.stdout),
        "# Personal\n\n## Contact Information\n\nName: Sam"
    );
    let output = run_with_stdin(&["check", "-"], "# Personal\n## Contact Information\n");
    assert_eq!(status(&output), 1);
    assert!(text(&output.stdout).starts_with("<stdin>:2: error:"));
}

#[test]
fn parse_prints_the_json_model_with_contract_field_names() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &["parse", fixture("valid/complete.md").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(status(&output), 0);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["personal"]["contact"]["name"], "Alex Morgan");
    assert_eq!(json["personal"]["visa"]["require_sponsorship"], false);
    assert_eq!(json["education"]["degrees"][0]["start_date"], "2008-09");
    assert_eq!(
        json["certifications"][0]["certification_id"],
        "0042-CKA-7781"
    );
    let role = &json["experience"]["roles"][0];
    assert_eq!(role["basics"]["company"], "Northwind Logistics, Inc.");
    assert_eq!(role["basics"]["inclusion"], "include");
    assert!(
        role["basics"].get("end_date").is_none(),
        "ongoing: no end date"
    );
    assert_eq!(role["skills"][0], "Kafka");

    let invalid = run(
        &["parse", fixture("invalid/no-sections.md").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(status(&invalid), 1);
    assert!(invalid.stdout.is_empty());
}

#[test]
fn export_writes_the_default_file_name_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("My Resume (2024).md");
    fs::copy(fixture("valid/complete.md"), &source).unwrap();

    let output = run(
        &["export", "My Resume (2024).md", "--format", "docx-ats"],
        dir.path(),
    );

    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    let written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let name = &written[0];
    assert!(
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
        "{name}"
    );
    let bytes = fs::read(dir.path().join(name)).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip file");
}

#[test]
fn export_markdown_to_stdout_applies_inclusion_and_the_date_range() {
    let dir = tempfile::tempdir().unwrap();
    let messy = fixture("valid/messy.md");
    let output = run(
        &[
            "export",
            messy.to_str().unwrap(),
            "--format",
            "markdown",
            "-o",
            "-",
        ],
        dir.path(),
    );
    assert_eq!(status(&output), 0);
    let exported = text(&output.stdout);
    assert!(exported.contains("Company: Acme Corp"));
    assert!(!exported.contains("Globex"), "the omitted role is left out");
    assert!(!exported.contains("Inclusion"));

    let complete = fixture("valid/complete.md");
    let output = run(
        &[
            "export",
            complete.to_str().unwrap(),
            "--format",
            "markdown",
            "--from",
            "2021-06",
            "-o",
            "-",
        ],
        dir.path(),
    );
    let exported = text(&output.stdout);
    assert!(
        exported.contains("Northwind Logistics"),
        "ongoing role kept"
    );
    assert!(
        !exported.contains("Initech"),
        "role ending 2016 filtered out"
    );
}

#[test]
fn export_never_overwrites_its_input_and_writes_nothing_for_an_invalid_resume() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("resume.md");
    fs::copy(fixture("valid/complete.md"), &source).unwrap();
    let before = fs::read(&source).unwrap();

    let output = run(&["export", "resume.md", "--format", "markdown"], dir.path());
    assert_eq!(status(&output), 2);
    assert!(text(&output.stderr).contains("is the input file"));
    assert_eq!(fs::read(&source).unwrap(), before);

    fs::copy(fixture("invalid/role-bad-date.md"), &source).unwrap();
    let output = run(
        &[
            "export",
            "resume.md",
            "--format",
            "docx-plain",
            "-o",
            "out.docx",
        ],
        dir.path(),
    );
    assert_eq!(status(&output), 1);
    assert!(!dir.path().join("out.docx").exists());
}

#[test]
fn templates_lists_every_template_with_its_formats_and_options() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["templates"], dir.path());
    assert_eq!(status(&output), 0);
    let listing = text(&output.stdout);
    for line in [
        "modern (pdf, docx)",
        "compact (pdf, docx)",
        "original-ats (docx)",
        "--accent",
        "--font-size",
        "--language",
    ] {
        assert!(listing.contains(line), "{line} not in:\n{listing}");
    }
}

#[test]
fn export_pdf_in_a_template_with_options_writes_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("valid/complete.md"), dir.path().join("cv.md")).unwrap();

    let output = run(
        &[
            "export",
            "cv.md",
            "--format",
            "pdf",
            "--template",
            "compact",
            "--paper",
            "letter",
            "--accent",
            "#aa0011",
            "--language",
            "es",
            "-o",
            "cv.pdf",
        ],
        dir.path(),
    );

    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    let bytes = fs::read(dir.path().join("cv.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pdftotext = Command::new("pdftotext")
        .args(["-raw", "cv.pdf", "-"])
        .current_dir(dir.path())
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let extracted = text(&pdftotext.stdout);
    assert!(extracted.contains("EXPERIENCIA"), "{extracted}");
    assert!(extracted.contains("Staff Platform Engineer"), "{extracted}");
}

#[test]
fn export_refuses_unknown_templates_and_option_values_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("valid/complete.md"), dir.path().join("cv.md")).unwrap();
    for (args, named) in [
        (&["--format", "pdf", "--template", "fancy"][..], "fancy"),
        (
            &["--format", "pdf", "--template", "original-ats"][..],
            "original-ats",
        ),
        (&["--format", "pdf", "--accent", "red"][..], "--accent"),
        (&["--format", "pdf", "--font-size", "40"][..], "--font-size"),
        (
            &["--format", "pdf", "--sections", "hobbies"][..],
            "--sections",
        ),
        (&["--format", "pdf", "--colour", "red"][..], "--colour"),
    ] {
        let mut all = vec!["export", "cv.md", "-o", "out.pdf"];
        all.extend_from_slice(args);
        let output = run(&all, dir.path());
        assert_eq!(status(&output), 2, "{args:?}");
        assert!(
            text(&output.stderr).contains(named),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(
            !dir.path().join("out.pdf").exists(),
            "{args:?} wrote a file"
        );
    }
}

#[test]
fn export_warns_when_a_one_page_design_needs_more_pages() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("long.md"),
        resume_shared::sample::generated_resume(50, 20),
    )
    .unwrap();
    let output = run(
        &[
            "export",
            "long.md",
            "--format",
            "pdf",
            "--template",
            "compact",
            "-o",
            "long.pdf",
        ],
        dir.path(),
    );
    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("warning: The compact design aims at 1 page"),
        "{}",
        text(&output.stderr)
    );
}

fn json_resume_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/json_resume/sample.resume.json")
}

#[test]
fn export_json_resume_writes_a_json_file_that_imports_back_to_the_same_resume() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("resume.md");
    fs::copy(fixture("valid/complete.md"), &source).unwrap();

    // Act
    let exported = run(
        &["export", "resume.md", "--format", "json-resume"],
        dir.path(),
    );
    let imported = run(&["import", "resume.json"], dir.path());

    // Assert
    assert_eq!(status(&exported), 0, "{}", text(&exported.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("resume.json")).unwrap()).unwrap();
    assert!(json["basics"]["name"].is_string(), "{json}");
    assert!(json["work"].as_array().is_some_and(|w| !w.is_empty()));
    assert_eq!(status(&imported), 0, "{}", text(&imported.stderr));
    assert_eq!(
        text(&imported.stderr),
        "",
        "an export imports without warnings"
    );
    let original = resume_shared::parse(&fs::read_to_string(&source).unwrap()).unwrap();
    let back = resume_shared::parse(&text(&imported.stdout)).unwrap();
    assert_eq!(back.resume, original.resume);
}

#[test]
fn import_prints_markdown_on_stdout_and_every_mapping_warning_on_stderr() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let sample = json_resume_sample();

    // Act
    let output = run(&["import", sample.to_str().unwrap()], dir.path());

    // Assert
    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    let markdown = text(&output.stdout);
    let parsed = resume_shared::parse(&markdown).unwrap();
    assert_eq!(parsed.resume.candidate_name(), Some("Richard Hendriks"));
    assert!(markdown.contains("Company: Pied Piper"), "{markdown}");
    let stderr = text(&output.stderr);
    let name = sample.display().to_string();
    for path in [
        "basics.label: approximated",
        "basics.profiles[1]: dropped",
        "work[0].url: dropped",
        "projects[0].highlights: approximated",
        "awards: dropped",
        "languages: dropped",
        "volunteer: dropped",
    ] {
        assert!(
            stderr.contains(&format!("{name}: warning: {path}")),
            "{path} missing in {stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 21, "{stderr}");
}

#[test]
fn import_exits_1_naming_the_problem_and_2_when_the_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    for (content, expected) in [
        ("{\"basics\": ", "not JSON"),
        ("[1]", "document: must be an object"),
        ("{\"title\": \"x\"}", "not a JSON Resume"),
        (
            "{\"work\": [{\"name\": 3}]}",
            "work[0].name: must be a string, found a number",
        ),
    ] {
        let output = run_with_stdin(&["import", "-"], content);
        assert_eq!(status(&output), 1, "{content}");
        assert_eq!(text(&output.stdout), "", "nothing printed for {content}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains("<stdin>: error: "), "{stderr}");
        assert!(stderr.contains(expected), "{expected} missing in {stderr}");
    }

    let binary = dir.path().join("binary.json");
    fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let output = run(&["import", "binary.json"], dir.path());
    assert_eq!(status(&output), 2);
    assert!(text(&output.stderr).contains("not UTF-8"));
    let output = run(&["import", "missing.json"], dir.path());
    assert_eq!(status(&output), 2);
}

#[test]
fn export_letter_writes_a_pdf_headed_like_the_resume_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("valid/complete.md"), dir.path().join("cv.md")).unwrap();
    fs::write(
        dir.path().join("letter.md"),
        "Dear Sam Lee,\n\nI would like to apply for the **Platform** role.\n\nKind regards,",
    )
    .unwrap();

    let output = run(
        &[
            "export-letter",
            "letter.md",
            "--resume",
            "cv.md",
            "--format",
            "pdf",
            "--template",
            "classic",
            "--company",
            "Initech",
            "--contact",
            "Sam Lee",
            "--date",
            "2026-12-07",
            "-o",
            "letter.pdf",
        ],
        dir.path(),
    );

    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    let pdftotext = Command::new("pdftotext")
        .args(["-raw", "letter.pdf", "-"])
        .current_dir(dir.path())
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let extracted = text(&pdftotext.stdout);
    for expected in [
        "Initech",
        "Sam Lee",
        "Dear Sam Lee,",
        "Platform",
        "December 2026",
    ] {
        assert!(extracted.contains(expected), "{expected}: {extracted}");
    }

    // Markdown to standard output starts with the resume's header.
    let output = run(
        &[
            "export-letter",
            "letter.md",
            "--resume",
            "cv.md",
            "--format",
            "markdown",
            "-o",
            "-",
        ],
        dir.path(),
    );
    assert_eq!(status(&output), 0, "{}", text(&output.stderr));
    let markdown = text(&output.stdout);
    assert!(markdown.starts_with("# "), "{markdown}");
    assert!(
        markdown.ends_with("Kind regards,") || markdown.ends_with("Kind regards,\n"),
        "{markdown}"
    );

    // An original template, a bad date and an oversized letter exit 2 and write nothing.
    fs::write(dir.path().join("huge.md"), "x".repeat(51_201)).unwrap();
    for args in [
        vec![
            "export-letter",
            "letter.md",
            "--resume",
            "cv.md",
            "--format",
            "docx",
            "--template",
            "original-ats",
            "-o",
            "out.docx",
        ],
        vec![
            "export-letter",
            "letter.md",
            "--resume",
            "cv.md",
            "--format",
            "pdf",
            "--date",
            "2026-02-30",
            "-o",
            "out.pdf",
        ],
        vec![
            "export-letter",
            "huge.md",
            "--resume",
            "cv.md",
            "--format",
            "pdf",
            "-o",
            "out.pdf",
        ],
    ] {
        let output = run(&args, dir.path());
        assert_eq!(status(&output), 2, "{args:?}: {}", text(&output.stderr));
        assert!(!text(&output.stderr).is_empty());
    }
    assert!(!dir.path().join("out.docx").exists());
    assert!(!dir.path().join("out.pdf").exists());
}
