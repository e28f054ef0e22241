//! The history of a resume: every revision (when, why, who), the unified diff between any two,
//! and restoring one (which makes a new revision, so nothing is lost).

use leptos::prelude::*;
use resume_shared::api::resumes::RevisionSummary;

use super::state::EditorState;
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::unified_diff::UnifiedDiff;
use crate::components::{BUTTON_SECONDARY, BUTTON_SMALL, CARD, INPUT};
use crate::format::local_time;
use crate::state::Toasts;

/// Who made a revision.
fn author(revision: &RevisionSummary) -> String {
    let who = revision
        .author
        .as_ref()
        .map_or_else(|| "a deleted account".to_owned(), |a| a.username.clone());
    match &revision.impersonator {
        Some(admin) => format!("{who} (by {} acting as them)", admin.username),
        None => who,
    }
}

fn version_select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<Option<i64>>,
    versions: Vec<i64>,
) -> impl IntoView {
    let current = value.get_untracked();
    view! {
        <div>
            <label for=id class="block text-sm font-medium text-slate-800">{label}</label>
            <select
                id=id
                data-testid=id
                class=format!("mt-1 {INPUT}")
                on:change=move |ev| value.set(event_target_value(&ev).parse().ok())
            >
                {versions
                    .into_iter()
                    .map(|v| view! { <option value=v.to_string() selected=current == Some(v)>{format!("Version {v}")}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The history pane.
#[component]
pub fn HistoryPane(
    /// The open resume.
    state: EditorState,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let id = state.id();
    let revisions = {
        let id = id.clone();
        ApiResource::new(move || {
            let _version = state.saved.with(|saved| saved.version);
            let id = id.clone();
            async move { api.list_revisions(&id).await }
        })
    };
    let from = RwSignal::new(None::<i64>);
    let to = RwSignal::new(None::<i64>);
    let compared = RwSignal::new(None::<(i64, i64)>);
    let diff = {
        let id = id.clone();
        ApiResource::new(move || {
            let pair = compared.get();
            let id = id.clone();
            async move {
                match pair {
                    Some((from, to)) => api.diff_revisions(&id, from, to).await.map(Some),
                    None => Ok(None),
                }
            }
        })
    };
    let restoring = RwSignal::new(None::<i64>);
    let restore_pending = RwSignal::new(false);
    let restore = move || {
        let Some(revision) = restoring.get_untracked() else {
            return;
        };
        let id = state.id();
        let version = state.version();
        restore_pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api.restore_revision(&id, revision, version).await;
            let _ = restore_pending.try_set(false);
            let _ = restoring.try_set(None);
            match result {
                Ok(resume) => {
                    state.apply(resume);
                    toasts.success(format!("Version {revision} is restored as a new version."));
                }
                Err(error) => toasts.api_error(&error),
            }
        });
    };

    let list = move || {
        revisions.get().map(|result| {
            result.map(|list| {
                let versions: Vec<i64> = list.items.iter().map(|r| r.version).collect();
                if from.get_untracked().is_none() {
                    from.set(versions.get(1).or(versions.first()).copied());
                }
                if to.get_untracked().is_none() {
                    to.set(versions.first().copied());
                }
                let current = state.version();
                view! {
                    <div class="flex flex-wrap items-end gap-3">
                        {version_select("diff-from", "From", from, versions.clone())}
                        {version_select("diff-to", "To", to, versions)}
                        <button
                            type="button"
                            class=BUTTON_SECONDARY
                            data-testid="diff-show"
                            on:click=move |_| {
                                if let (Some(a), Some(b)) = (from.get_untracked(), to.get_untracked()) {
                                    compared.set(Some((a.min(b), a.max(b))));
                                }
                            }
                        >
                            "Show changes"
                        </button>
                    </div>
                    <ul data-testid="revision-list" class="mt-4 divide-y divide-slate-200">
                        {list
                            .items
                            .into_iter()
                            .map(|revision| {
                                let version = revision.version;
                                let is_current = version == current;
                                view! {
                                    <li data-testid="revision-row" class="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                                        <div class="min-w-0 text-sm">
                                            <p class="font-medium text-slate-900">
                                                "Version " <span data-testid="revision-version">{version}</span>
                                                {is_current.then_some(" (current)")}
                                            </p>
                                            <p class="text-slate-600">
                                                <span data-testid="revision-reason">{revision.reason.clone()}</span>
                                                " · " {local_time(&revision.created_at)} " · " {author(&revision)}
                                            </p>
                                        </div>
                                        <button
                                            type="button"
                                            class=BUTTON_SMALL
                                            data-testid="revision-restore"
                                            aria-label=format!("Restore version {version}")
                                            disabled=move || is_current || state.dirty()
                                            on:click=move |_| restoring.set(Some(version))
                                        >
                                            "Restore"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
        })
    };

    view! {
        <div class="space-y-6" data-testid="history-pane">
            <section class=CARD aria-labelledby="history-title">
                <h2 id="history-title" class="text-lg font-semibold">"Revisions"</h2>
                <Show when=move || state.dirty()>
                    <p role="status" class="mt-2 text-sm text-amber-900">"Save or discard the text changes before restoring a version."</p>
                </Show>
                <div class="mt-3">
                    <Transition fallback=|| view! { <Loading label="Loading the history…" /> }>
                        <ErrorBoundary fallback=move |errors| view! {
                            <ErrorNotice messages=Signal::derive(move || error_messages(&errors)) on_retry=Callback::new(move |()| revisions.refetch()) />
                        }>{list}</ErrorBoundary>
                    </Transition>
                </div>
            </section>
            <section class=CARD aria-labelledby="diff-title">
                <h2 id="diff-title" class="text-lg font-semibold">
                    {move || match compared.get() {
                        Some((a, b)) => format!("Changes from version {a} to version {b}"),
                        None => "Changes".to_owned(),
                    }}
                </h2>
                <div class="mt-3">
                    <Transition fallback=|| view! { <Loading label="Loading the changes…" /> }>
                        <ErrorBoundary fallback=move |errors| view! {
                            <ErrorNotice messages=Signal::derive(move || error_messages(&errors)) on_retry=Callback::new(move |()| diff.refetch()) />
                        }>
                            {move || diff.get().map(|result| result.map(|answer| match answer {
                                Some(answer) => view! { <UnifiedDiff diff=answer.diff testid="diff" same_text="The two versions have the same text." /> }.into_any(),
                                None => view! { <p class="text-sm text-slate-600">"Choose two versions and show the changes."</p> }.into_any(),
                            }))}
                        </ErrorBoundary>
                    </Transition>
                </div>
            </section>
            <Show when=move || restoring.get().is_some()>
                <ConfirmDialog
                    title="Restore this version?"
                    confirm_label="Restore"
                    pending=restore_pending
                    on_confirm=Callback::new(move |()| restore())
                    on_cancel=Callback::new(move |()| restoring.set(None))
                    testid="restore-dialog"
                >
                    <p>{move || format!("The text of version {} becomes the current text, as a new version. The history keeps every version.", restoring.get().unwrap_or_default())}</p>
                </ConfirmDialog>
            </Show>
        </div>
    }
}
