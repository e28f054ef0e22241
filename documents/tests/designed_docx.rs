//! The Word rendering of the designed templates (`classic`, `modern`, `compact`), checked on
//! the complete fixture resume: the content in reading order, the real Word styles the look
//! rests on (default `Normal`, `Title`, `Heading 1` with its accent rule, the entry header's
//! right tab stop, bullet numbering), hyperlinks, the page, the design's choices,
//! deterministic bytes, and that LibreOffice opens every design and prints its text.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use quick_xml::Reader;
use quick_xml::events::Event;
use resume_documents::{Design, DesignChoices, ExportFormat, ExportOptions, Template, export};
use resume_shared::{Resume, YearMonth};
use support::libreoffice;

mod support;

const FIXTURE: &str = "../shared/tests/fixtures/resumes/valid/complete.md";

const DESIGNS: [Template; 3] = [Template::Classic, Template::Modern, Template::Compact];

/// The roles of the fixture: title, dates and bullets, in order.
const ROLES: [(&str, &str, &[&str]); 3] = [
    (
        "Staff Platform Engineer",
        "Apr 2021 – Present",
        &[
            "Migrated 120 nightly batch jobs to Kafka streams, cutting data latency from 24 hours to 2 minutes",
            "Designed the on-call runbook and SLOs for the event platform",
            "Mentored six engineers through the platform's Rust rewrite",
        ],
    ),
    (
        "Senior Software Engineer",
        "Jul 2016 – Mar 2021",
        &[
            "Rewrote the ingestion API in Go, serving 8,000 requests per second at p99 under 40 ms",
            "Ran the migration from self-managed PostgreSQL to Amazon RDS with zero downtime",
        ],
    ),
    (
        "Software Developer",
        "Aug 2012 – Jun 2016",
        &["Automated monthly invoice runs with Python, saving 30 staff hours per month"],
    ),
];

/// The section headings of the fixture, in order.
const HEADINGS: [&str; 6] = [
    "Summary",
    "Experience",
    "Projects",
    "Education",
    "Certifications",
    "Skills",
];

fn fixture() -> (String, Resume) {
    let source = std::fs::read_to_string(FIXTURE).expect("the fixture resume");
    let resume = resume_shared::parse(&source)
        .expect("the fixture parses")
        .resume;
    (source, resume)
}

/// The DOCX of the fixture in `template` with `design` (the template's own when `None`).
fn render(template: Template, design: Option<Design>) -> Vec<u8> {
    let (source, resume) = fixture();
    let today = YearMonth::new(2026, 12).expect("a month");
    let mut options = ExportOptions::with_template(ExportFormat::Docx, template, today);
    if let Some(design) = design {
        options.design = design;
    }
    let document = export(&source, &resume, &options).expect("the export succeeds");
    assert_eq!(document.extension, "docx");
    document.bytes
}

/// The text parts of a package by name.
struct Package(BTreeMap<String, String>);

impl Package {
    fn read(bytes: &[u8]) -> Self {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a DOCX is a zip");
        let names: Vec<String> = archive
            .file_names()
            .map(|name| name.expect("a UTF-8 part name").into_owned())
            .filter(|name| !name.ends_with('/'))
            .collect();
        let mut parts = BTreeMap::new();
        for name in names {
            let mut file = archive.by_name(&name).expect("a zip entry");
            let mut text = String::new();
            file.read_to_string(&mut text)
                .unwrap_or_else(|err| panic!("{name} is not UTF-8: {err}"));
            parts.insert(name, text);
        }
        Self(parts)
    }

    fn part(&self, name: &str) -> &str {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("no part {name} in {:?}", self.0.keys()))
    }

    fn document(&self) -> &str {
        self.part("word/document.xml")
    }

    fn styles(&self) -> &str {
        self.part("word/styles.xml")
    }

    /// The `w:style` element of style `id`.
    fn style(&self, id: &str) -> &str {
        let styles = self.styles();
        let start = styles
            .find(&format!("w:styleId=\"{id}\">"))
            .unwrap_or_else(|| panic!("no style {id}"));
        let end = start + styles[start..].find("</w:style>").expect("style end");
        &styles[start..end]
    }
}

