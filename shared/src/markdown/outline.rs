//! First pass of the parser: lines → a tree of sections.
//!
//! Reproduces the heading rules of the existing tools (format spec B §1.2): a line of *k* `#`
//! and a space is a heading when *k* ≤ the depth of the open leaf section (or ≤ depth + 1 under
//! a container); any other `#` line inside a leaf is content that loses `min(k, depth)` of its
//! `#`. It knows nothing about keys or values: leaves collect their lines for the second pass.
//! Everything that would be dropped here (unknown headings and what they swallow, text under
//! a container, empty items) is reported as a warning.

use super::error::Diagnostics;
use super::schema::{DOCUMENT, Kind, SectionId, Spec};

/// One content line of a leaf section, already trimmed of spaces and tabs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub(crate) number: usize,
    pub(crate) text: &'a str,
}

/// A section of the outline.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    /// `None` for an unknown heading (its content is dropped).
    pub(crate) spec: Option<&'static Spec>,
    pub(crate) depth: usize,
    /// Line of the heading (0 for the document).
    pub(crate) line: usize,
    /// Heading title as written.
    pub(crate) title: &'a str,
    /// For items of a repeating container: 1-based position among the headings of that kind.
    pub(crate) ordinal: usize,
    /// Child nodes, by index into [`Outline::nodes`], in document order.
    pub(crate) children: Vec<usize>,
    /// Content lines of a leaf, blank lines included (text sections need them).
    pub(crate) lines: Vec<Line<'a>>,
    /// Index of the enclosing node (0 for top-level sections and the document itself).
    parent: usize,
    /// Non-blank lines ignored inside this node: all content of an unknown section, stray
    /// text directly under a container.
    ignored: usize,
}

impl Outline<'_> {
    /// Display path of a node, e.g. `Experience › Roles › Role 2` (computed on demand: only
    /// diagnostics need it).
    pub(crate) fn path(&self, index: usize) -> String {
        path_of(&self.nodes, index)
    }
}

fn path_of(nodes: &[Node<'_>], mut index: usize) -> String {
    let mut labels = Vec::new();
    while index != 0 {
        let node = &nodes[index];
        labels.push(match node.spec {
            Some(spec) if node.ordinal > 0 => format!("{} {}", spec.title, node.ordinal),
            Some(spec) => spec.title.to_owned(),
            None => node.title.to_owned(),
        });
        index = node.parent;
    }
    labels.reverse();
    labels.join(" › ")
}

impl Node<'_> {
    /// True for an item heading with nothing under it (`### Role` followed by `### Role`).
    pub(crate) fn is_empty_item(&self) -> bool {
        self.ordinal > 0
            && self.children.is_empty()
            && self.ignored == 0
            && self.lines.iter().all(|l| l.text.is_empty())
    }
}

/// The section tree of a document. Node 0 is the document itself.
#[derive(Debug)]
pub(crate) struct Outline<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
}

/// A run of ignored lines directly under a container, reported once.
#[derive(Debug)]
struct StrayRun {
    node: usize,
    first_line: usize,
    count: usize,
}

struct Builder<'a, 'd> {
    nodes: Vec<Node<'a>>,
    stack: Vec<usize>,
    diagnostics: &'d mut Diagnostics,
    stray: Option<StrayRun>,
    /// Item headings seen so far, per item kind (reset when the owning top-level section opens).
    ordinals: [usize; 4],
}

/// Builds the outline of `text` (already free of BOM and CR).
pub(crate) fn build<'a>(text: &'a str, diagnostics: &mut Diagnostics) -> Outline<'a> {
    let mut builder = Builder {
        nodes: vec![Node {
            spec: Some(&DOCUMENT),
            depth: 0,
            line: 0,
            title: "",
            ordinal: 0,
            children: Vec::new(),
            lines: Vec::new(),
            parent: 0,
            ignored: 0,
        }],
        stack: vec![0],
        diagnostics,
        stray: None,
        ordinals: [0; 4],
    };
    for (index, raw) in text.split('\n').enumerate() {
        builder.line(index + 1, raw.trim_matches([' ', '\t']));
    }
    builder.close_to(0);
    builder.flush_stray();
    Outline {
        nodes: builder.nodes,
    }
}

