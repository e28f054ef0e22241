//! [`ApiAction`]: a write the user starts (a form's submit, a button), with its pending state
//! and its last result, and Leptos' action machinery compiled once for the whole app instead of
//! once per input and result type.
//!
//! Like [`ApiResource`](super::resource::ApiResource) for reads: one erased `Action` whose input
//! and result travel as `Arc<dyn Any>` holds the app's every action; [`ApiAction<I, O>`]
//! keeps the typed surface the pages use and downcasts on reading.
//!
//! Its signals are taken from the action once, when it is made, and read with `try_get`: an
//! action whose run signs the user out (deleting the account) finishes after its page is gone,
//! and a read from a view being torn down then finds nothing instead of a disposed signal (a
//! panic). Taking them on every read would also leave a new signal in the page's arena each
//! time.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

/// An input or result whose type is known to the [`ApiAction`] holding it.
type Erased = Arc<dyn Any + Send + Sync>;
/// What the erased action returns.
type ErasedFuture = Pin<Box<dyn Future<Output = Erased>>>;

/// A write started by [`dispatch`](Self::dispatch); `Copy`, like Leptos' own actions.
pub struct ApiAction<I, O> {
    inner: Action<Erased, Erased>,
    value: MappedSignal<Option<Erased>>,
    input: MappedSignal<Option<Erased>>,
    pending: Memo<bool>,
    types: PhantomData<fn(I) -> O>,
}

impl<I, O> Clone for ApiAction<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for ApiAction<I, O> {}

impl<I, O> ApiAction<I, O>
where
    I: Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    /// An action that runs `action` on each dispatched input.
    pub fn new<Fut>(action: impl Fn(&I) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = O> + 'static,
    {
        let action = move |input: &Erased| -> ErasedFuture {
            let run = input.downcast_ref::<I>().map(&action);
            Box::pin(async move {
                match run {
                    Some(run) => Arc::new(run.await) as Erased,
                    // Never happens: `dispatch` only sends an `I`. Reads as no result.
                    None => Arc::new(()),
                }
            })
        };
        let inner = erased_action(Rc::new(action));
        Self {
            inner,
            value: inner.value(),
            input: inner.input(),
            pending: inner.pending(),
            types: PhantomData,
        }
    }

    /// Runs the action on `input`.
    pub fn dispatch(&self, input: I) {
        self.inner.dispatch(Arc::new(input));
    }

    /// Whether a run is under way, reactively.
    #[must_use]
    pub const fn pending(&self) -> Memo<bool> {
        self.pending
    }

    /// The result of the last finished run, reactively (`None` before the first).
    #[must_use]
    pub fn value(&self) -> Option<O> {
        self.value
            .try_get()
            .flatten()
            .and_then(|value| value.downcast_ref::<O>().cloned())
    }

    /// The input of the run under way, reactively (`None` when none is).
    #[must_use]
    pub fn input(&self) -> Option<I> {
        self.input
            .try_get()
            .flatten()
            .and_then(|input| input.downcast_ref::<I>().cloned())
    }
}

/// The one `Action` type of the app (not generic: its code exists once).
fn erased_action(action: Rc<dyn Fn(&Erased) -> ErasedFuture>) -> Action<Erased, Erased> {
    Action::new_local(move |input: &Erased| action(input))
}