/// A paragraph of `word/document.xml`: its XML and its text (TAB for `w:tab`).
struct Paragraph<'a> {
    xml: &'a str,
    text: String,
}

fn paragraphs(document: &str) -> Vec<Paragraph<'_>> {
    document
        .split("<w:p>")
        .skip(1)
        .map(|rest| {
            let xml = rest.split("</w:p>").next().expect("paragraph end");
            Paragraph {
                xml,
                text: text_of(xml),
            }
        })
        .collect()
}

/// The text of a paragraph's XML: `w:t` contents unescaped, `w:tab` as TAB.
fn text_of(xml: &str) -> String {
    let mut text = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        if rest.starts_with("<w:tab/>") {
            text.push('\t');
        } else if rest.starts_with("<w:t>") || rest.starts_with("<w:t ") {
            let start = rest.find('>').expect("tag end") + 1;
            let end = rest.find("</w:t>").expect("text end");
            text.push_str(
                &rest[start..end]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            );
        }
        rest = &rest[1..];
    }
    text
}

/// The value of the first `attribute="…"` in `xml` after `element`.
fn attribute(xml: &str, element: &str, attribute: &str) -> u32 {
    let at = xml
        .find(element)
        .unwrap_or_else(|| panic!("no {element} in {xml}"));
    let rest = &xml[at..];
    let key = format!("{attribute}=\"");
    let start = rest.find(&key).expect("attribute") + key.len();
    let end = start + rest[start..].find('"').expect("attribute end");
    rest[start..end].parse().expect("a number")
}

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str], what: &str) {
    let mut from = 0;
    for needle in needles {
        let found = haystack[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{what}: {needle:?} missing or out of order in\n{haystack}"));
        from += found + needle.len();
    }
}

/// Every role title, date range and bullet, in reading order.
fn role_texts() -> Vec<&'static str> {
    ROLES
        .iter()
        .flat_map(|(title, dates, bullets)| {
            [*title, *dates].into_iter().chain(bullets.iter().copied())
        })
        .collect()
}

fn margin_twips(design: &Design) -> u32 {
    // Hundredths of an inch to twips: 1440 per inch.
    u32::from(design.margin) * 1440 / 100
}

#[test]
fn every_role_date_and_bullet_is_there_in_reading_order() {
    for template in DESIGNS {
        let package = Package::read(&render(template, None));
        let paragraphs = paragraphs(package.document());
        let text: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        let text = text.join("\n");
        assert_in_order(&text, &role_texts(), &template.to_string());
        assert_in_order(&text, &HEADINGS, &template.to_string());
        assert!(text.starts_with("Alex Morgan\nalex.morgan@example.com · 555-0142 · Portland, OR · github.com/alexmorgan-dev"), "{template}: {text}");
        for (title, dates, _) in ROLES {
            assert!(
                paragraphs
                    .iter()
                    .any(|p| p.text == format!("{title}\t{dates}")),
                "{template}: {title} and its dates share a line"
            );
        }
    }
}

#[test]
fn headings_are_heading_1_with_a_rule_in_the_accent() {
    for template in DESIGNS {
        let design = Design::for_template(template);
        let package = Package::read(&render(template, None));
        let heading = package.style("Heading1");
        let accent = design.accent.hex();
        assert!(
            heading.contains("<w:name w:val=\"heading 1\"/>"),
            "{heading}"
        );
        assert!(
            heading.contains("<w:pBdr><w:bottom w:val=\"single\" w:sz=\""),
            "{heading}"
        );
        assert!(
            heading.contains(&format!("w:color=\"{accent}\"/></w:pBdr>")),
            "{template}: {heading}"
        );
        assert!(heading.contains("<w:outlineLvl w:val=\"0\"/>"));
        assert!(heading.contains("<w:keepNext/>"));
        assert!(heading.contains("<w:jc w:val=\"left\"/>"));
        assert!(heading.contains("<w:b/>"));
        assert_eq!(
            heading.contains("<w:caps/>"),
            template != Template::Classic,
            "{template}"
        );
        let headings: Vec<String> = paragraphs(package.document())
            .into_iter()
            .filter(|p| p.xml.contains("<w:pStyle w:val=\"Heading1\"/>"))
            .map(|p| p.text)
            .collect();
        assert_eq!(headings, HEADINGS, "{template}");
    }
}

