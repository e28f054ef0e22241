//! The list view: the applications as a table (resume, company, status, applied, next step and
//! its date) with the filters of [`super::filters`] and paging; a row opens its application in
//! the side panel.

use leptos::prelude::*;
use leptos_router::components::A;
use resume_shared::api::applications::ApplicationSummary;

use super::empty::EmptyState;
use super::filters::ListFilters;
use super::url::ApplicationsState;
use super::{Tracker, status_label};
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::pager::{Pager, page_count};
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_SMALL, CARD, LINK};
use crate::routes::Page;
use crate::url_state::ListUrl;

/// A header cell.
const HEAD: &str =
    "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
/// A body cell.
const CELL: &str = "px-3 py-2 align-top text-slate-800";

/// The filtered, sorted, paged table of applications.
#[component]
pub fn ListView(
    /// The page's shared state: the list loads again after every write.
    tracker: Tracker,
    /// The page's state in the address.
    url: ListUrl<ApplicationsState>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let state = url.state();
    let query = Memo::new(move |_| state.with(|state| state.query.clone()));
    let applications = ApiResource::new(move || {
        tracker.track();
        let query = query.get();
        async move { api.list_applications(&query).await }
    });
    let (refreshing, set_refreshing) = signal(false);
    let list = move || {
        applications.get().map(|result| {
            result.map(|list| {
                let (total, page, per_page) = (list.total, list.page, list.per_page);
                if list.items.is_empty() {
                    let filtered = query.with_untracked(|query| {
                        query.status.is_some() || !query.q.is_empty()
                    });
                    return empty_list(url, total, per_page, filtered);
                }
                view! {
                    // `relative`: the header's screen-reader text is positioned in the scroll
                    // area, not at the page's right edge (which would scroll the page).
                    <div class="relative overflow-x-auto" tabindex="0" role="region" aria-label="Applications">
                        <table data-testid="applications-table" class="min-w-full divide-y divide-slate-200 text-sm">
                            <thead>
                                <tr>
                                    <th scope="col" class=HEAD>"Resume"</th>
                                    <th scope="col" class=HEAD>"Company"</th>
                                    <th scope="col" class=HEAD>"Status"</th>
                                    <th scope="col" class=HEAD>"Applied"</th>
                                    <th scope="col" class=HEAD>"Next step"</th>
                                    <th scope="col" class=HEAD>"Next step on"</th>
                                    <th scope="col" class=HEAD><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-100">
                                {list
                                    .items
                                    .into_iter()
                                    .map(|application| view! { <ApplicationRow application=application tracker=tracker /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(total > per_page).then(|| view! {
                        <Pager
                            page=Signal::derive(move || page)
                            per_page=Signal::derive(move || per_page)
                            total=Signal::derive(move || total)
                            noun="applications"
                            testid="applications-pager"
                            on_page=Callback::new(move |page| url.push(|state| state.query.page = page))
                        />
                    })}
                }
                .into_any()
            })
        })
    };
    view! {
        <section class=CARD aria-labelledby="applications-list-title">
            <h2 id="applications-list-title" class="sr-only">"Application list"</h2>
            <ListFilters url=url />
            <div class="mt-2 flex min-h-6 justify-end">
                <Show when=move || refreshing.get()>
                    <span role="status" data-testid="applications-refreshing" class="flex items-center gap-2 text-sm text-slate-600">
                        <Spinner />
                        "Updating…"
                    </span>
                </Show>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading applications…" /> } set_pending=set_refreshing>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| applications.refetch())
                        />
                    }
                }>{list}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// What an empty page of the list says: no application at all, none matching the filter, or
/// a page past the end (with a way back).
fn empty_list(
    url: ListUrl<ApplicationsState>,
    total: u64,
    per_page: u64,
    filtered: bool,
) -> AnyView {
    if total > 0 {
        let last = page_count(total, per_page);
        return view! {
            <p data-testid="applications-past-end" class="py-8 text-center text-sm text-slate-600">
                "This page is past the end of the list. "
                <button type="button" class=LINK on:click=move |_| url.replace(|state| state.query.page = last)>
                    {format!("Go to page {last}")}
                </button>
            </p>
        }
        .into_any();
    }
    if filtered {
        return view! {
            <p data-testid="applications-no-match" class="py-8 text-center text-sm text-slate-600">
                "No application matches the filter."
            </p>
        }
        .into_any();
    }
    view! { <EmptyState /> }.into_any()
}

/// One application in the table.
#[component]
fn ApplicationRow(
    /// The application.
    application: ApplicationSummary,
    /// The page's shared state: "Details" opens the panel.
    tracker: Tracker,
) -> impl IntoView {
    let ApplicationSummary {
        resume_id,
        resume_name,
        company,
        status,
        applied_on,
        next_step,
        next_step_on,
        ..
    } = application;
    let open_label = format!("Details of the application of {resume_name}");
    let open = {
        let (id, name) = (resume_id.clone(), resume_name.clone());
        move |_| tracker.open(id.clone(), name.clone())
    };
    view! {
        <tr data-testid="application-row" data-status=status.as_str()>
            <td class=CELL>
                <A href=Page::Resume(resume_id).path() {..} class=format!("{LINK} break-words") data-testid="row-resume">
                    {resume_name.clone()}
                </A>
            </td>
            <td class=CELL data-testid="row-company">{company}</td>
            <td class=CELL data-testid="row-status">{status_label(status)}</td>
            <td class=CELL data-testid="row-applied-on">{applied_on}</td>
            <td class=format!("{CELL} break-words") data-testid="row-next-step">{next_step}</td>
            <td class=CELL data-testid="row-next-step-on">{next_step_on}</td>
            <td class=format!("{CELL} text-right")>
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid="application-open"
                    aria-label=open_label
                    on:click=open
                >
                    "Details"
                </button>
            </td>
        </tr>
    }
}
