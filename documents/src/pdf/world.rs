//! The Typst world of one render: the designs' template as the main file, the resume as the
//! one data file next to it, and the embedded fonts. Nothing is read from disk or the
//! network, and the clock is never asked.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FONTS;

/// The designs' Typst source.
const TEMPLATE: &str = include_str!("../../templates/designs.typ");

/// The standard library, built once.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("a fixed, valid path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// One render's inputs.
pub(super) struct ResumeWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl ResumeWorld {
    /// A world whose `/resume.json` holds `data`.
    pub(super) fn new(data: Vec<u8>) -> Self {
        Self {
            main: Source::new(file_id("/designs.typ"), TEMPLATE.to_owned()),
            data_id: file_id("/resume.json"),
            data: Bytes::new(data),
        }
    }
}

impl World for ResumeWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.faces.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
