//! The timeline of an application: each status change, oldest first, with who made it (and the
//! administrator acting for them, if one did) and when, in the browser's time zone.

use leptos::prelude::*;
use resume_shared::api::applications::ApplicationEvent;

use super::status_label;
use crate::format::local_time;

/// The status changes of one application.
#[component]
pub fn Timeline(
    /// The events, oldest first.
    events: Vec<ApplicationEvent>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="application-timeline-title" class="mt-6">
            <h3 id="application-timeline-title" class="text-sm font-semibold text-slate-900">"Timeline"</h3>
            <ol data-testid="application-timeline" class="mt-2 space-y-2 border-l-2 border-slate-200 pl-4">
                {events.into_iter().map(|event| view! { <TimelineEntry event=event /> }).collect_view()}
            </ol>
        </section>
    }
}

/// One status change: `Saved → Applied`, by whom, when.
#[component]
fn TimelineEntry(
    /// The change.
    event: ApplicationEvent,
) -> impl IntoView {
    let change = match event.from {
        Some(from) => format!("{} → {}", status_label(from), status_label(event.to)),
        None => format!("Tracked as {}", status_label(event.to)),
    };
    let actor = event
        .actor
        .map_or_else(|| "a deleted account".to_owned(), |actor| actor.username);
    let on_behalf = event
        .impersonator
        .map(|admin| format!(" (by the administrator {} acting for them)", admin.username));
    view! {
        <li data-testid="timeline-entry" class="text-sm">
            <p data-testid="timeline-change" class="font-medium text-slate-900">{change}</p>
            <p class="text-slate-600">
                <span data-testid="timeline-actor">{actor}</span>
                {on_behalf}
                " · "
                <time datetime=event.changed_at.clone()>{local_time(&event.changed_at)}</time>
            </p>
        </li>
    }
}
