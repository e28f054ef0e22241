//! The two original Word layouts and the Markdown export: golden snapshots of
//! `word/document.xml` for every valid fixture, layout and preset, and of the Markdown export
//! with and without a date range; the text of every included role in reading order; package
//! validity; and the LibreOffice acceptance test.

mod support;

use resume_documents::{ExportFormat, ExportOptions, Preset, Template};
use resume_shared::{Role, YearMonth};
use support::{Fixture, libreoffice, package};

/// The valid fixture resumes shared with the parser tests.
const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/tests/fixtures/resumes/valid"
);

/// Both original Word layouts.
const LAYOUTS: [Template; 2] = [Template::OriginalAts, Template::OriginalPlain];

/// The name of a layout in snapshot names and messages: its old format name, `docx-ats` or
/// `docx-plain`, so that the golden files keep their names.
fn layout_name(template: Template) -> &'static str {
    match template {
        Template::OriginalAts => "docx-ats",
        Template::OriginalPlain => "docx-plain",
        other => panic!("{other} is not an original layout"),
    }
}

/// The "today" of every export here, so that ongoing roles give stable figures.
fn today() -> YearMonth {
    YearMonth::new(2026, 11).expect("a valid month")
}

fn ym(text: &str) -> YearMonth {
    text.parse().expect("a YYYY-MM month")
}

/// Every `valid/*.md` except the `*.expected.md` outputs, by name.
fn fixtures() -> Vec<Fixture> {
    let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("fixture directory")
        .map(|entry| {
            entry
                .expect("a readable directory entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 file name")
        })
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|ext| ext == "md")
                && !name.ends_with(".expected.md")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 4, "fixtures found: {names:?}");
    names
        .iter()
        .map(|file| {
            let source =
                std::fs::read_to_string(format!("{FIXTURES}/{file}")).expect("a readable fixture");
            Fixture::from_source(file.trim_end_matches(".md"), source)
        })
        .collect()
}

/// The options of the golden Word exports in `layout`: everything shown, roles first, no date
/// range.
fn options(layout: Template, preset: Preset) -> ExportOptions {
    ExportOptions {
        preset,
        ..ExportOptions::with_template(ExportFormat::Docx, layout, today())
    }
}

/// The options of the Markdown exports: no date range.
fn markdown_options() -> ExportOptions {
    ExportOptions::new(ExportFormat::Markdown, today())
}

fn export_bytes(fixture: &Fixture, options: &ExportOptions) -> Vec<u8> {
    resume_documents::export(&fixture.source, &fixture.resume, options)
        .unwrap_or_else(|err| {
            panic!(
                "{} {} {}: {err}",
                fixture.name, options.format, options.template
            )
        })
        .bytes
}

/// Every golden DOCX: (snapshot name, bytes).
fn golden_docx() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for fixture in fixtures() {
        for layout in LAYOUTS {
            for preset in Preset::ALL {
                out.push((
                    format!("{}__{}__{preset}", fixture.name, layout_name(layout)),
                    export_bytes(&fixture, &options(layout, preset)),
                ));
            }
        }
    }
    out
}

/// The reading-order text of a DOCX.
fn docx_text(bytes: &[u8]) -> String {
    package::document_text(&package::part(bytes, "word/document.xml"))
}

#[test]
fn every_fixture_layout_and_preset_matches_its_golden_document_xml() {
    for (name, bytes) in golden_docx() {
        let xml = package::part(&bytes, "word/document.xml");
        insta::assert_snapshot!(name, package::pretty(&xml));
    }
}

#[test]
fn markdown_exports_match_their_goldens_with_and_without_a_date_range() {
    for fixture in fixtures() {
        let plain = export_bytes(&fixture, &markdown_options());
        insta::assert_snapshot!(
            format!("{}__markdown", fixture.name),
            visible(&String::from_utf8(plain).unwrap())
        );
        let ranged = ExportOptions {
            from: Some(ym("2017-01")),
            to: Some(ym("2021-12")),
            ..markdown_options()
        };
        let ranged = String::from_utf8(export_bytes(&fixture, &ranged)).unwrap();
        // The canonical text reads back as the prepared resume.
        assert!(resume_shared::parse(&ranged).is_ok() || ranged.is_empty());
        insta::assert_snapshot!(
            format!("{}__markdown__2017-01_2021-12", fixture.name),
            visible(&ranged)
        );
    }
}

