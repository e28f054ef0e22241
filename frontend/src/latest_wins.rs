//! One write at a time, the newest waiting one next: for settings that are stored as the user
//! acts (the export dialog remembers its options with every download). Two requests on their
//! way at once could be answered in either order and leave the older value stored; with this
//! queue the next request leaves only when the previous one is answered, and of the values
//! offered meanwhile only the newest is sent.
//!
//! The queue holds no task of its own: whoever gets a value back sends it, then calls
//! [`LatestWins::finished`] and sends what that returns, until it returns nothing.

/// The queue of one setting's writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestWins<T> {
    /// A write is on its way.
    sending: bool,
    /// The newest value not yet sent.
    waiting: Option<T>,
}

impl<T> Default for LatestWins<T> {
    fn default() -> Self {
        Self {
            sending: false,
            waiting: None,
        }
    }
}

impl<T> LatestWins<T> {
    /// Offers a new value: returned when nothing is on its way (send it now), else kept, in
    /// place of any older waiting value, for [`LatestWins::finished`].
    #[must_use]
    pub fn offer(&mut self, value: T) -> Option<T> {
        if self.sending {
            self.waiting = Some(value);
            None
        } else {
            self.sending = true;
            Some(value)
        }
    }

    /// The write on its way has been answered: the value to send next, if one is waiting.
    #[must_use]
    pub fn finished(&mut self) -> Option<T> {
        let next = self.waiting.take();
        self.sending = next.is_some();
        next
    }
}
