//! The screens the browser downloads only when they are first opened.
//!
//! The first download holds the shell, the sign-in pages and the dashboard. Each screen named
//! here is a `#[lazy]` split point: the build (`scripts/split-web-app.sh`, run by Trunk after
//! its build) moves the code only that screen reaches into a WASM module of its own, and code
//! two of them share into a shared chunk. Opening the screen fetches its module once (the
//! route's loading indicator shows meanwhile); later visits use it at once.
//!
//! Each `…Screen` component is what the router mounts: it waits for the module, then renders
//! the page.

use leptos::prelude::*;

use crate::pages;

/// Defines a split point that renders `$page`, and the route component `$screen` that awaits it.
macro_rules! on_demand {
    ($(#[$doc:meta])* $screen:ident, $split:ident, $page:path) => {
        #[lazy]
        fn $split() -> AnyView {
            view! { <$page /> }.into_any()
        }

        $(#[$doc])*
        #[component]
        pub fn $screen() -> impl IntoView {
            Suspend::new($split())
        }
    };
}

on_demand!(
    /// The editor (`/resumes/:id`): text, forms, preview, history, export.
    EditorScreen,
    editor_screen,
    pages::editor::EditorPage
);
on_demand!(
    /// Tailoring a resume to a job (`/resumes/:id/refine`).
    RefineScreen,
    refine_screen,
    pages::refine::RefinePage
);
on_demand!(
    /// The application tracker (`/applications`): the board and the list.
    ApplicationsScreen,
    applications_screen,
    pages::applications::ApplicationsPage
);
on_demand!(
    /// The cover letters (`/cover-letters`).
    CoverLettersScreen,
    cover_letters_screen,
    pages::cover_letters::CoverLettersPage
);
on_demand!(
    /// Writing a cover letter (`/cover-letters/new`): the form, then the job's progress.
    NewCoverLetterScreen,
    new_cover_letter_screen,
    pages::cover_letters::NewCoverLetterPage
);
on_demand!(
    /// One cover letter (`/cover-letters/:id`): text, preview, findings, downloads.
    CoverLetterScreen,
    cover_letter_screen,
    pages::cover_letters::CoverLetterPage
);
on_demand!(
    /// The user's settings (`/settings`): two-factor authentication, sessions, API tokens and
    /// data export included.
    SettingsScreen,
    settings_screen,
    pages::settings::SettingsPage
);
on_demand!(
    /// The forced two-factor enrolment (`/two-factor-setup`): it shares the enrolment with the
    /// settings, and most users never see it.
    TwoFactorSetupScreen,
    two_factor_setup_screen,
    pages::two_factor_setup::TwoFactorSetupPage
);
on_demand!(
    /// The trash (`/trash`).
    TrashScreen,
    trash_screen,
    pages::trash::TrashPage
);
on_demand!(
    /// Administration: the users (`/admin/users`).
    AdminUsersScreen,
    admin_users_screen,
    pages::admin_users::AdminUsersPage
);
on_demand!(
    /// Administration: the audit log (`/admin/audit`).
    AdminAuditScreen,
    admin_audit_screen,
    pages::admin_audit::AdminAuditPage
);
on_demand!(
    /// Administration: the instance (`/admin/instance`).
    AdminInstanceScreen,
    admin_instance_screen,
    pages::admin_instance::AdminInstancePage
);
