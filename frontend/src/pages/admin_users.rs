//! Administration of users: the table (username, email, roles, active, last login, resume
//! count, forced password change, two-factor), creating, editing (email, active, forced change,
//! roles, a new password; the user's API tokens, revocable; resetting two-factor, see
//! [`super::admin_user_two_factor`]), deleting, and impersonating a user.
//!
//! The page of the table lives in the URL (`/admin/users?page=2`, see [`crate::url_state`]):
//! back, forward and reload keep it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use resume_shared::api::{AdminUserResponse, CreateUserRequest, UpdateUserRequest};

use super::PageTitle;
use super::admin_user_two_factor::{TwoFactorBadge, UserTwoFactor};
use super::api_tokens::{TokenList, revoke_action};
use crate::api::action::ApiAction;
use crate::api::resource::ApiResource;
use crate::api::{ApiError, AuthedApi};
use crate::components::admin_tabs::AdminTabs;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::{FormError, SubmitButton, TextField};
use crate::components::modal::Modal;
use crate::components::pager::Pager;
use crate::components::spinner::{Loading, Spinner};
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_SMALL, BUTTON_SMALL_DANGER, CARD,
};
use crate::format::{count, local_time};
use crate::routes::Page;
use crate::state::{AuthState, Toasts};
use crate::url_state::{ListUrl, UserListQuery};

/// Users per page.
const PER_PAGE: u64 = 20;

/// The roles an administrator can grant.
pub const ROLES: [&str; 2] = ["user", "admin"];

/// Whether an administrator may act as `user`: not themself, not another administrator, not an
/// inactive account.
#[must_use]
pub fn can_impersonate(user: &AdminUserResponse, me: &str) -> bool {
    user.active && user.id != me && !user.roles.iter().any(|role| role == "admin")
}

/// What the edit form sends: only the fields that changed.
#[must_use]
pub fn update_request(
    user: &AdminUserResponse,
    email: &str,
    active: bool,
    force_password_change: bool,
    password: &str,
) -> UpdateUserRequest {
    let email = email.trim();
    UpdateUserRequest {
        email: (email != user.email).then(|| email.to_owned()),
        active: (active != user.active).then_some(active),
        force_password_change: (force_password_change != user.force_password_change)
            .then_some(force_password_change),
        attributes: None,
        password: (!password.is_empty()).then(|| password.to_owned()),
    }
}

