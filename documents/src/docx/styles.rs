//! The document base both layouts start from (format spec §6.1): US Letter, the preset's
//! margins, body text in Calibri Light at the base size with no paragraph spacing and 1.15
//! line spacing, the heading, `List Bullet`, `Hyperlink` and `Table Grid` styles of the
//! original's template, and the bullet numbering the executive summary uses.
//!
//! docx-rs always writes an empty `Normal` style of its own, so the original's changes to
//! `Normal` are made to the document defaults, which `Normal` and every other style inherit;
//! docx-rs does not mark that style as the default paragraph style, which
//! [`with_default_normal`] does. The page size and margins are written with the body
//! ([`page`]).

use docx_rs::{
    AbstractNumbering, BorderType, Docx, LevelJc, LevelText, LineSpacing, LineSpacingType,
    NumberFormat, Numbering, RunFonts, SpecialIndentType, Start, Style, StyleType, TableBorder,
    TableBorderPosition, TableBorders, TableCellMargins, TableProperty, WidthType,
};

use super::super::settings::Settings;
use super::wml::Page;

/// US Letter width, in twips.
const PAGE_WIDTH_TWIPS: u32 = 12_240;
/// US Letter height, in twips.
const PAGE_HEIGHT_TWIPS: u32 = 15_840;
/// Header and footer distance of the original's template: 0.5 in.
const HEADER_FOOTER_TWIPS: i32 = 720;

/// The body font.
const BODY_FONT: &str = "Calibri Light";
/// The heading font of Heading 1–4: the major font of the original template's theme, named
/// explicitly because the package has no theme part.
const HEADING_FONT: &str = "Calibri";
/// Default tab stops every 0.5 in, as in the original's template.
const DEFAULT_TAB_STOP_TWIPS: usize = 720;
/// Line spacing 1.15, in 240ths of a line.
const LINE_SPACING_115: i32 = 276;
/// Single line spacing, in 240ths of a line.
const LINE_SPACING_SINGLE: i32 = 240;

/// The start tag docx-rs writes for its own `Normal` style.
const NORMAL_START: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
/// The same tag marking `Normal` as the default paragraph style.
const DEFAULT_NORMAL_START: &str =
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#;

/// `styles.xml` without a `Normal` style where one was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("styles.xml has no Normal style start tag to mark as the default")]
pub(super) struct NormalStyleMissing;

/// Style id of `List Bullet`.
pub(super) const LIST_BULLET: &str = "ListBullet";
/// Style id of the `Hyperlink` character style.
pub(super) const HYPERLINK: &str = "Hyperlink";
/// Style id of `Table Grid`.
pub(super) const TABLE_GRID: &str = "TableGrid";
/// The numbering instance of bulleted paragraphs (docx-rs reserves 1 for its default).
pub(super) const BULLET_NUMBERING: usize = 2;

/// Style ids of Heading 1–4.
const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];

/// The style id of Heading `level` (1–4; anything else is clamped).
pub(super) fn heading(level: usize) -> &'static str {
    HEADINGS[level.clamp(1, HEADINGS.len()) - 1]
}

/// The page of `settings`: US Letter with the preset's margins.
pub(super) fn page(settings: &Settings) -> Page {
    Page {
        width: PAGE_WIDTH_TWIPS,
        height: PAGE_HEIGHT_TWIPS,
        top: settings.top_bottom_margin_twips,
        bottom: settings.top_bottom_margin_twips,
        left: settings.side_margin_twips,
        right: settings.side_margin_twips,
        header_footer: HEADER_FOOTER_TWIPS,
    }
}

/// `styles_xml` (docx-rs's `styles.xml`) with its `Normal` style marked as the default
/// paragraph style (`w:default="1"`), as in the original's template: paragraphs without a
/// style of their own are then `Normal` for every reader.
///
/// # Errors
/// [`NormalStyleMissing`] when docx-rs wrote no `Normal` start tag in the expected form.
pub(super) fn with_default_normal(styles_xml: &str) -> Result<String, NormalStyleMissing> {
    if styles_xml.contains(NORMAL_START) {
        Ok(styles_xml.replacen(NORMAL_START, DEFAULT_NORMAL_START, 1))
    } else {
        Err(NormalStyleMissing)
    }
}

