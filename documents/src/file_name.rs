//! Download file names (product spec §7): `<resume name>.<ext>`, or
//! `<candidate name>_<resume name>.<ext>` for a tailored resume, and
//! `<candidate name>_Cover_Letter_<company>.<ext>` for a cover letter, reduced to characters
//! that are safe in every file system and in a `Content-Disposition` header once
//! percent-encoded.

use super::options::ExportFormat;

/// The stem used when nothing of a name survives sanitising.
const FALLBACK_STEM: &str = "resume";

/// The file name of an export; see `docs/EXPORT.md` for the sanitising rules.
pub(crate) fn file_name(
    resume_name: &str,
    candidate_name: Option<&str>,
    tailored: bool,
    format: ExportFormat,
) -> String {
    let mut stem = sanitize(resume_name);
    if stem.is_empty() {
        stem = FALLBACK_STEM.to_owned();
    }
    if tailored {
        let candidate = sanitize(candidate_name.unwrap_or_default());
        if !candidate.is_empty() {
            stem = format!("{candidate}_{stem}");
        }
    }
    format!("{stem}.{}", format.extension())
}

/// What every cover letter's file name says.
const LETTER_STEM: &str = "Cover_Letter";

/// The file name of a cover letter: the sanitised candidate name, `Cover_Letter` and the
/// sanitised company, the names left out when nothing of them survives.
pub(crate) fn letter_file_name(
    candidate_name: Option<&str>,
    company: Option<&str>,
    format: ExportFormat,
) -> String {
    let candidate = sanitize(candidate_name.unwrap_or_default());
    let company = sanitize(company.unwrap_or_default());
    let stem = [candidate.as_str(), LETTER_STEM, company.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("{stem}.{}", format.extension())
}

/// Keeps letters, digits, `_` and `.`; whitespace becomes `_`, anything else is dropped; runs
/// of `_` collapse to one; leading and trailing `_` and `.` are removed (no hidden files, no
/// names ending in a dot, which Windows rejects).
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let kept = if c.is_whitespace() {
            '_'
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            c
        } else {
            continue;
        };
        if kept == '_' && out.ends_with('_') {
            continue;
        }
        out.push(kept);
    }
    out.trim_matches(['_', '.']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_resumes_are_named_after_the_resume() {
        assert_eq!(
            file_name(
                "Backend 2025",
                Some("Alex Morgan"),
                false,
                ExportFormat::Docx
            ),
            "Backend_2025.docx"
        );
        assert_eq!(
            file_name("cv", None, false, ExportFormat::Markdown),
            "cv.md"
        );
    }

    #[test]
    fn tailored_resumes_lead_with_the_candidate() {
        assert_eq!(
            file_name(
                "Acme – Staff Engineer",
                Some("Alex Morgan"),
                true,
                ExportFormat::Docx
            ),
            "Alex_Morgan_Acme_Staff_Engineer.docx"
        );
        assert_eq!(
            file_name("Acme", None, true, ExportFormat::Markdown),
            "Acme.md"
        );
        assert_eq!(
            file_name("Acme", Some("!!!"), true, ExportFormat::Markdown),
            "Acme.md"
        );
    }

    #[test]
    fn sanitising_keeps_letters_digits_underscores_and_dots() {
        assert_eq!(sanitize("José  Núñez"), "José_Núñez");
        assert_eq!(sanitize("v1.2 final (copy)"), "v1.2_final_copy");
        assert_eq!(sanitize("a/b\\c:d*e?f\"g<h>i|j"), "abcdefghij");
        assert_eq!(sanitize("__x __ y__"), "x_y");
        assert_eq!(sanitize("..hidden."), "hidden");
        assert_eq!(sanitize("tab\tand\nnewline"), "tab_and_newline");
        assert_eq!(sanitize("   "), "");
    }

    #[test]
    fn letters_name_the_candidate_and_the_company() {
        assert_eq!(
            letter_file_name(Some("Jane Doe"), Some("Initech"), ExportFormat::Pdf),
            "Jane_Doe_Cover_Letter_Initech.pdf"
        );
        assert_eq!(
            letter_file_name(Some(" José Núñez "), Some("A/B & Co."), ExportFormat::Docx),
            "José_Núñez_Cover_Letter_AB_Co.docx"
        );
        assert_eq!(
            letter_file_name(None, Some("Initech"), ExportFormat::Markdown),
            "Cover_Letter_Initech.md"
        );
        assert_eq!(
            letter_file_name(Some("???"), None, ExportFormat::Pdf),
            "Cover_Letter.pdf"
        );
        assert_eq!(
            letter_file_name(Some("Jane Doe"), Some("  "), ExportFormat::Pdf),
            "Jane_Doe_Cover_Letter.pdf"
        );
    }

    #[test]
    fn nothing_left_falls_back_to_resume() {
        assert_eq!(
            file_name("???", None, false, ExportFormat::Docx),
            "resume.docx"
        );
        assert_eq!(
            file_name("", Some("Sam Lee"), true, ExportFormat::Markdown),
            "Sam_Lee_resume.md"
        );
    }
}
