//! Every prompt the server sends to a language model, each with its intent.
//!
//! A prompt is a system message (the instructions, then the answer contract: "one JSON object,
//! schema name `…`, this JSON schema") and a user message that is the input as a JSON object.
//! JSON input keeps data and instructions apart (text in a resume cannot pose as an
//! instruction as easily) and lets the fake server read the input back. The schema is in the
//! system message in every structured-output mode, so endpoints without `json_schema` support
//! still know the shape; the line `Schema name: …` is also how the fake recognises the prompt.
//!
//! Only what a prompt needs is sent: contact details (email, phone, websites, visa) never
//! leave the server.
//!
//! The rules the product promises (facts only, skills verbatim, action verbs, at most a few
//! bullets) are stated here, but never relied on: [`super::guard`] enforces the factual ones
//! deterministically.

use resume_shared::api::cover_letters::{LetterLength, LetterTone};
use resume_shared::{Resume, Role};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{
    Answer, ConnectionProbe, CoverLetter, Introduction, JobAnalysis, RefinedRole, strip_bullet,
};

/// Which prompt a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromptKind {
    /// (a) Job analysis.
    JobAnalysis,
    /// (b) Per-role refinement.
    RefineRole,
    /// (c) Introduction.
    Introduction,
    /// (d) Cover letter.
    CoverLetter,
    /// The connection test.
    ConnectionTest,
}

impl PromptKind {
    /// Every kind, in pipeline order.
    pub const ALL: [Self; 5] = [
        Self::JobAnalysis,
        Self::RefineRole,
        Self::Introduction,
        Self::CoverLetter,
        Self::ConnectionTest,
    ];

    /// The name of the answer schema this prompt asks for.
    #[must_use]
    pub fn schema_name(self) -> &'static str {
        match self {
            Self::JobAnalysis => JobAnalysis::NAME,
            Self::RefineRole => RefinedRole::NAME,
            Self::Introduction => Introduction::NAME,
            Self::CoverLetter => CoverLetter::NAME,
            Self::ConnectionTest => ConnectionProbe::NAME,
        }
    }

    /// The kind whose answer schema has this name.
    #[must_use]
    pub fn from_schema_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.schema_name() == name)
    }

    /// The snake_case name used in logs and call counters.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::JobAnalysis => "job_analysis",
            Self::RefineRole => "refine_role",
            Self::Introduction => "introduction",
            Self::CoverLetter => "cover_letter",
            Self::ConnectionTest => "connection_test",
        }
    }
}

/// A ready-to-send prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// Which prompt this is.
    pub kind: PromptKind,
    /// The system message: instructions and the answer contract.
    pub system: String,
    /// The user message: the input as pretty-printed JSON.
    pub user: String,
    /// The answer schema's name.
    pub schema_name: &'static str,
    /// The answer's JSON schema.
    pub schema: Value,
}

/// The line of the system message that names the answer schema.
pub const SCHEMA_NAME_MARKER: &str = "Schema name: ";

/// Intent: turn a free-text job description into the structured targets every later step
/// works against (what to emphasise, what coverage is measured on, what the tailored resume's
/// company and notes default to). Extraction only: the description is the sole source of
/// skills, duties and details; the resume helps only with themes the job implies.
const JOB_ANALYSIS: &str = "\
You analyse job descriptions for a resume-tailoring tool.

The user message is a JSON object with the job description (`job_description`) and, as context \
only, the candidate's resume (`resume`). Extract from the job description:
- key_skills: the concrete skills, tools, technologies, methods and qualifications the job asks \
for, each a short noun phrase spelled as in the description, most important first (at most 15).
- primary_duties: the main duties of the job, each a short verb phrase (at most 8).
- themes: recurring themes the description states outright, such as reliability, ownership or \
customer focus (at most 6).
- inferred_themes: themes the description implies without stating them, in the light of what \
the candidate has done (at most 6).
- job_details: company, job_title, pay_rate, contact_info, work_arrangement (remote, hybrid or \
on-site), location and special_instructions (what applicants are asked to include or do), each \
copied as stated; null when the description does not say.

