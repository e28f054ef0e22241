//! Import: a JSON Resume document as our resume, with a warning for everything not kept
//! exactly.
//!
//! Reading goes section by section through [`Node`]s, which turn every field not read into a
//! "dropped" warning. The result is normalized and validated like any model edited outside the
//! parser, so it always serializes to a text that parses back to it.

use serde_json::Value;

use super::error::JsonResumeError;
use super::reader::Node;
use super::to_json::{bullets, highlights};
use super::warnings::Warning;
use super::{EXTENSION_KEY, SECTIONS};
use crate::resume::{
    Certification, Contact, Degree, Education, Experience, Inclusion, Personal, Project,
    ProjectOverview, Resume, Role, RoleBasics, Visa, Websites,
};
use crate::validate::{normalize, validate};

/// An imported resume and what could not be kept exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The resume, normalized and valid.
    pub resume: Resume,
    /// One warning per dropped or approximated field, in document order.
    pub warnings: Vec<Warning>,
}

/// Top-level sections our format has no place for, and why.
const DROPPED_SECTIONS: [(&str, &str); 7] = [
    ("volunteer", "our format has no volunteer section"),
    ("awards", "our format has no awards section"),
    ("publications", "our format has no publications section"),
    (
        "skills",
        "our format keeps skills per role and project, not as a section of its own",
    ),
    ("languages", "our format has no languages section"),
    ("interests", "our format has no interests section"),
    ("references", "our format has no references section"),
];

/// Reads a JSON Resume document from text.
///
/// # Errors
/// [`JsonResumeError::Syntax`] when the text is not JSON; otherwise as [`from_json_resume`].
pub fn from_json_resume_str(text: &str) -> Result<Imported, JsonResumeError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| JsonResumeError::Syntax(e.to_string()))?;
    from_json_resume(&value)
}

/// Reads a JSON Resume document.
///
/// # Errors
/// [`JsonResumeError::WrongType`] or [`JsonResumeError::InvalidDate`] naming the path of a
/// value the schema does not allow; [`JsonResumeError::NotAResume`] for an object without any
/// JSON Resume section; [`JsonResumeError::NothingToImport`] when nothing could be kept;
/// [`JsonResumeError::Invalid`] when the mapped resume breaks a rule of our format.
pub fn from_json_resume(value: &Value) -> Result<Imported, JsonResumeError> {
    let mut root = Node::root(value)?;
    if !SECTIONS.iter().any(|section| root.contains(section)) {
        return Err(JsonResumeError::NotAResume);
    }
    let w = &mut Vec::new();
    // Tooling data, not part of the resume.
    root.skip("$schema");
    root.skip("meta");
    let personal = root.object("basics")?.map(|n| basics(n, w)).transpose()?;
    let roles = root
        .objects("work")?
        .into_iter()
        .map(|n| work(n, w))
        .collect::<Result<Vec<_>, _>>()?;
    let degrees = root
        .objects("education")?
        .into_iter()
        .map(|n| degree(n, w))
        .collect::<Result<Vec<_>, _>>()?;
    let certifications = root
        .objects("certificates")?
        .into_iter()
        .map(|n| certificate(n, w))
        .collect::<Result<Vec<_>, _>>()?;
    let projects = root
        .objects("projects")?
        .into_iter()
        .map(|n| project(n, w))
        .collect::<Result<Vec<_>, _>>()?;
    for (section, reason) in DROPPED_SECTIONS {
        root.drop_field(section, reason, w);
    }
    root.finish(w);

    let roles: Vec<Role> = roles.into_iter().flatten().collect();
    let projects: Vec<Project> = projects.into_iter().flatten().collect();
    let degrees: Vec<Degree> = degrees.into_iter().flatten().collect();
    let mut resume = Resume {
        personal: personal.flatten(),
        education: (!degrees.is_empty()).then_some(Education { degrees }),
        certifications: certifications.into_iter().flatten().collect(),
        experience: (!roles.is_empty() || !projects.is_empty())
            .then_some(Experience { projects, roles }),
    };
    normalize(&mut resume);
    let errors = validate(&resume);
    if !errors.is_empty() {
        return Err(JsonResumeError::Invalid(errors));
    }
    if resume.is_empty() {
        return Err(JsonResumeError::NothingToImport);
    }
    Ok(Imported {
        resume,
        warnings: std::mem::take(w),
    })
}

