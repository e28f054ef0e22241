//! Resume Editor in the browser: a Leptos single-page app (client-side rendered, built by
//! Trunk) over the JSON API under `/api/v1`, served by the backend from the same origin.
//!
//! - [`App`] provides the context (the session's [`state::AuthState`], the [`state::Toasts`]
//!   and the [`api::AuthedApi`] that reports session failures to the state), asks the server
//!   who is signed in, and mounts the router.
//! - The shell around every page: the navigation, the impersonation banner, the routes and the
//!   toast area.
//! - Every route is a [`ProtectedRoute`] whose condition is [`routes::decide`] for the route's
//!   [`routes::Access`]: the setup page while no user exists, the login page (remembering the
//!   page asked for) for visitors, the password page for a forced change, the two-factor setup
//!   page for a forced enrolment, administration for administrators.
//! - The editor, tailoring, applications, cover letter, settings, two-factor setup, trash and
//!   administration screens are downloaded when first opened ([`screens`]); the first download
//!   is the shell, sign-in (with its second step) and the dashboard.
//! - [`api`] is the typed client (below [`state`], which uses it); [`routes`] names the pages
//!   and holds the access rules; [`pages`] holds one component per route, [`components`] the
//!   prop-driven pieces they share (they may link to a [`routes::Page`], never use a page), [`diff`] the word and line diffs shown on several pages,
//!   [`latest_wins`] the queue that keeps a setting's writes in order, [`jobs`] the following of
//!   a server job's event stream (tailoring, cover letters) and [`fact_flags`] the fact guard's
//!   findings in words.

pub mod api;
pub mod components;
pub mod diff;
pub mod fact_flags;
pub mod format;
pub mod jobs;
pub mod latest_wins;
pub mod pages;
pub mod routes;
pub mod screens;
pub mod state;
pub mod url_state;

use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::components::impersonation_banner::ImpersonationBanner;
use crate::components::nav_bar::NavBar;
use crate::components::spinner::Loading;
use crate::components::toast_area::ToastArea;
use crate::routes::{Access, Decision, Page, decide};
use crate::state::{AuthState, Toasts};

/// The root component: context, the first question to the server, the router.
#[component]
pub fn App() -> impl IntoView {
    let auth = AuthState::new();
    let toasts = Toasts::new();
    provide_context(auth);
    provide_context(toasts);
    provide_context(auth.api(toasts));
    leptos::task::spawn_local(auth.load(toasts));
    // Before the router: its `popstate` listener must come second.
    pages::editor::leave_guard::install_history_guard();
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// The current path and query (what the login page should return to).
fn here() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// The condition of a route with `access`: `None` while loading, then show or not.
fn allowed(auth: AuthState, access: Access) -> impl Fn() -> Option<bool> + Clone + Send + 'static {
    move || match decide(&auth.get(), access, &here()) {
        Decision::Wait => None,
        Decision::Show => Some(true),
        Decision::Redirect(_) => Some(false),
    }
}

/// Where a route with `access` leads when it does not show.
fn redirect(auth: AuthState, access: Access) -> impl Fn() -> String + Clone + Send + 'static {
    move || match decide(&auth.get_untracked(), access, &here()) {
        Decision::Redirect(path) => path,
        Decision::Wait | Decision::Show => Page::Dashboard.path(),
    }
}

