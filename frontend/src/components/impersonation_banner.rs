//! The banner every screen shows while an administrator acts as another user.

use leptos::prelude::*;
use resume_shared::api::UserResponse;

use super::spinner::Spinner;

/// "You are acting as …" with a "Stop impersonating" button; nothing outside impersonation.
#[component]
pub fn ImpersonationBanner(
    /// The signed-in user (impersonated when `impersonator` is set).
    #[prop(into)]
    user: Signal<Option<UserResponse>>,
    /// Ends the impersonation.
    on_stop: Callback<()>,
    /// Whether ending it runs.
    #[prop(into)]
    stopping: Signal<bool>,
) -> impl IntoView {
    move || {
        let user = user.get()?;
        let admin = user.impersonator.clone()?;
        Some(view! {
            <div data-testid="impersonation-banner" role="region" aria-label="Impersonation" class="bg-amber-100 text-amber-950">
                <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm">
                    <p class="flex-1">
                        "You are acting as " <strong data-testid="impersonated-user">{user.username}</strong>
                        " (signed in as administrator " <strong>{admin.username}</strong> ")."
                    </p>
                    <button
                        type="button"
                        data-testid="stop-impersonating"
                        class="inline-flex items-center gap-2 rounded-md bg-amber-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-amber-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-800 disabled:opacity-60"
                        disabled=stopping
                        on:click=move |_| on_stop.run(())
                    >
                        <Show when=move || stopping.get()>
                            <Spinner />
                        </Show>
                        "Stop impersonating"
                    </button>
                </div>
            </div>
        })
    }
}
