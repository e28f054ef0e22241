//! The HTML of the public share pages: the resume as a web page, the password form and the one
//! "not found" page. Server-rendered, no script; every value from the resume is escaped. The
//! page holds the resume and nothing else of its owner: no account name, email or id, no
//! other resume, no internal id (only the link's own token, in the PDF link and the form).

use std::fmt::Write as _;

use resume_shared::api::shares::ShareTemplate;
use resume_shared::{Inclusion, Resume, YearMonth};

use super::style;

/// Escapes text for HTML content and quoted attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The page frame: head (title, robots, the template's style) and `body`.
fn page(title: &str, template: ShareTemplate, indexable: bool, body: &str) -> String {
    let robots = if indexable {
        ""
    } else {
        "<meta name=\"robots\" content=\"noindex\">\n"
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n{robots}<title>{}</title>\n\
         <style>{}</style>\n</head>\n<body class=\"{}\">\n{body}</body>\n</html>\n",
        escape(title),
        style::css(template),
        template.as_str(),
    )
}

/// The one page every link that does not answer gets, whatever the reason.
#[must_use]
pub fn not_found() -> String {
    page(
        "Not found",
        ShareTemplate::Modern,
        false,
        "<main class=\"notice\">\n<h1>Not found</h1>\n<p>This link does not lead to a resume. \
         It may be mistyped, or it no longer works.</p>\n</main>\n",
    )
}

/// The password form of a protected link; `problem` says what went wrong with the last try.
#[must_use]
pub fn password_form(token: &str, problem: Option<&str>) -> String {
    let problem = problem.map_or_else(String::new, |text| {
        format!("<p class=\"problem\" role=\"alert\">{}</p>\n", escape(text))
    });
    page(
        "Password required",
        ShareTemplate::Modern,
        false,
        &format!(
            "<main class=\"notice\">\n<h1>Password required</h1>\n\
             <p>This resume is protected. Enter the password you were given.</p>\n{problem}\
             <form method=\"post\" action=\"/s/{token}\">\n\
             <label for=\"password\">Password</label>\n\
             <input id=\"password\" name=\"password\" type=\"password\" required \
             autocomplete=\"current-password\" autofocus>\n\
             <button type=\"submit\">Open</button>\n</form>\n</main>\n",
            token = escape(token),
        ),
    )
}

/// A page for a server-side failure (nothing about its cause).
#[must_use]
pub fn failure(title: &str, message: &str) -> String {
    page(
        title,
        ShareTemplate::Modern,
        false,
        &format!(
            "<main class=\"notice\">\n<h1>{}</h1>\n<p>{}</p>\n</main>\n",
            escape(title),
            escape(message)
        ),
    )
}

/// The resume as a web page in `template`, with a link to its PDF at `pdf_path`.
#[must_use]
pub fn resume_page(
    resume: &Resume,
    template: ShareTemplate,
    indexable: bool,
    pdf_path: &str,
) -> String {
    let name = resume
        .personal
        .as_ref()
        .and_then(|personal| personal.contact.as_ref())
        .map(|contact| contact.name.trim())
        .filter(|name| !name.is_empty())
        .unwrap_or("Resume");
    let mut body = String::new();
    body.push_str("<main class=\"resume\">\n");
    header(&mut body, resume, name);
    experience(&mut body, resume);
    education(&mut body, resume);
    certifications(&mut body, resume);
    body.push_str("</main>\n");
    let _ = write!(
        body,
        "<footer>\n<a class=\"download\" href=\"{}\" download>Download PDF</a>\n</footer>\n",
        escape(pdf_path)
    );
    page(name, template, indexable, &body)
}

fn header(out: &mut String, resume: &Resume, name: &str) {
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(name));
    let Some(personal) = &resume.personal else {
        out.push_str("</header>\n");
        return;
    };
    let mut contact_items: Vec<String> = Vec::new();
    if let Some(contact) = &personal.contact {
        if let Some(email) = non_empty(contact.email.as_deref()) {
            contact_items.push(format!("<a href=\"mailto:{0}\">{0}</a>", escape(email)));
        }
        for value in [contact.phone.as_deref(), contact.location.as_deref()] {
            if let Some(value) = non_empty(value) {
                contact_items.push(escape(value));
            }
        }
    }
    if let Some(websites) = &personal.websites {
        for value in [
            websites.website.as_deref(),
            websites.linkedin.as_deref(),
            websites.github.as_deref(),
            websites.twitter.as_deref(),
        ] {
            if let Some(value) = non_empty(value) {
                contact_items.push(link(value));
            }
        }
    }
    if !contact_items.is_empty() {
        out.push_str("<ul class=\"contact\">");
        for item in contact_items {
            let _ = write!(out, "<li>{item}</li>");
        }
        out.push_str("</ul>\n");
    }
    if let Some(banner) = non_empty(personal.banner.as_deref()) {
        let _ = writeln!(out, "<p class=\"banner\">{}</p>", escape(banner));
    }
    out.push_str("</header>\n");
}

/// A web address as a link when it is `http(s)`, else as text (never a `javascript:` link).
fn link(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(
            "<a href=\"{0}\" rel=\"nofollow noopener noreferrer\">{0}</a>",
            escape(value)
        )
    } else {
        escape(value)
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|text| !text.is_empty())
}

