//! The "Share" pane of the editor: public read-only links to the resume (`/s/{token}`), each
//! with its template, whether it shows this version or always the latest, an optional expiry
//! and password, and whether search engines may index it. The owner makes links with
//! [`form::ShareForm`], sees every link with its views and state in a [`row::ShareRow`], and
//! revokes one after a confirmation.

pub mod form;
pub mod row;

use leptos::html;
use leptos::prelude::*;
use resume_shared::api::shares::{ShareMode, ShareResponse, ShareTemplate};

use self::form::ShareForm;
use self::row::ShareRow;
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::modal::Modal;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_DANGER, BUTTON_SECONDARY, BUTTON_SMALL, CARD};
use crate::state::Toasts;

/// What a mode is called on the screen.
#[must_use]
pub const fn mode_label(mode: ShareMode) -> &'static str {
    match mode {
        ShareMode::Snapshot => "This version",
        ShareMode::Latest => "Always the latest version",
    }
}

/// What a template is called on the screen.
#[must_use]
pub const fn template_label(template: ShareTemplate) -> &'static str {
    match template {
        ShareTemplate::Modern => "Modern",
        ShareTemplate::Classic => "Classic",
        ShareTemplate::Compact => "Compact",
    }
}

/// The origin links are shown under (`https://host`): the page's own, as the server's.
fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The share pane of resume `resume_id`: the form that makes a link and the list of links.
#[component]
pub fn SharePanel(
    /// The resume id.
    resume_id: String,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let resume_id = StoredValue::new(resume_id);
    let origin = StoredValue::new(page_origin());
    let shares = ApiResource::new(move || {
        let id = resume_id.get_value();
        async move { api.list_shares(&id).await }
    });
    let revoking = RwSignal::new(None::<ShareResponse>);
    let on_created = Callback::new(move |_: ShareResponse| {
        toasts.success("The link is ready.");
        shares.refetch();
    });
    let on_revoked = Callback::new(move |()| {
        revoking.set(None);
        toasts.success("The link no longer works.");
        shares.refetch();
    });
    let list = move || {
        shares.get().map(|result| {
            result.map(|list| {
                if list.items.is_empty() {
                    return view! {
                        <p data-testid="share-empty" class="text-sm text-slate-600">"No links yet."</p>
                    }
                    .into_any();
                }
                let rows = list
                    .items
                    .into_iter()
                    .map(|share| {
                        view! {
                            <ShareRow
                                share=share
                                origin=origin.get_value()
                                on_revoke=Callback::new(move |share| revoking.set(Some(share)))
                            />
                        }
                    })
                    .collect_view();
                view! { <ul data-testid="share-list" class="divide-y divide-slate-200">{rows}</ul> }
                    .into_any()
            })
        })
    };
    view! {
        <div class="space-y-6" data-testid="share-panel">
            <section class=CARD aria-labelledby="share-new-title">
                <h2 id="share-new-title" class="text-lg font-semibold">"New link"</h2>
                <p class="mt-1 text-sm text-slate-600">
                    "Anyone with the link sees the resume as a web page with its PDF, without an account."
                </p>
                <ShareForm resume_id=resume_id.get_value() on_created=on_created />
            </section>
            <section class=CARD aria-labelledby="share-list-title">
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <h2 id="share-list-title" class="text-lg font-semibold">"Links"</h2>
                    <button type="button" class=BUTTON_SMALL data-testid="share-refresh" on:click=move |_| shares.refetch()>
                        "Refresh"
                    </button>
                </div>
                <div class="mt-3">
                    <Transition fallback=|| view! { <Loading label="Loading the links…" /> }>
                        <ErrorBoundary fallback=move |errors| view! {
                            <ErrorNotice messages=Signal::derive(move || error_messages(&errors)) on_retry=Callback::new(move |()| shares.refetch()) />
                        }>{list}</ErrorBoundary>
                    </Transition>
                </div>
            </section>
            {move || revoking.get().map(|share| view! {
                <RevokeDialog
                    resume_id=resume_id.get_value()
                    share=share
                    on_done=on_revoked
                    on_cancel=Callback::new(move |()| revoking.set(None))
                />
            })}
        </div>
    }
}

/// Asks before revoking `share`, and revokes it.
#[component]
fn RevokeDialog(
    /// The resume id.
    resume_id: String,
    /// The link to revoke.
    share: ShareResponse,
    /// The link is revoked.
    on_done: Callback<()>,
    /// Closes without revoking.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let pending = RwSignal::new(false);
    // Cancel has the focus first, so Enter never revokes by accident.
    let cancel = NodeRef::<html::Button>::new();
    Effect::new(move || {
        if let Some(cancel) = cancel.get() {
            let _ = cancel.focus();
        }
    });
    let share_id = StoredValue::new(share.id.clone());
    let resume_id = StoredValue::new(resume_id);
    let revoke = move |_| {
        pending.set(true);
        let (resume_id, share_id) = (resume_id.get_value(), share_id.get_value());
        leptos::task::spawn_local(async move {
            let result = api.revoke_share(&resume_id, &share_id).await;
            let _ = pending.try_set(false);
            match result {
                Ok(()) => on_done.run(()),
                Err(error) => toasts.api_error(&error),
            }
        });
    };
    view! {
        <Modal title="Revoke this link?" testid="share-revoke-dialog" on_close=on_cancel busy=pending>
            <p class="text-sm text-slate-700">
                "Whoever has the link will no longer see the resume. A revoked link cannot be used again."
            </p>
            <p class="mt-2 text-sm break-all text-slate-600">{share.path}</p>
            <div class="mt-5 flex flex-wrap justify-end gap-2">
                <button
                    type="button"
                    node_ref=cancel
                    class=BUTTON_SECONDARY
                    data-testid="share-revoke-cancel"
                    disabled=pending
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                <button type="button" class=BUTTON_DANGER data-testid="share-revoke-confirm" disabled=pending on:click=revoke>
                    <Show when=move || pending.get()>
                        <Spinner />
                    </Show>
                    "Revoke"
                </button>
            </div>
        </Modal>
    }
}
