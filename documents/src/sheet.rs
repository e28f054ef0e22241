//! The content of a designed document, decided once for both renderers: which sections show
//! in which order, their headings in the chosen language, each entry's two-line header
//! (title and dates; then company · location · type), its paragraphs and bullets with their
//! inline emphasis, and the contact line with short visible links. The PDF template receives
//! this as JSON data and the Word renderer walks it, so both formats say the same thing.

use resume_shared::{Resume, Role};
use serde::Serialize;

use crate::design::{Design, Language, Section};
use crate::inline::{Run, runs};
use crate::options::ExportOptions;
use crate::template::Template;

/// A designed document's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    /// The document title: the candidate's name and "Resume".
    pub title: String,
    /// The author: the candidate's name, or empty.
    pub author: String,
    /// The language code of the headings (`en`).
    pub language: &'static str,
    /// The candidate's name (may be empty).
    pub name: String,
    /// Contact items (email, phone, location, websites, work authorisation), each one run.
    pub contact: Vec<Run>,
    /// The sections, in order, empty ones left out.
    pub sections: Vec<SheetSection>,
}

/// One section: a heading and its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetSection {
    /// Which section this is.
    pub kind: &'static str,
    /// The heading, in the chosen language.
    pub heading: &'static str,
    /// Free paragraphs and bullets (summary, skills).
    pub blocks: Vec<Block>,
    /// Entries with a two-line header (roles, projects, degrees, certifications).
    pub entries: Vec<Entry>,
}

/// A role, project, degree or certification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The first line, left: the role title, project, degree or certification name.
    pub title: Vec<Run>,
    /// The first line, right-aligned: the dates, or empty.
    pub dates: String,
    /// The second line: company · location · type and the like; empty for none.
    pub subtitle: Vec<Run>,
    /// What follows the header.
    pub body: Vec<Block>,
}

/// A paragraph or a run of bullets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its runs.
        runs: Vec<Run>,
    },
    /// Consecutive bullets.
    Bullets {
        /// Each bullet's runs.
        items: Vec<Vec<Run>>,
    },
}

/// The separator between the parts of a subtitle or the contact line.
pub const SEPARATOR: &str = " · ";

/// The sheet of `resume` (already filtered by [`crate::prepare`]) for a designed template.
#[must_use]
pub fn build(resume: &Resume, options: &ExportOptions) -> Sheet {
    let design = &options.design;
    let language = design.language;
    let sections = section_order(design, options)
        .into_iter()
        .filter_map(|section| build_section(resume, section, options.template, language))
        .collect();
    with_header(resume, "Resume", language, sections)
}

/// A sheet of `sections` under the candidate's header (their name and contact line), titled
/// "<name> – `document`", or `document` alone when the resume has no name. Every designed
/// document (the resume and its cover letters) gets its header here, so they all match.
pub(crate) fn with_header(
    resume: &Resume,
    document: &str,
    language: Language,
    sections: Vec<SheetSection>,
) -> Sheet {
    let name = resume.candidate_name().unwrap_or("").trim().to_owned();
    Sheet {
        title: if name.is_empty() {
            document.to_owned()
        } else {
            format!("{name} – {document}")
        },
        author: name.clone(),
        language: language.code(),
        name,
        contact: contact(resume),
        sections,
    }
}

/// The sections shown, in order: the explicit list, or the default order with the export
/// dialog's controls applied.
fn section_order(design: &Design, options: &ExportOptions) -> Vec<Section> {
    if let Some(sections) = &design.sections {
        return sections.clone();
    }
    let mut order: Vec<Section> = Section::ALL
        .into_iter()
        .filter(|s| *s != Section::Projects || options.include_projects)
        .filter(|s| *s != Section::Education || options.include_education)
        .collect();
    if options.projects_first
        && let (Some(projects), Some(experience)) = (
            order.iter().position(|s| *s == Section::Projects),
            order.iter().position(|s| *s == Section::Experience),
        )
    {
        let moved = order.remove(projects);
        order.insert(experience, moved);
    }
    order
}

