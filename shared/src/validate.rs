//! Checking a resume model that did not come from the parser (structured edits in the API and
//! the browser's forms) before it is written as text.
//!
//! [`normalize`] puts a model into the shape the parser produces (trimmed values, empty values
//! absent, text lines trimmed and blank runs collapsed), and [`validate`] lists what the text
//! format cannot hold or the parser would reject, each with a field path such as
//! `experience.roles[2].basics.company`. A normalized model without field errors serializes to
//! a text that parses back to the same model (the property the round-trip tests check).

use serde::{Deserialize, Serialize};

use crate::api::input::{line_character_problem, nul_line, nul_problem};
use crate::date::YearMonth;
use crate::resume::{
    Certification, Contact, Degree, Education, Experience, Personal, Project, Resume, Role, Visa,
    Websites,
};

/// A problem with one field of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Where, e.g. `experience.roles[2].basics.company`.
    pub path: String,
    /// What is wrong, e.g. `must not be empty`.
    pub message: String,
}

/// Brings a model into the parser's shape: trims values, turns empty optional values into
/// absent ones, trims text lines and collapses blank-line runs into one paragraph break, drops
/// empty list items, and leaves out sections with nothing in them.
pub fn normalize(resume: &mut Resume) {
    if let Some(personal) = &mut resume.personal {
        normalize_personal(personal);
        if *personal == Personal::default() {
            resume.personal = None;
        }
    }
    if let Some(education) = &mut resume.education {
        education.degrees.iter_mut().for_each(normalize_degree);
        if education.degrees.is_empty() {
            resume.education = None;
        }
    }
    resume
        .certifications
        .iter_mut()
        .for_each(normalize_certification);
    if let Some(experience) = &mut resume.experience {
        experience.projects.iter_mut().for_each(normalize_project);
        experience.roles.iter_mut().for_each(normalize_role);
        if experience.projects.is_empty() && experience.roles.is_empty() {
            resume.experience = None;
        }
    }
}

/// Lists every field the text format cannot hold as given. Run it on a [`normalize`]d model.
#[must_use]
pub fn validate(resume: &Resume) -> Vec<FieldError> {
    let mut check = Checker::default();
    if let Some(personal) = &resume.personal {
        check.personal(personal);
    }
    if let Some(Education { degrees }) = &resume.education {
        for (index, degree) in degrees.iter().enumerate() {
            check.degree(&format!("education.degrees[{index}]"), degree);
        }
    }
    for (index, certification) in resume.certifications.iter().enumerate() {
        check.certification(&format!("certifications[{index}]"), certification);
    }
    if let Some(Experience { projects, roles }) = &resume.experience {
        for (index, project) in projects.iter().enumerate() {
            check.project(&format!("experience.projects[{index}]"), project);
        }
        for (index, role) in roles.iter().enumerate() {
            check.role(&format!("experience.roles[{index}]"), role);
        }
    }
    check.errors
}

fn normalize_personal(personal: &mut Personal) {
    if let Some(contact) = &mut personal.contact {
        let Contact {
            name,
            email,
            phone,
            location,
        } = contact;
        trim(name);
        [email, phone, location].into_iter().for_each(optional);
        if *contact == Contact::default() {
            personal.contact = None;
        }
    }
    if let Some(websites) = &mut personal.websites {
        let Websites {
            github,
            linkedin,
            website,
            twitter,
        } = websites;
        [github, linkedin, website, twitter]
            .into_iter()
            .for_each(optional);
        if *websites == Websites::default() {
            personal.websites = None;
        }
    }
    if let Some(visa) = &mut personal.visa {
        optional(&mut visa.work_authorization);
        if *visa == Visa::default() {
            personal.visa = None;
        }
    }
    text(&mut personal.banner);
    text(&mut personal.note);
}

fn normalize_degree(degree: &mut Degree) {
    trim(&mut degree.school);
    [&mut degree.degree, &mut degree.major, &mut degree.gpa]
        .into_iter()
        .for_each(optional);
}

fn normalize_certification(certification: &mut Certification) {
    trim(&mut certification.name);
    [
        &mut certification.issuer,
        &mut certification.certification_id,
    ]
    .into_iter()
    .for_each(optional);
}

fn normalize_project(project: &mut Project) {
    let overview = &mut project.overview;
    trim(&mut overview.title);
    [&mut overview.url, &mut overview.url_description]
        .into_iter()
        .for_each(optional);
    text(&mut project.description);
    list(&mut project.skills);
}

fn normalize_role(role: &mut Role) {
    let basics = &mut role.basics;
    trim(&mut basics.company);
    trim(&mut basics.title);
    [
        &mut basics.agency,
        &mut basics.job_category,
        &mut basics.employment_type,
        &mut basics.reason_for_change,
        &mut basics.location,
    ]
    .into_iter()
    .for_each(optional);
    text(&mut role.summary);
    text(&mut role.responsibilities);
    list(&mut role.skills);
}

