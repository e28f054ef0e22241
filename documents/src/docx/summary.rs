//! The executive summary of the plain layout (format spec §6.5): per job category, a Heading 4
//! and one bullet per role of that category that has a summary, ending with the company and
//! the end year in italics. The categories are the roles' distinct `Job category` values in
//! first-appearance order (the original read them from settings the editor never exposed).

use resume_shared::{Role, YearMonth};

use super::Body;
use super::primitives::{Fmt, Lines, centred_heading, heading, run};
use super::styles;
use super::text::{self, TextLine};
use super::wml::Paragraph;

/// The prefix of a bulleted line inside a summary.
const BULLET_PREFIX: &str = "• ";

/// One job category and its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Category<'r> {
    /// The category, exactly as written in the roles.
    pub(super) name: &'r str,
    /// The roles of the category that have a summary, in document order.
    pub(super) entries: Vec<Entry<'r>>,
}

/// One bullet of the executive summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry<'r> {
    /// The role's summary.
    pub(super) summary: &'r str,
    /// The company.
    pub(super) company: &'r str,
    /// The end, `None` while ongoing.
    pub(super) end: Option<YearMonth>,
}

/// The categories of `roles` in first-appearance order, each with its summarised roles. A
/// category whose roles have no summary keeps its (empty) entry, as in the original.
pub(super) fn categories(roles: &[Role]) -> Vec<Category<'_>> {
    let mut categories: Vec<Category<'_>> = Vec::new();
    for role in roles {
        let Some(name) = text::present(role.basics.job_category.as_ref()) else {
            continue;
        };
        let index = match categories.iter().position(|c| c.name == name) {
            Some(index) => index,
            None => {
                categories.push(Category {
                    name,
                    entries: Vec::new(),
                });
                categories.len() - 1
            }
        };
        if let Some(summary) = text::present(role.summary.as_ref()) {
            categories[index].entries.push(Entry {
                summary,
                company: &role.basics.company,
                end: role.basics.end_date,
            });
        }
    }
    categories
}

/// Writes the centred Heading 2 `Executive Summary` and the categories of `roles`.
pub(super) fn render(body: &mut Body, roles: &[Role]) {
    body.push(centred_heading(2, "Executive Summary"));
    for category in categories(roles) {
        body.push(heading(4, category.name));
        for entry in &category.entries {
            let paragraph = Paragraph::new()
                .style(styles::LIST_BULLET)
                .numbering(styles::BULLET_NUMBERING, 0);
            let mut lines = Lines::new(paragraph);
            for line in text::lines(entry.summary) {
                lines.line();
                if let TextLine::Text { bullet, text } = line {
                    let text = if bullet {
                        format!("{BULLET_PREFIX}{text}")
                    } else {
                        text.to_owned()
                    };
                    lines.push(run(&text, Fmt::PLAIN));
                }
            }
            let end = entry
                .end
                .map_or_else(|| "Present".to_owned(), |end| end.year().to_string());
            lines.push(run(
                &format!(" ({}, {end})", entry.company),
                Fmt::PLAIN.italic(),
            ));
            body.push(lines.finish());
        }
    }
}

#[cfg(test)]
mod tests {
    use resume_shared::RoleBasics;

    use super::*;

    fn role(
        company: &str,
        category: Option<&str>,
        summary: Option<&str>,
        end: Option<&str>,
    ) -> Role {
        let mut role = Role::new(RoleBasics {
            job_category: category.map(str::to_owned),
            end_date: end.map(|e| e.parse().unwrap()),
            ..RoleBasics::new(company, "Title", "2010-01".parse().unwrap())
        });
        role.summary = summary.map(str::to_owned);
        role
    }

    #[test]
    fn roles_are_grouped_by_category_in_first_appearance_order() {
        let roles = [
            role("A", Some("Development"), Some("Built A."), None),
            role("B", Some("Consulting"), Some("Advised B."), Some("2019-05")),
            role("C", Some("Development"), Some("Built C."), Some("2015-01")),
            role("D", None, Some("No category."), None),
            role("E", Some("development"), Some("Case differs."), None),
            role("F", Some("Consulting"), None, None),
            role("G", Some("Support"), None, None),
        ];
        let categories = categories(&roles);
        let names: Vec<&str> = categories.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            ["Development", "Consulting", "development", "Support"]
        );
        let development: Vec<(&str, Option<YearMonth>)> = categories[0]
            .entries
            .iter()
            .map(|e| (e.company, e.end))
            .collect();
        assert_eq!(
            development,
            [("A", None), ("C", Some("2015-01".parse().unwrap()))]
        );
        // F has no summary: no bullet, but the category stays.
        assert_eq!(categories[1].entries.len(), 1);
        assert!(categories[3].entries.is_empty());
    }

    #[test]
    fn no_roles_means_no_categories() {
        assert!(categories(&[]).is_empty());
    }
}
