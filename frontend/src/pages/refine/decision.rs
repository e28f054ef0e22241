//! What to do with a finished job: Save as new (a tailored resume linked to the base, with
//! name, company and notes; the primary choice, since it loses nothing), Replace the base resume
//! (the accepted roles overwrite it, after a confirmation that says what is replaced; the
//! previous text stays in its history), or Discard.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use resume_shared::api::refinements::{ApplyMode, ApplyRefinementRequest};

use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::modal::Modal;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT};
use crate::routes::Page;
use crate::state::Toasts;

/// What the new tailored resume is called by default: the base's name and the company.
#[must_use]
pub fn default_name(base: &str, company: Option<&str>) -> String {
    match company.map(str::trim).filter(|c| !c.is_empty()) {
        Some(company) => format!("{base} – {company}"),
        None => format!("{base} (tailored)"),
    }
}

/// The apply request for `mode`.
#[must_use]
pub fn apply_request(
    mode: ApplyMode,
    accepted_roles: Vec<usize>,
    use_introduction: bool,
    name: &str,
    company: &str,
    notes: &str,
) -> ApplyRefinementRequest {
    let optional = |text: &str| {
        let text = text.trim();
        (mode == ApplyMode::New && !text.is_empty()).then(|| text.to_owned())
    };
    ApplyRefinementRequest {
        mode,
        accepted_roles,
        use_introduction: Some(use_introduction),
        name: optional(name),
        company: optional(company),
        notes: optional(notes),
    }
}

/// The defaults of the "Save as new" dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewResumeDefaults {
    /// The base resume's name.
    pub base_name: String,
    /// The company given, else the one the analysis found.
    pub company: Option<String>,
    /// The notes given.
    pub notes: Option<String>,
}

/// What replacing the base resume named `base` changes, for the confirmation.
#[must_use]
pub fn replace_consequence(base: &str, accepted: usize, use_introduction: bool) -> String {
    let roles = crate::format::count(accepted as u64, "role", "roles");
    let banner = if use_introduction {
        ", and the introduction as its banner,"
    } else {
        ""
    };
    format!(
        "“{base}” gets the refined text of the {roles} you accepted{banner} as a new version. \
         Every other role keeps its text; the current text stays in the history."
    )
}