/// `text` with a BOM and carriage returns made visible, so that snapshots show them.
fn visible(text: &str) -> String {
    text.replace('\u{FEFF}', "<BOM>").replace('\r', "<CR>")
}

#[test]
fn markdown_without_filters_is_the_stored_text_byte_for_byte() {
    let fixture = fixtures()
        .into_iter()
        .find(|f| f.name == "bom-crlf")
        .unwrap();
    let bytes = export_bytes(&fixture, &markdown_options());
    assert_eq!(bytes, fixture.source.as_bytes());
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "the BOM is kept");
}

#[test]
fn markdown_with_inclusion_controls_is_rewritten_without_them() {
    let fixture = fixtures().into_iter().find(|f| f.name == "messy").unwrap();
    let text = String::from_utf8(export_bytes(&fixture, &markdown_options())).unwrap();
    assert!(!text.contains("Inclusion"), "{text}");
    assert!(
        !text.contains("Globex"),
        "the omitted role is dropped: {text}"
    );
    assert!(text.contains("Company: Acme Corp"));
    let reparsed = resume_shared::parse(&text).unwrap().resume;
    assert_eq!(
        reparsed,
        resume_documents::prepare(&fixture.resume, &markdown_options())
    );
}

/// The date line of a role as `layout` prints it.
fn role_dates(role: &Role, layout: Template) -> String {
    let form = match layout {
        Template::OriginalAts => YearMonth::to_dash_form,
        _ => YearMonth::to_long_form,
    };
    let end = role
        .basics
        .end_date
        .map_or_else(|| "Present".to_owned(), form);
    format!("{} - {end}", form(role.basics.start_date))
}

/// The responsibility lines of a role without their bullet markers.
fn responsibility_lines(role: &Role) -> Vec<String> {
    role.responsibilities
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.strip_prefix("* ")
                .or_else(|| line.strip_prefix("- "))
                .unwrap_or(line)
                .trim_start()
                .to_owned()
        })
        .collect()
}

/// Asserts that the text of an export holds every company (in order), title, date line,
/// responsibility line and skill of the included roles.
fn assert_roles_readable(label: &str, text: &str, roles: &[Role], layout: Template) {
    let history = text
        .find("Work History")
        .unwrap_or_else(|| panic!("{label}: no Work History in\n{text}"));
    let mut cursor = history;
    for role in roles {
        let company = &role.basics.company;
        let found = text[cursor..]
            .find(company.as_str())
            .unwrap_or_else(|| panic!("{label}: {company} missing or out of order in\n{text}"));
        cursor += found + company.len();
        let mut expected = vec![role.basics.title.clone(), role_dates(role, layout)];
        expected.extend(responsibility_lines(role));
        expected.extend(role.skills.iter().cloned());
        for needle in expected {
            assert!(
                text.contains(&needle),
                "{label}: {needle:?} missing in\n{text}"
            );
        }
    }
}

#[test]
fn reading_order_text_holds_every_included_role() {
    for fixture in fixtures() {
        for layout in LAYOUTS {
            for preset in Preset::ALL {
                let options = options(layout, preset);
                let text = docx_text(&export_bytes(&fixture, &options));
                let prepared = resume_documents::prepare(&fixture.resume, &options);
                let roles = prepared
                    .experience
                    .as_ref()
                    .map_or(&[][..], |e| &e.roles[..]);
                let label = format!("{} {} {preset}", fixture.name, layout_name(layout));
                if roles.is_empty() {
                    assert!(!text.contains("Work History"), "{label}");
                } else {
                    assert_roles_readable(&label, &text, roles, layout);
                }
            }
        }
    }
}

