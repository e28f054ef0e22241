//! The trash: deleted resumes until they are purged (30 days), with restore and delete
//! forever.

use leptos::prelude::*;
use resume_shared::api::resumes::{ResumeKind, TrashItem};

use super::PageTitle;
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_SMALL, BUTTON_SMALL_DANGER, CARD};
use crate::format::{count, list_names, local_time};
use crate::state::Toasts;

/// The trash screen.
#[component]
pub fn TrashPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let trash = ApiResource::new(move || api.list_trash());
    let purging = RwSignal::new(None::<TrashItem>);
    let restore = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.restore_resume(&id).await {
                Ok(restored) => {
                    let names: Vec<String> =
                        restored.restored.iter().map(|r| r.name.clone()).collect();
                    toasts.success(format!(
                        "Restored {}: {}.",
                        count(names.len() as u64, "resume", "resumes"),
                        list_names(&names)
                    ));
                    trash.refetch();
                }
                Err(error) => toasts.api_error(&error),
            }
        }
    });
    let purge = ApiAction::new(move |item: &TrashItem| {
        let item = item.clone();
        async move {
            match api.purge_resume(&item.id).await {
                Ok(()) => {
                    toasts.success(format!("Deleted “{}” for good.", item.name));
                    trash.refetch();
                }
                Err(error) => toasts.api_error(&error),
            }
            purging.set(None);
        }
    });
    let list = move || {
        trash.get().map(|result| {
            result.map(|trash| {
                if trash.items.is_empty() {
                    return view! {
                        <p data-testid="trash-empty" class="py-8 text-center text-sm text-slate-600">"The trash is empty."</p>
                    }
                    .into_any();
                }
                view! {
                    <ul data-testid="trash-list" class="divide-y divide-slate-200">
                        {trash
                            .items
                            .into_iter()
                            .map(|item| {
                                let id = item.id.clone();
                                let busy_id = item.id.clone();
                                let busy = move || restore.input().as_deref() == Some(busy_id.as_str());
                                let for_purge = item.clone();
                                view! {
                                    <li data-testid="trash-row" class="flex flex-col gap-2 py-4 sm:flex-row sm:items-center sm:justify-between">
                                        <div class="min-w-0">
                                            <p class="font-medium break-words text-slate-900" data-testid="trash-name">{item.name.clone()}</p>
                                            <p class="text-sm text-slate-600">
                                                {match item.kind {
                                                    ResumeKind::Base => "Base resume".to_owned(),
                                                    ResumeKind::Tailored => item
                                                        .parent
                                                        .as_ref()
                                                        .map_or("Tailored resume".to_owned(), |p| format!("Tailored from “{}”", p.name)),
                                                }}
                                                " · deleted " {local_time(&item.deleted_at)}
                                                " · deleted for good on " {local_time(&item.purge_at)}
                                            </p>
                                        </div>
                                        <div class="flex shrink-0 gap-2">
                                            <button
                                                type="button"
                                                class=BUTTON_SMALL
                                                data-testid="trash-restore"
                                                aria-label=format!("Restore {}", item.name)
                                                disabled=move || restore.pending().get()
                                                on:click=move |_| {
                                                    restore.dispatch(id.clone());
                                                }
                                            >
                                                <Show when=busy.clone()>
                                                    <Spinner />
                                                </Show>
                                                "Restore"
                                            </button>
                                            <button
                                                type="button"
                                                class=BUTTON_SMALL_DANGER
                                                data-testid="trash-purge"
                                                aria-label=format!("Delete {} forever", item.name)
                                                on:click=move |_| purging.set(Some(for_purge.clone()))
                                            >
                                                "Delete forever"
                                            </button>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            })
        })
    };
    view! {
        <div data-testid="trash-page">
            <PageTitle
                title="Trash"
                subtitle="Deleted resumes stay here for 30 days. Restoring a base resume brings back the tailored resumes deleted with it."
            />
            <section class=CARD aria-label="Deleted resumes">
                <Transition fallback=|| view! { <Loading label="Loading the trash…" /> }>
                    <ErrorBoundary fallback=move |errors| {
                        view! {
                            <ErrorNotice
                                messages=Signal::derive(move || error_messages(&errors))
                                on_retry=Callback::new(move |()| trash.refetch())
                            />
                        }
                    }>{list}</ErrorBoundary>
                </Transition>
            </section>
            {move || {
                purging
                    .get()
                    .map(|item| {
                        let for_confirm = item.clone();
                        view! {
                            <ConfirmDialog
                                title=format!("Delete “{}” for good?", item.name)
                                confirm_label="Delete forever"
                                pending=purge.pending()
                                testid="purge-dialog"
                                on_confirm=Callback::new(move |()| {
                                    purge.dispatch(for_confirm.clone());
                                })
                                on_cancel=Callback::new(move |()| purging.set(None))
                            >
                                <p>"Its text and its history are deleted and cannot be restored."</p>
                            </ConfirmDialog>
                        }
                    })
            }}
        </div>
    }
}
