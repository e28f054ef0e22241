//! [`ApiResource`]: the answer of an API call as reactive state, with Leptos' async machinery
//! compiled once for the whole app instead of once per answer type.
//!
//! A `LocalResource<T>` instantiates Leptos' async-derived state machine, its future wrappers
//! and its subscriber plumbing for every `T` and every fetcher closure: some twenty resources
//! made that several percent of the WASM. An [`ApiResource<T>`] keeps the typed surface the
//! pages use (`get`, `refetch`, tracked inside `Suspense` and `Transition` like any resource)
//! over one erased `LocalResource` whose fetcher is a boxed closure returning a boxed future of
//! an `Rc<dyn Any>`; reading downcasts to `T`.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use super::{ApiError, unreadable};

/// An answer whose type is known to the [`ApiResource`] holding it.
type Erased = Rc<dyn Any>;
/// The erased resource's value.
type ErasedAnswer = Result<Erased, ApiError>;
/// What the erased fetcher returns.
type ErasedFuture = Pin<Box<dyn Future<Output = ErasedAnswer>>>;
/// The erased fetcher.
type ErasedFetcher = Rc<dyn Fn() -> ErasedFuture>;

/// The answer of an API call, loaded when created and again whenever a signal the fetcher read
/// changes or [`refetch`](Self::refetch) is called. `Copy`, like Leptos' own resources.
pub struct ApiResource<T> {
    inner: LocalResource<ErasedAnswer>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiResource<T> {}

impl<T: Clone + 'static> ApiResource<T> {
    /// Starts loading with `fetcher`, which is run again when a signal it reads changes.
    pub fn new<Fut>(fetcher: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let fetcher: ErasedFetcher = Rc::new(move || {
            let answer = fetcher();
            Box::pin(async move { answer.await.map(|value| Rc::new(value) as Erased) })
        });
        Self {
            inner: erased_resource(fetcher),
            answer: PhantomData,
        }
    }

    /// The answer, reactively: `None` while the first load is under way.
    #[must_use]
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        // `try_get`: a view being torn down may still read; it finds nothing, not a panic.
        self.inner.try_get().flatten().map(|answer| {
            answer.and_then(|value| value.downcast_ref::<T>().cloned().ok_or_else(unreadable))
        })
    }

    /// Loads the answer again.
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

/// The one `LocalResource` type of the app (not generic: its code exists once).
fn erased_resource(fetcher: ErasedFetcher) -> LocalResource<ErasedAnswer> {
    LocalResource::new(move || fetcher())
}
