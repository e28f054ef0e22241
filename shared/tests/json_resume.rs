//! JSON Resume import and export: our resumes survive an export and an import unchanged, the
//! exports are valid against the published schema (vendored in `tests/json_resume/`), and the
//! schema's own sample imports with exactly the expected warnings.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly on broken fixtures"
)]

use std::path::Path;

use resume_shared::json_resume::{
    JsonResumeError, Warning, WarningKind, from_json_resume, from_json_resume_str, to_json_resume,
};
use resume_shared::sample::{PLACEHOLDER, generated_resume};
use resume_shared::{
    Certification, Contact, Degree, Education, Experience, Inclusion, Personal, Project,
    ProjectOverview, Resume, Role, RoleBasics, Visa, Websites, YearMonth, parse, to_markdown,
};
use serde_json::{Value, json};

const SCHEMA: &str = include_str!("json_resume/schema.json");
const SAMPLE: &str = include_str!("json_resume/sample.resume.json");

fn month(year: u32, month: u32) -> YearMonth {
    YearMonth::new(year, month).unwrap()
}

/// Every valid fixture, the placeholder, a generated resume and one that sets every field
/// the text can hold, including those JSON Resume has no place for.
fn resumes() -> Vec<(String, Resume)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resumes/valid");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), parse(&text).unwrap().resume));
        }
    }
    assert!(out.len() >= 4, "the fixtures were not found");
    out.push(("PLACEHOLDER".into(), parse(PLACEHOLDER).unwrap().resume));
    out.push((
        "generated".into(),
        parse(&generated_resume(6, 3)).unwrap().resume,
    ));
    out.push(("every field".into(), every_field()));
    out
}

fn every_field() -> Resume {
    let text = |s: &str| Some(s.to_owned());
    Resume {
        personal: Some(Personal {
            contact: Some(Contact {
                name: "Ada Byron".into(),
                email: text("ada@example.com"),
                phone: text("+44 20 7946 0000"),
                location: text("London, UK"),
            }),
            websites: Some(Websites {
                github: text("https://github.com/ada"),
                linkedin: text("https://www.linkedin.com/in/ada"),
                website: text("https://ada.example.com"),
                twitter: text("https://twitter.com/ada"),
            }),
            visa: Some(Visa {
                work_authorization: text("UK citizen"),
                require_sponsorship: Some(false),
            }),
            banner: text("Engines and **notes**.\n\nSecond paragraph."),
            note: text("Available from *March*."),
        }),
        education: Some(Education {
            degrees: vec![Degree {
                school: "University of London".into(),
                degree: text("B.Sc."),
                major: text("Mathematics"),
                gpa: text("3.9"),
                start_date: Some(month(1832, 9)),
                end_date: Some(month(1835, 6)),
            }],
        }),
        certifications: vec![Certification {
            name: "Analytical Engine Operator".into(),
            issuer: text("Babbage & Co"),
            issued: Some(month(1843, 1)),
            expires: Some(month(1853, 1)),
            certification_id: text("000123"),
        }],
        experience: Some(Experience {
            projects: vec![
                Project {
                    overview: ProjectOverview {
                        title: "Notes on the Engine".into(),
                        url: text("https://example.com/notes"),
                        url_description: text("The notes"),
                        start_date: Some(month(1842, 1)),
                        end_date: Some(month(1843, 8)),
                        inclusion: Inclusion::NotRelevant,
                    },
                    description: text("Translated and annotated.\n\n* Note G"),
                    skills: vec!["Mathematics".into(), "Writing".into()],
                },
                Project {
                    overview: ProjectOverview {
                        title: "Hidden".into(),
                        inclusion: Inclusion::Omit,
                        ..ProjectOverview::default()
                    },
                    description: None,
                    skills: vec![],
                },
            ],
            roles: vec![
                Role {
                    basics: RoleBasics {
                        end_date: Some(month(1843, 12)),
                        agency: text("Royal Society"),
                        job_category: text("Research"),
                        employment_type: text("Contract"),
                        reason_for_change: text("Project ended"),
                        location: text("London"),
                        inclusion: Inclusion::NotRelevant,
                        ..RoleBasics::new("Babbage & Co", "Analyst", month(1842, 2))
                    },
                    summary: text("Programs for the engine."),
                    // Not plain bullets: kept whole through the extension.
                    responsibilities: text("Wrote the first program.\n\n- Bernoulli numbers"),
                    skills: vec!["Algorithms".into()],
                },
                Role {
                    basics: RoleBasics {
                        inclusion: Inclusion::Omit,
                        ..RoleBasics::new("Elsewhere", "Consultant", month(1844, 1))
                    },
                    summary: None,
                    responsibilities: text("* One\n* Two"),
                    skills: vec![],
                },
            ],
        }),
    }
}