/// Header, banner, the page, toasts.
#[component]
fn Shell() -> impl IntoView {
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let api = AuthedApi::expect();
    let navigate = use_navigate();

    let logout = {
        let navigate = navigate.clone();
        ApiAction::new(move |(): &()| {
            let navigate = navigate.clone();
            async move {
                match api.logout().await {
                    Ok(()) => {
                        // What the messages were about belongs to the session that ended:
                        // the sign-in screen starts clean.
                        toasts.clear();
                        auth.signed_out();
                        navigate(&Page::Login.path(), Default::default());
                    }
                    // Already signed out on the server: the client's session report has
                    // cleared the messages and leads to the login page.
                    Err(error) if error.status == 401 => {}
                    Err(error) => toasts.api_error(&error),
                }
            }
        })
    };
    let stop_impersonating = ApiAction::new(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            match api.stop_impersonation().await {
                Ok(admin) => {
                    // The impersonated user's messages are not the administrator's.
                    toasts.clear();
                    auth.signed_in(admin);
                    navigate(&Page::AdminUsers.path(), Default::default());
                    toasts.success("You are back in your own session.");
                }
                Err(error) => toasts.api_error(&error),
            }
        }
    });

    let user = Signal::derive(move || auth.user());
    let full_access = Signal::derive(move || {
        user.get()
            .is_some_and(|u| !u.force_password_change && !u.two_factor_enrolment_required)
    });
    let loading = || view! { <Loading /> };

    view! {
        <div class="flex min-h-screen flex-col bg-slate-50 text-slate-900">
            <NavBar
                user=user
                is_admin=Signal::derive(move || auth.is_admin())
                full_access=full_access
                on_logout=Callback::new(move |()| {
                    logout.dispatch(());
                })
                logging_out=logout.pending()
            />
            <ImpersonationBanner
                user=user
                on_stop=Callback::new(move |()| {
                    stop_impersonating.dispatch(());
                })
                stopping=stop_impersonating.pending()
            />
            <main class="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
                <Routes fallback=|| view! { <UnknownRoute /> }>
                    <ProtectedRoute
                        path=path!("/setup")
                        view=pages::setup::SetupPage
                        condition=allowed(auth, Access::Setup)
                        redirect_path=redirect(auth, Access::Setup)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/login")
                        view=pages::login::LoginPage
                        condition=allowed(auth, Access::Guest)
                        redirect_path=redirect(auth, Access::Guest)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/register")
                        view=pages::register::RegisterPage
                        condition=allowed(auth, Access::Guest)
                        redirect_path=redirect(auth, Access::Guest)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/change-password")
                        view=pages::change_password::ChangePasswordPage
                        condition=allowed(auth, Access::ForcedChange)
                        redirect_path=redirect(auth, Access::ForcedChange)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/two-factor-setup")
                        view=screens::TwoFactorSetupScreen
                        condition=allowed(auth, Access::ForcedEnrolment)
                        redirect_path=redirect(auth, Access::ForcedEnrolment)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/")
                        view=pages::dashboard::DashboardPage
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/trash")
                        view=screens::TrashScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/applications")
                        view=screens::ApplicationsScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/cover-letters")
                        view=screens::CoverLettersScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/cover-letters/new")
                        view=screens::NewCoverLetterScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/cover-letters/:id")
                        view=screens::CoverLetterScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/resumes/:id")
                        view=screens::EditorScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/resumes/:id/refine")
                        view=screens::RefineScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/settings")
                        view=screens::SettingsScreen
                        condition=allowed(auth, Access::Member)
                        redirect_path=redirect(auth, Access::Member)
                        fallback=loading
                    />
                    <Route
                        path=path!("/admin")
                        view=|| view! { <Redirect path=Page::AdminUsers.path() /> }
                    />
                    <ProtectedRoute
                        path=path!("/admin/users")
                        view=screens::AdminUsersScreen
                        condition=allowed(auth, Access::Admin)
                        redirect_path=redirect(auth, Access::Admin)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/admin/audit")
                        view=screens::AdminAuditScreen
                        condition=allowed(auth, Access::Admin)
                        redirect_path=redirect(auth, Access::Admin)
                        fallback=loading
                    />
                    <ProtectedRoute
                        path=path!("/admin/instance")
                        view=screens::AdminInstanceScreen
                        condition=allowed(auth, Access::Admin)
                        redirect_path=redirect(auth, Access::Admin)
                        fallback=loading
                    />
                </Routes>
            </main>
            <ToastArea toasts=toasts.list() on_dismiss=Callback::new(move |id| toasts.dismiss(id)) />
        </div>
    }
}

/// An address no route matches: the not-found page, once the instance is set up (before, the
/// setup page; during a forced password change or two-factor enrolment, that page).
#[component]
fn UnknownRoute() -> impl IntoView {
    let auth = AuthState::expect();
    move || match decide(&auth.get(), Access::Any, &here()) {
        Decision::Wait => view! { <Loading /> }.into_any(),
        Decision::Show => view! { <pages::not_found::NotFoundPage /> }.into_any(),
        Decision::Redirect(path) => view! { <Redirect path=path /> }.into_any(),
    }
}
