//! The live preview: the parsed model laid out the way the plain Word document reads — the
//! name, the contact lines, the banner and note, then the work history, projects, education
//! and certifications. Roles and projects set to Omit are left out, as in an export; a role that
//! is not relevant keeps its basics, summary and skills. `**bold**` and `*italic*` show as
//! such (a small reader of that subset of CommonMark, [`emphasis`]).

use leptos::prelude::*;
use resume_shared::date::YearMonth;
use resume_shared::resume::{Certification, Degree, Inclusion, Personal, Project, Resume, Role};

/// `August 2020 – Present`, `August 2020 – May 2022`, or nothing without a start.
#[must_use]
pub fn date_range(start: Option<YearMonth>, end: Option<YearMonth>, open_end: &str) -> String {
    match (start, end) {
        (Some(start), Some(end)) => format!("{} – {}", start.to_long_form(), end.to_long_form()),
        (Some(start), None) => format!("{} – {open_end}", start.to_long_form()),
        (None, Some(end)) => end.to_long_form(),
        (None, None) => String::new(),
    }
}

/// A piece of a line of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    /// The text, markers removed.
    pub text: String,
    /// `**bold**` (or `__bold__`).
    pub bold: bool,
    /// `*italic*` (or `_italic_`).
    pub italic: bool,
}

/// The pieces of `text` with their emphasis: `**bold**`, `*italic*`, `***both***` (or the
/// same with `_`, not inside a word), nested as in `*a **b** c*`. A marker that closes
/// nothing stays as typed, as in the documents (which read CommonMark); this is a small
/// reader of that subset, so the app carries no Markdown parser.
#[must_use]
pub fn emphasis(text: &str) -> Vec<Styled> {
    let mut out = Vec::new();
    emphasis_into(text, false, false, &mut out);
    out
}

fn emphasis_into(text: &str, bold: bool, italic: bool, out: &mut Vec<Styled>) {
    let bytes = text.as_bytes();
    let mut push = |piece: &str, bold: bool, italic: bool| {
        if !piece.is_empty() {
            out.push(Styled {
                text: piece.to_owned(),
                bold,
                italic,
            });
        }
    };
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let marker = bytes[i];
        if marker != b'*' && marker != b'_' {
            i += 1;
            continue;
        }
        let width = run_length(bytes, i);
        let closer = (width <= 3 && opens(text, i, width))
            .then(|| closing(text, i + width, marker, width))
            .flatten();
        let Some(end) = closer else {
            i += width;
            continue;
        };
        push(&text[plain_from..i], bold, italic);
        let inner = &text[i + width..end];
        let mut nested = Vec::new();
        emphasis_into(inner, bold || width >= 2, italic || width != 2, &mut nested);
        for piece in nested {
            push(&piece.text, piece.bold, piece.italic);
        }
        i = end + width;
        plain_from = i;
    }
    push(&text[plain_from..], bold, italic);
}

/// Whether `c` may be part of a word, for the `_` rule: ASCII letters and digits, and every
/// other non-ASCII character (no Unicode tables in the app, which has a size budget).
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// How many times the marker at `at` repeats from there.
fn run_length(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|b| **b == bytes[at]).count()
}

/// Whether the run of `width` markers at `at` can open emphasis: text follows without a
/// space, and `_` does not stand inside a word.
fn opens(text: &str, at: usize, width: usize) -> bool {
    let after = text[at + width..].chars().next();
    let before = text[..at].chars().next_back();
    after.is_some_and(|c| !c.is_whitespace())
        && (text.as_bytes()[at] == b'*' || !before.is_some_and(word_char))
}

/// Where the run of exactly `width` `marker`s that closes an emphasis opened before `from`
/// starts: after text without a space, and for `_` not followed by a letter or digit.
fn closing(text: &str, from: usize, marker: u8, width: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] != marker {
            j += 1;
            continue;
        }
        let length = run_length(bytes, j);
        let before = text[..j].chars().next_back();
        let after = text[j + length..].chars().next();
        if length == width
            && j > from
            && before.is_some_and(|c| !c.is_whitespace())
            && (marker == b'*' || !after.is_some_and(word_char))
        {
            return Some(j);
        }
        j += length;
    }
    None
}

