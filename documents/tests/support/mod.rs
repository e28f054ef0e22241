//! Shared by the documents crate's integration tests: the fixtures, the designs, and poppler's
//! tools run on rendered PDFs. A missing tool is a failure naming the package to install.

#![allow(dead_code, reason = "each test file uses a different part")]

pub mod libreoffice;
pub mod package;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use resume_documents::Template;
use resume_shared::Resume;

/// A resume file and its model.
pub struct Fixture {
    /// The file name without extension.
    pub name: String,
    /// The text.
    pub source: String,
    /// The parsed model.
    pub resume: Resume,
}

impl Fixture {
    /// Parses `source`.
    pub fn from_source(name: &str, source: String) -> Self {
        let resume = resume_shared::parse(&source)
            .unwrap_or_else(|e| panic!("{name} parses: {e:?}"))
            .resume;
        Self {
            name: name.to_owned(),
            source,
            resume,
        }
    }

    /// Reads and parses a file, relative to the crate.
    pub fn from_file(path: &str) -> Self {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let source =
            std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
        let name = full
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        Self::from_source(&name, source)
    }
}

/// The valid shared fixtures and the crate's own test resumes.
pub fn fixtures() -> Vec<Fixture> {
    let mut out: Vec<Fixture> = ["complete", "messy", "minimal", "bom-crlf"]
        .iter()
        .map(|name| {
            Fixture::from_file(&format!("../shared/tests/fixtures/resumes/valid/{name}.md"))
        })
        .collect();
    out.push(Fixture::from_file("tests/data/unicode.md"));
    out.push(Fixture::from_file("tests/data/metacharacters.md"));
    out
}

/// The designed templates.
pub fn designs() -> [Template; 3] {
    [Template::Classic, Template::Modern, Template::Compact]
}

/// Whitespace runs as single spaces: line breaks in a PDF depend on the layout, not the text.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs a poppler tool on `pdf` and returns its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(pdf).expect("write the PDF");
    let output = Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`{tool}` did not run ({e}); install Debian's poppler-utils (scripts/test.sh does)"
            )
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The text of `pdf` in content-stream order (`pdftotext -raw`, what stream-order extractors
/// such as PDFBox see), whitespace normalised.
pub fn pdf_text(pdf: &[u8]) -> String {
    normalise(&poppler("pdftotext", &["-enc", "UTF-8", "-raw"], pdf))
}

/// The text of `pdf` line by line as printed (`pdftotext -layout`, what position-sorting
/// extractors see), whitespace normalised.
pub fn pdf_layout_text(pdf: &[u8]) -> String {
    normalise(&poppler("pdftotext", &["-enc", "UTF-8", "-layout"], pdf))
}

/// `pdfinfo`'s report.
pub fn pdf_info(pdf: &[u8]) -> String {
    poppler("pdfinfo", &[], pdf)
}

/// `pdffonts`' table.
pub fn pdf_fonts(pdf: &[u8]) -> String {
    poppler("pdffonts", &[], pdf)
}

/// The link targets of `pdf` (`pdfinfo -url`).
pub fn pdf_links(pdf: &[u8]) -> String {
    poppler("pdfinfo", &["-url"], pdf)
}
