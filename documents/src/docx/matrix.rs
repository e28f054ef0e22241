//! The skills matrix of the plain layout (format spec §6.6): a `Table Grid` table of four
//! columns, a header row, then the skills most-experienced first, two per row, left then
//! right, each with its years and the years it was first and last used.

use resume_shared::{Role, YearMonth};

use super::Body;
use super::primitives::{Fmt, run, spacer};
use super::styles;
use super::wml::{Cell, Paragraph, Table};
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
    let header = HEADER
        .iter()
        .map(|text| cell(run(text, Fmt::PLAIN.bold()), false))
        .collect();
    let mut table_rows = vec![header];
    for (left, right) in rows(&entries) {
        let mut cells = pair_cells(Some(left));
        cells.extend(pair_cells(right));
        table_rows.push(cells);
    }
    body.push(spacer());
    body.push_table(Table {
        style: styles::TABLE_GRID,
        column_twips: COLUMN_TWIPS,
        rows: table_rows,
    });
}

/// The skill cell (vertically centred) and value cell of one entry; two empty cells for the
/// missing right half of the last row.
fn pair_cells(entry: Option<&SkillYears<'_>>) -> Vec<Cell> {
    match entry {
        Some(entry) => vec![
            cell(run(entry.skill, Fmt::PLAIN), true),
            cell(run(&value_text(entry), Fmt::PLAIN), false),
        ],
        None => vec![empty_cell(), empty_cell()],
    }
}

/// A cell holding one run.
fn cell(content: super::wml::Run, centred: bool) -> Cell {
    Cell {
        paragraph: Paragraph::new().add_run(content),
        centred,
    }
}

/// A cell with an empty paragraph (every cell needs one).
fn empty_cell() -> Cell {
    Cell {
        paragraph: Paragraph::new(),
        centred: false,
    }
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