#[test]
fn the_name_is_a_title_of_20_to_26_points() {
    for template in DESIGNS {
        let package = Package::read(&render(template, None));
        let title = package.style("Title");
        let half_points = attribute(title, "<w:sz ", "w:val");
        assert!(
            (40..=52).contains(&half_points),
            "{template}: {half_points}"
        );
        assert!(title.contains("<w:b/>"));
        let first = &paragraphs(package.document())[0];
        assert!(first.xml.contains("<w:pStyle w:val=\"Title\"/>"));
        assert_eq!(first.text, "Alex Morgan");
    }
}

#[test]
fn normal_is_the_default_style_with_the_designs_type() {
    for template in DESIGNS {
        let design = Design::for_template(template);
        let package = Package::read(&render(template, None));
        let styles = package.styles();
        assert!(
            styles.contains("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">")
        );
        let normal = package.style("Normal");
        let family = design.font.family_name();
        assert!(
            normal.contains(&format!(
                "<w:rFonts w:ascii=\"{family}\" w:hAnsi=\"{family}\"/>"
            )),
            "{normal}"
        );
        assert!(normal.contains("<w:color w:val=\"1A1A1A\"/>"));
        assert_eq!(
            attribute(normal, "<w:sz ", "w:val"),
            u32::from(design.font_size) / 5
        );
        assert!(normal.contains("<w:lang w:val=\"en-US\"/>"));
        // Secondary lines are muted.
        for muted in ["Contact", "EntrySubtitle", "EntryDates"] {
            assert!(
                package.style(muted).contains("<w:color w:val=\"555555\"/>"),
                "{muted}"
            );
        }
    }
}

#[test]
fn bullets_are_numbered_paragraphs_with_a_hanging_indent() {
    for template in DESIGNS {
        let package = Package::read(&render(template, None));
        let paragraphs = paragraphs(package.document());
        for (_, _, bullets) in ROLES {
            for bullet in bullets {
                let paragraph = paragraphs
                    .iter()
                    .find(|p| p.text == *bullet)
                    .unwrap_or_else(|| panic!("{template}: no paragraph {bullet:?}"));
                assert!(
                    paragraph
                        .xml
                        .contains("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>")
                );
                assert!(paragraph.xml.contains("<w:pStyle w:val=\"ListBullet\"/>"));
            }
        }
        let numbering = package.part("word/numbering.xml");
        assert!(numbering.contains("<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/>"));
        let hanging = attribute(numbering, "<w:ind ", "w:hanging");
        assert!((180..=300).contains(&hanging), "{template}: {hanging}");
        assert!(
            package
                .part("word/_rels/document.xml.rels")
                .contains("numbering.xml")
        );
        // No typed markers and no empty paragraphs.
        assert!(paragraphs.iter().all(|p| !p.text.contains('•')));
        assert!(
            paragraphs.iter().all(|p| !p.text.trim().is_empty()),
            "{template}"
        );
    }
}

#[test]
fn entry_headers_set_the_dates_on_a_right_tab_stop_and_keep_with_the_body() {
    for template in DESIGNS {
        let design = Design::for_template(template);
        let package = Package::read(&render(template, None));
        let (width, _) = design.paper.twips();
        let text_width = width - 2 * margin_twips(&design);
        let entry_title = package.style("EntryTitle");
        assert!(
            entry_title.contains(&format!(
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{text_width}\"/></w:tabs>"
            )),
            "{template}: {entry_title}"
        );
        for header in ["EntryTitle", "EntrySubtitle"] {
            assert!(
                package
                    .style(header)
                    .contains("<w:keepNext/><w:keepLines/>"),
                "{header}"
            );
        }
        let paragraphs = paragraphs(package.document());
        let staff = paragraphs
            .iter()
            .position(|p| p.text.starts_with("Staff Platform Engineer\t"))
            .expect("the first role");
        assert!(
            paragraphs[staff]
                .xml
                .contains("<w:pStyle w:val=\"EntryTitle\"/>")
        );
        assert!(
            paragraphs[staff]
                .xml
                .contains("<w:rStyle w:val=\"EntryDates\"/></w:rPr><w:tab/>")
        );
        assert!(
            paragraphs[staff + 1]
                .xml
                .contains("<w:pStyle w:val=\"EntrySubtitle\"/>")
        );
        assert_eq!(
            paragraphs[staff + 1].text,
            "Northwind Logistics, Inc. · Remote · Full-time"
        );
        // A degree has no body: its last line lets go of the next entry.
        let school = paragraphs
            .iter()
            .find(|p| p.text == "Riverside Community College")
            .expect("the second degree's subtitle");
        assert!(
            school.xml.contains("<w:keepNext w:val=\"0\"/>"),
            "{}",
            school.xml
        );
        // A role's body paragraphs do not keep with the next.
        let last_bullet = paragraphs
            .iter()
            .find(|p| p.text.starts_with("Mentored six engineers"))
            .expect("a bullet");
        assert!(!last_bullet.xml.contains("keepNext"));
    }
}

#[test]
fn contact_websites_are_hyperlinks() {
    let package = Package::read(&render(Template::Modern, None));
    let rels = package.part("word/_rels/document.xml.rels");
    let document = package.document();
    for (target, shown) in [
        ("mailto:alex.morgan@example.com", "alex.morgan@example.com"),
        (
            "https://github.com/alexmorgan-dev",
            "github.com/alexmorgan-dev",
        ),
        (
            "https://www.linkedin.com/in/alexmorgan-dev",
            "linkedin.com/in/alexmorgan-dev",
        ),
        ("https://alexmorgan.example.com", "alexmorgan.example.com"),
    ] {
        let at = rels
            .find(&format!("Target=\"{target}\""))
            .unwrap_or_else(|| panic!("no relationship to {target} in {rels}"));
        let relationship = &rels[rels[..at].rfind('<').expect("element start")..];
        let relationship = &relationship[..relationship.find("/>").expect("element end")];
        assert!(
            relationship.contains("TargetMode=\"External\""),
            "{relationship}"
        );
        let id_start = relationship.find("Id=\"").expect("an id") + 4;
        let id =
            &relationship[id_start..id_start + relationship[id_start..].find('"').expect("id end")];
        assert!(
            document.contains(&format!("<w:hyperlink r:id=\"{id}\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">{shown}</w:t>")),
            "{target} shows as {shown}"
        );
    }
}

#[test]
fn the_page_follows_the_paper_and_margin() {
    for (paper, size) in [("a4", (11_906, 16_838)), ("letter", (12_240, 15_840))] {
        for template in DESIGNS {
            let design = Design::for_template(template)
                .apply(&DesignChoices {
                    paper: Some(paper),
                    ..DesignChoices::default()
                })
                .expect("a paper");
            let margin = margin_twips(&design);
            let package = Package::read(&render(template, Some(design)));
            let document = package.document();
            assert!(
                document.contains(&format!("<w:pgSz w:w=\"{}\" w:h=\"{}\"/>", size.0, size.1)),
                "{template} {paper}"
            );
            assert!(
                document.contains(&format!("<w:pgMar w:top=\"{margin}\" w:right=\"{margin}\" w:bottom=\"{margin}\" w:left=\"{margin}\"")),
                "{template} {paper}"
            );
            assert!((720..=1080).contains(&margin), "0.5–0.75 in");
        }
    }
}

#[test]
fn a_chosen_accent_reaches_name_headings_and_rules() {
    let design = Design::for_template(Template::Modern)
        .apply(&DesignChoices {
            accent: Some("#aa0011"),
            ..DesignChoices::default()
        })
        .expect("an accent");
    let package = Package::read(&render(Template::Modern, Some(design)));
    assert!(
        package
            .style("Heading1")
            .contains("w:color=\"AA0011\"/></w:pBdr>")
    );
    assert!(
        package
            .style("Heading1")
            .contains("<w:color w:val=\"AA0011\"/>")
    );
    assert!(
        package
            .style("Title")
            .contains("<w:color w:val=\"AA0011\"/>")
    );
    let default_accent = Design::for_template(Template::Modern).accent.hex();
    assert!(!package.styles().contains(&default_accent));
    // Classic keeps its name and headings in ink; only the rule takes the accent.
    let classic = Design::for_template(Template::Classic)
        .apply(&DesignChoices {
            accent: Some("#aa0011"),
            ..DesignChoices::default()
        })
        .expect("an accent");
    let package = Package::read(&render(Template::Classic, Some(classic)));
    assert!(
        package
            .style("Heading1")
            .contains("w:color=\"AA0011\"/></w:pBdr>")
    );
    assert!(!package.style("Title").contains("AA0011"));
}

#[test]
fn the_same_resume_gives_the_same_bytes() {
    for template in DESIGNS {
        let bytes = render(template, None);
        assert!(bytes == render(template, None), "{template}");
        // No clock in the package: every entry carries the zip format's fixed default date
        // (a clock date would differ between exports more than two seconds apart).
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).expect("a zip");
        for i in 0..archive.len() {
            let entry = archive.by_index(i).expect("an entry");
            let year = entry.last_modified().map(|date| date.year());
            assert_eq!(year, Some(1980), "{template}: entry {i}");
        }
    }
}

#[test]
fn the_package_is_well_formed_and_uses_no_tables() {
    for template in DESIGNS {
        let package = Package::read(&render(template, None));
        for (name, text) in &package.0 {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let mut reader = Reader::from_str(text);
                reader.config_mut().check_end_names = true;
                loop {
                    match reader.read_event() {
                        Ok(Event::Eof) => break,
                        Ok(_) => {}
                        Err(err) => panic!("{template}: {name} is not well-formed: {err}"),
                    }
                }
            }
        }
        assert!(!package.document().contains("<w:tbl"), "{template}");
        let core = package.part("docProps/core.xml");
        assert!(
            core.contains("<dc:title>Alex Morgan – Resume</dc:title>"),
            "{core}"
        );
        assert!(core.contains("<dc:creator>Alex Morgan</dc:creator>"));
        assert!(core.contains("<dc:language>en-US</dc:language>"));
        assert!(!core.contains("dcterms:created"), "no timestamps");
        let fonts = package.part("word/fontTable.xml");
        let family = Design::for_template(template).font.family_name();
        assert!(
            fonts.contains(&format!("<w:font w:name=\"{family}\">")),
            "{fonts}"
        );
    }
}

// LibreOffice --------------------------------------------------------------------------------

/// Set to a directory to keep the DOCX files and LibreOffice's PDFs there for inspection.
const KEEP: &str = "DESIGNED_DOCX_KEEP";

#[test]
fn libreoffice_prints_every_design() {
    let scratch = tempfile::tempdir().expect("scratch directory");
    let out = scratch.path().join("pdf");
    std::fs::create_dir_all(&out).expect("output directory");
    let files: Vec<PathBuf> = DESIGNS
        .iter()
        .map(|template| {
            let path = scratch.path().join(format!("{template}.docx"));
            std::fs::write(&path, render(*template, None)).expect("write the DOCX");
            path
        })
        .collect();
    libreoffice::convert_to_pdf(&files, &out, scratch.path());
    for template in DESIGNS {
        let pdf = out.join(format!("{template}.pdf"));
        assert!(pdf.is_file(), "LibreOffice wrote no {}", pdf.display());
        if let Some(keep) = std::env::var_os(KEEP) {
            let keep = PathBuf::from(keep);
            std::fs::create_dir_all(&keep).expect("the directory to keep the files in");
            for file in [scratch.path().join(format!("{template}.docx")), pdf.clone()] {
                let name = file.file_name().expect("a file name");
                std::fs::copy(&file, keep.join(name)).expect("keep a file");
            }
        }
        let text = support::pdf_text(&std::fs::read(&pdf).expect("read the PDF"));
        let mut expected = vec!["Alex Morgan", "github.com/alexmorgan-dev"];
        expected.extend(role_texts());
        expected.extend([
            "Cascade State University",
            "Certified Kubernetes Administrator",
        ]);
        assert_in_order(&text, &expected, &format!("{template} via LibreOffice"));
        assert!(
            text.contains("• Migrated 120 nightly"),
            "{template}: the bullets print: {text}"
        );
        // Headings print in capitals where the design sets them so.
        let experience = if template == Template::Classic {
            "Experience"
        } else {
            "EXPERIENCE"
        };
        assert!(text.contains(experience), "{template}: {text}");
    }
}
