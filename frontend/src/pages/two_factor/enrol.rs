//! Setting up two-factor authentication, in three steps: the password again (a session left
//! open must not be enough), then the secret as a QR code and as text with a field for the
//! app's first code, then the recovery codes. Used by the settings and by the forced
//! enrolment page.

use leptos::prelude::*;
use resume_shared::api::two_factor::TwoFactorEnrolment;

use super::recovery_codes::RecoveryCodesPanel;
use super::text::{grouped_secret, svg_data_url};
use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{BUTTON_SECONDARY, INPUT};
use crate::state::AuthState;

/// Where the enrolment is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Asking for the password.
    Password,
    /// Showing the secret, asking for the first code.
    Scan(TwoFactorEnrolment),
    /// Two-factor is on: showing the recovery codes.
    Codes(Vec<String>),
}

/// A form's messages from a failed request: the named field's, and the rest for the form.
fn split_error(
    error: Signal<Option<ApiError>>,
    field: &'static str,
) -> (Signal<Option<String>>, Signal<Option<String>>) {
    (
        Signal::derive(move || error.get().and_then(|error| error.field(field))),
        Signal::derive(move || {
            error
                .get()
                .filter(|error| error.field(field).is_none())
                .map(|error| error.message)
        }),
    )
}

/// The enrolment. `on_done` runs once the recovery codes are saved; `on_cancel`, when given,
/// offers a way out before two-factor is on.
#[component]
pub fn Enrolment(
    /// Two-factor is on and the codes are saved.
    on_done: Callback<()>,
    /// Leaves without turning two-factor on.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let auth = AuthState::expect();
    let step = RwSignal::new(Step::Password);
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let start = ApiAction::new(move |password_text: &String| {
        let password_text = password_text.clone();
        async move {
            let enrolment = api.start_two_factor(password_text).await?;
            password.set(String::new());
            code.set(String::new());
            step.set(Step::Scan(enrolment));
            Ok::<(), ApiError>(())
        }
    });
    let confirm = ApiAction::new(move |code: &String| {
        let code = code.clone();
        async move {
            let codes = api.confirm_two_factor(code).await?;
            step.set(Step::Codes(codes.codes));
            Ok::<(), ApiError>(())
        }
    });
    let (password_error, start_error) = split_error(
        Signal::derive(move || start.value().and_then(Result::err)),
        "password",
    );
    let (code_error, confirm_error) = split_error(
        Signal::derive(move || confirm.value().and_then(Result::err)),
        "code",
    );
    let cancel = move || {
        on_cancel.map(|on_cancel| {
            view! {
                <button type="button" class=BUTTON_SECONDARY data-testid="two-factor-cancel" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            }
        })
    };
    let username = move || {
        auth.get_untracked()
            .user()
            .map(|user| user.username.clone())
            .unwrap_or_default()
    };

    move || {
        match step.get() {
        Step::Password => view! {
            <form novalidate class="space-y-4" data-testid="two-factor-start-form" on:submit=move |ev| {
                ev.prevent_default();
                start.dispatch(password.get_untracked());
            }>
                <p class="text-sm text-slate-700">
                    "You need an authenticator app on your phone or computer (any app for time-based codes). Enter your password to begin."
                </p>
                <TextField
                    id="two-factor-password"
                    label="Your password"
                    value=password
                    input_type="password"
                    autocomplete="current-password"
                    error=password_error
                />
                <FormError message=start_error testid="two-factor-start-error" />
                <div class="flex flex-wrap gap-3">
                    <SubmitButton label="Continue" pending_label="Checking…" pending=start.pending() testid="two-factor-start" />
                    {cancel}
                </div>
            </form>
        }
        .into_any(),
        Step::Scan(enrolment) => {
            let secret = enrolment.secret.clone();
            view! {
                <form novalidate class="space-y-4" data-testid="two-factor-scan-form" on:submit=move |ev| {
                    ev.prevent_default();
                    confirm.dispatch(code.get_untracked().trim().to_owned());
                }>
                    <div class="flex flex-col gap-4 sm:flex-row sm:items-start">
                        <img
                            src=svg_data_url(&enrolment.qr_svg)
                            alt="QR code to scan with your authenticator app"
                            width="192"
                            height="192"
                            class="h-48 w-48 shrink-0 rounded-md border border-slate-200 bg-white p-2"
                            data-testid="two-factor-qr"
                        />
                        <div class="min-w-0 space-y-2 text-sm text-slate-700">
                            <p>"1. Scan the QR code with your authenticator app."</p>
                            <p>"If the app cannot scan, add an account by hand with this key (time-based):"</p>
                            <p data-testid="two-factor-secret" class="font-mono text-base break-all text-slate-900">
                                {grouped_secret(&secret)}
                            </p>
                            <label for="two-factor-secret-plain" class="block text-xs text-slate-600">"The key without spaces, to copy"</label>
                            <input
                                id="two-factor-secret-plain"
                                data-testid="two-factor-secret-plain"
                                readonly
                                class=format!("font-mono {INPUT}")
                                prop:value=secret
                            />
                            <p class="text-xs text-slate-600">
                                {format!("Codes have {} digits and change every {} seconds.", enrolment.digits, enrolment.period)}
                            </p>
                        </div>
                    </div>
                    <TextField
                        id="two-factor-code"
                        label="2. Enter the 6-digit code the app shows"
                        value=code
                        autocomplete="one-time-code"
                        error=code_error
                    />
                    <FormError message=confirm_error testid="two-factor-confirm-error" />
                    <div class="flex flex-wrap gap-3">
                        <SubmitButton
                            label="Turn on two-factor authentication"
                            pending_label="Checking…"
                            pending=confirm.pending()
                            testid="two-factor-confirm"
                        />
                        {cancel}
                    </div>
                </form>
            }
            .into_any()
        }
        Step::Codes(codes) => view! {
            <RecoveryCodesPanel codes=codes username=username() on_saved=on_done />
        }
        .into_any(),
    }
    }
}
