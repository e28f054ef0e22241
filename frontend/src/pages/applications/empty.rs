//! What the page says when there is no application yet.

use leptos::prelude::*;

/// There are no applications: how one is made.
#[component]
pub fn EmptyState() -> impl IntoView {
    view! {
        <div data-testid="applications-empty" class="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            <p class="font-medium text-slate-800">"No applications yet."</p>
            <p class="mt-1">
                "An application belongs to a resume: choose the resume you sent in “Track an application” above, and follow it here from saved to offer."
            </p>
        </div>
    }
}