/// A package with the defaults, styles and numbering of `settings` and no body.
pub(super) fn new_document(settings: &Settings) -> Docx {
    Docx::new()
        .default_tab_stop(DEFAULT_TAB_STOP_TWIPS)
        .default_fonts(RunFonts::new().ascii(BODY_FONT).hi_ansi(BODY_FONT))
        .default_size(settings.base_font_pt * 2)
        .default_line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(LINE_SPACING_115)
                .line_rule(LineSpacingType::Auto),
        )
        .add_style(heading_style(1, Some(14), "365F91", 24, false))
        .add_style(heading_style(2, Some(13), "4F81BD", 10, false))
        .add_style(heading_style(3, None, "4F81BD", 10, false))
        .add_style(heading_style(4, None, "4F81BD", 10, true))
        .add_style(Style::new(LIST_BULLET, StyleType::Paragraph).name("List Bullet"))
        .add_style(
            Style::new(HYPERLINK, StyleType::Character)
                .name("Hyperlink")
                .color("0563C1")
                .underline("single"),
        )
        .add_style(table_grid())
        .add_abstract_numbering(
            AbstractNumbering::new(BULLET_NUMBERING).add_level(
                docx_rs::Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLET_NUMBERING, BULLET_NUMBERING))
}

/// Heading `level`: bold (and italic for level 4), coloured, `before_pt` points before, none
/// after, kept with the next paragraph; `size_pt` `None` inherits the body size.
fn heading_style(
    level: usize,
    size_pt: Option<usize>,
    color: &str,
    before_pt: u32,
    italic: bool,
) -> Style {
    let mut style = Style::new(heading(level), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .fonts(RunFonts::new().ascii(HEADING_FONT).hi_ansi(HEADING_FONT))
        .bold()
        .color(color)
        .line_spacing(LineSpacing::new().before(before_pt * 20).after(0))
        .outline_lvl(level - 1);
    if let Some(pt) = size_pt {
        style = style.size(pt * 2);
    }
    if italic {
        style = style.italic();
    }
    style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
    style
}

/// `Table Grid`: single ½ pt borders everywhere, 0.075 in cell margins left and right, and
/// the template's single line spacing with no space after in its cells (without it the rows
/// inherit 1.15 from the defaults and come out about 10 % taller than the original's).
fn table_grid() -> Style {
    let borders = grid_borders();
    Style::new(TABLE_GRID, StyleType::Table)
        .name("Table Grid")
        .line_spacing(
            LineSpacing::new()
                .after(0)
                .line(LINE_SPACING_SINGLE)
                .line_rule(LineSpacingType::Auto),
        )
        .table_property(
            TableProperty::new().set_borders(borders).set_margins(
                TableCellMargins::new()
                    .margin_left(108, WidthType::Dxa)
                    .margin_right(108, WidthType::Dxa),
            ),
        )
}

/// The borders of `Table Grid`: single ½ pt lines everywhere.
fn grid_borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| {
        borders.set(
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(4)
                .color("auto"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExportOptions;
    use crate::Template;
    use resume_shared::YearMonth;

    /// `styles.xml` as packed: docx-rs's part with `Normal` marked default, in schema order.
    fn styles_xml() -> String {
        let options = ExportOptions::with_template(
            crate::ExportFormat::Docx,
            Template::OriginalPlain,
            YearMonth::new(2026, 11).unwrap(),
        );
        let built = new_document(&Settings::new(&options)).build();
        let xml = with_default_normal(std::str::from_utf8(&built.styles).unwrap()).unwrap();
        super::super::conform::conform(&xml).unwrap()
    }

    /// The `w:style` element with id `id`.
    fn style<'x>(xml: &'x str, id: &str) -> &'x str {
        let start = xml
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id} in {xml}"));
        let start = xml[..start].rfind("<w:style ").unwrap();
        let end = start + xml[start..].find("</w:style>").unwrap();
        &xml[start..end]
    }

    #[test]
    fn headings_use_calibri() {
        let xml = styles_xml();
        for id in HEADINGS {
            let heading = style(&xml, id);
            assert!(
                heading.contains(r#"<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri""#),
                "{heading}"
            );
            assert!(!heading.contains("Cambria"), "{heading}");
        }
    }

    #[test]
    fn table_grid_has_single_line_spacing_and_no_space_after() {
        let xml = styles_xml();
        let grid = style(&xml, TABLE_GRID);
        assert!(
            grid.contains(r#"<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto""#),
            "{grid}"
        );
    }

    #[test]
    fn normal_is_the_default_paragraph_style() {
        let xml = styles_xml();
        assert_eq!(xml.matches(r#"w:default="1""#).count(), 1, "{xml}");
        assert!(
            style(&xml, "Normal").starts_with(DEFAULT_NORMAL_START),
            "{xml}"
        );
        assert_eq!(with_default_normal("<w:styles/>"), Err(NormalStyleMissing));
    }
}