#[test]
fn every_resume_survives_an_export_and_an_import_unchanged() {
    for (name, resume) in resumes() {
        let exported = to_json_resume(&resume);
        let imported = from_json_resume(&exported)
            .unwrap_or_else(|e| panic!("{name}: the export does not import: {e}"));
        assert_eq!(imported.resume, resume, "{name}");
        assert_eq!(imported.warnings, Vec::<Warning>::new(), "{name}");
        // And through text, as the API stores it.
        let text = serde_json::to_string_pretty(&exported).unwrap();
        assert_eq!(
            from_json_resume_str(&text).unwrap().resume,
            resume,
            "{name}"
        );
    }
}

#[test]
fn mapped_fields_land_in_the_json_resume_fields_of_the_same_meaning() {
    let exported = to_json_resume(&every_field());
    assert_eq!(exported["basics"]["name"], "Ada Byron");
    assert_eq!(exported["basics"]["email"], "ada@example.com");
    assert_eq!(
        exported["basics"]["location"],
        json!({"city": "London, UK"})
    );
    assert_eq!(exported["basics"]["url"], "https://ada.example.com");
    assert_eq!(
        exported["basics"]["profiles"][0],
        json!({"network": "GitHub", "url": "https://github.com/ada"})
    );
    assert_eq!(
        exported["basics"]["summary"],
        "Engines and **notes**.\n\nSecond paragraph."
    );
    let work = &exported["work"][0];
    assert_eq!(work["name"], "Babbage & Co");
    assert_eq!(work["position"], "Analyst");
    assert_eq!(work["startDate"], "1842-02");
    assert_eq!(work["endDate"], "1843-12");
    assert_eq!(
        work["highlights"],
        json!(["Wrote the first program.", "Bernoulli numbers"])
    );
    assert_eq!(work["x-resume-editor"]["agency"], "Royal Society");
    assert_eq!(work["x-resume-editor"]["inclusion"], "not_relevant");
    assert_eq!(exported["work"][1]["highlights"], json!(["One", "Two"]));
    assert!(
        exported["work"][1]["x-resume-editor"]
            .get("responsibilities")
            .is_none()
    );
    assert_eq!(
        exported["education"][0],
        json!({"institution": "University of London", "studyType": "B.Sc.",
               "area": "Mathematics", "score": "3.9", "startDate": "1832-09",
               "endDate": "1835-06"})
    );
    assert_eq!(exported["certificates"][0]["date"], "1843-01");
    assert_eq!(
        exported["projects"][0]["keywords"],
        json!(["Mathematics", "Writing"])
    );
}