#[test]
fn omitted_roles_are_absent_and_not_relevant_roles_show_the_placeholder() {
    // messy.md omits Globex.
    let messy = fixtures().into_iter().find(|f| f.name == "messy").unwrap();
    for layout in LAYOUTS {
        for preset in Preset::ALL {
            let text = docx_text(&export_bytes(&messy, &options(layout, preset)));
            let label = format!("{} {preset}", layout_name(layout));
            assert!(!text.contains("Globex"), "{label}:\n{text}");
            assert!(!text.contains("Summer internship"), "{label}");
        }
    }
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    let source = complete
        .source
        .replace(
            "Start date: 08/2012\n",
            "Start date: 08/2012\nInclusion: Not Relevant\n",
        )
        .replace(
            "Start date: 07/2016\n",
            "Start date: 07/2016\nInclusion: Omit\n",
        );
    let edited = Fixture::from_source("complete-edited", source);
    for layout in LAYOUTS {
        for preset in Preset::ALL {
            let text = docx_text(&export_bytes(&edited, &options(layout, preset)));
            let label = format!("{} {preset}", layout_name(layout));
            assert!(
                text.contains("(no relevant experience)"),
                "{label}:\n{text}"
            );
            assert!(!text.contains("Automated monthly invoice runs"), "{label}");
            assert!(
                text.contains("Initech") && text.contains("Python, Oracle"),
                "{label}"
            );
            assert!(!text.contains("Bluefin"), "{label}");
        }
    }
}

#[test]
fn docx_text_has_no_markdown_markers_and_never_none() {
    for (name, bytes) in golden_docx() {
        let text = docx_text(&bytes);
        assert!(!text.contains("**"), "{name}:\n{text}");
        assert!(!text.contains("None"), "{name}:\n{text}");
        for line in text.lines() {
            assert!(!line.trim_start().starts_with("* "), "{name}: {line:?}");
        }
        if name.contains("docx-plain") {
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with("- ")),
                "{name}"
            );
        }
    }
}

#[test]
fn every_docx_is_a_valid_package() {
    for (name, bytes) in golden_docx() {
        let parts = package::part_names(&bytes);
        for required in [
            "[Content_Types].xml",
            "word/document.xml",
            "word/styles.xml",
        ] {
            assert!(parts.iter().any(|p| p == required), "{name}: no {required}");
        }
        for part in parts
            .iter()
            .filter(|p| p.ends_with(".xml") || p.ends_with(".rels"))
        {
            let xml = package::part(&bytes, part);
            if let Err(err) = package::well_formed(&xml) {
                panic!("{name}: {part} is not well-formed: {err}");
            }
        }
        let document = package::part(&bytes, "word/document.xml");
        let rels = package::part(&bytes, "word/_rels/document.xml.rels");
        let ids = package::attribute_values(&rels, "Relationship", "Id");
        let mut links = package::attribute_values(&document, "w:hyperlink", "r:id");
        for link in &links {
            assert!(
                ids.contains(link),
                "{name}: hyperlink {link} has no relationship"
            );
        }
        let count = links.len();
        links.sort();
        links.dedup();
        assert_eq!(links.len(), count, "{name}: hyperlink ids are unique");
    }
}

