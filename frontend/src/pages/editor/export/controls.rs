//! The pieces of the export dialog, each made only from its arguments: a template's card (a
//! radio button with the first page of the user's resume in that design), a control made from
//! a template option's metadata, and the checkboxes and month fields of the common choices.
//!
//! They are view functions rather than `#[component]`s, and take `Signal`s and `Callback`s
//! rather than closures, so each kind of control is compiled once however often it is used:
//! the app has a size budget (`docs/PERFORMANCE.md`).

use leptos::prelude::*;
use resume_shared::api::templates::{TemplateInfo, TemplateOption, TemplateOptionKind};

use super::choices::{
    number_problem, option_label, section_order, template_label, toggle_section, value_label,
};
use crate::components::INPUT;

/// The width of a card's thumbnail in pixels (shown at about 150–190 CSS pixels, so sharp on
/// screens of up to about 1.5 device pixels per CSS pixel).
pub const THUMBNAIL_WIDTH: u32 = 240;

const CHECKBOX: &str = "h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600";
const LABEL: &str = "block text-sm font-medium text-slate-800";

/// A template's card: a radio button of the group `export-template` with a thumbnail (the
/// page image at `thumbnail`, `height` pixels high at [`THUMBNAIL_WIDTH`]; a text card for a
/// template without page images), the description and the formats.
pub fn template_card(
    template: TemplateInfo,
    thumbnail: Option<Memo<String>>,
    height: Signal<u32>,
    selected: Signal<bool>,
    on_select: Callback<()>,
) -> impl IntoView {
    let name = template.name;
    let label = template_label(&name);
    let id = format!("export-template-{name}");
    let picture = match thumbnail {
        Some(src) => {
            let failed = RwSignal::new(false);
            view! {
                <img
                    loading="lazy"
                    decoding="async"
                    alt=format!("First page of this resume in the {label} design")
                    width=THUMBNAIL_WIDTH
                    height=height
                    src=src
                    data-testid=format!("export-thumbnail-{name}")
                    class="block h-auto w-full rounded border border-slate-200 bg-slate-100"
                    class:invisible=failed
                    on:load=move |_| failed.set(false)
                    on:error=move |_| failed.set(true)
                />
                <span
                    class="absolute inset-0 flex items-center justify-center p-2 text-center text-xs text-slate-600"
                    hidden=Signal::derive(move || !failed.get())
                >
                    "No preview right now"
                </span>
            }
            .into_any()
        }
        None => view! {
            <span class="flex aspect-[210/297] w-full items-center justify-center rounded border border-dashed border-slate-300 bg-slate-50 p-2 text-center text-xs text-slate-600">
                "Word layout: no page image"
            </span>
        }
        .into_any(),
    };
    let formats = template
        .formats
        .iter()
        .map(|format| {
            view! {
                <span class="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{value_label(format)}</span>
            }
        })
        .collect_view();
    view! {
        <label
            for=id.clone()
            data-testid="export-template-card"
            class="flex cursor-pointer flex-col rounded-lg border border-slate-200 bg-white p-2 shadow-sm hover:border-indigo-300 has-[:checked]:border-indigo-600 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600"
        >
            <input
                type="radio"
                name="export-template"
                class="sr-only"
                id=id.clone()
                value=name
                data-testid=id.clone()
                aria-labelledby=format!("{id}-name")
                aria-describedby=format!("{id}-description")
                prop:checked=selected
                on:change=move |_| on_select.run(())
            />
            <span class="relative block">{picture}</span>
            <span id=format!("{id}-name") class="mt-2 text-sm font-semibold text-slate-900">{label}</span>
            <span id=format!("{id}-description") class="mt-0.5 text-xs text-slate-600">{template.description}</span>
            <span class="mt-auto flex flex-wrap gap-1 pt-2">{formats}</span>
        </label>
    }
}

