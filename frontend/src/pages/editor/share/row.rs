//! One share link in the list: its full address with a "Copy" button, its settings, its views
//! and its state, and "Revoke" while it is not revoked.

use leptos::html;
use leptos::prelude::*;
use resume_shared::api::shares::ShareResponse;
use wasm_bindgen::JsCast as _;

use super::{mode_label, template_label};
use crate::components::{BUTTON_SMALL, BUTTON_SMALL_DANGER, INPUT};
use crate::format::local_time;

/// The state of a link as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It works.
    Active,
    /// Its owner revoked it.
    Revoked,
    /// Its expiry has passed.
    Expired,
}

impl LinkState {
    /// The state of `share` (revoked before expired: revoking is final).
    #[must_use]
    pub const fn of(share: &ShareResponse) -> Self {
        if share.revoked_at.is_some() {
            Self::Revoked
        } else if share.active {
            Self::Active
        } else {
            Self::Expired
        }
    }

    /// Its badge text.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Revoked => "Revoked",
            Self::Expired => "Expired",
        }
    }

    const fn badge_class(self) -> &'static str {
        match self {
            Self::Active => {
                "rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900"
            }
            Self::Revoked => "rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900",
            Self::Expired => {
                "rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-800"
            }
        }
    }
}

/// Copies the selection to the clipboard the way every browser allows within a click; whether
/// it worked.
fn copy_selection() -> bool {
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|html| html.exec_command("copy").ok())
        .unwrap_or(false)
}

/// A timestamp for the list, or `none` without one.
fn when(value: Option<&str>, none: &'static str) -> String {
    value.map_or_else(|| none.to_owned(), local_time)
}

/// The address with its "Copy" button.
fn address(share_id: &str, url: String) -> impl IntoView {
    let input_id = format!("share-url-{share_id}");
    let input = NodeRef::<html::Input>::new();
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        if let Some(input) = input.get_untracked() {
            input.select();
            copied.set(Some(if copy_selection() {
                "Copied."
            } else {
                "Selected: press Ctrl+C to copy."
            }));
        }
    };
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <label for=input_id.clone() class="sr-only">"Link address"</label>
            <input
                id=input_id
                node_ref=input
                data-testid="share-url"
                type="text"
                readonly
                value=url
                class=format!("min-w-0 flex-1 font-mono {INPUT}")
                on:focus=move |_| {
                    if let Some(input) = input.get_untracked() {
                        input.select();
                    }
                }
            />
            <button type="button" class=BUTTON_SMALL data-testid="share-copy" on:click=copy>"Copy"</button>
            <span role="status" class="text-xs text-slate-600" data-testid="share-copied">{move || copied.get()}</span>
        </div>
    }
}

/// One link; `on_revoke` asks to revoke it.
#[component]
pub fn ShareRow(
    /// The link.
    share: ShareResponse,
    /// The origin its path is shown under.
    origin: String,
    /// Asks to revoke it (after a confirmation).
    on_revoke: Callback<ShareResponse>,
) -> impl IntoView {
    let state = LinkState::of(&share);
    let url = format!("{origin}{}", share.path);
    let revoke = (state != LinkState::Revoked).then(|| {
        let share = share.clone();
        view! {
            <button
                type="button"
                class=BUTTON_SMALL_DANGER
                data-testid="share-revoke"
                on:click=move |_| on_revoke.run(share.clone())
            >
                "Revoke"
            </button>
        }
    });
    view! {
        <li data-testid="share-row" data-share-id=share.id.clone() class="space-y-2 py-4">
            {address(&share.id, url)}
            <div class="flex flex-wrap items-center justify-between gap-2">
                <dl class="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
                    <div><dt class="inline text-slate-500">"Shows: "</dt><dd class="inline" data-testid="share-mode">{mode_label(share.mode)}</dd></div>
                    <div><dt class="inline text-slate-500">"Template: "</dt><dd class="inline" data-testid="share-template-name">{template_label(share.template)}</dd></div>
                    <div><dt class="inline text-slate-500">"Password: "</dt><dd class="inline" data-testid="share-has-password">{if share.has_password { "Yes" } else { "No" }}</dd></div>
                    <div><dt class="inline text-slate-500">"Search engines: "</dt><dd class="inline" data-testid="share-search">{if share.indexable && !share.has_password { "May index" } else { "No" }}</dd></div>
                    <div><dt class="inline text-slate-500">"Expires: "</dt><dd class="inline" data-testid="share-expires">{when(share.expires_at.as_deref(), "Never")}</dd></div>
                    <div><dt class="inline text-slate-500">"Views: "</dt><dd class="inline" data-testid="share-views">{share.view_count}</dd></div>
                    <div><dt class="inline text-slate-500">"Last viewed: "</dt><dd class="inline" data-testid="share-last-viewed">{when(share.last_viewed_at.as_deref(), "Never")}</dd></div>
                    <div><dt class="inline text-slate-500">"Created: "</dt><dd class="inline">{local_time(&share.created_at)}</dd></div>
                </dl>
                <div class="flex items-center gap-2">
                    <span data-testid="share-status" class=state.badge_class()>{state.label()}</span>
                    {revoke}
                </div>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use resume_shared::api::shares::{ShareMode, ShareTemplate};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn link(active: bool, revoked: bool) -> ShareResponse {
        ShareResponse {
            id: "id".to_owned(),
            resume_id: "resume".to_owned(),
            path: "/s/token".to_owned(),
            mode: ShareMode::Latest,
            template: ShareTemplate::Modern,
            has_password: false,
            indexable: false,
            expires_at: None,
            created_at: "2026-12-01T10:00:00Z".to_owned(),
            revoked_at: revoked.then(|| "2026-12-02T10:00:00Z".to_owned()),
            view_count: 0,
            last_viewed_at: None,
            active,
        }
    }

    #[wasm_bindgen_test]
    fn a_revoked_link_reads_revoked_even_when_it_has_expired_too() {
        assert_eq!(LinkState::of(&link(true, false)), LinkState::Active);
        assert_eq!(LinkState::of(&link(false, false)), LinkState::Expired);
        assert_eq!(LinkState::of(&link(false, true)), LinkState::Revoked);
        assert_eq!(LinkState::of(&link(false, true)).label(), "Revoked");
    }
}
