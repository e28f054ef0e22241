//! The form that makes a share link: template, mode, optional expiry (a local date and time,
//! sent as RFC 3339 UTC), optional password and indexing. What the server refuses shows under
//! its field (`share-error-{field}`); a failure of the whole request above the button.

use std::collections::BTreeMap;

use leptos::prelude::*;
use resume_shared::api::shares::{CreateShareRequest, ShareMode, ShareResponse, ShareTemplate};

use super::{mode_label, template_label};
use crate::api::AuthedApi;
use crate::components::INPUT;
use crate::components::form::{FormError, SubmitButton};
use crate::state::Toasts;

/// The value of a `datetime-local` input (`YYYY-MM-DDTHH:MM`, the browser's time zone) as an
/// RFC 3339 UTC timestamp; `Ok(None)` when empty.
///
/// # Errors
/// A value the browser cannot read as a date, as the message for the field.
pub fn utc_expiry(local: &str) -> Result<Option<String>, String> {
    let local = local.trim();
    if local.is_empty() {
        return Ok(None);
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local));
    if date.get_time().is_nan() {
        return Err("Enter a date and time.".to_owned());
    }
    Ok(Some(String::from(date.to_iso_string())))
}

/// The message of one field, with the ids that tie it to its input.
fn field_error(errors: RwSignal<BTreeMap<String, String>>, field: &'static str) -> impl IntoView {
    let id = format!("share-error-{field}");
    move || {
        errors.with(|errors| errors.get(field).cloned()).map(|message| {
            view! { <p id=id.clone() data-testid=id.clone() class="mt-1 text-sm text-red-700">{message}</p> }
        })
    }
}

/// Whether `field` has an error, as `aria-invalid`.
fn invalid(
    errors: RwSignal<BTreeMap<String, String>>,
    field: &'static str,
) -> Option<&'static str> {
    errors
        .with(|errors| errors.contains_key(field))
        .then_some("true")
}

/// The hint's id, and the error's while `field` has one, as `aria-describedby`.
fn described_by(
    errors: RwSignal<BTreeMap<String, String>>,
    hint: &'static str,
    field: &'static str,
) -> String {
    if errors.with(|errors| errors.contains_key(field)) {
        format!("{hint} share-error-{field}")
    } else {
        hint.to_owned()
    }
}

