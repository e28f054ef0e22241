//! "Track an application": picks one of the user's resumes (tailored ones first, as they are
//! the ones sent) and a first status, creates its application and opens it in the panel.

use leptos::prelude::*;
use resume_shared::api::applications::{ApplicationFields, ApplicationStatus};
use resume_shared::api::resumes::{ResumeKind, ResumeSummary};

use super::Tracker;
use super::status_select::StatusSelect;
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::resumes::ResumeQuery;
use crate::components::form::{FormError, SubmitButton};
use crate::components::{CARD, INPUT};
use crate::state::Toasts;

/// What the form sends: the resume's id and name, and the first status.
type NewApplication = (String, String, ApplicationStatus);

/// The `<option>`s of `resumes` of one kind, in an `<optgroup>` (nothing when there are none).
fn resume_group(label: &'static str, resumes: Vec<ResumeSummary>) -> Option<impl IntoView> {
    (!resumes.is_empty()).then(|| {
        view! {
            <optgroup label=label>
                {resumes
                    .into_iter()
                    .map(|resume| view! { <option value=resume.id>{resume.name}</option> })
                    .collect_view()}
            </optgroup>
        }
    })
}

/// The form that starts tracking a resume's application.
#[component]
pub fn TrackForm(
    /// The page's shared state: the new application is opened in the panel.
    tracker: Tracker,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let resumes = ApiResource::new(move || async move {
        let query = ResumeQuery {
            per_page: 100,
            ..ResumeQuery::default()
        };
        api.list_resumes(&query).await.map(|list| list.items)
    });
    let resume_id = RwSignal::new(String::new());
    let status = RwSignal::new(ApplicationStatus::Saved);
    let problem = RwSignal::new(None::<String>);
    let create = ApiAction::new(move |input: &NewApplication| {
        let (id, name, status) = input.clone();
        async move {
            let fields = ApplicationFields {
                status,
                ..ApplicationFields::default()
            };
            match api.create_application(&id, fields).await {
                Ok(_) => {
                    toasts.success(format!("Tracking the application of “{name}”."));
                    resume_id.set(String::new());
                    tracker.changed();
                    tracker.open(id, name);
                }
                // Shown in the form (a resume tracked already answers 409 `conflict`).
                Err(error) => problem.set(Some(error.field("status").unwrap_or(error.message))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let id = resume_id.get_untracked();
        let name = untrack(|| resumes.get())
            .and_then(Result::ok)
            .and_then(|list| {
                list.into_iter()
                    .find(|resume| resume.id == id)
                    .map(|resume| resume.name)
            });
        match name {
            Some(name) => create.dispatch((id, name, status.get_untracked())),
            None => problem.set(Some("Choose a resume.".to_owned())),
        }
    };
    let options = move || {
        resumes.get().and_then(Result::ok).map(|list| {
            let (tailored, base): (Vec<_>, Vec<_>) = list
                .into_iter()
                .partition(|resume| resume.kind == ResumeKind::Tailored);
            view! {
                {resume_group("Tailored resumes", tailored)}
                {resume_group("Base resumes", base)}
            }
        })
    };
    // A problem of the form, else one loading the resumes.
    let message = Signal::derive(move || {
        problem.get().or_else(|| {
            resumes
                .get()
                .and_then(Result::err)
                .map(|error| format!("Your resumes could not be loaded: {error}"))
        })
    });
    view! {
        <form
            novalidate
            data-testid="track-form"
            aria-labelledby="track-title"
            class=format!("{CARD} flex flex-col gap-3")
            on:submit=on_submit
        >
            <div>
                <h2 id="track-title" class="text-base font-semibold text-slate-900">"Track an application"</h2>
                <p class="mt-1 text-sm text-slate-600">
                    "An application belongs to a resume: choose the one you sent (or mean to send)."
                </p>
            </div>
            <div class="flex flex-col gap-3 sm:flex-row sm:items-end">
                <div class="min-w-0 flex-1">
                    <label for="track-resume" class="block text-sm font-medium text-slate-800">"Resume"</label>
                    <select
                        id="track-resume"
                        data-testid="track-resume"
                        class=format!("mt-1 {INPUT}")
                        prop:value=move || resume_id.get()
                        on:change=move |ev| resume_id.set(event_target_value(&ev))
                    >
                        <option value="">"Choose a resume…"</option>
                        {options}
                    </select>
                </div>
                <div>
                    <StatusSelect id="track-status" status=status />
                </div>
                <SubmitButton label="Track" pending_label="Tracking…" pending=create.pending() testid="track-submit" />
            </div>
            <FormError message=message testid="track-error" />
        </form>
    }
}
