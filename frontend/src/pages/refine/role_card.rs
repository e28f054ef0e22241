//! One role as it finished: the original and the refinement side by side with a word diff
//! (removed words struck through on the left, added words marked on the right), skills added
//! or dropped, what the fact guard flagged, and the choice to keep the refinement or the
//! original.

use leptos::prelude::*;
use resume_shared::api::refinements::RoleEvent;
use resume_shared::resume::Role;

use super::run::RoleOutcome;
use crate::components::CARD;
use crate::diff::{Change, Piece, is_flagged, word_diff};
pub use crate::fact_flags::flag_text;

/// `Title at Company, 2019-04 – now`.
#[must_use]
pub fn role_heading(role: &Role) -> String {
    let basics = &role.basics;
    let end = basics
        .end_date
        .map_or_else(|| "now".to_owned(), |date| date.to_string());
    format!(
        "{} at {}, {} – {end}",
        basics.title, basics.company, basics.start_date
    )
}

/// Pieces of a diffed text as inline elements; `terms` are marked as flagged.
pub fn render_pieces(pieces: Vec<Piece>, terms: Vec<String>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| match piece.change {
            Change::LineBreak => view! { <br /> }.into_any(),
            Change::Same if is_flagged(&piece.text, &terms) => view! {
                <mark data-testid="flagged-term" class="rounded bg-amber-200 px-0.5 text-slate-900">{piece.text}</mark>" "
            }
            .into_any(),
            Change::Same => view! { {piece.text}" " }.into_any(),
            Change::Removed => view! {
                <del data-testid="diff-removed" class="bg-red-100 text-red-900">{piece.text}</del>" "
            }
            .into_any(),
            Change::Added if is_flagged(&piece.text, &terms) => view! {
                <mark data-testid="flagged-term" class="rounded bg-amber-200 px-0.5 font-medium text-slate-900 underline decoration-amber-700 decoration-wavy">{piece.text}</mark>" "
            }
            .into_any(),
            Change::Added => view! {
                <ins data-testid="diff-added" class="bg-emerald-100 text-emerald-900 no-underline">{piece.text}</ins>" "
            }
            .into_any(),
        })
        .collect_view()
}

fn skills_view(skills: &[String], other: &[String], change: Change) -> impl IntoView {
    skills
        .iter()
        .map(|skill| {
            let differs = !other.contains(skill);
            let class = match (differs, change) {
                (true, Change::Added) => "rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900 ring-1 ring-emerald-300 ring-inset",
                (true, _) => "rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-900 line-through ring-1 ring-red-200 ring-inset",
                (false, _) => "rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-800",
            };
            view! { <li class=format!("{class} break-all")>{skill.clone()}</li> }
        })
        .collect_view()
}

/// One side of the comparison.
fn side(
    title: &'static str,
    testid: &'static str,
    role: &Role,
    other: &Role,
    change: Change,
    terms: &[String],
) -> impl IntoView {
    let pick = |original: &str, refined: &str| match change {
        Change::Added => word_diff(original, refined).1,
        _ => word_diff(original, refined).0,
    };
    let (mine, theirs) = (
        role.summary.clone().unwrap_or_default(),
        other.summary.clone().unwrap_or_default(),
    );
    let summary = match change {
        Change::Added => pick(&theirs, &mine),
        _ => pick(&mine, &theirs),
    };
    let (mine_r, theirs_r) = (
        role.responsibilities.clone().unwrap_or_default(),
        other.responsibilities.clone().unwrap_or_default(),
    );
    let responsibilities = match change {
        Change::Added => pick(&theirs_r, &mine_r),
        _ => pick(&mine_r, &theirs_r),
    };
    let terms = terms.to_vec();
    view! {
        <div data-testid=testid class="min-w-0 rounded-lg border border-slate-200 p-3">
            <h4 class="text-sm font-semibold text-slate-800">{title}</h4>
            <h5 class="mt-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">"Summary"</h5>
            <p class="mt-0.5 text-sm break-words text-slate-800" data-testid=format!("{testid}-summary")>
                {render_pieces(summary, terms.clone())}
            </p>
            <h5 class="mt-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">"Responsibilities"</h5>
            <p class="mt-0.5 text-sm break-words text-slate-800" data-testid=format!("{testid}-responsibilities")>
                {render_pieces(responsibilities, terms)}
            </p>
            <h5 class="mt-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">"Skills"</h5>
            <ul class="mt-1 flex flex-wrap gap-1.5">{skills_view(&role.skills, &other.skills, change)}</ul>
        </div>
    }
}

