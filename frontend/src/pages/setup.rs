//! First run: creates the first administrator. Every route leads here while no user exists;
//! afterwards this page is gone (it leads to the login page or the dashboard). An instance
//! reachable beyond its own machine asks for its setup token too (the server log says where
//! it is).

use leptos::prelude::*;
use resume_shared::api::{RegisterRequest, SetupRequest};

use super::PageTitle;
use crate::api::ApiClient;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::components::CARD;
use crate::components::account_form::AccountForm;
use crate::components::form::TextField;
use crate::state::AuthState;

/// The setup screen.
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = AuthState::expect();
    let status = ApiResource::new(|| ApiClient.setup_status());
    let token_required = move || {
        status
            .get()
            .and_then(Result::ok)
            .is_some_and(|status| status.setup_token_required)
    };
    let setup_token = RwSignal::new(String::new());
    let setup = ApiAction::new(move |account: &RegisterRequest| {
        let token = setup_token.get_untracked().trim().to_owned();
        let request = SetupRequest {
            username: account.username.clone(),
            email: account.email.clone(),
            password: account.password.clone(),
            setup_token: (!token.is_empty()).then_some(token),
            session: None,
        };
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
    let error = Signal::derive(move || setup.value().and_then(Result::err));
    view! {
        <div class="mx-auto max-w-md" data-testid="setup-page">
            <PageTitle
                title="Set up Resume Editor"
                subtitle="Create the first administrator account. You can add other users afterwards."
            />
            <div class=CARD>
                <Show when=token_required>
                    <div class="mb-4">
                        <TextField
                            id="setup-token"
                            label="Setup token"
                            value=setup_token
                            input_type="password"
                            hint="This server listens beyond its own machine: enter the setup token from RESUME_EDITOR_SETUP_TOKEN, or from the file the server log names."
                            error=Signal::derive(move || {
                                error.get().filter(|error| error.is("invalid_setup_token")).map(|error| error.message)
                            })
                        />
                    </div>
                </Show>
                <AccountForm
                    prefix="setup"
                    submit_label="Create administrator"
                    pending_label="Creating…"
                    pending=setup.pending()
                    error=Signal::derive(move || {
                        error.get().filter(|error| !error.is("invalid_setup_token"))
                    })
                    on_submit=Callback::new(move |request| {
                        setup.dispatch(request);
                    })
                />
            </div>
        </div>
    }
}
