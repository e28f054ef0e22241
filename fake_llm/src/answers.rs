//! The fake server's deterministic answers, derived from the request's input only.
//!
//! They are built to be *plausible and checkable*: the analysis takes known skill words,
//! bullet lines and `Key: value` details from the job description; a refinement reuses the
//! role's own summary, lines and skills (so the fact guard passes) unless invented facts are
//! planted; the introduction is made of the resume's own titles and skills.

use serde_json::{Value, json};

use resume_backend::llm::prompts::{
    AnalysisContext, AnalysisInput, CoverLetterInput, IntroductionInput, PromptKind, RefineInput,
    RoleContext,
};
use resume_backend::llm::words::contains_word;

/// The invented employer planted in refinements.
pub const PLANTED_COMPANY: &str = "Globex Corporation";
/// The invented year planted in refinements.
pub const PLANTED_YEAR: &str = "2017";
/// The invented percentage planted in refinements.
pub const PLANTED_METRIC: &str = "45%";
/// The invented money amount planted in refinements.
pub const PLANTED_AMOUNT: &str = "$2M";
/// The invented skill planted in refinements (and, when asked, in job analyses).
pub const PLANTED_SKILL: &str = "COBOL";
/// The skill of the draft analysis a reasoning model writes in its reasoning (never the
/// answer).
pub const DRAFT_SKILL: &str = "Draft Skill From Reasoning";

/// A complete, schema-valid answer of `kind` that is not the answer: the draft a reasoning
/// model writes while thinking.
pub(super) fn draft(kind: Option<PromptKind>) -> Value {
    match kind {
        Some(PromptKind::JobAnalysis) => json!({
            "key_skills": [DRAFT_SKILL],
            "primary_duties": ["Draft duty from the reasoning"],
            "themes": [],
            "inferred_themes": [],
            "job_details": {
                "company": null, "job_title": null, "pay_rate": null, "contact_info": null,
                "work_arrangement": null, "location": null, "special_instructions": null,
            },
        }),
        Some(PromptKind::RefineRole) => json!({
            "summary": "Draft summary from the reasoning.",
            "responsibilities": ["Drafted a bullet in the reasoning"],
            "skills": [],
        }),
        Some(PromptKind::Introduction) => json!({"text": "Draft introduction from the reasoning."}),
        Some(PromptKind::CoverLetter) => json!({"text": "Draft letter from the reasoning."}),
        Some(PromptKind::ConnectionTest) | None => json!({"ok": false}),
    }
}

/// Skill words the fake recognises in job descriptions, in their usual spelling.
const KNOWN_SKILLS: &[&str] = &[
    "Rust",
    "Go",
    "Python",
    "Java",
    "Kotlin",
    "Scala",
    "C++",
    "C#",
    "TypeScript",
    "JavaScript",
    "Ruby",
    "PHP",
    "Swift",
    "SQL",
    "PostgreSQL",
    "MySQL",
    "SQLite",
    "MongoDB",
    "Redis",
    "Kafka",
    "RabbitMQ",
    "Spark",
    "Airflow",
    "dbt",
    "Snowflake",
    "BigQuery",
    "AWS",
    "GCP",
    "Azure",
    "Kubernetes",
    "Docker",
    "Terraform",
    "Ansible",
    "Linux",
    "Git",
    "CI/CD",
    "GraphQL",
    "REST",
    "gRPC",
    "React",
    "Vue",
    "Angular",
    "Node.js",
    "Django",
    "Flask",
    "Spring",
    "Rails",
    "Tokio",
    "Axum",
    "WebAssembly",
    "Prometheus",
    "Grafana",
    "OpenTelemetry",
    "Elasticsearch",
    "Machine Learning",
    "LLM",
    "Figma",
    "Jira",
    "Agile",
    "Scrum",
    "Excel",
    "Salesforce",
    "SAP",
    "Tableau",
    "Power BI",
    "Microservices",
    "Distributed Systems",
    "Security",
    "Networking",
    "Observability",
    "Data Pipelines",
    "Leadership",
    "Mentoring",
];

/// Theme words: (what to look for, the theme's name).
const THEMES: &[(&str, &str)] = &[
    ("reliab", "reliability"),
    ("scal", "scalability"),
    ("secur", "security"),
    ("perform", "performance"),
    ("ownership", "ownership"),
    ("collaborat", "collaboration"),
    ("lead", "leadership"),
    ("mentor", "mentoring"),
    ("quality", "quality"),
    ("automat", "automation"),
    ("communicat", "communication"),
    ("customer", "customer focus"),
];