Use only the job description for key_skills, primary_duties, themes and job_details. Never \
invent a detail; when unsure, leave it out or use null.";

/// Intent: make one role speak to the job without changing what it claims. The model may
/// select, reorder and rephrase the role's own material; it may not add facts. Skills must be
/// copied from the role's list so they survive the fact guard unchanged.
const REFINE_ROLE: &str = "\
You rewrite one role of a candidate's resume so that it speaks to a specific job, using only \
facts already present in that role.

The user message is a JSON object with the role (`role`: company, title, dates, location, \
summary, responsibilities, skills) and an analysis of the job (`job_analysis`: key skills, \
primary duties, themes). Write:
- summary: one or two sentences on what the candidate did in this role that matters for the job.
- responsibilities: at most 5 high-impact bullets, most relevant to the job first. Each bullet \
starts with an action verb (past tense; present tense if the role is ongoing), is one line, \
has no bullet marker and no final period.
- skills: the skills from the role's own skills list that matter for the job, copied verbatim \
(same spelling and case), most relevant first. Never add a skill the role does not list.

Facts only:
- Do not invent or change employers, clients, products, titles, dates, numbers, percentages, \
money amounts, team sizes, tools or technologies. Every name, number and tool you write must \
appear in the role as given.
- Do not borrow the job description's keywords unless the role already supports them.
- If the role has little that is relevant, write less rather than make something up.";

/// Intent: a short, factual opening for the tailored resume (its Banner), written last so it
/// can draw on the refined roles; emphasis comes from the analysis, facts only from the resume.
const INTRODUCTION: &str = "\
You write the introduction at the top of a candidate's resume, tailored to a job.

The user message is a JSON object with the candidate's (already tailored) resume (`resume`) and \
an analysis of the job (`job_analysis`). Write `text`: two or three short sentences (at most 60 \
words) that present the candidate for this job.

Rules:
- Facts only: mention only experience, titles, employers, skills and achievements that appear \
in the resume. Never invent numbers, employers, tools or years of experience.
- Emphasise what the job analysis says matters.
- Resume style: no name, no personal pronouns (\"Backend engineer with…\", not \"I am…\"), no \
clichés, nothing about the future.
- Plain text: no Markdown, no quotes, no line breaks.";

/// Intent: a cover letter for one job that presents what the resume already says, in the
/// tone and at the length asked for; emphasis from the analysis, facts only from the resume.
/// The signature is left out: the candidate's name is a contact detail and never sent, and the
/// server signs the letter itself.
const COVER_LETTER: &str = "\
You write a cover letter for a candidate applying to a job.

The user message is a JSON object with the candidate's resume (`resume`), an analysis of the job \
(`job_analysis`), the company (`company`), the person to address (`contact`), the job title \
(`job_title`), the tone (`tone`: formal, warm or concise) and the most words (`max_words`). Write \
`text`: the letter as Markdown paragraphs separated by blank lines.

Structure:
- A salutation: \"Dear <contact>,\" when a contact is given, else \"Dear Hiring Team,\".
- An opening that names the job and the company when they are given.
- One or two paragraphs that connect the candidate's experience to what the job analysis says \
matters most, with concrete examples from the resume.
- A short closing paragraph, then a closing line such as \"Kind regards,\". Do not sign: the \
candidate's name is added after the closing line.

Rules:
- Facts only: every employer, job title, date, number, degree, certification, tool and \
achievement you mention must appear in the resume. Never invent numbers, employers, years of \
experience or qualifications. The company, contact and job title given may be named.
- Do not claim skills the resume does not show, even when the job asks for them.
- Tone: formal is courteous and restrained; warm is friendly and personal, still professional; \
concise is short sentences, straight to the point.
- Stay within max_words. No headings, no placeholders such as [Company], no addresses, no date.";

/// Intent: prove the endpoint, model and key work and find the structured-output mode, at the
/// smallest possible cost.
const CONNECTION_TEST: &str = "\
This is a connectivity check of an API client. Answer {\"ok\": true}.";

/// (a) Job analysis: from the job description, with the resume as context.
#[must_use]
pub fn job_analysis(job_description: &str, resume: &Resume) -> Prompt {
    let input = AnalysisInput {
        job_description: job_description.trim().to_owned(),
        resume: ResumeContext::from(resume),
    };
    build::<JobAnalysis>(PromptKind::JobAnalysis, JOB_ANALYSIS, &input)
}

/// (b) Per-role refinement of `role` against `analysis`.
#[must_use]
pub fn refine_role(role: &Role, analysis: &JobAnalysis) -> Prompt {
    let input = RefineInput {
        role: RoleContext::from(role),
        job_analysis: AnalysisContext::from(analysis),
    };
    build::<RefinedRole>(PromptKind::RefineRole, REFINE_ROLE, &input)
}

/// (c) Introduction for the (refined) `resume`, against `analysis`.
#[must_use]
pub fn introduction(resume: &Resume, analysis: &JobAnalysis) -> Prompt {
    let input = IntroductionInput {
        resume: ResumeContext::from(resume),
        job_analysis: AnalysisContext::from(analysis),
    };
    build::<Introduction>(PromptKind::Introduction, INTRODUCTION, &input)
}

/// What a cover letter is for: whom it is written to and how it should read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterBrief {
    /// The company written to.
    pub company: Option<String>,
    /// The person written to.
    pub contact: Option<String>,
    /// The job applied for, as the analysis found it.
    pub job_title: Option<String>,
    /// How it sounds.
    pub tone: LetterTone,
    /// How long it is.
    pub length: LetterLength,
}

