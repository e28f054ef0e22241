//! Properties of the format: `parse(to_markdown(r)) == r` for every model the parser can
//! produce, the canonical form is a fixed point, and the parser never panics.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use resume_shared::validate::{normalize, validate};
use resume_shared::{
    Certification, Contact, Degree, Education, Experience, Inclusion, Personal, Project,
    ProjectOverview, Resume, Role, RoleBasics, Visa, Websites, YearMonth, parse, to_markdown,
};

/// Characters values are drawn from: letters, digits, punctuation the format cares about
/// (`#`, `*`, `-`, `:`), spaces, tabs and a few non-ASCII letters and spaces.
const ALPHABET: &str = "ab XY09#*-:/.,()é\u{a0}\t_";

fn raw(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    vec(proptest::sample::select(chars), 1..max).prop_map(|c| c.into_iter().collect())
}

/// A one-line value as the parser yields it: non-empty and trimmed of all whitespace. With
/// `D` (dirty), anything goes: empty, padded, several lines — what a form or an API client
/// might send.
fn value<const D: bool>() -> BoxedStrategy<String> {
    if D {
        return dirty(24);
    }
    raw(24)
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-empty", |s| !s.is_empty())
        .boxed()
}

/// Any short string over the alphabet plus line breaks, possibly empty.
fn dirty(max: usize) -> BoxedStrategy<String> {
    let mut chars: Vec<char> = ALPHABET.chars().collect();
    chars.extend(['\n', '\r', ' ', ' ']);
    vec(proptest::sample::select(chars), 0..max)
        .prop_map(|c| c.into_iter().collect())
        .boxed()
}

/// A line of free text: non-empty and trimmed of spaces and tabs.
fn text_line() -> impl Strategy<Value = String> {
    raw(30)
        .prop_map(|s| s.trim_matches([' ', '\t']).to_owned())
        .prop_filter("non-empty", |s| !s.is_empty())
}

/// Free text: lines separated by line breaks or single blank lines, trimmed as a whole.
fn text<const D: bool>() -> BoxedStrategy<String> {
    if D {
        return dirty(60);
    }
    vec((text_line(), any::<bool>()), 1..5)
        .prop_map(|lines| {
            let mut out = String::new();
            for (i, (line, paragraph)) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str(if *paragraph { "\n\n" } else { "\n" });
                }
                out.push_str(line);
            }
            out.trim().to_owned()
        })
        .prop_filter("non-empty", |s| !s.is_empty())
        .boxed()
}

fn ym(year: u32, month: u32) -> YearMonth {
    YearMonth::new(year, month).expect("generated months are in range")
}

fn month() -> impl Strategy<Value = YearMonth> {
    (1u32..=9999, 1u32..=12).prop_map(|(y, m)| ym(y, m))
}

/// An optional start and an end that is not before it (and only with a start when
/// `end_needs_start`).
fn range(end_needs_start: bool) -> impl Strategy<Value = (Option<YearMonth>, Option<YearMonth>)> {
    (option::of(month()), option::of(0i64..400)).prop_map(move |(start, span)| match start {
        Some(start) => {
            let end = span.map(|months| {
                let ordinal = (start.ordinal() + months).min(9999 * 12 + 11);
                ym((ordinal / 12) as u32, (ordinal % 12) as u32 + 1)
            });
            (Some(start), end)
        }
        None if end_needs_start => (None, None),
        None => (None, span.map(|m| ym(2000 + m as u32 / 12, 1))),
    })
}

fn inclusion() -> impl Strategy<Value = Inclusion> {
    prop_oneof![
        Just(Inclusion::Include),
        Just(Inclusion::NotRelevant),
        Just(Inclusion::Omit)
    ]
}

fn personal<const D: bool>() -> impl Strategy<Value = Option<Personal>> {
    let contact = option::of((
        value::<D>(),
        option::of(value::<D>()),
        option::of(value::<D>()),
        option::of(value::<D>()),
    ))
    .prop_map(|c| {
        c.map(|(name, email, phone, location)| Contact {
            name,
            email,
            phone,
            location,
        })
    });
    let websites = (
        option::of(value::<D>()),
        option::of(value::<D>()),
        option::of(value::<D>()),
        option::of(value::<D>()),
    )
        .prop_map(|(github, linkedin, website, twitter)| Websites {
            github,
            linkedin,
            website,
            twitter,
        })
        .prop_map(|w| (w != Websites::default()).then_some(w));
    let visa = (option::of(value::<D>()), option::of(any::<bool>()))
        .prop_map(|(work_authorization, require_sponsorship)| Visa {
            work_authorization,
            require_sponsorship,
        })
        .prop_map(|v| (v != Visa::default()).then_some(v));
    (
        contact,
        websites,
        visa,
        option::of(text::<D>()),
        option::of(text::<D>()),
    )
        .prop_map(|(contact, websites, visa, banner, note)| {
            let personal = Personal {
                contact,
                websites,
                visa,
                banner,
                note,
            };
            (personal != Personal::default()).then_some(personal)
        })
}

fn degree<const D: bool>() -> impl Strategy<Value = Degree> {
    (
        value::<D>(),
        option::of(value::<D>()),
        option::of(value::<D>()),
        option::of(value::<D>()),
        range(true),
    )
        .prop_map(
            |(school, degree, major, gpa, (start_date, end_date))| Degree {
                school,
                degree,
                major,
                gpa,
                start_date,
                end_date,
            },
        )
}

