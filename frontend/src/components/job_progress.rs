//! The stages of a job in order, each waiting, working, done or stopped with its latest
//! message, and the activity log of the progress messages as they arrived (a message repeated
//! right after itself shows once, with a count: see [`activity`]).

use leptos::prelude::*;
use resume_shared::api::refinements::{ProgressEvent, RefinementStatus, Stage};

use super::CARD;
use super::spinner::Spinner;
use crate::jobs::stages::{StageState, activity, stage_message, stage_name, stage_state};

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

/// The stage list and the activity log of a job. The section's test id is `testid` and its
/// heading's id `{testid}-title`; each stage is
/// `stage-{name}` with its state in `data-state`, the log `progress-log` with one
/// `progress-entry` per line.
#[component]
pub fn JobProgress(
    /// The stages of the job, in order, with their labels.
    stages: &'static [(Stage, &'static str)],
    /// The job's progress events, in arrival order.
    #[prop(into)]
    progress: Signal<Vec<ProgressEvent>>,
    /// How the latest run ended; `None` while it runs.
    #[prop(into)]
    ended: Signal<Option<RefinementStatus>>,
    /// The section's test id.
    testid: &'static str,
    /// The stage list's test id.
    stages_testid: &'static str,
) -> impl IntoView {
    let title_id = format!("{testid}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class=CARD aria-labelledby=labelled_by data-testid=testid>
            <h2 id=title_id class="text-lg font-semibold">"Progress"</h2>
            <ol class="mt-3 space-y-2" data-testid=stages_testid>
                {stages
                    .iter()
                    .map(|(stage, label)| {
                        let stage = *stage;
                        let state = move || stage_state(stages, &progress.read(), ended.get(), stage);
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
                                        {move || stage_message(&progress.read(), stage).unwrap_or_default()}
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
                    activity(&progress.read())
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
