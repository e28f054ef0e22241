//! Labelled inputs bound to one field of a draft held in a signal: plain and optional text,
//! multi-line text, month pickers, the inclusion choice and a tag list. Each takes a getter and
//! a setter (plain functions), so a form is a list of fields over its draft.
//!
//! Every input's `id` and `data-testid` are the `id` given. The fields a form checks (plain text
//! and months) show their [`FieldErrors`] message under the input, as the app's other forms do:
//! the forms are `novalidate`, so the browser's own bubbles never stand in for these.

use leptos::prelude::*;
use resume_shared::date::YearMonth;
use resume_shared::resume::Inclusion;
use wasm_bindgen::JsCast as _;

use crate::components::{BUTTON_SMALL, INPUT};

/// Label classes.
const LABEL: &str = "block text-sm font-medium text-slate-800";

/// What is wrong with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The input's id.
    pub field: &'static str,
    /// The sentence shown under it.
    pub message: String,
}

impl FieldProblem {
    /// "{what} is required." for the input `field`.
    #[must_use]
    pub fn required(field: &'static str, what: &str) -> Self {
        Self {
            field,
            message: format!("{what} is required."),
        }
    }
}

/// The problems of a form's fields, by input id, found when it was submitted. Each shows under
/// its field (which is marked `aria-invalid`) until that field is edited. Cheap to copy.
#[derive(Debug, Clone, Copy)]
/// (A short list: a form has a handful of fields, and a map would bring its own code to the
/// download.)
pub struct FieldErrors(RwSignal<Vec<(&'static str, String)>>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FieldErrors {
    /// No problems.
    #[must_use]
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// Shows `problems` (and nothing else), and moves the focus to the first one's field, so
    /// that a screen reader reads its message.
    pub fn show(&self, problems: &[FieldProblem]) {
        self.0.set(
            problems
                .iter()
                .map(|problem| (problem.field, problem.message.clone()))
                .collect(),
        );
        if let Some(first) = problems.first()
            && let Some(input) = document()
                .get_element_by_id(first.field)
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    }

    /// Removes every problem.
    pub fn clear(&self) {
        let _ = self.0.try_update(Vec::clear);
    }

    /// The problem of the input `id` (tracked).
    #[must_use]
    pub fn get(&self, id: &str) -> Option<String> {
        self.0.with(|errors| {
            errors
                .iter()
                .find(|(field, _)| *field == id)
                .map(|(_, message)| message.clone())
        })
    }

    /// The field `id` was edited: its problem goes.
    fn edited(&self, id: &str) {
        if self
            .0
            .with_untracked(|errors| errors.iter().any(|(field, _)| *field == id))
        {
            self.0
                .update(|errors| errors.retain(|(field, _)| *field != id));
        }
    }
}

/// The message under the input `id` (`{id}-error`, empty and hidden when there is none).
fn error_line(errors: FieldErrors, id: &str) -> impl IntoView + use<> {
    let error_id = format!("{id}-error");
    let id = id.to_owned();
    view! {
        <p id=error_id.clone() data-testid=error_id class="mt-1 text-sm text-red-700 empty:hidden">
            {move || errors.get(&id)}
        </p>
    }
}

/// `None` for blank text, else the trimmed text.
#[must_use]
pub fn non_blank(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A single-line text field with its [`FieldErrors`] message; `required` marks it for
/// assistive technology and with a star (the form checks it).
pub fn text<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    errors: FieldErrors,
    id: &'static str,
    label: &str,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    required: bool,
) -> impl IntoView + use<T> {
    let label = if required {
        format!("{label} *")
    } else {
        label.to_owned()
    };
    view! {
        <div>
            <label for=id class=LABEL>{label}</label>
            <input
                id=id
                data-testid=id
                type="text"
                class=format!("mt-1 {INPUT}")
                required=required
                aria-required=required.to_string()
                aria-invalid=move || errors.get(id).is_some().then_some("true")
                aria-describedby=format!("{id}-error")
                prop:value=move || draft.with(get)
                on:input=move |ev| {
                    errors.edited(id);
                    draft.update(|d| set(d, event_target_value(&ev)));
                }
            />
            {error_line(errors, id)}
        </div>
    }
}

/// An optional single-line text field (blank means absent).
pub fn optional<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    id: &str,
    label: &str,
    get: fn(&T) -> Option<String>,
    set: fn(&mut T, Option<String>),
) -> impl IntoView + use<T> {
    let id = id.to_owned();
    let label = label.to_owned();
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            <input
                id=id.clone()
                data-testid=id
                type="text"
                class=format!("mt-1 {INPUT}")
                prop:value=move || draft.with(|d| get(d).unwrap_or_default())
                on:input=move |ev| draft.update(|d| set(d, non_blank(event_target_value(&ev))))
            />
        </div>
    }
}

/// An optional multi-line text field (blank means absent).
pub fn area<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    id: &str,
    label: &str,
    get: fn(&T) -> Option<String>,
    set: fn(&mut T, Option<String>),
) -> impl IntoView + use<T> {
    let id = id.to_owned();
    let label = label.to_owned();
    view! {
        <div class="sm:col-span-2">
            <label for=id.clone() class=LABEL>{label}</label>
            <textarea
                id=id.clone()
                data-testid=id
                rows="4"
                class=format!("mt-1 {INPUT}")
                prop:value=move || draft.with(|d| get(d).unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let value = (!text.trim().is_empty()).then(|| text.trim_end().to_owned());
                    draft.update(|d| set(d, value));
                }
            ></textarea>
        </div>
    }
}

