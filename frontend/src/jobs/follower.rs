//! [`JobFollower`]: a job's event stream kept open for a page. Each event goes into the page's
//! state of the job (any [`JobEvents`]); at each `done` the stream is closed and the page
//! reads the job: when it still runs (the `done` of an earlier run was replayed), the rest is
//! followed from the last event seen. A dropped connection is reported as a [`Connection`],
//! and [`JobFollower::reconnect`] picks up where it stopped.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use resume_shared::api::refinements::EventKind;

use super::event_stream::{EventStream, StreamMessage};

/// A page's state of a job, built from its events one at a time.
pub trait JobEvents: Default + Send + Sync + 'static {
    /// Takes in one event: its kind, its sequence number and its JSON payload.
    ///
    /// # Errors
    /// A payload that is not the JSON of its kind (the state is left unchanged).
    fn apply(&mut self, kind: EventKind, id: i64, data: &str) -> Result<(), serde_json::Error>;

    /// The sequence number of the latest event taken in (0 before the first).
    fn last_event_id(&self) -> i64;
}

/// The state of the connection to the event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    /// Connected, or closed on purpose.
    Fine,
    /// Lost; the browser tries again by itself.
    Reconnecting,
    /// Lost for good.
    Broken,
}

/// What the page does after a `done`: reads the job (`String`: its id) and answers whether it
/// still runs.
type StillRunning = Pin<Box<dyn Future<Output = bool>>>;
/// The page's reading after a `done`, kept in its arena.
type AfterDone = Rc<dyn Fn(String) -> StillRunning>;

/// A job's event stream, followed for the page that made it. `Copy`.
pub struct JobFollower<V: Send + Sync + 'static> {
    /// The job's state as its events tell it.
    pub run: RwSignal<V>,
    /// The connection to the stream.
    pub connection: RwSignal<Connection>,
    stream: StoredValue<Option<EventStream>, LocalStorage>,
    events_url: fn(&str, Option<i64>) -> String,
    after_done: StoredValue<AfterDone, LocalStorage>,
}

impl<V: Send + Sync + 'static> Clone for JobFollower<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Send + Sync + 'static> Copy for JobFollower<V> {}

impl<V: JobEvents> JobFollower<V> {
    /// A follower of the streams at `events_url` (a job's id and the last event seen give the
    /// address); after each `done`, `after_done` reads the job and answers whether it still
    /// runs. Make it in the page's component: the stream is closed when the page goes.
    pub fn new<Fut>(
        events_url: fn(&str, Option<i64>) -> String,
        after_done: impl Fn(String) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = bool> + 'static,
    {
        let after_done: AfterDone = Rc::new(move |job| Box::pin(after_done(job)));
        let follower = Self {
            run: RwSignal::new(V::default()),
            connection: RwSignal::new(Connection::Fine),
            stream: StoredValue::new_local(None),
            events_url,
            after_done: StoredValue::new_local(after_done),
        };
        on_cleanup(move || {
            let _ = follower.stream.try_update_value(|stream| *stream = None);
        });
        follower
    }

    /// Follows `job`'s events after `after` (all of them without it).
    pub fn follow(self, job: String, after: Option<i64>) {
        let _ = self.stream.try_set_value(None);
        let url = (self.events_url)(&job, after);
        let handler = move |message: StreamMessage| self.on_message(&job, message);
        match EventStream::open(&url, handler) {
            Ok(stream) => {
                self.connection.try_set(Connection::Fine);
                // When the page is gone, the stream comes back here and is dropped (closed).
                let _ = self.stream.try_set_value(Some(stream));
            }
            Err(_) => {
                self.connection.try_set(Connection::Broken);
            }
        }
    }

    /// Follows `job` again from the last event seen (after a lost connection).
    pub fn reconnect(self, job: String) {
        let after = self.run.with_untracked(JobEvents::last_event_id);
        self.follow(job, Some(after));
    }

    /// Follows the new run of a resumed `job` from the last event seen; `prepare` first clears
    /// what the previous run's end left in the state.
    pub fn resumed(self, job: String, prepare: impl FnOnce(&mut V)) {
        let after = self.run.try_update(|run| {
            prepare(run);
            run.last_event_id()
        });
        if let Some(after) = after {
            self.follow(job, Some(after));
        }
    }

    /// Starts over: no events, the stream closed.
    pub fn clear(self) {
        self.stream.set_value(None);
        self.run.set(V::default());
        self.connection.set(Connection::Fine);
    }

    fn on_message(self, job: &str, message: StreamMessage) {
        match message {
            StreamMessage::Event { kind, id, data } => {
                self.run.try_update(|run| {
                    if run.apply(kind, id, &data).is_err() {
                        leptos::logging::warn!("unreadable {} event {id}", kind.as_str());
                    }
                });
                if kind == EventKind::Done {
                    // Closed now, dropped (with its listeners) once this handler has returned.
                    self.stream.try_with_value(|stream| {
                        if let Some(stream) = stream {
                            stream.close();
                        }
                    });
                    spawn_local(self.after_done(job.to_owned()));
                }
            }
            StreamMessage::Connected => {
                self.connection.try_set(Connection::Fine);
            }
            StreamMessage::Lost { gave_up } => {
                self.connection.try_set(if gave_up {
                    Connection::Broken
                } else {
                    Connection::Reconnecting
                });
            }
        }
    }

    /// After a `done`: reads the job; when it still runs, follows the rest.
    async fn after_done(self, job: String) {
        // The page may be gone by now: every access is a `try_`.
        let _ = self.stream.try_set_value(None);
        self.connection.try_set(Connection::Fine);
        let Some(read_job) = self.after_done.try_get_value() else {
            return;
        };
        let still_running = read_job(job.clone()).await;
        if still_running && let Some(after) = self.run.try_with_untracked(JobEvents::last_event_id)
        {
            self.follow(job, Some(after));
        }
    }
}
