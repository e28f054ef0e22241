//! A labelled input with an optional hint and the error message of its field.

use leptos::prelude::*;

/// A labelled input bound to `value`. The error (from the API's `fields`, or a check made in
/// the page) appears under the field and is tied to it with `aria-describedby`.
///
/// The input's `id` and `data-testid` are `id`; the error's test id is `{id}-error`.
#[component]
pub fn TextField(
    /// Element id and test id.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The value, both ways.
    value: RwSignal<String>,
    /// What is wrong with the value.
    #[prop(into, optional)]
    error: MaybeProp<String>,
    /// The input type (`text`, `email`, `password`, `number`, `url`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A help text under the field.
    #[prop(into, optional)]
    hint: Option<String>,
    /// A placeholder.
    #[prop(into, optional)]
    placeholder: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error.get().map(|message| {
                view! {
                    <p id=error_id.clone() data-testid=error_id.clone() class="mt-1 text-sm text-red-700">
                        {message}
                    </p>
                }
            })
        }
    };
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-slate-800">
                {label}
            </label>
            <input
                id=id.clone()
                name=id.clone()
                data-testid=id
                type=input_type
                autocomplete=autocomplete
                placeholder=placeholder
                class=format!("mt-1 {}", super::super::INPUT)
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
            {hint.map(|hint| view! { <p id=hint_id class="mt-1 text-xs text-slate-600">{hint}</p> })}
            {error_view}
        </div>
    }
}