fn basics(mut n: Node<'_>, w: &mut Vec<Warning>) -> Result<Option<Personal>, JsonResumeError> {
    let name = n.line("name", " ", w)?;
    let email = n.line("email", " ", w)?;
    let phone = n.line("phone", " ", w)?;
    let location = n.object("location")?.map(|n| location(n, w)).transpose()?;
    let label = n.line("label", " ", w)?;
    let summary = n.text("summary")?;
    let banner = match (label, summary) {
        (Some(label), summary) => {
            w.push(Warning::approximated(
                n.child("label"),
                if summary.is_some() {
                    "kept as the first paragraph of the Banner, before the summary"
                } else {
                    "kept as the Banner"
                },
            ));
            Some(match summary {
                Some(summary) => format!("{label}\n\n{summary}"),
                None => label,
            })
        }
        (None, summary) => summary,
    };
    n.drop_field("image", "our format has no picture", w);
    let mut websites = Websites {
        website: n.line("url", " ", w)?,
        ..Websites::default()
    };
    for profile in n.objects("profiles")? {
        read_profile(profile, &mut websites, w)?;
    }
    let mut note = None;
    let mut visa = Visa::default();
    if let Some(mut ext) = n.object(EXTENSION_KEY)? {
        note = ext.text("note")?;
        visa.work_authorization = ext.line("workAuthorization", " ", w)?;
        visa.require_sponsorship = ext.boolean("requireSponsorship")?;
        ext.finish(w);
    }
    let contact = match name {
        Some(name) => Some(Contact {
            name,
            email,
            phone,
            location: location.flatten(),
        }),
        None => {
            for (key, value) in [
                ("email", email.is_some()),
                ("phone", phone.is_some()),
                ("location", location.flatten().is_some()),
            ] {
                if value {
                    w.push(Warning::dropped(
                        n.child(key),
                        "our contact information needs a name (basics.name)",
                    ));
                }
            }
            None
        }
    };
    n.finish(w);
    let personal = Personal {
        contact,
        websites: (websites != Websites::default()).then_some(websites),
        visa: (visa != Visa::default()).then_some(visa),
        banner,
        note,
    };
    Ok((personal != Personal::default()).then_some(personal))
}

/// `basics.location` as one line: the only part given, or all parts joined with commas.
fn location(mut n: Node<'_>, w: &mut Vec<Warning>) -> Result<Option<String>, JsonResumeError> {
    let mut parts = Vec::new();
    for key in ["address", "city", "region", "postalCode", "countryCode"] {
        if let Some(part) = n.line(key, ", ", w)? {
            parts.push(part);
        }
    }
    if parts.len() > 1 {
        w.push(Warning::approximated(
            n.path(),
            "address, city, region, postal code and country code joined into one line",
        ));
    }
    n.finish(w);
    Ok((!parts.is_empty()).then(|| parts.join(", ")))
}

