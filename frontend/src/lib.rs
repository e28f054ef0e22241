//! Resume Editor in the browser: a Leptos single-page app over the JSON API.
//!
//! This first version is a placeholder page; the screens arrive with the server API.

use leptos::prelude::*;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="min-h-screen bg-slate-50 p-8 text-slate-900">
            <h1 class="text-2xl font-semibold" data-testid="app-title">"Resume Editor"</h1>
            <p class="mt-2 text-slate-600">"The web app is on its way."</p>
        </main>
    }
}
