//! How many refinement event streams each user has open on this server, with a cap.
//!
//! A stream holds a connection and reads the database a few times a second, so one user must
//! not be able to open hundreds. The count is per server process (streams are tied to a
//! connection, and a connection to one process); a permit is returned when its stream ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use uuid::Uuid;

/// The open streams of every user.
#[derive(Debug, Default)]
pub struct StreamCounter {
    open: Mutex<HashMap<Uuid, usize>>,
}

/// One open stream of a user; dropping it closes the count.
#[derive(Debug)]
pub struct StreamPermit {
    counter: Arc<StreamCounter>,
    user: Uuid,
}

impl StreamCounter {
    fn open(&self) -> MutexGuard<'_, HashMap<Uuid, usize>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A permit for one more stream of `user`, unless they already have `max` open.
    #[must_use]
    pub fn try_open(self: &Arc<Self>, user: Uuid, max: usize) -> Option<StreamPermit> {
        let mut open = self.open();
        let count = open.entry(user).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(StreamPermit {
            counter: Arc::clone(self),
            user,
        })
    }

    /// How many streams `user` has open.
    #[must_use]
    pub fn open_of(&self, user: Uuid) -> usize {
        self.open().get(&user).copied().unwrap_or(0)
    }
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let mut open = self.counter.open();
        if let Some(count) = open.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_are_capped_per_user_and_returned_on_drop() {
        let counter = Arc::new(StreamCounter::default());
        let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
        let first = counter.try_open(alice, 2).unwrap();
        let second = counter.try_open(alice, 2).unwrap();
        assert!(counter.try_open(alice, 2).is_none());
        assert!(
            counter.try_open(bob, 2).is_some(),
            "another user is counted apart"
        );
        drop(first);
        assert_eq!(counter.open_of(alice), 1);
        let _third = counter.try_open(alice, 2).unwrap();
        drop(second);
        assert_eq!(counter.open_of(alice), 1);
        assert_eq!(counter.open_of(bob), 0);
    }
}