/// `Key:` spellings for each job detail.
const DETAIL_KEYS: &[(&str, &[&str])] = &[
    (
        "company",
        &["company", "employer", "organization", "organisation"],
    ),
    ("job_title", &["title", "job title", "position", "role"]),
    (
        "pay_rate",
        &["pay", "pay rate", "salary", "compensation", "rate"],
    ),
    (
        "contact_info",
        &["contact", "email", "apply to", "recruiter"],
    ),
    (
        "work_arrangement",
        &["work arrangement", "arrangement", "workplace", "work model"],
    ),
    ("location", &["location"]),
    (
        "special_instructions",
        &[
            "instructions",
            "special instructions",
            "how to apply",
            "note",
            "notes",
        ],
    ),
];

/// (a) Job analysis; with `plant`, an invented requirement ([`PLANTED_SKILL`]) is added.
pub(super) fn job_analysis(input: &AnalysisInput, plant: bool) -> Value {
    let description = input.job_description.as_str();
    let lower = description.to_lowercase();

    let mut found: Vec<(usize, &str)> = KNOWN_SKILLS
        .iter()
        .filter_map(|skill| {
            let needle = skill.to_lowercase();
            contains_word(&lower, &needle)
                .then(|| lower.find(&needle).map(|at| (at, *skill)))
                .flatten()
        })
        .collect();
    found.sort_unstable();
    let mut key_skills: Vec<String> = found.into_iter().map(|(_, s)| s.to_owned()).collect();
    if key_skills.is_empty() {
        key_skills = capitalised_words(description).into_iter().take(8).collect();
    }
    if key_skills.is_empty() {
        key_skills.push("Communication".to_owned());
    }
    if plant {
        key_skills.push(PLANTED_SKILL.to_owned());
    }

    let bullets: Vec<String> = description
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            ["- ", "* ", "• "]
                .iter()
                .find_map(|marker| line.strip_prefix(marker))
        })
        .map(|line| line.trim().trim_end_matches('.').to_owned())
        .filter(|line| !line.is_empty() && detail_of(line).is_none())
        .take(8)
        .collect();
    let primary_duties = if bullets.is_empty() {
        sentences(description)
            .into_iter()
            .filter(|s| detail_of(s).is_none())
            .take(3)
            .collect()
    } else {
        bullets
    };

    let mut themes: Vec<&str> = THEMES
        .iter()
        .filter(|(stem, _)| lower.contains(stem))
        .map(|(_, theme)| *theme)
        .collect();
    if themes.is_empty() {
        themes.push("delivery");
    }
    let inferred_themes = if themes.contains(&"leadership") {
        vec!["cross-team influence", "continuous improvement"]
    } else {
        vec!["continuous improvement"]
    };

    let mut details = serde_json::Map::new();
    for (field, _) in DETAIL_KEYS {
        details.insert((*field).to_owned(), Value::Null);
    }
    for line in description.lines() {
        if let Some((field, value)) = detail_of(line)
            && details[field].is_null()
        {
            details.insert(field.to_owned(), Value::from(value));
        }
    }
    if details["work_arrangement"].is_null() {
        let arrangement = [
            ("remote", "Remote"),
            ("hybrid", "Hybrid"),
            ("on-site", "On-site"),
            ("onsite", "On-site"),
        ]
        .into_iter()
        .find(|(word, _)| contains_word(&lower, word))
        .map(|(_, name)| name);
        if let Some(arrangement) = arrangement {
            details.insert("work_arrangement".to_owned(), Value::from(arrangement));
        }
    }
    if details["contact_info"].is_null() {
        let email = description
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .find(|w| w.contains('@') && w.contains('.'));
        if let Some(email) = email {
            details.insert("contact_info".to_owned(), Value::from(email));
        }
    }
    if details["job_title"].is_null() {
        let first = description.lines().map(str::trim).find(|l| !l.is_empty());
        if let Some(first) =
            first.filter(|l| l.len() <= 80 && !l.ends_with('.') && !l.contains(':'))
        {
            details.insert("job_title".to_owned(), Value::from(first));
        }
    }

    json!({
        "key_skills": key_skills,
        "primary_duties": primary_duties,
        "themes": themes,
        "inferred_themes": inferred_themes,
        "job_details": details,
    })
}

/// The job's key skills in lower case, for matching against the resume's.
fn lowercase_key_skills(analysis: &AnalysisContext) -> Vec<String> {
    analysis
        .key_skills
        .iter()
        .map(|s| s.to_lowercase())
        .collect()
}

