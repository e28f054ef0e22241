//! The designed templates' measurements in Word's units, derived from the [`Style`] the PDF
//! is typeset with, so that both formats keep the same proportions: sizes in half-points,
//! lengths in twips (twentieths of a point), rules in eighths of a point.
//!
//! The spacing model. The Typst template (`templates/designs.typ`) measures every gap from the
//! baseline of one block to the cap height of the next, and the leading of a paragraph the
//! same way, so its line pitch is the cap height plus `(line_height - 0.73)` em. Word measures
//! paragraph spacing between line boxes; with "at least" line spacing of that pitch, a line's
//! baseline sits one descent above the bottom of its box. The Word spacing of a Typst gap is
//! therefore the gap less the next line's leading (corrected by the difference in descents
//! when the sizes differ), never below zero. Adjacent Typst block spacings collapse to the
//! larger one; Word adds space after and space before, so every gap is written as space
//! before the next paragraph, except the gap under a heading's rule, which is the heading's
//! space after. [`Points::above`] and [`Points::below`] restate the template's block spacing:
//! they change with `designs.typ`.

use crate::design::{Design, FontFamily};
use crate::style::Style;

/// The nominal cap height the template subtracts from the line height to get the leading.
const TEMPLATE_CAP: f64 = 0.73;

/// How far below its baseline the template draws a heading's rule, in em of the body size
/// (the block's 0.3 em inset under the text's bottom edge, measured in the PDF).
const RULE_BELOW_BASELINE: f64 = 0.4;

/// The template's list: the marker 0.1 em in, the text 0.6 em after the marker.
const LIST_INDENT: f64 = 0.1;
/// See [`LIST_INDENT`].
const LIST_BODY_INDENT: f64 = 0.6;

/// The template's heading tracking when headings are in capitals, in em.
const HEADING_TRACKING: f64 = 0.06;

/// The vertical metrics of a type family, in em, read from the embedded font files.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FontMetrics {
    /// Cap height (OS/2 `sCapHeight`).
    cap: f64,
    /// Descent below the baseline (OS/2 `usWinDescent`).
    descent: f64,
    /// The advance of the bullet `•`.
    bullet: f64,
}

impl FontMetrics {
    fn of(font: FontFamily) -> Self {
        match font {
            FontFamily::Inter => Self {
                cap: 0.727,
                descent: 0.241,
                bullet: 0.5625,
            },
            FontFamily::LibertinusSerif => Self {
                cap: 0.658,
                descent: 0.246,
                bullet: 0.351,
            },
        }
    }
}

/// A part of a designed document with spacing of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The candidate's name.
    Name,
    /// The contact line.
    Contact,
    /// A section heading.
    Heading,
    /// An entry's first line (title and dates); `first` in its section.
    EntryTitle {
        /// The section's first entry.
        first: bool,
    },
    /// An entry's second line.
    EntrySubtitle,
    /// A paragraph.
    Paragraph,
    /// A bullet; `first` of its list.
    Item {
        /// The list's first bullet.
        first: bool,
    },
}

impl Part {
    /// The part that usually precedes this one: the context its style's spacing is for.
    fn usual_predecessor(self) -> Self {
        match self {
            Self::Name | Self::Contact => Self::Name,
            Self::Heading | Self::Paragraph | Self::EntryTitle { .. } => Self::Paragraph,
            Self::EntrySubtitle => Self::EntryTitle { first: false },
            Self::Item { .. } => Self::Item { first: false },
        }
    }

    /// The same part as its style sees it (not first of anything).
    fn usual(self) -> Self {
        match self {
            Self::EntryTitle { .. } => Self::EntryTitle { first: false },
            Self::Item { .. } => Self::Item { first: false },
            other => other,
        }
    }
}

/// Everything the Word renderer measures, in Word's units.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Measures {
    /// Page width, twips.
    pub(super) page_width: u32,
    /// Page height, twips.
    pub(super) page_height: u32,
    /// The margin on every side, twips.
    pub(super) margin: u32,
    /// The width between the margins (where the dates' right tab stop is), twips.
    pub(super) text_width: u32,
    /// Body size, half-points.
    pub(super) size: u32,
    /// Name size, half-points.
    pub(super) name_size: u32,
    /// Heading size, half-points.
    pub(super) heading_size: u32,
    /// The least line pitch of body text, twips.
    pub(super) line: u32,
    /// The least line pitch of headings, twips.
    pub(super) heading_line: u32,
    /// Space under a heading's rule, twips.
    pub(super) heading_after: u32,
    /// The rule's weight, eighths of a point (2–96, as Word allows).
    pub(super) rule_size: u32,
    /// The distance from the heading's text to its rule, points (0–31, as Word allows).
    pub(super) rule_space: u32,
    /// Letter spacing of headings, twips (0 unless headings are in capitals).
    pub(super) tracking: u32,
    /// A bullet's text indent, twips.
    pub(super) bullet_left: u32,
    /// A bullet's hanging indent (where the marker sits, from the text), twips.
    pub(super) bullet_hanging: u32,
    /// The style's lengths, points, for the spacing model.
    points: Points,
}

