//! The plain layout (format spec §6.4 with the fixes of A.5): centred name and section
//! headings, hyperlinks, right-aligned tab stops, bold skills in responsibilities and project
//! descriptions, and (executive-summary preset) the executive summary and skills matrix
//! before the experience, which then starts on a new page.

use resume_shared::{Certification, Degree, Personal, Project, Resume, Role, YearMonth};

use super::Body;
use super::highlight::Highlighter;
use super::inline::{self, Emphasis};
use super::primitives::{
    Fmt, Lines, TWIPS_PER_PT, centred_heading, end_line, link_run, run, spacer, tab, tabbed,
    with_right_tab, with_spacing,
};
use super::text::{self, TextLine};
use super::wml::Paragraph;
use super::{matrix, summary};
use crate::settings::Settings;

/// The prefix written for a bulleted line.
const BULLET_PREFIX: &str = "• ";
/// Separator between items on one line.
const SEPARATOR: &str = " | ";

/// Writes the whole document.
pub(super) fn render(body: &mut Body, resume: &Resume, settings: &Settings, today: YearMonth) {
    let sections = &settings.sections;
    if sections.personal
        && let Some(personal) = &resume.personal
    {
        personal_section(body, personal, settings);
    }
    if sections.certifications && !resume.certifications.is_empty() {
        certifications_section(body, &resume.certifications, settings);
    }
    if sections.education
        && settings.education.degrees
        && let Some(education) = &resume.education
        && !education.degrees.is_empty()
    {
        education_section(body, &education.degrees, settings);
    }
    let roles = resume
        .experience
        .as_ref()
        .map_or(&[][..], |experience| &experience.roles[..]);
    if sections.executive_summary {
        summary::render(body, roles);
    }
    if sections.skills_matrix {
        matrix::render(body, roles, today);
    }
    let Some(experience) = resume.experience.as_ref().filter(|_| sections.experience) else {
        return;
    };
    let mut writer = Experience {
        body,
        settings,
        page_break: sections.executive_summary,
    };
    if sections.projects_first {
        writer.projects(&experience.projects);
        writer.roles(&experience.roles);
    } else {
        writer.roles(&experience.roles);
        writer.projects(&experience.projects);
    }
}

/// Name, contact line, websites, banner and note, visa status.
fn personal_section(body: &mut Body, personal: &Personal, settings: &Settings) {
    let fields = &settings.personal;
    let base = settings.base_font_pt;
    if fields.contact_info
        && let Some(contact) = &personal.contact
    {
        if fields.name && !contact.name.trim().is_empty() {
            body.push(centred_heading(1, &contact.name));
        }
        let email = text::present(contact.email.as_ref()).filter(|_| fields.email);
        let others: Vec<&str> = [
            (fields.phone, contact.phone.as_ref()),
            (fields.location, contact.location.as_ref()),
        ]
        .into_iter()
        .filter_map(|(shown, value)| text::present(value).filter(|_| shown))
        .collect();
        if email.is_some() || !others.is_empty() {
            let mut paragraph = Paragraph::new().centred();
            if let Some(email) = email {
                let link = body.link(
                    &format!("mailto:{email}"),
                    link_run(email, Fmt::PLAIN, base),
                );
                paragraph = paragraph.add_hyperlink(link);
            }
            for (index, value) in others.iter().enumerate() {
                if email.is_some() || index > 0 {
                    paragraph = paragraph.add_run(run(SEPARATOR, Fmt::PLAIN));
                }
                paragraph = paragraph.add_run(run(value, Fmt::PLAIN));
            }
            body.push(paragraph);
        }
    }
    if fields.websites
        && let Some(websites) = &personal.websites
    {
        let links: Vec<(&str, &str, bool)> = [
            (fields.github, "GitHub", websites.github.as_ref(), true),
            (
                fields.linkedin,
                "LinkedIn",
                websites.linkedin.as_ref(),
                true,
            ),
            (fields.website, "Website", websites.website.as_ref(), true),
            (
                fields.twitter,
                "X/Twitter",
                websites.twitter.as_ref(),
                false,
            ),
        ]
        .into_iter()
        .filter_map(|(shown, label, url, centres)| {
            text::present(url)
                .filter(|_| shown)
                .map(|url| (label, url, centres))
        })
        .collect();
        // Written even when empty, and centred only when a GitHub, LinkedIn or Website link
        // is shown, as in the original.
        let mut paragraph = Paragraph::new();
        if links.iter().any(|(_, _, centres)| *centres) {
            paragraph = paragraph.centred();
        }
        for (index, (label, url, _)) in links.iter().enumerate() {
            if index > 0 {
                paragraph = paragraph.add_run(run(SEPARATOR, Fmt::PLAIN));
            }
            let link = body.link(url, link_run(label, Fmt::PLAIN.bold().size(base + 2), base));
            paragraph = paragraph.add_hyperlink(link);
        }
        body.push(paragraph);
    }
    let banner = text::present(personal.banner.as_ref()).filter(|_| fields.banner);
    let note = text::present(personal.note.as_ref()).filter(|_| fields.note);
    if banner.is_some() || note.is_some() {
        body.push(banner_paragraph(banner, note));
    }
    if fields.visa_status
        && let Some(visa) = &personal.visa
    {
        // Written even when empty, as in the original; sponsorship is printed once, Yes or No.
        let mut parts = Vec::new();
        if let Some(authorization) =
            text::present(visa.work_authorization.as_ref()).filter(|_| fields.work_authorization)
        {
            parts.push(authorization.to_owned());
        }
        if let Some(required) = visa
            .require_sponsorship
            .filter(|_| fields.require_sponsorship)
        {
            parts.push(format!(
                "Requires sponsorship: {}",
                if required { "Yes" } else { "No" }
            ));
        }
        let mut paragraph = Paragraph::new().centred();
        if !parts.is_empty() {
            paragraph = paragraph.add_run(run(&parts.join(SEPARATOR), Fmt::PLAIN));
        }
        body.push(paragraph);
    }
}

