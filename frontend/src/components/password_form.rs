//! The password change form: the current password (unless the change is forced), the new one
//! and its confirmation.

use leptos::prelude::*;
use resume_shared::api::ChangePasswordRequest;

use super::account_form::PASSWORDS_DIFFER;
use super::form::{FormError, SubmitButton, TextField};
use crate::api::ApiError;

/// Current, new and confirmed password. Ids and test ids: `password-current`, `password-new`,
/// `password-confirm`, `password-submit`, `password-error`.
#[component]
pub fn PasswordForm(
    /// Whether to ask for the current password (not for a forced change).
    ask_current: bool,
    /// Whether the request runs.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last failure.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Each change of this value empties the fields (after a success).
    #[prop(into)]
    clear: Signal<u32>,
    /// Sends the change.
    on_submit: Callback<ChangePasswordRequest>,
) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    Effect::new(move |previous: Option<u32>| {
        let now = clear.get();
        if previous.is_some_and(|previous| previous != now) {
            current.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
        }
        now
    });
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if new.get_untracked() != confirm.get_untracked() {
            mismatch.set(true);
            return;
        }
        mismatch.set(false);
        on_submit.run(ChangePasswordRequest {
            current_password: ask_current.then(|| current.get_untracked()),
            new_password: new.get_untracked(),
            keep_api_tokens: false,
        });
    };
    view! {
        <form novalidate class="space-y-4" on:submit=submit>
            {ask_current.then(|| view! {
                <TextField
                    id="password-current"
                    label="Current password"
                    value=current
                    input_type="password"
                    autocomplete="current-password"
                    error=field("current_password")
                />
            })}
            <TextField
                id="password-new"
                label="New password"
                value=new
                input_type="password"
                autocomplete="new-password"
                hint="At least 10 characters, and not your username."
                error=field("new_password")
            />
            <TextField
                id="password-confirm"
                label="Confirm new password"
                value=confirm
                input_type="password"
                autocomplete="new-password"
                error=Signal::derive(move || mismatch.get().then(|| PASSWORDS_DIFFER.to_owned()))
            />
            <FormError message=form_error testid="password-error" />
            <SubmitButton label="Change password" pending_label="Changing…" pending=pending testid="password-submit" />
        </form>
    }
}
