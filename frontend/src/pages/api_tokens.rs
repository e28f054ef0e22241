//! The "API tokens" section of the settings: personal access tokens for scripts and API
//! clients. Create one (name, scope, expiry) and see its secret once, list the live ones (scope,
//! created, last use and from where, expiry) and revoke them.

use leptos::prelude::*;
use std::future::Future;

use resume_shared::api::tokens::{
    ApiTokenListResponse, ApiTokenResponse, CreateApiTokenRequest, TokenScope,
};

use super::settings::select_field;
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::{ApiError, AuthedApi};
use crate::components::error_notice::ErrorNotice;
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::{BUTTON_SMALL_DANGER, CARD, INPUT};
use crate::format::local_time;
use crate::state::Toasts;

const SCOPES: &[(&str, &str)] = &[("read", "Read only"), ("read-write", "Read and write")];
const EXPIRIES: &[(&str, &str)] = &[
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("", "Never"),
];

/// What the create form sends, from what was chosen.
#[must_use]
pub fn token_request(name: &str, scope: &str, expiry: &str) -> CreateApiTokenRequest {
    CreateApiTokenRequest {
        name: name.trim().to_owned(),
        scope: TokenScope::from_name(scope).unwrap_or(TokenScope::Read),
        expires_in_days: expiry.parse().ok(),
    }
}

/// One line about a token: scope, dates, last use.
#[must_use]
pub fn token_summary(token: &ApiTokenResponse) -> String {
    let scope = match token.scope {
        TokenScope::Read => "read only",
        TokenScope::ReadWrite => "read and write",
    };
    let used = token.last_used_at.as_deref().map_or_else(
        || "never used".to_owned(),
        |at| {
            let from = token
                .last_used_ip
                .as_deref()
                .unwrap_or("an unknown address");
            format!("last used {} from {from}", local_time(at))
        },
    );
    let expires = token.expires_at.as_deref().map_or_else(
        || "never expires".to_owned(),
        |at| format!("expires {}", local_time(at)),
    );
    format!(
        "{} · {scope} · created {} · {used} · {expires}",
        token.hint,
        local_time(&token.created_at)
    )
}

/// The section.
#[component]
pub fn ApiTokensSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let tokens = ApiResource::new(move || api.list_tokens());
    let (name, scope, expiry) = (
        RwSignal::new(String::new()),
        RwSignal::new("read".to_owned()),
        RwSignal::new("90".to_owned()),
    );
    let secret = RwSignal::new(None::<String>);
    let create = ApiAction::new(move |request: &CreateApiTokenRequest| {
        let request = request.clone();
        async move {
            let created = api.create_token(&request).await?;
            secret.set(Some(created.secret));
            name.set(String::new());
            tokens.refetch();
            Ok::<(), ApiError>(())
        }
    });
    let revoke = revoke_action(move |id| async move { api.revoke_token(&id).await }, tokens);
    let error = move || create.value().and_then(Result::err);
    view! {
        <section class=format!("mt-6 {CARD}") aria-labelledby="tokens-title">
            <h2 id="tokens-title" class="text-lg font-semibold text-slate-900">"API tokens"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "For scripts and other programs: send a token as "
                <code>"Authorization: Bearer …"</code>
                ". A token reaches your resumes only; it cannot change your password or settings. Changing your password revokes them."
            </p>
            <form class="mt-4 grid gap-3 sm:grid-cols-3" novalidate on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(token_request(&name.get_untracked(), &scope.get_untracked(), &expiry.get_untracked()));
            }>
                <div class="sm:col-span-3">
                    <TextField id="token-name" label="Name" value=name placeholder="backup script"
                        error=Signal::derive(move || error().and_then(|e| e.field("name"))) />
                </div>
                {select_field("token-scope", "Scope", scope, SCOPES)}
                {select_field("token-expiry", "Expires", expiry, EXPIRIES)}
                <div class="flex items-end">
                    <SubmitButton label="Create token" pending_label="Creating…" pending=create.pending() testid="token-create" />
                </div>
                <div class="sm:col-span-3">
                    <FormError testid="token-error" message=Signal::derive(move || {
                        error().filter(|e| e.field("name").is_none()).map(|e| e.to_string())
                    }) />
                </div>
            </form>
            {move || secret.get().map(|secret| view! {
                <div role="status" class="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                    <label for="token-secret" class="font-medium">"Your new token — copy it now, it is shown only once:"</label>
                    <input id="token-secret" data-testid="token-secret" readonly class=format!("mt-2 font-mono {INPUT}") prop:value=secret />
                </div>
            })}
            <div class="mt-4">
                <TokenList tokens=tokens revoke=revoke empty="No tokens yet." />
            </div>
        </section>
    }
}

/// The live tokens of one user, as the list endpoints answer them.
pub type TokenListResource = ApiResource<ApiTokenListResponse>;

/// Revokes a token by id with `revoke`, reports a failure in a toast and reloads `tokens`.
pub fn revoke_action<F, Fut>(revoke: F, tokens: TokenListResource) -> ApiAction<String, ()>
where
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    let toasts = Toasts::expect();
    ApiAction::new(move |id: &String| {
        let request = revoke(id.clone());
        async move {
            if let Err(error) = request.await {
                toasts.api_error(&error);
            }
            tokens.refetch();
        }
    })
}

/// A list of tokens (name and [`token_summary`]), each with its Revoke button.
#[component]
pub fn TokenList(
    /// The tokens to show.
    tokens: TokenListResource,
    /// Revokes the token whose id it gets (see [`revoke_action`]).
    revoke: ApiAction<String, ()>,
    /// What to say when there is none.
    empty: &'static str,
) -> impl IntoView {
    move || {
        tokens.get().map(|result| match result {
            Ok(list) if list.items.is_empty() => {
                view! { <p class="text-sm text-slate-600" data-testid="tokens-empty">{empty}</p> }.into_any()
            }
            Ok(list) => view! {
                <ul class="divide-y divide-slate-200" data-testid="tokens-list">
                    {list.items.into_iter().map(|token| {
                        let id = token.id.clone();
                        view! {
                            <li class="flex items-center justify-between gap-3 py-2" data-testid="token-row">
                                <div class="min-w-0">
                                    <p class="font-medium text-slate-900">{token.name.clone()}</p>
                                    <p class="text-xs text-slate-600">{token_summary(&token)}</p>
                                </div>
                                <button type="button" class=BUTTON_SMALL_DANGER data-testid="token-revoke"
                                    aria-label=format!("Revoke {}", token.name)
                                    disabled=revoke.pending()
                                    on:click=move |_| { revoke.dispatch(id.clone()); }>
                                    "Revoke"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
            Err(error) => view! {
                <ErrorNotice messages=Signal::derive(move || vec![error.to_string()])
                    on_retry=Callback::new(move |()| tokens.refetch()) />
            }.into_any(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_request() {
        let request = token_request("  ci  ", "read-write", "30");
        assert_eq!(request.name, "ci");
        assert_eq!(request.scope, TokenScope::ReadWrite);
        assert_eq!(request.expires_in_days, Some(30));
        assert_eq!(token_request("x", "read", "").expires_in_days, None);
    }
}