/// The banner and note paragraph: 4 pt before, 10 pt after; every line with its inline
/// emphasis and a break after it; the note followed by one more empty line.
fn banner_paragraph(banner: Option<&str>, note: Option<&str>) -> Paragraph {
    let mut paragraph = with_spacing(Paragraph::new(), 4 * TWIPS_PER_PT, 10 * TWIPS_PER_PT);
    let emphasised_lines = |mut paragraph: Paragraph, value: &str| {
        for line in text::lines(value) {
            if let TextLine::Text { bullet, text } = line {
                if bullet {
                    paragraph = paragraph.add_run(run(BULLET_PREFIX, Fmt::PLAIN));
                }
                for span in inline::spans(text) {
                    let fmt = match span.emphasis {
                        Emphasis::None => Fmt::PLAIN,
                        Emphasis::Bold => Fmt::PLAIN.bold(),
                        Emphasis::Italic => Fmt::PLAIN.italic(),
                    };
                    paragraph = paragraph.add_run(run(span.text, fmt));
                }
            }
            paragraph = end_line(paragraph);
        }
        paragraph
    };
    if let Some(banner) = banner {
        paragraph = emphasised_lines(paragraph, banner);
    }
    if let Some(note) = note {
        paragraph = end_line(emphasised_lines(paragraph, note));
    }
    paragraph
}

/// Centred Heading 2 `Certifications`; per item: name, TAB, issuer; then the dates.
fn certifications_section(body: &mut Body, certifications: &[Certification], settings: &Settings) {
    let fields = &settings.certifications;
    body.push(centred_heading(2, "Certifications"));
    for certification in certifications {
        let mut paragraph = with_right_tab(with_spacing(Paragraph::new(), 0, TWIPS_PER_PT));
        let name = (fields.name && !certification.name.trim().is_empty())
            .then_some(certification.name.as_str());
        let issuer = text::present(certification.issuer.as_ref()).filter(|_| fields.issuer);
        if let Some(name) = name {
            paragraph = paragraph.add_run(run(name, Fmt::PLAIN.bold()));
        }
        if let Some(issuer) = issuer {
            paragraph = paragraph.add_run(if name.is_some() {
                tabbed(issuer, Fmt::PLAIN)
            } else {
                run(issuer, Fmt::PLAIN)
            });
        }
        let issued = certification.issued.filter(|_| fields.issued);
        let expires = certification.expires.filter(|_| fields.expires);
        if issued.is_some() || expires.is_some() {
            if name.is_some() || issuer.is_some() {
                paragraph = end_line(paragraph);
            }
            let dates = [("Issued", issued), ("Expires", expires)]
                .into_iter()
                .filter_map(|(label, date)| date.map(|d| format!("{label}: {}", d.to_long_form())))
                .collect::<Vec<_>>()
                .join(" - ");
            paragraph = paragraph.add_run(run(&dates, Fmt::PLAIN));
        }
        body.push(paragraph);
    }
}

