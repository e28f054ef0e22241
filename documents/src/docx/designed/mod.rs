//! The designed templates (`classic`, `modern`, `compact`) as Word documents, built from the
//! same [`Sheet`] (content) and [`Style`] (measurements) as the PDF, so that both say the same
//! thing with the same look: the type family, sizes, colours, rules and spacing of the
//! template, the page size and margins of the design.
//!
//! - [`measure`]: the style in Word's units and the spacing model that maps the PDF's gaps
//!   onto paragraph spacing;
//! - [`styles`]: `styles.xml`, `numbering.xml` and `fontTable.xml`;
//! - [`body`]: `document.xml`, the sheet in reading order;
//! - `xml`: escaping.
//!
//! docx-rs writes the rest of the package (content types, relationships, settings) and the
//! zip; the parts above and the core properties are written here and replace its own, which
//! would carry an empty `Normal` style and placeholder properties. The package has no
//! timestamps (the zip entries carry the zip format's fixed default date and the core
//! properties no dates), so the same sheet always yields the same bytes.

mod body;
mod measure;
mod styles;
mod xml;

use std::fmt::Write as _;
use std::io::Cursor;

use docx_rs::Docx;

use crate::design::Design;
use crate::error::ExportError;
use crate::sheet::Sheet;
use crate::style::Style;

use measure::Measures;
use xml::{DECLARATION, escape};

/// Default tab stops every 0.5 in.
const DEFAULT_TAB_STOP_TWIPS: usize = 720;

/// Renders `sheet` in `style` on `design`'s paper as a DOCX package.
///
/// # Errors
/// [`ExportError::Pack`] when the zip package cannot be written.
pub(crate) fn render(
    sheet: &Sheet,
    style: &Style,
    design: &Design,
) -> Result<Vec<u8>, ExportError> {
    let measures = Measures::new(style, design);
    let language = styles::word_language(sheet.language);
    let body = body::document(sheet, &measures);
    let mut package = Docx::new().default_tab_stop(DEFAULT_TAB_STOP_TWIPS);
    for (rid, url) in &body.links {
        package.document_rels = std::mem::take(&mut package.document_rels).add_hyperlinks(
            rid,
            // docx-rs escapes the target; only the characters XML forbids must go first.
            super::primitives::xml_safe(url).into_owned(),
            "External",
        );
    }
    // The `List Bullet` style refers to the numbering, so the part is always there.
    package.document_rels.has_numberings = true;
    let mut parts = package.build();
    parts.document = body.xml.into_bytes();
    parts.styles = styles::styles(style, &measures, language).into_bytes();
    parts.numberings = styles::numbering(style, &measures).into_bytes();
    parts.font_table = styles::font_table(design.font).into_bytes();
    parts.doc_props.core = core_properties(sheet, language).into_bytes();
    let mut bytes = Cursor::new(Vec::new());
    parts
        .pack(&mut bytes)
        .map_err(|err| ExportError::Pack(std::io::Error::other(err)))?;
    Ok(bytes.into_inner())
}

/// `docProps/core.xml`: the title, the author as creator and the language; no dates, so the
/// package is the same on every export.
fn core_properties(sheet: &Sheet, language: &str) -> String {
    let mut out = format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>",
        escape(&sheet.title)
    );
    if !sheet.author.trim().is_empty() {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", escape(&sheet.author));
    }
    let _ = write!(
        out,
        "<dc:language>{}</dc:language><cp:revision>1</cp:revision></cp:coreProperties>",
        escape(language)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_properties_name_the_resume_without_dates() {
        let sheet = Sheet {
            title: "Ana & Bo – Resume".to_owned(),
            author: String::new(),
            language: "de",
            name: String::new(),
            contact: Vec::new(),
            sections: Vec::new(),
        };
        let core = core_properties(&sheet, styles::word_language(sheet.language));
        assert!(core.contains("<dc:title>Ana &amp; Bo – Resume</dc:title>"));
        assert!(!core.contains("dc:creator"), "no author, no creator");
        assert!(core.contains("<dc:language>de-DE</dc:language>"));
        assert!(!core.contains("dcterms:created"));
    }
}
