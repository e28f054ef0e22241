//! The four collections as [`SectionItem`]s: what their list shows and their form's fields.

use leptos::prelude::*;
use resume_shared::date::YearMonth;
use resume_shared::resume::{
    Certification, Degree, Inclusion, Project, ProjectOverview, Resume, Role, RoleBasics,
};

use super::collection::SectionItem;
use super::fields::{area, inclusion, month, optional, tags, text};
use crate::api::editing::Collection;
use crate::pages::editor::preview::date_range;

/// The browser's current month (a new role starts there).
fn this_month() -> YearMonth {
    let now = js_sys::Date::new_0();
    let year = now.get_full_year();
    YearMonth::new(year, now.get_month() + 1)
        .or_else(|_| YearMonth::new(2000, 1))
        .unwrap_or_else(|_| unreachable!("January 2000 is a month"))
}

/// "X is required." when `value` is blank.
fn required(value: &str, what: &str) -> Option<String> {
    value
        .trim()
        .is_empty()
        .then(|| format!("{what} is required."))
}

impl SectionItem for Role {
    const COLLECTION: Collection = Collection::Roles;
    const NOUN: &'static str = "role";
    const TITLE: &'static str = "Roles";

    fn items(resume: &Resume) -> Vec<Self> {
        resume
            .experience
            .as_ref()
            .map(|e| e.roles.clone())
            .unwrap_or_default()
    }

    fn blank() -> Self {
        Self::new(RoleBasics::new("", "", this_month()))
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

    fn problem(&self) -> Option<String> {
        required(&self.basics.company, "The company")
            .or_else(|| required(&self.basics.title, "The title"))
    }

    fn inclusion(&self) -> Option<Inclusion> {
        Some(self.basics.inclusion)
    }

    fn with_inclusion(&self, inclusion: Inclusion) -> Self {
        let mut role = self.clone();
        role.basics.inclusion = inclusion;
        role
    }

    fn form(draft: RwSignal<Self>) -> AnyView {
        view! {
            {text(draft, "role-company", "Company", |r| r.basics.company.clone(), |r, v| r.basics.company = v, true)}
            {text(draft, "role-title", "Title", |r| r.basics.title.clone(), |r, v| r.basics.title = v, true)}
            {month(draft, "role-start", "Start", |r| Some(r.basics.start_date), |r, v| if let Some(v) = v { r.basics.start_date = v }, true)}
            {month(draft, "role-end", "End (empty: present)", |r| r.basics.end_date, |r, v| r.basics.end_date = v, false)}
            {optional(draft, "role-location", "Location", |r| r.basics.location.clone(), |r, v| r.basics.location = v)}
            {optional(draft, "role-agency", "Agency", |r| r.basics.agency.clone(), |r, v| r.basics.agency = v)}
            {optional(draft, "role-category", "Job category", |r| r.basics.job_category.clone(), |r, v| r.basics.job_category = v)}
            {optional(draft, "role-employment", "Employment type", |r| r.basics.employment_type.clone(), |r, v| r.basics.employment_type = v)}
            {optional(draft, "role-reason", "Reason for change", |r| r.basics.reason_for_change.clone(), |r, v| r.basics.reason_for_change = v)}
            {inclusion(draft, "role-inclusion-form", |r| r.basics.inclusion, |r, v| r.basics.inclusion = v)}
            {area(draft, "role-summary", "Summary", |r| r.summary.clone(), |r, v| r.summary = v)}
            {area(draft, "role-responsibilities", "Responsibilities", |r| r.responsibilities.clone(), |r, v| r.responsibilities = v)}
            {tags(draft, "role-skills", "Skills", |r| r.skills.clone(), |r, v| r.skills = v)}
        }
        .into_any()
    }
}

impl SectionItem for Project {
    const COLLECTION: Collection = Collection::Projects;
    const NOUN: &'static str = "project";
    const TITLE: &'static str = "Projects";

    fn items(resume: &Resume) -> Vec<Self> {
        resume
            .experience
            .as_ref()
            .map(|e| e.projects.clone())
            .unwrap_or_default()
    }

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

    fn problem(&self) -> Option<String> {
        required(&self.overview.title, "The title")
    }

    fn inclusion(&self) -> Option<Inclusion> {
        Some(self.overview.inclusion)
    }

    fn with_inclusion(&self, inclusion: Inclusion) -> Self {
        let mut project = self.clone();
        project.overview.inclusion = inclusion;
        project
    }

    fn form(draft: RwSignal<Self>) -> AnyView {
        view! {
            {text(draft, "project-title", "Title", |p| p.overview.title.clone(), |p, v| p.overview.title = v, true)}
            {optional(draft, "project-url", "Link", |p| p.overview.url.clone(), |p, v| p.overview.url = v)}
            {optional(draft, "project-url-description", "Link text", |p| p.overview.url_description.clone(), |p, v| p.overview.url_description = v)}
            {inclusion(draft, "project-inclusion-form", |p| p.overview.inclusion, |p, v| p.overview.inclusion = v)}
            {month(draft, "project-start", "Start", |p| p.overview.start_date, |p, v| p.overview.start_date = v, false)}
            {month(draft, "project-end", "End", |p| p.overview.end_date, |p, v| p.overview.end_date = v, false)}
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

    fn items(resume: &Resume) -> Vec<Self> {
        resume
            .education
            .as_ref()
            .map(|e| e.degrees.clone())
            .unwrap_or_default()
    }

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

    fn problem(&self) -> Option<String> {
        required(&self.school, "The school")
    }

    fn form(draft: RwSignal<Self>) -> AnyView {
        view! {
            {text(draft, "degree-school", "School", |d| d.school.clone(), |d, v| d.school = v, true)}
            {optional(draft, "degree-degree", "Degree", |d| d.degree.clone(), |d, v| d.degree = v)}
            {optional(draft, "degree-major", "Major", |d| d.major.clone(), |d, v| d.major = v)}
            {optional(draft, "degree-gpa", "GPA", |d| d.gpa.clone(), |d, v| d.gpa = v)}
            {month(draft, "degree-start", "Start", |d| d.start_date, |d, v| d.start_date = v, false)}
            {month(draft, "degree-end", "End", |d| d.end_date, |d, v| d.end_date = v, false)}
        }
        .into_any()
    }
}

impl SectionItem for Certification {
    const COLLECTION: Collection = Collection::Certifications;
    const NOUN: &'static str = "certification";
    const TITLE: &'static str = "Certifications";

    fn items(resume: &Resume) -> Vec<Self> {
        resume.certifications.clone()
    }

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

    fn problem(&self) -> Option<String> {
        required(&self.name, "The name")
    }

    fn form(draft: RwSignal<Self>) -> AnyView {
        view! {
            {text(draft, "certification-name", "Name", |c| c.name.clone(), |c, v| c.name = v, true)}
            {optional(draft, "certification-issuer", "Issuer", |c| c.issuer.clone(), |c, v| c.issuer = v)}
            {month(draft, "certification-issued", "Issued", |c| c.issued, |c, v| c.issued = v, false)}
            {month(draft, "certification-expires", "Expires", |c| c.expires, |c, v| c.expires = v, false)}
            {optional(draft, "certification-id", "Certification ID", |c| c.certification_id.clone(), |c, v| c.certification_id = v)}
        }
        .into_any()
    }
}
