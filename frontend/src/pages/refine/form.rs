//! The form that starts a refinement: the job description (required), the company, notes and
//! the "only roles from the last N years" limit.

use leptos::prelude::*;
use resume_shared::api::refinements::StartRefinementRequest;

use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{CARD, INPUT};

/// What is wrong with the form before it is sent, by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormProblems {
    /// The job description.
    pub job_description: Option<String>,
    /// The years limit.
    pub years_limit: Option<String>,
}

impl FormProblems {
    /// Whether nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.job_description.is_none() && self.years_limit.is_none()
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The request the form's values make, or what is wrong with them.
///
/// # Errors
/// A blank job description, or a years limit that is not a whole number from 1 to 100.
pub fn start_request(
    job_description: &str,
    company: &str,
    notes: &str,
    years_limit: &str,
) -> Result<StartRefinementRequest, FormProblems> {
    let mut problems = FormProblems::default();
    if job_description.trim().is_empty() {
        problems.job_description = Some("Paste the job description.".to_owned());
    }
    let years = match years_limit.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(years) if (1..=100).contains(&years) => Some(years),
            _ => {
                problems.years_limit = Some("A whole number of years from 1 to 100.".to_owned());
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(StartRefinementRequest {
        job_description: job_description.trim().to_owned(),
        company: optional(company),
        notes: optional(notes),
        years_limit: years,
    })
}

/// The start form; `on_started` gets the new job's id.
#[component]
pub fn StartForm(
    /// The base resume.
    #[prop(into)]
    resume_id: String,
    /// A job started.
    on_started: Callback<String>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let job_description = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let years_limit = RwSignal::new(String::new());
    let problems = RwSignal::new(FormProblems::default());
    let start = ApiAction::new(move |request: &StartRefinementRequest| {
        let request = request.clone();
        let resume_id = resume_id.clone();
        async move {
            let accepted = api.start_refinement(&resume_id, &request).await?;
            on_started.run(accepted.id);
            Ok::<(), ApiError>(())
        }
    });
    let api_error = move || start.value().and_then(Result::err);
    let field_error = move |name: &'static str| {
        Signal::derive(move || api_error().and_then(|error| error.field(name)))
    };
    let description_error = Signal::derive(move || {
        problems
            .read()
            .job_description
            .clone()
            .or_else(|| field_error("job_description").get())
    });
    let years_error = Signal::derive(move || {
        problems
            .read()
            .years_limit
            .clone()
            .or_else(|| field_error("years_limit").get())
    });
    let form_error = Signal::derive(move || {
        api_error()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    view! {
        <form
            novalidate
            data-testid="refine-form"
            class=format!("{CARD} flex flex-col gap-4")
            on:submit=move |ev| {
                ev.prevent_default();
                match start_request(
                    &job_description.get_untracked(),
                    &company.get_untracked(),
                    &notes.get_untracked(),
                    &years_limit.get_untracked(),
                ) {
                    Ok(request) => {
                        problems.set(FormProblems::default());
                        start.dispatch(request);
                    }
                    Err(found) => problems.set(found),
                }
            }
        >
            <div>
                <label for="refine-job-description" class="block text-sm font-medium text-slate-800">
                    "Job description" <span class="text-red-700" aria-hidden="true">"*"</span>
                </label>
                <textarea
                    id="refine-job-description"
                    data-testid="refine-job-description"
                    rows="10"
                    required
                    placeholder="Paste the whole job posting"
                    class=format!("mt-1 {INPUT} font-mono")
                    aria-invalid=move || description_error.get().is_some().then_some("true")
                    aria-describedby="refine-job-description-error"
                    bind:value=job_description
                ></textarea>
                <p id="refine-job-description-error" data-testid="refine-job-description-error" class="mt-1 text-sm text-red-700 empty:hidden">
                    {move || description_error.get()}
                </p>
            </div>
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField id="refine-company" label="Company" value=company error=field_error("company") placeholder="Taken from the description when empty" />
                <TextField
                    id="refine-years-limit"
                    label="Only roles from the last … years"
                    value=years_limit
                    error=years_error
                    input_type="number"
                    hint="Leave empty to refine every role. Ongoing roles always count."
                />
            </div>
            <div>
                <label for="refine-notes" class="block text-sm font-medium text-slate-800">"Notes"</label>
                <textarea
                    id="refine-notes"
                    data-testid="refine-notes"
                    rows="3"
                    placeholder="Kept with the tailored resume"
                    class=format!("mt-1 {INPUT}")
                    bind:value=notes
                ></textarea>
            </div>
            <FormError message=form_error testid="refine-form-error" />
            <div class="flex justify-end">
                <SubmitButton label="Start refining" pending_label="Starting…" pending=start.pending() testid="refine-start" />
            </div>
        </form>
    }
}
