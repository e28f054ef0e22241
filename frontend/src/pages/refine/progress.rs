//! The stages of a job in order, each waiting, working, done or stopped with its latest
//! message, and the activity log of the progress messages as they arrived (a message repeated
//! right after itself shows once, with a count: see [`activity`]).

use leptos::prelude::*;

use super::run::{RunView, STAGES, StageState, activity, stage_name};
use crate::components::CARD;
use crate::components::spinner::Spinner;

fn marker(state: StageState) -> AnyView {
    match state {
        StageState::Waiting => view! { <span aria-hidden="true" class="inline-block h-4 w-4 rounded-full border-2 border-slate-300"></span> }.into_any(),
        StageState::Active => view! { <span class="text-indigo-700"><Spinner /></span> }.into_any(),
        StageState::Done => view! { <span aria-hidden="true" class="inline-flex h-4 w-4 items-center justify-center rounded-full bg-emerald-600 text-[10px] font-bold text-white">"✓"</span> }.into_any(),
        StageState::Stopped => view! { <span aria-hidden="true" class="inline-flex h-4 w-4 items-center justify-center rounded-full bg-red-600 text-[10px] font-bold text-white">"!"</span> }.into_any(),
    }
}

fn state_label(state: StageState) -> &'static str {
    match state {
        StageState::Waiting => "waiting",
        StageState::Active => "in progress",
        StageState::Done => "done",
        StageState::Stopped => "stopped",
    }
}

/// The stage list and the activity log.
#[component]
pub fn Progress(
    /// The job's state.
    #[prop(into)]
    run: Signal<RunView>,
) -> impl IntoView {
    view! {
        <section class=CARD aria-labelledby="refine-progress-title" data-testid="refine-progress">
            <h2 id="refine-progress-title" class="text-lg font-semibold">"Progress"</h2>
            <ol class="mt-3 space-y-2" data-testid="refine-stages">
                {STAGES
                    .iter()
                    .map(|(stage, label)| {
                        let stage = *stage;
                        let state = move || run.read().stage_state(stage);
                        view! {
                            <li
                                class="flex items-start gap-3"
                                data-testid=format!("stage-{}", stage_name(stage))
                                data-state=move || state().as_str()
                            >
                                <span class="mt-0.5 flex h-4 w-4 shrink-0">{move || marker(state())}</span>
                                <span class="min-w-0">
                                    <span class="block text-sm font-medium text-slate-900">
                                        {*label}
                                        <span class="sr-only">{move || format!(" ({})", state_label(state()))}</span>
                                    </span>
                                    <span class="block text-xs break-words text-slate-600">
                                        {move || run.read().stage_message(stage).unwrap_or_default()}
                                    </span>
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <h3 class="mt-4 text-sm font-semibold text-slate-800">"Activity"</h3>
            <ol
                class="mt-1 max-h-40 space-y-0.5 overflow-y-auto text-xs text-slate-600"
                data-testid="progress-log"
                aria-live="polite"
                tabindex="0"
                aria-label="Activity"
            >
                {move || {
                    activity(&run.read().progress)
                        .into_iter()
                        .map(|line| {
                            let times = (line.times > 1).then(|| view! {
                                <span class="text-slate-500" data-testid="progress-entry-times">
                                    <span aria-hidden="true">{format!(" (×{})", line.times)}</span>
                                    <span class="sr-only">{format!(", {} times", line.times)}</span>
                                </span>
                            });
                            view! {
                                <li data-testid="progress-entry" data-stage=stage_name(line.stage) class="break-words">
                                    {line.message}
                                    {times}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