/// `text` with its emphasis. One kind of element for every piece (a `span` with Tailwind's
/// `font-bold` and `italic`) keeps the compiled view small: the app has a size budget.
fn styled(text: &str) -> impl IntoView + use<> {
    emphasis(text)
        .into_iter()
        .map(|piece| {
            let class = match (piece.bold, piece.italic) {
                (true, true) => "font-bold italic",
                (true, false) => "font-bold",
                (false, true) => "italic",
                (false, false) => "",
            };
            view! { <span class=class>{piece.text}</span> }
        })
        .collect_view()
}

/// Present values joined with ` | `.
fn joined(values: &[Option<&String>]) -> String {
    values
        .iter()
        .flatten()
        .map(|value| value.as_str())
        .filter(|value| !value.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Free text: bullet lines as a list, other lines as paragraphs.
fn free_text(text: &str) -> impl IntoView + use<> {
    let mut bullets = Vec::new();
    let mut paragraphs = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        match line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            Some(item) => bullets.push(item.to_owned()),
            None => paragraphs.push(line.to_owned()),
        }
    }
    view! {
        {paragraphs.iter().map(|p| view! { <p class="mt-1">{styled(p)}</p> }).collect_view()}
        <ul class="mt-1 list-disc space-y-0.5 pl-5">
            {bullets.iter().map(|b| view! { <li>{styled(b)}</li> }).collect_view()}
        </ul>
    }
}

fn skills_line(skills: &[String]) -> Option<impl IntoView + use<>> {
    (!skills.is_empty()).then(|| {
        view! {
            <p class="mt-1"><span class="font-semibold">"Skills: "</span>{skills.join(", ")}</p>
        }
    })
}

fn personal_view(personal: &Personal) -> impl IntoView + use<> {
    let name = personal.contact.as_ref().map(|c| c.name.clone());
    let contact_line = personal.contact.as_ref().map_or_else(String::new, |c| {
        joined(&[c.email.as_ref(), c.phone.as_ref(), c.location.as_ref()])
    });
    let web_line = personal.websites.as_ref().map_or_else(String::new, |w| {
        joined(&[
            w.website.as_ref(),
            w.linkedin.as_ref(),
            w.github.as_ref(),
            w.twitter.as_ref(),
        ])
    });
    let visa = personal.visa.as_ref().map(|visa| {
        let mut parts = Vec::new();
        if let Some(authorization) = &visa.work_authorization {
            parts.push(authorization.clone());
        }
        match visa.require_sponsorship {
            Some(true) => parts.push("Requires sponsorship".to_owned()),
            Some(false) => parts.push("No sponsorship required".to_owned()),
            None => {}
        }
        parts.join(" | ")
    });
    view! {
        <header class="text-center">
            <h2 data-testid="preview-name" class="text-xl font-bold break-words">{name}</h2>
            <p class="break-words text-slate-700">{contact_line}</p>
            <p class="break-words text-slate-700">{web_line}</p>
            <p class="text-slate-700">{visa}</p>
        </header>
        {personal.banner.as_ref().map(|banner| view! { <p class="mt-3 text-center font-medium">{styled(banner)}</p> })}
        {personal.note.as_ref().map(|note| view! { <p class="mt-1 text-center text-slate-600 italic">{styled(note)}</p> })}
    }
}

fn role_view(role: &Role) -> impl IntoView + use<> {
    let basics = &role.basics;
    let company = match &basics.agency {
        Some(agency) => format!("{} (via {agency})", basics.company),
        None => basics.company.clone(),
    };
    let dates = date_range(Some(basics.start_date), basics.end_date, "Present");
    let relevant = basics.inclusion == Inclusion::Include;
    view! {
        <article data-testid="preview-role" class="mt-3">
            <div class="flex flex-wrap justify-between gap-x-4">
                <p class="font-semibold break-words">{format!("{} — {company}", basics.title)}</p>
                <p class="text-slate-600">{dates}</p>
            </div>
            {basics.location.clone().map(|location| view! { <p class="text-slate-600">{location}</p> })}
            {role.summary.as_ref().map(|summary| view! { <p class="mt-1">{styled(summary)}</p> })}
            {relevant.then(|| role.responsibilities.as_deref().map(free_text)).flatten()}
            {skills_line(&role.skills)}
        </article>
    }
}

