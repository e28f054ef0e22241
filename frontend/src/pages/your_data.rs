//! The "Your data" section of the settings: download everything of the account as one zip
//! archive, and delete the account with its password (after a confirmation saying what goes).

use leptos::prelude::*;

use crate::api::account::ACCOUNT_EXPORT_URL;
use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::form::{FormError, TextField};
use crate::components::{BUTTON_DANGER, BUTTON_SECONDARY, CARD};
use crate::state::{AuthState, Toasts};

/// The section.
#[component]
pub fn YourDataSection() -> impl IntoView {
    let api = AuthedApi::expect();
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let password = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let delete = ApiAction::new(move |password: &String| {
        let password = password.clone();
        async move {
            let result = api.delete_account(password).await;
            confirming.set(false);
            if result.is_ok() {
                toasts.success("Your account and all its data are deleted.");
                auth.signed_out_after_this_turn();
            }
            result
        }
    });
    let error = move || delete.value().and_then(Result::<(), ApiError>::err);
    view! {
        <section class=format!("mt-6 {CARD}") aria-labelledby="data-title">
            <h2 id="data-title" class="text-lg font-semibold text-slate-900">"Your data"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "One zip file with every resume (the trash too) as Markdown and JSON, every revision, your tailoring jobs and your settings (never your API key)."
            </p>
            <a href=ACCOUNT_EXPORT_URL download class=format!("mt-3 {BUTTON_SECONDARY}") data-testid="export-my-data">
                "Download all my data"
            </a>
            <h3 class="mt-6 font-semibold text-slate-900">"Delete my account"</h3>
            <p class="mt-1 text-sm text-slate-600">
                "Deletes your account, every resume, revision and tailoring job at once; it cannot be undone. The audit log keeps its entries without your account."
            </p>
            <form class="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end" novalidate on:submit=move |ev| {
                ev.prevent_default();
                confirming.set(true);
            }>
                <div class="flex-1">
                    <TextField id="delete-account-password" label="Your password" value=password input_type="password"
                        autocomplete="current-password"
                        error=Signal::derive(move || error().and_then(|e| e.field("password"))) />
                </div>
                <button type="submit" class=BUTTON_DANGER data-testid="delete-account">"Delete my account"</button>
            </form>
            <div class="mt-2"><FormError testid="delete-account-error" message=Signal::derive(move || {
                error().filter(|e| e.field("password").is_none()).map(|e| e.to_string())
            }) /></div>
            {move || confirming.get().then(|| view! {
                <ConfirmDialog
                    title="Delete your account?"
                    confirm_label="Delete everything"
                    pending=delete.pending()
                    testid="delete-account-dialog"
                    on_confirm=Callback::new(move |()| { delete.dispatch(password.get_untracked()); })
                    on_cancel=Callback::new(move |()| confirming.set(false))
                >
                    <p>"Your account, every resume, revision and tailoring job go now. Download your data first if you want to keep it."</p>
                </ConfirmDialog>
            })}
        </section>
    }
}
