//! Years-of-experience maths for the skills matrix (format spec §6.6): date ranges merged
//! where they overlap or touch, whole days summed, years = days / 365.25 rounded to one
//! decimal. An ongoing role counts to the first day of the export's "today" month; a month
//! stands for its first day, as in the original.

use resume_shared::{Role, YearMonth};

/// Days in an average year.
const DAYS_PER_YEAR: f64 = 365.25;

/// A role's span: its start and its end, or `today` when ongoing (never before the start).
pub(super) fn role_span(role: &Role, today: YearMonth) -> (YearMonth, YearMonth) {
    let start = role.basics.start_date;
    let end = role.basics.end_date.unwrap_or(today);
    (start, end.max(start))
}

/// Total days covered by `spans`: sorted by start, merged when the next start is on or before
/// the running end, and summed.
pub(super) fn merged_days(spans: impl IntoIterator<Item = (YearMonth, YearMonth)>) -> i64 {
    let mut days: Vec<(i64, i64)> = spans
        .into_iter()
        .map(|(start, end)| {
            (
                start.days_from_epoch(),
                end.days_from_epoch().max(start.days_from_epoch()),
            )
        })
        .collect();
    days.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for (start, end) in days {
        current = match current {
            Some((from, to)) if start <= to => Some((from, to.max(end))),
            Some((from, to)) => {
                total += to - from;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    total + current.map_or(0, |(from, to)| to - from)
}

/// `days` in years rounded to one decimal, as a count of tenths (1095 days → 30).
pub(super) fn tenths_of_years(days: i64) -> i64 {
    // Never a tie: days × 40 / 1461 is never an odd integer, so rounding direction is moot.
    // Day counts of human careers are far inside f64's exact integer range.
    (days as f64 * 10.0 / DAYS_PER_YEAR).round() as i64
}

/// Tenths of a year printed with one decimal: `30` → `3.0`.
pub(super) fn format_tenths(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// One row of the skills matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SkillYears<'r> {
    /// The skill, as listed in the roles.
    pub(super) skill: &'r str,
    /// Years of experience in tenths.
    pub(super) tenths: i64,
    /// Earliest start of a role listing the skill.
    pub(super) first: YearMonth,
    /// Latest end (or today) of a role listing the skill.
    pub(super) last: YearMonth,
}

/// Every distinct role skill (first-appearance order) with its years, most years first (ties
/// keep the first-appearance order); skills that round to 0.0 years are left out.
pub(super) fn skill_years(roles: &[Role], today: YearMonth) -> Vec<SkillYears<'_>> {
    let mut skills: Vec<&str> = Vec::new();
    for role in roles {
        for skill in &role.skills {
            let skill = skill.as_str();
            if !skill.trim().is_empty() && !skills.contains(&skill) {
                skills.push(skill);
            }
        }
    }
    let mut rows: Vec<SkillYears<'_>> = skills
        .into_iter()
        .filter_map(|skill| {
            let spans: Vec<(YearMonth, YearMonth)> = roles
                .iter()
                .filter(|role| role.skills.iter().any(|s| s == skill))
                .map(|role| role_span(role, today))
                .collect();
            let first = spans.iter().map(|(start, _)| *start).min()?;
            let last = spans.iter().map(|(_, end)| *end).max()?;
            let tenths = tenths_of_years(merged_days(spans));
            (tenths > 0).then_some(SkillYears {
                skill,
                tenths,
                first,
                last,
            })
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.tenths));
    rows
}

#[cfg(test)]
mod tests {
    use resume_shared::RoleBasics;

    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    fn role(start: &str, end: Option<&str>, skills: &[&str]) -> Role {
        let mut role = Role::new(RoleBasics {
            end_date: end.map(ym),
            ..RoleBasics::new("Company", "Title", ym(start))
        });
        role.skills = skills.iter().map(|s| (*s).to_owned()).collect();
        role
    }

    /// Format spec B §8 case 50.
    #[test]
    fn separate_ranges_add_and_overlapping_ranges_merge() {
        let separate = [
            (ym("2014-02"), ym("2016-02")),
            (ym("2018-03"), ym("2020-03")),
        ];
        assert_eq!(merged_days(separate), 1461);
        let overlapping = [
            (ym("2014-02"), ym("2016-02")),
            (ym("2015-01"), ym("2016-03")),
        ];
        assert_eq!(merged_days(overlapping), 759);
        let touching = [
            (ym("2020-01"), ym("2020-03")),
            (ym("2020-03"), ym("2020-05")),
        ];
        assert_eq!(
            merged_days(touching),
            merged_days([(ym("2020-01"), ym("2020-05"))])
        );
    }

    /// Format spec B §8 case 51.
    #[test]
    fn career_and_per_skill_years_match_the_original() {
        let roles = [
            role(
                "2023-01",
                Some("2024-01"),
                &["Skill 1", "Skill 2", "Skill 3"],
            ),
            role(
                "2020-06",
                Some("2022-06"),
                &["Skill 1", "Skill 2", "Skill 4"],
            ),
        ];
        let today = ym("2026-11");
        let total = merged_days(roles.iter().map(|r| role_span(r, today)));
        assert_eq!(total, 1095);
        assert_eq!(format_tenths(tenths_of_years(total)), "3.0");
        let span = ym("2024-01").days_from_epoch() - ym("2020-06").days_from_epoch();
        assert_eq!(span, 1309);
        assert_eq!(format_tenths(tenths_of_years(span)), "3.6");

        let rows = skill_years(&roles, today);
        let figures: Vec<(&str, String)> = rows
            .iter()
            .map(|row| (row.skill, format_tenths(row.tenths)))
            .collect();
        assert_eq!(
            figures,
            [
                ("Skill 1", "3.0".to_owned()),
                ("Skill 2", "3.0".to_owned()),
                ("Skill 4", "2.0".to_owned()),
                ("Skill 3", "1.0".to_owned()),
            ]
        );
        assert_eq!(
            (rows[0].first, rows[0].last),
            (ym("2020-06"), ym("2024-01"))
        );
    }

    #[test]
    fn ongoing_roles_count_to_today_and_empty_spans_are_dropped() {
        let roles = [
            role("2024-11", None, &["Rust"]),
            role("2020-01", Some("2020-01"), &["Cobol"]),
        ];
        let rows = skill_years(&roles, ym("2026-11"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].skill, "Rust");
        assert_eq!(format_tenths(rows[0].tenths), "2.0");
        assert_eq!(rows[0].last, ym("2026-11"));
        // A role starting after "today" counts nothing and does not panic.
        assert!(skill_years(&[role("2030-01", None, &["Zig"])], ym("2026-11")).is_empty());
        assert!(skill_years(&[], ym("2026-11")).is_empty());
    }
}