/// (d) Cover letter from `resume` for the job of `analysis`, as `brief` asks.
#[must_use]
pub fn cover_letter(resume: &Resume, analysis: &JobAnalysis, brief: &LetterBrief) -> Prompt {
    let input = CoverLetterInput {
        resume: ResumeContext::from(resume),
        job_analysis: AnalysisContext::from(analysis),
        company: brief.company.clone(),
        contact: brief.contact.clone(),
        job_title: brief.job_title.clone(),
        tone: brief.tone.as_str().to_owned(),
        max_words: brief.length.max_words(),
    };
    build::<CoverLetter>(PromptKind::CoverLetter, COVER_LETTER, &input)
}

/// The connection test.
#[must_use]
pub fn connection_test() -> Prompt {
    build::<ConnectionProbe>(
        PromptKind::ConnectionTest,
        CONNECTION_TEST,
        &serde_json::json!({"check": "connectivity"}),
    )
}

fn build<T: Answer>(kind: PromptKind, instructions: &str, input: &impl Serialize) -> Prompt {
    let schema = T::schema();
    let system = format!(
        "{instructions}\n\nReply with one JSON object and nothing else: no Markdown fences, no \
         comments.\n{SCHEMA_NAME_MARKER}{name}\nJSON schema:\n{schema}",
        name = T::NAME,
    );
    // Serialising plain data structs cannot fail; an empty object would still be a valid,
    // if useless, prompt.
    let user = serde_json::to_string_pretty(input).unwrap_or_else(|_| "{}".to_owned());
    Prompt {
        kind,
        system,
        user,
        schema_name: T::NAME,
        schema,
    }
}

/// The user message of the job analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisInput {
    /// The job description as pasted.
    pub job_description: String,
    /// The candidate's resume, as context.
    pub resume: ResumeContext,
}

/// The user message of a role refinement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefineInput {
    /// The role to refine.
    pub role: RoleContext,
    /// What the job asks for.
    pub job_analysis: AnalysisContext,
}

/// The user message of the introduction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroductionInput {
    /// The refined resume.
    pub resume: ResumeContext,
    /// What the job asks for.
    pub job_analysis: AnalysisContext,
}

