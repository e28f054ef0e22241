//! PDF and page images of the designed templates, typeset in-process by Typst. The template
//! (`documents/templates/designs.typ`) reads the `Sheet` and `Style` as JSON data; the
//! fonts are embedded (`fonts`); the document is tagged (PDF/UA-1) with its title, author
//! and language, and its bytes depend on nothing but the input: the creation date is the
//! export's month.

mod fonts;
mod world;

use resume_shared::YearMonth;
use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst::utils::Scalar;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::ExportError;
use crate::sheet::Sheet;
use crate::style::Style;
use world::ResumeWorld;

/// What the template reads from `/resume.json`.
#[derive(Serialize)]
struct TemplateData<'a> {
    sheet: &'a Sheet,
    style: &'a Style,
    /// Families tried, in order, for glyphs the design's family lacks.
    fallbacks: &'static [&'static str],
    date: DateData,
}

#[derive(Serialize)]
struct DateData {
    year: u32,
    month: u32,
}

/// A typeset document.
pub struct Typeset {
    document: PagedDocument,
    month: YearMonth,
}

impl Typeset {
    /// The number of pages.
    #[must_use]
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// The document as tagged PDF (PDF/UA-1).
    ///
    /// # Errors
    /// [`ExportError::Typeset`] when Typst cannot write it.
    pub fn pdf(&self) -> Result<Vec<u8>, ExportError> {
        let standards = PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| ExportError::Typeset(e.message().to_string()))?;
        let created = Datetime::from_ymd(
            i32::try_from(self.month.year()).unwrap_or(2000),
            u8::try_from(self.month.month()).unwrap_or(1),
            1,
        );
        let options = PdfOptions {
            ident: Smart::Custom("resume".to_owned()),
            creator: Smart::Custom(Some("Resume Editor".to_owned())),
            timestamp: created.map(Timestamp::new_utc),
            standards,
            tagged: true,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|e| ExportError::Typeset(messages(&e)))
    }

    /// Page `index` (from 0) as a PNG image at `pixels_per_point` (1.0 is 72 dpi).
    ///
    /// # Errors
    /// [`ExportError::Typeset`] when the page does not exist or cannot be encoded.
    pub fn png(&self, index: usize, pixels_per_point: f32) -> Result<Vec<u8>, ExportError> {
        let page = self
            .document
            .pages()
            .get(index)
            .ok_or_else(|| ExportError::Typeset(format!("no page {}", index + 1)))?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: Scalar::new(f64::from(pixels_per_point)),
            render_bleed: false,
        };
        typst_render::render(page, &options)
            .encode_png()
            .map_err(|e| ExportError::Typeset(e.to_string()))
    }
}

/// Typesets `sheet` in `style`; `month` becomes the document's date.
///
/// # Errors
/// [`ExportError::Typeset`] with Typst's messages when the template fails (a bug, never the
/// resume's text: that is only ever data).
pub fn typeset(sheet: &Sheet, style: &Style, month: YearMonth) -> Result<Typeset, ExportError> {
    let data = TemplateData {
        sheet,
        style,
        fallbacks: &fonts::FALLBACK_FAMILIES,
        date: DateData {
            year: month.year(),
            month: month.month(),
        },
    };
    let json = serde_json::to_vec(&data).map_err(|e| ExportError::Typeset(e.to_string()))?;
    let world = ResumeWorld::new(json);
    let result = typst::compile::<PagedDocument>(&world).output;
    // Typst memoises across compilations; keep what recent renders can reuse, drop the rest.
    comemo::evict(10);
    let document = result.map_err(|e| ExportError::Typeset(messages(&e[..])))?;
    Ok(Typeset { document, month })
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
