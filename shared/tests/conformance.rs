//! The conformance cases of format spec Part B §8 that apply to the parser and serializer,
//! numbered as there. Where Part A deliberately differs (paragraph breaks kept, merged
//! repeating sections, stricter dates, tabs trimmed), the test says so and checks Part A.

use resume_shared::{Diagnostic, Inclusion, Parsed, Resume, YearMonth, parse, to_markdown};

fn ok(text: &str) -> Parsed {
    parse(text).unwrap_or_else(|e| panic!("expected a valid resume, got {e}\n---\n{text}"))
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse(text) {
        Ok(parsed) => panic!("expected errors, got {:#?}", parsed.resume),
        Err(e) => e.errors,
    }
}

/// True when a diagnostic on `line` contains `needle`; prints them all when none does.
fn has(diagnostics: &[Diagnostic], line: usize, needle: &str) -> bool {
    let found = diagnostics
        .iter()
        .any(|d| d.line == line && d.located_message().contains(needle));
    if !found {
        eprintln!("no diagnostic on line {line} containing {needle:?} among:");
        for d in diagnostics {
            eprintln!("  {d}");
        }
    }
    found
}

fn ym(year: u32, month: u32) -> YearMonth {
    YearMonth::new(year, month).expect("a valid month")
}

const NAME: &str = "# Personal\n## Contact Information\nName: Sam\n";

/// A resume whose only role carries `basics` lines and then `rest`.
fn with_role(basics: &str, rest: &str) -> String {
    format!("{NAME}# Experience\n## Roles\n### Role\n#### Basics\n{basics}\n{rest}")
}

fn single_role(parsed: &Parsed) -> &resume_shared::Role {
    &parsed
        .resume
        .experience
        .as_ref()
        .expect("an experience section")
        .roles[0]
}

const BASICS: &str = "Company: Acme\nTitle: Dev\nStart date: 01/2020";

#[test]
fn case_01_text_keeps_paragraphs_and_deeper_headings_lose_one_level_of_hashes() {
    // Part A.1.5 keeps the paragraph break the original drops.
    let parsed = ok(&with_role(
        BASICS,
        "#### Summary\nLine 1\n\nLine 2\n##### Subheader\nLine 4",
    ));
    assert_eq!(
        single_role(&parsed).summary.as_deref(),
        Some("Line 1\n\nLine 2\n# Subheader\nLine 4")
    );
}

#[test]
fn case_02_a_container_of_blank_lines_has_no_sections() {
    let parsed = ok(&format!("# Education\n\n  \n\t\n{NAME}"));
    assert!(parsed.resume.education.is_none());
    assert!(has(&parsed.warnings, 1, "no degrees"));
}