/// One of `basics.profiles`: GitHub, LinkedIn and Twitter (or X) become our websites.
fn read_profile(
    mut n: Node<'_>,
    websites: &mut Websites,
    w: &mut Vec<Warning>,
) -> Result<(), JsonResumeError> {
    let network = n.line("network", " ", w)?;
    let username = n.line("username", " ", w)?;
    let url = n.line("url", " ", w)?;
    let path = n.path().to_owned();
    let username_path = n.child("username");
    n.finish(w);
    if network.is_none() && username.is_none() && url.is_none() {
        return Ok(());
    }
    let (slot, prefix) = match network.as_deref().map(str::to_lowercase).as_deref() {
        Some("github") => (&mut websites.github, "https://github.com/"),
        Some("linkedin") => (&mut websites.linkedin, "https://www.linkedin.com/in/"),
        Some("twitter" | "x") => (&mut websites.twitter, "https://twitter.com/"),
        _ => {
            w.push(Warning::dropped(
                &path,
                "our format keeps only GitHub, LinkedIn and Twitter profiles",
            ));
            return Ok(());
        }
    };
    if slot.is_some() {
        w.push(Warning::dropped(
            &path,
            "a second profile on the same network (the first one is kept)",
        ));
        return Ok(());
    }
    match (url, username) {
        (Some(url), Some(username)) => {
            if !url.to_lowercase().contains(&username.to_lowercase()) {
                w.push(Warning::dropped(
                    &username_path,
                    "our format keeps the profile's URL only, and the URL does not contain the username",
                ));
            }
            *slot = Some(url);
        }
        (Some(url), None) => *slot = Some(url),
        (None, Some(username)) => {
            let url = format!("{prefix}{}", username.trim_start_matches('@'));
            w.push(Warning::approximated(
                &username_path,
                format!("made into the URL {url}"),
            ));
            *slot = Some(url);
        }
        (None, None) => {}
    }
    Ok(())
}

fn work(mut n: Node<'_>, w: &mut Vec<Warning>) -> Result<Option<Role>, JsonResumeError> {
    let company = n.line("name", " ", w)?;
    let title = n.line("position", " ", w)?;
    let start = n.date("startDate", false, w)?;
    let end = n.date("endDate", true, w)?;
    let location = n.line("location", " ", w)?;
    let summary = n.text("summary")?;
    let items = n.strings("highlights")?;
    n.drop_field("description", "our roles have no company description", w);
    n.drop_field("url", "our roles have no company URL", w);
    let extension = n
        .object(EXTENSION_KEY)?
        .map(|ext| role_extension(ext, &items, w))
        .transpose()?
        .unwrap_or_default();
    let (Some(company), Some(title), Some(start)) = (company, title, start) else {
        let path = n.finish(w);
        w.push(Warning::dropped(
            path,
            "a role needs a company name (name), a position and a startDate",
        ));
        return Ok(None);
    };
    n.finish(w);
    Ok(Some(Role {
        basics: RoleBasics {
            end_date: end,
            agency: extension.agency,
            job_category: extension.job_category,
            employment_type: extension.employment_type,
            reason_for_change: extension.reason_for_change,
            location,
            inclusion: extension.inclusion,
            ..RoleBasics::new(company, title, start)
        },
        summary,
        responsibilities: extension
            .responsibilities
            .or_else(|| (!items.is_empty()).then(|| bullets(&items))),
        skills: extension.skills,
    }))
}

/// The `x-resume-editor` fields of a `work[]` item.
#[derive(Default)]
struct RoleExtension {
    agency: Option<String>,
    job_category: Option<String>,
    employment_type: Option<String>,
    reason_for_change: Option<String>,
    inclusion: Inclusion,
    skills: Vec<String>,
    /// The responsibilities text, when the highlights still match it.
    responsibilities: Option<String>,
}

fn role_extension(
    mut ext: Node<'_>,
    highlights_read: &[String],
    w: &mut Vec<Warning>,
) -> Result<RoleExtension, JsonResumeError> {
    let mut out = RoleExtension {
        agency: ext.line("agency", " ", w)?,
        job_category: ext.line("jobCategory", " ", w)?,
        employment_type: ext.line("employmentType", " ", w)?,
        reason_for_change: ext.line("reasonForChange", " ", w)?,
        inclusion: inclusion(&mut ext, w)?,
        skills: ext.strings("skills")?,
        responsibilities: None,
    };
    if let Some(text) = ext.text("responsibilities")? {
        if highlights(&text) == highlights_read {
            out.responsibilities = Some(text);
        } else {
            w.push(Warning::dropped(
                ext.child("responsibilities"),
                "it no longer matches the highlights, which were used instead",
            ));
        }
    }
    ext.finish(w);
    Ok(out)
}

