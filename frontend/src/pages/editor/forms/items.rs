//! The four collections as [`SectionItem`]s: what their list shows, their form's fields and
//! what the form requires.

use leptos::prelude::*;
use resume_shared::date::YearMonth;
use resume_shared::resume::{
    Certification, Degree, Inclusion, Project, ProjectOverview, Role, RoleBasics,
};

use super::collection::SectionItem;
use super::fields::{FieldErrors, FieldProblem, area, inclusion, month, optional, tags, text};
use crate::api::editing::Collection;
use crate::pages::editor::preview::date_range;

/// The problem of the required text field `field` when `value` is blank.
fn required(value: &str, field: &'static str, what: &str) -> Option<FieldProblem> {
    value
        .trim()
        .is_empty()
        .then(|| FieldProblem::required(field, what))
}

/// `item`, or the problems found, when there are any.
fn unless<T>(
    item: T,
    problems: impl IntoIterator<Item = Option<FieldProblem>>,
) -> Result<T, Vec<FieldProblem>> {
    let problems: Vec<FieldProblem> = problems.into_iter().flatten().collect();
    if problems.is_empty() {
        Ok(item)
    } else {
        Err(problems)
    }
}

/// A role in its form. A [`Role`] always has a start month, but a new role's form starts
/// without one: a pre-filled month (the current one) was too easy to save by mistake, so the
/// user must pick it. Until then `role`'s own start month is a placeholder nobody sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDraft {
    role: Role,
    start: Option<YearMonth>,
}

impl RoleDraft {
    /// The placeholder start month of a new role (never shown or saved).
    fn placeholder() -> YearMonth {
        YearMonth::new(2000, 1).unwrap_or_else(|_| unreachable!("January 2000 is a month"))
    }
}

impl SectionItem for Role {
    const COLLECTION: Collection = Collection::Roles;
    const NOUN: &'static str = "role";
    const TITLE: &'static str = "Roles";
    type Draft = RoleDraft;

    fn blank() -> RoleDraft {
        RoleDraft {
            role: Self::new(RoleBasics::new("", "", RoleDraft::placeholder())),
            start: None,
        }
    }

    fn draft(&self) -> RoleDraft {
        RoleDraft {
            role: self.clone(),
            start: Some(self.basics.start_date),
        }
    }

    fn finish(draft: &RoleDraft) -> Result<Self, Vec<FieldProblem>> {
        let basics = &draft.role.basics;
        let mut role = draft.role.clone();
        if let Some(start) = draft.start {
            role.basics.start_date = start;
        }
        unless(
            role,
            [
                required(&basics.company, "role-company", "The company"),
                required(&basics.title, "role-title", "The title"),
                draft
                    .start
                    .is_none()
                    .then(|| FieldProblem::required("role-start", "The start month")),
            ],
        )
    }

    fn heading(&self) -> String {
        format!("{} — {}", self.basics.title, self.basics.company)
    }

    fn detail(&self) -> String {
        date_range(
            Some(self.basics.start_date),
            self.basics.end_date,
            "Present",
        )
    }

    fn inclusion(&self) -> Option<Inclusion> {
        Some(self.basics.inclusion)
    }

    fn with_inclusion(&self, inclusion: Inclusion) -> Self {
        let mut role = self.clone();
        role.basics.inclusion = inclusion;
        role
    }

    fn form(draft: RwSignal<RoleDraft>, errors: FieldErrors) -> AnyView {
        view! {
            {text(draft, errors, "role-company", "Company", |d| d.role.basics.company.clone(), |d, v| d.role.basics.company = v, true)}
            {text(draft, errors, "role-title", "Title", |d| d.role.basics.title.clone(), |d, v| d.role.basics.title = v, true)}
            {month(draft, errors, "role-start", "Start", |d| d.start, |d, v| d.start = v, true)}
            {month(draft, errors, "role-end", "End (empty: present)", |d| d.role.basics.end_date, |d, v| d.role.basics.end_date = v, false)}
            {optional(draft, "role-location", "Location", |d| d.role.basics.location.clone(), |d, v| d.role.basics.location = v)}
            {optional(draft, "role-agency", "Agency", |d| d.role.basics.agency.clone(), |d, v| d.role.basics.agency = v)}
            {optional(draft, "role-category", "Job category", |d| d.role.basics.job_category.clone(), |d, v| d.role.basics.job_category = v)}
            {optional(draft, "role-employment", "Employment type", |d| d.role.basics.employment_type.clone(), |d, v| d.role.basics.employment_type = v)}
            {optional(draft, "role-reason", "Reason for change", |d| d.role.basics.reason_for_change.clone(), |d, v| d.role.basics.reason_for_change = v)}
            {inclusion(draft, "role-inclusion-form", |d| d.role.basics.inclusion, |d, v| d.role.basics.inclusion = v)}
            {area(draft, "role-summary", "Summary", |d| d.role.summary.clone(), |d, v| d.role.summary = v)}
            {area(draft, "role-responsibilities", "Responsibilities", |d| d.role.responsibilities.clone(), |d, v| d.role.responsibilities = v)}
            {tags(draft, "role-skills", "Skills", |d| d.role.skills.clone(), |d, v| d.role.skills = v)}
        }
        .into_any()
    }
}

