//! Which roles and projects an export contains: the date range (format spec B §7) and the
//! per-item inclusion controls (A.3), applied to a copy of the resume. The stored resume is
//! never changed; personal data, education and certifications are never filtered.

use resume_shared::{Inclusion, Project, Resume, Role, YearMonth};

/// What `Inclusion: Not Relevant` turns a role's responsibilities into.
pub(crate) const NOT_RELEVANT_PLACEHOLDER: &str = "(no relevant experience)";

/// A closed range of months; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    /// First month kept, if bounded.
    pub(crate) from: Option<YearMonth>,
    /// Last month kept, if bounded.
    pub(crate) to: Option<YearMonth>,
}

impl DateRange {
    /// True when neither end is bounded: everything is kept.
    pub(crate) fn is_unbounded(self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether an item dated `start`…`end` overlaps the range (format spec B §7): it is dropped
    /// only when it ends before the range starts or starts after the range ends. A missing
    /// date never excludes, so an ongoing item is kept unless it starts after the range.
    pub(crate) fn keeps(self, start: Option<YearMonth>, end: Option<YearMonth>) -> bool {
        let ends_before = matches!((self.from, end), (Some(from), Some(end)) if end < from);
        let starts_after = matches!((self.to, start), (Some(to), Some(start)) if start > to);
        !ends_before && !starts_after
    }
}

/// True when some role or project is not plainly included, so an export must be rewritten.
pub(crate) fn has_inclusion_controls(resume: &Resume) -> bool {
    resume.experience.as_ref().is_some_and(|experience| {
        experience
            .roles
            .iter()
            .any(|role| role.basics.inclusion != Inclusion::Include)
            || experience
                .projects
                .iter()
                .any(|project| project.overview.inclusion != Inclusion::Include)
    })
}

/// The resume as exported: roles and projects outside `range` dropped, then inclusion applied
/// (Omit dropped; Not Relevant reduced) and reset to Include.
pub(crate) fn prepare(resume: &Resume, range: DateRange) -> Resume {
    let mut prepared = resume.clone();
    if let Some(experience) = &mut prepared.experience {
        let roles = std::mem::take(&mut experience.roles);
        experience.roles = roles
            .into_iter()
            .filter(|role| range.keeps(Some(role.basics.start_date), role.basics.end_date))
            .filter_map(include_role)
            .collect();
        let projects = std::mem::take(&mut experience.projects);
        experience.projects = projects
            .into_iter()
            .filter(|project| range.keeps(project.overview.start_date, project.overview.end_date))
            .filter_map(include_project)
            .collect();
    }
    prepared
}

/// A role as its inclusion control exports it (format spec A.3).
fn include_role(mut role: Role) -> Option<Role> {
    match role.basics.inclusion {
        Inclusion::Include => {}
        Inclusion::NotRelevant => role.responsibilities = Some(NOT_RELEVANT_PLACEHOLDER.to_owned()),
        Inclusion::Omit => return None,
    }
    role.basics.inclusion = Inclusion::Include;
    Some(role)
}

/// A project as its inclusion control exports it (format spec A.3).
fn include_project(mut project: Project) -> Option<Project> {
    match project.overview.inclusion {
        Inclusion::Include => {}
        Inclusion::NotRelevant => {
            project.description = None;
            project.skills.clear();
        }
        Inclusion::Omit => return None,
    }
    project.overview.inclusion = Inclusion::Include;
    Some(project)
}

#[cfg(test)]
mod tests {
    use resume_shared::{Experience, ProjectOverview, RoleBasics};

    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    fn range(from: Option<&str>, to: Option<&str>) -> DateRange {
        DateRange {
            from: from.map(ym),
            to: to.map(ym),
        }
    }

    /// Format spec B §7 / §8 case 58 at month granularity. The original compares whole days;
    /// its case "item 2023-02-02…2023-02-02 vs filter 2023-01-01…2023-02-01 → excluded" has no
    /// month-level equivalent (both fall in February, which overlaps), so the excluded row is
    /// restated one month later.
    #[test]
    fn date_filter_keeps_items_overlapping_the_closed_range() {
        let filter = range(Some("2023-01"), Some("2023-02"));
        let table = [
            // (item start, item end, kept)
            (Some("2023-03"), Some("2023-03"), false), // starts after the range
            (Some("2022-12"), Some("2023-01"), true),  // ends on the first month: inclusive
            (Some("2023-02"), Some("2023-02"), true),  // starts on the last month: inclusive
            (Some("2022-01"), Some("2022-12"), false), // ends before the range
            (Some("2022-01"), Some("2024-01"), true),  // spans the range
            (Some("2023-01"), None, true),             // ongoing, started inside
            (Some("2020-01"), None, true),             // ongoing, started before
            (Some("2023-03"), None, false),            // ongoing, starts after the range
            (None, Some("2023-01"), true),             // no start date
            (None, Some("2022-12"), false),            // no start date, ended before
            (None, None, true),                        // no dates never exclude
        ];
        for (start, end, kept) in table {
            assert_eq!(
                filter.keeps(start.map(ym), end.map(ym)),
                kept,
                "{start:?}…{end:?}"
            );
        }
    }

