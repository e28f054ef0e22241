//! The skills matrix of the plain layout (format spec §6.6): a `Table Grid` table of four
//! columns, a header row, then the skills most-experienced first, two per row, left then
//! right, each with its years and the years it was first and last used.

use docx_rs::{Paragraph, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType};
use resume_shared::{Role, YearMonth};

use super::Body;
use super::primitives::{Fmt, run, spacer};
use super::styles;
use super::years::{self, SkillYears};

/// Width of each of the four columns: a quarter of the 7.5 in text width.
const COLUMN_TWIPS: usize = 2_700;

/// Header cell texts, left to right.
const HEADER: [&str; 4] = ["Skill", "YOE (from - to)", "Skill", "YOE (from - to)"];

/// The rows of the matrix: entry `i` goes to row `i / 2`, left when `i` is even, right when
/// odd; ⌈n/2⌉ rows in all.
pub(super) fn rows<T>(entries: &[T]) -> Vec<(&T, Option<&T>)> {
    entries
        .chunks(2)
        .filter_map(|pair| pair.first().map(|left| (left, pair.get(1))))
        .collect()
}

/// The value cell text: `3.0 (2020 - 2024)`.
fn value_text(entry: &SkillYears<'_>) -> String {
    format!(
        "{} ({} - {})",
        years::format_tenths(entry.tenths),
        entry.first.year(),
        entry.last.year()
    )
}

/// Writes a spacer and the matrix of every role skill.
pub(super) fn render(body: &mut Body, roles: &[Role], today: YearMonth) {
    let entries = years::skill_years(roles, today);
    let header = TableRow::new(
        HEADER
            .iter()
            .map(|text| cell(Paragraph::new().add_run(run(text, Fmt::PLAIN.bold()))))
            .collect(),
    );
    let mut table_rows = vec![header];
    for (left, right) in rows(&entries) {
        let mut cells = pair_cells(Some(left));
        cells.extend(pair_cells(right));
        table_rows.push(TableRow::new(cells));
    }
    body.push(spacer());
    body.push_table(
        Table::new(table_rows)
            .style(styles::TABLE_GRID)
            .set_borders(styles::grid_borders())
            .layout(TableLayoutType::Autofit)
            .set_grid(vec![COLUMN_TWIPS; HEADER.len()]),
    );
}

/// The skill and value cells of one entry; two empty cells for the missing right half of the
/// last row (every cell needs a paragraph).
fn pair_cells(entry: Option<&SkillYears<'_>>) -> Vec<TableCell> {
    match entry {
        Some(entry) => vec![
            cell(Paragraph::new().add_run(run(entry.skill, Fmt::PLAIN)))
                .vertical_align(VAlignType::Center),
            cell(Paragraph::new().add_run(run(&value_text(entry), Fmt::PLAIN))),
        ],
        None => vec![cell(Paragraph::new()), cell(Paragraph::new())],
    }
}

/// A cell of one column's width holding `paragraph`.
fn cell(paragraph: Paragraph) -> TableCell {
    TableCell::new()
        .add_paragraph(paragraph)
        .width(COLUMN_TWIPS, WidthType::Dxa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_fill_half_as_many_rows_left_then_right() {
        assert!(rows::<u8>(&[]).is_empty());
        assert_eq!(rows(&[1]), [(&1, None)]);
        assert_eq!(rows(&[1, 2]), [(&1, Some(&2))]);
        assert_eq!(
            rows(&[1, 2, 3, 4, 5]),
            [(&1, Some(&2)), (&3, Some(&4)), (&5, None)]
        );
    }

    #[test]
    fn values_print_one_decimal_and_the_years_used() {
        let entry = SkillYears {
            skill: "Rust",
            tenths: 36,
            first: "2020-06".parse().unwrap(),
            last: "2024-01".parse().unwrap(),
        };
        assert_eq!(value_text(&entry), "3.6 (2020 - 2024)");
    }
}
