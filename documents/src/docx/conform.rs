//! Brings the XML parts docx-rs writes (here `styles.xml` and `numbering.xml`) into the shape
//! of the ECMA-376 schema, which Word enforces more strictly than LibreOffice: the children of
//! property containers (`w:pPr`, `w:rPr`, `w:style`, `w:tblPr`, `w:tcPr`, `w:lvl`, `w:sectPr`,
//! border and margin lists) are put in schema order (docx-rs writes, for example, `w:sz`
//! before `w:b`, `w:rFonts` last and `w:basedOn` after `w:qFormat`, and Word may then ignore
//! the misplaced property), and empty optional property containers are dropped (docx-rs writes
//! an empty `w:rPr` into every `w:pPr`, also where the schema allows none).
//!
//! Everything else is copied byte for byte; it never changes text.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// `CT_PPr` (and `CT_PPrGeneral`) child order.
const PARAGRAPH_PROPERTIES: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// `CT_RPr` / `CT_ParaRPr` child order.
const RUN_PROPERTIES: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// `CT_Style` child order.
const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

/// `CT_TblPr` child order.
const TABLE_PROPERTIES: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];

/// `CT_TcPr` child order.
const CELL_PROPERTIES: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// `CT_Lvl` child order.
const LEVEL: &[&str] = &[
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];

/// `CT_SectPr` child order.
const SECTION_PROPERTIES: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

/// `CT_TblBorders` / `CT_TcBorders` child order.
const BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];

/// `CT_PBdr` child order.
const PARAGRAPH_BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:bottom",
    "w:right",
    "w:between",
    "w:bar",
];

/// `CT_TblCellMar` / `CT_TcMar` child order.
const MARGINS: &[&str] = &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"];

/// Property containers that are optional wherever they occur, so an empty one is dropped.
const OPTIONAL_WHEN_EMPTY: &[&str] = &["w:pPr", "w:rPr", "w:tcPr", "w:trPr"];

/// The schema order of the children of `element`, if it is a container we reorder.
fn child_order(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "w:pPr" => PARAGRAPH_PROPERTIES,
        "w:rPr" => RUN_PROPERTIES,
        "w:style" => STYLE,
        "w:tblPr" => TABLE_PROPERTIES,
        "w:tcPr" => CELL_PROPERTIES,
        "w:lvl" => LEVEL,
        "w:sectPr" => SECTION_PROPERTIES,
        "w:tblBorders" | "w:tcBorders" => BORDERS,
        "w:pBdr" => PARAGRAPH_BORDERS,
        "w:tblCellMar" | "w:tcMar" => MARGINS,
        _ => return None,
    })
}

/// A container whose children are being collected for reordering.
struct Container<'x> {
    order: &'static [&'static str],
    /// Dropped when it ends up without children.
    optional: bool,
    start: &'x str,
    /// Children as (schema rank, pieces of text).
    children: Vec<(usize, Vec<Cow<'x, str>>)>,
    /// Depth inside the current child; 0 between children.
    depth: usize,
}

impl<'x> Container<'x> {
    /// The container's text: its start tag, its children in schema order (stable for equal
    /// ranks, unknown children last), its end tag; nothing if it is empty and optional.
    fn finish(mut self, end: &'x str, out: &mut Vec<Cow<'x, str>>) {
        if self.optional && self.children.iter().all(|(_, pieces)| pieces.is_empty()) {
            return;
        }
        self.children.sort_by_key(|(rank, _)| *rank);
        out.push(Cow::Borrowed(self.start));
        for (_, pieces) in self.children {
            out.extend(pieces);
        }
        out.push(Cow::Borrowed(end));
    }
}

/// Where the next piece of text goes: the innermost container's current child, or the
/// output.
fn sink<'a, 'x>(
    stack: &'a mut [Container<'x>],
    out: &'a mut Vec<Cow<'x, str>>,
) -> &'a mut Vec<Cow<'x, str>> {
    match stack.last_mut() {
        Some(container) => {
            if container.children.is_empty() {
                container.children.push((usize::MAX, Vec::new()));
            }
            let last = container.children.len() - 1;
            &mut container.children[last].1
        }
        None => out,
    }
}

