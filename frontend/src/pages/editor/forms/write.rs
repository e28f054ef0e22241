//! How every form writes: one request at a time, the answer taken into the editor state (so the
//! Markdown follows), and a refused stale version answered by loading the latest resume while
//! the form keeps what the user typed.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use resume_shared::api::resumes::ResumeResponse;

use crate::api::editing::VERSION_CONFLICT;
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
            error: RwSignal::new(None),
        }
    }

    /// Whether the form may write now: nothing running and no unsaved text (tracked).
    #[must_use]
    pub fn blocked(&self) -> bool {
        self.busy.get() || self.state.dirty()
    }

    /// Runs one write. `done` runs after a success.
    pub fn run<F>(self, request: F, done: impl FnOnce() + 'static)
    where
        F: Future<Output = Result<ResumeResponse, ApiError>> + 'static,
    {
        run_write(self, Box::pin(request), Box::new(done));
    }
}

/// A write's request, boxed: [`run_write`] exists once, not once per form and request.
type WriteRequest = Pin<Box<dyn Future<Output = Result<ResumeResponse, ApiError>>>>;

fn run_write(writer: FormWriter, request: WriteRequest, done: Box<dyn FnOnce()>) {
    let FormWriter {
        state,
        api,
        toasts,
        busy,
        error,
    } = writer;
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let result = request.await;
        let _ = busy.try_set(false);
        match result {
            Ok(resume) => {
                state.apply(resume);
                toasts.success("Saved.");
                done();
            }
            Err(failure) if failure.is(VERSION_CONFLICT) => {
                if let Ok(latest) = api.get_resume(&state.id()).await {
                    state.apply(latest);
                }
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
