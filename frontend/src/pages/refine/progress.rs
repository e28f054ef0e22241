//! The refinement's stages and activity log ([`JobProgress`] with the stages of a refinement).

use leptos::prelude::*;

use super::run::{RunView, STAGES};
use crate::components::job_progress::JobProgress;

/// The stage list and the activity log.
#[component]
pub fn Progress(
    /// The job's state.
    #[prop(into)]
    run: Signal<RunView>,
) -> impl IntoView {
    view! {
        <JobProgress
            stages=&STAGES
            progress=Signal::derive(move || run.read().progress.clone())
            ended=Signal::derive(move || run.read().ended)
            testid="refine-progress"
            stages_testid="refine-stages"
        />
    }
}