/// The link's template.
fn template_select(template: RwSignal<ShareTemplate>) -> impl IntoView {
    view! {
        <div>
            <label for="share-template" class="block text-sm font-medium text-slate-800">"Template"</label>
            <select
                id="share-template"
                data-testid="share-template"
                class=format!("mt-1 {INPUT}")
                on:change=move |ev| {
                    if let Some(chosen) = ShareTemplate::from_name(&event_target_value(&ev)) {
                        template.set(chosen);
                    }
                }
            >
                {ShareTemplate::ALL
                    .into_iter()
                    .map(|t| view! { <option value=t.as_str() selected=move || template.get() == t>{template_label(t)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The link's mode, as two radio buttons.
fn mode_choice(mode: RwSignal<ShareMode>) -> impl IntoView {
    let option = move |this: ShareMode| {
        let id = format!("share-mode-{}", this.as_str());
        let label_for = id.clone();
        let testid = id.clone();
        view! {
            <label for=label_for class="flex items-center gap-2 text-sm text-slate-800">
                <input
                    type="radio"
                    name="share-mode"
                    id=id
                    data-testid=testid
                    value=this.as_str()
                    prop:checked=move || mode.get() == this
                    on:change=move |_| mode.set(this)
                />
                {mode_label(this)}
            </label>
        }
    };
    view! {
        <fieldset>
            <legend class="block text-sm font-medium text-slate-800">"Shows"</legend>
            <div class="mt-1 space-y-1">
                {option(ShareMode::Snapshot)}
                {option(ShareMode::Latest)}
            </div>
        </fieldset>
    }
}

/// The form; `on_created` gets each new link.
#[component]
pub fn ShareForm(
    /// The resume id.
    resume_id: String,
    /// A link was made.
    on_created: Callback<ShareResponse>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let resume_id = StoredValue::new(resume_id);
    let template = RwSignal::new(ShareTemplate::default());
    let mode = RwSignal::new(ShareMode::default());
    let expiry = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let indexable = RwSignal::new(false);
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let submit = move || {
        errors.set(BTreeMap::new());
        form_error.set(None);
        let expires_at = match utc_expiry(&expiry.get_untracked()) {
            Ok(expires_at) => expires_at,
            Err(message) => {
                errors.set(BTreeMap::from([("expires_at".to_owned(), message)]));
                return;
            }
        };
        let password_text = password.get_untracked();
        let request = CreateShareRequest {
            mode: mode.get_untracked(),
            template: template.get_untracked(),
            expires_at,
            password: (!password_text.is_empty()).then_some(password_text),
            indexable: indexable.get_untracked(),
        };
        pending.set(true);
        let id = resume_id.get_value();
        leptos::task::spawn_local(async move {
            let result = api.create_share(&id, &request).await;
            let _ = pending.try_set(false);
            match result {
                Ok(share) => {
                    let _ = expiry.try_set(String::new());
                    let _ = password.try_set(String::new());
                    on_created.run(share);
                }
                Err(failure) if !failure.fields.is_empty() => {
                    let _ = errors.try_set(failure.fields);
                }
                Err(failure) => {
                    toasts.api_error(&failure);
                    let _ = form_error.try_set(Some(failure.message));
                }
            }
        });
    };
    view! {
        <form
            class="mt-3 space-y-4"
            data-testid="share-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <FormError message=form_error testid="share-error" />
            <div class="grid gap-4 sm:grid-cols-2">
                {template_select(template)}
                {mode_choice(mode)}
                <div>
                    <label for="share-expiry" class="block text-sm font-medium text-slate-800">"Expires (optional)"</label>
                    <input
                        id="share-expiry"
                        data-testid="share-expiry"
                        type="datetime-local"
                        class=format!("mt-1 {INPUT}")
                        aria-invalid=move || invalid(errors, "expires_at")
                        aria-describedby=move || described_by(errors, "share-expiry-hint", "expires_at")
                        bind:value=expiry
                    />
                    <p id="share-expiry-hint" class="mt-1 text-xs text-slate-600">"In your time zone. Empty: the link never expires."</p>
                    {field_error(errors, "expires_at")}
                </div>
                <div>
                    <label for="share-password" class="block text-sm font-medium text-slate-800">"Password (optional)"</label>
                    <input
                        id="share-password"
                        data-testid="share-password"
                        type="password"
                        autocomplete="new-password"
                        class=format!("mt-1 {INPUT}")
                        aria-invalid=move || invalid(errors, "password")
                        aria-describedby=move || described_by(errors, "share-password-hint", "password")
                        bind:value=password
                    />
                    <p id="share-password-hint" class="mt-1 text-xs text-slate-600">"At least 8 characters. Visitors must enter it to see the resume."</p>
                    {field_error(errors, "password")}
                </div>
            </div>
            <div>
                <label for="share-indexable" class="flex items-center gap-2 text-sm text-slate-800">
                    <input id="share-indexable" data-testid="share-indexable" type="checkbox" bind:checked=indexable />
                    "Let search engines index it"
                </label>
                <p class="mt-1 text-xs text-slate-600">"A link with a password is never indexed."</p>
                {field_error(errors, "indexable")}
            </div>
            {field_error(errors, "mode")}
            {field_error(errors, "template")}
            <SubmitButton label="Create link" pending_label="Creating…" pending=pending testid="share-create" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn an_expiry_is_sent_as_utc_or_not_at_all() {
        assert_eq!(utc_expiry("  "), Ok(None));
        assert!(utc_expiry("not a date").is_err());
        let sent = utc_expiry("2030-06-01T09:30")
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(sent.starts_with("2030-0"), "{sent}");
        assert!(sent.ends_with('Z'), "{sent}");
    }
}