/// Centred Heading 2 `Education`; per degree: school TAB degree, the major, dates TAB GPA,
/// and a spacer.
fn education_section(body: &mut Body, degrees: &[Degree], settings: &Settings) {
    let fields = &settings.education;
    let base = settings.base_font_pt;
    body.push(centred_heading(2, "Education"));
    for degree in degrees {
        let mut lines = Lines::new(with_right_tab(Paragraph::new()));
        let school = (fields.school && !degree.school.trim().is_empty()).then_some(&degree.school);
        let name = text::present(degree.degree.as_ref()).filter(|_| fields.degree);
        if school.is_some() || name.is_some() {
            lines.line();
            if let Some(school) = school {
                lines.push(run(school, Fmt::PLAIN.bold().size(base + 2)));
            }
            if let Some(name) = name {
                lines.push(tabbed(name, Fmt::PLAIN.bold()));
            }
        }
        if let Some(major) = text::present(degree.major.as_ref()).filter(|_| fields.major) {
            lines.text(major, Fmt::PLAIN);
        }
        let start = degree.start_date.filter(|_| fields.start_date);
        let end = degree.end_date.filter(|_| fields.end_date);
        let gpa = text::present(degree.gpa.as_ref()).filter(|_| fields.gpa);
        if start.is_some() || end.is_some() || gpa.is_some() {
            lines.line();
            let dates = [start, end]
                .into_iter()
                .flatten()
                .map(YearMonth::to_long_form)
                .collect::<Vec<_>>()
                .join(" - ");
            lines.push(run(&dates, Fmt::PLAIN));
            if let Some(gpa) = gpa {
                lines.push(tabbed(&format!("GPA: {gpa}"), Fmt::PLAIN));
            }
        }
        body.push(lines.finish());
        body.push(spacer());
    }
}

/// Writes the work history and projects; the first heading written starts a new page when
/// the executive summary precedes it.
struct Experience<'a> {
    body: &'a mut Body,
    settings: &'a Settings,
    page_break: bool,
}

