//! The canonical serializer: [`Resume`] → text, byte for byte as the existing editor writes it
//! (format spec B §5), plus the `Inclusion` key and kept paragraph breaks (A.4).
//!
//! Layout: top-level sections in the fixed order Personal, Education, Certifications,
//! Experience, separated by one blank line; every heading followed by a blank line; every
//! sub-section ended by a blank line; no trailing newline. Sections without content are left
//! out. It never fails: every model has a text form.

use super::schema::{
    BASICS_KEYS, CERTIFICATION_KEYS, CONTACT_KEYS, DEGREE_KEYS, OVERVIEW_KEYS, VISA_KEYS,
    WEBSITE_KEYS,
};
use crate::date::YearMonth;
use crate::resume::{
    Certification, Degree, Education, Experience, Personal, Project, Resume, Role,
};

/// Writes a resume in the canonical text form.
#[must_use]
pub fn to_markdown(resume: &Resume) -> String {
    let blocks = [
        resume.personal.as_ref().map(personal),
        resume.education.as_ref().map(education),
        (!resume.certifications.is_empty()).then(|| certifications(&resume.certifications)),
        resume.experience.as_ref().map(experience),
    ];
    let mut out = String::new();
    for block in blocks.iter().flatten() {
        let block = block.trim();
        if block.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(block);
    }
    out
}

/// Accumulates one top-level block.
struct Block {
    out: String,
}

impl Block {
    fn new(title: &str) -> Self {
        let mut block = Self { out: String::new() };
        block.heading(1, title);
        block
    }

    fn heading(&mut self, depth: usize, title: &str) {
        self.hashes(depth);
        self.out.push(' ');
        self.out.push_str(title);
        self.out.push_str("\n\n");
    }

