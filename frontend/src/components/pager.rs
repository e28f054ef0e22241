//! Previous / next paging with "Page 2 of 5 · 43 items".

use leptos::prelude::*;

use super::BUTTON_SMALL;

/// The number of pages for `total` items, at least 1.
#[must_use]
pub fn page_count(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page.max(1)).max(1)
}

/// Paging controls. Test ids: `{testid}` (the nav), `{testid}-status`, `{testid}-prev`,
/// `{testid}-next`.
#[component]
pub fn Pager(
    /// The current page, from 1.
    #[prop(into)]
    page: Signal<u64>,
    /// Items per page.
    #[prop(into)]
    per_page: Signal<u64>,
    /// Items in all.
    #[prop(into)]
    total: Signal<u64>,
    /// Asks for another page.
    on_page: Callback<u64>,
    /// The test id.
    #[prop(into)]
    testid: String,
    /// What the items are ("resumes").
    #[prop(into)]
    noun: String,
) -> impl IntoView {
    let pages = move || page_count(total.get(), per_page.get());
    view! {
        <nav aria-label="Pages" data-testid=testid.clone() class="flex flex-wrap items-center justify-between gap-2 pt-4 text-sm text-slate-700">
            <p data-testid=format!("{testid}-status")>
                {move || format!("Page {} of {} · {} {}", page.get(), pages(), total.get(), noun)}
            </p>
            <div class="flex gap-2">
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid=format!("{testid}-prev")
                    disabled=move || { page.get() <= 1 }
                    on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1).max(1))
                >
                    "Previous"
                </button>
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid=format!("{testid}-next")
                    disabled=move || { page.get() >= pages() }
                    on:click=move |_| on_page.run(page.get_untracked() + 1)
                >
                    "Next"
                </button>
            </div>
        </nav>
    }
}