fn certification<const D: bool>() -> impl Strategy<Value = Certification> {
    (
        value::<D>(),
        option::of(value::<D>()),
        range(false),
        option::of(value::<D>()),
    )
        .prop_map(
            |(name, issuer, (issued, expires), certification_id)| Certification {
                name,
                issuer,
                issued,
                expires,
                certification_id,
            },
        )
}

fn project<const D: bool>() -> impl Strategy<Value = Project> {
    (
        (
            value::<D>(),
            option::of(value::<D>()),
            option::of(value::<D>()),
            range(false),
            inclusion(),
        ),
        option::of(text::<D>()),
        vec(value::<D>(), 0..4),
    )
        .prop_map(
            |(
                (title, url, url_description, (start_date, end_date), inclusion),
                description,
                skills,
            )| {
                Project {
                    overview: ProjectOverview {
                        title,
                        url,
                        url_description,
                        start_date,
                        end_date,
                        inclusion,
                    },
                    description,
                    skills,
                }
            },
        )
}

fn role<const D: bool>() -> impl Strategy<Value = Role> {
    let optional = || option::of(value::<D>());
    (
        (value::<D>(), value::<D>(), month(), option::of(0i64..300)),
        (
            optional(),
            optional(),
            optional(),
            optional(),
            optional(),
            inclusion(),
        ),
        option::of(text::<D>()),
        option::of(text::<D>()),
        vec(value::<D>(), 0..4),
    )
        .prop_map(
            |(
                (company, title, start_date, span),
                (agency, job_category, employment_type, reason_for_change, location, inclusion),
                summary,
                responsibilities,
                skills,
            )| {
                let end_date = span.map(|months| {
                    let ordinal = (start_date.ordinal() + months).min(9999 * 12 + 11);
                    ym((ordinal / 12) as u32, (ordinal % 12) as u32 + 1)
                });
                Role {
                    basics: RoleBasics {
                        company,
                        title,
                        start_date,
                        end_date,
                        agency,
                        job_category,
                        employment_type,
                        reason_for_change,
                        location,
                        inclusion,
                    },
                    summary,
                    responsibilities,
                    skills,
                }
            },
        )
}

fn resume<const D: bool>() -> impl Strategy<Value = Resume> {
    (
        personal::<D>(),
        vec(degree::<D>(), 0..3),
        vec(certification::<D>(), 0..3),
        vec(project::<D>(), 0..3),
        vec(role::<D>(), 0..4),
    )
        .prop_map(
            |(personal, degrees, certifications, projects, roles)| Resume {
                personal,
                education: (!degrees.is_empty()).then_some(Education { degrees }),
                certifications,
                experience: (!projects.is_empty() || !roles.is_empty())
                    .then_some(Experience { projects, roles }),
            },
        )
        .prop_filter("something to write", |r| !r.is_empty())
}

/// Lines that exercise every branch of the parser when shuffled together.
fn resume_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "# Personal",
            "# Education",
            "# Certifications",
            "# Experience",
            "# Other",
            "## Contact Information",
            "## Websites",
            "## Visa Status",
            "## Banner",
            "## Note",
            "## Degrees",
            "## Certification",
            "## Projects",
            "## Roles",
            "## Degree",
            "### Role",
            "### Project",
            "### Degree",
            "#### Basics",
            "#### Summary",
            "#### Responsibilities",
            "#### Skills",
            "#### Overview",
            "#### Description",
            "Name: Sam",
            "Company: Acme",
            "Title: Dev",
            "Start date: 01/2020",
            "End date: Present",
            "End date: 2019",
            "Start date: 13/2020",
            "School: X",
            "Inclusion: Omit",
            "Require sponsorship: maybe",
            "* Rust",
            "- Go",
            "+ x",
            "",
            "   ",
            "\t",
            "##### deep",
            "#hash",
            "\u{feff}# Personal",
            "Name : X",
            "Issued: 02/2020",
            "Expires: 01/2020",
        ])
        .prop_map(str::to_owned),
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_the_canonical_text_gives_back_the_model(resume in resume::<false>()) {
        let text = to_markdown(&resume);
        let parsed = parse(&text);
        prop_assert!(parsed.is_ok(), "{text}\n{:?}", parsed.err());
        let parsed = parsed.unwrap();
        prop_assert_eq!(&parsed.resume, &resume, "text:\n{}", text);
        prop_assert!(parsed.warnings.is_empty(), "{:?}\n{}", parsed.warnings, text);
        prop_assert_eq!(to_markdown(&parsed.resume), text);
    }

    #[test]
    fn a_normalized_model_without_field_errors_round_trips(mut resume in resume::<true>()) {
        normalize(&mut resume);
        let errors = validate(&resume);
        if errors.is_empty() && !resume.is_empty() {
            let text = to_markdown(&resume);
            let parsed = parse(&text);
            prop_assert!(parsed.is_ok(), "{text}\n{:?}", parsed.err());
            let parsed = parsed.unwrap();
            prop_assert_eq!(&parsed.resume, &resume, "text:\n{}", text);
            prop_assert!(parsed.warnings.is_empty(), "{:?}\n{}", parsed.warnings, text);
        }
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn the_parser_never_panics_on_resume_shaped_text(lines in vec(resume_like_line(), 0..60)) {
        let text = lines.join("\n");
        if let Ok(parsed) = parse(&text) {
            // Whatever it reads, the canonical form is a fixed point.
            let canonical = to_markdown(&parsed.resume);
            let again = parse(&canonical);
            prop_assert!(again.is_ok(), "{canonical}");
            let again = again.unwrap();
            prop_assert_eq!(&again.resume, &parsed.resume);
            prop_assert_eq!(to_markdown(&again.resume), canonical);
        }
    }
}
