//! How every section panel reads and writes its own fragment: read when the panel opens and
//! again when the resume changed in a way the panels did not make; one write at a time, its
//! answer (the fragment and the new version) taken by the panel alone; a refused stale version
//! answered by every panel reading its fragment again, while an open item form keeps what the
//! user typed.

use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::editing::{Fragment, SectionCall, VERSION_CONFLICT, read_fragment};
use crate::api::{ApiError, AuthedApi};
use crate::pages::editor::state::EditorState;
use crate::state::Toasts;

/// What a form needs to write. Cheap to copy; made while the component is set up (context is
/// read there, not in event handlers).
#[derive(Debug, Clone, Copy)]
pub struct FormWriter {
    /// The open resume.
    pub state: EditorState,
    /// The API client.
    pub api: AuthedApi,
    toasts: Toasts,
    /// Whether a write runs.
    pub busy: RwSignal<bool>,
    /// Whether the fragment has been read.
    pub loaded: RwSignal<bool>,
    /// The version this panel's last write answered: a read that was on its way meanwhile
    /// answers an older fragment, which is not taken.
    written: RwSignal<i64>,
    /// The last write's error.
    pub error: RwSignal<Option<String>>,
}

impl FormWriter {
    /// A writer for one form of `state`.
    #[must_use]
    pub fn new(state: EditorState) -> Self {
        Self {
            state,
            api: AuthedApi::expect(),
            toasts: Toasts::expect(),
            busy: RwSignal::new(false),
            loaded: RwSignal::new(false),
            written: RwSignal::new(0),
            error: RwSignal::new(None),
        }
    }

    /// Whether the form may write now: its fragment read, nothing running and no unsaved text
    /// (tracked).
    #[must_use]
    pub fn blocked(&self) -> bool {
        self.busy.get() || !self.loaded.get() || self.state.dirty()
    }

    /// Reads the panel's fragment with the call `read` makes, now and again whenever the
    /// resume changed in a way the panels did not make; `take` receives it.
    pub fn load<R>(
        self,
        read: impl Fn() -> SectionCall + 'static,
        take: impl Fn(R) + Copy + 'static,
    ) where
        R: Fragment + DeserializeOwned + 'static,
    {
        let written = self.written;
        let reader: Reader = Rc::new(move |text| {
            let fragment = read_fragment::<R>(text)?;
            let version = fragment.version();
            // A read on its way while this panel wrote answers an older fragment: not taken.
            if version >= written.try_get_untracked().unwrap_or_default() {
                take(fragment);
            }
            Ok(version)
        });
        load_fragment(self, Box::new(read), reader);
    }

    /// Sends one write; `done` receives the answer (the fragment as written) after a success.
    pub fn run<R>(self, call: SectionCall, done: impl FnOnce(R) + 'static)
    where
        R: Fragment + DeserializeOwned + 'static,
    {
        let written = self.written;
        let reader: WriteReader = Box::new(move |text| {
            let fragment = read_fragment::<R>(text)?;
            let version = fragment.version();
            let _ = written.try_set(version);
            done(fragment);
            Ok(version)
        });
        run_write(self, call, reader);
    }
}

/// Reads a fragment's answer into its panel; answers the fragment's version. Boxed, so that
/// [`load_fragment`] and [`run_write`] (all the asynchronous code) exist once, not once per
/// fragment type and panel.
type Reader = Rc<dyn Fn(&str) -> Result<i64, ApiError>>;

/// [`Reader`] for one write's answer.
type WriteReader = Box<dyn FnOnce(&str) -> Result<i64, ApiError>>;

fn load_fragment(writer: FormWriter, read: Box<dyn Fn() -> SectionCall>, reader: Reader) {
    let FormWriter {
        state,
        api,
        loaded,
        error,
        ..
    } = writer;
    Effect::new(move |_| {
        state.reloads.track();
        let call = read();
        let reader = Rc::clone(&reader);
        leptos::task::spawn_local(async move {
            match api.send_section(call).await.and_then(|text| reader(&text)) {
                Ok(version) => {
                    let _ = loaded.try_set(true);
                    state.seen(version);
                }
                Err(failure) => {
                    let _ = error.try_set(Some(format!(
                        "This section could not be read: {}",
                        failure.message
                    )));
                }
            }
        });
    });
}

fn run_write(writer: FormWriter, call: SectionCall, reader: WriteReader) {
    let FormWriter {
        state,
        api,
        toasts,
        busy,
        error,
        ..
    } = writer;
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let result = api.send_section(call).await.and_then(|text| reader(&text));
        let _ = busy.try_set(false);
        match result {
            Ok(version) => {
                state.advance(version);
                toasts.success("Saved.");
            }
            Err(failure) if failure.is(VERSION_CONFLICT) => {
                state.changed_elsewhere();
                let _ = error.try_set(Some(
                    "This resume was changed elsewhere. The latest version is loaded; check and save again."
                        .to_owned(),
                ));
            }
            Err(failure) => {
                let message = if failure.fields.is_empty() {
                    failure.message.clone()
                } else {
                    failure
                        .fields
                        .values()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                toasts.api_error(&failure);
                let _ = error.try_set(Some(message));
            }
        }
    });
}

/// The error of a form, if any.
#[component]
pub fn FormError(
    /// The message.
    error: RwSignal<Option<String>>,
    /// The test id.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p role="alert" data-testid=testid.clone() class="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
                    {message}
                </p>
            }
        })
    }
}
