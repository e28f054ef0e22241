//! The user's settings: the LLM endpoint, model and API key (write-only: the page only knows
//! whether one is set, and can clear it), the session timeout, and the password change. Each
//! field shows the API's validation message next to it. The server drops the stored key when
//! the endpoint moves to another server; the page then says so and asks for the key again.

use leptos::prelude::*;
use resume_shared::api::{ChangePasswordRequest, Patch, SettingsResponse, UpdateSettingsRequest};

use super::PageTitle;
use crate::api::{ApiError, AuthedApi};
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::password_form::PasswordForm;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_SMALL_DANGER, CARD};
use crate::state::Toasts;

/// The settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let settings = LocalResource::new(move || api.get_settings());
    let form = move || {
        settings
            .get()
            .map(|result| result.map(|settings| view! { <LlmSettingsForm initial=settings /> }))
    };
    view! {
        <div data-testid="settings-page" class="mx-auto max-w-2xl">
            <PageTitle title="Settings" />
            <section class=CARD aria-labelledby="llm-title">
                <h2 id="llm-title" class="text-lg font-semibold text-slate-900">"AI and session"</h2>
                <p class="mt-1 text-sm text-slate-600">
                    "The OpenAI-compatible service used to tailor resumes, and how long you stay signed in without activity."
                </p>
                <div class="mt-4">
                    <Transition fallback=|| view! { <Loading label="Loading your settings…" /> }>
                        <ErrorBoundary fallback=move |errors| {
                            view! {
                                <ErrorNotice
                                    messages=Signal::derive(move || error_messages(&errors))
                                    on_retry=Callback::new(move |()| settings.refetch())
                                />
                            }
                        }>{form}</ErrorBoundary>
                    </Transition>
                </div>
            </section>
            <PasswordSection />
        </div>
    }
}

/// What the settings form sends, from what was typed.
///
/// # Errors
/// A message for the `session_timeout_minutes` field when it is not a whole number.
pub fn settings_request(
    saved: &SettingsResponse,
    endpoint: &str,
    model: &str,
    api_key: &str,
    timeout: &str,
) -> Result<UpdateSettingsRequest, String> {
    let text = |typed: &str, saved: &Option<String>| {
        let typed = typed.trim();
        match (typed.is_empty(), saved) {
            (true, None) => Patch::Unchanged,
            (true, Some(_)) => Patch::Clear,
            (false, Some(saved)) if saved == typed => Patch::Unchanged,
            (false, _) => Patch::Set(typed.to_owned()),
        }
    };
    let timeout = timeout
        .trim()
        .parse::<u32>()
        .map_err(|_| "must be a whole number of minutes".to_owned())?;
    Ok(UpdateSettingsRequest {
        llm_endpoint: text(endpoint, &saved.llm_endpoint),
        llm_model: text(model, &saved.llm_model),
        api_key: if api_key.is_empty() {
            Patch::Unchanged
        } else {
            Patch::Set(api_key.to_owned())
        },
        session_timeout_minutes: Some(timeout),
    })
}

/// Whether saving `request` made the server drop the stored API key: a key was set before,
/// the request changed the endpoint without touching the key, and the answer says no key is
/// set (a key is only ever sent to the server it was entered for).
#[must_use]
pub fn key_dropped_by_endpoint_change(
    key_was_set: bool,
    request: &UpdateSettingsRequest,
    answer: &SettingsResponse,
) -> bool {
    key_was_set
        && !request.llm_endpoint.is_unchanged()
        && request.api_key.is_unchanged()
        && !answer.api_key_set
}

