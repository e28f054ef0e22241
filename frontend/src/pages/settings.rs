//! The user's settings: the LLM endpoint, model and API key (write-only: the page only knows
//! whether one is set, and can clear it), the endpoint's options (output mode, API key header,
//! extra query parameters, concurrency, output limit, timeouts), a connection test of the saved
//! settings, the session timeout, the password change, two-factor authentication
//! ([`super::two_factor`]) and the sessions ([`super::sessions`]). Each field shows the API's
//! validation message next to it. The server drops the stored key when the endpoint moves to
//! another server; the page then says so and asks for the key again.

use leptos::prelude::*;
use resume_shared::api::llm::{LlmAuthHeader, LlmEndpointOptions, LlmOutputMode};
use resume_shared::api::{
    ChangePasswordRequest, LlmTestResponse, Patch, SettingsResponse, UpdateSettingsRequest,
};

use super::PageTitle;
use super::api_tokens::ApiTokensSection;
use super::sessions::SessionsSection;
use super::two_factor::TwoFactorSection;
use super::your_data::YourDataSection;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::{ApiError, AuthedApi};
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::password_form::PasswordForm;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{BUTTON_SECONDARY, BUTTON_SMALL_DANGER, CARD, INPUT};
use crate::state::Toasts;

/// The settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let settings = ApiResource::new(move || api.get_settings());
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
            <TwoFactorSection />
            <SessionsSection />
            <ApiTokensSection />
            <YourDataSection />
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
        llm_options: Patch::Unchanged,
    })
}

/// The endpoint options as typed in the form: every field is text, empty meaning "the
/// server's default".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionFields {
    /// `""` (automatic), `json_schema`, `json_object` or `plain`.
    pub output_mode: String,
    /// `bearer` or `api_key`.
    pub auth_header: String,
    /// `name=value` pairs separated by `&` or new lines.
    pub query: String,
    /// Requests at once.
    pub concurrency: String,
    /// The output limit.
    pub max_tokens: String,
    /// Seconds to connect.
    pub connect_timeout: String,
    /// Seconds to the first byte.
    pub first_byte_timeout: String,
    /// Seconds without data.
    pub idle_timeout: String,
}

/// The form's text for stored options.
#[must_use]
pub fn option_fields(options: &LlmEndpointOptions) -> OptionFields {
    let number = |value: Option<u32>| value.map(|n| n.to_string()).unwrap_or_default();
    OptionFields {
        output_mode: options
            .output_mode
            .map(|mode| mode.as_str().to_owned())
            .unwrap_or_default(),
        auth_header: match options.auth_header {
            LlmAuthHeader::Bearer => "bearer",
            LlmAuthHeader::ApiKey => "api_key",
        }
        .to_owned(),
        query: options
            .query
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&"),
        concurrency: number(options.concurrency),
        max_tokens: number(options.max_tokens),
        connect_timeout: number(options.connect_timeout_seconds),
        first_byte_timeout: number(options.first_byte_timeout_seconds),
        idle_timeout: number(options.idle_timeout_seconds),
    }
}

/// The options to send, from what was typed: unchanged when they equal the saved ones. The
/// ranges are the API's to check; this only reads the text.
///
/// # Errors
/// The API field name (`llm_options.concurrency`, …) and a message, for text that is not a
/// whole number or a query that is not `name=value` pairs.
pub fn options_request(
    saved: &LlmEndpointOptions,
    fields: &OptionFields,
) -> Result<Patch<LlmEndpointOptions>, (&'static str, String)> {
    let number = |name: &'static str, text: &str| -> Result<Option<u32>, (&'static str, String)> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<u32>().map(Some).map_err(|_| {
            (
                name,
                "must be a whole number, or empty for the default".to_owned(),
            )
        })
    };
    let mut query = std::collections::BTreeMap::new();
    for pair in fields.query.split(['&', '\n']) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            (
                "llm_options.query",
                "write each parameter as name=value, separated by &".to_owned(),
            )
        })?;
        query.insert(name.trim().to_owned(), value.trim().to_owned());
    }
    let options = LlmEndpointOptions {
        output_mode: match fields.output_mode.as_str() {
            "json_schema" => Some(LlmOutputMode::JsonSchema),
            "json_object" => Some(LlmOutputMode::JsonObject),
            "plain" => Some(LlmOutputMode::Plain),
            _ => None,
        },
        auth_header: if fields.auth_header == "api_key" {
            LlmAuthHeader::ApiKey
        } else {
            LlmAuthHeader::Bearer
        },
        query,
        concurrency: number("llm_options.concurrency", &fields.concurrency)?,
        max_tokens: number("llm_options.max_tokens", &fields.max_tokens)?,
        connect_timeout_seconds: number(
            "llm_options.connect_timeout_seconds",
            &fields.connect_timeout,
        )?,
        first_byte_timeout_seconds: number(
            "llm_options.first_byte_timeout_seconds",
            &fields.first_byte_timeout,
        )?,
        idle_timeout_seconds: number("llm_options.idle_timeout_seconds", &fields.idle_timeout)?,
    };
    Ok(if &options == saved {
        Patch::Unchanged
    } else {
        Patch::Set(options)
    })
}

