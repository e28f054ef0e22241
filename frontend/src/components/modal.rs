//! A modal window on the browser's `<dialog>`: the page behind is inert, focus stays inside,
//! and Escape closes it.

use leptos::html;
use leptos::prelude::*;

const NARROW: &str = "m-auto max-h-[calc(100%-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50";
const WIDE: &str = "m-auto max-h-[calc(100%-2rem)] w-[calc(100%-2rem)] max-w-5xl overflow-y-auto rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50";

/// A modal with a title, shown while mounted. Escape asks `on_close` (unless `busy`).
#[component]
pub fn Modal(
    /// The title.
    #[prop(into)]
    title: String,
    /// The test id; the title is `{testid}-title`.
    #[prop(into)]
    testid: String,
    /// Closes the modal.
    on_close: Callback<()>,
    /// While true, Escape does nothing (a request runs).
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// Wide (up to 64 rem) rather than 32 rem: for pictures and side-by-side choices.
    #[prop(optional)]
    wide: bool,
    /// The content.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        if let Some(dialog) = dialog.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let title_id = format!("{testid}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=dialog
            data-testid=testid
            aria-labelledby=labelled_by
            class=if wide { WIDE } else { NARROW }
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <div class="p-5">
                <h2 id=title_id class="text-lg font-semibold">{title}</h2>
                <div class="mt-3">{children()}</div>
            </div>
        </dialog>
    }
}
