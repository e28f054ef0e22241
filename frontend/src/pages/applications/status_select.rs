//! The status choice shared by the "Track an application" form and the application's form.

use leptos::prelude::*;
use resume_shared::api::applications::ApplicationStatus;

use super::status_label;
use crate::components::INPUT;

/// A labelled `<select>` of the six statuses bound to `status`; `id` is also its `data-testid`.
#[component]
pub fn StatusSelect(
    /// The element id (and test id).
    id: &'static str,
    /// The chosen status.
    status: RwSignal<ApplicationStatus>,
) -> impl IntoView {
    view! {
        <label for=id class="block text-sm font-medium text-slate-800">"Status"</label>
        <select
            id=id
            data-testid=id
            class=format!("mt-1 {INPUT}")
            on:change=move |ev| {
                if let Some(chosen) = ApplicationStatus::from_name(&event_target_value(&ev)) {
                    status.set(chosen);
                }
            }
        >
            {ApplicationStatus::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <option value=option.as_str() prop:selected=move || status.get() == option>
                            {status_label(option)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