fn build_section(
    resume: &Resume,
    section: Section,
    template: Template,
    language: Language,
) -> Option<SheetSection> {
    let mut blocks = Vec::new();
    let mut entries = Vec::new();
    match section {
        Section::Summary => {
            let personal = resume.personal.as_ref();
            for text in [
                personal.and_then(|p| p.banner.as_deref()),
                personal.and_then(|p| p.note.as_deref()),
            ]
            .into_iter()
            .flatten()
            {
                blocks.extend(text_blocks(text));
            }
        }
        Section::Experience => {
            let roles = resume.experience.iter().flat_map(|e| e.roles.iter());
            entries.extend(roles.map(|role| role_entry(role, template, language)));
        }
        Section::Projects => {
            let projects = resume.experience.iter().flat_map(|e| e.projects.iter());
            entries.extend(projects.map(|project| {
                let overview = &project.overview;
                let mut subtitle = Vec::new();
                if let Some(description) = present(overview.url_description.as_deref()) {
                    subtitle.push(Run::plain(description));
                }
                if let Some(url) = present(overview.url.as_deref()) {
                    push_separated(&mut subtitle, web_link(url, None));
                }
                let mut body = project
                    .description
                    .as_deref()
                    .map(text_blocks)
                    .unwrap_or_default();
                body.extend(skills_line(&project.skills, language));
                Entry {
                    title: vec![Run::bold(overview.title.trim())],
                    dates: language.span(overview.start_date, overview.end_date, false),
                    subtitle,
                    body,
                }
            }));
        }
        Section::Education => {
            let degrees = resume.education.iter().flat_map(|e| e.degrees.iter());
            entries.extend(degrees.map(|degree| {
                let title = degree_title(degree.degree.as_deref(), degree.major.as_deref());
                let mut subtitle = Vec::new();
                let school = degree.school.trim();
                let title = if title.is_empty() {
                    school.to_owned()
                } else {
                    subtitle.push(Run::plain(school));
                    title
                };
                if let Some(gpa) = present(degree.gpa.as_deref()) {
                    push_separated(
                        &mut subtitle,
                        Run::plain(format!("{} {gpa}", language.gpa_label())),
                    );
                }
                Entry {
                    title: vec![Run::bold(title)],
                    dates: language.span(degree.start_date, degree.end_date, false),
                    subtitle,
                    body: Vec::new(),
                }
            }));
        }
        Section::Certifications => {
            entries.extend(resume.certifications.iter().map(|certification| {
                let mut subtitle = Vec::new();
                if let Some(issuer) = present(certification.issuer.as_deref()) {
                    subtitle.push(Run::plain(issuer));
                }
                if let Some(id) = present(certification.certification_id.as_deref()) {
                    push_separated(&mut subtitle, Run::plain(id));
                }
                let mut dates = certification
                    .issued
                    .map(|m| language.month(m))
                    .unwrap_or_default();
                if let Some(expires) = certification.expires {
                    if !dates.is_empty() {
                        dates.push_str(", ");
                    }
                    dates.push_str(&format!(
                        "{} {}",
                        language.expires_label(),
                        language.month(expires)
                    ));
                }
                Entry {
                    title: vec![Run::bold(certification.name.trim())],
                    dates,
                    subtitle,
                    body: Vec::new(),
                }
            }));
        }
        Section::Skills => {
            let all = all_skills(resume);
            if !all.is_empty() {
                blocks.push(Block::Paragraph {
                    runs: vec![Run::plain(all.join(", "))],
                });
            }
        }
    }
    (!blocks.is_empty() || !entries.is_empty()).then(|| SheetSection {
        kind: section.as_str(),
        heading: language.heading(section),
        blocks,
        entries,
    })
}

/// `B.S., Computer Science`; the major is left out when the degree already names it
/// (`B.S. Computer Science`).
fn degree_title(degree: Option<&str>, major: Option<&str>) -> String {
    match (present(degree), present(major)) {
        (Some(degree), Some(major)) if degree.to_lowercase().contains(&major.to_lowercase()) => {
            degree.to_owned()
        }
        (Some(degree), Some(major)) => format!("{degree}, {major}"),
        (Some(only), None) | (None, Some(only)) => only.to_owned(),
        (None, None) => String::new(),
    }
}

fn role_entry(role: &Role, template: Template, language: Language) -> Entry {
    let basics = &role.basics;
    let mut subtitle = Vec::new();
    let company = match present(basics.agency.as_deref()) {
        Some(agency) => format!("{} ({agency})", basics.company.trim()),
        None => basics.company.trim().to_owned(),
    };
    if !company.is_empty() {
        subtitle.push(Run::plain(company));
    }
    for part in [
        basics.location.as_deref(),
        basics.employment_type.as_deref(),
    ]
    .into_iter()
    .filter_map(present)
    {
        push_separated(&mut subtitle, Run::plain(part));
    }
    let mut body = Vec::new();
    if let Some(summary) = role.summary.as_deref() {
        body.extend(text_blocks(summary));
    }
    if let Some(responsibilities) = role.responsibilities.as_deref() {
        body.extend(text_blocks(responsibilities));
    }
    if template != Template::Compact {
        body.extend(skills_line(&role.skills, language));
    }
    Entry {
        title: vec![Run::bold(basics.title.trim())],
        dates: language.span(Some(basics.start_date), basics.end_date, true),
        subtitle,
        body,
    }
}

