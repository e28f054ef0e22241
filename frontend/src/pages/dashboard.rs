//! The dashboard: the user's base and tailored resumes with filter (as you type, debounced),
//! kind, sort and paging; creating a resume (which opens it); moving one to the trash after a
//! confirmation that says what goes with it.
//!
//! The filter, kind, order, page and page size live in the URL ([`crate::url_state`]): the
//! controls navigate (a new history entry for each choice, the current one replaced while
//! typing) and the list is fetched again when the URL's state changes. Only the list waits
//! for it; the rest of the page stays as it is.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use resume_shared::api::resumes::{DeleteResumeResponse, ResumeKind, ResumeSummary};

use super::PageTitle;
use super::import_dialog::ImportPanel;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::resumes::{ResumeQuery, SORT_OPTIONS};
use crate::api::{ApiError, AuthedApi};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::SubmitButton;
use crate::components::pager::Pager;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_SMALL, BUTTON_SMALL_DANGER, CARD, INPUT, LINK};
use crate::format::{count, list_names, local_time, preview};
use crate::routes::Page;
use crate::state::Toasts;
use crate::url_state::{ListUrl, RESUME_PER_PAGE_OPTIONS};

/// How long typing must pause before the filter applies.
pub const FILTER_DEBOUNCE: Duration = Duration::from_millis(300);

/// What moving `resume` to the trash takes with it, for the confirmation.
#[must_use]
pub fn trash_consequence(resume: &ResumeSummary, tailored: &[String]) -> String {
    match resume.kind {
        ResumeKind::Tailored => match &resume.parent {
            Some(parent) => format!(
                "Only this tailored resume goes to the trash; its base resume “{}” stays.",
                parent.name
            ),
            None => "Only this tailored resume goes to the trash.".to_owned(),
        },
        ResumeKind::Base if tailored.is_empty() => {
            "It has no tailored resumes: only this resume goes to the trash.".to_owned()
        }
        ResumeKind::Base => format!(
            "Its {} {} with it: {}.",
            count(
                tailored.len() as u64,
                "tailored resume goes",
                "tailored resumes go"
            ),
            "to the trash",
            list_names(tailored)
        ),
    }
}