/// The user message of a cover letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverLetterInput {
    /// The candidate's resume (no contact details).
    pub resume: ResumeContext,
    /// What the job asks for.
    pub job_analysis: AnalysisContext,
    /// The company written to.
    #[serde(default)]
    pub company: Option<String>,
    /// The person written to.
    #[serde(default)]
    pub contact: Option<String>,
    /// The job applied for.
    #[serde(default)]
    pub job_title: Option<String>,
    /// `formal`, `warm` or `concise`.
    pub tone: String,
    /// The most words.
    pub max_words: usize,
}

/// What a prompt may know of a resume: no contact details.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ResumeContext {
    /// The current banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<String>,
    /// Roles, in resume order (newest first by convention).
    #[serde(default)]
    pub roles: Vec<RoleContext>,
    /// Projects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectContext>,
    /// Certification names (with issuer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    /// Degrees, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<String>,
}

/// A role as prompts see it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoleContext {
    /// Employer.
    pub company: String,
    /// Job title.
    pub title: String,
    /// `MM/YYYY`.
    pub start_date: String,
    /// `MM/YYYY`, or `present` for an ongoing role.
    pub end_date: String,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The role's summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The responsibilities, one item per line, without bullet markers.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// The role's skills.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// A project as prompts see it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProjectContext {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Skills.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// The parts of a job analysis that steer writing (job details are not needed).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnalysisContext {
    /// Key skills.
    #[serde(default)]
    pub key_skills: Vec<String>,
    /// Primary duties.
    #[serde(default)]
    pub primary_duties: Vec<String>,
    /// Stated themes.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Implied themes.
    #[serde(default)]
    pub inferred_themes: Vec<String>,
}

impl From<&Role> for RoleContext {
    fn from(role: &Role) -> Self {
        let basics = &role.basics;
        Self {
            company: basics.company.clone(),
            title: basics.title.clone(),
            start_date: basics.start_date.to_slash_form(),
            end_date: basics
                .end_date
                .map_or_else(|| "present".to_owned(), |date| date.to_slash_form()),
            location: basics.location.clone(),
            summary: role.summary.clone(),
            responsibilities: role
                .responsibilities
                .iter()
                .flat_map(|text| text.lines())
                .map(|line| strip_bullet(line).to_owned())
                .filter(|line| !line.is_empty())
                .collect(),
            skills: role.skills.clone(),
        }
    }
}