/// Opens a new child of the innermost container, if any and if between children.
fn begin_child(stack: &mut [Container<'_>], name: &str) {
    if let Some(container) = stack.last_mut()
        && container.depth == 0
    {
        let rank = container
            .order
            .iter()
            .position(|known| *known == name)
            .unwrap_or(container.order.len());
        container.children.push((rank, Vec::new()));
    }
}

/// `xml` with its property containers in schema order (see the module documentation).
///
/// # Errors
/// The XML reader's error when `xml` is not well-formed.
pub(super) fn conform(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut stack: Vec<Container<'_>> = Vec::new();
    let mut from = 0;
    loop {
        let event = reader.read_event()?;
        let to = usize::try_from(reader.buffer_position()).unwrap_or(xml.len());
        let raw = &xml[from..to];
        from = to;
        match event {
            Event::Eof => break,
            Event::Start(start) => {
                let qname = start.name();
                let name = qname.as_ref();
                begin_child(&mut stack, name);
                if let Some(order) = child_order(name) {
                    if let Some(parent) = stack.last_mut() {
                        parent.depth += 1;
                    }
                    stack.push(Container {
                        order,
                        optional: OPTIONAL_WHEN_EMPTY.contains(&name),
                        start: raw,
                        children: Vec::new(),
                        depth: 0,
                    });
                } else {
                    sink(&mut stack, &mut out).push(Cow::Borrowed(raw));
                    if let Some(container) = stack.last_mut() {
                        container.depth += 1;
                    }
                }
            }
            Event::End(_) => {
                if stack.last().is_some_and(|container| container.depth == 0) {
                    if let Some(container) = stack.pop() {
                        let target = sink(&mut stack, &mut out);
                        container.finish(raw, target);
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.depth -= 1;
                    }
                } else {
                    sink(&mut stack, &mut out).push(Cow::Borrowed(raw));
                    if let Some(container) = stack.last_mut() {
                        container.depth -= 1;
                    }
                }
            }
            Event::Empty(empty) => {
                let qname = empty.name();
                let name = qname.as_ref();
                if OPTIONAL_WHEN_EMPTY.contains(&name) {
                    continue;
                }
                begin_child(&mut stack, name);
                sink(&mut stack, &mut out).push(Cow::Borrowed(raw));
            }
            _ => sink(&mut stack, &mut out).push(Cow::Borrowed(raw)),
        }
    }
    Ok(out.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_and_paragraph_properties_are_put_in_schema_order() {
        let xml = r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="H"/><w:spacing w:before="0"/><w:keepNext/></w:pPr><w:r><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/><w:b/><w:u w:val="single"/><w:rFonts w:ascii="X"/></w:rPr><w:t xml:space="preserve"> a &amp; b </w:t></w:r></w:p>"#;
        assert_eq!(
            conform(xml).unwrap(),
            r#"<w:p><w:pPr><w:pStyle w:val="H"/><w:keepNext/><w:spacing w:before="0"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X"/><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"> a &amp; b </w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn nested_containers_are_ordered_and_empty_ones_dropped() {
        let xml = r#"<w:style w:styleId="S"><w:name w:val="S"/><w:rPr/><w:pPr><w:rPr/></w:pPr><w:tcPr/><w:tblPr><w:tblBorders><w:bottom/><w:top/></w:tblBorders><w:tblStyle w:val="T"/></w:tblPr><w:qFormat/><w:basedOn w:val="N"/></w:style>"#;
        assert_eq!(
            conform(xml).unwrap(),
            r#"<w:style w:styleId="S"><w:name w:val="S"/><w:basedOn w:val="N"/><w:qFormat/><w:tblPr><w:tblStyle w:val="T"/><w:tblBorders><w:top/><w:bottom/></w:tblBorders></w:tblPr></w:style>"#
        );
    }

    #[test]
    fn other_content_is_copied_unchanged() {
        let xml = r#"<?xml version="1.0"?><w:tbl><w:tblGrid><w:gridCol w:w="2700" /></w:tblGrid><w:tr><w:trPr /><w:tc><w:p><w:r><w:t>x &amp; y</w:t><w:br w:type="textWrapping"/></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        assert_eq!(
            conform(xml).unwrap(),
            r#"<?xml version="1.0"?><w:tbl><w:tblGrid><w:gridCol w:w="2700" /></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>x &amp; y</w:t><w:br w:type="textWrapping"/></w:r></w:p></w:tc></w:tr></w:tbl>"#
        );
    }

    #[test]
    fn unknown_children_keep_their_order_after_the_known_ones() {
        let xml = r#"<w:rPr><w:x1/><w:b/><w:x2/></w:rPr>"#;
        assert_eq!(
            conform(xml).unwrap(),
            r#"<w:rPr><w:b/><w:x1/><w:x2/></w:rPr>"#
        );
        assert!(conform("<w:rPr><w:b></w:rPr>").is_err());
    }
}
