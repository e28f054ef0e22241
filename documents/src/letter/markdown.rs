//! A cover letter as Markdown: the candidate's header (`# Name` and the contact line as plain
//! text, items joined by ` · `), a blank line, the date and the recipient lines, a blank line,
//! then the body as written. Every part that is missing is left out with its blank line; the
//! text ends with one line feed.

use crate::design::Language;
use crate::sheet::{SEPARATOR, Sheet};

use super::Letter;
use super::sheet::recipient_lines;

/// The Markdown text of `letter` under `header`'s name and contact line (the header of the
/// letter's designed sheet, so every format shows the same one), dated in `language`.
pub(super) fn export(letter: &Letter<'_>, header: &Sheet, language: Language) -> String {
    let mut out = String::new();
    if !header.name.is_empty() {
        out.push_str("# ");
        out.push_str(&header.name);
        out.push('\n');
    }
    let contact: Vec<&str> = header
        .contact
        .iter()
        .map(|run| run.text.trim())
        .filter(|text| !text.is_empty())
        .collect();
    if !contact.is_empty() {
        out.push_str(&contact.join(SEPARATOR));
        out.push('\n');
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&letter.date.written_in(language));
    out.push('\n');
    for line in recipient_lines(letter) {
        out.push_str(line);
        out.push('\n');
    }
    if !letter.body.trim().is_empty() {
        out.push('\n');
        out.push_str(letter.body);
        if !letter.body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
