//! The forced two-factor enrolment: when an administrator requires two-factor authentication,
//! a user without it reaches nothing else until it is set up and the recovery codes are saved.

use leptos::prelude::*;

use super::PageTitle;
use super::two_factor::enrol::Enrolment;
use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::CARD;
use crate::components::form::FormError;
use crate::state::{AuthState, Toasts};

/// The forced enrolment screen.
#[component]
pub fn TwoFactorSetupPage() -> impl IntoView {
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let api = AuthedApi::expect();
    // The user is no longer flagged: the route then leads on to the app.
    let finish = ApiAction::new(move |(): &()| async move {
        let user = api.me().await?;
        auth.signed_in(user);
        toasts.success("Two-factor authentication is on.");
        Ok::<(), ApiError>(())
    });
    let error = Signal::derive(move || finish.value().and_then(Result::err).map(|e| e.message));
    view! {
        <div class="mx-auto max-w-xl" data-testid="two-factor-setup-page">
            <PageTitle
                title="Set up two-factor authentication"
                subtitle="An administrator requires two-factor authentication. Set it up to continue."
            />
            <div class=CARD>
                <Enrolment on_done=Callback::new(move |()| finish.dispatch(())) />
            </div>
            <div class="mt-4">
                <FormError message=error testid="two-factor-setup-error" />
            </div>
        </div>
    }
}
