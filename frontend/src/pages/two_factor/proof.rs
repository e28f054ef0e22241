//! The password and a current code, asked before turning two-factor off or replacing the
//! recovery codes: a session left open must not be enough for either.

use leptos::prelude::*;
use resume_shared::api::two_factor::TwoFactorProof;

use crate::api::ApiError;
use crate::components::BUTTON_SECONDARY;
use crate::components::form::{FormError, SubmitButton, TextField};

/// The form. Its fields are `{id}-password` and `{id}-code`, the buttons `{id}-submit` and
/// `{id}-cancel`, the message of the whole form `{id}-error`.
#[component]
pub fn ProofForm(
    /// The prefix of the element and test ids.
    id: &'static str,
    /// What the submit button says.
    submit_label: &'static str,
    /// What it says while the request runs.
    pending_label: &'static str,
    /// A destructive action's button.
    #[prop(optional)]
    danger: bool,
    /// Whether the request runs.
    #[prop(into)]
    pending: Signal<bool>,
    /// The request's failure.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Sends the proof.
    on_submit: Callback<TwoFactorProof>,
    /// Leaves without doing anything.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.field("password").is_none() && error.field("code").is_none())
            .map(|error| error.message)
    });
    let submit_class = if danger {
        crate::components::BUTTON_DANGER
    } else {
        crate::components::BUTTON_PRIMARY
    };
    view! {
        <form novalidate class="space-y-4" data-testid=id on:submit=move |ev| {
            ev.prevent_default();
            on_submit.run(TwoFactorProof {
                password: password.get_untracked(),
                code: code.get_untracked().trim().to_owned(),
            });
        }>
            <TextField
                id=format!("{id}-password")
                label="Your password"
                value=password
                input_type="password"
                autocomplete="current-password"
                error=field("password")
            />
            <TextField
                id=format!("{id}-code")
                label="Authentication code"
                value=code
                autocomplete="one-time-code"
                hint="The 6-digit code from your authenticator app, or one of your recovery codes."
                error=field("code")
            />
            <FormError message=form_error testid=format!("{id}-error") />
            <div class="flex flex-wrap gap-3">
                <SubmitButton
                    label=submit_label
                    pending_label=pending_label
                    pending=pending
                    testid=format!("{id}-submit")
                    class=submit_class
                />
                <button
                    type="button"
                    class=BUTTON_SECONDARY
                    data-testid=format!("{id}-cancel")
                    disabled=pending
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
