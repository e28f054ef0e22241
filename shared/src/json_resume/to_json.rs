//! Export: our resume as a JSON Resume 1.2 document.
//!
//! Every field of ours is written: where JSON Resume has a field with the same meaning, there;
//! otherwise in the `x-resume-editor` object of the item it belongs to (see the module doc of
//! [`super`]). Empty values and empty sections are left out.

use serde_json::{Map, Value};

use super::EXTENSION_KEY;
use super::dates;
use crate::date::YearMonth;
use crate::resume::{Certification, Degree, Inclusion, Personal, Project, Resume, Role};

/// The resume as a JSON Resume document (an object).
#[must_use]
pub fn to_json_resume(resume: &Resume) -> Value {
    let mut root = Object::default();
    if let Some(personal) = &resume.personal {
        root.put("basics", basics(personal).into_value());
    }
    if let Some(experience) = &resume.experience {
        root.put_list("work", experience.roles.iter().map(work));
        root.put_list("projects", experience.projects.iter().map(project));
    }
    if let Some(education) = &resume.education {
        root.put_list("education", education.degrees.iter().map(degree));
    }
    root.put_list(
        "certificates",
        resume.certifications.iter().map(certificate),
    );
    Value::Object(root.0)
}

fn basics(personal: &Personal) -> Object {
    let mut basics = Object::default();
    if let Some(contact) = &personal.contact {
        basics.put_str("name", Some(&contact.name));
        basics.put_str("email", contact.email.as_ref());
        basics.put_str("phone", contact.phone.as_ref());
        if let Some(location) = &contact.location {
            let mut place = Object::default();
            place.put_str("city", Some(location));
            basics.put("location", place.into_value());
        }
    }
    basics.put_str("summary", personal.banner.as_ref());
    let mut extension = Object::default();
    if let Some(websites) = &personal.websites {
        basics.put_str("url", websites.website.as_ref());
        let profiles = [
            ("GitHub", &websites.github),
            ("LinkedIn", &websites.linkedin),
            ("Twitter", &websites.twitter),
        ]
        .into_iter()
        .filter_map(|(network, url)| {
            let mut profile = Object::default();
            profile.put_str("network", Some(&network.to_owned()));
            profile.put_str("url", Some(url.as_ref()?));
            Some(profile.into_value())
        });
        basics.put_list("profiles", profiles);
    }
    extension.put_str("note", personal.note.as_ref());
    if let Some(visa) = &personal.visa {
        extension.put_str("workAuthorization", visa.work_authorization.as_ref());
        if let Some(sponsorship) = visa.require_sponsorship {
            extension.put("requireSponsorship", Value::Bool(sponsorship));
        }
    }
    basics.put_extension(extension);
    basics
}

fn work(role: &Role) -> Value {
    let basics = &role.basics;
    let mut work = Object::default();
    work.put_str("name", Some(&basics.company));
    work.put_str("position", Some(&basics.title));
    work.put_str("location", basics.location.as_ref());
    work.put_date("startDate", Some(basics.start_date));
    work.put_date("endDate", basics.end_date);
    work.put_str("summary", role.summary.as_ref());
    let mut extension = Object::default();
    if let Some(text) = &role.responsibilities {
        let items = highlights(text);
        if bullets(&items) != *text {
            // The highlights cannot give the text back (paragraphs, other bullets, …): keep
            // it whole so an import restores it exactly.
            extension.put_str("responsibilities", Some(text));
        }
        work.put_list("highlights", items.into_iter().map(Value::String));
    }
    extension.put_str("agency", basics.agency.as_ref());
    extension.put_str("jobCategory", basics.job_category.as_ref());
    extension.put_str("employmentType", basics.employment_type.as_ref());
    extension.put_str("reasonForChange", basics.reason_for_change.as_ref());
    extension.put_inclusion(basics.inclusion);
    extension.put_list("skills", role.skills.iter().cloned().map(Value::String));
    work.put_extension(extension);
    work.into_value()
}

fn project(project: &Project) -> Value {
    let overview = &project.overview;
    let mut out = Object::default();
    out.put_str("name", Some(&overview.title));
    out.put_str("description", project.description.as_ref());
    out.put_str("url", overview.url.as_ref());
    out.put_date("startDate", overview.start_date);
    out.put_date("endDate", overview.end_date);
    out.put_list(
        "keywords",
        project.skills.iter().cloned().map(Value::String),
    );
    let mut extension = Object::default();
    extension.put_str("urlDescription", overview.url_description.as_ref());
    extension.put_inclusion(overview.inclusion);
    out.put_extension(extension);
    out.into_value()
}

fn degree(degree: &Degree) -> Value {
    let mut out = Object::default();
    out.put_str("institution", Some(&degree.school));
    out.put_str("studyType", degree.degree.as_ref());
    out.put_str("area", degree.major.as_ref());
    out.put_str("score", degree.gpa.as_ref());
    out.put_date("startDate", degree.start_date);
    out.put_date("endDate", degree.end_date);
    out.into_value()
}

fn certificate(certification: &Certification) -> Value {
    let mut out = Object::default();
    out.put_str("name", Some(&certification.name));
    out.put_str("issuer", certification.issuer.as_ref());
    out.put_date("date", certification.issued);
    let mut extension = Object::default();
    extension.put_date("expires", certification.expires);
    extension.put_str("certificationId", certification.certification_id.as_ref());
    out.put_extension(extension);
    out.into_value()
}

/// A role's responsibilities as JSON Resume highlights: one per non-blank line, without a
/// leading `* ` or `- ` bullet.
pub(super) fn highlights(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.strip_prefix("* ")
                .or_else(|| line.strip_prefix("- "))
                .unwrap_or(line)
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Highlights as responsibilities text: one `* ` bullet line each.
pub(super) fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("* {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JSON object under construction that leaves out empty values.
#[derive(Default)]
struct Object(Map<String, Value>);

impl Object {
    fn put(&mut self, key: &str, value: Value) {
        let empty = match &value {
            Value::Object(map) => map.is_empty(),
            Value::Array(items) => items.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.insert(key.to_owned(), value);
        }
    }

    fn put_str(&mut self, key: &str, value: Option<&String>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.put(key, Value::String(value.clone()));
        }
    }

    fn put_date(&mut self, key: &str, value: Option<YearMonth>) {
        if let Some(value) = value {
            self.put(key, Value::String(dates::write(value)));
        }
    }

    fn put_list(&mut self, key: &str, items: impl Iterator<Item = Value>) {
        self.put(key, Value::Array(items.collect()));
    }

    fn put_inclusion(&mut self, inclusion: Inclusion) {
        let text = match inclusion {
            Inclusion::Include => return,
            Inclusion::NotRelevant => "not_relevant",
            Inclusion::Omit => "omit",
        };
        self.put("inclusion", Value::String(text.to_owned()));
    }

    fn put_extension(&mut self, extension: Object) {
        self.put(EXTENSION_KEY, extension.into_value());
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_strip_bullets_and_blank_lines() {
        let items = highlights("* Led the team\n\n- Cut costs\nShipped v2");
        assert_eq!(items, ["Led the team", "Cut costs", "Shipped v2"]);
        assert_eq!(bullets(&items), "* Led the team\n* Cut costs\n* Shipped v2");
    }
}
