//! The ATS-friendly layout (format spec §6.3 with the fixes of A.5): one column of plain
//! paragraphs and line breaks that applicant tracking systems read in order. No tables, tab
//! stops, hyperlinks, list styles or literal Markdown markers.

use resume_shared::{Certification, Degree, Personal, Project, Resume, Role, YearMonth};

use super::Body;
use super::inline;
use super::primitives::{
    Fmt, Lines, TWIPS_PER_PT, heading, rule, run, spacer, with_break, with_spacing,
};
use super::text::{self, TextLine};
use super::wml::Paragraph;
use crate::settings::Settings;

/// The prefix written for a bulleted line.
const BULLET_PREFIX: &str = "- ";

/// Writes the whole document: personal, education, certifications, then the work history and
/// projects in the configured order.
pub(super) fn render(body: &mut Body, resume: &Resume, settings: &Settings) {
    if settings.sections.personal
        && let Some(personal) = &resume.personal
    {
        personal_section(body, personal, settings);
    }
    if settings.sections.education
        && settings.education.degrees
        && let Some(education) = &resume.education
        && !education.degrees.is_empty()
    {
        education_section(body, &education.degrees, settings);
    }
    if settings.sections.certifications && !resume.certifications.is_empty() {
        certifications_section(body, &resume.certifications, settings);
    }
    let Some(experience) = resume
        .experience
        .as_ref()
        .filter(|_| settings.sections.experience)
    else {
        return;
    };
    if settings.sections.projects_first {
        projects_if_shown(body, &experience.projects, settings);
        roles_if_shown(body, &experience.roles, settings);
    } else {
        roles_if_shown(body, &experience.roles, settings);
        projects_if_shown(body, &experience.projects, settings);
    }
}

fn roles_if_shown(body: &mut Body, roles: &[Role], settings: &Settings) {
    if settings.sections.roles && !roles.is_empty() {
        work_history(body, roles, settings);
    }
}

fn projects_if_shown(body: &mut Body, projects: &[Project], settings: &Settings) {
    if settings.sections.projects && !projects.is_empty() {
        projects_section(body, projects, settings);
    }
}

/// Contact block, banner, note, websites and visa status, each under a Heading 3 except the
/// contact block.
fn personal_section(body: &mut Body, personal: &Personal, settings: &Settings) {
    let fields = &settings.personal;
    let base = settings.base_font_pt;
    if fields.contact_info
        && let Some(contact) = &personal.contact
    {
        // Every value is followed by a break, the last one too (the original's spacing).
        let mut paragraph = Paragraph::new();
        let values = [
            (
                fields.name,
                Some(&contact.name),
                Fmt::PLAIN.bold().size(base + 2),
            ),
            (fields.email, contact.email.as_ref(), Fmt::PLAIN),
            (fields.phone, contact.phone.as_ref(), Fmt::PLAIN),
            (fields.location, contact.location.as_ref(), Fmt::PLAIN),
        ];
        for (shown, value, fmt) in values {
            if let Some(value) = text::present(value).filter(|_| shown) {
                paragraph = paragraph.add_run(with_break(run(value, fmt)));
            }
        }
        body.push(paragraph);
    }
    for (shown, title, value) in [
        (fields.banner, "Banner", personal.banner.as_ref()),
        (fields.note, "Note", personal.note.as_ref()),
    ] {
        if let Some(value) = text::present(value).filter(|_| shown) {
            body.push(heading(3, title));
            body.push(text_paragraph(Paragraph::new(), value, true));
        }
    }
    if fields.websites
        && let Some(websites) = &personal.websites
    {
        let lines = [
            (fields.github, "GitHub", websites.github.as_ref()),
            (fields.linkedin, "LinkedIn", websites.linkedin.as_ref()),
            (fields.website, "Website", websites.website.as_ref()),
            (fields.twitter, "Twitter", websites.twitter.as_ref()),
        ]
        .into_iter()
        .filter_map(|(shown, label, url)| {
            text::present(url)
                .filter(|_| shown)
                .map(|url| format!("{label}: {url}"))
        })
        .collect::<Vec<_>>();
        labelled_lines(body, "Websites", &lines);
    }
    if fields.visa_status
        && let Some(visa) = &personal.visa
    {
        let mut lines = Vec::new();
        if let Some(authorization) =
            text::present(visa.work_authorization.as_ref()).filter(|_| fields.work_authorization)
        {
            lines.push(format!("Work Authorization: {authorization}"));
        }
        if let Some(required) = visa
            .require_sponsorship
            .filter(|_| fields.require_sponsorship)
        {
            lines.push(format!("Require Sponsorship: {}", yes_no(required)));
        }
        labelled_lines(body, "Visa Status", &lines);
    }
}

