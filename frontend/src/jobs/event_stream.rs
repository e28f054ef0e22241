//! The browser's `EventSource` on a job's event stream: one listener per event kind, each
//! handing the event's kind, sequence number and JSON text to a callback. Dropping the
//! [`EventStream`] closes the connection.

use resume_shared::api::refinements::EventKind;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventSource, MessageEvent};

/// Every event kind the server sends.
const KINDS: [EventKind; 8] = [
    EventKind::Progress,
    EventKind::Analysis,
    EventKind::Role,
    EventKind::Introduction,
    EventKind::Coverage,
    EventKind::Letter,
    EventKind::Error,
    EventKind::Done,
];

/// What the stream reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamMessage {
    /// An event of the job.
    Event {
        /// Its kind.
        kind: EventKind,
        /// Its sequence number (0 when absent).
        id: i64,
        /// Its JSON payload.
        data: String,
    },
    /// The connection is up (again).
    Connected,
    /// The connection dropped; `gave_up` when the browser will not try again by itself.
    Lost {
        /// The browser closed the stream for good (an error status, for instance).
        gave_up: bool,
    },
}

/// A listener of the event source.
type Listener = Closure<dyn FnMut(Event)>;

/// An open event stream. Closed when dropped.
pub struct EventStream {
    source: EventSource,
    listeners: Vec<(String, Listener)>,
}

impl EventStream {
    /// Opens `url` and reports everything to `on_message`.
    ///
    /// # Errors
    /// The browser refused the address.
    pub fn open(
        url: &str,
        on_message: impl Fn(StreamMessage) + Clone + 'static,
    ) -> Result<Self, wasm_bindgen::JsValue> {
        let source = EventSource::new(url)?;
        let mut listeners: Vec<(String, Listener)> = Vec::new();
        for kind in KINDS {
            let on_message = on_message.clone();
            let watched = source.clone();
            let listener = Listener::new(move |event: Event| {
                match event.dyn_ref::<MessageEvent>() {
                    Some(message) => on_message(StreamMessage::Event {
                        kind,
                        id: message.last_event_id().trim().parse().unwrap_or(0),
                        data: message.data().as_string().unwrap_or_default(),
                    }),
                    // A plain `error` event is the connection's, not the job's.
                    None => on_message(StreamMessage::Lost {
                        gave_up: watched.ready_state() == EventSource::CLOSED,
                    }),
                }
            });
            listeners.push((kind.as_str().to_owned(), listener));
        }
        let on_open = Listener::new(move |_: Event| {
            on_message(StreamMessage::Connected);
        });
        listeners.push(("open".to_owned(), on_open));
        for (name, listener) in &listeners {
            source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())?;
        }
        Ok(Self { source, listeners })
    }

    /// Stops the connection at once (the listeners go when the stream is dropped).
    pub fn close(&self) {
        self.source.close();
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
        for (name, listener) in &self.listeners {
            let _ = self
                .source
                .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }
}
