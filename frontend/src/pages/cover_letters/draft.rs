//! What the write page knows about a drafting job, built from its event stream one event at a
//! time ([`DraftRun::apply`]): the progress, the letter once written, the latest error and how
//! the latest run ended. A resumed job has several runs, each ending with a `done`; a replay
//! from the first event ends in the same state as a client that watched live.

use resume_shared::api::cover_letters::LetterEvent;
use resume_shared::api::refinements::{
    DoneEvent, ErrorEvent, EventKind, ProgressEvent, RefinementStatus, Stage,
};

use crate::jobs::follower::JobEvents;

/// The stages of a drafting job in order, with their labels.
pub const LETTER_STAGES: [(Stage, &str); 3] = [
    (Stage::Parse, "Reading the resume"),
    (Stage::Analysis, "Analysing the job description"),
    (Stage::Letter, "Writing the letter"),
];

/// The state of a drafting job as its events tell it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftRun {
    /// Every progress event, in arrival order.
    pub progress: Vec<ProgressEvent>,
    /// The letter, once written and saved.
    pub letter: Option<LetterEvent>,
    /// The latest error of the current run.
    pub error: Option<ErrorEvent>,
    /// How the latest run ended; `None` while it runs.
    pub ended: Option<RefinementStatus>,
    /// The sequence number of the latest event (for reconnecting).
    pub last_event_id: i64,
}

impl DraftRun {
    /// Takes in one event of the stream: its kind, its sequence number and its JSON payload.
    /// Kinds a drafting job does not send are passed over.
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
            EventKind::Letter => self.letter = Some(serde_json::from_str(data)?),
            EventKind::Error => self.error = Some(serde_json::from_str(data)?),
            EventKind::Done => {
                let done: DoneEvent = serde_json::from_str(data)?;
                self.ended = Some(done.status);
            }
            // The analysis is the server's business here; the others are a refinement's.
            EventKind::Analysis
            | EventKind::Role
            | EventKind::Introduction
            | EventKind::Coverage => {}
        }
        self.last_event_id = self.last_event_id.max(id);
        Ok(())
    }

    /// Whether the latest run is still going (no `done` yet).
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.ended.is_none()
    }

    /// The written letter's id, once there is one.
    #[must_use]
    pub fn letter_id(&self) -> Option<String> {
        self.letter.as_ref().map(|letter| letter.letter_id.clone())
    }

    /// Whether the job stopped and running it again may help: a cancelled job, or a failed one
    /// whose error says so (or says nothing).
    #[must_use]
    pub fn can_retry(&self) -> bool {
        match self.ended {
            Some(RefinementStatus::Cancelled) => true,
            Some(RefinementStatus::Failed) => self.error.as_ref().is_none_or(|e| e.retryable),
            _ => false,
        }
    }

    /// Why the latest run stopped, for people, when it stopped without a letter.
    #[must_use]
    pub fn stop_reason(&self) -> Option<String> {
        match self.ended {
            Some(RefinementStatus::Failed) => Some(self.error.as_ref().map_or_else(
                || "Writing the letter failed.".to_owned(),
                |error| error.message.clone(),
            )),
            Some(RefinementStatus::Cancelled) => Some("Cancelled.".to_owned()),
            _ => None,
        }
    }

    /// The status in words, and its name for the page's `data-status` attribute.
    #[must_use]
    pub fn status_text(&self) -> (&'static str, &'static str) {
        match self.ended {
            None if self.progress.is_empty() => ("Starting…", "queued"),
            None | Some(RefinementStatus::Queued | RefinementStatus::Running) => {
                ("Writing your letter…", "running")
            }
            Some(RefinementStatus::Succeeded) => ("Written. Opening the letter…", "succeeded"),
            Some(RefinementStatus::Failed) => ("Stopped by an error.", "failed"),
            Some(RefinementStatus::Cancelled) => ("Cancelled.", "cancelled"),
        }
    }
}

impl JobEvents for DraftRun {
    fn apply(&mut self, kind: EventKind, id: i64, data: &str) -> Result<(), serde_json::Error> {
        Self::apply(self, kind, id, data)
    }

    fn last_event_id(&self) -> i64 {
        self.last_event_id
    }
}