/// A Heading 3 and a paragraph of `lines`, when there is at least one line.
fn labelled_lines(body: &mut Body, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    body.push(heading(3, title));
    let mut paragraph = Lines::new(Paragraph::new());
    for line in lines {
        paragraph.text(line, Fmt::PLAIN);
    }
    body.push(paragraph.finish());
}

/// Heading 2 `Education`; per degree one paragraph of lines, a spacer between degrees.
fn education_section(body: &mut Body, degrees: &[Degree], settings: &Settings) {
    let fields = &settings.education;
    let base = settings.base_font_pt;
    body.push(heading(2, "Education"));
    for (index, degree) in degrees.iter().enumerate() {
        if index > 0 {
            body.push(spacer());
        }
        // As in the original every line but the GPA ends with a break. Unlike the original, a
        // start date without an end date is not followed by a dangling " - ".
        let mut paragraph = Paragraph::new();
        let line = |paragraph: Paragraph, text: &str, fmt: Fmt| {
            paragraph.add_run(with_break(run(text, fmt)))
        };
        if fields.school && !degree.school.trim().is_empty() {
            paragraph = line(
                paragraph,
                &degree.school,
                Fmt::PLAIN.bold().underline().size(base + 2),
            );
        }
        if let Some(name) = text::present(degree.degree.as_ref()).filter(|_| fields.degree) {
            paragraph = line(paragraph, name, Fmt::PLAIN.bold());
        }
        let start = degree.start_date.filter(|_| fields.start_date);
        let end = degree.end_date.filter(|_| fields.end_date);
        if let Some(dates) = date_range(start, end, YearMonth::to_long_form) {
            paragraph = line(paragraph, &dates, Fmt::PLAIN);
        }
        if let Some(major) = text::present(degree.major.as_ref()).filter(|_| fields.major) {
            paragraph = line(paragraph, major, Fmt::PLAIN);
        }
        if let Some(gpa) = text::present(degree.gpa.as_ref()).filter(|_| fields.gpa) {
            paragraph = paragraph.add_run(run(&format!("GPA: {gpa}"), Fmt::PLAIN));
        }
        body.push(paragraph);
    }
}

/// `start - end`, or whichever of the two is known.
fn date_range(
    start: Option<YearMonth>,
    end: Option<YearMonth>,
    form: fn(YearMonth) -> String,
) -> Option<String> {
    match (start, end) {
        (Some(start), Some(end)) => Some(format!("{} - {}", form(start), form(end))),
        (Some(date), None) | (None, Some(date)) => Some(form(date)),
        (None, None) => None,
    }
}

/// Heading 2 `Certifications`; per item one paragraph of bare values.
fn certifications_section(body: &mut Body, certifications: &[Certification], settings: &Settings) {
    let fields = &settings.certifications;
    body.push(heading(2, "Certifications"));
    for certification in certifications {
        let mut paragraph = Lines::new(Paragraph::new());
        if fields.name && !certification.name.trim().is_empty() {
            paragraph.text(&certification.name, Fmt::PLAIN);
        }
        if let Some(issuer) = text::present(certification.issuer.as_ref()).filter(|_| fields.issuer)
        {
            paragraph.text(issuer, Fmt::PLAIN);
        }
        for (shown, date) in [
            (fields.issued, certification.issued),
            (fields.expires, certification.expires),
        ] {
            if let Some(date) = date.filter(|_| shown) {
                paragraph.text(&date.to_long_form(), Fmt::PLAIN);
            }
        }
        body.push(paragraph.finish());
    }
}

