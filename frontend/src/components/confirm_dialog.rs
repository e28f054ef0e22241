//! A confirmation before a destructive action, in a [`Modal`].

use leptos::html;
use leptos::prelude::*;

use super::modal::Modal;
use super::spinner::Spinner;
use super::{BUTTON_DANGER, BUTTON_SECONDARY};

/// Asks to confirm a destructive action; `children` say what will happen. Cancel has the
/// focus first, so Enter never destroys by accident.
#[component]
pub fn ConfirmDialog(
    /// The question, as the title.
    #[prop(into)]
    title: String,
    /// The label of the destructive button.
    #[prop(into)]
    confirm_label: String,
    /// Whether the action runs (the buttons are disabled meanwhile).
    #[prop(into)]
    pending: Signal<bool>,
    /// Runs the action.
    on_confirm: Callback<()>,
    /// Closes without doing anything.
    on_cancel: Callback<()>,
    /// The dialog's test id; the buttons are `{testid}-confirm` and `{testid}-cancel`.
    #[prop(into)]
    testid: String,
    /// What will happen.
    children: Children,
) -> impl IntoView {
    let cancel = NodeRef::<html::Button>::new();
    Effect::new(move || {
        if let Some(cancel) = cancel.get() {
            let _ = cancel.focus();
        }
    });
    view! {
        <Modal title=title testid=testid.clone() on_close=on_cancel busy=pending>
            <div class="space-y-2 text-sm text-slate-700">{children()}</div>
            <div class="mt-5 flex flex-wrap justify-end gap-2">
                <button
                    type="button"
                    node_ref=cancel
                    class=BUTTON_SECONDARY
                    data-testid=format!("{testid}-cancel")
                    disabled=pending
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class=BUTTON_DANGER
                    data-testid=format!("{testid}-confirm")
                    disabled=pending
                    on:click=move |_| on_confirm.run(())
                >
                    <Show when=move || pending.get()>
                        <Spinner />
                    </Show>
                    {confirm_label}
                </button>
            </div>
        </Modal>
    }
}
