//! The application tracker (`/applications`): where each resume was sent, what happened and
//! what comes next.
//!
//! One file per job: [`url`] (the view, filter, order and page in the address), [`track`]
//! (starting to track a resume's application), [`board`] and [`card`] (one column per status;
//! a card moves by drag and drop or with its "Move to…" choice), [`list`] and [`filters`] (the
//! table with status, text filter, order and paging), [`empty`] (what shows before the first
//! application), [`detail`], [`form`], [`delete`] and [`timeline`] (the side panel of one
//! application).
//!
//! The parts share a [`Tracker`]: which application the panel shows, and a revision that every
//! write raises, so the board, the list and the panel load again and show what the server has.

pub mod board;
pub mod card;
pub mod delete;
pub mod detail;
pub mod empty;
pub mod filters;
pub mod form;
pub mod letters;
pub mod list;
pub mod status_select;
pub mod timeline;
pub mod track;
pub mod url;

use leptos::prelude::*;
use resume_shared::api::applications::ApplicationStatus;

use self::board::Board;
use self::detail::ApplicationDetail;
use self::list::ListView;
use self::track::TrackForm;
use self::url::{ApplicationsState, View};
use super::PageTitle;
use crate::api::applications::export_url;
use crate::components::BUTTON_SECONDARY;
use crate::routes::Page;
use crate::url_state::ListUrl;

/// How a status reads on the page.
#[must_use]
pub const fn status_label(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Saved => "Saved",
        ApplicationStatus::Applied => "Applied",
        ApplicationStatus::Interviewing => "Interviewing",
        ApplicationStatus::Offer => "Offer",
        ApplicationStatus::Rejected => "Rejected",
        ApplicationStatus::Withdrawn => "Withdrawn",
    }
}

/// The application the side panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    /// The resume it belongs to.
    pub resume_id: String,
    /// The resume's name, as the panel's title.
    pub resume_name: String,
}

/// What the parts of the page share. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Tracker {
    revision: RwSignal<u64>,
    selected: RwSignal<Option<Selected>>,
}

impl Default for Tracker {
    fn default() -> Self {
        Self::new()
    }
}

impl Tracker {
    /// Nothing selected.
    #[must_use]
    pub fn new() -> Self {
        Self {
            revision: RwSignal::new(0),
            selected: RwSignal::new(None),
        }
    }

    /// Subscribes to the revision: a fetch that calls this runs again after every write.
    pub fn track(self) {
        self.revision.track();
    }

    /// Something was written (or refused): everything shown loads again.
    pub fn changed(self) {
        // `try_`: a write may finish after the page is gone.
        let _ = self.revision.try_update(|revision| *revision += 1);
    }

    /// The application the panel shows, tracked.
    #[must_use]
    pub fn selected(self) -> Option<Selected> {
        self.selected.get()
    }

    /// Shows the application of `resume_id` in the panel.
    pub fn open(self, resume_id: String, resume_name: String) {
        let _ = self.selected.try_set(Some(Selected {
            resume_id,
            resume_name,
        }));
    }

    /// Closes the panel.
    pub fn close(self) {
        let _ = self.selected.try_set(None);
    }
}

/// The applications screen.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let url = ListUrl::<ApplicationsState>::new(&Page::Applications);
    let state = url.state();
    // Only a change of view swaps the board and the list (not every filter change).
    let view = Memo::new(move |_| state.with(|state| state.view));
    let tracker = Tracker::new();
    let view_button = move |label: &'static str, which: View, testid: &'static str| {
        view! {
            <button
                type="button"
                data-testid=testid
                aria-pressed=move || (view.get() == which).to_string()
                class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-pressed:bg-white aria-pressed:text-indigo-800 aria-pressed:shadow-sm"
                on:click=move |_| url.push(|state| state.view = which)
            >
                {label}
            </button>
        }
    };
    let shown = move || match view.get() {
        View::Board => view! { <Board tracker=tracker /> }.into_any(),
        View::List => view! { <ListView tracker=tracker url=url /> }.into_any(),
    };
    let detail = move || {
        tracker
            .selected()
            .map(|selected| view! { <ApplicationDetail selected=selected tracker=tracker /> })
    };
    view! {
        <div data-testid="applications-page">
            <PageTitle
                title="Applications"
                subtitle="Where each resume was sent, what happened and what comes next."
            />
            <TrackForm tracker=tracker />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-2">
                <div role="group" aria-label="View" class="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
                    {view_button("Board", View::Board, "view-board")}
                    {view_button("List", View::List, "view-list")}
                </div>
                <a href=export_url() download="" class=BUTTON_SECONDARY data-testid="applications-export">
                    "Export CSV"
                </a>
            </div>
            <div class="mt-4 flex flex-col gap-6 xl:flex-row xl:items-start">
                <div class="min-w-0 flex-1">{shown}</div>
                {detail}
            </div>
        </div>
    }
}