/// The dashboard screen.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let url = ListUrl::<ResumeQuery>::new(&Page::Dashboard);
    let query = url.state();
    // What the filter box shows: ahead of the URL while typing, until the pause.
    let filter_text = RwSignal::new(query.with_untracked(|query| query.q.clone()));
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
                // Replace, not push: back leads to the list before the filter, not to each
                // pause in the typing.
                url.replace(|query| {
                    let q = text.trim();
                    if query.q != q {
                        query.q = q.to_owned();
                        query.page = 1;
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
        move || query.with(|query| query.q.clone()),
        move |q, previous, _| {
            if previous != Some(q) && filter_text.with_untracked(|text| text.trim() != q) {
                cancel_timer();
                filter_text.set(q.clone());
            }
        },
        false,
    );

    let resumes = ApiResource::new(move || {
        let query = query.get();
        async move { api.list_resumes(&query).await }
    });
    let (refreshing, set_refreshing) = signal(false);
    let deleting = RwSignal::new(None::<ResumeSummary>);

    let set_kind = move |kind: Option<ResumeKind>| {
        url.push(|query| {
            if query.kind != kind {
                query.kind = kind;
                query.page = 1;
            }
        });
    };
    let kind_button = move |label: &'static str, kind: Option<ResumeKind>, testid: &'static str| {
        view! {
            <button
                type="button"
                data-testid=testid
                aria-pressed=move || query.with(|query| query.kind == kind).to_string()
                class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-pressed:bg-white aria-pressed:text-indigo-800 aria-pressed:shadow-sm"
                on:click=move |_| set_kind(kind)
            >
                {label}
            </button>
        }
    };

    let list = move || {
        resumes.get().map(|result| {
            result.map(|list| {
                let total = list.total;
                let page = list.page;
                let per_page = list.per_page;
                let filtered =
                    query.with_untracked(|query| !query.q.is_empty() || query.kind.is_some());
                if list.items.is_empty() && total > 0 {
                    // A page past the end (an old link, or the last item of the last page
                    // deleted): the list is not empty, this page is.
                    let last = total.div_ceil(per_page.max(1));
                    return view! {
                        <p data-testid="resume-past-end" class="py-8 text-center text-sm text-slate-600">
                            {format!("There is no page {page}: the list has {total} resumes on {last} {}. ", if last == 1 { "page" } else { "pages" })}
                            <button type="button" class=LINK data-testid="resume-last-page" on:click=move |_| url.replace(|query| query.page = last)>
                                {format!("Go to page {last}")}
                            </button>
                        </p>
                    }
                    .into_any();
                }
                if list.items.is_empty() {
                    let message = if filtered {
                        "No resume matches the filter."
                    } else {
                        "No resumes yet. Create your first one above."
                    };
                    return view! {
                        <p data-testid="resume-empty" class="py-8 text-center text-sm text-slate-600">{message}</p>
                    }
                    .into_any();
                }
                view! {
                    <ul data-testid="resume-list" class="divide-y divide-slate-200">
                        {list
                            .items
                            .into_iter()
                            .map(|resume| {
                                view! {
                                    <ResumeRow
                                        resume=resume.clone()
                                        on_delete=Callback::new(move |()| deleting.set(Some(resume.clone())))
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                    <Pager
                        page=Signal::derive(move || page)
                        per_page=Signal::derive(move || per_page)
                        total=Signal::derive(move || total)
                        noun="resumes"
                        testid="resume-pager"
                        on_page=Callback::new(move |page| url.push(|query| query.page = page))
                    />
                }
                .into_any()
            })
        })
    };

    view! {
        <div data-testid="dashboard-page">
            <PageTitle title="Your resumes" subtitle="Base resumes and the copies tailored to each application." />
            <NewResumeForm />
            <ImportPanel />
            <section class=format!("mt-6 {CARD}") aria-labelledby="resume-list-title">
                <h2 id="resume-list-title" class="sr-only">"Resume list"</h2>
                <div class="flex flex-col gap-3 lg:flex-row lg:items-end">
                    <div class="flex-1">
                        <label for="resume-filter" class="block text-sm font-medium text-slate-800">"Filter"</label>
                        <input
                            id="resume-filter"
                            data-testid="resume-filter"
                            type="search"
                            placeholder="Name, company or notes"
                            class=format!("mt-1 {INPUT}")
                            prop:value=move || filter_text.get()
                            on:input=on_filter
                        />
                    </div>
                    <div class="grid grid-cols-2 gap-3 sm:flex sm:items-end">
                        <div>
                            <label for="resume-sort" class="block text-sm font-medium text-slate-800">"Sort by"</label>
                            <select
                                id="resume-sort"
                                data-testid="resume-sort"
                                class=format!("mt-1 {INPUT}")
                                on:change=move |ev| {
                                    let sort = event_target_value(&ev);
                                    url.push(|query| {
                                        if query.sort != sort {
                                            query.sort = sort;
                                            query.page = 1;
                                        }
                                    });
                                }
                            >
                                {SORT_OPTIONS
                                    .iter()
                                    .map(|(value, label)| {
                                        view! {
                                            // A property, not the attribute: back and
                                            // forward change the choice after the user did.
                                            <option value=*value prop:selected=move || query.with(|query| query.sort == *value)>
                                                {*label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="resume-per-page" class="block text-sm font-medium text-slate-800">"Per page"</label>
                            <select
                                id="resume-per-page"
                                data-testid="resume-per-page"
                                class=format!("mt-1 {INPUT}")
                                on:change=move |ev| {
                                    let per_page = event_target_value(&ev).parse().unwrap_or(10);
                                    url.push(|query| {
                                        if query.per_page != per_page {
                                            query.per_page = per_page;
                                            query.page = 1;
                                        }
                                    });
                                }
                            >
                                {RESUME_PER_PAGE_OPTIONS
                                    .iter()
                                    .map(|n| {
                                        let n = *n;
                                        view! {
                                            <option value=n.to_string() prop:selected=move || query.with(|query| query.per_page == n)>
                                                {n.to_string()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                </div>
                <div class="mt-4 flex flex-wrap items-center justify-between gap-2">
                    <div role="group" aria-label="Kind" class="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
                        {kind_button("All", None, "kind-all")}
                        {kind_button("Base", Some(ResumeKind::Base), "kind-base")}
                        {kind_button("Tailored", Some(ResumeKind::Tailored), "kind-tailored")}
                    </div>
                    <Show when=move || refreshing.get()>
                        <span role="status" data-testid="list-refreshing" class="flex items-center gap-2 text-sm text-slate-600">
                            <Spinner />
                            "Updating…"
                        </span>
                    </Show>
                </div>
                <div class="mt-2">
                    <Transition fallback=|| view! { <Loading label="Loading resumes…" /> } set_pending=set_refreshing>
                        <ErrorBoundary fallback=move |errors| {
                            view! {
                                <ErrorNotice
                                    messages=Signal::derive(move || error_messages(&errors))
                                    on_retry=Callback::new(move |()| resumes.refetch())
                                />
                            }
                        }>{list}</ErrorBoundary>
                    </Transition>
                </div>
            </section>
            {move || {
                deleting
                    .get()
                    .map(|resume| {
                        view! {
                            <DeleteDialog
                                resume=resume
                                on_close=Callback::new(move |deleted: Option<DeleteResumeResponse>| {
                                    deleting.set(None);
                                    if deleted.is_some() {
                                        resumes.refetch();
                                    }
                                })
                            />
                        }
                    })
            }}
        </div>
    }
}

/// One resume in the list.
#[component]
fn ResumeRow(resume: ResumeSummary, on_delete: Callback<()>) -> impl IntoView {
    let (badge, badge_class) = match resume.kind {
        ResumeKind::Base => ("Base", "bg-indigo-50 text-indigo-800 ring-indigo-200"),
        ResumeKind::Tailored => (
            "Tailored",
            "bg-emerald-50 text-emerald-800 ring-emerald-200",
        ),
    };
    let name = resume.name.clone();
    let refine_link = (resume.kind == ResumeKind::Base).then(|| {
        view! {
            <A href=Page::Refine(resume.id.clone()).path() {..} class=BUTTON_SMALL data-testid="refine-resume" aria-label=format!("Tailor {name} with AI")>
                "Tailor with AI"
            </A>
        }
    });
    view! {
        <li data-testid="resume-row" class="flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between">
            <div class="min-w-0 flex-1">
                <div class="flex flex-wrap items-center gap-2">
                    <A href=Page::Resume(resume.id.clone()).path() {..} class=format!("{LINK} text-base break-words") data-testid="resume-link">
                        {resume.name.clone()}
                    </A>
                    <span data-testid="resume-kind" class=format!("rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset {badge_class}")>
                        {badge}
                    </span>
                </div>
                <dl class="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
                    {resume.company.clone().map(|company| view! {
                        <div class="flex gap-1">
                            <dt class="sr-only">"Company"</dt>
                            <dd data-testid="resume-company" class="font-medium text-slate-800">{company}</dd>
                        </div>
                    })}
                    {resume.parent.clone().map(|parent| view! {
                        <div class="flex gap-1">
                            <dt>"From"</dt>
                            <dd data-testid="resume-parent">
                                <A href=Page::Resume(parent.id.clone()).path() {..} class=LINK>{parent.name}</A>
                            </dd>
                        </div>
                    })}
                    <div class="flex gap-1">
                        <dt>"Updated"</dt>
                        <dd><time datetime=resume.updated_at.clone()>{local_time(&resume.updated_at)}</time></dd>
                    </div>
                </dl>
                {resume.notes.clone().filter(|notes| !notes.trim().is_empty()).map(|notes| view! {
                    <p data-testid="resume-notes" class="mt-1 text-sm text-slate-600 break-words">{preview(&notes, 140)}</p>
                })}
            </div>
            <div class="flex shrink-0 gap-2">
                {refine_link}
                <button
                    type="button"
                    class=BUTTON_SMALL_DANGER
                    data-testid="resume-delete"
                    aria-label=format!("Delete {name}")
                    on:click=move |_| on_delete.run(())
                >
                    "Delete"
                </button>
            </div>
        </li>
    }
}

/// The name of a new resume, and the button that creates it and opens it.
#[component]
fn NewResumeForm() -> impl IntoView {
    let api = AuthedApi::expect();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let create = ApiAction::new(move |name: &String| {
        let name = name.clone();
        let navigate = navigate.clone();
        async move {
            let resume = api.create_resume(&name).await?;
            navigate(&Page::Resume(resume.id).path(), Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let error = move || {
        create
            .value()
            .and_then(Result::err)
            .map(|error| error.field("name").unwrap_or(error.message))
    };
    view! {
        <form
            novalidate
            class=format!("{CARD} flex flex-col gap-3 sm:flex-row sm:items-end")
            on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(name.get_untracked().trim().to_owned());
            }
        >
            <div class="flex-1">
                <label for="new-resume-name" class="block text-sm font-medium text-slate-800">"New resume"</label>
                <input
                    id="new-resume-name"
                    data-testid="new-resume-name"
                    type="text"
                    placeholder="For example: Software engineer"
                    class=format!("mt-1 {INPUT}")
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby="new-resume-name-error"
                    bind:value=name
                />
                <p id="new-resume-name-error" data-testid="new-resume-name-error" class="mt-1 text-sm text-red-700 empty:hidden">
                    {error}
                </p>
            </div>
            <SubmitButton label="Create resume" pending_label="Creating…" pending=create.pending() testid="new-resume-submit" />
        </form>
    }
}

/// The confirmation before moving a resume to the trash, saying what goes with it.
#[component]
fn DeleteDialog(
    resume: ResumeSummary,
    /// Closes the dialog; with the answer when something was deleted.
    on_close: Callback<Option<DeleteResumeResponse>>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let id = resume.id.clone();
    let is_base = resume.kind == ResumeKind::Base;
    let tailored = ApiResource::new(move || {
        let id = id.clone();
        async move {
            if is_base {
                api.tailored_of(&id).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let delete = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.delete_resume(&id).await {
                Ok(deleted) => {
                    let names: Vec<String> =
                        deleted.resumes.iter().map(|r| r.name.clone()).collect();
                    toasts.success(format!(
                        "Moved {} to the trash: {}.",
                        count(deleted.trashed, "resume", "resumes"),
                        list_names(&names)
                    ));
                    on_close.run(Some(deleted));
                }
                Err(error) => {
                    toasts.api_error(&error);
                    on_close.run(None);
                }
            }
        }
    });
    let summary = {
        let resume = resume.clone();
        move || {
            match tailored.get() {
            None => view! { <span class="flex items-center gap-2"><Spinner />"Checking its tailored resumes…"</span> }.into_any(),
            Some(Ok(names)) => trash_consequence(&resume, &names).into_any(),
            Some(Err(error)) => format!("Could not list its tailored resumes: {error}").into_any(),
        }
        }
    };
    let id = resume.id.clone();
    view! {
        <ConfirmDialog
            title=format!("Move “{}” to the trash?", resume.name)
            confirm_label="Move to trash"
            pending=delete.pending()
            testid="delete-dialog"
            on_confirm=Callback::new(move |()| {
                delete.dispatch(id.clone());
            })
            on_cancel=Callback::new(move |()| on_close.run(None))
        >
            <p data-testid="delete-summary">{summary}</p>
            <p>"Resumes stay in the trash for 30 days; you can restore them until then."</p>
        </ConfirmDialog>
    }
}