/// Number of leading `#` and whether a space follows them.
fn heading_shape(line: &str) -> (usize, bool) {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    let spaced = hashes > 0 && line.as_bytes().get(hashes) == Some(&b' ');
    (hashes, spaced)
}

impl<'a> Builder<'a, '_> {
    fn top(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    fn line(&mut self, number: usize, line: &'a str) {
        let top = self.top();
        let (depth, spec) = (self.nodes[top].depth, self.nodes[top].spec);
        let (hashes, spaced) = heading_shape(line);
        let deepest_heading = match spec {
            Some(s) if !s.is_leaf() => depth + 1,
            _ => depth,
        };
        if spaced && hashes <= deepest_heading {
            self.heading(number, hashes, line[hashes..].trim());
            return;
        }
        match spec {
            None => {
                if !line.is_empty() {
                    self.nodes[top].ignored += 1;
                }
            }
            Some(s) if s.is_leaf() => {
                let text = &line[hashes.min(depth)..];
                self.nodes[top].lines.push(Line { number, text });
            }
            Some(_) => {
                if !line.is_empty() {
                    self.nodes[top].ignored += 1;
                    self.stray_line(top, number);
                }
            }
        }
    }

    fn stray_line(&mut self, node: usize, number: usize) {
        match &mut self.stray {
            Some(run) if run.node == node => run.count += 1,
            _ => {
                self.flush_stray();
                self.stray = Some(StrayRun {
                    node,
                    first_line: number,
                    count: 1,
                });
            }
        }
    }

    fn flush_stray(&mut self) {
        let Some(run) = self.stray.take() else {
            return;
        };
        let node = &self.nodes[run.node];
        let lines = plural(run.count, "line");
        let message = match node.spec.map(|s| &s.kind) {
            _ if run.node == 0 => {
                format!("{lines} before the first section ignored")
            }
            Some(Kind::Repeating(item)) => format!(
                "{lines} ignored: text under `{} {}` must belong to an item; start one with `{} {}`",
                hashes(node.depth),
                node.title,
                hashes(node.depth + 1),
                item.title
            ),
            Some(Kind::Named(children)) => format!(
                "{lines} ignored: text directly under `{} {}` must be inside a sub-section ({})",
                hashes(node.depth),
                node.title,
                children
                    .iter()
                    .map(|c| format!("`{} {}`", hashes(node.depth + 1), c.title))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!("{lines} ignored"),
        };
        let path = path_of(&self.nodes, run.node);
        self.diagnostics.warn(run.first_line, &path, message);
    }

    /// Closes every open section deeper than `depth`.
    fn close_to(&mut self, depth: usize) {
        while let Some(&top) = self.stack.last() {
            if self.nodes[top].depth <= depth {
                break;
            }
            self.stack.pop();
            self.close(top);
        }
    }

    fn close(&mut self, index: usize) {
        self.flush_stray();
        let node = &self.nodes[index];
        match node.spec {
            None => {
                let parent_path = path_of(&self.nodes, node.parent);
                let message = format!(
                    "unknown section `{} {}` ignored{}{}",
                    hashes(node.depth),
                    node.title,
                    match node.ignored {
                        0 => String::new(),
                        n => format!(" with its {}", plural(n, "line")),
                    },
                    self.unknown_hint(index)
                );
                let line = node.line;
                self.diagnostics.warn(line, &parent_path, message);
            }
            Some(spec) if node.is_empty_item() => {
                let message = format!(
                    "empty `{} {}` ignored (a {} needs content)",
                    hashes(node.depth),
                    node.title,
                    spec.title.to_ascii_lowercase()
                );
                let (line, path) = (node.line, path_of(&self.nodes, index));
                self.diagnostics.warn(line, &path, message);
            }
            _ => {}
        }
    }

    /// A hint for an unknown heading: the likely intended one.
    fn unknown_hint(&self, index: usize) -> String {
        let node = &self.nodes[index];
        let parent_spec = self.nodes[node.parent].spec;
        let title = node.title.to_ascii_lowercase();
        if parent_spec.map(|s| s.id) == Some(SectionId::Education) && title == "degree" {
            return "; write `## Degrees` and then `### Degree` for each degree".into();
        }
        let Some(parent_spec) = parent_spec else {
            return String::new();
        };
        let known: Vec<String> = parent_spec
            .named_children()
            .iter()
            .map(|c| format!("`{} {}`", hashes(node.depth), c.title))
            .collect();
        if known.is_empty() {
            String::new()
        } else {
            format!("; expected {}", or_list(&known))
        }
    }

    fn heading(&mut self, number: usize, depth: usize, title: &'a str) {
        self.close_to(depth - 1);
        self.flush_stray();
        let parent = self.top();
        let parent_spec = self.nodes[parent].spec;
        let (spec, ordinal) = match parent_spec.map(|s| &s.kind) {
            Some(Kind::Named(_)) => {
                let spec = parent_spec.and_then(|p| p.named_child(title));
                if let Some(s) = spec {
                    self.reset_ordinals(s.id);
                }
                (spec, 0)
            }
            Some(Kind::Repeating(item)) => {
                let ordinal = self.next_ordinal(item.id);
                (Some(*item), ordinal)
            }
            // Headings never open under leaves or unknown sections (see `line`).
            _ => (None, 0),
        };
        let index = self.nodes.len();
        self.nodes.push(Node {
            spec,
            depth,
            line: number,
            title,
            ordinal,
            children: Vec::new(),
            lines: Vec::new(),
            parent,
            ignored: 0,
        });
        self.nodes[parent].children.push(index);
        self.stack.push(index);
        if let (Some(item), true) = (spec, ordinal > 0) {
            self.check_item_title(index, item);
        }
    }

    /// Warns when an item heading is not the canonical `### Role` etc.
    fn check_item_title(&mut self, index: usize, item: &Spec) {
        let node = &self.nodes[index];
        let (title, depth) = (node.title, node.depth);
        if title.eq_ignore_ascii_case(item.title) {
            return;
        }
        let noun = item.title.to_ascii_lowercase();
        let misplaced = item
            .named_child(title)
            .map(|c| {
                format!(
                    " (did you mean `{} {}` inside a {noun}?)",
                    hashes(depth + 1),
                    c.title
                )
            })
            .unwrap_or_default();
        let message = format!(
            "`{} {title}` is read as a {noun}; write `{} {}`{misplaced}",
            hashes(depth),
            hashes(depth),
            item.title
        );
        let (line, path) = (node.line, path_of(&self.nodes, index));
        self.diagnostics.warn(line, &path, message);
    }

    fn next_ordinal(&mut self, item: SectionId) -> usize {
        let slot = match item {
            SectionId::Degree => 0,
            SectionId::Certification => 1,
            SectionId::Project => 2,
            _ => 3,
        };
        self.ordinals[slot] += 1;
        self.ordinals[slot]
    }

    fn reset_ordinals(&mut self, opened: SectionId) {
        match opened {
            SectionId::Education => self.ordinals[0] = 0,
            SectionId::Experience => {
                self.ordinals[2] = 0;
                self.ordinals[3] = 0;
            }
            _ => {}
        }
    }
}

/// `#` repeated `depth` times.
pub(crate) fn hashes(depth: usize) -> &'static str {
    const MANY: &str = "##########";
    &MANY[..depth.min(MANY.len())]
}

/// `1 line`, `3 lines`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
