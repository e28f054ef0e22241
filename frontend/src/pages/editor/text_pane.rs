//! The text pane: the name, the Markdown in the code editor with its problems beside it, the
//! save and discard buttons, and the live preview.

use leptos::html;
use leptos::prelude::*;

use super::code_editor::CodeEditor;
use super::preview::ResumePreview;
use super::save::Saver;
use super::state::EditorState;
use super::validation::DiagnosticList;
use crate::components::spinner::Spinner;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, INPUT};

/// The text pane of the editor.
#[component]
pub fn TextPane(
    /// The open resume.
    state: EditorState,
    /// Saves it.
    saver: Saver,
) -> impl IntoView {
    let textarea = NodeRef::<html::Textarea>::new();
    let name_error = move || {
        state
            .name
            .with(|name| name.trim().is_empty())
            .then_some("The name must not be empty.")
    };
    view! {
        <div class="grid gap-6 xl:grid-cols-2">
            <div class="min-w-0 space-y-4">
                <div>
                    <label for="editor-name-input" class="block text-sm font-medium text-slate-800">"Name"</label>
                    <input
                        id="editor-name-input"
                        data-testid="editor-name-input"
                        type="text"
                        class=format!("mt-1 {INPUT}")
                        maxlength="255"
                        aria-invalid=move || name_error().is_some().to_string()
                        prop:value=move || state.name.get()
                        on:input=move |ev| state.name.set(event_target_value(&ev))
                    />
                    {move || name_error().map(|message| view! { <p class="mt-1 text-sm text-red-700" data-testid="editor-name-error">{message}</p> })}
                </div>
                <div>
                    <label for="editor-text" class="block text-sm font-medium text-slate-800">"Markdown"</label>
                    <p id="editor-text-hint" class="text-xs text-slate-600">
                        "Tab indents; press Escape, then Tab, to leave the text. Ctrl+S (Cmd+S) saves."
                    </p>
                    <div class="mt-1">
                        <CodeEditor value=state.draft textarea=textarea id="editor-text" described_by="editor-text-hint" />
                    </div>
                </div>
                <div class="flex flex-wrap items-center gap-3">
                    <button
                        type="button"
                        class=BUTTON_PRIMARY
                        data-testid="editor-save"
                        disabled=move || !saver.can_save()
                        on:click=move |_| saver.save()
                    >
                        <Show when=move || saver.pending.get()>
                            <Spinner />
                        </Show>
                        "Save"
                    </button>
                    <button
                        type="button"
                        class=BUTTON_SECONDARY
                        data-testid="editor-discard"
                        disabled=move || !state.dirty() || saver.pending.get()
                        on:click=move |_| state.discard()
                    >
                        "Discard changes"
                    </button>
                    <span data-testid="save-state" class="text-sm text-slate-600" aria-live="polite">
                        {move || {
                            if state.validation.with(|v| !v.errors.is_empty()) {
                                "Fix the errors to save."
                            } else if state.dirty() {
                                "Unsaved changes"
                            } else {
                                "All changes saved"
                            }
                        }}
                    </span>
                </div>
                <DiagnosticList validation=state.validation textarea=textarea />
            </div>
            <ResumePreview
                resume=Signal::derive(move || state.validation.with(|v| v.resume.clone()))
                stale=Signal::derive(move || state.validation.with(|v| !v.errors.is_empty()))
            />
        </div>
    }
}
