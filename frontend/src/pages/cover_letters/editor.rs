//! The letter editor (`/cover-letters/{id}`): name, company and contact, the Markdown with a
//! live preview, Save (with the version it is based on), the fact guard's findings, downloads,
//! the revisions and Delete. Leaving with unsaved changes asks first, as in the resume editor.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use resume_shared::api::cover_letters::{CoverLetterResponse, MAX_LETTER_BYTES};

use super::delete::DeleteLetter;
use super::export::LetterExport;
use super::flags::{LetterFlags, flagged_terms};
use super::preview::LetterPreview;
use super::revisions::LetterRevisions;
use super::save::{LetterSaver, save_on_shortcut};
use super::state::LetterState;
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::TextField;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_SMALL, CARD, INPUT, LINK};
use crate::pages::editor::leave_guard::guard_unsaved_changes;
use crate::pages::set_title;
use crate::routes::Page;
use crate::state::Toasts;

/// The route's parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct LetterParams {
    /// The letter's id.
    pub id: Option<String>,
}

/// The letter screen.
#[component]
pub fn CoverLetterPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let params = use_params::<LetterParams>();
    let id = move || {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.id.clone())
            .unwrap_or_default()
    };
    let letter = ApiResource::new(move || {
        let id = id();
        async move { api.get_cover_letter(&id).await }
    });
    let body = move || {
        letter
            .get()
            .map(|result| result.map(|letter| view! { <LetterEditor letter=letter /> }))
    };
    view! {
        <div data-testid="letter-page">
            <p class="mb-4 text-sm">
                <A href=Page::CoverLetters.path() {..} class=LINK data-testid="letters-back">"← All cover letters"</A>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the letter…" /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| letter.refetch())
                        />
                    }
                }>{body}</ErrorBoundary>
            </Transition>
        </div>
    }
}