/// The connection test's result in words: what answered and how, or what failed and whether
/// trying again later may help.
#[must_use]
pub fn test_summary(result: &LlmTestResponse) -> String {
    if result.ok {
        format!(
            "Connected: {} answered in {} ms ({} output).",
            result.model,
            result.latency_ms,
            result.mode.as_deref().unwrap_or("plain")
        )
    } else {
        let advice = match result.retryable {
            Some(true) => " Trying again later may help.",
            _ => " Change the settings it names, save, and test again.",
        };
        format!(
            "The test failed: {}.{advice}",
            result.error.as_deref().unwrap_or("no reason given")
        )
    }
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
    let options = OptionSignals::new(&option_fields(&initial.llm_options));
    let option_error = RwSignal::new(None::<(&'static str, String)>);

    let apply = move |settings: SettingsResponse| {
        endpoint.set(settings.llm_endpoint.clone().unwrap_or_default());
        model.set(settings.llm_model.clone().unwrap_or_default());
        timeout.set(settings.session_timeout_minutes.to_string());
        api_key.set(String::new());
        options.set(&option_fields(&settings.llm_options));
        saved.set(settings);
    };
    let save = ApiAction::new(move |request: &UpdateSettingsRequest| {
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
    let clear_key = ApiAction::new(move |(): &()| async move {
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
    let error = Signal::derive(move || save.value().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || {
            option_error
                .get()
                .filter(|(field, _)| *field == name)
                .map(|(_, message)| message)
                .or_else(|| error.get().and_then(|error| error.field(name)))
        })
    };
    let test = ApiAction::new(move |(): &()| async move { api.test_llm_settings().await });
    let test_result = move || {
        test.value().map(|result| match result {
            Ok(result) => {
                let ok = result.ok;
                let notes = result.notes.clone();
                view! {
                    <div
                        data-testid="llm-test-result"
                        data-ok=ok.to_string()
                        role="status"
                        class=if ok {
                            "mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm break-words text-emerald-900 ring-1 ring-emerald-200 ring-inset"
                        } else {
                            "mt-3 rounded-md bg-red-50 px-3 py-2 text-sm break-words text-red-900 ring-1 ring-red-200 ring-inset"
                        }
                    >
                        <p>{test_summary(&result)}</p>
                        {(!notes.is_empty()).then(|| view! {
                            <ul class="mt-1 list-inside list-disc text-xs">
                                {notes.into_iter().map(|note| view! { <li data-testid="llm-test-note">{note}</li> }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
                .into_any()
            }
            Err(error) => view! {
                <p data-testid="llm-test-result" data-ok="false" role="alert" class="mt-3 text-sm text-red-700">
                    {error.message}
                </p>
            }
            .into_any(),
        })
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
        let saved_settings = saved.get_untracked();
        let request = settings_request(
            &saved_settings,
            &endpoint.get_untracked(),
            &model.get_untracked(),
            &api_key.get_untracked(),
            &timeout.get_untracked(),
        );
        let llm_options = options_request(&saved_settings.llm_options, &options.get_untracked());
        local_error.set(request.as_ref().err().cloned());
        option_error.set(llm_options.as_ref().err().cloned());
        if let (Ok(mut request), Ok(llm_options)) = (request, llm_options) {
            request.llm_options = llm_options;
            save.dispatch(request);
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
            <details class="rounded-lg border border-slate-200 px-3 py-2" data-testid="settings-llm-options">
                <summary class="cursor-pointer text-sm font-medium text-slate-800">
                    "Endpoint options"
                    <span class="font-normal text-slate-600">" (empty fields use the server's defaults)"</span>
                </summary>
                <div class="mt-3 grid gap-4 sm:grid-cols-2">
                    {select_field(
                        "settings-output-mode",
                        "Output mode",
                        options.output_mode,
                        &[
                            ("", "Automatic (JSON schema, then JSON, then text)"),
                            ("json_schema", "JSON schema only"),
                            ("json_object", "JSON mode only"),
                            ("plain", "Plain text only"),
                        ],
                    )}
                    {select_field(
                        "settings-auth-header",
                        "API key header",
                        options.auth_header,
                        &[("bearer", "Authorization: Bearer (most servers)"), ("api_key", "api-key (Azure OpenAI)")],
                    )}
                    <div class="sm:col-span-2">
                        <TextField
                            id="settings-query"
                            label="Extra query parameters"
                            value=options.query
                            placeholder="api-version=2024-10-21"
                            hint="Added to every request, as name=value separated by &. Azure OpenAI deployments need api-version. Not for secrets."
                            error=field("llm_options.query")
                        />
                    </div>
                    <TextField
                        id="settings-concurrency"
                        label="Requests at once"
                        value=options.concurrency
                        input_type="number"
                        placeholder="1 for local servers"
                        hint="1 to 32. Default: 1 for servers on your network, else the server's setting."
                        error=field("llm_options.concurrency")
                    />
                    <TextField
                        id="settings-max-tokens"
                        label="Max tokens"
                        value=options.max_tokens
                        input_type="number"
                        placeholder="8192"
                        hint="The output limit of each answer, 16 to 262144."
                        error=field("llm_options.max_tokens")
                    />
                    <TextField
                        id="settings-connect-timeout"
                        label="Connect timeout (s)"
                        value=options.connect_timeout
                        input_type="number"
                        placeholder="10"
                        hint="1 to 300."
                        error=field("llm_options.connect_timeout_seconds")
                    />
                    <TextField
                        id="settings-first-byte-timeout"
                        label="First-byte timeout (s)"
                        value=options.first_byte_timeout
                        input_type="number"
                        placeholder="120"
                        hint="Until the answer starts, 1 to 3600. Slow local models need more."
                        error=field("llm_options.first_byte_timeout_seconds")
                    />
                    <TextField
                        id="settings-idle-timeout"
                        label="Idle timeout (s)"
                        value=options.idle_timeout
                        input_type="number"
                        placeholder="60"
                        hint="Silence allowed while an answer arrives, 1 to 3600."
                        error=field("llm_options.idle_timeout_seconds")
                    />
                </div>
            </details>
            <TextField
                id="settings-timeout"
                label="Session timeout (minutes)"
                value=timeout
                input_type="number"
                hint="Sign out after this many minutes without activity: 15 to 1440."
                error=timeout_error
            />
            <FormError message=form_error testid="settings-error" />
            <div class="flex flex-wrap items-center gap-3">
                <SubmitButton label="Save settings" pending_label="Saving…" pending=save.pending() testid="settings-submit" />
                <button
                    type="button"
                    class=BUTTON_SECONDARY
                    data-testid="settings-test-llm"
                    disabled=move || test.pending().get()
                    on:click=move |_| {
                        test.dispatch(());
                    }
                >
                    <Show when=move || test.pending().get()>
                        <Spinner />
                    </Show>
                    "Test connection"
                </button>
                <span class="text-xs text-slate-600">"Tests the saved settings."</span>
            </div>
            {test_result}
        </form>
    }
}

/// The option fields of the form, one signal each.
#[derive(Clone, Copy)]
struct OptionSignals {
    output_mode: RwSignal<String>,
    auth_header: RwSignal<String>,
    query: RwSignal<String>,
    concurrency: RwSignal<String>,
    max_tokens: RwSignal<String>,
    connect_timeout: RwSignal<String>,
    first_byte_timeout: RwSignal<String>,
    idle_timeout: RwSignal<String>,
}

impl OptionSignals {
    fn new(fields: &OptionFields) -> Self {
        let signals = Self {
            output_mode: RwSignal::new(String::new()),
            auth_header: RwSignal::new(String::new()),
            query: RwSignal::new(String::new()),
            concurrency: RwSignal::new(String::new()),
            max_tokens: RwSignal::new(String::new()),
            connect_timeout: RwSignal::new(String::new()),
            first_byte_timeout: RwSignal::new(String::new()),
            idle_timeout: RwSignal::new(String::new()),
        };
        signals.set(fields);
        signals
    }

    fn set(&self, fields: &OptionFields) {
        self.output_mode.set(fields.output_mode.clone());
        self.auth_header.set(fields.auth_header.clone());
        self.query.set(fields.query.clone());
        self.concurrency.set(fields.concurrency.clone());
        self.max_tokens.set(fields.max_tokens.clone());
        self.connect_timeout.set(fields.connect_timeout.clone());
        self.first_byte_timeout
            .set(fields.first_byte_timeout.clone());
        self.idle_timeout.set(fields.idle_timeout.clone());
    }

    fn get_untracked(&self) -> OptionFields {
        OptionFields {
            output_mode: self.output_mode.get_untracked(),
            auth_header: self.auth_header.get_untracked(),
            query: self.query.get_untracked(),
            concurrency: self.concurrency.get_untracked(),
            max_tokens: self.max_tokens.get_untracked(),
            connect_timeout: self.connect_timeout.get_untracked(),
            first_byte_timeout: self.first_byte_timeout.get_untracked(),
            idle_timeout: self.idle_timeout.get_untracked(),
        }
    }
}

/// A labelled `<select>` bound to `value`.
pub(crate) fn select_field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    choices: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="block text-sm font-medium text-slate-800">{label}</label>
            <select
                id=id
                data-testid=id
                class=format!("mt-1 {INPUT}")
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {choices
                    .iter()
                    .map(|(choice, text)| {
                        view! { <option value=*choice selected=move || value.get() == *choice>{*text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The password change, with the current password.
#[component]
fn PasswordSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let done = RwSignal::new(0_u32);
    let change = ApiAction::new(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            api.change_password(&request).await?;
            done.update(|n| *n += 1);
            toasts.success("Your password is changed. Your other sessions are signed out.");
            Ok::<(), ApiError>(())
        }
    });
    let error = Signal::derive(move || change.value().and_then(Result::err));
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
