//! The form of one application: status, applied date, posting URL, contact, next step and its
//! date, notes. Saving replaces the application of the version the form was filled from: a
//! version changed elsewhere is refused (409), and the panel then reloads and says so; fields
//! the server refuses (422) show their problem under them, and nothing is saved.

use leptos::prelude::*;
use resume_shared::api::applications::{
    ApplicationFields, ApplicationResponse, MAX_APPLICATION_NOTES_CHARS,
};

use super::Tracker;
use super::status_select::StatusSelect;
use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::INPUT;
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::state::Toasts;

/// What the panel says after a save was refused because the application changed elsewhere.
pub const CHANGED_ELSEWHERE: &str =
    "This application was changed elsewhere, so it has been reloaded. Make your change again.";

/// `text` trimmed, or `None` when nothing is left (the API stores empty text as absent).
fn optional(text: &RwSignal<String>) -> Option<String> {
    let text = text.get_untracked();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The editable fields of one application.
#[component]
pub fn ApplicationForm(
    /// The application as loaded.
    application: ApplicationResponse,
    /// The page's shared state: a save (or a refused one) makes everything load again.
    tracker: Tracker,
    /// The panel's message, which outlives the form's reload.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let text = |value: &Option<String>| RwSignal::new(value.clone().unwrap_or_default());
    let status = RwSignal::new(application.status);
    let applied_on = text(&application.applied_on);
    let posting_url = text(&application.posting_url);
    let contact = text(&application.contact);
    let next_step = text(&application.next_step);
    let next_step_on = text(&application.next_step_on);
    let notes = text(&application.notes);
    let error = RwSignal::new(None::<ApiError>);
    let resume_id = application.resume_id;
    let version = application.version;
    let save = ApiAction::new(move |fields: &ApplicationFields| {
        let (id, fields) = (resume_id.clone(), fields.clone());
        async move {
            match api.update_application(&id, version, fields).await {
                Ok(_) => {
                    toasts.success("Application saved.");
                    tracker.changed();
                }
                Err(refused) if refused.is("version_conflict") => {
                    notice.set(Some(CHANGED_ELSEWHERE.to_owned()));
                    tracker.changed();
                }
                // Shown in the form: under the fields, or as the form's message.
                Err(refused) => error.set(Some(refused)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        error.set(None);
        save.dispatch(ApplicationFields {
            status: status.get_untracked(),
            applied_on: optional(&applied_on),
            posting_url: optional(&posting_url),
            contact: optional(&contact),
            next_step: optional(&next_step),
            next_step_on: optional(&next_step_on),
            notes: optional(&notes),
        });
    };
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    let notes_error = field("notes");
    view! {
        <form novalidate data-testid="application-form" class="flex flex-col gap-3" on:submit=on_submit>
            <div>
                <StatusSelect id="application-status" status=status />
            </div>
            <TextField id="application-applied-on" label="Applied on" value=applied_on input_type="date" error=field("applied_on") />
            <TextField
                id="application-posting-url"
                label="Job posting"
                value=posting_url
                input_type="url"
                placeholder="https://…"
                error=field("posting_url")
            />
            <TextField id="application-contact" label="Contact" value=contact error=field("contact") />
            <TextField
                id="application-next-step"
                label="Next step"
                value=next_step
                placeholder="For example: phone screen"
                error=field("next_step")
            />
            <TextField id="application-next-step-on" label="Next step on" value=next_step_on input_type="date" error=field("next_step_on") />
            <div>
                <label for="application-notes" class="block text-sm font-medium text-slate-800">"Notes"</label>
                <textarea
                    id="application-notes"
                    data-testid="application-notes"
                    rows="4"
                    maxlength=MAX_APPLICATION_NOTES_CHARS.to_string()
                    class=format!("mt-1 {INPUT}")
                    aria-invalid=move || notes_error.get().is_some().then_some("true")
                    aria-describedby=move || notes_error.get().map(|_| "application-notes-error")
                    bind:value=notes
                ></textarea>
                {move || notes_error.get().map(|message| view! {
                    <p id="application-notes-error" data-testid="application-notes-error" class="mt-1 text-sm text-red-700">{message}</p>
                })}
            </div>
            <FormError message=form_error testid="application-form-error" />
            <div>
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() testid="application-save" />
            </div>
        </form>
    }
}
