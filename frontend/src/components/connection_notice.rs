//! What a page following a job's event stream says when the connection drops: that it
//! reconnects, or that it stopped, with a Reconnect button.

use leptos::prelude::*;

use super::BUTTON_SMALL;
use crate::jobs::follower::Connection;

/// Nothing while connected; else the state of the connection. The messages' test ids are
/// `{testid_prefix}-reconnecting` and `{testid_prefix}-disconnected`.
#[component]
pub fn ConnectionNotice(
    /// The connection.
    #[prop(into)]
    connection: Signal<Connection>,
    /// Opens the stream again.
    on_reconnect: Callback<()>,
    /// The start of the messages' test ids.
    testid_prefix: &'static str,
) -> impl IntoView {
    move || {
        match connection.get() {
        Connection::Fine => None,
        Connection::Reconnecting => Some(
            view! {
                <p role="status" data-testid=format!("{testid_prefix}-reconnecting") class="text-sm text-slate-600">
                    "The connection dropped; reconnecting…"
                </p>
            }
            .into_any(),
        ),
        Connection::Broken => Some(
            view! {
                <div role="alert" data-testid=format!("{testid_prefix}-disconnected") class="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                    "The progress stream stopped."
                    <button type="button" class=BUTTON_SMALL on:click=move |_| on_reconnect.run(())>"Reconnect"</button>
                </div>
            }
            .into_any(),
        ),
    }
    }
}