#[test]
fn styles_follow_the_original_template() {
    for (name, bytes) in golden_docx() {
        let styles = package::part(&bytes, "word/styles.xml");
        // Normal is the default paragraph style, and the only default one.
        assert!(
            styles.contains(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#),
            "{name}: {styles}"
        );
        assert_eq!(styles.matches(r#"w:default="1""#).count(), 1, "{name}");
        // Headings in the template's Calibri.
        for level in 1..=4 {
            let start = styles
                .find(&format!(r#"w:styleId="Heading{level}""#))
                .unwrap_or_else(|| panic!("{name}: no Heading{level}"));
            let heading = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
            assert!(
                heading.contains(r#"<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri""#),
                "{name}: {heading}"
            );
        }
        assert!(!styles.contains("Cambria"), "{name}");
        // Table Grid cells at single line spacing with nothing after.
        let start = styles.find(r#"w:styleId="TableGrid""#).unwrap();
        let grid = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
        assert!(
            grid.contains(r#"<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto""#),
            "{name}: {grid}"
        );
    }
}

/// Whether a paragraph's XML keeps it with the next paragraph.
fn keeps_next(paragraph: &str) -> bool {
    paragraph.contains("<w:keepNext/>")
}

/// Whether a paragraph's XML keeps its lines on one page.
fn keeps_lines(paragraph: &str) -> bool {
    paragraph.contains("<w:keepLines/>")
}

#[test]
fn page_breaks_keep_headers_dividers_and_skills_lines_with_their_neighbours() {
    for fixture in fixtures() {
        for layout in LAYOUTS {
            for preset in Preset::ALL {
                let options = options(layout, preset);
                let label = format!("{} {} {preset}", fixture.name, layout_name(layout));
                let document =
                    package::part(&export_bytes(&fixture, &options), "word/document.xml");
                let paragraphs = package::paragraphs(&document);
                let texts: Vec<String> = paragraphs
                    .iter()
                    .map(|p| package::document_text(p))
                    .collect();
                // A `Skills:` line never starts a page alone.
                for (index, text) in texts.iter().enumerate() {
                    if text.starts_with("Skills: ") && !text.contains('\n') {
                        assert!(
                            keeps_next(paragraphs[index - 1]),
                            "{label}: before {text:?}: {}",
                            paragraphs[index - 1]
                        );
                    }
                }
                // Rules, and the spacer after a rule, stay with what follows.
                for (index, paragraph) in paragraphs.iter().enumerate() {
                    if paragraph.contains("<w:pBdr>") {
                        assert!(keeps_next(paragraph), "{label}: {paragraph}");
                        if texts[index + 1].is_empty() {
                            assert!(keeps_next(paragraphs[index + 1]), "{label}");
                        }
                    }
                }
                // Role headers are never split and stay with what follows.
                let prepared = resume_documents::prepare(&fixture.resume, &options);
                let roles = prepared
                    .experience
                    .as_ref()
                    .map_or(&[][..], |e| &e.roles[..]);
                for role in roles {
                    let basics = &role.basics;
                    let header = match layout {
                        Template::OriginalAts => format!(
                            "{}\n{}\n{}",
                            basics.company,
                            basics.title,
                            role_dates(role, layout)
                        ),
                        _ => basics.title.clone(),
                    };
                    let index = texts
                        .iter()
                        .position(|t| {
                            t == &header
                                || t.starts_with(&format!("{header} ("))
                                || t.starts_with(&format!("{header}\t"))
                        })
                        .unwrap_or_else(|| panic!("{label}: no header {header:?} in {texts:#?}"));
                    let header = paragraphs[index];
                    assert!(
                        keeps_next(header) && keeps_lines(header),
                        "{label}: {header}"
                    );
                    if layout == Template::OriginalPlain {
                        let dates = paragraphs[index + 1];
                        assert!(
                            texts[index + 1].starts_with(&role_dates(role, layout)),
                            "{label}: {dates}"
                        );
                        assert!(keeps_lines(dates), "{label}: {dates}");
                    }
                }
            }
        }
    }
}

#[test]
fn ats_projects_have_bold_titles_and_are_divided_like_roles() {
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    let options = options(Template::OriginalAts, Preset::General);
    let document = package::part(&export_bytes(&complete, &options), "word/document.xml");
    let prepared = resume_documents::prepare(&complete.resume, &options);
    let experience = prepared.experience.as_ref().unwrap();
    assert!(experience.roles.len() > 1 && experience.projects.len() > 1);
    // One rule under Work History, one between two roles, one between two projects.
    assert_eq!(
        document.matches("<w:pBdr>").count(),
        experience.roles.len() + experience.projects.len() - 1,
        "{document}"
    );
    let paragraphs = package::paragraphs(&document);
    for project in &experience.projects {
        let title = &project.overview.title;
        let index = paragraphs
            .iter()
            .position(|p| p.contains(&format!(">{title}<")))
            .unwrap_or_else(|| panic!("no {title}"));
        // The title is bold like a role's title, and the project is its own paragraph.
        assert!(
            paragraphs[index].starts_with(&format!(
                "<w:p><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">{title}</w:t>"
            )),
            "{}",
            paragraphs[index]
        );
    }
}

#[test]
fn the_plain_layout_links_email_and_websites() {
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    let bytes = export_bytes(
        &complete,
        &options(Template::OriginalPlain, Preset::General),
    );
    let rels = package::part(&bytes, "word/_rels/document.xml.rels");
    let targets = package::attribute_values(&rels, "Relationship", "Target");
    for target in [
        "mailto:alex.morgan@example.com",
        "https://github.com/alexmorgan-dev",
        "https://github.com/alexmorgan-dev/queue-lens",
    ] {
        assert!(
            targets.iter().any(|t| t == target),
            "{target} in {targets:?}"
        );
    }
}

#[test]
fn the_executive_summary_precedes_the_work_history_on_its_own_page() {
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    let plain = |preset| {
        package::part(
            &export_bytes(&complete, &options(Template::OriginalPlain, preset)),
            "word/document.xml",
        )
    };
    let executive = plain(Preset::ExecutiveSummary);
    assert_eq!(executive.matches("<w:pageBreakBefore").count(), 1);
    let text = package::document_text(&executive);
    let summary = text.find("Executive Summary").unwrap();
    let matrix = text.find("YOE (from - to)").unwrap();
    let history = text.find("Work History").unwrap();
    assert!(summary < matrix && matrix < history, "{text}");
    assert!(text.contains("Leads the streaming platform that moves shipment events between 40 services. (Northwind Logistics, Inc., Present)"));
    assert!(text.contains("(Bluefin Analytics, LLC, 2021)"));
    // Kafka: Northwind only, 04/2021 to "today" 11/2026.
    assert!(text.contains("Kafka\n5.6 (2021 - 2026)"), "{text}");
    assert!(!plain(Preset::General).contains("<w:pageBreakBefore"));

    let ats = docx_text(&export_bytes(
        &complete,
        &options(Template::OriginalAts, Preset::ExecutiveSummary),
    ));
    assert!(
        !ats.contains("Executive Summary") && !ats.contains("YOE"),
        "{ats}"
    );
    assert!(ats.contains("Work History"));
}

#[test]
fn the_checkboxes_control_projects_education_and_their_order() {
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    for layout in LAYOUTS {
        let format = layout_name(layout);
        let first = docx_text(&export_bytes(
            &complete,
            &ExportOptions {
                projects_first: true,
                ..options(layout, Preset::General)
            },
        ));
        assert!(first.find("Projects").unwrap() < first.find("Work History").unwrap());
        assert!(
            first.contains("Queue Lens"),
            "{format}: the title is printed"
        );

        let hidden = docx_text(&export_bytes(
            &complete,
            &ExportOptions {
                include_projects: false,
                include_education: false,
                ..options(layout, Preset::General)
            },
        ));
        assert!(
            !hidden.contains("Queue Lens") && !hidden.contains("Projects"),
            "{format}"
        );
        assert!(
            !hidden.contains("Education") && !hidden.contains("Cascade State"),
            "{format}"
        );
        assert!(hidden.contains("Certifications"));
    }
}

#[test]
fn the_date_range_filters_docx_roles_and_projects() {
    let complete = fixtures()
        .into_iter()
        .find(|f| f.name == "complete")
        .unwrap();
    for layout in LAYOUTS {
        let format = layout_name(layout);
        let text = docx_text(&export_bytes(
            &complete,
            &ExportOptions {
                from: Some(ym("2017-01")),
                to: Some(ym("2021-12")),
                ..options(layout, Preset::General)
            },
        ));
        assert!(
            text.contains("Northwind") && text.contains("Bluefin"),
            "{format}"
        );
        assert!(!text.contains("Initech"), "{format}: ended 06/2016");
        assert!(
            text.contains("Home Lab Automation"),
            "{format}: ongoing project kept"
        );
        assert!(!text.contains("Queue Lens"), "{format}: started 03/2022");
        assert!(
            text.contains("Cascade State University"),
            "{format}: education unfiltered"
        );
    }
}

/// A resume with every optional piece missing somewhere, odd characters and paragraph breaks.
const SPARSE: &str = "# Personal

## Contact Information

Name: Pat O'Neil & Co <dev>

## Visa Status

Require sponsorship: Yes

## Banner

Line one with **bold** and *italic*.

* a bulleted banner line

# Certifications

## Certification

Name: Only A Name

# Experience

## Projects

### Project

#### Overview

Title: No Link, No Skills

### Project

#### Overview

Title: Link Without Label
Url: https://example.org/?a=1&b=2

#### Description

First paragraph.

Second paragraph with\ta tab.

## Roles

### Role

#### Basics

Company: Ongoing Without Skills
Title: Engineer
Start date: 01/2025

#### Responsibilities

Narrative line without a bullet.

- dash bullet
* star bullet

### Role

#### Basics

Company: Skills Only
Title: Analyst
Job category: Analysis
Start date: 01/2020
End date: 12/2020

#### Skills

* SQL";

#[test]
fn a_sparse_resume_exports_everywhere_without_panicking() {
    let sparse = Fixture::from_source("sparse", SPARSE.to_owned());
    assert_eq!(
        export_bytes(&sparse, &markdown_options()),
        SPARSE.as_bytes()
    );
    for layout in LAYOUTS {
        for preset in Preset::ALL {
            let bytes = export_bytes(&sparse, &options(layout, preset));
            let label = format!("{} {preset}", layout_name(layout));
            let document = package::part(&bytes, "word/document.xml");
            package::well_formed(&document).unwrap();
            let text = package::document_text(&document);
            assert!(text.contains("Pat O'Neil & Co <dev>"), "{label}:\n{text}");
            assert!(text.contains("No Link, No Skills"), "{label}");
            assert!(
                text.contains("First paragraph.\n\nSecond paragraph with\ta tab."),
                "{label}:\n{text}"
            );
            assert!(
                text.contains("Narrative line without a bullet.\n\n"),
                "{label}:\n{text}"
            );
            assert!(!text.contains("None"), "{label}");
            let bullet = if layout == Template::OriginalAts {
                "- "
            } else {
                "• "
            };
            assert!(
                text.contains(&format!("{bullet}dash bullet\n{bullet}star bullet")),
                "{label}:\n{text}"
            );
            if layout == Template::OriginalAts {
                assert!(
                    text.contains("Line one with bold and italic."),
                    "{label}:\n{text}"
                );
            } else {
                assert!(
                    text.contains("• a bulleted banner line"),
                    "{label}:\n{text}"
                );
            }
        }
    }
    let matrix = docx_text(&export_bytes(
        &sparse,
        &options(Template::OriginalPlain, Preset::ExecutiveSummary),
    ));
    assert!(matrix.contains("SQL\n0.9 (2020 - 2020)"), "{matrix}");
}

#[test]
fn documents_carry_their_type_and_extension() {
    let minimal = Fixture::from_source(
        "minimal",
        "# Personal\n\n## Contact Information\n\nName: Sam".to_owned(),
    );
    let cases = [markdown_options()]
        .into_iter()
        .chain(LAYOUTS.map(|layout| options(layout, Preset::General)));
    for options in cases {
        let document =
            resume_documents::export(&minimal.source, &minimal.resume, &options).unwrap();
        assert_eq!(document.extension, options.format.extension());
        assert_eq!(document.content_type, options.format.content_type());
    }
    assert_eq!(
        ExportFormat::Docx.content_type(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        ExportFormat::Markdown
            .content_type()
            .starts_with("text/markdown")
    );
}

#[test]
fn file_names_follow_the_product_rules() {
    assert_eq!(
        resume_documents::file_name(
            "Platform roles",
            Some("Alex Morgan"),
            false,
            ExportFormat::Docx
        ),
        "Platform_roles.docx"
    );
    assert_eq!(
        resume_documents::file_name(
            "Acme / Staff (v2)",
            Some("Alex Morgan"),
            true,
            ExportFormat::Markdown
        ),
        "Alex_Morgan_Acme_Staff_v2.md"
    );
    assert_eq!(
        resume_documents::file_name("", None, true, ExportFormat::Docx),
        "resume.docx"
    );
}

#[test]
fn libreoffice_converts_every_golden_docx_to_pdf() {
    let scratch = tempfile::tempdir().unwrap();
    let docx_dir = scratch.path().join("docx");
    let pdf_dir = scratch.path().join("pdf");
    std::fs::create_dir_all(&docx_dir).unwrap();
    std::fs::create_dir_all(&pdf_dir).unwrap();
    let mut files = Vec::new();
    let sparse = Fixture::from_source("sparse", SPARSE.to_owned());
    let extra = LAYOUTS.iter().flat_map(|layout| {
        Preset::ALL.map(|preset| {
            (
                format!("sparse__{}__{preset}", layout_name(*layout)),
                export_bytes(&sparse, &options(*layout, preset)),
            )
        })
    });
    for (name, bytes) in golden_docx().into_iter().chain(extra) {
        let path = docx_dir.join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    libreoffice::convert_to_pdf(&files, &pdf_dir, scratch.path());
    for file in &files {
        let pdf = pdf_dir.join(file.with_extension("pdf").file_name().unwrap());
        let bytes = std::fs::read(&pdf)
            .unwrap_or_else(|err| panic!("{} was not converted: {err}", file.display()));
        assert!(bytes.starts_with(b"%PDF"), "{} is not a PDF", pdf.display());
        assert!(bytes.len() > 1000, "{} is nearly empty", pdf.display());
    }
}
