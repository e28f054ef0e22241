//! The editor of one collection (roles, projects, degrees, certifications): the items in order
//! with up/down (or drag and drop), edit, delete and (for roles and projects) the inclusion
//! choice, and one form that adds or edits an item. The items are read and every change is
//! written through the collection's own routes; a write answers the whole collection, which
//! replaces the list. The form is `novalidate`: what is missing is checked here ([`SectionItem::finish`])
//! and shown under each field, with a summary above the list.

use leptos::prelude::*;
use resume_shared::api::resumes::CollectionResponse;
use resume_shared::resume::Inclusion;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::fields::{FieldErrors, FieldProblem, inclusion_from_value, inclusion_options};
use super::write::{FormError, FormWriter};
use crate::api::editing::{self, Collection};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_SMALL, BUTTON_SMALL_DANGER, CARD, INPUT,
};

/// An item of a collection, as the forms need it.
pub trait SectionItem:
    Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The API collection.
    const COLLECTION: Collection;
    /// The item's noun, also the prefix of test ids (`role`, `project`, …).
    const NOUN: &'static str;
    /// The section title.
    const TITLE: &'static str;
    /// What the form edits: the item itself, or (for a role) the item with what it cannot hold
    /// until the user fills it in.
    type Draft: Clone + PartialEq + Send + Sync + 'static;

    /// A new item to fill in.
    fn blank() -> Self::Draft;
    /// The form of this item.
    fn draft(&self) -> Self::Draft;
    /// The item the form describes.
    ///
    /// # Errors
    /// What is missing, field by field, in the form's order.
    fn finish(draft: &Self::Draft) -> Result<Self, Vec<FieldProblem>>;
    /// The line that names the item in the list.
    fn heading(&self) -> String;
    /// Its dates, or other secondary text.
    fn detail(&self) -> String;
    /// The inclusion choice, for roles and projects.
    fn inclusion(&self) -> Option<Inclusion> {
        None
    }
    /// The item with another inclusion.
    #[must_use]
    fn with_inclusion(&self, _inclusion: Inclusion) -> Self {
        self.clone()
    }
    /// The fields of the form over `draft`, showing `errors`.
    fn form(draft: RwSignal<Self::Draft>, errors: FieldErrors) -> AnyView;
}

/// The order that moves the item at `from` to position `to` (a permutation of `0..count`).
#[must_use]
pub fn moved_order(count: usize, from: usize, to: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    if from < count && to < count {
        let item = order.remove(from);
        order.insert(to, item);
    }
    order
}

/// What the form edits: a new item or the one at an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    New,
    At(usize),
}

/// What the list shows of an item.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    heading: String,
    detail: String,
    inclusion: Option<Inclusion>,
}

/// A collection as its page sees it, without the item type: the rows, the open form and what
/// the buttons do. The generic part ([`collection_editor`]) only makes these; the view
/// ([`collection_view`]) exists once for all four collections.
#[derive(Clone, Copy)]
struct CollectionParts {
    noun: &'static str,
    title: &'static str,
    writer: FormWriter,
    /// Derived, not memoised: a read that finds the same items still redraws the list, so a
    /// choice refused as stale shows the stored value again.
    rows: Signal<Vec<Row>>,
    /// What the open form edits, if a form is open.
    editing: Memo<Option<Target>>,
    /// The open form's fields.
    fields: Callback<(), Option<AnyView>>,
    /// Opens the form on a new item or the one at an index.
    open: Callback<Target>,
    /// Closes the form without saving.
    close: Callback<()>,
    save: Callback<()>,
    /// Moves the item at the first index to the second.
    reorder: Callback<(usize, usize)>,
    set_inclusion: Callback<(usize, Inclusion)>,
    /// The item whose deletion waits for confirmation.
    deleting: RwSignal<Option<usize>>,
    /// Deletes that item.
    delete: Callback<()>,
}

