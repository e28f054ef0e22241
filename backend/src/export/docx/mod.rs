//! The two Word layouts (format spec §6.3 ATS-friendly, §6.4 plain, with the fixes of A.5):
//! the shared document base and body collector here, one module per layout, and the pieces
//! the plain layout computes (executive summary, skills matrix, skill highlighting).

mod ats;
mod highlight;
mod inline;
mod matrix;
mod plain;
mod primitives;
mod styles;
mod summary;
mod text;
mod years;

use std::io::Cursor;

use docx_rs::{Docx, Hyperlink, HyperlinkData, Paragraph, ParagraphChild, Run, Table};
use resume_shared::{Resume, YearMonth};

use super::error::ExportError;
use super::settings::Settings;

/// Which Word layout to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Format spec §6.3.
    Ats,
    /// Format spec §6.4.
    Plain,
}

/// Renders a prepared resume as a DOCX package.
pub(crate) fn render(
    resume: &Resume,
    settings: &Settings,
    layout: Layout,
    today: YearMonth,
) -> Result<Vec<u8>, ExportError> {
    let mut body = Body::default();
    match layout {
        Layout::Ats => ats::render(&mut body, resume, settings),
        Layout::Plain => plain::render(&mut body, resume, settings, today),
    }
    pack(body.into_docx(styles::new_document(settings)))
}

/// Writes the zip package.
fn pack(docx: Docx) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Cursor::new(Vec::new());
    docx.pack(&mut bytes)
        .map_err(|err| ExportError::Pack(std::io::Error::other(err)))?;
    Ok(bytes.into_inner())
}

/// A top-level block of the document body.
#[derive(Debug)]
enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// The document body as the layouts write it, in order.
#[derive(Debug, Default)]
pub(super) struct Body {
    blocks: Vec<Block>,
    /// Hyperlink relationships made so far; numbered per document so that ids are stable and
    /// unique even when documents are rendered concurrently.
    links: usize,
}

impl Body {
    /// Appends a paragraph.
    pub(super) fn push(&mut self, paragraph: Paragraph) {
        self.blocks.push(Block::Paragraph(paragraph));
    }

    /// Appends a table.
    pub(super) fn push_table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    /// An external hyperlink to `url` showing `run`.
    pub(super) fn link(&mut self, url: &str, run: Run) -> Hyperlink {
        self.links += 1;
        Hyperlink {
            link: HyperlinkData::External {
                rid: format!("rIdLink{}", self.links),
                path: primitives::xml_attribute(url),
            },
            history: None,
            children: vec![ParagraphChild::Run(Box::new(run))],
        }
    }

    /// The blocks added to `docx` in order.
    fn into_docx(self, docx: Docx) -> Docx {
        self.blocks
            .into_iter()
            .fold(docx, |docx, block| match block {
                Block::Paragraph(paragraph) => docx.add_paragraph(paragraph),
                Block::Table(table) => docx.add_table(table),
            })
    }
}
