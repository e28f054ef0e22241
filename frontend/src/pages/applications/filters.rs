//! The list's controls: status, a text filter that applies as you type (after a pause), and the
//! order. Each changes the address ([`super::url`]); the list follows it.

use leptos::prelude::*;
use resume_shared::api::applications::ApplicationStatus;

use super::status_label;
use super::url::ApplicationsState;
use crate::api::applications::SORT_OPTIONS;
use crate::components::INPUT;
use crate::pages::dashboard::FILTER_DEBOUNCE;
use crate::url_state::ListUrl;

/// Status, filter and order of the application list.
#[component]
pub fn ListFilters(
    /// The page's state in the address.
    url: ListUrl<ApplicationsState>,
) -> impl IntoView {
    let state = url.state();
    // What the filter box shows: ahead of the address while typing, until the pause.
    let filter_text = RwSignal::new(state.with_untracked(|state| state.query.q.clone()));
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel_timer = move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_timer);
    let on_filter = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        filter_text.set(text.clone());
        cancel_timer();
        let handle = set_timeout_with_handle(
            move || {
                url.replace(|state| {
                    let q = text.trim();
                    if state.query.q != q {
                        state.query.q = q.to_owned();
                        state.query.page = 1;
                    }
                });
            },
            FILTER_DEBOUNCE,
        )
        .ok();
        timer.set_value(handle);
    };
    // Back or forward to another filter: the box shows it (and a pending pause is dropped).
    Effect::watch(
        move || state.with(|state| state.query.q.clone()),
        move |q, previous, _| {
            if previous != Some(q) && filter_text.with_untracked(|text| text.trim() != q) {
                cancel_timer();
                filter_text.set(q.clone());
            }
        },
        false,
    );
    let on_status = move |ev: leptos::ev::Event| {
        let status = ApplicationStatus::from_name(&event_target_value(&ev));
        url.push(|state| {
            if state.query.status != status {
                state.query.status = status;
                state.query.page = 1;
            }
        });
    };
    let on_sort = move |ev: leptos::ev::Event| {
        let sort = event_target_value(&ev);
        url.push(|state| {
            if state.query.sort != sort {
                state.query.sort = sort;
                state.query.page = 1;
            }
        });
    };
    let status_is = move |status: Option<ApplicationStatus>| {
        move || state.with(|state| state.query.status == status)
    };
    view! {
        <div class="flex flex-col gap-3 lg:flex-row lg:items-end">
            <div class="flex-1">
                <label for="applications-filter" class="block text-sm font-medium text-slate-800">"Filter"</label>
                <input
                    id="applications-filter"
                    data-testid="applications-filter"
                    type="search"
                    placeholder="Resume, company, contact or next step"
                    class=format!("mt-1 {INPUT}")
                    prop:value=move || filter_text.get()
                    on:input=on_filter
                />
            </div>
            <div class="grid grid-cols-2 gap-3 sm:flex sm:items-end">
                <div>
                    <label for="applications-status-filter" class="block text-sm font-medium text-slate-800">"Status"</label>
                    <select
                        id="applications-status-filter"
                        data-testid="applications-status-filter"
                        class=format!("mt-1 {INPUT}")
                        on:change=on_status
                    >
                        <option value="" prop:selected=status_is(None)>"All statuses"</option>
                        {ApplicationStatus::ALL
                            .into_iter()
                            .map(|status| {
                                view! {
                                    <option value=status.as_str() prop:selected=status_is(Some(status))>
                                        {status_label(status)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div>
                    <label for="applications-sort" class="block text-sm font-medium text-slate-800">"Sort by"</label>
                    <select
                        id="applications-sort"
                        data-testid="applications-sort"
                        class=format!("mt-1 {INPUT}")
                        on:change=on_sort
                    >
                        {SORT_OPTIONS
                            .iter()
                            .map(|(value, label)| {
                                view! {
                                    <option value=*value prop:selected=move || state.with(|state| state.query.sort == *value)>
                                        {*label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
        </div>
    }
}
