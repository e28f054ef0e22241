//! The letter's saved versions, newest first: version, why it was saved and when. Choosing one
//! puts its text into the editor as an unsaved change.

use leptos::prelude::*;
use resume_shared::api::cover_letters::CoverLetterRevision;

use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::BUTTON_SMALL;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::format::local_time;

/// Why a revision was saved, in words.
#[must_use]
pub fn reason_label(reason: &str) -> &str {
    match reason {
        "drafted" => "Written by the assistant",
        "created" => "Written by hand",
        "edited" => "Edited",
        other => other,
    }
}

/// The revision list; `on_load` gets the text of the one chosen.
#[component]
pub fn LetterRevisions(
    /// The letter's id.
    letter_id: String,
    /// The saved version: the list loads again when it changes.
    #[prop(into)]
    version: Signal<i64>,
    /// Loads a revision's text into the editor.
    on_load: Callback<CoverLetterRevision>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let revisions = ApiResource::new(move || {
        version.track();
        let id = letter_id.clone();
        async move { api.list_cover_letter_revisions(&id).await }
    });
    let list = move || {
        revisions.get().map(|result| {
            result.map(|list| {
                view! {
                    <ol class="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="letter-revisions">
                        {list
                            .items
                            .into_iter()
                            .map(|revision| {
                                let label = format!("Load version {} into the editor", revision.version);
                                let version = revision.version;
                                let line = format!(
                                    "Version {} · {} · {}",
                                    revision.version,
                                    reason_label(&revision.reason),
                                    local_time(&revision.created_at)
                                );
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm" data-testid="letter-revision-row">
                                        <span class="text-slate-800">{line}</span>
                                        <button
                                            type="button"
                                            class=BUTTON_SMALL
                                            data-testid="letter-revision"
                                            data-version=version
                                            aria-label=label
                                            on:click=move |_| on_load.run(revision.clone())
                                        >
                                            "Load"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
            })
        })
    };
    view! {
        <section aria-labelledby="letter-revisions-title" class="mt-6">
            <h2 id="letter-revisions-title" class="text-sm font-semibold text-slate-800">"Revisions"</h2>
            <Transition fallback=|| view! { <Loading label="Loading the revisions…" /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| revisions.refetch())
                        />
                    }
                }>{list}</ErrorBoundary>
            </Transition>
        </section>
    }
}
