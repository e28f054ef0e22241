//! Sign in. A visitor sent here from another page returns there afterwards (`?next=`); the
//! link to registration shows while the instance allows it. An account with two-factor
//! authentication continues with the code step ([`super::second_factor`]) after the password.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use resume_shared::api::LoginRequest;
use resume_shared::api::two_factor::SecondFactorChallenge;

use super::PageTitle;
use super::second_factor::SecondFactorStep;
use crate::api::ApiClient;
use crate::api::action::ApiAction;
use crate::api::auth::LoginOutcome;
use crate::api::resource::ApiResource;
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{CARD, LINK};
use crate::routes::Page;
use crate::state::AuthState;

/// The login screen.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = AuthState::expect();
    let query = use_query_map();
    let status = ApiResource::new(|| ApiClient.setup_status());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // The second step under way, and why the visitor is back at the first one.
    let challenge = RwSignal::new(None::<SecondFactorChallenge>);
    let notice = RwSignal::new(None::<String>);
    let login = ApiAction::new(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            let result = ApiClient.login(&request).await;
            match &result {
                // The login route itself then leads to the page asked for.
                Ok(LoginOutcome::SignedIn(user)) => auth.signed_in(user.clone()),
                Ok(LoginOutcome::SecondFactor(step)) => {
                    password.set(String::new());
                    challenge.set(Some(step.clone()));
                }
                Err(_) => {}
            }
            result.map(|_| ())
        }
    });
    let error = Signal::derive(move || login.value().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        notice.get().or_else(|| {
            error
                .get()
                .filter(|error| error.fields.is_empty())
                .map(|error| error.message)
        })
    });
    let restart = Callback::new(move |reason: Option<String>| {
        notice.set(reason);
        challenge.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        login.dispatch(LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            session: None,
        });
    };
    let registration_open = move || {
        status
            .get()
            .and_then(Result::ok)
            .is_some_and(|status| status.registration_open)
    };
    view! {
        <div class="mx-auto max-w-md" data-testid="login-page">
            <PageTitle title="Sign in" />
            <Show when=move || query.read().get("next").is_some()>
                <p data-testid="login-reason" class="mb-4 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
                    "Sign in to continue to the page you asked for."
                </p>
            </Show>
            <Show
                when=move || challenge.read().is_none()
                fallback=move || {
                    challenge
                        .get()
                        .map(|challenge| view! { <SecondFactorStep challenge=challenge on_restart=restart /> })
                }
            >
                <div class=CARD>
                    <form novalidate class="space-y-4" on:submit=submit>
                        <TextField id="login-username" label="Username or email" value=username autocomplete="username" error=field("username") />
                        <TextField
                            id="login-password"
                            label="Password"
                            value=password
                            input_type="password"
                            autocomplete="current-password"
                            error=field("password")
                        />
                        <FormError message=form_error testid="login-error" />
                        <SubmitButton label="Sign in" pending_label="Signing in…" pending=login.pending() testid="login-submit" />
                    </form>
                </div>
            </Show>
            <Show when=registration_open>
                <p class="mt-4 text-center text-sm text-slate-700" data-testid="register-offer">
                    "No account yet? "
                    <A href=Page::Register.path() {..} class=LINK data-testid="register-link">
                        "Create one"
                    </A>
                </p>
            </Show>
        </div>
    }
}