    fn hashes(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push('#');
        }
    }

    /// A key/value sub-section; skipped when no value is present.
    fn key_values(&mut self, depth: usize, title: &str, pairs: &[(&'static str, Option<&str>)]) {
        if pairs.iter().filter_map(present).next().is_none() {
            return;
        }
        self.heading(depth, title);
        for (key, value) in pairs.iter().filter_map(present) {
            self.out.push_str(key);
            self.out.push_str(": ");
            self.out.push_str(value);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    /// A text sub-section; skipped when empty. Lines starting with `#` get `depth` extra `#`
    /// so that a reader strips exactly those and does not see a heading (format spec B §1.2).
    fn text(&mut self, depth: usize, title: &str, text: Option<&str>) {
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            return;
        };
        self.heading(depth, title);
        for line in text.split('\n') {
            if line.starts_with('#') {
                self.hashes(depth);
            }
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    /// A list sub-section; skipped when empty.
    fn list(&mut self, depth: usize, title: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.heading(depth, title);
        for item in items {
            self.out.push_str("* ");
            self.out.push_str(item);
            self.out.push('\n');
        }
        self.out.push('\n');
    }
}

/// A pair with a non-empty value.
fn present<'v>(&(key, value): &(&'static str, Option<&'v str>)) -> Option<(&'static str, &'v str)> {
    value.filter(|v| !v.is_empty()).map(|v| (key, v))
}

fn date(value: Option<YearMonth>) -> Option<String> {
    value.map(YearMonth::to_slash_form)
}

fn personal(personal: &Personal) -> String {
    let mut block = Block::new("Personal");
    if let Some(contact) = &personal.contact {
        block.key_values(
            2,
            "Contact Information",
            &zip_keys(
                CONTACT_KEYS,
                [
                    Some(contact.name.as_str()),
                    contact.email.as_deref(),
                    contact.phone.as_deref(),
                    contact.location.as_deref(),
                ],
            ),
        );
    }
    if let Some(websites) = &personal.websites {
        block.key_values(
            2,
            "Websites",
            &zip_keys(
                WEBSITE_KEYS,
                [
                    websites.github.as_deref(),
                    websites.linkedin.as_deref(),
                    websites.website.as_deref(),
                    websites.twitter.as_deref(),
                ],
            ),
        );
    }
    if let Some(visa) = &personal.visa {
        let sponsorship = visa
            .require_sponsorship
            .map(|yes| if yes { "Yes" } else { "No" });
        block.key_values(
            2,
            "Visa Status",
            &zip_keys(VISA_KEYS, [visa.work_authorization.as_deref(), sponsorship]),
        );
    }
    block.text(2, "Banner", personal.banner.as_deref());
    block.text(2, "Note", personal.note.as_deref());
    block.out
}

fn education(education: &Education) -> String {
    if education.degrees.is_empty() {
        return String::new();
    }
    let mut block = Block::new("Education");
    block.heading(2, "Degrees");
    for degree in &education.degrees {
        write_degree(&mut block, degree);
    }
    block.out
}

fn write_degree(block: &mut Block, degree: &Degree) {
    let (start, end) = (date(degree.start_date), date(degree.end_date));
    // Canonical order: School, Degree, Major, Start date, End date, GPA.
    let values = [
        Some(degree.school.as_str()),
        degree.degree.as_deref(),
        degree.major.as_deref(),
        start.as_deref(),
        end.as_deref(),
        degree.gpa.as_deref(),
    ];
    block.key_values(3, "Degree", &zip_keys(DEGREE_KEYS, values));
}

fn certifications(certifications: &[Certification]) -> String {
    let mut block = Block::new("Certifications");
    for certification in certifications {
        let (issued, expires) = (date(certification.issued), date(certification.expires));
        let values = [
            Some(certification.name.as_str()),
            certification.issuer.as_deref(),
            issued.as_deref(),
            expires.as_deref(),
            certification.certification_id.as_deref(),
        ];
        block.key_values(2, "Certification", &zip_keys(CERTIFICATION_KEYS, values));
    }
    block.out
}

fn experience(experience: &Experience) -> String {
    if experience.projects.is_empty() && experience.roles.is_empty() {
        return String::new();
    }
    let mut block = Block::new("Experience");
    if !experience.projects.is_empty() {
        block.heading(2, "Projects");
        for project in &experience.projects {
            write_project(&mut block, project);
        }
    }
    if !experience.roles.is_empty() {
        block.heading(2, "Roles");
        for role in &experience.roles {
            write_role(&mut block, role);
        }
    }
    block.out
}

fn write_project(block: &mut Block, project: &Project) {
    let overview = &project.overview;
    block.heading(3, "Project");
    let (start, end) = (date(overview.start_date), date(overview.end_date));
    let values = [
        Some(overview.title.as_str()),
        overview.url.as_deref(),
        overview.url_description.as_deref(),
        start.as_deref(),
        end.as_deref(),
        overview.inclusion.as_text(),
    ];
    block.key_values(4, "Overview", &zip_keys(OVERVIEW_KEYS, values));
    block.text(4, "Description", project.description.as_deref());
    block.list(4, "Skills", &project.skills);
}

fn write_role(block: &mut Block, role: &Role) {
    let basics = &role.basics;
    block.heading(3, "Role");
    let (start, end) = (date(Some(basics.start_date)), date(basics.end_date));
    let values = [
        Some(basics.company.as_str()),
        Some(basics.title.as_str()),
        basics.employment_type.as_deref(),
        basics.job_category.as_deref(),
        basics.agency.as_deref(),
        basics.reason_for_change.as_deref(),
        basics.location.as_deref(),
        start.as_deref(),
        end.as_deref(),
        basics.inclusion.as_text(),
    ];
    block.key_values(4, "Basics", &zip_keys(BASICS_KEYS, values));
    block.text(4, "Summary", role.summary.as_deref());
    block.text(4, "Responsibilities", role.responsibilities.as_deref());
    block.list(4, "Skills", &role.skills);
}

/// Pairs the canonical key list of a section with its values, in order.
fn zip_keys<'v, const N: usize>(
    keys: &'static [&'static str],
    values: [Option<&'v str>; N],
) -> [(&'static str, Option<&'v str>); N] {
    debug_assert_eq!(keys.len(), N, "key list and values out of step");
    let mut index = 0;
    values.map(|value| {
        let pair = (keys.get(index).copied().unwrap_or_default(), value);
        index += 1;
        pair
    })
}
