//! The designed templates as PDF, read back the way an ATS reads them: `pdftotext` (poppler)
//! must give every role, date, bullet and skill in the resume's order, with metacharacters,
//! ligature words and every script intact; the document is tagged, titled, deterministic and
//! embeds its fonts. A missing poppler tool fails the test; it never skips.

mod support;

use resume_documents::{Design, DesignChoices, ExportFormat, ExportOptions, Template, export};
use resume_shared::YearMonth;
use resume_shared::sample::generated_resume;
use support::{
    Fixture, designs, fixtures, normalise, pdf_fonts, pdf_info, pdf_layout_text, pdf_links,
    pdf_text,
};

fn today() -> YearMonth {
    YearMonth::new(2026, 12).expect("valid month")
}

fn pdf(fixture: &Fixture, template: Template) -> resume_documents::Document {
    let options = ExportOptions::with_template(ExportFormat::Pdf, template, today());
    export(&fixture.source, &fixture.resume, &options).expect("renders")
}

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(label: &str, haystack: &str, needles: &[String]) {
    let mut from = 0;
    for needle in needles {
        let needle = normalise(needle);
        match haystack[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!(
                "{label}: {needle:?} missing after byte {from} of the extracted text:\n{haystack}"
            ),
        }
    }
}

/// The texts of a fixture in reading order: per role its title, dates, company, bullets and
/// skills; then projects, degrees, certifications.
fn expected_order(fixture: &Fixture, template: Template) -> Vec<String> {
    let language = resume_documents::design::Language::English;
    let options = ExportOptions::with_template(ExportFormat::Pdf, template, today());
    let resume = resume_documents::prepare(&fixture.resume, &options);
    let mut out = Vec::new();
    if let Some(experience) = &resume.experience {
        for role in &experience.roles {
            let basics = &role.basics;
            out.push(basics.title.trim().to_owned());
            out.push(language.span(Some(basics.start_date), basics.end_date, true));
            out.push(basics.company.trim().to_owned());
            for line in role.responsibilities.iter().flat_map(|r| r.lines()) {
                let text = line
                    .trim()
                    .trim_start_matches("* ")
                    .trim_start_matches("- ");
                // Right-to-left lines come out in visual order, words reversed; the unicode
                // test checks their words one by one.
                let right_to_left = text.chars().any(|c| ('\u{0590}'..='\u{08ff}').contains(&c));
                if !text.is_empty() && !right_to_left {
                    out.push(without_markup(text));
                }
            }
            if template != Template::Compact {
                out.extend(role.skills.iter().map(|s| s.trim().to_owned()));
            }
        }
        for project in &experience.projects {
            out.push(project.overview.title.trim().to_owned());
        }
    }
    if let Some(education) = &resume.education {
        out.extend(education.degrees.iter().map(|d| d.school.trim().to_owned()));
    }
    out.extend(
        resume
            .certifications
            .iter()
            .map(|c| c.name.trim().to_owned()),
    );
    out
}

/// `text` with `**`, `*` and `[label](url)` markers removed, as the designs print it.
fn without_markup(text: &str) -> String {
    let mut out = text.replace("**", "").replace('*', "");
    while let Some(open) = out.find('[') {
        let Some(middle) = out[open..].find("](").map(|m| open + m) else {
            break;
        };
        let Some(close) = out[middle..].find(')').map(|c| middle + c) else {
            break;
        };
        let label = out[open + 1..middle].to_owned();
        out.replace_range(open..=close, &label);
    }
    out
}

#[test]
fn every_design_gives_every_role_date_bullet_and_skill_in_reading_order() {
    for fixture in fixtures() {
        for template in designs() {
            let document = pdf(&fixture, template);
            let expected = expected_order(&fixture, template);
            for (mode, text) in [
                ("raw", pdf_text(&document.bytes)),
                ("layout", pdf_layout_text(&document.bytes)),
            ] {
                let label = format!("{} in {template} ({mode})", fixture.name);
                assert_in_order(&label, &text, &expected);
                assert!(
                    !text.contains('\u{fffd}'),
                    "{label}: replacement characters"
                );
            }
        }
    }
}

