//! The tabs between the administration screens.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

const TAB: &str = "whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:border-slate-300 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-800";

/// Users, audit log, instance.
#[component]
pub fn AdminTabs() -> impl IntoView {
    view! {
        <nav aria-label="Administration" class="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
            <A href=Page::AdminUsers.path() {..} class=TAB data-testid="tab-users">"Users"</A>
            <A href=Page::AdminAudit.path() {..} class=TAB data-testid="tab-audit">"Audit log"</A>
            <A href=Page::AdminInstance.path() {..} class=TAB data-testid="tab-instance">"Instance"</A>
        </nav>
    }
}
