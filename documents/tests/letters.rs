//! Cover letters: the PDF and Word documents of the three designs carry the resume's header,
//! the date in the design's language, the recipient lines and the body with its emphasis, and
//! no section heading; the Markdown text is exact; the original templates and JSON Resume are
//! refused with errors naming what is offered; file names; an empty or very long body.

mod support;

use resume_documents::design::Language;
use resume_documents::{
    Document, ExportError, ExportFormat, ExportOptions, Letter, LetterDate, Template,
    export_letter, letter_file_name,
};
use resume_shared::sample::generated_resume;
use resume_shared::{Resume, YearMonth};
use support::package::{part, well_formed};
use support::{designs, pdf_info, pdf_layout_text, pdf_text};

const BODY: &str = "Dear Mr Lumbergh,\n\n\
I am writing to apply for the **Senior Backend Engineer** role at Initech.\n\
My *recent* work cut report latency from hours to minutes.\n\n\
What I would bring:\n\n\
- Rust services in production\n\
- On-call runbooks & SLOs for C# <b>$5</b> teams\n\n\
Kind regards,\n\
Jordan Rivera\n";

fn resume() -> Resume {
    resume_shared::parse(&generated_resume(2, 1))
        .expect("the sample parses")
        .resume
}

fn date() -> LetterDate {
    LetterDate::new(2026, 12, 7).expect("a date")
}

fn letter(body: &str) -> Letter<'_> {
    Letter {
        body,
        company: Some("Initech"),
        contact: Some("Bill Lumbergh"),
        date: date(),
    }
}

fn options(format: ExportFormat, template: Template) -> ExportOptions {
    let today = YearMonth::new(2026, 12).expect("a month");
    ExportOptions::with_template(format, template, today)
}

fn export(body: &str, format: ExportFormat, template: Template) -> Document {
    export_letter(&letter(body), &resume(), &options(format, template)).expect("the letter exports")
}

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(label: &str, haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{label}: {needle:?} missing after byte {from} of:\n{haystack}"),
        }
    }
}

#[test]
fn pdf_letters_carry_header_date_recipient_and_body_in_order() {
    for template in designs() {
        let document = export(BODY, ExportFormat::Pdf, template);
        assert!(document.bytes.starts_with(b"%PDF"), "{template}");
        assert_eq!(document.pages, Some(1), "{template}");
        assert!(
            document.warnings.is_empty(),
            "{template}: {:?}",
            document.warnings
        );
        assert_eq!(document.content_type, "application/pdf");
        assert_eq!(document.extension, "pdf");
        for (mode, text) in [
            ("raw", pdf_text(&document.bytes)),
            ("layout", pdf_layout_text(&document.bytes)),
        ] {
            let label = format!("{template} ({mode})");
            assert_in_order(
                &label,
                &text,
                &[
                    "Jordan Rivera",
                    "jordan@example.org",
                    "555-0100",
                    "github.com/jrivera",
                    "7 December 2026",
                    "Initech",
                    "Bill Lumbergh",
                    "Dear Mr Lumbergh,",
                    "I am writing to apply for the Senior Backend Engineer role at Initech.",
                    "My recent work cut report latency from hours to minutes.",
                    "Rust services in production",
                    "On-call runbooks & SLOs for C# <b>$5</b> teams",
                    "Kind regards,",
                    "Jordan Rivera",
                ],
            );
            assert!(
                !text.contains("**"),
                "{label}: emphasis markers are not printed"
            );
            assert!(
                !text.contains("- Rust"),
                "{label}: bullets are real bullets"
            );
        }
        let info = pdf_info(&document.bytes);
        assert!(info.contains("Jordan Rivera – Cover letter"), "{info}");
    }
}

#[test]
fn pdf_header_matches_the_resumes() {
    let resume = resume();
    for template in designs() {
        let options = options(ExportFormat::Pdf, template);
        let resume_pdf = resume_documents::export(&generated_resume(2, 1), &resume, &options)
            .expect("the resume exports");
        let letter_pdf = export_letter(&letter(BODY), &resume, &options).expect("the letter");
        let resume_text = pdf_layout_text(&resume_pdf.bytes);
        let letter_text = pdf_layout_text(&letter_pdf.bytes);
        // The header is everything before the first section: the resume's summary heading
        // and the letter's date.
        let resume_header = resume_text
            .split(" Backend engineer focused")
            .next()
            .expect("a header");
        let resume_header = resume_header
            .rsplit_once(' ')
            .map_or(resume_header, |(header, _heading)| header);
        let letter_header = letter_text
            .split(" 7 December 2026")
            .next()
            .expect("a header");
        assert_eq!(letter_header, resume_header, "{template}");
        assert!(letter_header.starts_with("Jordan Rivera jordan@example.org"));
    }
}

