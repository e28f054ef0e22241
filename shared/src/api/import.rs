//! Wire types of the import preview (`POST /resumes/import/preview`): a file's text is
//! converted (a JSON Resume document to our Markdown) and checked, and the answer says what
//! would be saved — the Markdown, a name, every error and warning, the mapping's dropped fields
//! first — while nothing is stored. The browser app shows it before the user confirms.

use serde::{Deserialize, Serialize};

use super::input::{
    CheckInput, Limit, MAX_CONTENT_BYTES, MAX_NAME_CHARS, Problems, check_line, check_text,
};
use crate::markdown::Diagnostic;

/// What kind of file an import read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// Our Markdown format (`.md`, `.markdown`, `.txt`, or no name).
    Markdown,
    /// A JSON Resume document (a name ending in `.json`).
    JsonResume,
}

impl ImportFormat {
    /// The format of a file named `file_name`: JSON Resume for `*.json` (any case), else
    /// Markdown.
    #[must_use]
    pub fn of_file(file_name: Option<&str>) -> Self {
        let json = file_name
            .and_then(|name| name.rsplit_once('.'))
            .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("json"));
        if json {
            Self::JsonResume
        } else {
            Self::Markdown
        }
    }
}

/// `POST /resumes/import/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreviewRequest {
    /// The file's name, which says its format (`*.json`: JSON Resume) and gives the default
    /// resume name; at most 255 characters, one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 255, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub file_name: Option<String>,
    /// The file's text (at most 1 MiB, no NUL characters).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1048576, pattern = r"^[^\x00]*$")
    )]
    pub content: String,
}

impl CheckInput for ImportPreviewRequest {
    fn check_input(&self, problems: &mut Problems) {
        if let Some(name) = &self.file_name {
            check_line(problems, "file_name", name, Limit::Chars(MAX_NAME_CHARS));
        }
        check_text(
            problems,
            "content",
            &self.content,
            Limit::Bytes(MAX_CONTENT_BYTES),
        );
    }
}

/// The answer of `POST /resumes/import/preview`: what an import would save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreviewResponse {
    /// What kind of file it was.
    pub format: ImportFormat,
    /// The name the resume would get: the file name without its extension, else the
    /// candidate's name, else "Imported resume".
    pub name: String,
    /// The Markdown that would be saved (send it to `POST /resumes/import` to save it).
    pub content: String,
    /// The errors, in line order: the first 100. Any error means it cannot be saved.
    pub errors: Vec<Diagnostic>,
    /// How many errors there are in all.
    pub error_count: u64,
    /// The warnings: every field a JSON Resume mapping dropped or approximated (line 0, its
    /// JSON path), then the text's own, in line order (the first 100 of those).
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there are in all.
    pub warning_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_says_the_format() {
        assert_eq!(
            ImportFormat::of_file(Some("me.JSON")),
            ImportFormat::JsonResume
        );
        assert_eq!(ImportFormat::of_file(Some("me.md")), ImportFormat::Markdown);
        assert_eq!(ImportFormat::of_file(Some("json")), ImportFormat::Markdown);
        assert_eq!(ImportFormat::of_file(None), ImportFormat::Markdown);
    }
}