/// Heading 2 `Work History` and a rule; per role the company/title/dates paragraph, the
/// details paragraph, responsibilities and skills; a rule and a spacer between roles.
///
/// Page breaks: the header is never split and stays with the details and the first line
/// after them; the rules and spacers stay with what follows; the `Skills:` line stays with
/// the paragraph before it.
fn work_history(body: &mut Body, roles: &[Role], settings: &Settings) {
    let fields = &settings.roles;
    let base = settings.base_font_pt;
    body.push(heading(2, "Work History"));
    body.push(rule());
    for (index, role) in roles.iter().enumerate() {
        if index > 0 {
            divider(body);
        }
        let basics = &role.basics;
        let responsibilities =
            text::present(role.responsibilities.as_ref()).filter(|_| fields.responsibilities);
        let skills = fields.skills && !role.skills.is_empty();
        let start = body.mark();
        let mut header = Lines::new(Paragraph::new().keep_next().keep_lines());
        header.text(
            &basics.company,
            Fmt::PLAIN.bold().underline().size(base + 2),
        );
        header.text(&basics.title, Fmt::PLAIN.bold());
        let end = basics
            .end_date
            .map_or_else(|| "Present".to_owned(), YearMonth::to_dash_form);
        header.text(
            &format!("{} - {end}", basics.start_date.to_dash_form()),
            Fmt::PLAIN,
        );
        body.push(header.finish());

        // Always written, even when empty (the original's spacing).
        let mut details = Paragraph::new().keep_lines();
        if responsibilities.is_some() || skills {
            details = details.keep_next();
        }
        let mut details = Lines::new(details);
        for (shown, value) in [
            (fields.job_category, basics.job_category.as_ref()),
            (fields.location, basics.location.as_ref()),
            (fields.agency, basics.agency.as_ref()),
            (fields.employment_type, basics.employment_type.as_ref()),
        ] {
            if let Some(value) = text::present(value).filter(|_| shown) {
                details.text(value, Fmt::PLAIN);
            }
        }
        body.push(details.finish());

        if let Some(responsibilities) = responsibilities {
            let space = u32::try_from(base).unwrap_or(10) * TWIPS_PER_PT / 2;
            let paragraph = with_spacing(Paragraph::new(), space, space);
            body.push(text_paragraph(paragraph, responsibilities, false));
        }
        if skills {
            body.keep_last_with_next(start);
            body.push(skills_paragraph(&role.skills));
        }
    }
}

/// The divider between two roles or two projects: a rule and a spacer, both kept with what
/// follows so that neither ends a page alone.
fn divider(body: &mut Body) {
    body.push(rule());
    body.push(spacer().keep_next());
}

/// Heading 2 `Projects`; per project one paragraph: title (bold, as a role's title), link,
/// dates, description, skills; between projects the divider between roles.
fn projects_section(body: &mut Body, projects: &[Project], settings: &Settings) {
    let fields = &settings.projects;
    body.push(heading(2, "Projects"));
    for (index, project) in projects.iter().enumerate() {
        if index > 0 {
            divider(body);
        }
        let overview = &project.overview;
        let mut paragraph = Lines::new(Paragraph::new());
        if fields.overview && fields.title && !overview.title.trim().is_empty() {
            paragraph.text(&overview.title, Fmt::PLAIN.bold());
        }
        if fields.overview {
            let description =
                text::present(overview.url_description.as_ref()).filter(|_| fields.url_description);
            let url = text::present(overview.url.as_ref())
                .filter(|_| fields.url)
                .map(|url| format!("({url})"));
            // Two spaces between the two, as in the original.
            let link = match (description, url) {
                (Some(description), Some(url)) => Some(format!("{description}  {url}")),
                (Some(description), None) => Some(description.to_owned()),
                (None, Some(url)) => Some(url),
                (None, None) => None,
            };
            if let Some(link) = link {
                paragraph.text(&link, Fmt::PLAIN);
            }
        }
        for (shown, label, date) in [
            (fields.start_date, "Start Date", overview.start_date),
            (fields.end_date, "End Date", overview.end_date),
        ] {
            if let Some(date) = date.filter(|_| shown) {
                paragraph.text(&format!("{label}: {}", date.to_long_form()), Fmt::PLAIN);
            }
        }
        if let Some(description) =
            text::present(project.description.as_ref()).filter(|_| fields.description)
        {
            write_text_lines(&mut paragraph, description, false);
        }
        if fields.skills && !project.skills.is_empty() {
            paragraph.text(&skills_line(&project.skills), Fmt::PLAIN);
        }
        body.push(paragraph.finish());
    }
}

/// `paragraph` holding the lines of a text field.
fn text_paragraph(paragraph: Paragraph, value: &str, strip_markers: bool) -> Paragraph {
    let mut lines = Lines::new(paragraph);
    write_text_lines(&mut lines, value, strip_markers);
    lines.finish()
}

/// The lines of a text field: bullets written as `- `, paragraph breaks as empty lines, and
/// (Banner, Note) emphasis markers removed.
fn write_text_lines(lines: &mut Lines, value: &str, strip_markers: bool) {
    for line in text::lines(value) {
        lines.line();
        if let TextLine::Text { bullet, text } = line {
            let text = if strip_markers {
                inline::without_markers(text)
            } else {
                text.to_owned()
            };
            let text = if bullet {
                format!("{BULLET_PREFIX}{text}")
            } else {
                text
            };
            lines.push(run(&text, Fmt::PLAIN));
        }
    }
}

/// `Skills: a, b, c`.
fn skills_line(skills: &[String]) -> String {
    format!("Skills: {}", skills.join(", "))
}

/// A paragraph holding the skills line.
fn skills_paragraph(skills: &[String]) -> Paragraph {
    Paragraph::new().add_run(run(&skills_line(skills), Fmt::PLAIN))
}

/// `Yes` or `No`.
fn yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}
