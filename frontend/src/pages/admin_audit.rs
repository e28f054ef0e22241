//! The audit log, newest first, paged, optionally one action. User ids are shown as usernames
//! where the user still exists. A repeated event (a client refused by a rate limit again and
//! again) is one entry with its count and the time of its last occurrence.
//!
//! The action and the page live in the URL (`/admin/audit?action=login.failure&page=3`, see
//! [`crate::url_state`]): back, forward and reload keep them.

use std::collections::HashMap;

use leptos::prelude::*;
use resume_shared::api::AuditEntryResponse;

use super::PageTitle;
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::admin_tabs::AdminTabs;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::pager::Pager;
use crate::components::spinner::Loading;
use crate::components::{CARD, INPUT};
use crate::format::local_time;
use crate::routes::Page;
use crate::url_state::{AUDIT_ACTIONS, AuditListQuery, ListUrl};

/// Entries per page.
const PER_PAGE: u64 = 25;

/// The details of an entry on one line (`{}` shows nothing). A login name that matches no
/// account is never logged, only its fingerprint, shown as `unknown name #…`: the same name
/// tried again shows the same fingerprint.
#[must_use]
pub fn details_text(details: &serde_json::Value) -> String {
    match details {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(key, value)| match value {
                serde_json::Value::String(text) if key == "name_fingerprint" => {
                    format!("unknown name #{text}")
                }
                serde_json::Value::String(text) => format!("{key}: {text}"),
                other => format!("{key}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The audit log screen.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let url = ListUrl::<AuditListQuery>::new(&Page::AdminAudit);
    let query = url.state();
    let entries = ApiResource::new(move || {
        let AuditListQuery { action, page } = query.get();
        async move { api.list_audit(page, PER_PAGE, action.as_deref()).await }
    });
    // Names for the ids in the log; the log still shows ids if this fails.
    let names = ApiResource::new(move || async move {
        api.list_users(1, 200).await.map(|list| {
            list.items
                .into_iter()
                .map(|user| (user.id, user.username))
                .collect::<HashMap<_, _>>()
        })
    });
    let name = move |id: &Option<String>| -> String {
        match id {
            None => "—".to_owned(),
            Some(id) => names
                .get()
                .and_then(|names| names.ok()?.get(id).cloned())
                .unwrap_or_else(|| id.clone()),
        }
    };
    let row = move |entry: AuditEntryResponse| {
        let actor = entry.actor_user_id.clone();
        // The administrator behind an action made as someone else (not repeated when the
        // administrator is the actor, as for the start of an impersonation).
        let impersonator = entry
            .impersonator_user_id
            .clone()
            .filter(|id| Some(id) != entry.actor_user_id.as_ref());
        let target = entry.target_user_id.clone();
        let last = entry.last_at.clone().filter(|_| entry.count > 1);
        let count = (entry.count > 1).then(|| format!("×{}", entry.count));
        view! {
            <tr data-testid="audit-row" class="align-top">
                <td class="py-2 pr-4 whitespace-nowrap">
                    <time datetime=entry.created_at.clone()>{local_time(&entry.created_at)}</time>
                    {last.map(|last| view! {
                        <span class="block text-xs text-slate-600">
                            "last " <time datetime=last.clone()>{local_time(&last)}</time>
                        </span>
                    })}
                </td>
                <td class="py-2 pr-4 font-mono text-xs text-slate-900" data-testid="audit-action-cell">
                    {entry.action.clone()}
                    {count.map(|count| view! { <span class="ml-1 text-slate-600" data-testid="audit-count">{count}</span> })}
                </td>
                <td class="py-2 pr-4" data-testid="audit-actor">
                    {move || name(&actor)}
                    {
                        let impersonator = impersonator.clone();
                        move || {
                            impersonator
                                .as_ref()
                                .map(|_| view! { <span class="block text-xs text-slate-600">"by " {name(&impersonator)}</span> })
                        }
                    }
                </td>
                <td class="py-2 pr-4" data-testid="audit-target">{move || name(&target)}</td>
                <td class="py-2 pr-4 break-words text-slate-600">{details_text(&entry.details)}</td>
                <td class="py-2 font-mono text-xs text-slate-600">{entry.ip.clone().unwrap_or_default()}</td>
            </tr>
        }
    };
    let table = move || {
        entries.get().map(|result| {
            result.map(|list| {
                let total = list.total;
                let current = list.page;
                let per_page = list.per_page;
                if list.items.is_empty() {
                    return view! { <p data-testid="audit-empty" class="py-8 text-center text-sm text-slate-600">"No entries."</p> }
                        .into_any();
                }
                view! {
                    <div class="relative -mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:mx-0 sm:px-0" tabindex="0" role="region" aria-label="Audit log entries">
                        <table data-testid="audit-table" class="w-full min-w-[48rem] text-left text-sm text-slate-700">
                            <thead class="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                                <tr>
                                    <th scope="col" class="py-2 pr-4">"When"</th>
                                    <th scope="col" class="py-2 pr-4">"Action"</th>
                                    <th scope="col" class="py-2 pr-4">"Who"</th>
                                    <th scope="col" class="py-2 pr-4">"Concerning"</th>
                                    <th scope="col" class="py-2 pr-4">"Details"</th>
                                    <th scope="col" class="py-2">"Address"</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-200">{list.items.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                    <Pager
                        page=Signal::derive(move || current)
                        per_page=Signal::derive(move || per_page)
                        total=Signal::derive(move || total)
                        noun="entries"
                        testid="audit-pager"
                        on_page=Callback::new(move |next| url.push(|query| query.page = next))
                    />
                }
                .into_any()
            })
        })
    };
    view! {
        <div data-testid="admin-audit-page">
            <PageTitle title="Administration" />
            <AdminTabs />
            <section class=CARD aria-labelledby="audit-title">
                <div class="mb-4 flex flex-wrap items-end justify-between gap-3">
                    <h2 id="audit-title" class="text-lg font-semibold text-slate-900">"Audit log"</h2>
                    <div>
                        <label for="audit-action" class="block text-sm font-medium text-slate-800">"Action"</label>
                        <select
                            id="audit-action"
                            data-testid="audit-action"
                            class=format!("mt-1 {INPUT}")
                            on:change=move |ev| {
                                let action = Some(event_target_value(&ev)).filter(|action| !action.is_empty());
                                url.push(|query| {
                                    if query.action != action {
                                        query.action = action;
                                        query.page = 1;
                                    }
                                });
                            }
                        >
                            // Properties, not attributes: back and forward change the choice
                            // after the user made one.
                            <option value="" prop:selected=move || query.with(|query| query.action.is_none())>"All actions"</option>
                            {AUDIT_ACTIONS
                                .iter()
                                .map(|action| {
                                    let selected = move || query.with(|query| query.action.as_deref() == Some(*action));
                                    view! { <option value=*action prop:selected=selected>{*action}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <Transition fallback=|| view! { <Loading label="Loading the audit log…" /> }>
                    <ErrorBoundary fallback=move |errors| {
                        view! {
                            <ErrorNotice
                                messages=Signal::derive(move || error_messages(&errors))
                                on_retry=Callback::new(move |()| entries.refetch())
                            />
                        }
                    }>{table}</ErrorBoundary>
                </Transition>
            </section>
        </div>
    }
}
