//! The two-factor part of the administrator's user form: whether the user signs in with a
//! second factor, and resetting it (after a confirmation) for a user who lost their app and
//! their recovery codes.

use leptos::prelude::*;

use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::components::spinner::Spinner;
use crate::components::{BUTTON_SMALL, BUTTON_SMALL_DANGER};
use crate::state::Toasts;

/// The badge of the users table: `On` or `Off`.
#[component]
pub fn TwoFactorBadge(
    /// Whether the user has two-factor authentication.
    enabled: bool,
) -> impl IntoView {
    view! {
        <span
            data-testid="user-two-factor"
            data-enabled=enabled.to_string()
            class=if enabled {
                "rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset"
            } else {
                "rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset"
            }
        >
            {if enabled { "On" } else { "Off" }}
        </span>
    }
}

/// The fieldset of the edit form. `on_reset` runs once the reset is done (the form then closes
/// and the table reloads).
#[component]
pub fn UserTwoFactor(
    /// The user's id.
    user_id: String,
    /// The user's name, for the messages.
    username: String,
    /// Whether the user has two-factor authentication.
    enabled: bool,
    /// The reset is done.
    on_reset: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let confirming = RwSignal::new(false);
    let who = StoredValue::new((user_id, username.clone()));
    let reset = ApiAction::new(move |(): &()| {
        let (id, username) = who.get_value();
        async move {
            match api.reset_user_two_factor(&id).await {
                Ok(()) => {
                    toasts.success(format!(
                        "The two-factor authentication of {username} is reset: they sign in with their password alone."
                    ));
                    on_reset.run(());
                }
                Err(error) => toasts.api_error(&error),
            }
        }
    });
    let state = if enabled {
        "On: signing in asks for a code from an authenticator app."
    } else {
        "Off."
    };
    view! {
        <fieldset class="space-y-2" data-testid="edit-user-two-factor">
            <legend class="text-sm font-medium text-slate-800">"Two-factor authentication"</legend>
            <p class="text-sm text-slate-700" data-testid="edit-user-two-factor-state">{state}</p>
            {enabled.then(|| view! {
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class=BUTTON_SMALL_DANGER data-testid="edit-user-reset-two-factor" on:click=move |_| confirming.set(true)>
                            "Reset two-factor authentication"
                        </button>
                    }
                >
                    <div role="alert" class="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="reset-two-factor-confirmation">
                        <p>
                            {format!(
                                "Turn off two-factor authentication for {username} and delete their recovery codes? Do this only when you are sure who asks: whoever knows the password can then sign in."
                            )}
                        </p>
                        <div class="flex flex-wrap gap-2">
                            <button type="button" class=BUTTON_SMALL_DANGER data-testid="reset-two-factor-confirm"
                                disabled=move || reset.pending().get()
                                on:click=move |_| reset.dispatch(())>
                                <Show when=move || reset.pending().get()>
                                    <Spinner />
                                </Show>
                                "Reset"
                            </button>
                            <button type="button" class=BUTTON_SMALL data-testid="reset-two-factor-cancel"
                                disabled=move || reset.pending().get()
                                on:click=move |_| confirming.set(false)>
                                "Cancel"
                            </button>
                        </div>
                    </div>
                </Show>
            })}
        </fieldset>
    }
}
