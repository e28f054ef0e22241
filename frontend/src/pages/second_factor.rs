//! The second step of signing in, for an account with two-factor authentication: after the
//! right password the server answers a challenge instead of a session, and this step completes
//! it with the authenticator app's code or a recovery code (one field takes both).
//!
//! Part of the login page (and of the first download): it must not wait for a module. A
//! challenge that has ended (it lasts five minutes)
//! sends the visitor back to the password step with the server's sentence.

use std::time::Duration;

use leptos::prelude::*;
use resume_shared::api::ErrorCode;
use resume_shared::api::two_factor::{SecondFactorChallenge, SecondFactorRequest};
use wasm_bindgen::JsCast as _;

use crate::api::action::ApiAction;
use crate::api::{ApiClient, ApiError};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{BUTTON_SECONDARY, CARD};
use crate::state::AuthState;

/// What the code field asks for.
pub const CODE_HINT: &str =
    "Enter the 6-digit code from your authenticator app, or one of your recovery codes.";

/// Whether a refused second step means the challenge itself has ended (expired, unknown, or
/// used up), so that only signing in again helps: 401 `sign_in_expired`. A wrong code is 401
/// `invalid_code`, which asks for another code.
#[must_use]
pub fn challenge_ended(error: &ApiError) -> bool {
    error.status == 401 && error.code == ErrorCode::SignInExpired.as_str()
}

/// Where a refused code's message goes: under the field (a wrong or used code, an empty one),
/// or `None` for a failure of the form as a whole (too many attempts, a network failure).
#[must_use]
pub fn code_error(error: &ApiError) -> Option<String> {
    error
        .field("code")
        .or_else(|| (error.status == 401).then(|| error.message.clone()))
}

/// Puts the keyboard focus in the field with `id`, if it is on the page.
fn focus(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The code step of a sign-in. `on_restart` goes back to the password step, with a message
/// when the challenge ended.
#[component]
pub fn SecondFactorStep(
    /// The login's answer.
    challenge: SecondFactorChallenge,
    /// Back to the password step, with the reason when there is one.
    on_restart: Callback<Option<String>>,
) -> impl IntoView {
    let auth = AuthState::expect();
    let code = RwSignal::new(String::new());
    let token = StoredValue::new(challenge.challenge);
    let verify = ApiAction::new(move |code: &String| {
        let request = SecondFactorRequest {
            challenge: token.get_value(),
            code: code.clone(),
            session: None,
        };
        async move {
            let result = ApiClient.second_factor(&request).await;
            match &result {
                // The login route itself then leads to the page asked for.
                Ok(user) => auth.signed_in(user.clone()),
                // After this turn: the step goes away, and this action must finish first.
                Err(error) if challenge_ended(error) => {
                    let message = error.message.clone();
                    set_timeout(move || on_restart.run(Some(message)), Duration::ZERO);
                }
                Err(_) => {}
            }
            result.map(|_| ())
        }
    });
    let error = Signal::derive(move || verify.value().and_then(Result::err));
    let field_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| !challenge_ended(error))
            .and_then(|error| code_error(&error))
    });
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| code_error(error).is_none())
            .map(|error| error.message)
    });
    Effect::new(move || focus("login-code"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verify.dispatch(code.get_untracked().trim().to_owned());
    };
    view! {
        <div class=CARD data-testid="second-factor-step">
            <h2 class="text-lg font-semibold text-slate-900">"Two-factor authentication"</h2>
            <p class="mt-1 text-sm text-slate-600">"Your password is right. One more step to sign in."</p>
            <form novalidate class="mt-4 space-y-4" on:submit=submit>
                <TextField
                    id="login-code"
                    label="Authentication code"
                    value=code
                    autocomplete="one-time-code"
                    hint=CODE_HINT
                    error=field_error
                />
                <FormError message=form_error testid="login-code-failure" />
                <div class="flex flex-wrap items-center gap-3">
                    <SubmitButton label="Verify" pending_label="Verifying…" pending=verify.pending() testid="login-code-submit" />
                    <button
                        type="button"
                        class=BUTTON_SECONDARY
                        data-testid="login-code-back"
                        disabled=move || verify.pending().get()
                        on:click=move |_| on_restart.run(None)
                    >
                        "Back"
                    </button>
                </div>
            </form>
        </div>
    }
}