/// (b) Refinement: the role's own material, most relevant first; invented facts when asked.
pub(super) fn refined_role(input: &RefineInput, plant: bool) -> Value {
    let role = &input.role;
    let key_skills = lowercase_key_skills(&input.job_analysis);
    let relevance = |text: &str| {
        let lower = text.to_lowercase();
        key_skills
            .iter()
            .filter(|s| contains_word(&lower, s))
            .count()
    };

    let mut bullets: Vec<String> = role
        .responsibilities
        .iter()
        .map(|line| rephrase(line))
        .filter(|line| !line.is_empty())
        .collect();
    // Stable: equally relevant lines keep their order.
    bullets.sort_by_key(|line| std::cmp::Reverse(relevance(line)));
    bullets.truncate(5);
    let mut summary = summary_of(role);
    if bullets.is_empty() && summary.is_empty() {
        summary = format!("{} at {}.", role.title, role.company);
    }

    let mut skills = role.skills.clone();
    skills.sort_by_key(|skill| !key_skills.contains(&skill.to_lowercase()));

    if plant {
        summary = format!("{summary} Led platform work at {PLANTED_COMPANY} in {PLANTED_YEAR}.")
            .trim()
            .to_owned();
        bullets.insert(
            0,
            format!(
                "Grew revenue by {PLANTED_METRIC} and saved {PLANTED_AMOUNT} with {PLANTED_SKILL}"
            ),
        );
        bullets.truncate(5);
        skills.push(PLANTED_SKILL.to_owned());
    }

    json!({"summary": summary, "responsibilities": bullets, "skills": skills})
}

/// (c) Introduction: the newest title and the most relevant skills of the resume.
pub(super) fn introduction(input: &IntroductionInput) -> Value {
    let key_skills = lowercase_key_skills(&input.job_analysis);
    let mut skills: Vec<&str> = Vec::new();
    for skill in input.resume.roles.iter().flat_map(|r| &r.skills) {
        if !skills.contains(&skill.as_str()) {
            skills.push(skill);
        }
    }
    skills.sort_by_key(|skill| !key_skills.contains(&skill.to_lowercase()));
    skills.truncate(3);

    let newest = input.resume.roles.first();
    let lead = newest.map_or("Professional", |role| role.title.as_str());
    let mut text = match skills.as_slice() {
        [] => format!(
            "{lead} focused on {}.",
            input
                .job_analysis
                .themes
                .first()
                .map_or("delivery", String::as_str)
        ),
        [one] => format!("{lead} with experience in {one}."),
        [init @ .., last] => format!("{lead} with experience in {} and {last}.", init.join(", ")),
    };
    if let Some(role) = newest {
        text.push_str(&format!(
            " Most recently {} at {}.",
            role.title, role.company
        ));
    }
    json!({"text": text})
}

/// (d) Cover letter: a salutation to the contact, the job and company named, the newest role
/// and the resume's skills the job asks for, a closing; an invented achievement when asked.
/// Concise letters leave out the skills paragraph.
pub(super) fn cover_letter(input: &CoverLetterInput, plant: bool) -> Value {
    let greeting = input.contact.as_deref().unwrap_or("Hiring Team");
    let role = input.job_title.as_deref().unwrap_or("open");
    let at = input
        .company
        .as_deref()
        .map_or_else(String::new, |company| format!(" at {company}"));
    let mut paragraphs = vec![
        format!("Dear {greeting},"),
        format!("I am writing to apply for the {role} role{at}."),
    ];
    if let Some(newest) = input.resume.roles.first() {
        let mut experience = format!(
            "In my work as {} at {}, I have taken on the kind of work this role describes.",
            newest.title, newest.company
        );
        if plant {
            experience.push_str(&format!(
                " I grew revenue by {PLANTED_METRIC} at {PLANTED_COMPANY} in {PLANTED_YEAR}."
            ));
        }
        paragraphs[1].push(' ');
        paragraphs[1].push_str(&experience);
    }
    let key_skills = lowercase_key_skills(&input.job_analysis);
    let mut skills: Vec<&str> = Vec::new();
    for skill in input.resume.roles.iter().flat_map(|r| &r.skills) {
        if key_skills.contains(&skill.to_lowercase()) && !skills.contains(&skill.as_str()) {
            skills.push(skill);
        }
    }
    if input.tone != "concise" && !skills.is_empty() {
        paragraphs.push(format!(
            "The skills you ask for are the ones I use every day: {}.",
            skills.join(", ")
        ));
    }
    paragraphs.push(format!(
        "Thank you for considering my application. I would welcome the chance to talk about how I could help{at}."
    ));
    paragraphs.push("Kind regards,".to_owned());
    json!({"text": paragraphs.join("\n\n")})
}

/// The connection test's answer.
pub(super) fn connection_test() -> Value {
    json!({"ok": true})
}

