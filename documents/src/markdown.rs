//! The Markdown export (product spec §7): the stored text byte for byte when nothing filters
//! it, otherwise the canonical serialization of the prepared resume. The export dialog's
//! DOCX-only options (projects, projects first, education) do not apply here.

use resume_shared::{Resume, to_markdown};

use super::filter::{self, DateRange};

/// The Markdown text of an export with `range`.
pub(crate) fn export(source: &str, resume: &Resume, range: DateRange) -> String {
    if range.is_unbounded() && !filter::has_inclusion_controls(resume) {
        return source.to_owned();
    }
    to_markdown(&filter::prepare(resume, range))
}