fn dates(start: Option<YearMonth>, end: Option<YearMonth>, ongoing: bool) -> String {
    match (start, end) {
        (Some(start), Some(end)) => format!("{start} – {end}"),
        (Some(start), None) if ongoing => format!("{start} – present"),
        (Some(start), None) => start.to_string(),
        (None, Some(end)) => end.to_string(),
        (None, None) => String::new(),
    }
}

/// Free text: lines starting `-` or `*` as a list, other lines as paragraphs.
fn text_block(out: &mut String, text: &str) {
    let mut in_list = false;
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let item = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .or_else(|| line.strip_prefix('•').map(str::trim_start));
        match item {
            Some(item) => {
                if !in_list {
                    out.push_str("<ul>\n");
                    in_list = true;
                }
                let _ = writeln!(out, "<li>{}</li>", escape(item));
            }
            None => {
                if in_list {
                    out.push_str("</ul>\n");
                    in_list = false;
                }
                let _ = writeln!(out, "<p>{}</p>", escape(line));
            }
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
}

fn skills(out: &mut String, skills: &[String]) {
    let shown: Vec<String> = skills
        .iter()
        .map(|skill| skill.trim())
        .filter(|skill| !skill.is_empty())
        .map(escape)
        .collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "<p class=\"skills\">{}</p>", shown.join(", "));
    }
}

fn experience(out: &mut String, resume: &Resume) {
    let Some(experience) = &resume.experience else {
        return;
    };
    let roles: Vec<_> = experience
        .roles
        .iter()
        .filter(|role| role.basics.inclusion != Inclusion::Omit)
        .collect();
    if !roles.is_empty() {
        out.push_str("<section class=\"experience\">\n<h2>Experience</h2>\n");
        for role in roles {
            let basics = &role.basics;
            out.push_str("<article>\n<h3>");
            let _ = write!(
                out,
                "<span class=\"title\">{}</span> <span class=\"company\">{}</span>",
                escape(&basics.title),
                escape(&basics.company)
            );
            out.push_str("</h3>\n<p class=\"meta\">");
            let mut meta = vec![dates(Some(basics.start_date), basics.end_date, true)];
            if let Some(location) = non_empty(basics.location.as_deref()) {
                meta.push(location.to_owned());
            }
            let meta: Vec<String> = meta.iter().map(|m| escape(m)).collect();
            out.push_str(&meta.join(" · "));
            out.push_str("</p>\n");
            if let Some(summary) = non_empty(role.summary.as_deref()) {
                text_block(out, summary);
            }
            if basics.inclusion == Inclusion::NotRelevant {
                out.push_str("<p>(no relevant experience)</p>\n");
            } else if let Some(responsibilities) = non_empty(role.responsibilities.as_deref()) {
                text_block(out, responsibilities);
            }
            skills(out, &role.skills);
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    let projects: Vec<_> = experience
        .projects
        .iter()
        .filter(|project| project.overview.inclusion != Inclusion::Omit)
        .collect();
    if !projects.is_empty() {
        out.push_str("<section class=\"projects\">\n<h2>Projects</h2>\n");
        for project in projects {
            let overview = &project.overview;
            let _ = writeln!(out, "<article>\n<h3>{}</h3>", escape(&overview.title));
            let when = dates(overview.start_date, overview.end_date, false);
            if !when.is_empty() {
                let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&when));
            }
            if let Some(url) = non_empty(overview.url.as_deref()) {
                let _ = writeln!(out, "<p class=\"meta\">{}</p>", link(url));
            }
            if overview.inclusion == Inclusion::Include {
                if let Some(description) = non_empty(project.description.as_deref()) {
                    text_block(out, description);
                }
                skills(out, &project.skills);
            }
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
}

fn education(out: &mut String, resume: &Resume) {
    let Some(education) = &resume.education else {
        return;
    };
    if education.degrees.is_empty() {
        return;
    }
    out.push_str("<section class=\"education\">\n<h2>Education</h2>\n");
    for degree in &education.degrees {
        let _ = writeln!(out, "<article>\n<h3>{}</h3>", escape(&degree.school));
        let what: Vec<&str> = [degree.degree.as_deref(), degree.major.as_deref()]
            .into_iter()
            .filter_map(non_empty)
            .collect();
        if !what.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(&what.join(", ")));
        }
        let when = dates(degree.start_date, degree.end_date, false);
        if !when.is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&when));
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

fn certifications(out: &mut String, resume: &Resume) {
    if resume.certifications.is_empty() {
        return;
    }
    out.push_str("<section class=\"certifications\">\n<h2>Certifications</h2>\n<ul>\n");
    for certification in &resume.certifications {
        let mut line = escape(&certification.name);
        if let Some(issuer) = non_empty(certification.issuer.as_deref()) {
            let _ = write!(line, " — {}", escape(issuer));
        }
        if let Some(issued) = certification.issued {
            let _ = write!(line, " ({issued})");
        }
        let _ = writeln!(out, "<li>{line}</li>");
    }
    out.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(link("https://example.com/a").starts_with("<a href=\"https://example.com/a\""));
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
    }

    #[test]
    fn the_robots_tag_follows_the_choice() {
        let resume = Resume::default();
        let hidden = resume_page(&resume, ShareTemplate::Classic, false, "/s/x/resume.pdf");
        assert!(hidden.contains("<meta name=\"robots\" content=\"noindex\">"));
        let open = resume_page(&resume, ShareTemplate::Classic, true, "/s/x/resume.pdf");
        assert!(!open.contains("noindex"));
        assert!(open.contains("<body class=\"classic\">"));
    }
}
