//! The "Sessions" section of the settings: every browser and program signed in to the account
//! (device, how it signed in, from where, when it started and was last used), this one marked,
//! and ending any of them. Ending this one signs out, like Log out.

use leptos::prelude::*;
use resume_shared::api::sessions::SessionEntry;

use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::components::error_notice::ErrorNotice;
use crate::components::spinner::Loading;
use crate::components::{BUTTON_SMALL, BUTTON_SMALL_DANGER, CARD};
use crate::format::local_time;
use crate::state::{AuthState, Toasts};

/// One line about a session: how it signed in, from where, when.
#[must_use]
pub fn session_summary(session: &SessionEntry) -> String {
    let from = session
        .ip
        .as_deref()
        .map(|ip| format!(" from {ip}"))
        .unwrap_or_default();
    format!(
        "{}{from} · started {} · last active {}",
        session.method.label(),
        local_time(&session.created_at),
        local_time(&session.last_seen_at)
    )
}

/// The section.
#[component]
pub fn SessionsSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let sessions = ApiResource::new(move || api.list_sessions());
    let end = ApiAction::new(move |session: &SessionEntry| {
        let session = session.clone();
        async move {
            match api.end_session(&session.id).await {
                // This session: signed out, as by Log out (the server cleared the cookies).
                Ok(()) if session.current => {
                    toasts.clear();
                    auth.signed_out_after_this_turn();
                }
                Ok(()) => {
                    toasts.success(format!("The session on {} has ended.", session.device));
                    sessions.refetch();
                }
                Err(error) => {
                    toasts.api_error(&error);
                    sessions.refetch();
                }
            }
        }
    });
    let list = move || {
        sessions.get().map(|result| match result {
            Ok(list) => view! {
                <ul class="divide-y divide-slate-200" data-testid="sessions-list">
                    {list.items.into_iter().map(|session| view! { <SessionRow session=session end=end /> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! {
                <ErrorNotice
                    messages=Signal::derive(move || vec![error.to_string()])
                    on_retry=Callback::new(move |()| sessions.refetch())
                />
            }
            .into_any(),
        })
    };
    view! {
        <section class=format!("mt-6 {CARD}") aria-labelledby="sessions-title" data-testid="sessions-section">
            <h2 id="sessions-title" class="text-lg font-semibold text-slate-900">"Sessions"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Where your account is signed in. Ending a session signs that browser or program out at once."
            </p>
            <div class="mt-4">
                <Transition fallback=|| view! { <Loading label="Loading your sessions…" /> }>{list}</Transition>
            </div>
        </section>
    }
}

/// One session with its End (or, for this one, Sign out) button.
#[component]
fn SessionRow(session: SessionEntry, end: ApiAction<SessionEntry, ()>) -> impl IntoView {
    let current = session.current;
    let device = session.device.clone();
    let summary = session_summary(&session);
    let for_end = session.clone();
    view! {
        <li class="flex items-center justify-between gap-3 py-2" data-testid="session-row" data-current=current.to_string() data-method=session.method.as_str()>
            <div class="min-w-0">
                <p class="font-medium break-words text-slate-900">
                    <span data-testid="session-device">{device.clone()}</span>
                    {current.then(|| view! {
                        <span data-testid="session-current" class="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
                            "This session"
                        </span>
                    })}
                </p>
                <p class="text-xs break-words text-slate-600" data-testid="session-summary">
                    {summary}
                </p>
            </div>
            <button
                type="button"
                class=if current { BUTTON_SMALL } else { BUTTON_SMALL_DANGER }
                data-testid="session-end"
                aria-label=if current { "Sign out of this session".to_owned() } else { format!("End the session on {device}") }
                disabled=move || end.pending().get()
                on:click=move |_| end.dispatch(for_end.clone())
            >
                {if current { "Sign out" } else { "End" }}
            </button>
        </li>
    }
}
