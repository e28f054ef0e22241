//! One component per route, and what every page shares: its title ([`PageTitle`],
//! [`set_title`]). The routes' names, paths and access rules are in [`crate::routes`], which
//! the shared components use too (they must not depend on the pages).

pub mod admin_audit;
pub mod admin_instance;
pub mod admin_user_two_factor;
pub mod admin_users;
pub mod api_tokens;
pub mod applications;
pub mod change_password;
pub mod cover_letters;
pub mod dashboard;
pub mod editor;
pub mod import_dialog;
pub mod login;
pub mod not_found;
pub mod refine;
pub mod register;
pub mod second_factor;
pub mod sessions;
pub mod settings;
pub mod setup;
pub mod trash;
pub mod two_factor;
pub mod two_factor_setup;
pub mod your_data;

/// Sets the browser tab's title to `{title} · Resume Editor`.
pub fn set_title(title: &str) {
    leptos::prelude::document().set_title(&format!("{title} · Resume Editor"));
}

/// A page's heading with an optional line under it.
#[leptos::component]
pub fn PageTitle(
    /// The heading.
    #[prop(into)]
    title: String,
    /// A sentence under it.
    #[prop(into, optional)]
    subtitle: Option<String>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    set_title(&title);
    view! {
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
            {subtitle.map(|subtitle| view! { <p class="mt-1 text-sm text-slate-600">{subtitle}</p> })}
        </div>
    }
}
