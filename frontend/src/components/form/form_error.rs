//! The message of a form whose request failed as a whole (not one field).

use leptos::prelude::*;

/// An alert with `message`, shown only when there is one.
#[component]
pub fn FormError(
    /// The message.
    #[prop(into)]
    message: MaybeProp<String>,
    /// The test id.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p role="alert" data-testid=testid.clone() class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                    {message}
                </p>
            }
        })
    }
}
