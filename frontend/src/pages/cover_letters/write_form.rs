//! The form that starts drafting a letter: the resume (tailored ones first), the job
//! description (a tailored resume has its own; a base resume needs one, which the server
//! checks), the company and contact, the tone and the length.

use leptos::prelude::*;
use resume_shared::api::cover_letters::{LetterLength, LetterTone, StartCoverLetterRequest};
use resume_shared::api::resumes::{ResumeKind, ResumeSummary};

use crate::api::action::ApiAction;
use crate::api::resumes::ResumeQuery;
use crate::api::{ApiError, AuthedApi};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{CARD, INPUT};

/// The most resumes the form lists (the API's largest page, ten times).
const MAX_RESUME_PAGES: u64 = 10;

/// How a tone reads on the page.
#[must_use]
pub const fn tone_label(tone: LetterTone) -> &'static str {
    match tone {
        LetterTone::Formal => "Formal",
        LetterTone::Warm => "Warm",
        LetterTone::Concise => "Concise",
    }
}

/// How a length reads on the page.
#[must_use]
pub const fn length_label(length: LetterLength) -> &'static str {
    match length {
        LetterLength::HalfPage => "Half page",
        LetterLength::OnePage => "One page",
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The request the form's values make: blank fields are left out (the server then uses the
/// tailored resume's job description and company).
#[must_use]
pub fn start_request(
    job_description: &str,
    company: &str,
    contact: &str,
    tone: LetterTone,
    length: LetterLength,
) -> StartCoverLetterRequest {
    StartCoverLetterRequest {
        job_description: optional(job_description),
        company: optional(company),
        contact: optional(contact),
        tone,
        length,
    }
}

/// The resumes in the order the form offers them: tailored ones first, each group in the
/// order given.
#[must_use]
pub fn resume_choices(mut resumes: Vec<ResumeSummary>) -> Vec<ResumeSummary> {
    resumes.sort_by_key(|resume| resume.kind != ResumeKind::Tailored);
    resumes
}

/// The resume chosen at first: `wanted` when it is among `resumes`, else the first.
#[must_use]
pub fn initial_resume(resumes: &[ResumeSummary], wanted: Option<&str>) -> Option<String> {
    wanted
        .filter(|wanted| resumes.iter().any(|resume| resume.id == *wanted))
        .map(ToOwned::to_owned)
        .or_else(|| resumes.first().map(|resume| resume.id.clone()))
}

/// The hint under the job description for a resume of `kind`.
#[must_use]
pub const fn job_description_hint(kind: Option<ResumeKind>) -> &'static str {
    match kind {
        Some(ResumeKind::Tailored) => {
            "Optional: a tailored resume's own job description is used when this is empty."
        }
        Some(ResumeKind::Base) | None => "Required for a base resume: paste the job posting.",
    }
}

/// Every resume of the user, most recently changed first (up to the form's limit).
async fn load_resumes(api: AuthedApi) -> Result<Vec<ResumeSummary>, ApiError> {
    let mut resumes = Vec::new();
    for page in 1..=MAX_RESUME_PAGES {
        let query = ResumeQuery {
            page,
            per_page: 100,
            ..ResumeQuery::default()
        };
        let list = api.list_resumes(&query).await?;
        let done = list.items.is_empty() || page * list.per_page >= list.total;
        resumes.extend(list.items);
        if done {
            break;
        }
    }
    Ok(resume_choices(resumes))
}