    #[test]
    fn a_half_open_range_bounds_one_side_only() {
        let since = range(Some("2023-01"), None);
        assert!(since.keeps(Some(ym("2030-01")), None));
        assert!(!since.keeps(Some(ym("2010-01")), Some(ym("2022-12"))));
        let until = range(None, Some("2023-01"));
        assert!(until.keeps(Some(ym("1990-01")), Some(ym("1991-01"))));
        assert!(!until.keeps(Some(ym("2023-02")), None));
        assert!(range(None, None).is_unbounded());
    }

    fn role(company: &str, start: &str, end: Option<&str>, inclusion: Inclusion) -> Role {
        let mut role = Role::new(RoleBasics {
            end_date: end.map(ym),
            inclusion,
            ..RoleBasics::new(company, "Engineer", ym(start))
        });
        role.summary = Some("Summary".to_owned());
        role.responsibilities = Some("* Did things".to_owned());
        role.skills = vec!["Rust".to_owned()];
        role
    }

    fn project(title: &str, inclusion: Inclusion) -> Project {
        Project {
            overview: ProjectOverview {
                title: title.to_owned(),
                inclusion,
                ..ProjectOverview::default()
            },
            description: Some("Description".to_owned()),
            skills: vec!["Go".to_owned()],
        }
    }

    #[test]
    fn inclusion_is_applied_and_reset() {
        let resume = Resume {
            experience: Some(Experience {
                projects: vec![
                    project("Kept", Inclusion::Include),
                    project("Reduced", Inclusion::NotRelevant),
                    project("Dropped", Inclusion::Omit),
                ],
                roles: vec![
                    role("A", "2020-01", None, Inclusion::Include),
                    role("B", "2019-01", Some("2019-12"), Inclusion::NotRelevant),
                    role("C", "2018-01", Some("2018-12"), Inclusion::Omit),
                ],
            }),
            ..Resume::default()
        };
        assert!(has_inclusion_controls(&resume));
        let prepared = prepare(&resume, range(None, None));
        assert!(!has_inclusion_controls(&prepared));
        let experience = prepared.experience.unwrap();
        let companies: Vec<&str> = experience
            .roles
            .iter()
            .map(|r| r.basics.company.as_str())
            .collect();
        assert_eq!(companies, ["A", "B"]);
        let reduced = &experience.roles[1];
        assert_eq!(
            reduced.responsibilities.as_deref(),
            Some(NOT_RELEVANT_PLACEHOLDER)
        );
        assert_eq!(reduced.summary.as_deref(), Some("Summary"));
        assert_eq!(reduced.skills, ["Rust"]);
        let titles: Vec<&str> = experience
            .projects
            .iter()
            .map(|p| p.overview.title.as_str())
            .collect();
        assert_eq!(titles, ["Kept", "Reduced"]);
        assert_eq!(experience.projects[1].description, None);
        assert!(experience.projects[1].skills.is_empty());
    }

    #[test]
    fn the_date_range_applies_to_roles_and_projects_only() {
        let mut resume = Resume {
            experience: Some(Experience {
                projects: vec![project("Undated", Inclusion::Include)],
                roles: vec![
                    role("Now", "2022-01", None, Inclusion::Include),
                    role("Old", "2010-01", Some("2012-01"), Inclusion::Include),
                ],
            }),
            ..Resume::default()
        };
        resume.certifications.push(resume_shared::Certification {
            name: "Old cert".to_owned(),
            issued: Some(ym("2001-01")),
            ..Default::default()
        });
        let prepared = prepare(&resume, range(Some("2020-01"), None));
        let experience = prepared.experience.as_ref().unwrap();
        assert_eq!(experience.roles.len(), 1);
        assert_eq!(experience.roles[0].basics.company, "Now");
        assert_eq!(experience.projects.len(), 1);
        assert_eq!(prepared.certifications, resume.certifications);
    }
}