impl SectionItem for Project {
    const COLLECTION: Collection = Collection::Projects;
    const NOUN: &'static str = "project";
    const TITLE: &'static str = "Projects";
    type Draft = Self;

    fn blank() -> Self {
        Self {
            overview: ProjectOverview::default(),
            description: None,
            skills: Vec::new(),
        }
    }

    fn heading(&self) -> String {
        self.overview.title.clone()
    }

    fn detail(&self) -> String {
        date_range(self.overview.start_date, self.overview.end_date, "Present")
    }

    fn draft(&self) -> Self {
        self.clone()
    }

    fn finish(draft: &Self) -> Result<Self, Vec<FieldProblem>> {
        unless(
            draft.clone(),
            [required(
                &draft.overview.title,
                "project-title",
                "The title",
            )],
        )
    }

    fn inclusion(&self) -> Option<Inclusion> {
        Some(self.overview.inclusion)
    }

    fn with_inclusion(&self, inclusion: Inclusion) -> Self {
        let mut project = self.clone();
        project.overview.inclusion = inclusion;
        project
    }

    fn form(draft: RwSignal<Self>, errors: FieldErrors) -> AnyView {
        view! {
            {text(draft, errors, "project-title", "Title", |p| p.overview.title.clone(), |p, v| p.overview.title = v, true)}
            {optional(draft, "project-url", "Link", |p| p.overview.url.clone(), |p, v| p.overview.url = v)}
            {optional(draft, "project-url-description", "Link text", |p| p.overview.url_description.clone(), |p, v| p.overview.url_description = v)}
            {inclusion(draft, "project-inclusion-form", |p| p.overview.inclusion, |p, v| p.overview.inclusion = v)}
            {month(draft, errors, "project-start", "Start", |p| p.overview.start_date, |p, v| p.overview.start_date = v, false)}
            {month(draft, errors, "project-end", "End", |p| p.overview.end_date, |p, v| p.overview.end_date = v, false)}
            {area(draft, "project-description", "Description", |p| p.description.clone(), |p, v| p.description = v)}
            {tags(draft, "project-skills", "Skills", |p| p.skills.clone(), |p, v| p.skills = v)}
        }
        .into_any()
    }
}

impl SectionItem for Degree {
    const COLLECTION: Collection = Collection::Degrees;
    const NOUN: &'static str = "degree";
    const TITLE: &'static str = "Degrees";
    type Draft = Self;

    fn blank() -> Self {
        Self::default()
    }

    fn heading(&self) -> String {
        match &self.degree {
            Some(degree) => format!("{degree}, {}", self.school),
            None => self.school.clone(),
        }
    }

    fn detail(&self) -> String {
        date_range(self.start_date, self.end_date, "Present")
    }

    fn draft(&self) -> Self {
        self.clone()
    }

    fn finish(draft: &Self) -> Result<Self, Vec<FieldProblem>> {
        unless(
            draft.clone(),
            [required(&draft.school, "degree-school", "The school")],
        )
    }

    fn form(draft: RwSignal<Self>, errors: FieldErrors) -> AnyView {
        view! {
            {text(draft, errors, "degree-school", "School", |d| d.school.clone(), |d, v| d.school = v, true)}
            {optional(draft, "degree-degree", "Degree", |d| d.degree.clone(), |d, v| d.degree = v)}
            {optional(draft, "degree-major", "Major", |d| d.major.clone(), |d, v| d.major = v)}
            {optional(draft, "degree-gpa", "GPA", |d| d.gpa.clone(), |d, v| d.gpa = v)}
            {month(draft, errors, "degree-start", "Start", |d| d.start_date, |d, v| d.start_date = v, false)}
            {month(draft, errors, "degree-end", "End", |d| d.end_date, |d, v| d.end_date = v, false)}
        }
        .into_any()
    }
}

impl SectionItem for Certification {
    const COLLECTION: Collection = Collection::Certifications;
    const NOUN: &'static str = "certification";
    const TITLE: &'static str = "Certifications";
    type Draft = Self;

    fn blank() -> Self {
        Self::default()
    }

    fn heading(&self) -> String {
        self.name.clone()
    }

    fn detail(&self) -> String {
        [
            self.issuer.clone(),
            self.issued.map(|m| format!("issued {}", m.to_long_form())),
            self.expires
                .map(|m| format!("expires {}", m.to_long_form())),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }

    fn draft(&self) -> Self {
        self.clone()
    }

    fn finish(draft: &Self) -> Result<Self, Vec<FieldProblem>> {
        unless(
            draft.clone(),
            [required(&draft.name, "certification-name", "The name")],
        )
    }

    fn form(draft: RwSignal<Self>, errors: FieldErrors) -> AnyView {
        view! {
            {text(draft, errors, "certification-name", "Name", |c| c.name.clone(), |c, v| c.name = v, true)}
            {optional(draft, "certification-issuer", "Issuer", |c| c.issuer.clone(), |c, v| c.issuer = v)}
            {month(draft, errors, "certification-issued", "Issued", |c| c.issued, |c, v| c.issued = v, false)}
            {month(draft, errors, "certification-expires", "Expires", |c| c.expires, |c, v| c.expires = v, false)}
            {optional(draft, "certification-id", "Certification ID", |c| c.certification_id.clone(), |c, v| c.certification_id = v)}
        }
        .into_any()
    }
}
