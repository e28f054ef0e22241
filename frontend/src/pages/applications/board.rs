//! The board: one column per status, a card per application. A card dropped on another column,
//! or moved with its "Move to…" choice, changes status on the server (based on the version it
//! has there); the board then loads again, so every card stands where the server says, a
//! refused move included.

use leptos::ev::DragEvent;
use leptos::prelude::*;
use resume_shared::api::applications::{ApplicationStatus, ApplicationSummary};

use super::card::{ApplicationCard, DRAG_FORMAT};
use super::empty::EmptyState;
use super::{Tracker, status_label};
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::{Loading, Spinner};
use crate::state::Toasts;

/// A move asked for: the resume whose application moves, and where to.
pub type Move = (String, ApplicationStatus);

/// Every application, one column per status.
#[component]
pub fn Board(
    /// The page's shared state: the board loads again after every write.
    tracker: Tracker,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let applications = ApiResource::new(move || {
        tracker.track();
        api.all_applications()
    });
    let moving = ApiAction::new(move |(id, status): &Move| {
        let (id, status) = (id.clone(), *status);
        async move {
            match api.move_application(&id, status).await {
                Ok(_) => {}
                Err(error) if error.is("version_conflict") => toasts.error(
                    "The application was changed elsewhere while it moved: it is shown as it is now.",
                ),
                Err(error) => toasts.api_error(&error),
            }
            tracker.changed();
        }
    });
    let on_move = Callback::new(move |request: Move| moving.dispatch(request));
    let (refreshing, set_refreshing) = signal(false);
    let busy = move || refreshing.get() || moving.pending().get();
    let board = move || {
        applications.get().map(|result| {
            result.map(|items| {
                if items.is_empty() {
                    return view! { <EmptyState /> }.into_any();
                }
                view! {
                    <div data-testid="board" class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                        {ApplicationStatus::ALL
                            .into_iter()
                            .map(|status| {
                                let cards = items
                                    .iter()
                                    .filter(|item| item.status == status)
                                    .cloned()
                                    .collect::<Vec<_>>();
                                view! { <BoardColumn status=status cards=cards tracker=tracker on_move=on_move /> }
                            })
                            .collect_view()}
                    </div>
                }
                .into_any()
            })
        })
    };
    view! {
        <section aria-labelledby="board-title">
            <div class="mb-2 flex items-center justify-between gap-2">
                <h2 id="board-title" class="text-base font-semibold text-slate-900">"Board"</h2>
                <Show when=busy>
                    <span role="status" data-testid="board-refreshing" class="flex items-center gap-2 text-sm text-slate-600">
                        <Spinner />
                        "Updating…"
                    </span>
                </Show>
            </div>
            <p class="mb-3 text-sm text-slate-600">
                "Drag a card to another column, or use its “Move to…” choice, to change its status."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading applications…" /> } set_pending=set_refreshing>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| applications.refetch())
                        />
                    }
                }>{board}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// One status's column: its cards, and the drop target that moves a card here.
#[component]
fn BoardColumn(
    /// The column's status.
    status: ApplicationStatus,
    /// The applications with that status.
    cards: Vec<ApplicationSummary>,
    /// The page's shared state.
    tracker: Tracker,
    /// Asks for a move.
    on_move: Callback<Move>,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let name = status.as_str();
    let title_id = format!("board-column-{name}-title");
    let labelled_by = title_id.clone();
    let count = cards.len();
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let dragged = ev
            .data_transfer()
            .and_then(|data| data.get_data(DRAG_FORMAT).ok())
            .filter(|id| !id.is_empty());
        if let Some(id) = dragged {
            on_move.run((id, status));
        }
    };
    view! {
        <section
            data-testid=format!("board-column-{name}")
            aria-labelledby=labelled_by
            class=move || format!(
                "flex min-w-0 flex-col rounded-xl border p-3 {}",
                if over.get() { "border-indigo-500 bg-indigo-50" } else { "border-slate-200 bg-slate-50" }
            )
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                if let Some(data) = ev.data_transfer() {
                    data.set_drop_effect("move");
                }
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <h3 id=title_id class="flex items-center justify-between gap-2 text-sm font-semibold text-slate-800">
                {status_label(status)}
                <span data-testid="board-column-count" class="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200">
                    {count}
                </span>
            </h3>
            <ul class="mt-2 flex min-h-16 flex-col gap-2">
                {cards
                    .into_iter()
                    .map(|application| view! { <ApplicationCard application=application tracker=tracker on_move=on_move /> })
                    .collect_view()}
            </ul>
        </section>
    }
}