impl From<&Resume> for ResumeContext {
    fn from(resume: &Resume) -> Self {
        let experience = resume.experience.as_ref();
        Self {
            banner: resume.personal.as_ref().and_then(|p| p.banner.clone()),
            roles: experience
                .map(|e| e.roles.iter().map(RoleContext::from).collect())
                .unwrap_or_default(),
            projects: experience
                .map(|e| {
                    e.projects
                        .iter()
                        .map(|project| ProjectContext {
                            title: project.overview.title.clone(),
                            description: project.description.clone(),
                            skills: project.skills.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            certifications: resume
                .certifications
                .iter()
                .map(|c| match &c.issuer {
                    Some(issuer) => format!("{} ({issuer})", c.name),
                    None => c.name.clone(),
                })
                .collect(),
            education: resume
                .education
                .iter()
                .flat_map(|e| &e.degrees)
                .map(|d| {
                    [
                        d.degree.as_deref(),
                        d.major.as_deref(),
                        Some(d.school.as_str()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .collect(),
        }
    }
}

impl From<&JobAnalysis> for AnalysisContext {
    fn from(analysis: &JobAnalysis) -> Self {
        Self {
            key_skills: analysis.key_skills.clone(),
            primary_duties: analysis.primary_duties.clone(),
            themes: analysis.themes.clone(),
            inferred_themes: analysis.inferred_themes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use resume_shared::{Contact, Experience, Personal, RoleBasics, YearMonth};

    use super::*;

    fn resume() -> Resume {
        Resume {
            personal: Some(Personal {
                contact: Some(Contact {
                    name: "Jordan Rivera".into(),
                    email: Some("jordan@example.org".into()),
                    phone: Some("555-0100".into()),
                    location: None,
                }),
                banner: Some("Backend engineer.".into()),
                ..Personal::default()
            }),
            experience: Some(Experience {
                projects: vec![],
                roles: vec![Role {
                    responsibilities: Some("* Rebuilt the ingest service\n\n* Mentored".into()),
                    skills: vec!["Rust".into()],
                    ..Role::new(RoleBasics::new(
                        "Acme",
                        "Engineer",
                        YearMonth::new(2019, 4).unwrap(),
                    ))
                }],
            }),
            ..Resume::default()
        }
    }

    #[test]
    fn every_prompt_names_its_schema_and_includes_it() {
        let analysis = JobAnalysis::default();
        let resume = resume();
        let role = &resume.experience.as_ref().unwrap().roles[0];
        for prompt in [
            job_analysis("Build things in Rust.", &resume),
            refine_role(role, &analysis),
            introduction(&resume, &analysis),
            cover_letter(&resume, &analysis, &LetterBrief::default()),
            connection_test(),
        ] {
            let marker = format!("{SCHEMA_NAME_MARKER}{}\n", prompt.schema_name);
            assert!(prompt.system.contains(&marker), "{:?}", prompt.kind);
            assert!(prompt.system.contains(&prompt.schema.to_string()));
            assert_eq!(
                PromptKind::from_schema_name(prompt.schema_name),
                Some(prompt.kind)
            );
            serde_json::from_str::<Value>(&prompt.user).unwrap();
        }
    }

    #[test]
    fn the_refinement_prompt_states_the_product_rules() {
        for rule in [
            "at most 5",
            "action verb",
            "verbatim",
            "Do not invent",
            "Never add a skill",
        ] {
            assert!(REFINE_ROLE.contains(rule), "{rule}");
        }
    }

    #[test]
    fn contact_details_never_reach_a_prompt() {
        let brief = LetterBrief {
            company: Some("Initech".into()),
            ..LetterBrief::default()
        };
        for prompt in [
            job_analysis("Job", &resume()),
            cover_letter(&resume(), &JobAnalysis::default(), &brief),
        ] {
            assert!(!prompt.user.contains("jordan@example.org"));
            assert!(!prompt.user.contains("555-0100"));
            assert!(!prompt.user.contains("Jordan Rivera"));
            assert!(prompt.user.contains("Backend engineer."));
        }
    }

    #[test]
    fn the_letter_prompt_carries_the_brief_and_states_the_rules() {
        let brief = LetterBrief {
            company: Some("Initech".into()),
            contact: Some("Sam Lee".into()),
            job_title: Some("Platform Engineer".into()),
            tone: LetterTone::Warm,
            length: LetterLength::HalfPage,
        };
        let prompt = cover_letter(&resume(), &JobAnalysis::default(), &brief);
        let input: CoverLetterInput = serde_json::from_str(&prompt.user).unwrap();
        assert_eq!(input.company.as_deref(), Some("Initech"));
        assert_eq!(input.contact.as_deref(), Some("Sam Lee"));
        assert_eq!(input.job_title.as_deref(), Some("Platform Engineer"));
        assert_eq!(input.tone, "warm");
        assert_eq!(input.max_words, 200);
        for rule in [
            "Facts only",
            "Never invent numbers",
            "Do not sign",
            "max_words",
        ] {
            assert!(prompt.system.contains(rule), "{rule}");
        }
    }

    #[test]
    fn roles_are_sent_with_bullets_as_a_list_and_open_end_as_present() {
        let resume = resume();
        let role = &resume.experience.as_ref().unwrap().roles[0];
        let input: RefineInput =
            serde_json::from_str(&refine_role(role, &JobAnalysis::default()).user).unwrap();
        assert_eq!(
            input.role.responsibilities,
            ["Rebuilt the ingest service", "Mentored"]
        );
        assert_eq!(input.role.start_date, "04/2019");
        assert_eq!(input.role.end_date, "present");
    }
}
