//! How many CPU-bound jobs (revision comparisons, document renders) run at once, and how long
//! a request waits for its turn.
//!
//! Such a job runs on the blocking pool: a comparison up to
//! [`super::resumes::diff::DIFF_TIME_BUDGET`], a PDF render some tens of milliseconds. Left
//! unbounded, a handful of concurrent requests would take every core and starve the async
//! workers that answer everything else (`/health` included). [`CpuSlots`] lets at most half
//! the cores work (at least one); a request waits for a slot up to [`MAX_WAIT`], with at most
//! [`MAX_WAITING`] requests waiting, and is otherwise answered "busy" (503 with
//! `Retry-After`). A waiting request holds no text: it loads what it needs once it has a slot.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The longest a comparison waits for a slot.
pub const MAX_WAIT: Duration = Duration::from_secs(5);
/// The most comparisons waiting for a slot at once.
pub const MAX_WAITING: usize = 32;

/// No slot was free in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("every CPU slot is taken")]
pub struct Busy;

/// The slots of concurrent comparisons. One per process, in the application state.
#[derive(Debug)]
pub struct CpuSlots {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
}

/// A taken slot; the comparison may run until it is dropped.
#[derive(Debug)]
pub struct CpuSlot(#[expect(dead_code, reason = "held for its drop")] OwnedSemaphorePermit);

impl CpuSlots {
    /// `slots` comparisons at once (at least one), with the default waiting rules.
    #[must_use]
    pub fn new(slots: usize) -> Self {
        Self::with_waiting(slots, MAX_WAITING, MAX_WAIT)
    }

    /// `slots` comparisons at once, at most `max_waiting` waiting up to `max_wait` each.
    #[must_use]
    pub fn with_waiting(slots: usize, max_waiting: usize, max_wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(slots.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
        }
    }

    /// Half the cores of this machine, at least one: the other half keeps answering requests.
    #[must_use]
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores / 2)
    }

    /// Takes a slot, waiting for one if needed.
    ///
    /// # Errors
    /// [`Busy`] when too many requests are waiting already, or none frees up in time.
    pub async fn acquire(&self) -> Result<CpuSlot, Busy> {
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(CpuSlot(permit));
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(Busy);
        }
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.max_wait, Arc::clone(&self.permits).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(CpuSlot(permit)),
            // Timed out, or the semaphore was closed (never done).
            _ => Err(Busy),
        }
    }
}

/// Counts a waiting request until it stops waiting, however that ends (a client that leaves
/// drops the future).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_bound_the_work_and_waiting_is_bounded_in_number_and_time() {
        let slots = CpuSlots::with_waiting(1, 1, Duration::from_millis(50));
        let first = slots.acquire().await.unwrap();
        // One may wait; it times out while the slot is taken.
        assert_eq!(slots.acquire().await.unwrap_err(), Busy);
        // A second waiter beyond the first is refused at once.
        let waiter = slots.acquire();
        let (waited, refused) = tokio::join!(waiter, async { slots.acquire().await });
        assert_eq!((waited.unwrap_err(), refused.unwrap_err()), (Busy, Busy));
        drop(first);
        let again = slots.acquire().await;
        assert!(again.is_ok());
        assert_eq!(slots.waiting.load(Ordering::Acquire), 0);
    }
}
