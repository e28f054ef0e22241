//! Where each stage of a job is, from its progress events: the stages before the current one
//! are done, later ones wait, the current one works (or stopped, when the run ended there).
//! And the activity log: the progress messages in arrival order, a message repeated right after
//! itself shown once with a count (see [`activity`]).

use resume_shared::api::refinements::{ProgressEvent, RefinementStatus, Stage};

/// The name of a stage as the API writes it (`parse`, `analysis`, …).
#[must_use]
pub const fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Parse => "parse",
        Stage::Analysis => "analysis",
        Stage::Roles => "roles",
        Stage::Introduction => "introduction",
        Stage::Coverage => "coverage",
        Stage::Letter => "letter",
    }
}

/// Where a stage is, for the progress list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageState {
    /// Not reached yet.
    Waiting,
    /// Working now.
    Active,
    /// Finished.
    Done,
    /// The run stopped here (failed or cancelled).
    Stopped,
}

impl StageState {
    /// The name used in the page's `data-state` attribute.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Active => "active",
            Self::Done => "done",
            Self::Stopped => "stopped",
        }
    }
}

/// Where `stage` is in a job whose stages are `stages` (in order), after `progress`, with the
/// latest run `ended` (`None` while it runs). A succeeded job has every stage done.
#[must_use]
pub fn stage_state(
    stages: &[(Stage, &str)],
    progress: &[ProgressEvent],
    ended: Option<RefinementStatus>,
    stage: Stage,
) -> StageState {
    if ended == Some(RefinementStatus::Succeeded) {
        return StageState::Done;
    }
    let position = |s: Stage| stages.iter().position(|(each, _)| *each == s);
    let Some(current) = progress.last().and_then(|event| position(event.stage)) else {
        return StageState::Waiting;
    };
    let Some(this) = position(stage) else {
        return StageState::Waiting;
    };
    match this.cmp(&current) {
        std::cmp::Ordering::Less => StageState::Done,
        std::cmp::Ordering::Greater => StageState::Waiting,
        std::cmp::Ordering::Equal if ended.is_some() => StageState::Stopped,
        std::cmp::Ordering::Equal => StageState::Active,
    }
}

/// The latest message of `stage` in `progress`, if it started.
#[must_use]
pub fn stage_message(progress: &[ProgressEvent], stage: Stage) -> Option<String> {
    progress
        .iter()
        .rev()
        .find(|event| event.stage == stage)
        .map(|event| event.message.clone())
}

/// One line of the activity log: a progress message and how many times in a row it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityLine {
    /// The stage the message is about.
    pub stage: Stage,
    /// The message.
    pub message: String,
    /// How many consecutive events said it (1 for most).
    pub times: usize,
}

/// The activity log of `progress`: every message in arrival order, except that a message
/// repeating the one just before it (same stage, same words) is folded into that line with a
/// count. A careful reader wants each thing that happened once, in order, and to still see that
/// it happened several times (three waits for a free request slot are not one); a message that
/// comes back after others is a new line, since the order is the story.
#[must_use]
pub fn activity(progress: &[ProgressEvent]) -> Vec<ActivityLine> {
    let mut lines: Vec<ActivityLine> = Vec::new();
    for event in progress {
        match lines.last_mut() {
            Some(last) if last.stage == event.stage && last.message == event.message => {
                last.times += 1;
            }
            _ => lines.push(ActivityLine {
                stage: event.stage,
                message: event.message.clone(),
                times: 1,
            }),
        }
    }
    lines
}
