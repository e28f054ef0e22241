//! What the page knows about a refinement job, built from its event stream one event at a
//! time ([`RunView::apply`]): the progress log, the analysis, each role's outcome, the
//! introduction, the coverage, the latest error and how the latest run ended.
//!
//! A resumed job has several runs, each ending with a `done` event; a replay from the first
//! event goes through them all and ends in the same state as a client that watched live.

use std::collections::BTreeMap;

use resume_shared::api::refinements::{
    CoverageEvent, DoneEvent, ErrorEvent, EventKind, IntroductionEvent, JobAnalysisView,
    ProgressEvent, RefinementStatus, RoleEvent, Stage,
};

use crate::jobs::follower::JobEvents;
pub use crate::jobs::stages::{ActivityLine, StageState, activity, stage_name};

/// The stages of a job in order, with their labels.
pub const STAGES: [(Stage, &str); 5] = [
    (Stage::Parse, "Reading the resume"),
    (Stage::Analysis, "Analysing the job description"),
    (Stage::Roles, "Refining the roles"),
    (Stage::Introduction, "Writing the introduction"),
    (Stage::Coverage, "Measuring keyword coverage"),
];

/// What became of one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleOutcome {
    /// Refined: the original, the refinement and the fact guard's flags.
    Refined(Box<RoleEvent>),
    /// The model's answer could not be used; resuming tries again.
    Failed {
        /// The role's title and company, when the server named them.
        title: Option<String>,
        /// What went wrong.
        message: String,
    },
}

/// The state of a job as its events tell it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunView {
    /// Every progress event, in arrival order.
    pub progress: Vec<ProgressEvent>,
    /// The job analysis, once done.
    pub analysis: Option<JobAnalysisView>,
    /// The roles that finished or failed, by index.
    pub roles: BTreeMap<usize, RoleOutcome>,
    /// The introduction, once written.
    pub introduction: Option<IntroductionEvent>,
    /// Keyword coverage before and after, once measured.
    pub coverage: Option<CoverageEvent>,
    /// The latest error of the current run.
    pub error: Option<ErrorEvent>,
    /// How the latest run ended; `None` while it runs.
    pub ended: Option<RefinementStatus>,
    /// The sequence number of the latest event (for reconnecting).
    pub last_event_id: i64,
}

impl RunView {
    /// Takes in one event of the stream: its kind, its sequence number and its JSON payload.
    ///
    /// # Errors
    /// A payload that is not the JSON of its kind (the state is left unchanged).
    pub fn apply(&mut self, kind: EventKind, id: i64, data: &str) -> Result<(), serde_json::Error> {
        if kind != EventKind::Done && self.ended.is_some() {
            // The first event of a resumed run.
            self.ended = None;
            self.error = None;
        }
        match kind {
            EventKind::Progress => self.progress.push(serde_json::from_str(data)?),
            EventKind::Analysis => self.analysis = Some(serde_json::from_str(data)?),
            EventKind::Role => {
                let role: RoleEvent = serde_json::from_str(data)?;
                self.roles
                    .insert(role.index, RoleOutcome::Refined(Box::new(role)));
            }
            EventKind::Introduction => self.introduction = Some(serde_json::from_str(data)?),
            EventKind::Coverage => self.coverage = Some(serde_json::from_str(data)?),
            // Cover letter drafts only: a refinement never sends it.
            EventKind::Letter => {}
            EventKind::Error => {
                let error: ErrorEvent = serde_json::from_str(data)?;
                if let Some(index) = error.role_index {
                    let failed = RoleOutcome::Failed {
                        title: error.role_title.clone(),
                        message: error.message.clone(),
                    };
                    self.roles.insert(index, failed);
                }
                self.error = Some(error);
            }
            EventKind::Done => {
                let done: DoneEvent = serde_json::from_str(data)?;
                self.ended = Some(done.status);
            }
        }
        self.last_event_id = self.last_event_id.max(id);
        Ok(())
    }

    /// Whether the latest run is still going (no `done` yet).
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.ended.is_none()
    }

    /// The stage of the latest progress event.
    #[must_use]
    pub fn current_stage(&self) -> Option<Stage> {
        self.progress.last().map(|event| event.stage)
    }

    /// Where `stage` is: stages before the current one are done, later ones wait; a
    /// succeeded job has every stage done.
    #[must_use]
    pub fn stage_state(&self, stage: Stage) -> StageState {
        crate::jobs::stages::stage_state(&STAGES, &self.progress, self.ended, stage)
    }

    /// The latest message of `stage`, if it started.
    #[must_use]
    pub fn stage_message(&self, stage: Stage) -> Option<String> {
        crate::jobs::stages::stage_message(&self.progress, stage)
    }

    /// The indices of the refined roles, in resume order.
    #[must_use]
    pub fn refined_indices(&self) -> Vec<usize> {
        self.roles
            .iter()
            .filter(|(_, outcome)| matches!(outcome, RoleOutcome::Refined(_)))
            .map(|(index, _)| *index)
            .collect()
    }
}

impl JobEvents for RunView {
    fn apply(&mut self, kind: EventKind, id: i64, data: &str) -> Result<(), serde_json::Error> {
        Self::apply(self, kind, id, data)
    }

    fn last_event_id(&self) -> i64 {
        self.last_event_id
    }
}