/// The lengths the spacing model works with, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Points {
    size: f64,
    name_size: f64,
    heading_size: f64,
    line_height: f64,
    section_above: f64,
    section_below: f64,
    entry_gap: f64,
    paragraph_gap: f64,
    font: FontMetrics,
}

impl Points {
    /// The template's leading at `size`: the gap between lines, baseline to cap height.
    fn leading(&self, size: f64) -> f64 {
        (self.line_height - TEMPLATE_CAP) * size
    }

    /// The line pitch at `size`: cap height plus leading.
    fn pitch(&self, size: f64) -> f64 {
        self.font.cap * size + self.leading(size)
    }

    /// The gap between bullets: the list's spacing in the template.
    fn item_gap(&self) -> f64 {
        self.leading(self.size) + self.paragraph_gap * 0.5
    }

    fn size_of(&self, part: Part) -> f64 {
        match part {
            Part::Name => self.name_size,
            Part::Heading => self.heading_size,
            _ => self.size,
        }
    }

    /// The template's space above `part`.
    fn above(&self, part: Part) -> f64 {
        match part {
            Part::Name | Part::Contact | Part::EntrySubtitle => 0.0,
            Part::Heading => self.section_above,
            Part::EntryTitle { first: true } => self.section_below,
            Part::EntryTitle { first: false } => self.leading(self.size) + self.entry_gap,
            Part::Paragraph => self.leading(self.size) + self.paragraph_gap,
            Part::Item { .. } => self.item_gap(),
        }
    }

    /// The template's space below `part`.
    fn below(&self, part: Part) -> f64 {
        match part {
            Part::Name => 0.4 * self.size,
            Part::Contact => 0.0,
            Part::Heading => self.section_below,
            Part::EntryTitle { .. } | Part::EntrySubtitle | Part::Paragraph | Part::Item { .. } => {
                self.leading(self.size) + self.paragraph_gap
            }
        }
    }

    /// The Word space before `next` after `prev`, in points.
    fn before(&self, prev: Option<Part>, next: Part) -> f64 {
        let Some(prev) = prev else {
            return 0.0;
        };
        let space = match (prev, next) {
            // The template breaks the line: one line pitch, as in Word without spacing.
            (_, Part::EntrySubtitle) => 0.0,
            // The heading's space after already holds `section_below`.
            (Part::Heading, next) => self.above(next) - self.section_below,
            (Part::Item { .. }, Part::Item { first: false }) => {
                self.item_gap() - self.leading(self.size)
            }
            (prev, next) => self.spaced(prev, next, self.below(prev).max(self.above(next))),
        };
        space.max(0.0)
    }

    /// The Word space before `next` when the template's gap after `prev` is `gap`: the gap
    /// less the next line's leading, corrected by the difference in descents.
    fn spaced(&self, prev: Part, next: Part, gap: f64) -> f64 {
        let (from, to) = (self.size_of(prev), self.size_of(next));
        gap - self.leading(to) + self.font.descent * (to - from)
    }

    /// The Word space before `next`, the first paragraph of a section without a heading (a
    /// cover letter's body), after `prev`, in points. The template puts the heading's space
    /// above there as fixed spacing, which replaces the block spacing on both sides.
    fn untitled_section_before(&self, prev: Option<Part>, next: Part) -> f64 {
        prev.map_or(0.0, |prev| {
            self.spaced(prev, next, self.section_above).max(0.0)
        })
    }
}

impl Measures {
    /// The measures of `style` on `design`'s paper in `design`'s type family.
    pub(super) fn new(style: &Style, design: &Design) -> Self {
        let points = Points {
            size: style.size,
            name_size: style.name_size,
            heading_size: style.heading_size,
            line_height: style.line_height,
            section_above: style.section_above,
            section_below: style.section_below,
            entry_gap: style.entry_gap,
            paragraph_gap: style.paragraph_gap,
            font: FontMetrics::of(design.font),
        };
        let (page_width, page_height) = design.paper.twips();
        let margin = twips(style.margin);
        let size = style.size;
        let descent = points.font.descent;
        let bullet_left = (LIST_INDENT + points.font.bullet + LIST_BODY_INDENT) * size;
        Self {
            page_width,
            page_height,
            margin,
            text_width: page_width.saturating_sub(2 * margin),
            size: half_points(size),
            name_size: half_points(style.name_size),
            heading_size: half_points(style.heading_size),
            line: twips(points.pitch(size)),
            heading_line: twips(points.pitch(style.heading_size)),
            heading_after: twips(style.section_below - points.leading(size) + descent * size),
            rule_size: round(style.rule * 8.0).clamp(2, 96),
            rule_space: round(RULE_BELOW_BASELINE * size - descent * style.heading_size).min(31),
            tracking: if style.heading_upper {
                twips(HEADING_TRACKING * style.heading_size)
            } else {
                0
            },
            bullet_left: twips(bullet_left),
            bullet_hanging: twips(bullet_left - LIST_INDENT * size),
            points,
        }
    }

