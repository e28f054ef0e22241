//! First run: creates the first administrator. Every route leads here while no user exists;
//! afterwards this page is gone (it leads to the login page or the dashboard).

use leptos::prelude::*;
use resume_shared::api::RegisterRequest;

use super::PageTitle;
use crate::api::ApiClient;
use crate::components::CARD;
use crate::components::account_form::AccountForm;
use crate::state::AuthState;

/// The setup screen.
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = AuthState::expect();
    let setup = Action::new_local(move |request: &RegisterRequest| {
        let request = request.clone();
        async move {
            let result = ApiClient.setup(&request).await;
            match &result {
                Ok(user) => auth.signed_in(user.clone()),
                // Someone else finished the setup meanwhile: sign in instead.
                Err(error) if error.is("already_set_up") => auth.signed_out(),
                Err(_) => {}
            }
            result
        }
    });
    let error = Signal::derive(move || setup.value().get().and_then(Result::err));
    view! {
        <div class="mx-auto max-w-md" data-testid="setup-page">
            <PageTitle
                title="Set up Resume Editor"
                subtitle="Create the first administrator account. You can add other users afterwards."
            />
            <div class=CARD>
                <AccountForm
                    prefix="setup"
                    submit_label="Create administrator"
                    pending_label="Creating…"
                    pending=setup.pending()
                    error=error
                    on_submit=Callback::new(move |request| {
                        setup.dispatch(request);
                    })
                />
            </div>
        </div>
    }
}