fn schema_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn every_export_is_valid_against_the_json_resume_schema() {
    let validator = schema_validator();
    for (name, resume) in resumes() {
        let exported = to_json_resume(&resume);
        assert_eq!(
            schema_errors(&validator, &exported),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn the_schema_validator_rejects_what_the_schema_forbids() {
    // Proves the validator is live: a wrong date, a wrong type and a bad e-mail are caught.
    let validator = schema_validator();
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(schema_errors(&validator, &sample), Vec::<String>::new());
    let mut broken = to_json_resume(&every_field());
    broken["work"][0]["startDate"] = json!("02/1842");
    broken["education"] = json!("none");
    broken["basics"]["email"] = json!("not an address");
    assert_eq!(schema_errors(&validator, &broken).len(), 3);
}

#[test]
fn the_schema_sample_imports_with_exactly_the_expected_warnings() {
    let imported = from_json_resume_str(SAMPLE).unwrap();
    let got: Vec<(&str, WarningKind)> = imported
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.kind))
        .collect();
    use WarningKind::{Approximated, Dropped};
    assert_eq!(
        got,
        [
            ("basics.location", Approximated),
            ("basics.label", Approximated),
            ("basics.profiles[0].username", Dropped),
            ("basics.profiles[1]", Dropped),
            ("work[0].description", Dropped),
            ("work[0].url", Dropped),
            ("education[0].url", Dropped),
            ("education[0].courses", Dropped),
            ("projects[0].startDate", Approximated),
            ("projects[0].endDate", Approximated),
            ("projects[0].highlights", Approximated),
            ("projects[0].roles", Dropped),
            ("projects[0].entity", Dropped),
            ("projects[0].type", Dropped),
            ("volunteer", Dropped),
            ("awards", Dropped),
            ("publications", Dropped),
            ("skills", Dropped),
            ("languages", Dropped),
            ("interests", Dropped),
            ("references", Dropped),
        ]
    );

    let resume = imported.resume;
    let personal = resume.personal.as_ref().unwrap();
    let contact = personal.contact.as_ref().unwrap();
    assert_eq!(contact.name, "Richard Hendriks");
    assert_eq!(contact.email.as_deref(), Some("richard.hendriks@mail.com"));
    assert_eq!(contact.phone.as_deref(), Some("(912) 555-4321"));
    assert_eq!(
        contact.location.as_deref(),
        Some("2712 Broadway St, San Francisco, California, CA 94115, US")
    );
    let websites = personal.websites.as_ref().unwrap();
    assert_eq!(
        websites.website.as_deref(),
        Some("http://richardhendricks.example.com")
    );
    assert_eq!(websites.twitter.as_deref(), Some("https://www.twitter.com"));
    assert_eq!(websites.github, None);
    assert!(
        personal
            .banner
            .as_deref()
            .unwrap()
            .starts_with("Programmer\n\nRichard hails")
    );

    let experience = resume.experience.as_ref().unwrap();
    let role = &experience.roles[0];
    assert_eq!(role.basics.company, "Pied Piper");
    assert_eq!(role.basics.title, "CEO/President");
    assert_eq!(role.basics.location.as_deref(), Some("Palo Alto, CA"));
    assert_eq!(role.basics.start_date, month(2013, 12));
    assert_eq!(role.basics.end_date, Some(month(2014, 12)));
    assert!(
        role.summary
            .as_deref()
            .unwrap()
            .starts_with("Pied Piper is a multi-platform")
    );
    assert_eq!(
        role.responsibilities.as_deref(),
        Some(
            "* Build an algorithm for artist to detect if their music was violating copy right infringement laws\n\
             * Successfully won Techcrunch Disrupt\n\
             * Optimized an algorithm that holds the current world record for Weisman Scores"
        )
    );
    let project = &experience.projects[0];
    assert_eq!(project.overview.title, "Miss Direction");
    assert_eq!(
        project.overview.url.as_deref(),
        Some("http://missdirection.example.com")
    );
    assert_eq!(project.overview.start_date, Some(month(2016, 8)));
    assert_eq!(
        project.skills,
        ["GoogleMaps", "Chrome Extension", "Javascript"]
    );
    assert_eq!(
        project.description.as_deref(),
        Some(
            "A mapping engine that misguides you\n\n* Won award at AIHacks 2016\n\
             * Built by all women team of newbie programmers\n\
             * Using modern technologies such as GoogleMaps, Chrome Extension and Javascript"
        )
    );
    let degree = &resume.education.as_ref().unwrap().degrees[0];
    assert_eq!(
        (
            degree.school.as_str(),
            degree.degree.as_deref(),
            degree.major.as_deref()
        ),
        (
            "University of Oklahoma",
            Some("Bachelor"),
            Some("Information Technology")
        )
    );
    assert_eq!(degree.gpa.as_deref(), Some("4.0"));
    assert_eq!(degree.start_date, Some(month(2011, 6)));
    assert_eq!(degree.end_date, Some(month(2014, 1)));

    // The imported resume is a valid text, and reads back the same.
    assert_eq!(parse(&to_markdown(&resume)).unwrap().resume, resume);
}

#[test]
fn fields_the_importer_does_not_know_are_reported_not_lost() {
    let imported = from_json_resume(&json!({
        "basics": {"name": "A", "image": "https://example.com/me.png", "pronouns": "they"},
        "work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01",
                  "x-resume-editor": {"mood": "happy"}},
                 {"name": "No position", "startDate": "2020-01"}],
        "certificates": [{"name": "CKA", "url": "https://example.com/cka"}],
        "basics2": {"x": 1},
        "awards": [],
        "meta": {"version": "v1.0.0"}
    }))
    .unwrap();
    let got: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "basics.image: dropped: our format has no picture",
            "basics.pronouns: dropped: not a field this importer knows",
            "work[0].x-resume-editor.mood: dropped: not a field this importer knows",
            "work[1]: dropped: a role needs a company name (name), a position and a startDate",
            "certificates[0].url: dropped: our certifications have no URL",
            "basics2: dropped: not a field this importer knows",
        ]
    );
    let diagnostic = imported.warnings[0].to_diagnostic();
    assert_eq!(
        (diagnostic.line, diagnostic.path.as_str()),
        (0, "basics.image")
    );
}