/// The users screen.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let auth = AuthState::expect();
    let toasts = Toasts::expect();
    let navigate = use_navigate();
    let url = ListUrl::<UserListQuery>::new(&Page::AdminUsers);
    let query = url.state();
    let users = ApiResource::new(move || {
        let page = query.get().page;
        async move { api.list_users(page, PER_PAGE).await }
    });
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<AdminUserResponse>);
    let deleting = RwSignal::new(None::<AdminUserResponse>);
    // Untracked: the table must not re-render when the session changes (impersonating leaves
    // this page, which may then already be gone).
    let me = move || {
        auth.get_untracked()
            .user()
            .map(|user| user.id.clone())
            .unwrap_or_default()
    };

    let impersonate = ApiAction::new(move |user: &AdminUserResponse| {
        let user = user.clone();
        let navigate = navigate.clone();
        async move {
            match api.impersonate(&user.id).await {
                Ok(session) => {
                    // Leave this page before the session changes, so that nothing here reacts
                    // to a user who may not see it.
                    navigate(&Page::Dashboard.path(), Default::default());
                    auth.signed_in(session);
                    toasts.success(format!("You are now acting as {}.", user.username));
                }
                Err(error) => toasts.api_error(&error),
            }
        }
    });
    let delete = ApiAction::new(move |user: &AdminUserResponse| {
        let user = user.clone();
        async move {
            match api.delete_user(&user.id).await {
                Ok(()) => {
                    toasts.success(format!("Deleted the user {}.", user.username));
                    users.refetch();
                }
                Err(error) => toasts.api_error(&error),
            }
            deleting.set(None);
        }
    });

    let table = move || {
        users.get().map(|result| {
            result.map(|list| {
                let total = list.total;
                let current = list.page;
                let per_page = list.per_page;
                let me = me();
                let rows = list
                    .items
                    .into_iter()
                    .map(|user| {
                        let for_edit = user.clone();
                        let for_delete = user.clone();
                        let for_impersonate = user.clone();
                        let eligible = can_impersonate(&user, &me);
                        let is_me = user.id == me;
                        let username = user.username.clone();
                        view! {
                            <tr data-testid="user-row" data-username=user.username.clone() class="align-top">
                                <td class="py-3 pr-4 font-medium text-slate-900" data-testid="user-username">
                                    {user.username.clone()}
                                    {is_me.then(|| view! { <span class="ml-1 text-xs font-normal text-slate-600">"(you)"</span> })}
                                </td>
                                <td class="py-3 pr-4 break-all" data-testid="user-email">{user.email.clone()}</td>
                                <td class="py-3 pr-4" data-testid="user-roles">
                                    <div class="flex flex-wrap gap-1">
                                        {user
                                            .roles
                                            .iter()
                                            .map(|role| view! {
                                                <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">{role.clone()}</span>
                                            })
                                            .collect_view()}
                                    </div>
                                </td>
                                <td class="py-3 pr-4" data-testid="user-active">{if user.active { "Active" } else { "Deactivated" }}</td>
                                <td class="py-3 pr-4 whitespace-nowrap" data-testid="user-last-login">
                                    {user.last_login_at.as_deref().map_or("Never".to_owned(), local_time)}
                                </td>
                                <td class="py-3 pr-4 text-right" data-testid="user-resumes">{user.resume_count}</td>
                                <td class="py-3 pr-4" data-testid="user-forced">{if user.force_password_change { "Yes" } else { "No" }}</td>
                                <td class="py-3 pr-4"><TwoFactorBadge enabled=user.two_factor_enabled /></td>
                                <td class="py-3">
                                    <div class="flex flex-wrap justify-end gap-2">
                                        <button
                                            type="button"
                                            class=BUTTON_SMALL
                                            data-testid="user-edit"
                                            aria-label=format!("Edit {username}")
                                            on:click=move |_| editing.set(Some(for_edit.clone()))
                                        >
                                            "Edit"
                                        </button>
                                        {eligible.then(|| {
                                            let username = for_impersonate.username.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class=BUTTON_SMALL
                                                    data-testid="user-impersonate"
                                                    aria-label=format!("Act as {username}")
                                                    disabled=move || impersonate.pending().get()
                                                    on:click=move |_| {
                                                        impersonate.dispatch(for_impersonate.clone());
                                                    }
                                                >
                                                    "Act as"
                                                </button>
                                            }
                                        })}
                                        {(!is_me).then(|| view! {
                                            <button
                                                type="button"
                                                class=BUTTON_SMALL_DANGER
                                                data-testid="user-delete"
                                                aria-label=format!("Delete {username}")
                                                on:click=move |_| deleting.set(Some(for_delete.clone()))
                                            >
                                                "Delete"
                                            </button>
                                        })}
                                    </div>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="relative -mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:mx-0 sm:px-0" tabindex="0" role="region" aria-label="Users">
                        <table data-testid="user-table" class="w-full min-w-[56rem] text-left text-sm text-slate-700">
                            <thead class="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                                <tr>
                                    <th scope="col" class="py-2 pr-4">"Username"</th>
                                    <th scope="col" class="py-2 pr-4">"Email"</th>
                                    <th scope="col" class="py-2 pr-4">"Roles"</th>
                                    <th scope="col" class="py-2 pr-4">"Status"</th>
                                    <th scope="col" class="py-2 pr-4">"Last login"</th>
                                    <th scope="col" class="py-2 pr-4 text-right">"Resumes"</th>
                                    <th scope="col" class="py-2 pr-4">"Must change password"</th>
                                    <th scope="col" class="py-2 pr-4"><abbr title="Two-factor authentication">"2FA"</abbr></th>
                                    <th scope="col" class="py-2 text-right"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-200">{rows}</tbody>
                        </table>
                    </div>
                    <Pager
                        page=Signal::derive(move || current)
                        per_page=Signal::derive(move || per_page)
                        total=Signal::derive(move || total)
                        noun="users"
                        testid="user-pager"
                        on_page=Callback::new(move |next| url.push(|query| query.page = next))
                    />
                }
            })
        })
    };

    view! {
        <div data-testid="admin-users-page">
            <PageTitle title="Administration" />
            <AdminTabs />
            <section class=CARD aria-labelledby="users-title">
                <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
                    <h2 id="users-title" class="text-lg font-semibold text-slate-900">"Users"</h2>
                    <button type="button" class=BUTTON_PRIMARY data-testid="user-new" on:click=move |_| creating.set(true)>
                        "New user"
                    </button>
                </div>
                <Transition fallback=|| view! { <Loading label="Loading users…" /> }>
                    <ErrorBoundary fallback=move |errors| {
                        view! {
                            <ErrorNotice
                                messages=Signal::derive(move || error_messages(&errors))
                                on_retry=Callback::new(move |()| users.refetch())
                            />
                        }
                    }>{table}</ErrorBoundary>
                </Transition>
            </section>
            <Show when=move || creating.get()>
                <CreateUserDialog on_close=Callback::new(move |created: bool| {
                    creating.set(false);
                    if created {
                        users.refetch();
                    }
                }) />
            </Show>
            {move || {
                editing
                    .get()
                    .map(|user| {
                        view! {
                            <EditUserDialog
                                user=user
                                on_close=Callback::new(move |changed: bool| {
                                    editing.set(None);
                                    if changed {
                                        users.refetch();
                                    }
                                })
                            />
                        }
                    })
            }}
            {move || {
                deleting
                    .get()
                    .map(|user| {
                        let for_confirm = user.clone();
                        view! {
                            <ConfirmDialog
                                title=format!("Delete the user {}?", user.username)
                                confirm_label="Delete user"
                                pending=delete.pending()
                                testid="delete-user-dialog"
                                on_confirm=Callback::new(move |()| {
                                    delete.dispatch(for_confirm.clone());
                                })
                                on_cancel=Callback::new(move |()| deleting.set(None))
                            >
                                <p data-testid="delete-user-summary">
                                    {format!(
                                        "The account and everything it owns ({}) are deleted. This cannot be undone.",
                                        count(user.resume_count, "resume", "resumes"),
                                    )}
                                </p>
                            </ConfirmDialog>
                        }
                    })
            }}
        </div>
    }
}