/// The write form; `on_started` gets the new drafting job's id and the resume's.
#[component]
pub fn WriteForm(
    /// The resume to choose first, if any.
    wanted_resume: Option<String>,
    /// A drafting job started: its id and the resume's.
    on_started: Callback<(String, String)>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let resumes = RwSignal::new(None::<Result<Vec<ResumeSummary>, ApiError>>);
    let resume = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        let loaded = load_resumes(api).await;
        if let Ok(list) = &loaded
            && let Some(first) = initial_resume(list, wanted_resume.as_deref())
        {
            let _ = resume.try_set(first);
        }
        let _ = resumes.try_set(Some(loaded));
    });
    let job_description = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let tone = RwSignal::new(LetterTone::default());
    let length = RwSignal::new(LetterLength::default());
    let start = ApiAction::new(
        move |(resume_id, request): &(String, StartCoverLetterRequest)| {
            let (resume_id, request) = (resume_id.clone(), request.clone());
            async move {
                let accepted = api.start_cover_letter(&resume_id, &request).await?;
                on_started.run((accepted.id, resume_id));
                Ok::<(), ApiError>(())
            }
        },
    );
    let api_error = move || start.value().and_then(Result::err);
    let field_error = move |name: &'static str| {
        Signal::derive(move || api_error().and_then(|error| error.field(name)))
    };
    let description_error = field_error("job_description");
    let form_error = Signal::derive(move || {
        api_error()
            .filter(|error| {
                !["job_description", "company", "contact"]
                    .iter()
                    .any(|field| error.fields.contains_key(*field))
            })
            .map(|error| error.message)
    });
    let chosen_kind = Signal::derive(move || {
        let id = resume.get();
        resumes.with(|list| {
            list.as_ref()
                .and_then(|list| list.as_ref().ok())
                .and_then(|list| list.iter().find(|r| r.id == id).map(|r| r.kind))
        })
    });
    let resume_field = move || {
        match resumes.get() {
        None => view! { <p class="mt-1 text-sm text-slate-600">"Loading your resumes…"</p> }.into_any(),
        Some(Err(error)) => view! {
            <p role="alert" data-testid="letter-resume-error" class="mt-1 text-sm text-red-700">{error.message}</p>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p data-testid="letter-no-resume" class="mt-1 text-sm text-slate-600">"Make a resume first: a letter states the facts of one."</p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let (tailored, base): (Vec<_>, Vec<_>) =
                list.into_iter().partition(|r| r.kind == ResumeKind::Tailored);
            let current = resume.get_untracked();
            let options = |items: Vec<ResumeSummary>| {
                items
                    .into_iter()
                    .map(|r| {
                        let selected = r.id == current;
                        let label = match &r.company {
                            Some(company) => format!("{} ({company})", r.name),
                            None => r.name.clone(),
                        };
                        view! { <option value=r.id.clone() selected=selected>{label}</option> }
                    })
                    .collect_view()
            };
            view! {
                <select
                    id="letter-resume"
                    data-testid="letter-resume"
                    class=format!("mt-1 {INPUT}")
                    prop:value=move || resume.get()
                    on:change=move |ev| resume.set(event_target_value(&ev))
                >
                    {(!tailored.is_empty()).then(|| view! { <optgroup label="Tailored resumes">{options(tailored)}</optgroup> })}
                    {(!base.is_empty()).then(|| view! { <optgroup label="Base resumes">{options(base)}</optgroup> })}
                </select>
            }
            .into_any()
        }
    }
    };
    view! {
        <form
            novalidate
            data-testid="letter-form"
            class=format!("{CARD} flex flex-col gap-4")
            on:submit=move |ev| {
                ev.prevent_default();
                let resume_id = resume.get_untracked();
                if resume_id.is_empty() {
                    return;
                }
                let request = start_request(
                    &job_description.get_untracked(),
                    &company.get_untracked(),
                    &contact.get_untracked(),
                    tone.get_untracked(),
                    length.get_untracked(),
                );
                start.dispatch((resume_id, request));
            }
        >
            <div>
                <label for="letter-resume" class="block text-sm font-medium text-slate-800">"Resume"</label>
                {resume_field}
            </div>
            <div>
                <label for="letter-job-description" class="block text-sm font-medium text-slate-800">
                    "Job description"
                </label>
                <p id="letter-job-description-hint" data-testid="letter-job-description-hint" class="text-xs text-slate-600">
                    {move || job_description_hint(chosen_kind.get())}
                </p>
                <textarea
                    id="letter-job-description"
                    data-testid="letter-job-description"
                    rows="10"
                    placeholder="Paste the whole job posting"
                    class=format!("mt-1 {INPUT}")
                    aria-required=move || (chosen_kind.get() != Some(ResumeKind::Tailored)).to_string()
                    aria-invalid=move || description_error.get().is_some().then_some("true")
                    aria-describedby="letter-job-description-hint letter-job-description-error"
                    bind:value=job_description
                ></textarea>
                <p id="letter-job-description-error" data-testid="letter-job-description-error" class="mt-1 text-sm text-red-700 empty:hidden">
                    {move || description_error.get()}
                </p>
            </div>
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField id="letter-company" label="Company" value=company error=field_error("company") placeholder="Taken from the resume or the job when empty" />
                <TextField id="letter-contact" label="Contact name" value=contact error=field_error("contact") placeholder="The person the letter greets" />
            </div>
            <div class="grid gap-4 sm:grid-cols-2">
                <div>
                    <label for="letter-tone" class="block text-sm font-medium text-slate-800">"Tone"</label>
                    <select
                        id="letter-tone"
                        data-testid="letter-tone"
                        class=format!("mt-1 {INPUT}")
                        prop:value=move || tone.get().as_str()
                        on:change=move |ev| {
                            if let Some(chosen) = LetterTone::from_name(&event_target_value(&ev)) {
                                tone.set(chosen);
                            }
                        }
                    >
                        {LetterTone::ALL
                            .into_iter()
                            .map(|each| view! { <option value=each.as_str() selected=move || tone.get() == each>{tone_label(each)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div>
                    <label for="letter-length" class="block text-sm font-medium text-slate-800">"Length"</label>
                    <select
                        id="letter-length"
                        data-testid="letter-length"
                        class=format!("mt-1 {INPUT}")
                        prop:value=move || length.get().as_str()
                        on:change=move |ev| {
                            if let Some(chosen) = LetterLength::from_name(&event_target_value(&ev)) {
                                length.set(chosen);
                            }
                        }
                    >
                        {LetterLength::ALL
                            .into_iter()
                            .map(|each| view! { <option value=each.as_str() selected=move || length.get() == each>{length_label(each)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <FormError message=form_error testid="letter-form-error" />
            <div class="flex justify-end">
                <SubmitButton label="Write" pending_label="Starting…" pending=start.pending() testid="letter-write" />
            </div>
        </form>
    }
}