#[test]
fn the_date_is_written_in_the_designs_language() {
    let mut options = options(ExportFormat::Pdf, Template::Modern);
    options.design.language = Language::German;
    let document = export_letter(&letter(BODY), &resume(), &options).expect("the letter");
    let text = pdf_text(&document.bytes);
    assert!(text.contains("7. Dezember 2026"), "{text}");
    assert!(!text.contains("December"), "{text}");
}

#[test]
fn letters_are_deterministic() {
    for format in [
        ExportFormat::Pdf,
        ExportFormat::Docx,
        ExportFormat::Markdown,
    ] {
        let first = export(BODY, format, Template::Classic);
        let second = export(BODY, format, Template::Classic);
        assert_eq!(first.bytes, second.bytes, "{format}");
    }
}

#[test]
fn long_letters_flow_onto_more_pages_with_a_warning() {
    let paragraph = "This paragraph tells the reader at some length why the candidate fits the \
                     role, and it keeps going so that many of them fill more than one page. ";
    let body: String = (0..40)
        .map(|_| format!("{}\n\n", paragraph.repeat(2)))
        .collect();
    for template in designs() {
        let document = export(&body, ExportFormat::Pdf, template);
        let pages = document.pages.expect("a PDF counts its pages");
        assert!(pages >= 2, "{template}: {pages} page(s)");
        assert_eq!(document.warnings.len(), 1, "{template}");
        assert!(
            document.warnings[0].contains(&format!("needs {pages}")),
            "{:?}",
            document.warnings
        );
        let info = pdf_info(&document.bytes);
        assert!(
            info.contains(&format!("Pages:           {pages}")),
            "{info}"
        );
    }
}

#[test]
fn an_empty_body_still_exports_header_and_date() {
    for template in designs() {
        let pdf = export("", ExportFormat::Pdf, template);
        assert_eq!(pdf.pages, Some(1));
        let text = pdf_text(&pdf.bytes);
        assert_in_order(
            &template.to_string(),
            &text,
            &["Jordan Rivera", "7 December 2026", "Bill Lumbergh"],
        );
        let docx = export(" \n\n", ExportFormat::Docx, template);
        let document = part(&docx.bytes, "word/document.xml");
        assert!(document.contains("7 December 2026"));
    }
    let bare = Letter {
        body: "",
        company: None,
        contact: None,
        date: date(),
    };
    let nobody = Resume::default();
    let markdown = export_letter(
        &bare,
        &nobody,
        &options(ExportFormat::Markdown, Template::Modern),
    )
    .expect("the letter");
    assert_eq!(
        String::from_utf8(markdown.bytes).unwrap(),
        "7 December 2026\n"
    );
    let pdf = export_letter(
        &bare,
        &nobody,
        &options(ExportFormat::Pdf, Template::Compact),
    )
    .expect("a letter without a name or recipient");
    assert!(pdf_text(&pdf.bytes).contains("7 December 2026"));
}

/// The paragraphs of `word/document.xml`, each as its XML.
fn paragraphs(document: &str) -> Vec<&str> {
    document
        .split("<w:p>")
        .skip(1)
        .map(|p| p.split("</w:p>").next().expect("a paragraph end"))
        .collect()
}

/// The text of a paragraph's XML: its `w:t` contents, `w:br` as a line feed.
fn paragraph_text(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split('<').skip(1) {
        if piece.starts_with("w:br/>") {
            out.push('\n');
        } else if let Some(text) = piece.strip_prefix("w:t xml:space=\"preserve\">") {
            out.push_str(text);
        }
    }
    out
}