    /// The space before `next` when it follows `prev` (`None` at the top), twips.
    pub(super) fn before(&self, prev: Option<Part>, next: Part) -> u32 {
        twips(self.points.before(prev, next))
    }

    /// The space before `next`, the first paragraph of a section without a heading (a cover
    /// letter's body), when it follows `prev`, twips: the heading's space above, which the
    /// template keeps.
    pub(super) fn untitled_section_before(&self, prev: Option<Part>, next: Part) -> u32 {
        twips(self.points.untitled_section_before(prev, next))
    }

    /// The space before `part` in its usual place: what its paragraph style says, twips.
    pub(super) fn style_before(&self, part: Part) -> u32 {
        self.before(Some(part.usual_predecessor()), part.usual())
    }
}

/// `points` in twips, rounded, never negative.
fn twips(points: f64) -> u32 {
    round(points * 20.0)
}

/// `points` in half-points, rounded, never negative.
fn half_points(points: f64) -> u32 {
    round(points * 2.0)
}

/// `value` rounded to a whole number, never negative.
fn round(value: f64) -> u32 {
    // The values are lengths of a page: far inside u32.
    value.round().max(0.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    fn measures(template: Template) -> Measures {
        let design = Design::for_template(template);
        Measures::new(&Style::new(template, &design), &design)
    }

    #[test]
    fn sizes_and_page_follow_the_style() {
        let modern = measures(Template::Modern);
        assert_eq!((modern.page_width, modern.page_height), (11_906, 16_838));
        assert_eq!(modern.margin, 864, "0.6 in");
        assert_eq!(modern.text_width, 11_906 - 2 * 864);
        assert_eq!(
            (modern.size, modern.name_size, modern.heading_size),
            (20, 52, 20)
        );
        assert_eq!(modern.rule_size, 4, "0.5 pt");
        assert_eq!(modern.tracking, 12, "0.06 em of 10 pt");
        let classic = measures(Template::Classic);
        assert_eq!(
            (classic.size, classic.name_size, classic.heading_size),
            (21, 48, 23)
        );
        assert_eq!(classic.tracking, 0);
        assert_eq!(classic.margin, 1_008, "0.7 in");
    }

    #[test]
    fn line_pitch_is_the_pdfs() {
        // Measured in the PDFs: 12.5 pt for Inter at 10 pt, 12.96 pt for Libertinus at 11 pt
        // (12.37 pt at the classic design's 10.5 pt).
        assert_eq!(measures(Template::Modern).line, 249);
        assert_eq!(measures(Template::Classic).line, 247);
    }

    #[test]
    fn gaps_become_the_space_the_pdf_shows() {
        let modern = measures(Template::Modern);
        let p = modern.points;
        // Between bullets the PDF adds half a paragraph gap to the line pitch.
        assert_eq!(
            modern.before(
                Some(Part::Item { first: true }),
                Part::Item { first: false }
            ),
            twips(p.paragraph_gap / 2.0)
        );
        // Entries: one line pitch plus the entry gap, as in the PDF.
        assert_eq!(
            modern.before(Some(Part::Paragraph), Part::EntryTitle { first: false }),
            twips(p.entry_gap)
        );
        assert_eq!(
            modern.before(Some(Part::Heading), Part::EntryTitle { first: true }),
            0
        );
        assert_eq!(
            modern.before(Some(Part::EntryTitle { first: false }), Part::EntrySubtitle),
            0
        );
        assert_eq!(modern.before(None, Part::Name), 0);
        // Paragraphs: one line pitch plus the paragraph gap, never closer than lines.
        assert_eq!(
            modern.before(Some(Part::Paragraph), Part::Paragraph),
            twips(p.paragraph_gap)
        );
    }

    #[test]
    fn a_section_without_a_heading_keeps_the_headings_space_above() {
        // Measured in the PDF of a modern cover letter: the contact line's baseline to the
        // date's cap height is the 12 pt of `section_above`, nothing more.
        let modern = measures(Template::Modern);
        let p = modern.points;
        assert_eq!(
            modern.untitled_section_before(Some(Part::Contact), Part::Paragraph),
            twips(p.section_above - p.leading(p.size))
        );
        assert!(
            modern.untitled_section_before(Some(Part::Contact), Part::Paragraph)
                > modern.before(Some(Part::Contact), Part::Paragraph)
        );
        assert_eq!(modern.untitled_section_before(None, Part::Paragraph), 0);
    }

    #[test]
    fn every_design_has_room_above_headings_and_under_rules() {
        for template in [Template::Classic, Template::Modern, Template::Compact] {
            let m = measures(template);
            assert!(m.style_before(Part::Heading) >= 60, "{template}");
            assert!(m.heading_after > 0, "{template}");
            assert!((1..=3).contains(&m.rule_space), "{template}");
            // A hanging indent of about 0.15–0.2 in, the marker 0.1 em in.
            assert!(
                (200..=290).contains(&m.bullet_left),
                "{template}: {}",
                m.bullet_left
            );
            assert!(m.bullet_hanging < m.bullet_left, "{template}");
        }
    }
}