fn trim(value: &mut String) {
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        *value = trimmed.to_owned();
    }
}

fn optional(value: &mut Option<String>) {
    if let Some(inner) = value {
        trim(inner);
        if inner.is_empty() {
            *value = None;
        }
    }
}

/// Trims every line of spaces and tabs, collapses blank-line runs into one, trims the whole.
fn text(value: &mut Option<String>) {
    let Some(inner) = value else {
        return;
    };
    let mut out = String::with_capacity(inner.len());
    let mut blank_pending = false;
    for line in inner.split(['\n', '\r']) {
        let line = line.trim_matches([' ', '\t']);
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        out.push_str(line);
    }
    let trimmed = out.trim();
    *value = (!trimmed.is_empty()).then(|| trimmed.to_owned());
}

fn list(items: &mut Vec<String>) {
    items.iter_mut().for_each(trim);
    items.retain(|item| !item.is_empty());
}

#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn push(&mut self, path: String, message: &str) {
        self.errors.push(FieldError {
            path,
            message: message.to_owned(),
        });
    }

    fn required(&mut self, path: String, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        } else {
            self.single_line(path, value);
        }
    }

    /// One line, without control characters (the text format holds a value per line, and a
    /// NUL cannot be stored in PostgreSQL's text).
    fn single_line(&mut self, path: String, value: &str) {
        if let Some(problem) = line_character_problem(value) {
            self.push(path, problem);
        }
    }

    /// Free text: line breaks and tabs are fine, NUL is not.
    fn text(&mut self, path: String, value: Option<&String>) {
        if let Some(line) = value.and_then(|value| nul_line(value)) {
            self.push(path, &nul_problem(line));
        }
    }

    fn optional(&mut self, path: String, value: Option<&String>) {
        if let Some(value) = value {
            self.single_line(path, value);
        }
    }

    fn order(&mut self, path: String, start: Option<YearMonth>, end: Option<YearMonth>) {
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            self.push(path, "must not be before the start");
        }
    }

    fn list(&mut self, path: &str, items: &[String]) {
        for (index, item) in items.iter().enumerate() {
            self.required(format!("{path}[{index}]"), item);
        }
    }

    fn personal(&mut self, personal: &Personal) {
        if let Some(contact) = &personal.contact {
            self.required("personal.contact.name".into(), &contact.name);
            for (key, value) in [
                ("email", &contact.email),
                ("phone", &contact.phone),
                ("location", &contact.location),
            ] {
                self.optional(format!("personal.contact.{key}"), value.as_ref());
            }
        }
        if let Some(websites) = &personal.websites {
            for (key, value) in [
                ("github", &websites.github),
                ("linkedin", &websites.linkedin),
                ("website", &websites.website),
                ("twitter", &websites.twitter),
            ] {
                self.optional(format!("personal.websites.{key}"), value.as_ref());
            }
        }
        if let Some(visa) = &personal.visa {
            self.optional(
                "personal.visa.work_authorization".into(),
                visa.work_authorization.as_ref(),
            );
        }
        self.text("personal.banner".into(), personal.banner.as_ref());
        self.text("personal.note".into(), personal.note.as_ref());
    }

    fn degree(&mut self, path: &str, degree: &Degree) {
        self.required(format!("{path}.school"), &degree.school);
        for (key, value) in [
            ("degree", &degree.degree),
            ("major", &degree.major),
            ("gpa", &degree.gpa),
        ] {
            self.optional(format!("{path}.{key}"), value.as_ref());
        }
        if degree.end_date.is_some() && degree.start_date.is_none() {
            self.push(
                format!("{path}.end_date"),
                "needs a start date (add the start date or remove the end date)",
            );
        }
        self.order(
            format!("{path}.end_date"),
            degree.start_date,
            degree.end_date,
        );
    }

    fn certification(&mut self, path: &str, certification: &Certification) {
        self.required(format!("{path}.name"), &certification.name);
        for (key, value) in [
            ("issuer", &certification.issuer),
            ("certification_id", &certification.certification_id),
        ] {
            self.optional(format!("{path}.{key}"), value.as_ref());
        }
        self.order(
            format!("{path}.expires"),
            certification.issued,
            certification.expires,
        );
    }

    fn project(&mut self, path: &str, project: &Project) {
        let overview = &project.overview;
        self.required(format!("{path}.overview.title"), &overview.title);
        for (key, value) in [
            ("url", &overview.url),
            ("url_description", &overview.url_description),
        ] {
            self.optional(format!("{path}.overview.{key}"), value.as_ref());
        }
        self.order(
            format!("{path}.overview.end_date"),
            overview.start_date,
            overview.end_date,
        );
        self.text(format!("{path}.description"), project.description.as_ref());
        self.list(&format!("{path}.skills"), &project.skills);
    }

    fn role(&mut self, path: &str, role: &Role) {
        let basics = &role.basics;
        self.required(format!("{path}.basics.company"), &basics.company);
        self.required(format!("{path}.basics.title"), &basics.title);
        for (key, value) in [
            ("agency", &basics.agency),
            ("job_category", &basics.job_category),
            ("employment_type", &basics.employment_type),
            ("reason_for_change", &basics.reason_for_change),
            ("location", &basics.location),
        ] {
            self.optional(format!("{path}.basics.{key}"), value.as_ref());
        }
        self.order(
            format!("{path}.basics.end_date"),
            Some(basics.start_date),
            basics.end_date,
        );
        self.text(format!("{path}.summary"), role.summary.as_ref());
        self.text(
            format!("{path}.responsibilities"),
            role.responsibilities.as_ref(),
        );
        self.list(&format!("{path}.skills"), &role.skills);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::RoleBasics;
    use crate::{parse, to_markdown};

    fn month(year: u32, month: u32) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    #[test]
    fn normalizing_trims_and_drops_empty_values_and_sections() {
        let mut resume = Resume {
            personal: Some(Personal {
                contact: Some(Contact {
                    name: "  Sam  ".into(),
                    email: Some("   ".into()),
                    ..Contact::default()
                }),
                websites: Some(Websites {
                    github: Some(String::new()),
                    ..Websites::default()
                }),
                banner: Some("  line one \n\n\n\t line two  \n".into()),
                note: Some(" \n ".into()),
                ..Personal::default()
            }),
            education: Some(Education { degrees: vec![] }),
            ..Resume::default()
        };
        normalize(&mut resume);
        let personal = resume.personal.as_ref().unwrap();
        assert_eq!(personal.contact.as_ref().unwrap().name, "Sam");
        assert_eq!(personal.contact.as_ref().unwrap().email, None);
        assert_eq!(personal.websites, None);
        assert_eq!(personal.banner.as_deref(), Some("line one\n\nline two"));
        assert_eq!(personal.note, None);
        assert_eq!(resume.education, None);
        assert!(validate(&resume).is_empty());
    }

    #[test]
    fn validation_names_each_bad_field() {
        let mut role = Role::new(RoleBasics::new("", "Dev\nOps", month(2020, 5)));
        role.basics.end_date = Some(month(2020, 1));
        role.skills = vec!["Rust".into(), " ".into()];
        let resume = Resume {
            education: Some(Education {
                degrees: vec![Degree {
                    school: "S".into(),
                    end_date: Some(month(2010, 1)),
                    ..Degree::default()
                }],
            }),
            experience: Some(Experience {
                projects: vec![],
                roles: vec![role],
            }),
            ..Resume::default()
        };
        let errors = validate(&resume);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "education.degrees[0].end_date",
                "experience.roles[0].basics.company",
                "experience.roles[0].basics.title",
                "experience.roles[0].basics.end_date",
                "experience.roles[0].skills[1]",
            ]
        );
        assert_eq!(errors[2].message, "must be a single line");
    }

    #[test]
    fn control_characters_are_refused_in_values_and_nul_in_text() {
        let mut role = Role::new(RoleBasics::new("Acme\0", "Dev\u{1b}[2J", month(2020, 5)));
        role.summary = Some("fine\nsecond\tline".into());
        role.responsibilities = Some("* one\n* tw\0o".into());
        role.skills = vec!["Ru\u{7}st".into()];
        let resume = Resume {
            personal: Some(Personal {
                banner: Some("\0".into()),
                ..Personal::default()
            }),
            experience: Some(Experience {
                projects: vec![],
                roles: vec![role],
            }),
            ..Resume::default()
        };
        let errors: Vec<(String, String)> = validate(&resume)
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect();
        assert_eq!(
            errors,
            [
                (
                    "personal.banner",
                    "must not contain NUL characters (line 1)"
                ),
                (
                    "experience.roles[0].basics.company",
                    "must not contain control characters"
                ),
                (
                    "experience.roles[0].basics.title",
                    "must not contain control characters"
                ),
                (
                    "experience.roles[0].responsibilities",
                    "must not contain NUL characters (line 2)"
                ),
                (
                    "experience.roles[0].skills[0]",
                    "must not contain control characters"
                ),
            ]
            .map(|(p, m)| (p.to_owned(), m.to_owned()))
        );
    }

    #[test]
    fn a_normalized_valid_model_round_trips_through_the_text() {
        let mut role = Role::new(RoleBasics::new(" Acme ", "Dev", month(2020, 5)));
        role.responsibilities = Some("# not a heading\n\n  * did things  ".into());
        role.skills = vec![" Rust ".into(), String::new()];
        let mut resume = Resume {
            experience: Some(Experience {
                projects: vec![],
                roles: vec![role],
            }),
            ..Resume::default()
        };
        normalize(&mut resume);
        assert!(validate(&resume).is_empty());
        let parsed = parse(&to_markdown(&resume)).unwrap();
        assert_eq!(parsed.resume, resume);
        assert!(parsed.warnings.is_empty());
    }
}