/// The decision bar, the "Save as new" dialog and the confirmation before replacing the base.
#[component]
pub fn DecisionBar(
    /// The job.
    #[prop(into)]
    job_id: String,
    /// The base resume.
    #[prop(into)]
    resume_id: String,
    /// The roles whose refinement is kept.
    #[prop(into)]
    accepted_roles: Signal<Vec<usize>>,
    /// Whether there is an introduction to use.
    #[prop(into)]
    has_introduction: Signal<bool>,
    /// The dialog's defaults.
    #[prop(into)]
    defaults: Signal<NewResumeDefaults>,
    /// Discards the job (back to the form).
    on_discard: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let navigate = use_navigate();
    let use_introduction = RwSignal::new(true);
    let saving_new = RwSignal::new(false);
    let replacing = RwSignal::new(false);
    let apply = ApiAction::new(move |request: &ApplyRefinementRequest| {
        let request = request.clone();
        let job_id = job_id.clone();
        let resume_id = resume_id.clone();
        let navigate = navigate.clone();
        async move {
            let written = api.apply_refinement(&job_id, &request).await?;
            match request.mode {
                ApplyMode::Overwrite => {
                    toasts.success("The refinement replaced the base resume; its previous text is in the history.");
                    navigate(&Page::Resume(resume_id).path(), Default::default());
                }
                ApplyMode::New => {
                    toasts.success(format!("Saved the tailored resume “{}”.", written.name));
                    navigate(&Page::Resume(written.id).path(), Default::default());
                }
            }
            Ok::<(), ApiError>(())
        }
    });
    let error = move || apply.value().and_then(Result::err);
    let bar_error = Signal::derive(move || {
        (!saving_new.get())
            .then(error)
            .flatten()
            .map(|error| error.message)
    });
    let replace = move || {
        apply.dispatch(apply_request(
            ApplyMode::Overwrite,
            accepted_roles.get_untracked(),
            use_introduction.get_untracked(),
            "",
            "",
            "",
        ));
    };
    view! {
        <section class=format!("{CARD} space-y-3") aria-labelledby="refine-decision-title" data-testid="refine-decision">
            <h2 id="refine-decision-title" class="text-lg font-semibold">"Use the result"</h2>
            <p class="text-sm text-slate-700" data-testid="refine-accepted-count">
                {move || {
                    let n = accepted_roles.read().len();
                    format!("{} with the refined text; every other role keeps its original text.", crate::format::count(n as u64, "role", "roles"))
                }}
            </p>
            <Show when=move || has_introduction.get()>
                <label class="flex items-center gap-2 text-sm text-slate-800">
                    <input type="checkbox" data-testid="refine-use-introduction" class="h-4 w-4 rounded border-slate-300" bind:checked=use_introduction />
                    "Use the introduction as the banner"
                </label>
            </Show>
            <FormError message=bar_error testid="refine-apply-error" />
            <div class="flex flex-wrap gap-2">
                <button type="button" class=BUTTON_PRIMARY data-testid="refine-save-new" disabled=move || apply.pending().get() on:click=move |_| saving_new.set(true)>
                    "Save as new…"
                </button>
                <button type="button" class=BUTTON_SECONDARY data-testid="refine-accept" disabled=move || apply.pending().get() on:click=move |_| replacing.set(true)>
                    "Replace the base resume…"
                </button>
                <button type="button" class=BUTTON_SECONDARY data-testid="refine-discard" disabled=move || apply.pending().get() on:click=move |_| on_discard.run(())>
                    "Discard"
                </button>
            </div>
            <Show when=move || replacing.get()>
                <ConfirmDialog
                    title="Replace the base resume?"
                    confirm_label="Replace"
                    pending=apply.pending()
                    on_confirm=Callback::new(move |()| replace())
                    on_cancel=Callback::new(move |()| replacing.set(false))
                    testid="refine-accept-dialog"
                >
                    <p data-testid="refine-accept-consequence">
                        {move || replace_consequence(
                            &defaults.read().base_name,
                            accepted_roles.read().len(),
                            has_introduction.get() && use_introduction.get(),
                        )}
                    </p>
                    <p>"To keep the base resume as it is, save the result as a new resume instead."</p>
                    <FormError message=bar_error testid="refine-accept-error" />
                </ConfirmDialog>
            </Show>
            <Show when=move || saving_new.get()>
                <SaveNewDialog
                    defaults=defaults.get_untracked()
                    pending=apply.pending()
                    error=Signal::derive(move || error().map(|e| e.message))
                    on_save=Callback::new(move |(name, company, notes): (String, String, String)| {
                        apply.dispatch(apply_request(
                            ApplyMode::New,
                            accepted_roles.get_untracked(),
                            use_introduction.get_untracked(),
                            &name,
                            &company,
                            &notes,
                        ));
                    })
                    on_close=Callback::new(move |()| saving_new.set(false))
                />
            </Show>
        </section>
    }
}

/// Name, company and notes of the new tailored resume.
#[component]
fn SaveNewDialog(
    defaults: NewResumeDefaults,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Name, company, notes.
    on_save: Callback<(String, String, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(default_name(
        &defaults.base_name,
        defaults.company.as_deref(),
    ));
    let company = RwSignal::new(defaults.company.clone().unwrap_or_default());
    let notes = RwSignal::new(defaults.notes.clone().unwrap_or_default());
    view! {
        <Modal title="Save as a new tailored resume" testid="save-new-dialog" on_close=on_close busy=pending>
            <form
                novalidate
                class="space-y-3"
                on:submit=move |ev| {
                    ev.prevent_default();
                    on_save.run((name.get_untracked(), company.get_untracked(), notes.get_untracked()));
                }
            >
                <TextField id="save-new-name" label="Name" value=name />
                <TextField id="save-new-company" label="Company" value=company />
                <div>
                    <label for="save-new-notes" class="block text-sm font-medium text-slate-800">"Notes"</label>
                    <textarea id="save-new-notes" data-testid="save-new-notes" rows="3" class=format!("mt-1 {INPUT}") bind:value=notes></textarea>
                </div>
                <FormError message=error testid="save-new-error" />
                <div class="flex flex-wrap justify-end gap-2">
                    <button type="button" class=BUTTON_SECONDARY data-testid="save-new-cancel" disabled=pending on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <SubmitButton label="Save" pending_label="Saving…" pending=pending testid="save-new-submit" />
                </div>
            </form>
        </Modal>
    }
}