/// `Skills: a, b, c` as a paragraph, when there are skills.
fn skills_line(skills: &[String], language: Language) -> Option<Block> {
    let listed: Vec<&str> = skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    (!listed.is_empty()).then(|| Block::Paragraph {
        runs: vec![
            Run::bold(format!("{}: ", language.skills_label())),
            Run::plain(listed.join(", ")),
        ],
    })
}

/// Every skill of the roles and projects, once each (the first spelling wins, case ignored),
/// in the order they first appear.
fn all_skills(resume: &Resume) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let roles = resume.experience.iter().flat_map(|e| e.roles.iter());
    let projects = resume.experience.iter().flat_map(|e| e.projects.iter());
    roles
        .flat_map(|r| r.skills.iter())
        .chain(projects.flat_map(|p| p.skills.iter()))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// A multi-line text field as paragraphs and bullets: `* ` or `- ` lines are bullets, other
/// lines paragraphs; blank lines only separate.
fn text_blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let bullet = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "))
            .map(str::trim_start)
            .filter(|rest| !rest.is_empty());
        match (bullet, blocks.last_mut()) {
            (Some(item), Some(Block::Bullets { items })) => items.push(runs(item)),
            (Some(item), _) => blocks.push(Block::Bullets {
                items: vec![runs(item)],
            }),
            (None, _) => blocks.push(Block::Paragraph {
                runs: runs(trimmed),
            }),
        }
    }
    blocks
}

fn contact(resume: &Resume) -> Vec<Run> {
    let Some(personal) = resume.personal.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(contact) = personal.contact.as_ref() {
        if let Some(email) = present(contact.email.as_deref()) {
            out.push(Run::link(email, format!("mailto:{email}")));
        }
        for value in [contact.phone.as_deref(), contact.location.as_deref()]
            .into_iter()
            .filter_map(present)
        {
            out.push(Run::plain(value));
        }
    }
    if let Some(websites) = personal.websites.as_ref() {
        for (value, site) in [
            (websites.github.as_deref(), Some("https://github.com/")),
            (
                websites.linkedin.as_deref(),
                Some("https://www.linkedin.com/in/"),
            ),
            (websites.website.as_deref(), None),
            (websites.twitter.as_deref(), Some("https://x.com/")),
        ] {
            if let Some(value) = present(value) {
                out.push(web_link(value, site));
            }
        }
    }
    if let Some(authorization) = personal
        .visa
        .as_ref()
        .and_then(|v| present(v.work_authorization.as_deref()))
    {
        out.push(Run::plain(authorization));
    }
    out
}

/// A web address as a short visible link: `https://www.github.com/x/` shows as
/// `github.com/x`; a bare handle (`jrivera`) is put under `site` when one is known.
fn web_link(value: &str, site: Option<&str>) -> Run {
    let lower = value.to_ascii_lowercase();
    let has_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let url = if has_scheme {
        Some(value.to_owned())
    } else if value.contains('.') && !value.contains(' ') {
        Some(format!("https://{value}"))
    } else {
        site.filter(|_| !value.contains(' '))
            .map(|site| format!("{site}{}", value.trim_start_matches('@')))
    };
    let Some(url) = url else {
        return Run::plain(value);
    };
    let shown = short_url(&url);
    Run::link(shown, url)
}

/// `https://www.example.org/a/` → `example.org/a`.
fn short_url(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let without_www = without_scheme
        .strip_prefix("www.")
        .unwrap_or(without_scheme);
    without_www.trim_end_matches('/').to_owned()
}

fn push_separated(runs: &mut Vec<Run>, run: Run) {
    if !runs.is_empty() {
        runs.push(Run::plain(SEPARATOR));
    }
    runs.push(run);
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_are_short_and_live() {
        assert_eq!(
            web_link("https://www.github.com/jrivera/", None),
            Run::link("github.com/jrivera", "https://www.github.com/jrivera/")
        );
        assert_eq!(
            web_link("jrivera", Some("https://github.com/")),
            Run::link("github.com/jrivera", "https://github.com/jrivera")
        );
        assert_eq!(web_link("my site", None), Run::plain("my site"));
    }

    #[test]
    fn text_fields_split_into_paragraphs_and_bullet_runs() {
        let blocks = text_blocks("Led a team.\n* one\n- **two**\n\nAfter.");
        assert_eq!(blocks.len(), 3);
        assert!(
            matches!(&blocks[1], Block::Bullets { items } if items.len() == 2 && items[1][0].bold)
        );
    }
}
