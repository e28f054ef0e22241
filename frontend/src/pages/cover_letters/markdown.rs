//! A letter's Markdown as the preview shows it: paragraphs (a line break inside one is kept, as
//! in a signature), bullet lists, `**bold**` and `*italic*` (read by the resume preview's
//! [`emphasis`]), `[links](https://…)`, and the terms the fact guard flagged marked wherever
//! they occur.
//!
//! The result is a model of plain strings, never HTML: the page turns it into elements and
//! text nodes, so whatever the text holds (`<script>`, `&amp;`) shows as typed. A link's
//! address must be `http:`, `https:` or `mailto:`; any other shows as its text alone.

use crate::pages::editor::preview::emphasis;

/// A run of text with its style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// The text, markers removed.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// The address it links to.
    pub link: Option<String>,
    /// A term the fact guard flagged.
    pub flagged: bool,
}

/// A line of text: its runs.
pub type Line = Vec<Inline>;

/// A block of the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph: its lines.
    Paragraph(Vec<Line>),
    /// A bullet list: one line per item.
    Bullets(Vec<Line>),
}

/// The text of a bullet line without its marker (`- `, `* ` or `+ `), if it is one.
fn bullet_item(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    ["- ", "* ", "+ "]
        .iter()
        .find_map(|marker| trimmed.strip_prefix(marker))
}

/// The blocks of `markdown`, with `terms` marked as flagged.
#[must_use]
pub fn letter_blocks(markdown: &str, terms: &[String]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<Line> = Vec::new();
    let mut bullets: Vec<Line> = Vec::new();
    // The raw text of the item being read (a continuation line joins it).
    let mut item: Option<String> = None;
    let flush_item = |item: &mut Option<String>, bullets: &mut Vec<Line>| {
        if let Some(text) = item.take() {
            bullets.push(inlines(&text, terms));
        }
    };
    for line in markdown.lines() {
        if line.trim().is_empty() {
            flush_item(&mut item, &mut bullets);
            end_block(&mut blocks, &mut paragraph, &mut bullets);
        } else if let Some(text) = bullet_item(line) {
            if !paragraph.is_empty() {
                blocks.push(Block::Paragraph(std::mem::take(&mut paragraph)));
            }
            flush_item(&mut item, &mut bullets);
            item = Some(text.trim().to_owned());
        } else if let Some(open) = item.as_mut() {
            // A line right after an item continues it.
            open.push(' ');
            open.push_str(line.trim());
        } else {
            if !bullets.is_empty() {
                blocks.push(Block::Bullets(std::mem::take(&mut bullets)));
            }
            paragraph.push(inlines(line.trim(), terms));
        }
    }
    flush_item(&mut item, &mut bullets);
    end_block(&mut blocks, &mut paragraph, &mut bullets);
    blocks
}

/// Ends the paragraph or list being read, if any.
fn end_block(blocks: &mut Vec<Block>, paragraph: &mut Vec<Line>, bullets: &mut Vec<Line>) {
    if !paragraph.is_empty() {
        blocks.push(Block::Paragraph(std::mem::take(paragraph)));
    }
    if !bullets.is_empty() {
        blocks.push(Block::Bullets(std::mem::take(bullets)));
    }
}

/// Whether a link to `address` may be followed from the preview.
#[must_use]
pub fn safe_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The first `[text](address)` in `text` at or after `from`: where it starts and ends, its
/// text and its address.
fn next_link(text: &str, from: usize) -> Option<(usize, usize, &str, &str)> {
    let mut search = from;
    while let Some(offset) = text[search..].find('[') {
        let open = search + offset;
        let close = text[open + 1..].find(']').map(|i| open + 1 + i)?;
        let rest = &text[close + 1..];
        if let Some(after) = rest.strip_prefix('(')
            && let Some(end) = after.find(')')
        {
            let address = after[..end].trim();
            let label = &text[open + 1..close];
            if !label.is_empty() && !address.is_empty() && !address.contains(char::is_whitespace) {
                return Some((open, close + 2 + end + 1, label, address));
            }
        }
        search = open + 1;
    }
    None
}

/// The runs of one line: links, emphasis and flagged terms.
#[must_use]
pub fn inlines(text: &str, terms: &[String]) -> Line {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while let Some((start, end, label, address)) = next_link(text, at) {
        styled_into(&text[plain_from..start], None, terms, &mut out);
        let link = safe_address(address).then(|| address.to_owned());
        styled_into(label, link, terms, &mut out);
        plain_from = end;
        at = end;
    }
    styled_into(&text[plain_from..], None, terms, &mut out);
    out
}

/// Appends `text` with its emphasis, linked to `link`, its flagged terms marked.
fn styled_into(text: &str, link: Option<String>, terms: &[String], out: &mut Line) {
    for piece in emphasis(text) {
        for (part, flagged) in mark_terms(&piece.text, terms) {
            out.push(Inline {
                text: part,
                bold: piece.bold,
                italic: piece.italic,
                link: link.clone(),
                flagged,
            });
        }
    }
}

/// `text` cut around every occurrence of a term (the longest where two start at the same
/// place), each part with whether it is a term.
#[must_use]
pub fn mark_terms(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let terms: Vec<&str> = terms
        .iter()
        .map(|term| term.trim())
        .filter(|term| !term.is_empty())
        .collect();
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let found = terms
            .iter()
            .filter_map(|term| rest.find(term).map(|at| (at, term.len())))
            .min_by(|(a_at, a_len), (b_at, b_len)| a_at.cmp(b_at).then(b_len.cmp(a_len)));
        let Some((at, len)) = found else {
            break;
        };
        if at > 0 {
            parts.push((rest[..at].to_owned(), false));
        }
        parts.push((rest[at..at + len].to_owned(), true));
        rest = &rest[at + len..];
    }
    if !rest.is_empty() {
        parts.push((rest.to_owned(), false));
    }
    parts
}