/// A checkbox with its label.
#[component]
fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(into, optional)] hint: Option<String>,
) -> impl IntoView {
    view! {
        <div class="flex items-start gap-2">
            <input
                id=id.clone()
                data-testid=id.clone()
                type="checkbox"
                class="mt-0.5 h-4 w-4 rounded border-slate-400 accent-indigo-600"
                bind:checked=checked
            />
            <label for=id class="text-sm text-slate-800">
                {label}
                {hint.map(|hint| view! { <span class="block text-xs text-slate-600">{hint}</span> })}
            </label>
        </div>
    }
}

/// The form of a new user.
#[component]
fn CreateUserDialog(on_close: Callback<bool>) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let admin = RwSignal::new(false);
    let force = RwSignal::new(true);
    let create = ApiAction::new(move |request: &CreateUserRequest| {
        let request = request.clone();
        async move {
            let user = api.create_user(&request).await?;
            toasts.success(format!("Created the user {}.", user.username));
            on_close.run(true);
            Ok::<(), ApiError>(())
        }
    });
    let error = Signal::derive(move || create.value().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let roles = if admin.get_untracked() {
            vec!["user".to_owned(), "admin".to_owned()]
        } else {
            vec!["user".to_owned()]
        };
        create.dispatch(CreateUserRequest {
            username: username.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            roles: Some(roles),
            force_password_change: force.get_untracked(),
        });
    };
    view! {
        <Modal title="New user" testid="create-user-dialog" on_close=Callback::new(move |()| on_close.run(false)) busy=create.pending()>
            <form novalidate class="space-y-4" on:submit=submit>
                <TextField id="new-user-username" label="Username" value=username error=field("username") />
                <TextField id="new-user-email" label="Email" value=email input_type="email" error=field("email") />
                <TextField
                    id="new-user-password"
                    label="Initial password"
                    value=password
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 10 characters. Tell it to the user over a safe channel."
                    error=field("password")
                />
                <Checkbox id="new-user-admin" label="Administrator" checked=admin />
                <Checkbox
                    id="new-user-force"
                    label="Must change the password at first login"
                    checked=force
                />
                <FormError message=form_error testid="new-user-error" />
                <div class="flex flex-wrap justify-end gap-2">
                    <button type="button" class=BUTTON_SECONDARY data-testid="new-user-cancel" on:click=move |_| on_close.run(false)>
                        "Cancel"
                    </button>
                    <SubmitButton label="Create user" pending_label="Creating…" pending=create.pending() testid="new-user-submit" />
                </div>
            </form>
        </Modal>
    }
}