#[test]
fn cases_03_to_05_websites_missing_empty_and_colonless_keys() {
    let parsed = ok(&format!(
        "{NAME}## Websites\nGithub\nLinkedIn: https://l.example\nWebsite: https://w.example\nTwitter: https://t.example"
    ));
    let websites = parsed.resume.personal.unwrap().websites.unwrap();
    assert_eq!(websites.github, None);
    assert_eq!(websites.linkedin.as_deref(), Some("https://l.example"));
    assert_eq!(websites.website.as_deref(), Some("https://w.example"));
    assert_eq!(websites.twitter.as_deref(), Some("https://t.example"));
    assert!(has(&parsed.warnings, 5, "without a colon"));

    let parsed = ok(&format!("{NAME}## Websites\nGithub:\nWebsite: w"));
    let websites = parsed.resume.personal.unwrap().websites.unwrap();
    assert_eq!(websites.github, None);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn case_06_and_28_sponsorship_yes_no_and_unrecognised() {
    let visa = |value: &str| {
        let parsed = ok(&format!(
            "{NAME}## Visa Status\nWork Authorization: X\n{value}"
        ));
        (
            parsed
                .resume
                .personal
                .unwrap()
                .visa
                .unwrap()
                .require_sponsorship,
            parsed.warnings,
        )
    };
    assert_eq!(visa("Require sponsorship: No").0, Some(false));
    assert_eq!(visa("Require sponsorship: YES").0, Some(true));
    assert_eq!(visa("require SPONSORSHIP: true").0, Some(true));
    assert_eq!(visa("").0, None);
    let (value, warnings) = visa("Require sponsorship: maybe");
    assert_eq!(value, None);
    assert!(has(&warnings, 6, "Yes or No"));
}

#[test]
fn cases_07_and_08_banner_and_note_text() {
    let parsed = ok(&format!(
        "{NAME}## Banner\n\nOne line.\n## Note\nline1\nline2"
    ));
    let personal = parsed.resume.personal.unwrap();
    assert_eq!(personal.banner.as_deref(), Some("One line."));
    assert_eq!(personal.note.as_deref(), Some("line1\nline2"));
}

#[test]
fn cases_09_and_10_degrees_in_order_with_dates_and_verbatim_gpa() {
    let parsed = ok(&format!(
        "{NAME}# Education\n## Degrees\n### Degree\nSchool: A\nStart date: 08/1990\nEnd date: 05/1994\nGPA: 3.5\n### Degree\nSchool: B"
    ));
    let degrees = parsed.resume.education.unwrap().degrees;
    assert_eq!(degrees.len(), 2);
    assert_eq!(degrees[0].school, "A");
    assert_eq!(degrees[0].start_date, Some(ym(1990, 8)));
    assert_eq!(degrees[0].end_date, Some(ym(1994, 5)));
    assert_eq!(degrees[0].gpa.as_deref(), Some("3.5"));
    assert_eq!(degrees[1].school, "B");
}

#[test]
fn case_11_certification_dates_and_id_with_leading_zero() {
    let parsed = ok(&format!(
        "{NAME}# Certifications\n## Certification\nName: C\nIssued: 03/2020\nExpires: 03/2025\nCertification ID: 0987654321"
    ));
    let cert = &parsed.resume.certifications[0];
    assert_eq!(cert.issued, Some(ym(2020, 3)));
    assert_eq!(cert.expires, Some(ym(2025, 3)));
    assert_eq!(cert.certification_id.as_deref(), Some("0987654321"));
}

#[test]
fn case_12_basics_with_blank_lines_and_keys_in_any_order() {
    let parsed = ok(&with_role(
        "Location: Remote\n\nAgency: Staffing Co\nStart date: 01/2020\n\nJob category: Development\nEmployment type: Contract\nReason for change: Moved\nTitle: Dev\nCompany: Acme",
        "",
    ));
    let basics = &single_role(&parsed).basics;
    assert_eq!(basics.company, "Acme");
    assert_eq!(basics.title, "Dev");
    assert_eq!(basics.agency.as_deref(), Some("Staffing Co"));
    assert_eq!(basics.job_category.as_deref(), Some("Development"));
    assert_eq!(basics.employment_type.as_deref(), Some("Contract"));
    assert_eq!(basics.reason_for_change.as_deref(), Some("Moved"));
    assert_eq!(basics.location.as_deref(), Some("Remote"));
    assert_eq!(basics.end_date, None);
}

#[test]
fn cases_13_14_and_29_skills_lists_and_verbatim_responsibilities() {
    let parsed = ok(&with_role(
        BASICS,
        "#### Responsibilities\nLed the team.\n* a thing\n- another\n#### Skills\n* a\n- b\n*c\n+ d\n*   \n  * e\n\t* f",
    ));
    let role = single_role(&parsed);
    assert_eq!(
        role.responsibilities.as_deref(),
        Some("Led the team.\n* a thing\n- another")
    );
    // Part A reads the tab-indented item too (tabs are trimmed like spaces).
    assert_eq!(role.skills, ["a", "b", "e", "f"]);
    assert!(has(
        &parsed.warnings,
        18,
        "not a list item, ignored: \"*c\""
    ));
    assert!(has(
        &parsed.warnings,
        19,
        "not a list item, ignored: \"+ d\""
    ));
}

#[test]
fn case_15_full_sample_document() {
    let text = include_str!("fixtures/resumes/valid/complete.md");
    let resume = ok(text).resume;
    let personal = resume.personal.as_ref().unwrap();
    assert!(personal.contact.is_some() && personal.websites.is_some() && personal.visa.is_some());
    assert!(personal.banner.is_some() && personal.note.is_some());
    assert_eq!(resume.education.as_ref().unwrap().degrees.len(), 2);
    assert_eq!(resume.certifications.len(), 2);
    let experience = resume.experience.as_ref().unwrap();
    assert_eq!((experience.projects.len(), experience.roles.len()), (2, 3));
}

#[test]
fn cases_16_and_17_duplicate_sections_and_keys() {
    let parsed =
        ok("# Personal\n## Contact Information\nName: First\n## Contact Information\nName: Second");
    assert_eq!(parsed.resume.candidate_name(), Some("Second"));
    assert!(has(&parsed.warnings, 2, "appears again at line 4"));

    let parsed = ok("# Personal\n## Contact Information\nName: A\nName: B");
    assert_eq!(parsed.resume.candidate_name(), Some("A"));
    assert!(has(&parsed.warnings, 4, "duplicate key"));

    let parsed = ok("# Personal\n## Contact Information\nName:\nName: B");
    assert_eq!(parsed.resume.candidate_name(), Some("B"));
    assert!(parsed.warnings.is_empty());
}

#[test]
fn case_18_degree_without_degrees_wrapper_is_reported() {
    let parsed = ok(&format!("{NAME}# Education\n## Degree\nSchool: X"));
    assert!(parsed.resume.education.is_none());
    assert!(has(&parsed.warnings, 5, "## Degrees"));
}

#[test]
fn case_19_heading_like_lines_inside_text() {
    let parsed = ok(&with_role(
        BASICS,
        "#### Responsibilities\n#hashtag\n##### five\n# Not heading\nlost line\n# Certifications\n## Certification\nName: Kept",
    ));
    assert_eq!(
        single_role(&parsed).responsibilities.as_deref(),
        Some("hashtag\n# five")
    );
    assert_eq!(parsed.resume.certifications[0].name, "Kept");
    assert!(has(
        &parsed.warnings,
        14,
        "unknown section `# Not heading` ignored with its 1 line"
    ));
}

#[test]
fn case_20_any_item_title_and_empty_items() {
    let parsed = ok(&format!(
        "{NAME}# Experience\n## Roles\n### Role\n### Whatever\n#### Basics\n{BASICS}"
    ));
    assert_eq!(parsed.resume.experience.unwrap().roles.len(), 1);
    assert!(has(&parsed.warnings, 6, "empty `### Role` ignored"));
    assert!(has(&parsed.warnings, 7, "`### Whatever` is read as a role"));
}

#[test]
fn case_21_junk_before_the_first_section_is_ignored() {
    let parsed = ok(&format!("## Contact Information\nName: Junk\n\n{NAME}"));
    assert_eq!(parsed.resume.candidate_name(), Some("Sam"));
    assert!(has(&parsed.warnings, 1, "2 lines before the first section"));
}

#[test]
fn case_22_headings_and_keys_ignore_case() {
    let parsed = ok("# PERSONAL\n## contact INFORMATION\nNAME: Sam\neMail: s@example.org");
    let contact = parsed.resume.personal.unwrap().contact.unwrap();
    assert_eq!(contact.name, "Sam");
    assert_eq!(contact.email.as_deref(), Some("s@example.org"));
}

#[test]
fn case_23_space_before_the_colon_is_not_the_key() {
    let failure = parse("# Personal\n## Contact Information\nName : A").unwrap_err();
    assert!(has(&failure.errors, 2, "missing required key \"Name\""));
    assert!(has(&failure.warnings, 3, "without spaces before the colon"));
}

#[test]
fn case_24_role_basics_need_company_title_and_start() {
    for (basics, key) in [
        ("Title: Dev\nStart date: 01/2020", "Company"),
        ("Company: Acme\nStart date: 01/2020", "Title"),
        ("Company: Acme\nTitle: Dev", "Start date"),
    ] {
        let found = errors(&with_role(basics, ""));
        assert!(
            has(&found, 7, &format!("missing required key \"{key}\"")),
            "{found:?}"
        );
    }
}

#[test]
fn case_25_role_without_basics_is_an_error() {
    let found = errors(&format!(
        "{NAME}# Experience\n## Roles\n### Role\n#### Summary\nDid things."
    ));
    assert!(has(&found, 6, "missing `#### Basics`"));
}

#[test]
fn cases_26_and_27_date_order() {
    let degree = |dates: &str| {
        errors(&format!(
            "{NAME}# Education\n## Degrees\n### Degree\nSchool: X\n{dates}"
        ))
    };
    assert!(has(
        &degree("End date: 05/2015"),
        8,
        "without a usable \"Start date\""
    ));
    assert!(has(
        &degree("Start date: 05/2016\nEnd date: 05/2015"),
        9,
        "is before \"Start date\""
    ));
    let role = errors(&with_role(
        "Company: A\nTitle: B\nStart date: 05/2021\nEnd date: 01/2020",
        "",
    ));
    assert!(has(
        &role,
        11,
        "\"End date\" 01/2020 is before \"Start date\" 05/2021"
    ));
    let certification = errors(&format!(
        "{NAME}# Certifications\n## Certification\nName: C\nIssued: 05/2021\nExpires: 01/2020"
    ));
    assert!(has(
        &certification,
        8,
        "\"Expires\" 01/2020 is before \"Issued\" 05/2021"
    ));
}

#[test]
fn cases_30_and_31_blank_lines_and_indentation() {
    // Part A keeps one blank line as a paragraph break and collapses longer runs.
    let parsed = ok(&with_role(BASICS, "#### Summary\nl1\n\n\n\nl2\nl3"));
    assert_eq!(
        single_role(&parsed).summary.as_deref(),
        Some("l1\n\nl2\nl3")
    );
    // Indentation with spaces is harmless; Part A trims tabs too, so the tab-indented key is read.
    let parsed = ok("  # Personal\n    ## Contact Information\n      Name: Sam\n\tEmail: s@x.org");
    let contact = parsed.resume.personal.unwrap().contact.unwrap();
    assert_eq!(contact.email.as_deref(), Some("s@x.org"));
}

#[test]
fn case_32_a_heading_needs_a_space_after_the_hashes() {
    let failure = parse("#Personal\n## Contact Information\nName: Sam").unwrap_err();
    assert!(has(&failure.errors, 1, "no resume section found"));
    let parsed = ok("#   Personal\n## Contact Information\nName: Sam");
    assert_eq!(parsed.resume.candidate_name(), Some("Sam"));
}

#[test]
fn case_33_later_colons_stay_in_the_value() {
    let parsed = ok(&format!(
        "{NAME}## Websites\nWebsite: https://x.com:8080/a:b"
    ));
    let websites = parsed.resume.personal.unwrap().websites.unwrap();
    assert_eq!(websites.website.as_deref(), Some("https://x.com:8080/a:b"));
}

#[test]
fn case_34_projects_need_an_overview_with_a_title_but_not_a_description() {
    let project = |body: &str| format!("{NAME}# Experience\n## Projects\n### Project\n{body}");
    let parsed = ok(&project("#### Overview\nTitle: T\n#### Skills\n* Rust"));
    let projects = parsed.resume.experience.unwrap().projects;
    assert_eq!(projects[0].description, None);
    assert_eq!(projects[0].skills, ["Rust"]);
    assert!(has(
        &errors(&project("#### Description\nD")),
        6,
        "missing `#### Overview`"
    ));
    assert!(has(
        &errors(&project("#### Overview\nUrl: u")),
        7,
        "missing required key \"Title\""
    ));
}

#[test]
fn case_35_heading_titles_must_match_exactly() {
    let parsed = ok(&format!(
        "{NAME}## Contact Information (primary)\nName: Other"
    ));
    assert_eq!(parsed.resume.candidate_name(), Some("Sam"));
    assert!(has(
        &parsed.warnings,
        4,
        "unknown section `## Contact Information (primary)`"
    ));
}

#[test]
fn case_36_repeated_repeating_containers_are_merged() {
    let parsed = ok(&format!(
        "{NAME}# Experience\n## Roles\n### Role\n#### Basics\nCompany: First\nTitle: T\nStart date: 01/2020\n## Roles\n### Role\n#### Basics\nCompany: Second\nTitle: T\nStart date: 01/2021"
    ));
    let roles = parsed.resume.experience.unwrap().roles;
    let companies: Vec<&str> = roles.iter().map(|r| r.basics.company.as_str()).collect();
    assert_eq!(companies, ["First", "Second"]);
    assert!(has(&parsed.warnings, 11, "its roles are added"));
}

#[test]
fn case_37_a_leading_bom_and_crlf_are_normalised() {
    let parsed =
        ok("\u{feff}# Personal\r\n## Contact Information\r\nName: Sam\r\n## Banner\rA\r\nB");
    let personal = parsed.resume.personal.unwrap();
    assert_eq!(personal.contact.unwrap().name, "Sam");
    assert_eq!(personal.banner.as_deref(), Some("A\nB"));
}

#[test]
fn case_38_unreadable_dates_degree_warning_role_error() {
    let parsed = ok(&format!(
        "{NAME}# Education\n## Degrees\n### Degree\nSchool: X\nStart date: someday"
    ));
    assert_eq!(parsed.resume.education.unwrap().degrees[0].start_date, None);
    assert!(has(&parsed.warnings, 8, "\"someday\" is not a date"));
    assert!(has(&parsed.warnings, 8, "the value is ignored"));
    let role = errors(&with_role("Company: A\nTitle: B\nStart date: someday", ""));
    assert!(has(&role, 10, "\"someday\" is not a date"));
}

#[test]
fn case_39_empty_or_unknown_only_documents_are_errors() {
    for text in ["", "\n\n", "# Hobbies\nChess", "plain text"] {
        let found = errors(text);
        assert!(
            has(&found, 1, "no resume section found"),
            "{text:?}: {found:?}"
        );
    }
    assert!(has(
        &errors("# Personal\n## Hobbies\nChess"),
        1,
        "sections are empty"
    ));
}

#[test]
fn case_40_experience_without_roles_is_reported() {
    let parsed = ok(&format!("{NAME}# Experience\n## Roles\n"));
    assert!(parsed.resume.experience.is_none());
    assert!(has(&parsed.warnings, 4, "no roles or projects"));
}

#[test]
fn cases_42_to_45_serialised_shapes() {
    let parsed = ok("# Personal\n## Contact Information\nName: John Doe");
    assert_eq!(
        to_markdown(&parsed.resume),
        "# Personal\n\n## Contact Information\n\nName: John Doe"
    );

    let parsed = ok("# Personal\n## Visa Status\nRequire sponsorship: yes");
    assert_eq!(
        to_markdown(&parsed.resume),
        "# Personal\n\n## Visa Status\n\nRequire sponsorship: Yes"
    );

    let parsed =
        ok("# Certifications\n## Certification\nCertification ID: 7\nIssued: 2020-02\nName: C");
    assert_eq!(
        to_markdown(&parsed.resume),
        "# Certifications\n\n## Certification\n\nName: C\nIssued: 02/2020\nCertification ID: 7"
    );

    let parsed =
        ok("# Education\n## Degrees\n### Degree\nStart date: Jan 2018\nMajor: Math\nSchool: S");
    assert_eq!(
        to_markdown(&parsed.resume),
        "# Education\n\n## Degrees\n\n### Degree\n\nSchool: S\nMajor: Math\nStart date: 01/2018"
    );
}

#[test]
fn case_46_inclusion_is_written_last_and_only_when_not_include() {
    let parsed = ok(&with_role(
        "Inclusion: not relevant\nCompany: A\nTitle: B\nStart date: 01/2020\nEnd date: 02/2020",
        "",
    ));
    assert_eq!(
        single_role(&parsed).basics.inclusion,
        Inclusion::NotRelevant
    );
    assert!(to_markdown(&parsed.resume).ends_with("End date: 02/2020\nInclusion: Not Relevant"));
    let parsed = ok(&with_role(
        "Inclusion: Include\nCompany: A\nTitle: B\nStart date: 01/2020",
        "",
    ));
    assert!(!to_markdown(&parsed.resume).contains("Inclusion"));
}

#[test]
fn case_47_empty_experience_serialises_to_nothing() {
    let mut resume = ok(NAME).resume;
    resume.experience = Some(resume_shared::Experience::default());
    assert_eq!(
        to_markdown(&resume),
        "# Personal\n\n## Contact Information\n\nName: Sam"
    );
    assert_eq!(to_markdown(&Resume::default()), "");
}

#[test]
fn case_48_full_sample_round_trips_with_projects_before_roles_and_no_trailing_newline() {
    let text = include_str!("fixtures/resumes/valid/complete.md");
    let once = to_markdown(&ok(text).resume);
    assert_eq!(to_markdown(&ok(&once).resume), once);
    assert!(!once.ends_with('\n'));
    assert!(once.find("## Projects").unwrap() < once.find("## Roles").unwrap());
}

#[test]
fn case_49_dates_are_calendar_months_without_time_zones() {
    // Nothing in the model knows about time zones; the month written is the month read.
    let parsed = ok(&with_role(
        "Company: A\nTitle: B\nStart date: 01/2020\nEnd date: 03/2021",
        "",
    ));
    let text = to_markdown(&parsed.resume);
    assert!(
        text.contains("Start date: 01/2020\nEnd date: 03/2021"),
        "{text}"
    );
}

#[test]
fn open_end_words_mean_ongoing_and_are_not_written() {
    for word in ["Present", "current", "NOW", "Ongoing"] {
        let parsed = ok(&with_role(&format!("{BASICS}\nEnd date: {word}"), ""));
        assert_eq!(single_role(&parsed).basics.end_date, None);
        assert!(!to_markdown(&parsed.resume).contains("End date"));
    }
}