/// The editor of one loaded letter.
#[component]
fn LetterEditor(
    /// The letter as loaded.
    letter: CoverLetterResponse,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let letter_id = letter.id.clone();
    let state = LetterState::new(letter);
    let saver = LetterSaver::new(state, api, toasts);
    let deleted = RwSignal::new(false);
    save_on_shortcut(saver);
    guard_unsaved_changes(Signal::derive(move || !deleted.get() && state.dirty()));
    Effect::new(move |_| set_title(&state.saved.with(|saved| saved.name.clone())));

    let dirty = Signal::derive(move || state.dirty());
    let loaded_revision = RwSignal::new(None::<i64>);
    let save_state = move || {
        if saver.pending.get() {
            "Saving…"
        } else if dirty.get() {
            "Unsaved changes"
        } else if saver.saved_once.get() {
            "Saved"
        } else {
            ""
        }
    };
    let name_error =
        Signal::derive(move || saver.name_problem().or_else(|| saver.field_error("name")));
    let content_error = move || {
        let too_long = state.content.with(|text| text.len() > MAX_LETTER_BYTES);
        too_long
            .then(|| "The letter is too long (at most 50 KiB).".to_owned())
            .or_else(|| saver.field_error("content"))
    };
    let form_error = move || {
        saver
            .error
            .get()
            .filter(|error| {
                !["name", "company", "contact", "content"]
                    .iter()
                    .any(|field| error.fields.contains_key(*field))
            })
            .map(|error| error.message)
    };
    let resume_line = move || {
        let (resume, resume_name, job_title) = state.saved.with(|saved| {
            (
                Page::Resume(saved.resume_id.clone()).path(),
                saved.resume_name.clone(),
                saved.job_title.clone(),
            )
        });
        view! {
            <p class="text-sm break-words text-slate-600">
                "For the resume "
                <A href=resume.clone() {..} class=LINK data-testid="letter-resume-link">{resume_name}</A>
                {job_title.map(|title| view! { <span data-testid="letter-job-title">" · " {title}</span> })}
            </p>
        }
    };
    let conflict = move || {
        saver.conflict.get().map(|_| {
            let version = state.saved.with_untracked(|saved| saved.version);
            view! {
                <div role="alert" data-testid="letter-conflict" class="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                    <span>
                        {format!("This letter was changed elsewhere. Version {version} is loaded; your changes were not saved.")}
                    </span>
                    <button type="button" class=BUTTON_SMALL data-testid="letter-conflict-restore" on:click=move |_| saver.restore_mine()>
                        "Put my changes back"
                    </button>
                </div>
            }
        })
    };

    view! {
        <div class="mb-4 min-w-0">
            {resume_line}
            <h1 data-testid="letter-title" class="text-2xl font-semibold tracking-tight break-words text-slate-900">
                {move || state.saved.with(|saved| saved.name.clone())}
            </h1>
            <p class="text-xs text-slate-600">
                "Version " <span data-testid="letter-version">{move || state.saved.with(|saved| saved.version)}</span>
                <Show when=move || dirty.get()>
                    <span data-testid="letter-unsaved" class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">"Unsaved changes"</span>
                </Show>
            </p>
        </div>
        {conflict}
        <div class="grid gap-6 xl:grid-cols-2">
            <div class=format!("{CARD} min-w-0 space-y-4")>
                <TextField id="letter-edit-name" label="Name" value=state.name error=name_error />
                <div class="grid gap-4 sm:grid-cols-2">
                    <TextField
                        id="letter-edit-company"
                        label="Company"
                        value=state.company
                        error=Signal::derive(move || saver.field_error("company"))
                    />
                    <TextField
                        id="letter-edit-contact"
                        label="Contact"
                        value=state.contact
                        error=Signal::derive(move || saver.field_error("contact"))
                        hint="The person the letter greets."
                    />
                </div>
                <div>
                    <label for="letter-text" class="block text-sm font-medium text-slate-800">"Letter"</label>
                    <p id="letter-text-hint" class="text-xs text-slate-600">
                        "Markdown: a blank line between paragraphs, **bold**, *italic*, [links](https://…) and - bullets. Ctrl+S (Cmd+S) saves."
                    </p>
                    <textarea
                        id="letter-text"
                        data-testid="letter-text"
                        rows="22"
                        class=format!("mt-1 {INPUT} leading-6")
                        aria-describedby="letter-text-hint letter-text-error"
                        aria-invalid=move || content_error().is_some().then_some("true")
                        bind:value=state.content
                    ></textarea>
                    <p id="letter-text-error" data-testid="letter-text-error" class="mt-1 text-sm text-red-700 empty:hidden">
                        {content_error}
                    </p>
                </div>
                {move || form_error().map(|message| view! {
                    <p role="alert" data-testid="letter-save-error" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>
                })}
                <Show when=move || loaded_revision.get().is_some() && dirty.get()>
                    <p class="text-xs text-slate-600" data-testid="letter-revision-loaded">
                        {move || format!("The text of version {} is loaded: save to keep it.", loaded_revision.get().unwrap_or_default())}
                    </p>
                </Show>
                <div class="flex flex-wrap items-center gap-3">
                    <button
                        type="button"
                        class=BUTTON_PRIMARY
                        data-testid="letter-save"
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
                        data-testid="letter-discard"
                        disabled=move || !dirty.get() || saver.pending.get()
                        on:click=move |_| {
                            let saved = state.saved.get_untracked();
                            state.apply(saved);
                            loaded_revision.set(None);
                        }
                    >
                        "Discard changes"
                    </button>
                    <span data-testid="letter-save-state" class="text-sm text-slate-600" aria-live="polite">
                        {save_state}
                    </span>
                </div>
            </div>
            <div class="min-w-0">
                <LetterPreview
                    text=state.content
                    terms=Signal::derive(move || state.saved.with(|saved| flagged_terms(&saved.flags)))
                />
                <LetterFlags
                    flags=Signal::derive(move || state.saved.with(|saved| saved.flags.clone()))
                    edited=dirty
                />
                <LetterExport letter_id=letter_id.clone() unsaved=dirty />
                <LetterRevisions
                    letter_id=letter_id.clone()
                    version=Signal::derive(move || state.saved.with(|saved| saved.version))
                    on_load=Callback::new(move |revision: resume_shared::api::cover_letters::CoverLetterRevision| {
                        state.content.set(revision.content);
                        loaded_revision.set(Some(revision.version));
                    })
                />
                <DeleteLetter
                    letter_id=letter_id.clone()
                    name=Signal::derive(move || state.saved.with(|saved| saved.name.clone()))
                    deleted=deleted
                />
            </div>
        </div>
    }
}