/// The form that changes a user: email, active, forced change, roles, a new password.
#[component]
fn EditUserDialog(user: AdminUserResponse, on_close: Callback<bool>) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let email = RwSignal::new(user.email.clone());
    let active = RwSignal::new(user.active);
    let force = RwSignal::new(user.force_password_change);
    let password = RwSignal::new(String::new());
    let roles: Vec<(&'static str, RwSignal<bool>)> = ROLES
        .iter()
        .map(|role| (*role, RwSignal::new(user.roles.iter().any(|r| r == role))))
        .collect();
    let original = StoredValue::new(user.clone());
    let role_signals = StoredValue::new(roles.clone());
    let save = ApiAction::new(move |(): &()| async move {
        let user = original.get_value();
        let request = update_request(
            &user,
            &email.get_untracked(),
            active.get_untracked(),
            force.get_untracked(),
            &password.get_untracked(),
        );
        let changed_fields = request != UpdateUserRequest::default();
        if changed_fields {
            api.update_user(&user.id, &request).await?;
        }
        for (role, granted) in role_signals.get_value() {
            let granted = granted.get_untracked();
            if granted != user.roles.iter().any(|r| r == role) {
                api.set_role(&user.id, role, granted).await?;
            }
        }
        toasts.success(format!("Saved the user {}.", user.username));
        on_close.run(true);
        Ok::<(), ApiError>(())
    });
    let error = Signal::derive(move || save.value().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|error| error.field(name)))
    };
    let form_error = Signal::derive(move || {
        error
            .get()
            .filter(|error| error.fields.is_empty())
            .map(|error| error.message)
    });
    view! {
        <Modal
            title=format!("Edit {}", user.username)
            testid="edit-user-dialog"
            on_close=Callback::new(move |()| on_close.run(false))
            busy=save.pending()
        >
            <form
                novalidate
                class="space-y-4"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch(());
                }
            >
                <TextField id="edit-user-email" label="Email" value=email input_type="email" error=field("email") />
                <fieldset class="space-y-2">
                    <legend class="text-sm font-medium text-slate-800">"Roles"</legend>
                    {roles
                        .into_iter()
                        .map(|(role, checked)| view! { <Checkbox id=format!("edit-user-role-{role}") label=role checked=checked /> })
                        .collect_view()}
                </fieldset>
                <fieldset class="space-y-2">
                    <legend class="text-sm font-medium text-slate-800">"Account"</legend>
                    <Checkbox id="edit-user-active" label="Active" checked=active hint="A deactivated user cannot sign in; their sessions end." />
                    <Checkbox id="edit-user-force" label="Must change the password at next login" checked=force />
                </fieldset>
                <TextField
                    id="edit-user-password"
                    label="New password"
                    value=password
                    input_type="password"
                    autocomplete="new-password"
                    hint="Leave empty to keep the current password. Setting one signs the user out."
                    error=field("password")
                />
                <UserTwoFactor
                    user_id=user.id.clone()
                    username=user.username.clone()
                    enabled=user.two_factor_enabled
                    on_reset=Callback::new(move |()| on_close.run(true))
                />
                <UserTokens user_id=user.id.clone() />
                <FormError message=form_error testid="edit-user-error" />
                <div class="flex flex-wrap justify-end gap-2">
                    <button type="button" class=BUTTON_SECONDARY data-testid="edit-user-cancel" on:click=move |_| on_close.run(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class=BUTTON_PRIMARY data-testid="edit-user-submit" disabled=move || save.pending().get()>
                        <Show when=move || save.pending().get()>
                            <Spinner />
                        </Show>
                        "Save"
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// The user's personal access tokens in the edit form; revoking one takes effect at once.
#[component]
fn UserTokens(user_id: String) -> impl IntoView {
    let api = AuthedApi::expect();
    let user_id = StoredValue::new(user_id);
    let tokens = ApiResource::new(move || {
        let id = user_id.get_value();
        async move { api.list_user_tokens(&id).await }
    });
    let revoke = revoke_action(
        move |token_id| {
            let id = user_id.get_value();
            async move { api.revoke_user_token(&id, &token_id).await }
        },
        tokens,
    );
    view! {
        <fieldset class="space-y-2" data-testid="edit-user-tokens">
            <legend class="text-sm font-medium text-slate-800">"API tokens"</legend>
            <p class="text-xs text-slate-600">"Revoking a token takes effect at once, without Save."</p>
            <TokenList tokens=tokens revoke=revoke empty="No API tokens." />
        </fieldset>
    }
}