fn project_view(project: &Project) -> impl IntoView + use<> {
    let overview = &project.overview;
    let dates = date_range(overview.start_date, overview.end_date, "Present");
    let link = overview
        .url_description
        .clone()
        .or_else(|| overview.url.clone());
    let relevant = overview.inclusion == Inclusion::Include;
    view! {
        <article data-testid="preview-project" class="mt-3">
            <div class="flex flex-wrap justify-between gap-x-4">
                <p class="font-semibold break-words">{overview.title.clone()}</p>
                <p class="text-slate-600">{dates}</p>
            </div>
            {link.map(|link| view! { <p class="break-words text-slate-600">{link}</p> })}
            {relevant.then(|| project.description.as_deref().map(free_text)).flatten()}
            {relevant.then(|| skills_line(&project.skills)).flatten()}
        </article>
    }
}

fn degree_view(degree: &Degree) -> impl IntoView + use<> {
    let title = [degree.degree.as_ref(), degree.major.as_ref()]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let dates = date_range(degree.start_date, degree.end_date, "Present");
    view! {
        <div class="mt-2 flex flex-wrap justify-between gap-x-4">
            <p class="break-words">
                <span class="font-semibold">{degree.school.clone()}</span>
                {(!title.is_empty()).then(|| format!(" — {title}"))}
                {degree.gpa.clone().map(|gpa| format!(" (GPA {gpa})"))}
            </p>
            <p class="text-slate-600">{dates}</p>
        </div>
    }
}

fn certification_view(certification: &Certification) -> impl IntoView + use<> {
    let mut line = certification.name.clone();
    if let Some(issuer) = &certification.issuer {
        line.push_str(&format!(", {issuer}"));
    }
    if let Some(issued) = certification.issued {
        line.push_str(&format!(", {}", issued.to_long_form()));
    }
    view! { <li>{line}</li> }
}

fn section_title(title: &'static str) -> impl IntoView {
    view! {
        <h3 class="mt-5 border-b border-slate-300 pb-0.5 text-sm font-bold tracking-wide uppercase">{title}</h3>
    }
}

/// The whole preview of one model.
fn resume_view(resume: &Resume) -> impl IntoView + use<> {
    let (roles, projects): (Vec<Role>, Vec<Project>) =
        resume
            .experience
            .as_ref()
            .map_or_else(Default::default, |experience| {
                (
                    experience
                        .roles
                        .iter()
                        .filter(|r| r.basics.inclusion != Inclusion::Omit)
                        .cloned()
                        .collect(),
                    experience
                        .projects
                        .iter()
                        .filter(|p| p.overview.inclusion != Inclusion::Omit)
                        .cloned()
                        .collect(),
                )
            });
    let degrees = resume
        .education
        .as_ref()
        .map(|e| e.degrees.clone())
        .unwrap_or_default();
    let certifications = resume.certifications.clone();
    view! {
        {resume.personal.as_ref().map(personal_view)}
        {(!roles.is_empty()).then(|| view! {
            {section_title("Work history")}
            {roles.iter().map(role_view).collect_view()}
        })}
        {(!projects.is_empty()).then(|| view! {
            {section_title("Projects")}
            {projects.iter().map(project_view).collect_view()}
        })}
        {(!degrees.is_empty()).then(|| view! {
            {section_title("Education")}
            {degrees.iter().map(degree_view).collect_view()}
        })}
        {(!certifications.is_empty()).then(|| view! {
            {section_title("Certifications")}
            <ul class="mt-2 list-disc pl-5">{certifications.iter().map(certification_view).collect_view()}</ul>
        })}
    }
}

/// The preview of `resume`; `stale` says the text has errors, so this is the last valid text.
#[component]
pub fn ResumePreview(
    /// The model to show.
    #[prop(into)]
    resume: Signal<Resume>,
    /// Whether the text currently has errors.
    #[prop(into)]
    stale: Signal<bool>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="preview-title" class="min-w-0">
            <h2 id="preview-title" class="text-sm font-semibold text-slate-800">"Preview"</h2>
            <Show when=move || stale.get()>
                <p class="mt-1 text-xs text-amber-800" data-testid="preview-stale">
                    "The text has errors: the preview shows the last text that could be read."
                </p>
            </Show>
            <div
                data-testid="preview"
                class="mt-2 rounded-md border border-slate-200 bg-white p-4 font-serif text-sm leading-relaxed text-slate-900 shadow-sm"
            >
                {move || resume.with(resume_view)}
            </div>
        </section>
    }
}
