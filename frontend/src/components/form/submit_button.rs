//! The submit button of a form, disabled with a spinner while the request runs.

use leptos::prelude::*;

use crate::components::spinner::Spinner;

/// A submit button that shows `pending_label` and a spinner while `pending`.
#[component]
pub fn SubmitButton(
    /// The label at rest.
    #[prop(into)]
    label: String,
    /// The label while the request runs ("Saving…").
    #[prop(into)]
    pending_label: String,
    /// Whether the request runs.
    #[prop(into)]
    pending: Signal<bool>,
    /// The test id.
    #[prop(into)]
    testid: String,
    /// A class other than the primary button's.
    #[prop(default = crate::components::BUTTON_PRIMARY)]
    class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=class data-testid=testid disabled=pending aria-busy=move || pending.get().then_some("true")>
            <Show when=move || pending.get() fallback=move || label.clone()>
                <Spinner />
                {pending_label.clone()}
            </Show>
        </button>
    }
}
