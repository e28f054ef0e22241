//! The fact guard's findings for the saved text: numbers and names the resume does not
//! contain, one item each, to check before the letter is sent.

use leptos::prelude::*;
use resume_shared::api::refinements::FactFlag;

use crate::fact_flags::flag_text;

/// The terms of `flags`, for marking them in the preview.
#[must_use]
pub fn flagged_terms(flags: &[FactFlag]) -> Vec<String> {
    flags.iter().map(|flag| flag.term.clone()).collect()
}

/// The findings, or a line saying there are none.
#[component]
pub fn LetterFlags(
    /// The findings of the saved text.
    #[prop(into)]
    flags: Signal<Vec<FactFlag>>,
    /// Whether the text changed since (the findings are then of the saved text).
    #[prop(into)]
    edited: Signal<bool>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="letter-flags-title" class="mt-4">
            <h2 id="letter-flags-title" class="text-sm font-semibold text-slate-800">"Check these facts"</h2>
            {move || {
                let flags = flags.get();
                if flags.is_empty() {
                    view! {
                        <p class="mt-1 text-sm text-slate-600" data-testid="letter-flags-none">
                            "Every number and name in the saved letter is in the resume."
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <div role="note" class="mt-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                            <ul class="list-inside list-disc" data-testid="letter-flags">
                                {flags
                                    .iter()
                                    .map(|flag| view! { <li data-testid="letter-flag" class="break-words">{flag_text(flag)}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                    .into_any()
                }
            }}
            <Show when=move || edited.get()>
                <p class="mt-1 text-xs text-slate-600" data-testid="letter-flags-stale">"These are the findings of the saved text: save to check your changes."</p>
            </Show>
        </section>
    }
}
