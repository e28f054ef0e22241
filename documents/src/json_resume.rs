//! The JSON Resume export: the prepared resume (date range and inclusion applied, as for the
//! Markdown export) as a JSON Resume 1.2 document. The mapping is `resume_shared`'s; this
//! module only chooses what goes in and writes the bytes.

use resume_shared::Resume;
use resume_shared::json_resume::to_json_resume;

use super::filter::{self, DateRange};

/// The JSON Resume document of an export with `range`, pretty-printed, with a final newline.
pub(crate) fn export(resume: &Resume, range: DateRange) -> Vec<u8> {
    let document = to_json_resume(&filter::prepare(resume, range));
    format!("{document:#}\n").into_bytes()
}
