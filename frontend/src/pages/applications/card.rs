//! One application on the board: the resume (a link to the editor), the company, the next step
//! and its date; it can be dragged to another column, moved with its "Move to…" choice, and
//! opened in the side panel.

use leptos::ev::DragEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use resume_shared::api::applications::{ApplicationStatus, ApplicationSummary};

use super::board::Move;
use super::{Tracker, status_label};
use crate::components::{BUTTON_SMALL, LINK};
use crate::routes::Page;

/// The drag data's format: it holds the resume id of the dragged card.
pub const DRAG_FORMAT: &str = "text/plain";

/// The "Move to…" choice: a small select.
const MOVE_SELECT: &str = "block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-900 focus:border-indigo-600 focus:outline-2 focus:outline-indigo-600";

/// A card of the board.
#[component]
pub fn ApplicationCard(
    /// The application.
    application: ApplicationSummary,
    /// The page's shared state: "Details" opens the panel.
    tracker: Tracker,
    /// Asks for a move.
    on_move: Callback<Move>,
) -> impl IntoView {
    let ApplicationSummary {
        resume_id,
        resume_name,
        company,
        status,
        next_step,
        next_step_on,
        ..
    } = application;
    let dragged_id = resume_id.clone();
    let on_drag_start = move |ev: DragEvent| {
        if let Some(data) = ev.data_transfer() {
            let _ = data.set_data(DRAG_FORMAT, &dragged_id);
            data.set_effect_allowed("move");
        }
    };
    let move_name = resume_name.clone();
    let open_label = format!("Details of the application of {resume_name}");
    let open = {
        let (id, name) = (resume_id.clone(), resume_name.clone());
        move |_| tracker.open(id.clone(), name.clone())
    };
    let next = (next_step.is_some() || next_step_on.is_some()).then(|| {
        view! {
            <p class="mt-1 text-sm text-slate-700">
                <span class="font-medium">"Next: "</span>
                {next_step.map(|step| view! { <span data-testid="card-next-step" class="break-words">{step}</span> })}
                {next_step_on.map(|on| view! { " " <time data-testid="card-next-step-on" datetime=on.clone()>{format!("({on})")}</time> })}
            </p>
        }
    });
    view! {
        <li
            data-testid="application-card"
            data-status=status.as_str()
            draggable="true"
            class="cursor-grab rounded-lg border border-slate-200 bg-white p-3 shadow-sm active:cursor-grabbing"
            on:dragstart=on_drag_start
        >
            <A href=Page::Resume(resume_id.clone()).path() {..} class=format!("{LINK} break-words") draggable="false" data-testid="application-resume-link">
                {resume_name.clone()}
            </A>
            {company.map(|company| view! { <p data-testid="card-company" class="text-sm text-slate-600 break-words">{company}</p> })}
            {next}
            <div class="mt-2 flex items-center gap-2">
                <MoveSelect resume_id=resume_id resume_name=move_name status=status on_move=on_move />
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid="application-open"
                    aria-label=open_label
                    on:click=open
                >
                    "Details"
                </button>
            </div>
        </li>
    }
}

/// "Move to…": the keyboard's way to move a card to another column.
#[component]
fn MoveSelect(
    /// The resume whose application moves.
    resume_id: String,
    /// Its name, for the label.
    resume_name: String,
    /// Where it stands (not offered).
    status: ApplicationStatus,
    /// Asks for a move.
    on_move: Callback<Move>,
) -> impl IntoView {
    let select_id = format!("move-{resume_id}");
    view! {
        <label for=select_id.clone() class="sr-only">{format!("Move the application of {resume_name} to")}</label>
        <select
            id=select_id
            data-testid="application-move"
            class=MOVE_SELECT
            on:change=move |ev| {
                if let Some(to) = ApplicationStatus::from_name(&event_target_value(&ev)) {
                    on_move.run((resume_id.clone(), to));
                }
            }
        >
            <option value="" selected>"Move to…"</option>
            {ApplicationStatus::ALL
                .into_iter()
                .filter(|option| *option != status)
                .map(|option| view! { <option value=option.as_str()>{status_label(option)}</option> })
                .collect_view()}
        </select>
    }
}
