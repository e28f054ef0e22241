//! The export dialog: format, preset, what to include and a month range. The download is a
//! plain link to `GET /resumes/{id}/export` (the session cookie goes with it), so the browser
//! saves the file under the server's name; the choice is remembered on the resume with
//! `PUT /resumes/{id}/export-preferences`, one request at a time so that the last choice is the
//! one kept.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use leptos::prelude::*;
use resume_shared::api::resumes::ExportPreferences;

use super::state::EditorState;
use crate::api::AuthedApi;
use crate::api::editing::export_url;
use crate::components::modal::Modal;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, INPUT};
use crate::latest_wins::LatestWins;
use crate::state::Toasts;

/// The formats: API value and label.
pub const FORMATS: [(&str, &str); 3] = [
    ("markdown", "Markdown"),
    ("docx-ats", "Word, ATS-friendly"),
    ("docx-plain", "Word, plain"),
];

/// The presets: API value and label.
pub const PRESETS: [(&str, &str); 2] = [
    ("general", "General"),
    ("executive_summary", "Executive summary"),
];

/// The options used when the resume has none remembered.
#[must_use]
pub fn default_preferences() -> ExportPreferences {
    ExportPreferences {
        format: "docx-ats".to_owned(),
        preset: "general".to_owned(),
        from: None,
        to: None,
        include_projects: true,
        projects_first: false,
        include_education: true,
    }
}

/// The query of a download with `preferences`.
#[must_use]
pub fn export_params(preferences: &ExportPreferences) -> Vec<(&'static str, String)> {
    let mut params = vec![
        ("format", preferences.format.clone()),
        ("preset", preferences.preset.clone()),
        ("include_projects", preferences.include_projects.to_string()),
        ("projects_first", preferences.projects_first.to_string()),
        (
            "include_education",
            preferences.include_education.to_string(),
        ),
    ];
    if let Some(from) = &preferences.from {
        params.push(("from", from.clone()));
    }
    if let Some(to) = &preferences.to {
        params.push(("to", to.clone()));
    }
    params
}

/// What is wrong with the range, if anything (`YYYY-MM` compares as text).
#[must_use]
pub fn range_problem(preferences: &ExportPreferences) -> Option<&'static str> {
    match (&preferences.from, &preferences.to) {
        (Some(from), Some(to)) if to < from => Some("The range ends before it starts."),
        _ => None,
    }
}