/// A labelled select of `choices` (value and label) with the test id `id`.
pub fn select(
    id: String,
    label: String,
    choices: Vec<(String, String)>,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let current = value.get_untracked();
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            <select
                id=id.clone()
                data-testid=id
                class=format!("mt-1 {INPUT}")
                prop:value=value
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {choices
                    .into_iter()
                    .map(|(choice, text)| {
                        let selected = choice == current;
                        view! { <option value=choice selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A control for one template option, made from its metadata: a `choice` is a select, a
/// `colour` a colour field, a `number` a number field with its range and step, `sections` a
/// checkbox per section in order. `value` is the chosen value or the template's default.
pub fn option_control(
    option: TemplateOption,
    value: Signal<String>,
    on_change: Callback<String>,
) -> AnyView {
    let id = format!("export-option-{}", option.name);
    let label = option_label(&option);
    let (kind, min, max, step) = (option.kind, option.min, option.max, option.step);
    match kind {
        TemplateOptionKind::Sections => sections(option, label, value, on_change).into_any(),
        TemplateOptionKind::Choice => {
            let choices = option
                .values
                .iter()
                .map(|choice| (choice.clone(), value_label(choice)))
                .collect();
            select(id, label, choices, value, on_change).into_any()
        }
        TemplateOptionKind::Colour | TemplateOptionKind::Number => {
            let number = kind == TemplateOptionKind::Number;
            let invalid = Signal::derive(move || {
                (number && value.with(|v| number_problem(&option, v).is_some())).then_some("true")
            });
            view! {
                <div>
                    <label for=id.clone() class=LABEL>{label}</label>
                    <input
                        type=if number { "number" } else { "color" }
                        id=id.clone()
                        data-testid=id
                        class=if number {
                            format!("mt-1 {INPUT}")
                        } else {
                            "mt-1 block h-10 w-full cursor-pointer rounded-md border border-slate-300 bg-white p-1 focus-visible:outline-2 focus-visible:outline-indigo-600".to_owned()
                        }
                        prop:min=min
                        prop:max=max
                        prop:step=step
                        aria-invalid=invalid
                        prop:value=value
                        on:change=move |ev| on_change.run(event_target_value(&ev))
                    />
                </div>
            }
            .into_any()
        }
    }
}

/// The checkboxes of a sections option, in the chosen order then the template's.
fn sections(
    option: TemplateOption,
    label: String,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let order = section_order(&option.values, &value.get_untracked());
    let boxes = order
        .iter()
        .map(|section| {
            let name = section.clone();
            let order = order.clone();
            let checked = {
                let name = name.clone();
                Signal::derive(move || value.with(|v| v.split(',').any(|s| s.trim() == name)))
            };
            let toggled = Callback::new(move |on: bool| {
                on_change.run(value.with_untracked(|v| toggle_section(&order, v, &name, on)));
            });
            flag(
                format!("export-section-{section}"),
                value_label(section),
                checked,
                toggled,
            )
        })
        .collect_view();
    view! {
        <fieldset class="sm:col-span-2">
            <legend class=LABEL>{label}</legend>
            <div class="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3">{boxes}</div>
        </fieldset>
    }
}

/// A checkbox with its label; `id` is also its test id.
pub fn flag(
    id: String,
    label: String,
    checked: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="flex items-center gap-2">
            <input
                id=id.clone()
                data-testid=id.clone()
                type="checkbox"
                class=CHECKBOX
                prop:checked=checked
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id class="text-sm text-slate-800">{label}</label>
        </div>
    }
}

/// A month field (`YYYY-MM`, empty for none); `id` is also its test id.
pub fn month_field(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class=LABEL>{label}</label>
            <input
                id=id
                data-testid=id
                type="month"
                placeholder="YYYY-MM"
                class=format!("mt-1 {INPUT}")
                prop:value=value
                on:change=move |ev| on_change.run(event_target_value(&ev))
            />
        </div>
    }
}
