//! The app's header: the name, the main navigation of a signed-in user (with the
//! administration link for administrators), who is signed in, and logout.

use leptos::prelude::*;
use leptos_router::components::A;
use resume_shared::api::UserResponse;

use super::BUTTON_SMALL;
use super::spinner::Spinner;
use crate::routes::Page;

const NAV_LINK: &str = "block rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-800";

/// The header. Without a user it shows only the name.
#[component]
pub fn NavBar(
    /// The signed-in user.
    #[prop(into)]
    user: Signal<Option<UserResponse>>,
    /// Whether to show the administration link.
    #[prop(into)]
    is_admin: Signal<bool>,
    /// Whether the user may use the app (not waiting for a forced password change).
    #[prop(into)]
    full_access: Signal<bool>,
    /// Signs out.
    on_logout: Callback<()>,
    /// Whether signing out runs.
    #[prop(into)]
    logging_out: Signal<bool>,
) -> impl IntoView {
    let links = move || {
        full_access.get().then(|| {
            view! {
                <nav aria-label="Main" class="order-last w-full sm:order-none sm:w-auto">
                    <ul class="flex flex-wrap gap-1">
                        <li>
                            <A href=Page::Dashboard.path() exact=true {..} class=NAV_LINK data-testid="nav-dashboard">
                                "Resumes"
                            </A>
                        </li>
                        <li>
                            <A href=Page::Applications.path() {..} class=NAV_LINK data-testid="nav-applications">
                                "Applications"
                            </A>
                        </li>
                        <li>
                            <A href=Page::CoverLetters.path() {..} class=NAV_LINK data-testid="nav-cover-letters">
                                "Cover letters"
                            </A>
                        </li>
                        <li>
                            <A href=Page::Trash.path() {..} class=NAV_LINK data-testid="nav-trash">
                                "Trash"
                            </A>
                        </li>
                        <li>
                            <A href=Page::Settings.path() {..} class=NAV_LINK data-testid="nav-settings">
                                "Settings"
                            </A>
                        </li>
                        <Show when=move || is_admin.get()>
                            <li>
                                <A href=Page::AdminUsers.path() {..} class=NAV_LINK data-testid="nav-admin">
                                    "Admin"
                                </A>
                            </li>
                        </Show>
                    </ul>
                </nav>
            }
        })
    };
    let account = move || {
        user.get().map(|user| {
            view! {
                <div class="ml-auto flex items-center gap-3">
                    <span class="text-sm text-slate-700">
                        <span class="sr-only">"Signed in as "</span>
                        <span data-testid="current-user" class="font-medium text-slate-900">{user.username}</span>
                    </span>
                    <button
                        type="button"
                        class=BUTTON_SMALL
                        data-testid="logout"
                        disabled=logging_out
                        on:click=move |_| on_logout.run(())
                    >
                        <Show when=move || logging_out.get()>
                            <Spinner />
                        </Show>
                        "Log out"
                    </button>
                </div>
            }
        })
    };
    view! {
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
                <A href=Page::Dashboard.path() {..} class="text-lg font-semibold tracking-tight text-slate-900" data-testid="brand">
                    "Resume Editor"
                </A>
                {links}
                {account}
            </div>
        </header>
    }
}
