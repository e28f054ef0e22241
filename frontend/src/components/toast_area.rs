//! The toast area: messages about actions that have no form to show them next to (a deletion,
//! a restore, a failed load), announced to screen readers.

use leptos::prelude::*;

use crate::state::{Toast, ToastKind};

/// The stack of messages, bottom right (full width on small screens).
#[component]
pub fn ToastArea(
    /// The messages.
    #[prop(into)]
    toasts: Signal<Vec<Toast>>,
    /// Removes one.
    on_dismiss: Callback<u64>,
) -> impl IntoView {
    view! {
        <div
            data-testid="toast-area"
            aria-live="polite"
            class="pointer-events-none fixed inset-x-0 bottom-0 z-40 flex flex-col items-stretch gap-2 p-4 sm:left-auto sm:w-96"
        >
            <For each=move || toasts.get() key=|toast| toast.id let(toast)>
                {
                    let (class, testid, role) = match toast.kind {
                        ToastKind::Success => (
                            "border-emerald-200 bg-emerald-50 text-emerald-900",
                            "toast-success",
                            "status",
                        ),
                        ToastKind::Error => ("border-red-200 bg-red-50 text-red-900", "toast-error", "alert"),
                    };
                    let id = toast.id;
                    view! {
                        <div
                            role=role
                            data-testid=testid
                            class=format!("pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-md {class}")
                        >
                            <p class="flex-1">{toast.text}</p>
                            <button
                                type="button"
                                class="rounded px-1 font-semibold hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-indigo-600"
                                aria-label="Dismiss"
                                on:click=move |_| on_dismiss.run(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