fn project(mut n: Node<'_>, w: &mut Vec<Warning>) -> Result<Option<Project>, JsonResumeError> {
    let title = n.line("name", " ", w)?;
    let mut description = n.text("description")?;
    let url = n.line("url", " ", w)?;
    let start_date = n.date("startDate", false, w)?;
    let mut end_date = n.date("endDate", true, w)?;
    let skills = n.strings("keywords")?;
    let items = n.strings("highlights")?;
    if !items.is_empty() {
        w.push(Warning::approximated(
            n.child("highlights"),
            "appended to the project's description as bullet lines",
        ));
        let list = bullets(&items);
        description = Some(match description {
            Some(text) => format!("{text}\n\n{list}"),
            None => list,
        });
    }
    n.drop_field("roles", "our projects have no roles", w);
    n.drop_field("entity", "our projects have no entity", w);
    n.drop_field("type", "our projects have no type", w);
    let mut url_description = None;
    let mut inclusion_value = Inclusion::Include;
    if let Some(mut ext) = n.object(EXTENSION_KEY)? {
        url_description = ext.line("urlDescription", " ", w)?;
        inclusion_value = inclusion(&mut ext, w)?;
        ext.finish(w);
    }
    if end_date.is_some() && start_date.is_none() {
        w.push(Warning::dropped(
            n.child("endDate"),
            "our format needs a start date before an end date",
        ));
        end_date = None;
    }
    let Some(title) = title else {
        let path = n.finish(w);
        w.push(Warning::dropped(path, "a project needs a name"));
        return Ok(None);
    };
    n.finish(w);
    Ok(Some(Project {
        overview: ProjectOverview {
            title,
            url,
            url_description,
            start_date,
            end_date,
            inclusion: inclusion_value,
        },
        description,
        skills,
    }))
}

fn degree(mut n: Node<'_>, w: &mut Vec<Warning>) -> Result<Option<Degree>, JsonResumeError> {
    let school = n.line("institution", " ", w)?;
    let degree = n.line("studyType", " ", w)?;
    let major = n.line("area", " ", w)?;
    let gpa = n.line("score", " ", w)?;
    let start_date = n.date("startDate", false, w)?;
    let mut end_date = n.date("endDate", true, w)?;
    n.drop_field("url", "our degrees have no URL", w);
    n.drop_field("courses", "our degrees have no courses", w);
    if end_date.is_some() && start_date.is_none() {
        w.push(Warning::dropped(
            n.child("endDate"),
            "our format needs a start date before an end date",
        ));
        end_date = None;
    }
    let Some(school) = school else {
        let path = n.finish(w);
        w.push(Warning::dropped(path, "a degree needs an institution"));
        return Ok(None);
    };
    n.finish(w);
    Ok(Some(Degree {
        school,
        degree,
        major,
        gpa,
        start_date,
        end_date,
    }))
}

fn certificate(
    mut n: Node<'_>,
    w: &mut Vec<Warning>,
) -> Result<Option<Certification>, JsonResumeError> {
    let name = n.line("name", " ", w)?;
    let issuer = n.line("issuer", " ", w)?;
    let issued = n.date("date", false, w)?;
    n.drop_field("url", "our certifications have no URL", w);
    let mut expires = None;
    let mut certification_id = None;
    if let Some(mut ext) = n.object(EXTENSION_KEY)? {
        expires = ext.date("expires", false, w)?;
        certification_id = ext.line("certificationId", " ", w)?;
        ext.finish(w);
    }
    let Some(name) = name else {
        let path = n.finish(w);
        w.push(Warning::dropped(path, "a certification needs a name"));
        return Ok(None);
    };
    n.finish(w);
    Ok(Some(Certification {
        name,
        issuer,
        issued,
        expires,
        certification_id,
    }))
}

/// `x-resume-editor.inclusion`: `not_relevant` or `omit` (any spelling our text accepts).
fn inclusion(ext: &mut Node<'_>, w: &mut Vec<Warning>) -> Result<Inclusion, JsonResumeError> {
    let Some(text) = ext.line("inclusion", " ", w)? else {
        return Ok(Inclusion::Include);
    };
    Ok(Inclusion::from_text(&text).unwrap_or_else(|| {
        w.push(Warning::dropped(
            ext.child("inclusion"),
            "not one of include, not_relevant, omit",
        ));
        Inclusion::Include
    }))
}
