//! The forced password change: a user flagged for it reaches nothing else until it is done.

use leptos::prelude::*;
use resume_shared::api::ChangePasswordRequest;

use super::PageTitle;
use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::CARD;
use crate::components::password_form::PasswordForm;
use crate::state::{AuthState, Toasts};

/// The forced password change screen.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let api = AuthedApi::expect();
    let change = ApiAction::new(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            api.change_password(&request).await?;
            let user = api.me().await?;
            auth.signed_in(user);
            toasts.success("Your password is changed.");
            Ok::<(), ApiError>(())
        }
    });
    let error = Signal::derive(move || change.value().and_then(Result::err));
    view! {
        <div class="mx-auto max-w-md" data-testid="change-password-page">
            <PageTitle
                title="Choose a new password"
                subtitle="An administrator asks you to change your password before you continue."
            />
            <div class=CARD>
                <PasswordForm
                    ask_current=false
                    pending=change.pending()
                    error=error
                    clear=Signal::derive(|| 0)
                    on_submit=Callback::new(move |request| {
                        change.dispatch(request);
                    })
                />
            </div>
        </div>
    }
}