/// The buttons that keep the refinement or the original.
#[component]
fn Choice(
    /// 1-based number, for labels.
    number: usize,
    /// Whether the refinement is kept.
    accepted: Signal<bool>,
    /// Keep (`true`) or reject (`false`) the refinement.
    on_choose: Callback<bool>,
    /// Whether choosing is possible.
    enabled: Signal<bool>,
) -> impl IntoView {
    let button = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 aria-pressed:bg-white aria-pressed:text-indigo-800 aria-pressed:shadow-sm";
    view! {
        <div role="group" aria-label=format!("Role {number}: which text to keep") class="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
            <button
                type="button"
                class=button
                data-testid="role-accept"
                aria-pressed=move || accepted.get().to_string()
                disabled=move || !enabled.get()
                on:click=move |_| on_choose.run(true)
            >
                "Use refined"
            </button>
            <button
                type="button"
                class=button
                data-testid="role-reject"
                aria-pressed=move || (!accepted.get()).to_string()
                disabled=move || !enabled.get()
                on:click=move |_| on_choose.run(false)
            >
                "Keep original"
            </button>
        </div>
    }
}

fn refined_view(
    event: RoleEvent,
    accepted: Signal<bool>,
    on_choose: Callback<bool>,
    enabled: Signal<bool>,
) -> AnyView {
    let terms: Vec<String> = event.flags.iter().map(|flag| flag.term.clone()).collect();
    let number = event.index + 1;
    let flags = event.flags.clone();
    view! {
        <div class="flex flex-wrap items-start justify-between gap-2">
            <div class="min-w-0">
                <h3 class="text-base font-semibold break-words" data-testid="role-heading">{role_heading(&event.original)}</h3>
                <p class="text-xs text-slate-600" data-testid="role-decision">
                    {move || if accepted.get() { "The refined text will be used." } else { "The original text will be kept." }}
                </p>
            </div>
            <Choice number=number accepted=accepted on_choose=on_choose enabled=enabled />
        </div>
        {(!flags.is_empty()).then(|| view! {
            <div role="note" class="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="role-flags">
                <p class="font-semibold">"Check before accepting"</p>
                <ul class="mt-1 list-inside list-disc">
                    {flags.iter().map(|flag| view! { <li data-testid="role-flag" data-kind=format!("{:?}", flag.kind).to_ascii_lowercase() class="break-words">{flag_text(flag)}</li> }).collect_view()}
                </ul>
            </div>
        })}
        <div class="mt-3 grid gap-3 md:grid-cols-2">
            {side("Original", "role-original", &event.original, &event.refined, Change::Removed, &[])}
            {side("Refined", "role-refined", &event.refined, &event.original, Change::Added, &terms)}
        </div>
    }
    .into_any()
}

/// One role's card.
#[component]
pub fn RoleCard(
    /// Position of the role, from 0.
    index: usize,
    /// How it finished.
    outcome: RoleOutcome,
    /// Whether its refinement is kept.
    #[prop(into)]
    accepted: Signal<bool>,
    /// Keeps or rejects the refinement.
    on_choose: Callback<bool>,
    /// Whether choosing is possible (not after applying).
    #[prop(into)]
    enabled: Signal<bool>,
) -> impl IntoView {
    let failed = matches!(outcome, RoleOutcome::Failed { .. });
    let body = match outcome {
        RoleOutcome::Refined(event) => refined_view(*event, accepted, on_choose, enabled),
        RoleOutcome::Failed { title, message } => view! {
            <h3 class="text-base font-semibold" data-testid="role-failed-title">
                {title.unwrap_or_else(|| format!("Role {}", index + 1))}
            </h3>
            <p role="alert" data-testid="role-failed" class="mt-2 text-sm break-words text-red-800">
                {message}
            </p>
        }
        .into_any(),
    };
    view! {
        <li
            data-testid="role-card"
            data-index=index.to_string()
            data-status=if failed { "failed" } else { "refined" }
            class=format!("{CARD} list-none")
        >
            {body}
        </li>
    }
}