#[test]
fn docx_letters_carry_the_same_content_without_a_heading() {
    for template in designs() {
        let document = export(BODY, ExportFormat::Docx, template);
        assert_eq!(document.extension, "docx");
        assert_eq!(document.pages, None);
        let xml = part(&document.bytes, "word/document.xml");
        well_formed(&xml).unwrap_or_else(|e| panic!("{template}: {e}"));
        let texts: Vec<String> = paragraphs(&xml).into_iter().map(paragraph_text).collect();
        assert_eq!(texts[0], "Jordan Rivera", "{template}");
        assert!(
            texts[1].starts_with("jordan@example.org · 555-0100"),
            "{texts:?}"
        );
        assert_eq!(texts[2], "7 December 2026");
        assert_eq!(texts[3], "Initech\nBill Lumbergh");
        assert_eq!(texts[4], "Dear Mr Lumbergh,");
        assert_eq!(
            texts[5],
            "I am writing to apply for the Senior Backend Engineer role at Initech.\nMy recent work cut report latency from hours to minutes."
        );
        assert_eq!(texts[7], "Rust services in production");
        assert_eq!(
            texts[8],
            "On-call runbooks &amp; SLOs for C# &lt;b&gt;$5&lt;/b&gt; teams"
        );
        assert_eq!(texts[9], "Kind regards,\nJordan Rivera");
        assert_eq!(texts.len(), 10, "{texts:?}");
        assert!(
            !xml.contains("Heading1"),
            "{template}: no heading paragraph"
        );
        assert!(xml.contains(
            "<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">Senior Backend Engineer</w:t>"
        ));
        let items = paragraphs(&xml)
            .iter()
            .filter(|p| p.contains("<w:numPr>"))
            .count();
        assert_eq!(items, 2, "{template}: the bullets are list paragraphs");
        let date = paragraphs(&xml)[2];
        assert!(
            date.contains("<w:spacing w:before="),
            "{template}: the date keeps the heading's space above: {date}"
        );
        let core = part(&document.bytes, "docProps/core.xml");
        assert!(core.contains("<dc:title>Jordan Rivera – Cover letter</dc:title>"));
    }
}

#[test]
fn markdown_letters_are_header_date_recipient_and_the_body_as_written() {
    let document = export(
        "Dear Bill,\n\nI **want** this job.\n\nBest,\nJordan",
        ExportFormat::Markdown,
        Template::OriginalAts,
    );
    assert_eq!(document.extension, "md");
    assert_eq!(
        String::from_utf8(document.bytes).expect("UTF-8"),
        "# Jordan Rivera\n\
         jordan@example.org · 555-0100 · Springfield, USA · github.com/jrivera · linkedin.com/in/jrivera · Permanent resident\n\
         \n\
         7 December 2026\n\
         Initech\n\
         Bill Lumbergh\n\
         \n\
         Dear Bill,\n\nI **want** this job.\n\nBest,\nJordan\n"
    );
}

#[test]
fn original_templates_are_refused_naming_the_designs() {
    for template in [Template::OriginalAts, Template::OriginalPlain] {
        for format in [ExportFormat::Pdf, ExportFormat::Docx] {
            let error = export_letter(&letter(BODY), &resume(), &options(format, template))
                .expect_err("letters use the designs only");
            assert!(
                matches!(&error, ExportError::LetterTemplate { template: t, .. } if *t == template.as_str()),
                "{error:?}"
            );
            let message = error.to_string();
            assert!(message.contains(template.as_str()), "{message}");
            for design in ["classic", "modern", "compact"] {
                assert!(message.contains(design), "{message}");
            }
        }
    }
}

#[test]
fn json_resume_is_refused_naming_the_formats() {
    for template in [Template::Modern, Template::OriginalAts] {
        let error = export_letter(
            &letter(BODY),
            &resume(),
            &options(ExportFormat::JsonResume, template),
        )
        .expect_err("no JSON Resume letters");
        assert!(
            matches!(
                &error,
                ExportError::LetterFormat {
                    format: "json-resume",
                    ..
                }
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("pdf, docx or markdown"), "{message}");
    }
}

#[test]
fn file_names_name_the_candidate_and_the_company() {
    assert_eq!(
        letter_file_name(Some("Jane Doe"), Some("Initech"), ExportFormat::Pdf),
        "Jane_Doe_Cover_Letter_Initech.pdf"
    );
    assert_eq!(
        letter_file_name(None, None, ExportFormat::Docx),
        "Cover_Letter.docx"
    );
}