fn choice(
    draft: RwSignal<ExportPreferences>,
    id: &'static str,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    get: fn(&ExportPreferences) -> String,
    set: fn(&mut ExportPreferences, String),
) -> impl IntoView {
    let current = draft.with_untracked(get);
    view! {
        <div>
            <label for=id class="block text-sm font-medium text-slate-800">{label}</label>
            <select
                id=id
                data-testid=id
                class=format!("mt-1 {INPUT}")
                prop:value=move || draft.with(get)
                on:change=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
            >
                {options
                    .iter()
                    .map(|(value, text)| view! { <option value=*value selected=current == *value>{*text}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

fn flag(
    draft: RwSignal<ExportPreferences>,
    id: &'static str,
    label: &'static str,
    get: fn(&ExportPreferences) -> bool,
    set: fn(&mut ExportPreferences, bool),
) -> impl IntoView {
    view! {
        <div class="flex items-center gap-2">
            <input
                id=id
                data-testid=id
                type="checkbox"
                class="h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
                prop:checked=move || draft.with(get)
                on:change=move |ev| draft.update(|d| set(d, event_target_checked(&ev)))
            />
            <label for=id class="text-sm text-slate-800">{label}</label>
        </div>
    }
}

fn range_month(
    draft: RwSignal<ExportPreferences>,
    id: &'static str,
    label: &'static str,
    get: fn(&ExportPreferences) -> Option<String>,
    set: fn(&mut ExportPreferences, Option<String>),
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="block text-sm font-medium text-slate-800">{label}</label>
            <input
                id=id
                data-testid=id
                type="month"
                placeholder="YYYY-MM"
                class=format!("mt-1 {INPUT}")
                prop:value=move || draft.with(get).unwrap_or_default()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| set(d, (!value.is_empty()).then_some(value)));
                }
            />
        </div>
    }
}

/// The export options' queue of writes. Every change of it is one call, so even a poisoned lock
/// holds a whole state.
fn locked(
    queue: &Mutex<LatestWins<ExportPreferences>>,
) -> MutexGuard<'_, LatestWins<ExportPreferences>> {
    queue.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Stores `preferences` with `send` through `queue`: at once when nothing is on its way, else
/// after the request on its way is answered (see [`LatestWins`]).
fn remember_in_order<F, Fut>(
    queue: &Arc<Mutex<LatestWins<ExportPreferences>>>,
    preferences: ExportPreferences,
    send: F,
) where
    F: Fn(ExportPreferences) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let Some(first) = locked(queue).offer(preferences) else {
        return;
    };
    let queue = Arc::clone(queue);
    leptos::task::spawn_local(async move {
        let mut next = Some(first);
        while let Some(preferences) = next {
            send(preferences).await;
            next = locked(&queue).finished();
        }
    });
}

/// The export dialog.
#[component]
pub fn ExportDialog(
    /// The open resume.
    state: EditorState,
    /// Closes it.
    on_close: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let initial = state.saved.with_untracked(|saved| {
        saved
            .export_preferences
            .clone()
            .unwrap_or_else(default_preferences)
    });
    let draft = RwSignal::new(initial);
    let id = state.id();
    let href = {
        let id = id.clone();
        move || draft.with(|d| export_url(&id, &export_params(d)))
    };
    let queue = Arc::new(Mutex::new(LatestWins::default()));
    let remember = move || {
        let id = id.clone();
        remember_in_order(&queue, draft.get_untracked(), move |preferences| {
            let id = id.clone();
            async move {
                match api.save_export_preferences(&id, &preferences).await {
                    Ok(stored) => {
                        let _ = state
                            .saved
                            .try_update(|saved| saved.export_preferences = Some(stored));
                    }
                    Err(error) => toasts.api_error(&error),
                }
            }
        });
    };
    let problem = move || draft.with(range_problem);
    view! {
        <Modal title="Export" testid="export-dialog" on_close=on_close>
            <div class="grid gap-3 sm:grid-cols-2">
                {choice(draft, "export-format", "Format", &FORMATS, |d| d.format.clone(), |d, v| d.format = v)}
                {choice(draft, "export-preset", "Preset", &PRESETS, |d| d.preset.clone(), |d, v| d.preset = v)}
                {range_month(draft, "export-from", "From", |d| d.from.clone(), |d, v| d.from = v)}
                {range_month(draft, "export-to", "To", |d| d.to.clone(), |d, v| d.to = v)}
            </div>
            <div class="mt-3 space-y-2">
                {flag(draft, "export-include-projects", "Include projects", |d| d.include_projects, |d, v| d.include_projects = v)}
                {flag(draft, "export-projects-first", "Projects before the work history", |d| d.projects_first, |d, v| d.projects_first = v)}
                {flag(draft, "export-include-education", "Include education", |d| d.include_education, |d, v| d.include_education = v)}
            </div>
            {move || problem().map(|message| view! { <p role="alert" data-testid="export-error" class="mt-3 text-sm text-red-700">{message}</p> })}
            <div class="mt-5 flex flex-wrap justify-end gap-2">
                <button type="button" class=BUTTON_SECONDARY data-testid="export-close" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
                <Show
                    when=move || problem().is_none()
                    fallback=|| view! { <button type="button" class=BUTTON_PRIMARY disabled=true>"Download"</button> }
                >
                    <a
                        class=BUTTON_PRIMARY
                        data-testid="export-download"
                        href=href.clone()
                        download=""
                        on:click={
                            let remember = remember.clone();
                            move |_| remember()
                        }
                    >
                        "Download"
                    </a>
                </Show>
            </div>
        </Modal>
    }
}