#[test]
fn typst_and_markdown_metacharacters_come_out_literally() {
    let fixture = Fixture::from_file("tests/data/metacharacters.md");
    for template in designs() {
        let text = pdf_text(&pdf(&fixture, template).bytes);
        for literal in [
            "Sam #Lee $x$ @sam",
            "#set text(red) #let x = 1; $a^2 + b^2$ @label <tag> \\ backslash \\\\ double ] bracket [ open ~ tilde `raw` = heading -- dash",
            "C# & F# <Corp> [Ltd]",
            "Engineer #1 *not bold",
            "Wrote #emph[nothing] and $ \\sum_i x_i $ and <b>html</b> literally",
            "Kept a 50% margin & paid $100 @ 3\\4 rate ]] end",
            "Built real bold and real italic and a real link",
        ] {
            assert!(
                text.contains(&normalise(literal)),
                "{template}: {literal:?} not found in:\n{text}"
            );
        }
    }
}

#[test]
fn ligature_words_extract_as_plain_letters() {
    let fixture = Fixture::from_file("tests/data/unicode.md");
    for template in designs() {
        let text = pdf_text(&pdf(&fixture, template).bytes);
        for word in [
            "efficient",
            "workflow",
            "office",
            "affluent",
            "difficult",
            "fluffy",
            "afflict",
            "baffled",
        ] {
            assert!(
                text.contains(word),
                "{template}: {word} not found in:\n{text}"
            );
        }
        assert!(
            !text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)),
            "{template}: ligature characters in the text"
        );
    }
}

#[test]
fn every_script_renders_with_embedded_glyphs_and_extracts() {
    let fixture = Fixture::from_file("tests/data/unicode.md");
    for template in designs() {
        let bytes = pdf(&fixture, template).bytes;
        let text = pdf_text(&bytes);
        for phrase in [
            "Zoë Łukasiewicz-Øvergård",
            "東京データ株式会社",
            "ソフトウェアエンジニア",
            "设计了分布式日志系统",
            "데이터 파이프라인을",
            "Инженер-программист",
            "Μηχανικός λογισμικού",
        ] {
            assert!(
                text.contains(phrase),
                "{template}: {phrase} not in:\n{text}"
            );
        }
        // Right-to-left lines come out in logical or visual order depending on the reader;
        // every word must be there.
        for word in ["قمت", "بتصميم", "للمدفوعات", "פיתחתי", "לשרתים"]
        {
            assert!(text.contains(word), "{template}: {word} not in:\n{text}");
        }
        // PDF/UA-1 refuses text without a glyph (Typst fails the render), so a render proves
        // that every character found one; these are the fallbacks that supplied them
        // (Libertinus Serif has its own Hebrew, Inter has not).
        let fonts = pdf_fonts(&bytes);
        let hebrew = if template == Template::Classic {
            "LibertinusSerif"
        } else {
            "NotoSansHebrew"
        };
        for family in ["DroidSansFallback", "NotoSansArabic", "NanumSquare", hebrew] {
            assert!(
                fonts.contains(family),
                "{template}: {family} not embedded:\n{fonts}"
            );
        }
    }
}

