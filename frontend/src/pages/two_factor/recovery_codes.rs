//! The recovery codes, shown once: the list, a download as a text file, and the step that
//! says they are saved (only then does the screen move on, so they are not lost by accident).

use leptos::prelude::*;

use super::text::{RECOVERY_CODES_FILE, recovery_codes_file, text_data_url};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY};

/// The new recovery codes of `username`, with Download and "I have saved them".
#[component]
pub fn RecoveryCodesPanel(
    /// The codes.
    codes: Vec<String>,
    /// Whose they are (named in the file).
    #[prop(into)]
    username: String,
    /// The user has saved them.
    on_saved: Callback<()>,
) -> impl IntoView {
    let file = text_data_url(&recovery_codes_file(&username, &codes));
    view! {
        <div data-testid="recovery-codes-panel" class="space-y-4">
            <div role="status" class="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                <p class="font-medium">"Save these recovery codes now: they are shown only once."</p>
                <p class="mt-1">
                    "If you lose your authenticator app, each code signs you in once instead of the app's code."
                </p>
            </div>
            <ol data-testid="recovery-codes" class="grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 sm:grid-cols-3">
                {codes
                    .into_iter()
                    .map(|code| view! { <li data-testid="recovery-code" class="rounded bg-slate-100 px-2 py-1 text-center">{code}</li> })
                    .collect_view()}
            </ol>
            <div class="flex flex-wrap items-center gap-3">
                <a href=file download=RECOVERY_CODES_FILE class=BUTTON_SECONDARY data-testid="recovery-codes-download">
                    "Download"
                </a>
                <button type="button" class=BUTTON_PRIMARY data-testid="recovery-codes-saved" on:click=move |_| on_saved.run(())>
                    "I have saved them"
                </button>
            </div>
        </div>
    }
}
