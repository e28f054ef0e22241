//! Inline emphasis in the resume's text: `**bold**`, `*italic*` (or `_italic_`) and
//! `[label](https://…)` links, read with the `markdown` crate's CommonMark parser restricted
//! to those inline constructs. Everything else (headings, lists, HTML, escapes, entities,
//! code spans) stays literal text, so `#`, `$`, `@`, `<b>`, `\` and `]` come out as typed.

use markdown::mdast::Node;
use markdown::{Constructs, ParseOptions};
use serde::Serialize;

/// A piece of a line with one emphasis and at most one link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Run {
    /// The text, markers removed.
    pub text: String,
    /// Set in bold.
    pub bold: bool,
    /// Set in italics.
    pub italic: bool,
    /// The link target, when the run is a link (http, https or mailto only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Run {
    /// A plain run of `text`.
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A bold run of `text`.
    #[must_use]
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            bold: true,
            ..Self::plain(text)
        }
    }

    /// A run of `text` linking to `url`.
    #[must_use]
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::plain(text)
        }
    }
}

/// The parser settings: emphasis and links only.
fn parse_options() -> ParseOptions {
    ParseOptions {
        constructs: Constructs {
            attention: true,
            label_start_link: true,
            label_end: true,
            autolink: false,
            block_quote: false,
            character_escape: false,
            character_reference: false,
            code_indented: false,
            code_fenced: false,
            code_text: false,
            definition: false,
            frontmatter: false,
            gfm_autolink_literal: false,
            gfm_footnote_definition: false,
            gfm_label_start_footnote: false,
            gfm_strikethrough: false,
            gfm_table: false,
            gfm_task_list_item: false,
            hard_break_escape: false,
            hard_break_trailing: false,
            heading_atx: false,
            heading_setext: false,
            html_flow: false,
            html_text: false,
            label_start_image: false,
            list_item: false,
            math_flow: false,
            math_text: false,
            mdx_esm: false,
            mdx_expression_flow: false,
            mdx_expression_text: false,
            mdx_jsx_flow: false,
            mdx_jsx_text: false,
            thematic_break: false,
        },
        ..ParseOptions::default()
    }
}

/// The runs of one line of text. Concatenating their texts gives the line with the
/// emphasis and link markers removed; a line the parser cannot read is one plain run.
#[must_use]
pub fn runs(line: &str) -> Vec<Run> {
    let Ok(tree) = markdown::to_mdast(line, &parse_options()) else {
        return vec![Run::plain(line)];
    };
    let mut out = Vec::new();
    collect(&tree, &Run::default(), &mut out);
    merge(out)
}

fn collect(node: &Node, style: &Run, out: &mut Vec<Run>) {
    match node {
        Node::Text(text) => out.push(Run {
            text: text.value.clone(),
            ..style.clone()
        }),
        Node::Strong(strong) => {
            let inner = Run {
                bold: true,
                ..style.clone()
            };
            strong.children.iter().for_each(|c| collect(c, &inner, out));
        }
        Node::Emphasis(emphasis) => {
            let inner = Run {
                italic: true,
                ..style.clone()
            };
            emphasis
                .children
                .iter()
                .for_each(|c| collect(c, &inner, out));
        }
        Node::Link(link) => {
            let inner = Run {
                url: safe_url(&link.url).or_else(|| style.url.clone()),
                ..style.clone()
            };
            link.children.iter().for_each(|c| collect(c, &inner, out));
        }
        other => {
            if let Some(children) = other.children() {
                children.iter().for_each(|c| collect(c, style, out));
            }
        }
    }
}

/// A link target the documents may carry: http, https and mailto only.
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| url.trim().to_owned())
}

/// Joins neighbouring runs of the same style.
fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.into_iter().filter(|r| !r.text.is_empty()) {
        match out.last_mut() {
            Some(last)
                if last.bold == run.bold && last.italic == run.italic && last.url == run.url =>
            {
                last.text.push_str(&run.text);
            }
            _ => out.push(run),
        }
    }
    out
}

/// The text of `runs`, markers removed.
#[cfg(test)]
fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_italic_and_links_become_runs() {
        let runs = runs("Cut **cost by 30 %** with *Rust* at [Acme](https://acme.example)");
        assert_eq!(
            runs,
            [
                Run::plain("Cut "),
                Run::bold("cost by 30 %"),
                Run::plain(" with "),
                Run {
                    italic: true,
                    ..Run::plain("Rust")
                },
                Run::plain(" at "),
                Run::link("Acme", "https://acme.example"),
            ]
        );
    }

    #[test]
    fn metacharacters_stay_literal() {
        for line in [
            "# C# & F# $5 @handle <b>x</b> \\n back\\slash a]b [c] &amp; `code`",
            "1. not a list",
            "- not a bullet either",
            "> not a quote",
            "---",
            "    indented",
            "a * b * c",
        ] {
            assert_eq!(plain_text(&runs(line)), line.trim_start(), "{line}");
        }
    }

    #[test]
    fn unsafe_link_targets_lose_the_link_but_keep_the_text() {
        assert_eq!(runs("[x](javascript:alert(1))"), [Run::plain("x")]);
    }
}
