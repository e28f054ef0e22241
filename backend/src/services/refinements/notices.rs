//! What the LLM client reports while a call of a job goes on (retries and their causes, waits
//! for a rate limit or a free request slot, options the endpoint did not take) becomes the
//! job's `progress` events, so the user sees why a step takes long instead of a silent wait.
//!
//! The client's observer must not block, so it only queues the notice; one task per run writes
//! the queued notices as events, in order, and ends when the run has dropped every endpoint
//! that could still report ([`JobNotices`] and its clones).

use std::sync::Arc;

use resume_shared::api::refinements::Stage;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::llm::sanitize::one_line;
use crate::llm::{CallNotice, LlmEndpoint, PromptKind};

/// The sending side of a run's notices.
#[derive(Debug, Clone)]
pub struct JobNotices {
    sender: UnboundedSender<(Stage, String)>,
}

/// A run's notices: the side the endpoints report to, and the queue the writer task reads.
#[must_use]
pub fn channel() -> (JobNotices, UnboundedReceiver<(Stage, String)>) {
    let (sender, receiver) = unbounded_channel();
    (JobNotices { sender }, receiver)
}

impl JobNotices {
    /// The endpoint, its calls reported as progress of this run; `label` names what the calls
    /// are about (`role 3 (Engineer at Acme)`), when more than the stage is needed.
    #[must_use]
    pub fn observe(&self, endpoint: LlmEndpoint, label: Option<String>) -> LlmEndpoint {
        let sender = self.sender.clone();
        endpoint.observed_by(Arc::new(move |kind, notice| {
            // Where an answer was read from is worth a note in a connection test, not an
            // event per call of a job.
            if matches!(notice, CallNotice::ReadFrom(_)) {
                return;
            }
            let stage = match kind {
                PromptKind::JobAnalysis => Stage::Analysis,
                PromptKind::RefineRole => Stage::Roles,
                PromptKind::Introduction | PromptKind::ConnectionTest => Stage::Introduction,
                PromptKind::CoverLetter => Stage::Letter,
            };
            let message = match &label {
                Some(label) => format!("{label}: {notice}"),
                None => notice.to_string(),
            };
            // The run may have ended; a notice for nobody is dropped.
            let _ = sender.send((stage, one_line(&message)));
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::llm::LlmError;

    #[test]
    fn notices_become_progress_of_their_stage_and_reads_are_left_out() {
        let (notices, mut receiver) = channel();
        let endpoint = notices.observe(
            LlmEndpoint::new("http://127.0.0.1:1/v1", "m", None),
            Some("role 2 (Engineer at Acme)".to_owned()),
        );
        let observer = endpoint.observer.clone().unwrap();
        observer(
            PromptKind::RefineRole,
            &CallNotice::Retrying {
                attempt: 1,
                max_attempts: 3,
                wait: Duration::from_secs(1),
                error: LlmError::IdleTimeout(Duration::from_secs(30)),
            },
        );
        observer(
            PromptKind::RefineRole,
            &CallNotice::ReadFrom("read from reasoning".to_owned()),
        );
        drop((notices, endpoint, observer));
        let (stage, message) = receiver.try_recv().unwrap();
        assert_eq!(stage, Stage::Roles);
        assert!(
            message.starts_with("role 2 (Engineer at Acme): attempt 1 of 3 failed"),
            "{message}"
        );
        assert!(receiver.try_recv().is_err());
    }
}
