//! The full-size preview of a design: one page image at a time, large, with page navigation,
//! in a modal over the export dialog.

use leptos::prelude::*;

use crate::components::modal::Modal;
use crate::components::{BUTTON_SECONDARY, BUTTON_SMALL};

/// The width of a full-size page image in pixels.
pub const FULL_WIDTH: u32 = 1000;

/// The pages of the resume in the design labelled `label` (`Modern`), which aims at
/// `target_pages` pages if at all: the image of page `n` (from 1) is at `page_url(n)`, and
/// `pages` says how many there are once known.
pub fn page_preview(
    label: String,
    target_pages: Option<u32>,
    page_url: Callback<u32, String>,
    pages: Signal<Option<u32>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let page = RwSignal::new(1_u32);
    let position = Signal::derive(move || match pages.get() {
        Some(count) => format!("Page {} of {count}", page.get()),
        None => format!("Page {}", page.get()),
    });
    let too_long = {
        let label = label.clone();
        Signal::derive(move || match (target_pages, pages.get()) {
            (Some(target), Some(count)) if count > target => format!(
                "The {label} design aims at {target} page(s); this resume needs {count}. Nothing is left out."
            ),
            _ => String::new(),
        })
    };
    let alt = {
        let label = label.clone();
        Signal::derive(move || format!("Page {} of this resume in the {label} design", page.get()))
    };
    view! {
        <Modal title=format!("Preview: {label}") testid="export-preview" on_close=on_close wide=true>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid="export-preview-previous"
                    disabled=Signal::derive(move || page.get() <= 1)
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    "Previous page"
                </button>
                <p data-testid="export-preview-page" aria-live="polite" class="text-sm text-slate-700">{position}</p>
                <button
                    type="button"
                    class=BUTTON_SMALL
                    data-testid="export-preview-next"
                    disabled=Signal::derive(move || pages.get().is_none_or(|count| page.get() >= count))
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next page"
                </button>
            </div>
            <p
                data-testid="export-preview-warning"
                class="mt-2 text-sm text-amber-800"
                hidden=Signal::derive(move || too_long.with(String::is_empty))
            >
                {too_long}
            </p>
            <img
                data-testid="export-preview-image"
                alt=alt
                width=FULL_WIDTH
                src=Signal::derive(move || page_url.run(page.get()))
                class="mt-3 block h-auto w-full rounded border border-slate-200 bg-slate-100 shadow-sm"
            />
            <div class="mt-4 flex justify-end">
                <button type="button" class=BUTTON_SECONDARY data-testid="export-preview-close" on:click=move |_| on_close.run(())>
                    "Close preview"
                </button>
            </div>
        </Modal>
    }
}
