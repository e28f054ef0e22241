//! What an `<ErrorBoundary>` shows when loading failed: the API's message and a retry button.

use leptos::prelude::*;

/// The errors of a failed load, with a "Try again" button.
#[component]
pub fn ErrorNotice(
    /// The messages to show.
    #[prop(into)]
    messages: Signal<Vec<String>>,
    /// Loads again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div role="alert" data-testid="load-error" class="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            <ul class="list-inside list-disc">
                {move || messages.get().into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
            </ul>
            <div class="mt-3">
                <button type="button" class=super::BUTTON_SMALL on:click=move |_| on_retry.run(())>
                    "Try again"
                </button>
            </div>
        </div>
    }
}

/// The messages of an error boundary's errors.
#[must_use]
pub fn error_messages(errors: &ArcRwSignal<Errors>) -> Vec<String> {
    errors.with(|errors| errors.iter().map(|(_, error)| error.to_string()).collect())
}
