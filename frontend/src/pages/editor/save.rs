//! Saving the text and name: the save button's rules (something changed, no errors, not
//! already saving), Ctrl/Cmd+S, and a 409 turned into a choice instead of a loss: the newer
//! version is fetched and shown, and the user keeps theirs (written over it) or loads it.

use leptos::prelude::*;
use resume_shared::api::resumes::{ResumeResponse, UpdateResumeRequest};

use super::state::EditorState;
use crate::api::AuthedApi;
use crate::api::editing::VERSION_CONFLICT;
use crate::components::modal::Modal;
use crate::components::spinner::Spinner;
use crate::components::unified_diff::UnifiedDiff;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY};
use crate::diff::line_diff;
use crate::format::local_time;
use crate::state::Toasts;

/// The save machinery of one editor. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Saver {
    state: EditorState,
    api: AuthedApi,
    toasts: Toasts,
    /// Whether a save runs.
    pub pending: RwSignal<bool>,
    /// The newer version found by a save that was refused with 409.
    pub conflict: RwSignal<Option<ResumeResponse>>,
}

impl Saver {
    /// The saver of `state`.
    #[must_use]
    pub fn new(state: EditorState, api: AuthedApi, toasts: Toasts) -> Self {
        Self {
            state,
            api,
            toasts,
            pending: RwSignal::new(false),
            conflict: RwSignal::new(None),
        }
    }

    /// Whether saving is possible now (tracked).
    #[must_use]
    pub fn can_save(&self) -> bool {
        self.state.dirty()
            && !self.state.behind()
            && !self.pending.get()
            && self
                .state
                .validation
                .with(|v| v.errors.is_empty() && !v.checking)
            && !self.state.name.with(|name| name.trim().is_empty())
    }

    /// Saves the text and name if allowed.
    pub fn save(self) {
        if !untrack(|| self.can_save()) {
            return;
        }
        let state = self.state;
        let id = state.id();
        let sent_content = state.draft.get_untracked();
        let sent_name = state.name.get_untracked();
        let request = state.saved.with_untracked(|saved| UpdateResumeRequest {
            version: saved.version,
            name: (sent_name != saved.name).then(|| sent_name.trim().to_owned()),
            content: (sent_content != saved.content).then(|| sent_content.clone()),
            ..UpdateResumeRequest::default()
        });
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = self.api.update_resume(&id, &request).await;
            let _ = self.pending.try_set(false);
            match result {
                Ok(resume) => {
                    let typed_meanwhile = state.draft.get_untracked() != sent_content
                        || state.name.get_untracked() != sent_name;
                    if typed_meanwhile {
                        state.take_saved(resume);
                    } else {
                        state.apply(resume);
                    }
                    self.toasts.success("Saved.");
                }
                Err(error) if error.is(VERSION_CONFLICT) => match self.api.get_resume(&id).await {
                    Ok(theirs) => {
                        let _ = self.conflict.try_set(Some(theirs));
                    }
                    Err(error) => self.toasts.api_error(&error),
                },
                Err(error) => self.toasts.api_error(&error),
            }
        });
    }

    /// Keeps the user's text: writes it over the newer version.
    pub fn keep_mine(self) {
        if let Some(theirs) = self.conflict.get_untracked() {
            self.conflict.set(None);
            // The text and name stay; only the version (and what they are compared with) moves.
            self.state.take_saved(theirs);
            self.save();
        }
    }

    /// Drops the user's text for the newer version.
    pub fn load_theirs(self) {
        if let Some(theirs) = self.conflict.get_untracked() {
            self.conflict.set(None);
            self.state.apply(theirs);
            self.toasts.success("The newer version is loaded.");
        }
    }
}

/// Ctrl+S or Cmd+S saves (instead of the browser's "save page").
pub fn save_on_shortcut(saver: Saver) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && (key == "s" || key == "S") {
            ev.prevent_default();
            saver.save();
        }
    });
    on_cleanup(move || handle.remove());
}

/// How the newer version's text differs from the user's (`mine`), line by line.
fn conflict_diff(mine: &str, theirs: &str, version: i64) -> impl IntoView {
    let title = format!("Your text → version {version}");
    let diff = line_diff(mine, theirs, "your text", &format!("version {version}"));
    view! {
        <h3 class="mt-3 text-sm font-semibold text-slate-800">{title}</h3>
        <p class="text-xs text-slate-600">"Lines starting with - are only in your text; lines starting with + only in the newer version."</p>
        <div class="mt-1">
            {match diff {
                Some(diff) => view! { <UnifiedDiff diff=diff testid="conflict-diff" same_text="The newer version has the same text as yours." /> }.into_any(),
                None => view! { <p class="text-sm text-slate-600">"The texts are too long to compare here; the newer version is shown in full below."</p> }.into_any(),
            }}
        </div>
    }
}

/// The choice after a refused save: how the newer version differs from the user's text, that
/// version in full, and two ways out.
#[component]
pub fn ConflictDialog(
    /// The saver whose conflict this is.
    saver: Saver,
) -> impl IntoView {
    move || {
        saver.conflict.get().map(|theirs| {
            let mine = saver.state.draft.get_untracked();
            view! {
                <Modal
                    title="This resume changed elsewhere"
                    testid="conflict-dialog"
                    on_close=Callback::new(move |()| saver.conflict.set(None))
                >
                    <p class="text-sm text-slate-700">
                        "Version " <span data-testid="conflict-version">{theirs.version}</span>
                        " was saved " {local_time(&theirs.updated_at)}
                        " in another tab or by someone else. Your text is still here, unsaved. Keep yours to write it over that version, or load that version instead (your changes are then discarded)."
                    </p>
                    {conflict_diff(&mine, &theirs.content, theirs.version)}
                    <details class="mt-3">
                        <summary class="cursor-pointer text-sm font-semibold text-slate-800">"The newer version in full"</summary>
                        <pre
                            data-testid="conflict-theirs"
                            tabindex="0"
                            class="mt-1 max-h-64 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs whitespace-pre text-slate-800"
                        >
                            {theirs.content.clone()}
                        </pre>
                    </details>
                    <div class="mt-4 flex flex-wrap justify-end gap-2">
                        <button
                            type="button"
                            class=BUTTON_SECONDARY
                            data-testid="conflict-load-theirs"
                            on:click=move |_| saver.load_theirs()
                        >
                            "Load the newer version"
                        </button>
                        <button
                            type="button"
                            class=BUTTON_PRIMARY
                            data-testid="conflict-keep-mine"
                            on:click=move |_| saver.keep_mine()
                        >
                            <Show when=move || saver.pending.get()>
                                <Spinner />
                            </Show>
                            "Keep mine"
                        </button>
                    </div>
                </Modal>
            }
        })
    }
}
