//! The job's status line with what can be done about it: Cancel while it runs; after a
//! failure or a cancellation, the reason and Resume (roles already refined are kept).

use leptos::prelude::*;
use resume_shared::api::refinements::RefinementStatus;

use super::run::RunView;
use crate::components::spinner::Spinner;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};

/// The status in words, and its name for the page's `data-status` attribute.
#[must_use]
pub fn status_text(run: &RunView) -> (&'static str, &'static str) {
    match run.ended {
        None if run.progress.is_empty() => ("Starting…", "queued"),
        None => ("Working…", "running"),
        Some(RefinementStatus::Succeeded) => (
            "Finished. Review the roles below, then decide.",
            "succeeded",
        ),
        Some(RefinementStatus::Failed) => ("Stopped by an error.", "failed"),
        Some(RefinementStatus::Cancelled) => ("Cancelled.", "cancelled"),
        Some(RefinementStatus::Queued | RefinementStatus::Running) => ("Working…", "running"),
    }
}

/// Status, Cancel and Resume.
#[component]
pub fn Controls(
    /// The job's state.
    #[prop(into)]
    run: Signal<RunView>,
    /// Whether a cancel request runs.
    #[prop(into)]
    cancelling: Signal<bool>,
    /// Whether a resume request runs.
    #[prop(into)]
    resuming: Signal<bool>,
    /// Cancels the job.
    on_cancel: Callback<()>,
    /// Resumes the job.
    on_resume: Callback<()>,
) -> impl IntoView {
    let running = move || run.read().is_running();
    let stopped = move || {
        matches!(
            run.read().ended,
            Some(RefinementStatus::Failed | RefinementStatus::Cancelled)
        )
    };
    let resumable = move || {
        let run = run.read();
        match run.ended {
            Some(RefinementStatus::Cancelled) => true,
            Some(RefinementStatus::Failed) => run.error.as_ref().is_none_or(|e| e.retryable),
            _ => false,
        }
    };
    view! {
        <section class=format!("{CARD} flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between") aria-label="Status">
            <div class="min-w-0" role="status">
                <p class="flex items-center gap-2 text-sm font-medium text-slate-900" data-testid="refine-status" data-status=move || status_text(&run.read()).1>
                    <Show when=running><Spinner /></Show>
                    {move || status_text(&run.read()).0}
                </p>
                <Show when=stopped>
                    <p data-testid="refine-error" class="mt-1 text-sm break-words text-red-800">
                        {move || run.read().error.as_ref().map(|e| e.message.clone()).unwrap_or_default()}
                    </p>
                </Show>
            </div>
            <div class="flex shrink-0 flex-wrap gap-2">
                <Show when=running>
                    <button type="button" class=BUTTON_SECONDARY data-testid="refine-cancel" disabled=cancelling on:click=move |_| on_cancel.run(())>
                        <Show when=move || cancelling.get()><Spinner /></Show>
                        "Cancel"
                    </button>
                </Show>
                <Show when=resumable>
                    <button type="button" class=BUTTON_PRIMARY data-testid="refine-resume" disabled=resuming on:click=move |_| on_resume.run(())>
                        <Show when=move || resuming.get()><Spinner /></Show>
                        "Resume"
                    </button>
                </Show>
            </div>
        </section>
    }
}