/// The first two sentences of the role's summary.
fn summary_of(role: &RoleContext) -> String {
    role.summary
        .as_deref()
        .map(|summary| {
            sentences(summary)
                .into_iter()
                .take(2)
                .map(|s| format!("{s}."))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// A responsibility line as a bullet: capitalised, no final period.
fn rephrase(line: &str) -> String {
    let line = line.trim().trim_end_matches('.');
    let mut chars = line.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Sentences without their final punctuation. A sentence ends at `.`, `!` or `?` followed by
/// whitespace (so `$1.5M` and `Node.js` stay whole) or at a line break.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|next| next.is_whitespace()),
            _ => false,
        };
        if ends {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Capitalised words that do not start a sentence, deduplicated.
fn capitalised_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#');
        if !sentence_start
            && word.chars().next().is_some_and(char::is_uppercase)
            && !out.iter().any(|w| w == word)
        {
            out.push(word.to_owned());
        }
        sentence_start = raw.ends_with(['.', '!', '?', ':']);
    }
    out
}

/// `(field, value)` when a line is `Key: value` for a known job detail.
fn detail_of(line: &str) -> Option<(&'static str, String)> {
    let line = line.trim().trim_start_matches(['-', '*', '•']).trim();
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_lowercase();
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    DETAIL_KEYS
        .iter()
        .find(|(_, keys)| keys.contains(&key.as_str()))
        .map(|(field, _)| (*field, value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use resume_backend::llm::answers::{Answer, JobAnalysis};
    use resume_backend::llm::prompts::{AnalysisContext, ResumeContext};

    const JOB: &str = "Senior Backend Engineer\n\
        Company: Initech\n\
        Location: Austin, TX\n\
        Salary: $150,000 - $170,000\n\
        We build reliable data pipelines in Rust and Kafka on AWS. Hybrid, 3 days a week.\n\
        - Design and build streaming services\n\
        - Mentor engineers\n\
        Instructions: mention the word 'pelican' in your cover letter.\n\
        Questions to jobs@initech.example";

    #[test]
    fn the_analysis_reads_skills_duties_and_details_from_the_description() {
        let value = job_analysis(
            &AnalysisInput {
                job_description: JOB.into(),
                resume: ResumeContext::default(),
            },
            false,
        );
        let analysis: JobAnalysis = serde_json::from_value(value).unwrap();
        let analysis = analysis.validate().unwrap();
        assert_eq!(
            analysis.key_skills,
            ["Data Pipelines", "Rust", "Kafka", "AWS"]
        );
        assert_eq!(
            analysis.primary_duties,
            ["Design and build streaming services", "Mentor engineers"]
        );
        assert!(analysis.themes.contains(&"reliability".to_owned()));
        let details = analysis.job_details;
        assert_eq!(details.company.as_deref(), Some("Initech"));
        assert_eq!(
            details.job_title.as_deref(),
            Some("Senior Backend Engineer")
        );
        assert_eq!(details.location.as_deref(), Some("Austin, TX"));
        assert_eq!(details.pay_rate.as_deref(), Some("$150,000 - $170,000"));
        assert_eq!(details.work_arrangement.as_deref(), Some("Hybrid"));
        assert_eq!(
            details.contact_info.as_deref(),
            Some("jobs@initech.example")
        );
        assert!(details.special_instructions.unwrap().contains("pelican"));
    }

    #[test]
    fn refinements_reuse_the_role_and_plant_facts_only_when_asked() {
        let input = RefineInput {
            role: RoleContext {
                company: "Acme".into(),
                title: "Engineer".into(),
                start_date: "04/2019".into(),
                end_date: "present".into(),
                summary: Some("Owned ingestion. Ran on-call. Wrote docs.".into()),
                responsibilities: vec!["wrote docs.".into(), "Built Kafka consumers".into()],
                skills: vec!["Python".into(), "Kafka".into()],
                ..RoleContext::default()
            },
            job_analysis: AnalysisContext {
                key_skills: vec!["kafka".into()],
                ..AnalysisContext::default()
            },
        };
        assert_eq!(
            refined_role(&input, false),
            json!({
                "summary": "Owned ingestion. Ran on-call.",
                "responsibilities": ["Built Kafka consumers", "Wrote docs"],
                "skills": ["Kafka", "Python"],
            })
        );
        let planted = refined_role(&input, true).to_string();
        for fact in [
            PLANTED_COMPANY,
            PLANTED_YEAR,
            PLANTED_METRIC,
            PLANTED_AMOUNT,
            PLANTED_SKILL,
        ] {
            assert!(planted.contains(fact), "{fact}");
        }
    }
}