#[test]
fn profiles_become_websites_and_extra_ones_are_reported() {
    let imported = from_json_resume(&json!({"basics": {"name": "A", "profiles": [
        {"network": "github", "username": "ada"},
        {"network": "LinkedIn", "url": "https://www.linkedin.com/in/ada", "username": "ada"},
        {"network": "GitHub", "url": "https://github.com/other"},
        {"network": "X", "url": "https://x.com/ada"}
    ]}}))
    .unwrap();
    let websites = imported.resume.personal.unwrap().websites.unwrap();
    assert_eq!(websites.github.as_deref(), Some("https://github.com/ada"));
    assert_eq!(
        websites.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/ada")
    );
    assert_eq!(websites.twitter.as_deref(), Some("https://x.com/ada"));
    let got: Vec<(&str, WarningKind)> = imported
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("basics.profiles[0].username", WarningKind::Approximated),
            ("basics.profiles[2]", WarningKind::Dropped),
        ]
    );
}

#[test]
fn dates_keep_the_month_and_say_what_they_guessed() {
    let imported = from_json_resume(&json!({"work": [{
        "name": "Acme", "position": "Dev", "startDate": "2019", "endDate": "present"
    }]}))
    .unwrap();
    let role = &imported.resume.experience.unwrap().roles[0];
    assert_eq!(role.basics.start_date, month(2019, 1));
    assert_eq!(role.basics.end_date, None);
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(imported.warnings[0].path, "work[0].startDate");
    assert_eq!(imported.warnings[0].kind, WarningKind::Approximated);
}

#[test]
fn edited_highlights_win_over_the_kept_responsibilities() {
    let mut exported = to_json_resume(&every_field());
    exported["work"][0]["highlights"] = json!(["Rewritten elsewhere"]);
    let imported = from_json_resume(&exported).unwrap();
    let role = &imported.resume.experience.unwrap().roles[0];
    assert_eq!(
        role.responsibilities.as_deref(),
        Some("* Rewritten elsewhere")
    );
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(
        imported.warnings[0].path,
        "work[0].x-resume-editor.responsibilities"
    );
}

#[test]
fn invalid_documents_are_typed_errors_naming_the_path() {
    let cases: Vec<(&str, JsonResumeError)> = vec![
        ("{", JsonResumeError::Syntax(String::new())),
        (
            "[1, 2]",
            JsonResumeError::WrongType {
                path: "document".into(),
                expected: "an object",
                found: "an array",
            },
        ),
        (r#"{"name": "x"}"#, JsonResumeError::NotAResume),
        (
            r#"{"basics": {"name": 42}}"#,
            JsonResumeError::WrongType {
                path: "basics.name".into(),
                expected: "a string",
                found: "a number",
            },
        ),
        (
            r#"{"work": {"name": "Acme"}}"#,
            JsonResumeError::WrongType {
                path: "work".into(),
                expected: "an array of objects",
                found: "an object",
            },
        ),
        (
            r#"{"work": [{"name": "A", "position": "B", "startDate": "2020-01", "highlights": ["x", 3]}]}"#,
            JsonResumeError::WrongType {
                path: "work[0].highlights[1]".into(),
                expected: "a string",
                found: "a number",
            },
        ),
        (
            r#"{"education": [{"institution": "MIT", "startDate": "June 2020"}]}"#,
            JsonResumeError::InvalidDate {
                path: "education[0].startDate".into(),
                value: "June 2020".into(),
            },
        ),
        (
            r#"{"awards": [{"title": "Best"}]}"#,
            JsonResumeError::NothingToImport,
        ),
    ];
    for (text, expected) in cases {
        let got = from_json_resume_str(text).unwrap_err();
        match (&got, &expected) {
            (JsonResumeError::Syntax(message), JsonResumeError::Syntax(_)) => {
                assert!(message.contains("line 1"), "{message}");
            }
            _ => assert_eq!(got, expected, "{text}"),
        }
    }
    let invalid = from_json_resume_str(
        r#"{"work": [{"name": "A", "position": "B", "startDate": "2020-05", "endDate": "2020-01"}]}"#,
    )
    .unwrap_err();
    assert!(
        invalid
            .to_string()
            .contains("experience.roles[0].basics.end_date: must not be before the start"),
        "{invalid}"
    );
}
