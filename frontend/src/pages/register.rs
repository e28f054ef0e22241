//! Self-registration of a `user` account, while the instance allows it.

use leptos::prelude::*;
use leptos_router::components::A;
use resume_shared::api::RegisterRequest;

use super::PageTitle;
use crate::api::ApiClient;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::components::account_form::AccountForm;
use crate::components::spinner::Loading;
use crate::components::{CARD, LINK};
use crate::routes::Page;
use crate::state::AuthState;

/// The registration screen (or the news that registration is closed).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let auth = AuthState::expect();
    let status = ApiResource::new(|| ApiClient.setup_status());
    let register = ApiAction::new(move |request: &RegisterRequest| {
        let request = request.clone();
        async move {
            let result = ApiClient.register(&request).await;
            if let Ok(user) = &result {
                auth.signed_in(user.clone());
            }
            result
        }
    });
    let error = Signal::derive(move || register.value().and_then(Result::err));
    let closed_now = move || {
        error
            .get()
            .is_some_and(|error| error.is("registration_closed"))
    };
    let body = move || match status.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(status)) if status.registration_open && !closed_now() => view! {
            <div class=CARD>
                <AccountForm
                    prefix="register"
                    submit_label="Create account"
                    pending_label="Creating…"
                    pending=register.pending()
                    error=error
                    on_submit=Callback::new(move |request| {
                        register.dispatch(request);
                    })
                />
            </div>
        }
        .into_any(),
        Some(_) => view! {
            <div class=CARD data-testid="registration-closed">
                <p class="text-sm text-slate-700">
                    "Registration is closed on this instance. Ask an administrator for an account."
                </p>
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="mx-auto max-w-md" data-testid="register-page">
            <PageTitle title="Create an account" />
            {body}
            <p class="mt-4 text-center text-sm text-slate-700">
                "Already have an account? "
                <A href=Page::Login.path() {..} class=LINK data-testid="login-link">"Sign in"</A>
            </p>
        </div>
    }
}