/// The LLM and session form, starting from the stored settings.
#[component]
fn LlmSettingsForm(initial: SettingsResponse) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let saved = RwSignal::new(initial.clone());
    let endpoint = RwSignal::new(initial.llm_endpoint.clone().unwrap_or_default());
    let model = RwSignal::new(initial.llm_model.clone().unwrap_or_default());
    let api_key = RwSignal::new(String::new());
    let timeout = RwSignal::new(initial.session_timeout_minutes.to_string());
    let local_error = RwSignal::new(None::<String>);
    let key_dropped = RwSignal::new(false);

    let apply = move |settings: SettingsResponse| {
        endpoint.set(settings.llm_endpoint.clone().unwrap_or_default());
        model.set(settings.llm_model.clone().unwrap_or_default());
        timeout.set(settings.session_timeout_minutes.to_string());
        api_key.set(String::new());
        saved.set(settings);
    };
    let save = Action::new_local(move |request: &UpdateSettingsRequest| {
        let request = request.clone();
        async move {
            let key_was_set = saved.get_untracked().api_key_set;
            let settings = api.update_settings(&request).await?;
            let dropped = key_dropped_by_endpoint_change(key_was_set, &request, &settings);
            apply(settings);
            key_dropped.set(dropped);
            toasts.success(if dropped {
                "Settings saved. The API key was removed because the endpoint changed."
            } else {
                "Settings saved."
            });
            Ok::<(), ApiError>(())
        }
    });
    let clear_key = Action::new_local(move |(): &()| async move {
        let request = UpdateSettingsRequest {
            api_key: Patch::Clear,
            ..UpdateSettingsRequest::default()
        };
        match api.update_settings(&request).await {
            Ok(settings) => {
                saved.update(|saved| saved.api_key_set = settings.api_key_set);
                api_key.set(String::new());
                toasts.success("The API key is removed.");
            }
            Err(error) => toasts.api_error(&error),
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let timeout_error = Signal::derive(move || {
        local_error.get().or_else(|| {
            error
                .get()
                .and_then(|error| error.field("session_timeout_minutes"))
        })
    });
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match settings_request(
            &saved.get_untracked(),
            &endpoint.get_untracked(),
            &model.get_untracked(),
            &api_key.get_untracked(),
            &timeout.get_untracked(),
        ) {
            Ok(request) => {
                local_error.set(None);
                save.dispatch(request);
            }
            Err(problem) => local_error.set(Some(problem)),
        }
    };
    let key_set = move || saved.read().api_key_set;
    view! {
        <form novalidate class="space-y-4" on:submit=submit>
            <TextField
                id="settings-endpoint"
                label="LLM endpoint"
                value=endpoint
                input_type="url"
                placeholder="https://api.openai.com/v1"
                hint="The base URL of an OpenAI-compatible API. Empty: the server's default."
                error=field("llm_endpoint")
            />
            <TextField
                id="settings-model"
                label="Model"
                value=model
                placeholder="gpt-4o-mini"
                hint="Empty: the server's default."
                error=field("llm_model")
            />
            <div>
                <TextField
                    id="settings-api-key"
                    label="API key"
                    value=api_key
                    input_type="password"
                    autocomplete="new-password"
                    hint="Stored encrypted and never shown again. Leave empty to keep the current key."
                    error=field("api_key")
                />
                <div class="mt-2 flex flex-wrap items-center gap-3 text-sm">
                    <span
                        data-testid="api-key-status"
                        class=move || {
                            if key_set() {
                                "rounded-full bg-emerald-50 px-2 py-0.5 font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset"
                            } else {
                                "rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700 ring-1 ring-slate-200 ring-inset"
                            }
                        }
                    >
                        {move || if key_set() { "An API key is set" } else { "No API key is set" }}
                    </span>
                    <Show when=key_set>
                        <button
                            type="button"
                            class=BUTTON_SMALL_DANGER
                            data-testid="settings-clear-key"
                            disabled=move || clear_key.pending().get()
                            on:click=move |_| {
                                clear_key.dispatch(());
                            }
                        >
                            <Show when=move || clear_key.pending().get()>
                                <Spinner />
                            </Show>
                            "Remove the API key"
                        </button>
                    </Show>
                </div>
                <Show when=move || key_dropped.get() && !key_set()>
                    <p
                        data-testid="api-key-dropped"
                        role="status"
                        class="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
                    >
                        "The API key was removed because the endpoint now points to another server: a key is only sent to the server it was entered for. Enter the key for the new endpoint again."
                    </p>
                </Show>
            </div>
            <TextField
                id="settings-timeout"
                label="Session timeout (minutes)"
                value=timeout
                input_type="number"
                hint="Sign out after this many minutes without activity: 15 to 1440."
                error=timeout_error
            />
            <FormError message=form_error testid="settings-error" />
            <SubmitButton label="Save settings" pending_label="Saving…" pending=save.pending() testid="settings-submit" />
        </form>
    }
}

/// The password change, with the current password.
#[component]
fn PasswordSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let done = RwSignal::new(0_u32);
    let change = Action::new_local(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            api.change_password(&request).await?;
            done.update(|n| *n += 1);
            toasts.success("Your password is changed. Your other sessions are signed out.");
            Ok::<(), ApiError>(())
        }
    });
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    view! {
        <section class=format!("mt-6 {CARD}") aria-labelledby="password-title">
            <h2 id="password-title" class="text-lg font-semibold text-slate-900">"Password"</h2>
            <p class="mt-1 text-sm text-slate-600">"Changing it signs out your other sessions."</p>
            <div class="mt-4">
                <PasswordForm
                    ask_current=true
                    pending=change.pending()
                    error=error
                    clear=done
                    on_submit=Callback::new(move |request| {
                        change.dispatch(request);
                    })
                />
            </div>
        </section>
    }
}