/// A month picker (`<input type="month">`, value `YYYY-MM`; cleared, it is `None`) with its
/// [`FieldErrors`] message; `required` marks it like [`text`].
pub fn month<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    errors: FieldErrors,
    id: &'static str,
    label: &str,
    get: fn(&T) -> Option<YearMonth>,
    set: fn(&mut T, Option<YearMonth>),
    required: bool,
) -> impl IntoView + use<T> {
    let label = if required {
        format!("{label} *")
    } else {
        label.to_owned()
    };
    view! {
        <div>
            <label for=id class=LABEL>{label}</label>
            <input
                id=id
                data-testid=id
                type="month"
                placeholder="YYYY-MM"
                class=format!("mt-1 {INPUT}")
                required=required
                aria-required=required.to_string()
                aria-invalid=move || errors.get(id).is_some().then_some("true")
                aria-describedby=format!("{id}-error")
                prop:value=move || draft.with(|d| get(d).map(|m| m.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    errors.edited(id);
                    let text = event_target_value(&ev);
                    if text.is_empty() {
                        draft.update(|d| set(d, None));
                    } else if let Ok(value) = text.parse::<YearMonth>() {
                        draft.update(|d| set(d, Some(value)));
                    }
                }
            />
            {error_line(errors, id)}
        </div>
    }
}

/// The value of an inclusion in a `<select>`.
#[must_use]
pub fn inclusion_value(inclusion: Inclusion) -> &'static str {
    match inclusion {
        Inclusion::Include => "include",
        Inclusion::NotRelevant => "not_relevant",
        Inclusion::Omit => "omit",
    }
}

/// Reads [`inclusion_value`] back.
#[must_use]
pub fn inclusion_from_value(value: &str) -> Inclusion {
    match value {
        "not_relevant" => Inclusion::NotRelevant,
        "omit" => Inclusion::Omit,
        _ => Inclusion::Include,
    }
}

/// The options of an inclusion `<select>`, `current` selected.
pub fn inclusion_options(current: Inclusion) -> impl IntoView {
    [
        (Inclusion::Include, "Include"),
        (Inclusion::NotRelevant, "Not relevant"),
        (Inclusion::Omit, "Omit"),
    ]
    .into_iter()
    .map(|(inclusion, label)| {
        view! {
            <option value=inclusion_value(inclusion) selected=current == inclusion>{label}</option>
        }
    })
    .collect_view()
}

/// The inclusion choice of a role or project in its form.
pub fn inclusion<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    id: &str,
    get: fn(&T) -> Inclusion,
    set: fn(&mut T, Inclusion),
) -> impl IntoView + use<T> {
    let id = id.to_owned();
    view! {
        <div>
            <label for=id.clone() class=LABEL>"In exports"</label>
            <select
                id=id.clone()
                data-testid=id
                class=format!("mt-1 {INPUT}")
                prop:value=move || inclusion_value(draft.with(get))
                on:change=move |ev| draft.update(|d| set(d, inclusion_from_value(&event_target_value(&ev))))
            >
                {inclusion_options(draft.with_untracked(get))}
            </select>
        </div>
    }
}

/// Skills as removable tags, with a field that adds one (Enter or the Add button; commas split).
pub fn tags<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    id: &str,
    label: &str,
    get: fn(&T) -> Vec<String>,
    set: fn(&mut T, Vec<String>),
) -> impl IntoView + use<T> {
    let id = id.to_owned();
    let label = label.to_owned();
    let entry = RwSignal::new(String::new());
    let add = move || {
        let text = entry.get_untracked();
        let new: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if new.is_empty() {
            return;
        }
        draft.update(|d| {
            let mut list = get(d);
            for tag in new {
                if !list.contains(&tag) {
                    list.push(tag);
                }
            }
            set(d, list);
        });
        entry.set(String::new());
    };
    let list_id = format!("{id}-list");
    view! {
        <div class="sm:col-span-2">
            <label for=id.clone() class=LABEL>{label}</label>
            <ul data-testid=list_id class="mt-1 flex flex-wrap gap-1.5">
                {move || {
                    draft
                        .with(get)
                        .into_iter()
                        .map(|tag| {
                            let remove_label = format!("Remove {tag}");
                            let removed = tag.clone();
                            view! {
                                <li data-testid="tag" class="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-sm text-indigo-900">
                                    <span>{tag}</span>
                                    <button
                                        type="button"
                                        aria-label=remove_label
                                        data-testid="tag-remove"
                                        class="rounded-full px-1.5 text-indigo-800 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                                        on:click=move |_| {
                                            let removed = removed.clone();
                                            draft.update(|d| {
                                                let list = get(d).into_iter().filter(|t| *t != removed).collect();
                                                set(d, list);
                                            });
                                        }
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="mt-2 flex gap-2">
                <input
                    id=id.clone()
                    data-testid=id
                    type="text"
                    placeholder="Add a skill"
                    class=INPUT
                    prop:value=move || entry.get()
                    on:input=move |ev| entry.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" class=BUTTON_SMALL aria-label="Add the skill" on:click=move |_| add()>"Add"</button>
            </div>
        </div>
    }
}
