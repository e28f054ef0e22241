//! Settings of the whole instance: whether anyone may create an account, and whether every user
//! must sign in with two-factor authentication.

use leptos::prelude::*;
use resume_shared::api::InstanceSettings;

use super::PageTitle;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::{ApiError, AuthedApi};
use crate::components::CARD;
use crate::components::admin_tabs::AdminTabs;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::{FormError, SubmitButton};
use crate::components::spinner::Loading;
use crate::state::Toasts;

/// The instance screen.
#[component]
pub fn AdminInstancePage() -> impl IntoView {
    let api = AuthedApi::expect();
    let instance = ApiResource::new(move || api.get_instance());
    let form = move || {
        instance
            .get()
            .map(|result| result.map(|settings| view! { <InstanceForm initial=settings /> }))
    };
    view! {
        <div data-testid="admin-instance-page">
            <PageTitle title="Administration" />
            <AdminTabs />
            <section class=format!("max-w-2xl {CARD}") aria-labelledby="instance-title">
                <h2 id="instance-title" class="text-lg font-semibold text-slate-900">"Registration and sign-in"</h2>
                <div class="mt-4">
                    <Transition fallback=|| view! { <Loading label="Loading the instance settings…" /> }>
                        <ErrorBoundary fallback=move |errors| {
                            view! {
                                <ErrorNotice
                                    messages=Signal::derive(move || error_messages(&errors))
                                    on_retry=Callback::new(move |()| instance.refetch())
                                />
                            }
                        }>{form}</ErrorBoundary>
                    </Transition>
                </div>
            </section>
        </div>
    }
}

/// What saving the instance settings says: registration, then two-factor.
#[must_use]
pub fn saved_message(settings: &InstanceSettings) -> String {
    let registration = if settings.registration_open {
        "Registration is open: anyone who can reach this site may create an account."
    } else {
        "Registration is closed."
    };
    if settings.require_two_factor.unwrap_or(false) {
        format!("{registration} Every user must sign in with two-factor authentication.")
    } else {
        registration.to_owned()
    }
}

/// Whether registration is open and two-factor required, and the button that saves them.
#[component]
fn InstanceForm(initial: InstanceSettings) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let open = RwSignal::new(initial.registration_open);
    let saved = RwSignal::new(initial.registration_open);
    let require = RwSignal::new(initial.require_two_factor.unwrap_or(false));
    let required = RwSignal::new(initial.require_two_factor.unwrap_or(false));
    let save = ApiAction::new(move |settings: &InstanceSettings| {
        let settings = settings.clone();
        async move {
            let now = api.update_instance(&settings).await?;
            saved.set(now.registration_open);
            open.set(now.registration_open);
            let now_required = now.require_two_factor.unwrap_or(false);
            required.set(now_required);
            require.set(now_required);
            toasts.success(saved_message(&now));
            Ok::<(), ApiError>(())
        }
    });
    let form_error = Signal::derive(move || save.value().and_then(Result::err).map(|e| e.message));
    view! {
        <form
            novalidate
            class="space-y-4"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(InstanceSettings {
                    registration_open: open.get_untracked(),
                    require_two_factor: Some(require.get_untracked()),
                });
            }
        >
            <p data-testid="registration-state" class="text-sm text-slate-700">
                {move || {
                    if saved.get() {
                        "Registration is open: the login page offers to create an account."
                    } else {
                        "Registration is closed: only administrators create accounts."
                    }
                }}
            </p>
            <div class="flex items-start gap-2">
                <input
                    id="registration-open"
                    data-testid="registration-open"
                    type="checkbox"
                    class="mt-0.5 h-4 w-4 rounded border-slate-400 accent-indigo-600"
                    bind:checked=open
                />
                <label for="registration-open" class="text-sm text-slate-800">
                    "Anyone may create a user account"
                    <span class="block text-xs text-slate-600">"New accounts get the user role; administrators can change it."</span>
                </label>
            </div>
            <p data-testid="two-factor-requirement-state" class="text-sm text-slate-700">
                {move || {
                    if required.get() {
                        "Two-factor authentication is required: every user signs in with a code from an authenticator app."
                    } else {
                        "Two-factor authentication is optional: each user decides in their settings."
                    }
                }}
            </p>
            <div class="flex items-start gap-2">
                <input
                    id="require-two-factor"
                    data-testid="require-two-factor"
                    type="checkbox"
                    class="mt-0.5 h-4 w-4 rounded border-slate-400 accent-indigo-600"
                    bind:checked=require
                />
                <label for="require-two-factor" class="text-sm text-slate-800">
                    "Require two-factor authentication"
                    <span class="block text-xs text-slate-600">
                        "Users without it, administrators included, must set it up before they can do anything else. It cannot be turned off while required."
                    </span>
                </label>
            </div>
            <FormError message=form_error testid="instance-error" />
            <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() testid="instance-save" />
        </form>
    }
}
