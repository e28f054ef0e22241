//! Loading indicators: a spinning ring for buttons, and a block for areas that wait for data.

use leptos::prelude::*;

/// A small spinning ring in the current text colour (decorative: the text says what happens).
#[component]
pub fn Spinner() -> impl IntoView {
    view! {
        <span
            class="inline-block h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent"
            aria-hidden="true"
        ></span>
    }
}

/// "Loading…" with a spinner, announced to screen readers.
#[component]
pub fn Loading(
    /// What is loading, e.g. "Loading resumes…".
    #[prop(into, default = "Loading…".to_owned())]
    label: String,
) -> impl IntoView {
    view! {
        <div role="status" data-testid="loading" class="flex items-center gap-2 py-6 text-sm text-slate-600">
            <Spinner />
            <span>{label}</span>
        </div>
    }
}
