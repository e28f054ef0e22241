//! Validation as the user types: a debounced `POST /resumes/validate` of the text, and the list
//! of its errors and warnings, each of which moves the cursor to its line.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use resume_shared::markdown::Diagnostic;

use super::code_editor::jump_to_line;
use super::state::{EditorState, Validation};
use crate::api::AuthedApi;

/// How long typing must pause before the text is validated.
pub const VALIDATE_DEBOUNCE: Duration = Duration::from_millis(300);

/// Validates the text whenever it changes and typing pauses; only the answer to the latest
/// request is kept.
pub fn watch_validation(state: EditorState, api: AuthedApi) {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let sequence = StoredValue::new(0_u64);
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });
    Effect::new(move |_| {
        let text = state.draft.get();
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        sequence.update_value(|n| *n += 1);
        let ticket = sequence.get_value();
        let unchanged = state.saved.with_untracked(|saved| saved.content == text);
        if unchanged {
            // The saved text: the server's own findings hold.
            let validation = state.saved.with_untracked(Validation::of_saved);
            state.validation.set(validation);
            return;
        }
        state.validation.update(|v| v.checking = true);
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    let result = api.validate_resume(&text).await;
                    if sequence.try_get_value() != Some(ticket) {
                        return;
                    }
                    match result {
                        Ok(answer) => {
                            let _ = state.validation.try_update(|v| {
                                v.errors = answer.errors;
                                v.error_count = answer.error_count;
                                v.warnings = answer.warnings;
                                v.warning_count = answer.warning_count;
                                if let Some(resume) = answer.resume {
                                    v.resume = resume;
                                }
                                v.checking = false;
                            });
                        }
                        Err(_) => {
                            let _ = state.validation.try_update(|v| v.checking = false);
                        }
                    }
                });
            },
            VALIDATE_DEBOUNCE,
        )
        .ok();
        timer.set_value(handle);
    });
}

/// One finding as a button that moves the cursor to its line.
fn diagnostic_item(
    diagnostic: Diagnostic,
    severity: &'static str,
    textarea: NodeRef<html::Textarea>,
) -> impl IntoView {
    let line = diagnostic.line;
    let (testid, tone, label) = if severity == "error" {
        (
            "diagnostic-error",
            "border-red-200 bg-red-50 text-red-900 hover:bg-red-100",
            "Error",
        )
    } else {
        (
            "diagnostic-warning",
            "border-amber-200 bg-amber-50 text-amber-900 hover:bg-amber-100",
            "Warning",
        )
    };
    view! {
        <li>
            <button
                type="button"
                data-testid=testid
                data-line=line.to_string()
                class=format!("w-full rounded-md border px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-indigo-600 {tone}")
                on:click=move |_| {
                    if let Some(area) = textarea.get_untracked() {
                        jump_to_line(&area, line);
                    }
                }
            >
                <span class="font-semibold">{format!("{label}, line {line}: ")}</span>
                <span class="break-words">{diagnostic.located_message()}</span>
            </button>
        </li>
    }
}

/// The status of the text and its findings.
#[component]
pub fn DiagnosticList(
    /// The latest validation.
    #[prop(into)]
    validation: Signal<Validation>,
    /// The text area the findings point into.
    textarea: NodeRef<html::Textarea>,
) -> impl IntoView {
    let status = move || {
        validation.with(|v| {
            if v.checking {
                "Checking…".to_owned()
            } else if v.error_count == 0 && v.warning_count == 0 {
                "No problems found.".to_owned()
            } else {
                let errors = crate::format::count(v.error_count, "error", "errors");
                let warnings = crate::format::count(v.warning_count, "warning", "warnings");
                format!("{errors}, {warnings}.")
            }
        })
    };
    view! {
        <section aria-labelledby="diagnostics-title" class="space-y-2">
            <h2 id="diagnostics-title" class="text-sm font-semibold text-slate-800">"Problems"</h2>
            <p data-testid="validation-status" role="status" class="text-sm text-slate-600">{status}</p>
            <ul data-testid="diagnostics" class="space-y-1">
                {move || {
                    let v = validation.get();
                    let errors = v.errors.into_iter().map(|d| diagnostic_item(d, "error", textarea).into_any());
                    let warnings = v.warnings.into_iter().map(|d| diagnostic_item(d, "warning", textarea).into_any());
                    errors.chain(warnings).collect_view()
                }}
            </ul>
            // The server lists the first findings of each kind; the count covers the rest.
            {move || {
                let unlisted = validation.with(Validation::unlisted);
                (unlisted > 0).then(|| view! {
                    <p data-testid="diagnostics-more" class="text-sm text-slate-600">
                        {format!("… and {unlisted} more.")}
                    </p>
                })
            }}
        </section>
    }
}
