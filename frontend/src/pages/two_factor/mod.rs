//! The "Two-factor authentication" section of the settings: whether sign-in asks for a code
//! from an authenticator app, and the ways to set it up ([`enrol`]), replace the recovery
//! codes and turn it off (both with the password and a current code, [`proof`]).
//!
//! [`enrol::Enrolment`] is also the forced enrolment page's. Everything here is downloaded
//! with the settings (or that page), never with the first download.

pub mod enrol;
pub mod proof;
pub mod recovery_codes;
pub mod text;

use leptos::prelude::*;
use resume_shared::api::two_factor::{TwoFactorProof, TwoFactorStatus};

use self::enrol::Enrolment;
use self::proof::ProofForm;
use self::recovery_codes::RecoveryCodesPanel;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::{ApiError, AuthedApi};
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::format::{count, local_time};
use crate::state::{AuthState, Toasts};

/// What the section shows below the state.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// The buttons.
    Idle,
    /// Setting it up.
    Enrolling,
    /// Asking for the proof that turns it off.
    Disabling,
    /// Asking for the proof that replaces the recovery codes.
    Renewing,
    /// The new recovery codes, shown once.
    Codes(Vec<String>),
}

/// The state in words: on since when, with how many recovery codes left; or off.
#[must_use]
pub fn status_text(status: &TwoFactorStatus) -> String {
    if status.enabled {
        let since = status
            .enabled_at
            .as_deref()
            .map(|at| format!(" since {}", local_time(at)))
            .unwrap_or_default();
        format!(
            "On{since}: signing in asks for a code. {} left.",
            count(
                u64::from(status.recovery_codes_left),
                "recovery code",
                "recovery codes"
            )
        )
    } else {
        "Off: signing in asks for your password only.".to_owned()
    }
}

/// The section.
#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let status = ApiResource::new(move || api.two_factor_status());
    let controls = move || {
        status.get().map(|result| {
            result.map(|current| {
                view! { <TwoFactorControls status=current on_changed=Callback::new(move |()| status.refetch()) /> }
            })
        })
    };
    view! {
        <section class=format!("mt-6 {CARD}") aria-labelledby="two-factor-title" data-testid="two-factor-section">
            <h2 id="two-factor-title" class="text-lg font-semibold text-slate-900">"Two-factor authentication"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Signing in asks for a code from an authenticator app as well as your password, so a stolen password alone is not enough."
            </p>
            <div class="mt-4">
                <Transition fallback=|| view! { <Loading label="Loading…" /> }>
                    <ErrorBoundary fallback=move |errors| {
                        view! {
                            <ErrorNotice
                                messages=Signal::derive(move || error_messages(&errors))
                                on_retry=Callback::new(move |()| status.refetch())
                            />
                        }
                    }>{controls}</ErrorBoundary>
                </Transition>
            </div>
        </section>
    }
}

/// The state and what can be done with it.
#[component]
fn TwoFactorControls(status: TwoFactorStatus, on_changed: Callback<()>) -> impl IntoView {
    let api = AuthedApi::expect();
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let mode = RwSignal::new(Mode::Idle);
    let disable = ApiAction::new(move |proof: &TwoFactorProof| {
        let proof = proof.clone();
        async move {
            api.disable_two_factor(&proof).await?;
            toasts.success("Two-factor authentication is off.");
            on_changed.run(());
            Ok::<(), ApiError>(())
        }
    });
    let renew = ApiAction::new(move |proof: &TwoFactorProof| {
        let proof = proof.clone();
        async move {
            let codes = api.new_recovery_codes(&proof).await?;
            mode.set(Mode::Codes(codes.codes));
            Ok::<(), ApiError>(())
        }
    });
    let enabled = status.enabled;
    let required = status.required;
    let idle = Callback::new(move |()| mode.set(Mode::Idle));
    let username = move || {
        auth.get_untracked()
            .user()
            .map(|user| user.username.clone())
            .unwrap_or_default()
    };
    let below = move || {
        match mode.get() {
        Mode::Idle if enabled => view! {
            <div class="flex flex-wrap gap-3">
                <button type="button" class=BUTTON_SECONDARY data-testid="two-factor-renew" on:click=move |_| mode.set(Mode::Renewing)>
                    "New recovery codes"
                </button>
                {(!required).then(|| view! {
                    <button type="button" class=BUTTON_SECONDARY data-testid="two-factor-disable" on:click=move |_| mode.set(Mode::Disabling)>
                        "Turn off"
                    </button>
                })}
            </div>
        }
        .into_any(),
        Mode::Idle => view! {
            <button type="button" class=BUTTON_PRIMARY data-testid="two-factor-enable" on:click=move |_| mode.set(Mode::Enrolling)>
                "Set up two-factor authentication"
            </button>
        }
        .into_any(),
        Mode::Enrolling => view! {
            <Enrolment
                on_done=Callback::new(move |()| {
                    toasts.success("Two-factor authentication is on.");
                    on_changed.run(());
                })
                on_cancel=idle
            />
        }
        .into_any(),
        Mode::Disabling => view! {
            <ProofForm
                id="two-factor-off"
                submit_label="Turn off two-factor authentication"
                pending_label="Turning off…"
                danger=true
                pending=disable.pending()
                error=Signal::derive(move || disable.value().and_then(Result::err))
                on_submit=Callback::new(move |proof| disable.dispatch(proof))
                on_cancel=idle
            />
        }
        .into_any(),
        Mode::Renewing => view! {
            <p class="mb-3 text-sm text-slate-700">"New codes replace all the old ones, used or not."</p>
            <ProofForm
                id="two-factor-renewal"
                submit_label="Make new recovery codes"
                pending_label="Making…"
                pending=renew.pending()
                error=Signal::derive(move || renew.value().and_then(Result::err))
                on_submit=Callback::new(move |proof| renew.dispatch(proof))
                on_cancel=idle
            />
        }
        .into_any(),
        Mode::Codes(codes) => view! {
            <RecoveryCodesPanel codes=codes username=username() on_saved=on_changed />
        }
        .into_any(),
    }
    };
    view! {
        <p data-testid="two-factor-state" data-enabled=enabled.to_string() class="mb-4 text-sm text-slate-800">
            {status_text(&status)}
        </p>
        {required.then(|| view! {
            <p data-testid="two-factor-required" class="mb-4 text-sm text-slate-600">
                "An administrator requires two-factor authentication of every user: it cannot be turned off."
            </p>
        })}
        {below}
    }
}
