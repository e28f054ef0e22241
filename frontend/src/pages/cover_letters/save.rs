//! Saving the letter: the Save button's rules (something changed, a name, not already saving),
//! Ctrl/Cmd+S, the server's field errors shown at their fields, and a 409 (the letter changed
//! elsewhere) turned into the newer version loaded with a way to put the user's text back.

use leptos::prelude::*;

use super::state::{LetterFields, LetterState};
use crate::api::editing::VERSION_CONFLICT;
use crate::api::{ApiError, AuthedApi};
use crate::state::Toasts;

/// The save machinery of one letter editor. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct LetterSaver {
    state: LetterState,
    api: AuthedApi,
    toasts: Toasts,
    /// Whether a save runs.
    pub pending: RwSignal<bool>,
    /// The last save's refusal for invalid fields.
    pub error: RwSignal<Option<ApiError>>,
    /// After a 409: the user's fields, kept while the newer version is shown.
    pub conflict: RwSignal<Option<LetterFields>>,
    /// Whether a save succeeded since the letter opened.
    pub saved_once: RwSignal<bool>,
}

impl LetterSaver {
    /// The saver of `state`.
    #[must_use]
    pub fn new(state: LetterState, api: AuthedApi, toasts: Toasts) -> Self {
        Self {
            state,
            api,
            toasts,
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
            conflict: RwSignal::new(None),
            saved_once: RwSignal::new(false),
        }
    }

    /// What is wrong with the name before it is sent (tracked).
    #[must_use]
    pub fn name_problem(&self) -> Option<String> {
        self.state
            .name
            .with(|name| name.trim().is_empty())
            .then(|| "The name must not be empty.".to_owned())
    }

    /// The server's complaint about `field` at the last save (tracked).
    #[must_use]
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .with(|error| error.as_ref().and_then(|error| error.field(field)))
    }

    /// Whether saving is possible now (tracked).
    #[must_use]
    pub fn can_save(&self) -> bool {
        self.state.dirty() && !self.pending.get() && self.name_problem().is_none()
    }

    /// Saves the changes if allowed.
    pub fn save(self) {
        if !untrack(|| self.can_save()) {
            return;
        }
        let state = self.state;
        let Some(request) = untrack(|| state.changes()) else {
            return;
        };
        let sent = state.fields_untracked();
        let id = state.id();
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = self.api.update_cover_letter(&id, &request).await;
            let _ = self.pending.try_set(false);
            match result {
                Ok(letter) => {
                    // `try_`: the page may be gone by now.
                    let typed_meanwhile = state
                        .saved
                        .try_with_untracked(|_| state.fields_untracked() != sent)
                        .unwrap_or(false);
                    if typed_meanwhile {
                        state.take_saved(letter);
                    } else {
                        state.apply(letter);
                    }
                    let _ = self.error.try_set(None);
                    let _ = self.conflict.try_set(None);
                    let _ = self.saved_once.try_set(true);
                    self.toasts.success("Saved.");
                }
                Err(error) if error.is(VERSION_CONFLICT) => self.reload_after_conflict(&id).await,
                Err(error) if !error.fields.is_empty() => {
                    let _ = self.error.try_set(Some(error));
                }
                Err(error) => self.toasts.api_error(&error),
            }
        });
    }

    /// Loads the newer version; the user's fields are kept for [`Self::restore_mine`].
    async fn reload_after_conflict(self, id: &str) {
        match self.api.get_cover_letter(id).await {
            Ok(theirs) => {
                if self.state.saved.try_with_untracked(|_| ()).is_none() {
                    return;
                }
                let mine = self.state.fields_untracked();
                self.state.apply(theirs);
                let _ = self.error.try_set(None);
                let _ = self.conflict.try_set(Some(mine));
            }
            Err(error) => self.toasts.api_error(&error),
        }
    }

    /// After a conflict: puts the user's fields back over the newer version, unsaved.
    pub fn restore_mine(self) {
        if let Some(mine) = self.conflict.get_untracked() {
            self.conflict.set(None);
            self.state.edit(mine);
        }
    }
}

/// Ctrl+S or Cmd+S saves (instead of the browser's "save page").
pub fn save_on_shortcut(saver: LetterSaver) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && (key == "s" || key == "S") {
            ev.prevent_default();
            saver.save();
        }
    });
    on_cleanup(move || handle.remove());
}
