//! JSON Resume (<https://jsonresume.org>, schema 1.2) import and export.
//!
//! [`to_json_resume`] writes a resume as a JSON Resume document; [`from_json_resume`] (and
//! [`from_json_resume_str`]) read one back into our model with a [`Warning`] for every field
//! that was dropped or approximated, so nothing is lost without a word. The mapping, field by
//! field, is documented in `docs/FORMAT.md` ("JSON Resume").
//!
//! Fields of ours that JSON Resume has no place for (visa status, the note, a role's agency,
//! inclusion and skills, …) are written into an `x-resume-editor` object next to the fields
//! they belong with. JSON Resume allows extra properties and its themes ignore them; reading
//! them back makes an export followed by an import lossless.
//!
//! This module maps models only: it does no I/O and knows nothing of the Markdown text.

mod dates;
mod error;
mod from_json;
mod reader;
mod to_json;
mod warnings;

pub use error::JsonResumeError;
pub use from_json::{Imported, from_json_resume, from_json_resume_str};
pub use to_json::to_json_resume;
pub use warnings::{Warning, WarningKind};

/// The key of the object holding our fields that JSON Resume has no place for.
pub const EXTENSION_KEY: &str = "x-resume-editor";

/// The top-level sections of JSON Resume 1.2; a document with none of them is not a resume.
pub const SECTIONS: [&str; 13] = [
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
    "meta",
];