impl Experience<'_> {
    /// A centred Heading 2, on a new page if it is the first one after the summary.
    fn heading(&mut self, title: &str) {
        let mut paragraph = centred_heading(2, title);
        if std::mem::take(&mut self.page_break) {
            paragraph = paragraph.page_break_before();
        }
        self.body.push(paragraph);
    }

    /// Centred Heading 2 `Work History` and every role.
    fn roles(&mut self, roles: &[Role]) {
        if !self.settings.sections.roles || roles.is_empty() {
            return;
        }
        self.heading("Work History");
        for role in roles {
            self.role(role);
        }
    }

    /// Title, employment type and company; dates and location; summary; responsibilities;
    /// skills. The title and dates lines are never split and stay with the first line after
    /// them; the `Skills:` line stays with the paragraph before it.
    fn role(&mut self, role: &Role) {
        let fields = &self.settings.roles;
        let base = self.settings.base_font_pt;
        let base_twips = u32::try_from(base).unwrap_or(10) * TWIPS_PER_PT;
        let basics = &role.basics;
        let summary = text::present(role.summary.as_ref()).filter(|_| fields.summary);
        let responsibilities =
            text::present(role.responsibilities.as_ref()).filter(|_| fields.responsibilities);
        let skills = fields.skills && !role.skills.is_empty();
        let start = self.body.mark();

        let mut title = with_right_tab(with_spacing(
            Paragraph::new().keep_next().keep_lines(),
            base_twips,
            base_twips / 4,
        ))
        .add_run(run(
            &basics.title,
            Fmt::PLAIN.bold().underline().size(base + 2),
        ));
        if let Some(kind) =
            text::present(basics.employment_type.as_ref()).filter(|_| fields.employment_type)
        {
            title = title.add_run(run(
                &format!(" ({kind})"),
                Fmt::PLAIN.size(base.saturating_sub(1)),
            ));
        }
        title = title.add_run(tabbed(&basics.company, Fmt::PLAIN.bold().size(base + 2)));
        self.body.push(title);

        let end = basics
            .end_date
            .map_or_else(|| "Present".to_owned(), YearMonth::to_long_form);
        let mut dates = Paragraph::new().keep_lines();
        if summary.is_some() || responsibilities.is_some() || skills {
            dates = dates.keep_next();
        }
        let mut dates = with_right_tab(with_spacing(dates, 0, base_twips / 2)).add_run(run(
            &format!("{} - {end}", basics.start_date.to_long_form()),
            Fmt::PLAIN,
        ));
        if let Some(location) = text::present(basics.location.as_ref()).filter(|_| fields.location)
        {
            dates = dates.add_run(tabbed(location, Fmt::PLAIN));
        }
        self.body.push(dates);

        if let Some(summary) = summary {
            let mut lines = Lines::new(with_spacing(Paragraph::new(), 0, 0));
            for line in text::lines(summary) {
                lines.line();
                if let TextLine::Text { bullet, text } = line {
                    let text = if bullet {
                        format!("{BULLET_PREFIX}{text}")
                    } else {
                        text.to_owned()
                    };
                    lines.push(run(&text, Fmt::PLAIN.bold().italic()));
                }
            }
            self.body.push(lines.finish());
        }
        if let Some(responsibilities) = responsibilities {
            let paragraph = with_spacing(Paragraph::new(), 6 * TWIPS_PER_PT, 0);
            self.body.push(highlighted_paragraph(
                paragraph,
                responsibilities,
                &role.skills,
                fields.include_tasks,
            ));
        }
        if skills {
            self.body.keep_last_with_next(start);
            self.body.push(skills_paragraph(&role.skills, base));
        }
    }

    /// Centred Heading 2 `Projects` and every project.
    fn projects(&mut self, projects: &[Project]) {
        if !self.settings.sections.projects || projects.is_empty() {
            return;
        }
        self.heading("Projects");
        for project in projects {
            self.project(project);
        }
    }

    /// Title TAB link; description; skills. The title line is never split and stays with the
    /// first line after it; the `Skills:` line stays with the paragraph before it.
    fn project(&mut self, project: &Project) {
        let fields = &self.settings.projects;
        let base = self.settings.base_font_pt;
        let half_base_twips = u32::try_from(base).unwrap_or(10) * TWIPS_PER_PT / 2;
        let overview = &project.overview;
        let description =
            text::present(project.description.as_ref()).filter(|_| fields.description);
        let skills = fields.skills && !project.skills.is_empty();
        let start = self.body.mark();
        if fields.overview {
            let mut title = Paragraph::new().keep_lines();
            if description.is_some() || skills {
                title = title.keep_next();
            }
            let mut paragraph =
                with_right_tab(with_spacing(title, half_base_twips, half_base_twips)).add_run(run(
                    &overview.title,
                    Fmt::PLAIN.bold().underline().size(base + 2),
                ));
            let label = text::present(overview.url_description.as_ref());
            match text::present(overview.url.as_ref()) {
                Some(url) => {
                    let link = self
                        .body
                        .link(url, link_run(label.unwrap_or(url), Fmt::PLAIN, base));
                    paragraph = paragraph.add_run(tab()).add_hyperlink(link);
                }
                None => {
                    if let Some(label) = label {
                        paragraph = paragraph.add_run(tabbed(label, Fmt::PLAIN));
                    }
                }
            }
            self.body.push(paragraph);
        }
        if let Some(description) = description {
            let paragraph = with_spacing(Paragraph::new(), 0, 0);
            self.body.push(highlighted_paragraph(
                paragraph,
                description,
                &project.skills,
                true,
            ));
        }
        if skills {
            self.body.keep_last_with_next(start);
            self.body.push(skills_paragraph(&project.skills, base));
        }
    }
}

/// `paragraph` holding the lines of `value` with `skills` in bold; bullets written as `• `
/// (and left out when `bullets` is false); paragraph breaks as empty lines.
fn highlighted_paragraph(
    paragraph: Paragraph,
    value: &str,
    skills: &[String],
    bullets: bool,
) -> Paragraph {
    let highlighter = Highlighter::new(skills);
    let mut lines = Lines::new(paragraph);
    for line in text::lines(value) {
        match line {
            TextLine::Blank => lines.line(),
            TextLine::Text { bullet: true, .. } if !bullets => {}
            TextLine::Text { bullet, text } => {
                lines.line();
                for (index, segment) in highlighter.segments(text).into_iter().enumerate() {
                    let fmt = if segment.skill {
                        Fmt::PLAIN.bold()
                    } else {
                        Fmt::PLAIN
                    };
                    match (index == 0 && bullet, segment.skill) {
                        // The bullet joins a plain first segment: one run fewer.
                        (true, false) => {
                            lines.push(run(&format!("{BULLET_PREFIX}{}", segment.text), fmt));
                        }
                        (true, true) => {
                            lines.push(run(BULLET_PREFIX, Fmt::PLAIN));
                            lines.push(run(segment.text, fmt));
                        }
                        (false, _) => lines.push(run(segment.text, fmt)),
                    }
                }
            }
        }
    }
    lines.finish()
}

/// `Skills: a, b, c` in italics, two points under the base size.
fn skills_paragraph(skills: &[String], base: usize) -> Paragraph {
    Paragraph::new().add_run(run(
        &format!("Skills: {}", skills.join(", ")),
        Fmt::PLAIN.italic().size(base.saturating_sub(2)),
    ))
}
