//! Reading DOCX packages in tests: the parts of the zip, well-formedness, a normalised
//! pretty-printed `word/document.xml` for snapshots, and the document text in reading order.

use std::io::{Cursor, Read};

use quick_xml::Writer;
use quick_xml::events::{BytesText, Event};
use quick_xml::{Reader, XmlVersion};

/// The names of the parts in a package.
pub fn part_names(docx: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a DOCX is a zip archive");
    archive
        .file_names()
        .map(|name| name.expect("UTF-8 part name").into_owned())
        .collect()
}

/// One part of a package as text.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a DOCX is a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|err| panic!("part {name}: {err}"));
    let mut text = String::new();
    file.read_to_string(&mut text)
        .unwrap_or_else(|err| panic!("part {name} is not UTF-8: {err}"));
    text
}

/// Every event of `xml`, or the first syntax error (end tags are checked against start tags).
pub fn well_formed(xml: &str) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0_i64;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => return Err(format!("{depth} element(s) left open")),
            Ok(_) => {}
            Err(err) => {
                return Err(format!("at byte {}: {err}", reader.buffer_position()));
            }
        }
    }
}

/// The value of attribute `name` of every element called `element`.
pub fn attribute_values(xml: &str, element: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut values = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == element => {
                if let Some(attr) = e.try_get_attribute(name).expect("valid attributes") {
                    values.push(
                        attr.normalized_value(XmlVersion::Implicit1_0)
                            .expect("valid attribute")
                            .into_owned(),
                    );
                }
            }
            Event::Eof => return values,
            _ => {}
        }
    }
}

/// `xml` indented two spaces per level; text content is unchanged. (The document has no
/// volatile ids, dates or rsids to normalise: the exporter writes none.)
pub fn pretty(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let event = match event {
            Event::Eof => break,
            // Entity references stay glued to their text instead of starting a new line.
            Event::GeneralRef(r) => {
                Event::Text(BytesText::from_escaped(format!("&{};", r.into_inner())))
            }
            other => other,
        };
        writer.write_event(event).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner()).expect("UTF-8 XML")
}

/// Every paragraph (`<w:p>…</w:p>`) of `xml` as written, in document order, table cells
/// included. The exporter writes paragraphs without attributes and never nests them.
pub fn paragraphs(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:p>") {
        let end = start
            + rest[start..]
                .find("</w:p>")
                .expect("every paragraph is closed")
            + "</w:p>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// The text of `word/document.xml` in reading order: one line per paragraph (table cells
/// included, in row order), `w:br` as a newline and `w:tab` as a TAB inside runs.
pub fn document_text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_run = 0_usize;
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                "w:p" => current.clear(),
                "w:r" => in_run += 1,
                "w:t" => in_text = true,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:p" => paragraphs.push(std::mem::take(&mut current)),
                "w:r" => in_run = in_run.saturating_sub(1),
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Empty(e) if in_run > 0 => match e.name().as_ref() {
                "w:br" => current.push('\n'),
                "w:tab" => current.push('\t'),
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == "w:p" => paragraphs.push(String::new()),
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = r.resolve_char_ref().expect("valid character reference") {
                    current.push(c);
                } else {
                    current.push(match r.into_inner().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    });
                }
            }
            Event::Eof => return paragraphs.join("\n"),
            _ => {}
        }
    }
}