#[test]
fn pdfs_are_tagged_titled_and_embed_subset_fonts() {
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    for template in designs() {
        let bytes = pdf(&fixture, template).bytes;
        let info = normalise(&pdf_info(&bytes));
        for fact in [
            "Title: Alex Morgan – Resume",
            "Author: Alex Morgan",
            "Tagged: yes",
            "Pages: 1",
        ] {
            assert!(info.contains(fact), "{template}: {fact} not in {info}");
        }
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("<rdf:li>en</rdf:li>"),
            "{template}: no document language"
        );
        assert!(
            raw.contains("pdfuaid"),
            "{template}: no PDF/UA identification"
        );
        let links = pdf_links(&bytes);
        for url in [
            "mailto:alex.morgan@example.com",
            "https://github.com/alexmorgan-dev",
            "https://github.com/alexmorgan-dev/queue-lens",
        ] {
            assert!(
                links.contains(url),
                "{template}: no live link to {url}:\n{links}"
            );
        }
        assert!(
            pdf_text(&bytes).contains("github.com/alexmorgan-dev ·"),
            "{template}: the short URL is not visible"
        );
        let fonts = pdf_fonts(&bytes);
        for line in fonts.lines().skip(2) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni object ID: `yes yes yes` for embedded, subset, mapped.
            assert!(
                line.contains("yes yes yes"),
                "{template}: font not embedded+subset+mapped: {line} ({columns:?})"
            );
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    for template in designs() {
        assert_eq!(
            pdf(&fixture, template).bytes,
            pdf(&fixture, template).bytes,
            "{template}"
        );
    }
}

#[test]
fn languages_translate_the_headings_and_dates_but_not_the_text() {
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    let design = Design::for_template(Template::Modern)
        .apply(&DesignChoices {
            language: Some("de"),
            ..DesignChoices::default()
        })
        .expect("valid");
    let options = ExportOptions {
        design,
        ..ExportOptions::with_template(ExportFormat::Pdf, Template::Modern, today())
    };
    let bytes = export(&fixture.source, &fixture.resume, &options)
        .expect("renders")
        .bytes;
    let text = pdf_text(&bytes);
    for german in [
        "BERUFSERFAHRUNG",
        "Apr. 2021 – heute",
        "Kenntnisse:",
        "AUSBILDUNG",
    ] {
        assert!(text.contains(german), "{german} not in:\n{text}");
    }
    assert!(
        text.contains("Leads the streaming platform"),
        "the text stays as written"
    );
    assert!(String::from_utf8_lossy(&bytes).contains("<rdf:li>de</rdf:li>"));
}

#[test]
fn a_one_page_design_with_fifty_roles_keeps_every_role_and_warns() {
    let fixture = Fixture::from_source("generated", generated_resume(50, 20));
    let document = pdf(&fixture, Template::Compact);
    let pages = document.pages.expect("a PDF knows its pages");
    assert!(pages > 1, "50 roles on {pages} page");
    assert_eq!(document.warnings.len(), 1, "{:?}", document.warnings);
    assert!(document.warnings[0].contains(&format!("needs {pages}")));
    let text = pdf_text(&document.bytes);
    let roles = &fixture.resume.experience.as_ref().expect("roles").roles;
    assert_eq!(roles.len(), 50);
    let titles: Vec<String> = roles
        .iter()
        .map(|r| r.basics.title.trim().to_owned())
        .collect();
    assert_in_order("generated", &text, &titles);
    let modern = pdf(&fixture, Template::Modern);
    assert!(
        modern.warnings.is_empty(),
        "only a design with a page target warns"
    );
}

#[test]
fn section_choices_hide_and_reorder_sections() {
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    let design = Design::for_template(Template::Classic)
        .apply(&DesignChoices {
            sections: Some("skills,experience"),
            ..DesignChoices::default()
        })
        .expect("valid");
    let options = ExportOptions {
        design,
        ..ExportOptions::with_template(ExportFormat::Pdf, Template::Classic, today())
    };
    let text = pdf_text(
        &export(&fixture.source, &fixture.resume, &options)
            .expect("renders")
            .bytes,
    );
    let skills = text.find("Skills").expect("skills heading");
    let experience = text.find("Experience").expect("experience heading");
    assert!(skills < experience, "skills first:\n{text}");
    for hidden in [
        "Education",
        "Certifications",
        "Queue Lens",
        "Platform engineer who",
    ] {
        assert!(!text.contains(hidden), "{hidden} shown:\n{text}");
    }
}