/// The list and the form of collection `T`.
pub fn collection_editor<T: SectionItem>(writer: FormWriter) -> impl IntoView {
    let state = writer.state;
    let items = RwSignal::new(Vec::<T>::new());
    let take = move |collection: CollectionResponse<T>| {
        let _ = items.try_set(collection.items);
    };
    writer.load(
        move || editing::list_items(&state.id(), T::COLLECTION),
        take,
    );
    let editing = RwSignal::new(None::<(Target, RwSignal<T::Draft>)>);
    let errors = FieldErrors::new();
    let deleting = RwSignal::new(None::<usize>);
    let id = move || state.id();

    state.track_form_changes(T::NOUN, move || {
        editing.with(|editing| match editing {
            None => false,
            Some((Target::New, draft)) => draft.with(|draft| *draft != T::blank()),
            Some((Target::At(index), draft)) => items.with(|items| {
                draft.with(|draft| items.get(*index).map(T::draft).as_ref() != Some(draft))
            }),
        })
    });

    let reorder = move |(from, to): (usize, usize)| {
        let count = items.with_untracked(Vec::len);
        if to >= count || from >= count || from == to {
            return;
        }
        let order = moved_order(count, from, to);
        writer.run(
            editing::reorder_items(&id(), T::COLLECTION, state.version(), order),
            take,
        );
    };
    let set_inclusion = move |(index, inclusion): (usize, Inclusion)| {
        let Some(item) = items.with_untracked(|items| items.get(index).cloned()) else {
            return;
        };
        let item = item.with_inclusion(inclusion);
        writer.run(
            editing::replace_item(&id(), T::COLLECTION, index, state.version(), &item),
            take,
        );
    };
    let save = move |()| {
        let Some((target, draft)) = editing.get_untracked() else {
            return;
        };
        let item = match draft.with_untracked(T::finish) {
            Ok(item) => item,
            Err(problems) => {
                // Under each field, and summed up above the list (where the server's refusals
                // show too).
                let summary = problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>();
                writer.error.set(Some(summary.join(" ")));
                errors.show(&problems);
                return;
            }
        };
        errors.clear();
        let version = state.version();
        let call = match target {
            Target::New => editing::add_item(&id(), T::COLLECTION, version, &item),
            Target::At(index) => editing::replace_item(&id(), T::COLLECTION, index, version, &item),
        };
        writer.run(call, move |collection| {
            take(collection);
            let _ = editing.try_set(None);
        });
    };
    let delete = move |()| {
        let Some(index) = deleting.get_untracked() else {
            return;
        };
        writer.run(
            editing::delete_item(&id(), T::COLLECTION, index, state.version()),
            move |collection| {
                take(collection);
                let _ = deleting.try_set(None);
            },
        );
    };
    let open = move |target: Target| {
        let draft = match target {
            Target::New => Some(T::blank()),
            Target::At(index) => items.with_untracked(|items| items.get(index).map(T::draft)),
        };
        if let Some(draft) = draft {
            errors.clear();
            editing.set(Some((target, RwSignal::new(draft))));
        }
    };
    collection_view(CollectionParts {
        noun: T::NOUN,
        title: T::TITLE,
        writer,
        rows: Signal::derive(move || {
            items.with(|items| {
                items
                    .iter()
                    .map(|item| Row {
                        heading: item.heading(),
                        detail: item.detail(),
                        inclusion: item.inclusion(),
                    })
                    .collect()
            })
        }),
        editing: Memo::new(move |_| editing.with(|editing| editing.map(|(target, _)| target))),
        fields: Callback::new(move |()| editing.get().map(|(_, draft)| T::form(draft, errors))),
        open: Callback::new(open),
        close: Callback::new(move |()| {
            // What was said about the closed form no longer applies.
            errors.clear();
            writer.error.set(None);
            editing.set(None);
        }),
        save: Callback::new(save),
        reorder: Callback::new(reorder),
        set_inclusion: Callback::new(set_inclusion),
        deleting,
        delete: Callback::new(delete),
    })
}

