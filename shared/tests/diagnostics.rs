//! One test per error and warning the parser reports that the conformance cases do not
//! already pin: each checks the line, the section path and the wording a user acts on.

use resume_shared::{Diagnostic, parse};

const NAME: &str = "# Personal\n## Contact Information\nName: Sam\n";

fn find<'a>(diagnostics: &'a [Diagnostic], line: usize, needle: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.line == line && d.located_message().contains(needle))
        .unwrap_or_else(|| {
            panic!("no diagnostic on line {line} with {needle:?} in {diagnostics:#?}")
        })
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    parse(text).unwrap_or_else(|e| panic!("{e}")).warnings
}

fn errors(text: &str) -> Vec<Diagnostic> {
    parse(text).expect_err("should be invalid").errors
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let text = format!(
        "{NAME}# Education\n## Degrees\n### Degree\nGPA: 4\n# Experience\n## Roles\n### Role\n#### Basics\nTitle: T\nStart date: 2020\n### Role\n#### Summary\nS"
    );
    let found = errors(&text);
    find(
        &found,
        6,
        "Education › Degrees › Degree 1: missing required key \"School\"",
    );
    find(
        &found,
        11,
        "Role 1 › Basics: missing required key \"Company\"",
    );
    find(
        &found,
        13,
        "\"Start date\": \"2020\" is a year without a month",
    );
    find(&found, 14, "Role 2: missing `#### Basics`");
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(
        found.windows(2).all(|w| w[0].line <= w[1].line),
        "sorted by line"
    );
}

#[test]
fn certification_without_name_is_an_error() {
    let found = errors(&format!(
        "{NAME}# Certifications\n## Certification\nIssuer: X"
    ));
    find(
        &found,
        5,
        "Certifications › Certification 1: missing required key \"Name\"",
    );
}

#[test]
fn project_end_before_start_is_an_error() {
    let found = errors(&format!(
        "{NAME}# Experience\n## Projects\n### Project\n#### Overview\nTitle: T\nStart date: 03/2022\nEnd date: 01/2022"
    ));
    find(
        &found,
        10,
        "Overview: \"End date\" 01/2022 is before \"Start date\" 03/2022",
    );
}

#[test]
fn impossible_dates_and_misplaced_open_ends_are_errors() {
    let role = |dates: &str| {
        errors(&format!(
            "{NAME}# Experience\n## Roles\n### Role\n#### Basics\nCompany: C\nTitle: T\n{dates}"
        ))
    };
    find(&role("Start date: 13/2020"), 10, "month 13 does not exist");
    find(
        &role("Start date: 2021-02-30"),
        10,
        "day 30 does not exist in February 2021",
    );
    find(
        &role("Start date: Present"),
        10,
        "\"Present\" can only be used as an end date",
    );
    // Even where unreadable text is only a warning, a bare year is an error.
    let degree = errors(&format!(
        "{NAME}# Education\n## Degrees\n### Degree\nSchool: S\nStart date: 2010"
    ));
    find(
        &degree,
        8,
        "\"2010\" is a year without a month; write the month too, e.g. \"01/2010\"",
    );
}

#[test]
fn text_directly_under_containers_is_reported_with_the_headings_to_use() {
    let found = warnings(
        "# Personal\nName: Sam\n## Contact Information\nName: Sam\n# Experience\n## Roles\nCompany: X\n### Role\nTitle: lost\n#### Basics\nCompany: C\nTitle: T\nStart date: 01/2020",
    );
    find(
        &found,
        2,
        "text directly under `# Personal` must be inside a sub-section (`## Contact Information`",
    );
    find(
        &found,
        7,
        "text under `## Roles` must belong to an item; start one with `### Role`",
    );
    find(
        &found,
        9,
        "Role 1: 1 line ignored: text directly under `### Role`",
    );
}

#[test]
fn a_sub_heading_at_the_item_level_gets_a_hint() {
    let found = warnings(&format!(
        "{NAME}# Experience\n## Roles\n### Basics\n#### Basics\nCompany: C\nTitle: T\nStart date: 01/2020"
    ));
    find(
        &found,
        6,
        "`### Basics` is read as a role; write `### Role` (did you mean `#### Basics` inside a role?)",
    );
}

#[test]
fn unknown_inclusion_values_fall_back_to_include() {
    let text = format!(
        "{NAME}# Experience\n## Projects\n### Project\n#### Overview\nTitle: T\nInclusion: sometimes"
    );
    let parsed = parse(&text).unwrap();
    find(
        &parsed.warnings,
        9,
        "\"Inclusion\" must be Include, Not Relevant or Omit; \"sometimes\" is ignored",
    );
    let project = &parsed.resume.experience.unwrap().projects[0];
    assert_eq!(
        project.overview.inclusion,
        resume_shared::Inclusion::Include
    );
}

#[test]
fn unknown_keys_list_what_the_section_knows() {
    let found = warnings(&format!("{NAME}Pronouns: they/them"));
    find(
        &found,
        4,
        "Contact Information: unknown key \"Pronouns\" ignored; Contact Information knows \"Name\", \"Email\", \"Phone\" or \"Location\"",
    );
}

#[test]
fn long_lines_are_shortened_in_messages() {
    let long = "x".repeat(200);
    let found = warnings(&format!("{NAME}{long}"));
    let warning = find(&found, 4, "line without a colon");
    assert!(
        warning.message.contains('…') && warning.message.len() < 150,
        "{warning}"
    );
}

#[test]
fn the_display_form_is_line_path_message() {
    let found = errors(&format!(
        "{NAME}# Experience\n## Roles\n### Role\n#### Basics\nTitle: T\nStart date: 01/2020"
    ));
    assert_eq!(
        found[0].to_string(),
        "line 7: Experience › Roles › Role 1 › Basics: missing required key \"Company\""
    );
}
