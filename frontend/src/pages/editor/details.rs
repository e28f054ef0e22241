//! The details of a resume outside its text: company and notes, and for a tailored resume the
//! introduction, the job description and the details extracted from it. Saved with
//! `PUT /resumes/{id}`, which leaves the text alone.

use leptos::prelude::*;
use resume_shared::api::Patch;
use resume_shared::api::resumes::{JobDetails, ResumeKind, ResumeResponse, UpdateResumeRequest};

use super::forms::fields::{area, optional};
use super::forms::write::FormError;
use super::state::EditorState;
use crate::api::AuthedApi;
use crate::api::editing::VERSION_CONFLICT;
use crate::components::{BUTTON_PRIMARY, CARD};
use crate::state::Toasts;

/// The editable details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// Target company.
    pub company: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The introduction.
    pub introduction: Option<String>,
    /// The job description.
    pub job_description: Option<String>,
    /// Details extracted from the job description.
    pub job: JobDetails,
}

impl Details {
    /// The details of `resume`.
    #[must_use]
    pub fn of(resume: &ResumeResponse) -> Self {
        Self {
            company: resume.company.clone(),
            notes: resume.notes.clone(),
            introduction: resume.introduction.clone(),
            job_description: resume.job_description.clone(),
            job: resume.job_details.clone().unwrap_or_default(),
        }
    }

    /// The request that stores them (absent values are cleared).
    #[must_use]
    pub fn request(&self, version: i64, tailored: bool) -> UpdateResumeRequest {
        let patch = |value: &Option<String>| match value {
            Some(value) => Patch::Set(value.clone()),
            None => Patch::Clear,
        };
        let mut request = UpdateResumeRequest {
            version,
            company: patch(&self.company),
            notes: patch(&self.notes),
            ..UpdateResumeRequest::default()
        };
        if tailored {
            request.introduction = patch(&self.introduction);
            request.job_description = patch(&self.job_description);
            request.job_details = if self.job == JobDetails::default() {
                Patch::Clear
            } else {
                Patch::Set(self.job.clone())
            };
        }
        request
    }
}

/// The details form.
#[component]
pub fn DetailsForm(
    /// The open resume.
    state: EditorState,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let draft = RwSignal::new(state.saved.with_untracked(Details::of));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let tailored = state
        .saved
        .with_untracked(|saved| saved.kind == ResumeKind::Tailored);
    // Read once per save, not on every keystroke.
    let saved_details = Memo::new(move |_| state.saved.with(Details::of));
    state.track_form_changes("details", move || {
        draft.with(|draft| saved_details.with(|saved| draft != saved))
    });
    let save = move || {
        let id = state.id();
        let request = draft.with_untracked(|d| d.request(state.version(), tailored));
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api.update_resume(&id, &request).await;
            let _ = busy.try_set(false);
            match result {
                Ok(resume) => {
                    state.apply_metadata(resume);
                    // As stored (trimmed), so the form reads as saved.
                    let _ = draft.try_set(state.saved.with_untracked(Details::of));
                    toasts.success("Saved.");
                }
                Err(failure) if failure.is(VERSION_CONFLICT) => {
                    if let Ok(latest) = api.get_resume(&id).await {
                        state.apply_metadata(latest);
                    }
                    let _ = error.try_set(Some(
                        "This resume was changed elsewhere. Save again to keep these details."
                            .to_owned(),
                    ));
                }
                Err(failure) => {
                    toasts.api_error(&failure);
                    let _ = error.try_set(Some(failure.message.clone()));
                }
            }
        });
    };
    let job_fields = tailored.then(|| {
        view! {
            <div class="mt-3 grid gap-3 sm:grid-cols-2">
                {area(draft, "details-introduction", "Introduction", |d| d.introduction.clone(), |d, v| d.introduction = v)}
                {area(draft, "details-job-description", "Job description", |d| d.job_description.clone(), |d, v| d.job_description = v)}
            </div>
            <h3 class="mt-4 text-sm font-semibold text-slate-700">"Job details"</h3>
            <div class="mt-2 grid gap-3 sm:grid-cols-2" data-testid="job-details">
                {optional(draft, "job-title", "Job title", |d| d.job.job_title.clone(), |d, v| d.job.job_title = v)}
                {optional(draft, "job-company", "Hiring company", |d| d.job.company.clone(), |d, v| d.job.company = v)}
                {optional(draft, "job-location", "Location", |d| d.job.location.clone(), |d, v| d.job.location = v)}
                {optional(draft, "job-arrangement", "Work arrangement", |d| d.job.work_arrangement.clone(), |d, v| d.job.work_arrangement = v)}
                {optional(draft, "job-pay", "Pay rate", |d| d.job.pay_rate.clone(), |d, v| d.job.pay_rate = v)}
                {optional(draft, "job-contact", "Contact", |d| d.job.contact_info.clone(), |d, v| d.job.contact_info = v)}
                {area(draft, "job-instructions", "Special instructions", |d| d.job.special_instructions.clone(), |d, v| d.job.special_instructions = v)}
            </div>
        }
    });
    view! {
        <section class=CARD aria-labelledby="details-title" data-testid="details-section">
            <h2 id="details-title" class="text-lg font-semibold">"Details"</h2>
            <form
                class="mt-3"
                data-testid="details-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <FormError error=error testid="details-error" />
                <div class="grid gap-3 sm:grid-cols-2">
                    {optional(draft, "details-company", "Company", |d| d.company.clone(), |d, v| d.company = v)}
                    {area(draft, "details-notes", "Notes", |d| d.notes.clone(), |d, v| d.notes = v)}
                </div>
                {job_fields}
                <div class="mt-4">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="details-save" disabled=move || busy.get()>
                        "Save details"
                    </button>
                </div>
            </form>
        </section>
    }
}