/// One row of the list.
fn row_view(
    collection: CollectionParts,
    index: usize,
    row: Row,
    dragged: StoredValue<Option<usize>>,
) -> impl IntoView + use<> {
    let CollectionParts {
        noun, writer, rows, ..
    } = collection;
    let Row {
        heading,
        detail,
        inclusion,
    } = row;
    let count = rows.with_untracked(Vec::len);
    let inclusion = inclusion.map(|current| {
        let select_id = format!("{noun}-inclusion-{index}");
        let label = format!("Inclusion of {heading}");
        view! {
            <label for=select_id.clone() class="sr-only">{label}</label>
            <select
                id=select_id
                data-testid=format!("{noun}-inclusion")
                class=format!("{INPUT} w-auto py-1 text-xs")
                disabled=move || writer.blocked()
                on:change=move |ev| collection.set_inclusion.run((index, inclusion_from_value(&event_target_value(&ev))))
            >
                {inclusion_options(current)}
            </select>
        }
    });
    let up_label = format!("Move {heading} up");
    let down_label = format!("Move {heading} down");
    let edit_label = format!("Edit {heading}");
    let delete_label = format!("Delete {heading}");
    view! {
        <li
            data-testid=format!("{noun}-row")
            class="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
            draggable=move || (!writer.blocked()).to_string()
            on:dragstart=move |_| dragged.set_value(Some(index))
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(from) = dragged.get_value() {
                    dragged.set_value(None);
                    collection.reorder.run((from, index));
                }
            }
        >
            <div class="min-w-0">
                <p data-testid=format!("{noun}-heading") class="font-medium break-words text-slate-900">{heading}</p>
                <p class="text-sm text-slate-600">{detail}</p>
            </div>
            <div class="flex flex-wrap items-center gap-1.5">
                {inclusion}
                <button type="button" class=BUTTON_SMALL aria-label=up_label data-testid=format!("{noun}-up")
                    disabled=move || { writer.blocked() || index == 0 }
                    on:click=move |_| collection.reorder.run((index, index - 1))>"↑"</button>
                <button type="button" class=BUTTON_SMALL aria-label=down_label data-testid=format!("{noun}-down")
                    disabled=move || { writer.blocked() || index + 1 >= count }
                    on:click=move |_| collection.reorder.run((index, index + 1))>"↓"</button>
                <button type="button" class=BUTTON_SMALL aria-label=edit_label data-testid=format!("{noun}-edit")
                    disabled=move || writer.blocked()
                    on:click=move |_| {
                        writer.error.set(None);
                        collection.open.run(Target::At(index));
                    }>"Edit"</button>
                <button type="button" class=BUTTON_SMALL_DANGER aria-label=delete_label data-testid=format!("{noun}-delete")
                    disabled=move || writer.blocked()
                    on:click=move |_| collection.deleting.set(Some(index))>"Delete"</button>
            </div>
        </li>
    }
}

/// The open form, if any.
fn form_view(collection: CollectionParts) -> impl IntoView + use<> {
    let CollectionParts { noun, writer, .. } = collection;
    move || {
        let target = collection.editing.get()?;
        let title = match target {
            Target::New => format!("New {noun}"),
            Target::At(_) => format!("Edit {noun}"),
        };
        let fields = collection.fields.run(())?;
        Some(view! {
            <form
                novalidate
                data-testid=format!("{noun}-form")
                class="mt-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-3"
                on:submit=move |ev| {
                    ev.prevent_default();
                    collection.save.run(());
                }
            >
                <h3 class="mb-2 text-sm font-semibold text-slate-800">{title}</h3>
                <div class="grid gap-3 sm:grid-cols-2">{fields}</div>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="submit" class=BUTTON_PRIMARY data-testid=format!("{noun}-save") disabled=move || writer.blocked()>
                        "Save"
                    </button>
                    <button type="button" class=BUTTON_SECONDARY data-testid=format!("{noun}-cancel") on:click=move |_| collection.close.run(())>
                        "Cancel"
                    </button>
                </div>
            </form>
        })
    }
}

/// The section of a collection: title, add button, list, form and delete confirmation.
fn collection_view(collection: CollectionParts) -> impl IntoView + use<> {
    let CollectionParts {
        noun,
        title,
        writer,
        rows,
        deleting,
        ..
    } = collection;
    let dragged = StoredValue::new(None::<usize>);
    let title_id = format!("{noun}-section-title");
    let labelled_by = title_id.clone();
    view! {
        <section class=CARD aria-labelledby=labelled_by data-testid=format!("{noun}-section")>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id=title_id class="text-lg font-semibold">{title}</h2>
                <button
                    type="button"
                    class=BUTTON_SECONDARY
                    data-testid=format!("{noun}-add")
                    disabled=move || writer.blocked()
                    on:click=move |_| {
                        writer.error.set(None);
                        collection.open.run(Target::New);
                    }
                >
                    {format!("Add {noun}")}
                </button>
            </div>
            <FormError error=writer.error testid=format!("{noun}-error") />
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    view! { <p class="mt-2 text-sm text-slate-600">{format!("No {noun} yet.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-2 divide-y divide-slate-200" data-testid=format!("{noun}-list")>
                            {list.into_iter().enumerate().map(|(index, row)| row_view(collection, index, row, dragged)).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            {form_view(collection)}
            <Show when=move || deleting.get().is_some()>
                <ConfirmDialog
                    title=format!("Delete this {noun}?")
                    confirm_label="Delete"
                    pending=writer.busy
                    on_confirm=Callback::new(move |()| collection.delete.run(()))
                    on_cancel=Callback::new(move |()| deleting.set(None))
                    testid=format!("{noun}-delete-dialog")
                >
                    <p>{move || deleting.get().and_then(|index| rows.with(|rows| rows.get(index).map(|row| row.heading.clone())))}</p>
                    <p>"It is removed from the text. The history keeps the previous version."</p>
                </ConfirmDialog>
            </Show>
        </section>
    }
}
