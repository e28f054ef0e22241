//! A cover letter's Markdown body as the blocks of a designed document. Blank lines separate
//! paragraphs; the lines of one paragraph keep their line breaks (a closing such as
//! "Kind regards,⏎Jane" stays on two lines); lines starting `- ` or `* ` are bullets. Inline
//! `**bold**`, `*italic*` and links are read per line by [`runs`]; nothing else is interpreted.

use crate::inline::{Run, runs};
use crate::sheet::Block;

/// The blocks of `body`, in order; an empty or blank body gives none.
pub(super) fn blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut bullets: Vec<Vec<Run>> = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_bullets(&mut bullets, &mut blocks);
        } else if let Some(item) = bullet(trimmed) {
            flush_paragraph(&mut paragraph, &mut blocks);
            bullets.push(runs(item));
        } else {
            flush_bullets(&mut bullets, &mut blocks);
            paragraph.push(trimmed);
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_bullets(&mut bullets, &mut blocks);
    blocks
}

/// The text of a bullet line (`- text` or `* text`), when `line` is one.
fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
}

/// Ends the paragraph being read: its lines' runs with a line break between lines.
fn flush_paragraph(lines: &mut Vec<&str>, blocks: &mut Vec<Block>) {
    if lines.is_empty() {
        return;
    }
    let mut paragraph = Vec::new();
    for (i, line) in lines.drain(..).enumerate() {
        if i > 0 {
            paragraph.push(Run::plain("\n"));
        }
        paragraph.extend(runs(line));
    }
    blocks.push(Block::Paragraph { runs: paragraph });
}

/// Ends the list being read.
fn flush_bullets(items: &mut Vec<Vec<Run>>, blocks: &mut Vec<Block>) {
    if !items.is_empty() {
        blocks.push(Block::Bullets {
            items: std::mem::take(items),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_line_breaks_stay() {
        let blocks =
            blocks("Dear Ms Smith,\n\nI **build** things.\r\nWell.\n\n\n\nKind regards,\nJane\n");
        assert_eq!(blocks.len(), 3);
        let Block::Paragraph { runs } = &blocks[1] else {
            panic!("a paragraph: {blocks:?}");
        };
        assert_eq!(text(runs), "I build things.\nWell.");
        assert!(runs.iter().any(|r| r.bold && r.text == "build"));
        let Block::Paragraph { runs } = &blocks[2] else {
            panic!("a paragraph: {blocks:?}");
        };
        assert_eq!(text(runs), "Kind regards,\nJane");
    }

    #[test]
    fn dash_and_star_lines_are_bullets() {
        let blocks = blocks("I offer:\n- Rust\n* *Go*\nAnd more.\n-not a bullet");
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        let Block::Bullets { items } = &blocks[1] else {
            panic!("bullets: {blocks:?}");
        };
        assert_eq!(items.len(), 2);
        assert!(items[1][0].italic);
        let Block::Paragraph { runs } = &blocks[2] else {
            panic!("a paragraph: {blocks:?}");
        };
        assert_eq!(text(runs), "And more.\n-not a bullet");
    }

    #[test]
    fn blank_bodies_have_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks(" \n\t\n\r\n").is_empty());
    }
}
