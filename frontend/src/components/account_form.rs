//! The form that creates an account: username, email, password and its confirmation. Used by
//! the first-run setup and by self-registration.

use leptos::prelude::*;
use resume_shared::api::RegisterRequest;

use super::form::{FormError, SubmitButton, TextField};
use crate::api::ApiError;

/// The message when the confirmation differs.
pub const PASSWORDS_DIFFER: &str = "The passwords do not match.";

/// Username, email, password and confirmation. The confirmation is checked here; everything
/// else by the server, whose messages appear next to each field.
///
/// Field ids (and test ids): `{prefix}-username`, `{prefix}-email`, `{prefix}-password`,
/// `{prefix}-confirm`; the button is `{prefix}-submit`, a whole-form error `{prefix}-error`.
#[component]
pub fn AccountForm(
    /// Prefix of the ids.
    prefix: &'static str,
    /// The button's label.
    #[prop(into)]
    submit_label: String,
    /// The button's label while the request runs.
    #[prop(into)]
    pending_label: String,
    /// Whether the request runs.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last failure.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Sends the account.
    on_submit: Callback<RegisterRequest>,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
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
        if password.get_untracked() != confirm.get_untracked() {
            mismatch.set(true);
            return;
        }
        mismatch.set(false);
        on_submit.run(RegisterRequest {
            username: username.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            session: None,
        });
    };
    view! {
        <form novalidate class="space-y-4" on:submit=submit>
            <TextField
                id=format!("{prefix}-username")
                label="Username"
                value=username
                autocomplete="username"
                hint="3 to 64 letters, digits, dots, dashes or underscores."
                error=field("username")
            />
            <TextField
                id=format!("{prefix}-email")
                label="Email"
                value=email
                input_type="email"
                autocomplete="email"
                error=field("email")
            />
            <TextField
                id=format!("{prefix}-password")
                label="Password"
                value=password
                input_type="password"
                autocomplete="new-password"
                hint="At least 10 characters, and not your username."
                error=field("password")
            />
            <TextField
                id=format!("{prefix}-confirm")
                label="Confirm password"
                value=confirm
                input_type="password"
                autocomplete="new-password"
                error=Signal::derive(move || mismatch.get().then(|| PASSWORDS_DIFFER.to_owned()))
            />
            <FormError message=form_error testid=format!("{prefix}-error") />
            <SubmitButton label=submit_label pending_label=pending_label pending=pending testid=format!("{prefix}-submit") />
        </form>
    }
}
