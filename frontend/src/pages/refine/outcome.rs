//! The end of a job: the generated introduction (with anything the fact guard flagged) and
//! keyword coverage before → after with the terms still missing.

use leptos::prelude::*;
use resume_shared::api::refinements::{CoverageEvent, IntroductionEvent};

use super::role_card::{flag_text, render_pieces};
use crate::components::CARD;
use crate::diff::{Change, Piece};

/// The introduction panel.
#[component]
pub fn IntroductionPanel(
    /// The introduction.
    introduction: IntroductionEvent,
) -> impl IntoView {
    let terms: Vec<String> = introduction
        .flags
        .iter()
        .map(|flag| flag.term.clone())
        .collect();
    let pieces: Vec<Piece> = introduction
        .text
        .split_whitespace()
        .map(|word| Piece {
            text: word.to_owned(),
            change: Change::Same,
        })
        .collect();
    let flags = introduction.flags.clone();
    view! {
        <section class=CARD aria-labelledby="refine-introduction-title" data-testid="refine-introduction">
            <h2 id="refine-introduction-title" class="text-lg font-semibold">"Introduction"</h2>
            <p class="mt-2 text-sm break-words text-slate-800" data-testid="refine-introduction-text">
                {render_pieces(pieces, terms)}
            </p>
            {(!flags.is_empty()).then(|| view! {
                <ul role="note" class="mt-2 list-inside list-disc text-sm text-amber-900" data-testid="introduction-flags">
                    {flags.iter().map(|flag| view! { <li data-testid="introduction-flag" class="break-words">{flag_text(flag)}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// The coverage panel.
#[component]
pub fn CoveragePanel(
    /// Coverage before and after.
    coverage: CoverageEvent,
) -> impl IntoView {
    let before = coverage.before.score;
    let after = coverage.after.score;
    let missing = coverage.missing.clone();
    view! {
        <section class=CARD aria-labelledby="refine-coverage-title" data-testid="refine-coverage">
            <h2 id="refine-coverage-title" class="text-lg font-semibold">"Keyword coverage"</h2>
            <p class="mt-2 flex items-baseline gap-2 text-2xl font-semibold">
                <span data-testid="coverage-before" class="text-slate-600">{format!("{before}%")}</span>
                <span aria-hidden="true" class="text-slate-500">"→"</span>
                <span class="sr-only">"after refining:"</span>
                <span data-testid="coverage-after" class="text-emerald-700">{format!("{after}%")}</span>
            </p>
            <p class="text-xs text-slate-600">"Share of the job's key skills and duties the resume mentions, before and after refining."</p>
            <h3 class="mt-3 text-sm font-semibold text-slate-800">"Still missing"</h3>
            {if missing.is_empty() {
                view! { <p class="text-sm text-slate-600" data-testid="coverage-none-missing">"Nothing: every key skill and duty is covered."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-1 flex flex-wrap gap-1.5">
                        {missing.into_iter().map(|term| view! {
                            <li data-testid="coverage-missing" class="rounded-full bg-slate-100 px-2 py-0.5 text-xs break-all text-slate-800">{term}</li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
