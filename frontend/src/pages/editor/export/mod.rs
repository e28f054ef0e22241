//! The export dialog: a card per template (`GET /templates`) with the first page of the user's
//! own resume in it, the chosen template's options as controls made from their metadata, the
//! preset, month range and what to include, a full-size preview, and downloads as PDF, Word
//! and Markdown.
//!
//! Downloads and page images are plain links and image sources (the session cookie goes with
//! them), so the browser saves files under the server's names and caches images by `ETag`.
//! Every choice is remembered on the resume with `PUT /resumes/{id}/export-preferences`, one
//! request at a time so that the last choice is the one kept, and restored when the dialog
//! opens again; without a remembered page size the browser's locale decides (US Letter in the
//! Americas' Letter countries and the Philippines, A4 elsewhere).
//!
//! [`choices`] holds the logic without a page, [`controls`] the prop-driven pieces,
//! [`page_preview`] the full-size preview.

pub mod choices;
pub mod controls;
pub mod page_preview;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use leptos::prelude::*;
use leptos::task::spawn_local;
use resume_shared::api::resumes::ExportPreferences;
use resume_shared::api::templates::TemplateInfo;

use self::choices::{
    PRESETS, browser_paper, design_value, document_params, export_params, is_designed, problem,
    restored, set_design_value, template_label,
};
use self::controls::{THUMBNAIL_WIDTH, flag, month_field, option_control, select, template_card};
use self::page_preview::{FULL_WIDTH, page_preview};
use super::state::EditorState;
use crate::api::documents::{export_url, preview_url};
use crate::api::{ApiError, AuthedApi};
use crate::components::error_notice::ErrorNotice;
use crate::components::modal::Modal;
use crate::components::spinner::Loading;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY};
use crate::latest_wins::LatestWins;
use crate::state::Toasts;

/// The export options' queue of writes. Every change of it is one call, so even a poisoned lock
/// holds a whole state.
fn locked(
    queue: &Mutex<LatestWins<ExportPreferences>>,
) -> MutexGuard<'_, LatestWins<ExportPreferences>> {
    queue.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Stores `preferences` with `send` through `queue`: at once when nothing is on its way, else
/// after the request on its way is answered (see [`LatestWins`]).
fn remember_in_order<F, Fut>(
    queue: &Arc<Mutex<LatestWins<ExportPreferences>>>,
    preferences: ExportPreferences,
    send: F,
) where
    F: Fn(ExportPreferences) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let Some(first) = locked(queue).offer(preferences) else {
        return;
    };
    let queue = Arc::clone(queue);
    spawn_local(async move {
        let mut next = Some(first);
        while let Some(preferences) = next {
            send(preferences).await;
            next = locked(&queue).finished();
        }
    });
}

/// The height of a page image `width` pixels wide on `paper` (`a4` or `letter`).
#[must_use]
pub fn page_height(width: u32, paper: &str) -> u32 {
    // A4 is 210 × 297 mm, US Letter 8.5 × 11 in.
    let (w, h) = if paper == "letter" {
        (85, 110)
    } else {
        (210, 297)
    };
    (width * h + w / 2) / w
}

/// The export dialog.
#[component]
pub fn ExportDialog(
    /// The open resume.
    state: EditorState,
    /// Closes it.
    on_close: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    // A signal and a task rather than a `LocalResource`: the same, in less code.
    let templates = RwSignal::new(None::<Result<Vec<TemplateInfo>, ApiError>>);
    let load = move || {
        templates.set(None);
        spawn_local(async move {
            let _ = templates.try_set(Some(api.list_templates().await));
        });
    };
    load();
    let body = move || {
        match templates.get() {
            None => view! { <Loading label="Loading the templates…" /> }.into_any(),
            Some(Err(error)) => view! {
                <ErrorNotice messages=vec![error.message] on_retry=Callback::new(move |()| load()) />
                <div class="mt-5 flex justify-end">
                    <button type="button" class=BUTTON_SECONDARY data-testid="export-close" on:click=move |_| on_close.run(())>
                        "Close"
                    </button>
                </div>
            }
            .into_any(),
            Some(Ok(list)) => export_choices(state, list, on_close).into_any(),
        }
    };
    view! {
        <Modal title="Export" testid="export-dialog" on_close=on_close wide=true>
            {body}
        </Modal>
    }
}

/// A link that downloads the document at `href` and reports the click; while `blocked`, it
/// does nothing but say it is disabled.
fn download_link(
    testid: &'static str,
    text: &'static str,
    class: &'static str,
    href: Signal<String>,
    hidden: Signal<bool>,
    blocked: Signal<bool>,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <a
            class=format!("{class} aria-disabled:cursor-not-allowed aria-disabled:opacity-60")
            hidden=hidden
            data-testid=testid
            href=href
            download=""
            aria-disabled=Signal::derive(move || blocked.get().then_some("true"))
            on:click=move |ev| {
                if blocked.get_untracked() {
                    ev.prevent_default();
                } else {
                    on_click.run(());
                }
            }
        >
            {text}
        </a>
    }
}

/// The dialog's content once the templates are known.
fn export_choices(
    state: EditorState,
    templates: Vec<TemplateInfo>,
    on_close: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let id = state.id();
    let mut initial = restored(
        state
            .saved
            .with_untracked(|saved| saved.export_preferences.clone()),
        browser_paper(),
    );
    // A remembered template this server no longer has: the first one instead.
    if !templates
        .iter()
        .any(|t| initial.template.as_deref() == Some(t.name.as_str()))
    {
        initial.template = templates.first().map(|t| t.name.clone());
    }
    let draft = RwSignal::new(initial);
    let templates = StoredValue::new(templates);
    let chosen = Memo::new(move |_| draft.with(|d| d.template.clone().unwrap_or_default()));
    let template = move || {
        chosen.with(|name| {
            templates.with_value(|list| list.iter().find(|t| t.name == *name).cloned())
        })
    };
    let designed = Signal::derive(move || template().is_some_and(|t| is_designed(&t)));
    let problem_text = Signal::derive(move || {
        let template = template();
        draft
            .with(|d| problem(d, template.as_ref()))
            .unwrap_or_default()
    });
    let blocked = Signal::derive(move || problem_text.with(|p| !p.is_empty()));

    // Every valid change is remembered (the first run is the restored choice: nothing new).
    let queue = Arc::new(Mutex::new(LatestWins::default()));
    Effect::new({
        let id = id.clone();
        move |previous: Option<()>| {
            let preferences = draft.get();
            if previous.is_none() || blocked.get_untracked() {
                return;
            }
            let id = id.clone();
            remember_in_order(&queue, preferences, move |preferences| {
                let id = id.clone();
                async move {
                    match api.save_export_preferences(&id, &preferences).await {
                        Ok(stored) => {
                            let _ = state
                                .saved
                                .try_update(|saved| saved.export_preferences = Some(stored));
                        }
                        Err(error) => toasts.api_error(&error),
                    }
                }
            });
        }
    });

    let height = Signal::derive(move || {
        draft.with(|d| page_height(THUMBNAIL_WIDTH, d.design.paper.as_deref().unwrap_or("a4")))
    });
    let cards = templates.with_value(|list| {
        list.iter()
            .cloned()
            .map(|template| {
                let name = template.name.clone();
                let thumbnail = is_designed(&template).then(|| {
                    let id = id.clone();
                    let name = name.clone();
                    Memo::new(move |_| {
                        draft.with(|d| {
                            preview_url(&id, &document_params(d, &name, true), THUMBNAIL_WIDTH, 1)
                        })
                    })
                });
                let selected = {
                    let name = name.clone();
                    Signal::derive(move || chosen.with(|chosen| *chosen == name))
                };
                let on_select =
                    Callback::new(move |()| draft.update(|d| d.template = Some(name.clone())));
                template_card(template, thumbnail, height, selected, on_select)
            })
            .collect_view()
    });

    // The chosen template's own options, or the preset of an original layout.
    let options = move || match template() {
        Some(template) if is_designed(&template) => template
            .options
            .into_iter()
            .map(|option| {
                let name = option.name.clone();
                let default = option.default.clone();
                let value = Signal::derive({
                    let name = name.clone();
                    move || {
                        draft
                            .with(|d| design_value(&d.design, &name))
                            .unwrap_or_else(|| default.clone())
                    }
                });
                let on_change = Callback::new(move |value: String| {
                    draft.update(|d| {
                        set_design_value(&mut d.design, &name, value);
                    });
                });
                option_control(option, value, on_change)
            })
            .collect_view()
            .into_any(),
        _ => select(
            "export-preset".to_owned(),
            "Preset".to_owned(),
            PRESETS
                .iter()
                .map(|(value, text)| ((*value).to_owned(), (*text).to_owned()))
                .collect(),
            Signal::derive(move || draft.with(|d| d.preset.clone())),
            Callback::new(move |preset| draft.update(|d| d.preset = preset)),
        )
        .into_any(),
    };

    let download = |format: &'static str, text: &'static str, class: &'static str| {
        let id = id.clone();
        let href = Signal::derive(move || {
            draft.with(|d| export_url(&id, &export_params(d, format, designed.get())))
        });
        let hidden = Signal::derive(move || {
            format != "markdown"
                && !template().is_some_and(|t| t.formats.iter().any(|f| f == format))
        });
        let on_click = Callback::new(move |()| draft.update(|d| d.format = format.to_owned()));
        let testid = match format {
            "pdf" => "export-download-pdf",
            "docx" => "export-download-docx",
            _ => "export-download-markdown",
        };
        download_link(testid, text, class, href, hidden, blocked, on_click)
    };

    let previewing = RwSignal::new(false);
    let preview_id = id.clone();
    let preview = move || {
        let template = previewing.get().then(template).flatten()?;
        let params = draft.with_untracked(|d| document_params(d, &template.name, true));
        // The thumbnail's address: the server has that image, so its page count costs nothing.
        let thumbnail = preview_url(&preview_id, &params, THUMBNAIL_WIDTH, 1);
        let pages = RwSignal::new(None);
        spawn_local(async move {
            if let Ok(count) = api.preview_pages(&thumbnail).await {
                let _ = pages.try_set(Some(count));
            }
        });
        let id = preview_id.clone();
        Some(page_preview(
            template_label(&template.name),
            template.target_pages,
            Callback::new(move |page| preview_url(&id, &params, FULL_WIDTH, page)),
            pages.into(),
            Callback::new(move |()| previewing.set(false)),
        ))
    };

    view! {
        <p
            data-testid="export-unsaved"
            class="mb-3 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900"
            hidden=Signal::derive(move || !state.dirty())
        >
            "The text has unsaved changes: the pictures and downloads show the saved version."
        </p>
        <fieldset>
            <legend class="text-sm font-medium text-slate-800">"Template"</legend>
            <div class="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">{cards}</div>
        </fieldset>
        <div class="mt-4 grid gap-3 sm:grid-cols-2">
            {options}
            {month_field(
                "export-from",
                "From",
                Signal::derive(move || draft.with(|d| d.from.clone().unwrap_or_default())),
                Callback::new(move |month: String| draft.update(|d| d.from = (!month.is_empty()).then_some(month))),
            )}
            {month_field(
                "export-to",
                "To",
                Signal::derive(move || draft.with(|d| d.to.clone().unwrap_or_default())),
                Callback::new(move |month: String| draft.update(|d| d.to = (!month.is_empty()).then_some(month))),
            )}
        </div>
        <div class="mt-3 space-y-2">
            {flag(
                "export-include-projects".to_owned(),
                "Include projects".to_owned(),
                Signal::derive(move || draft.with(|d| d.include_projects)),
                Callback::new(move |on| draft.update(|d| d.include_projects = on)),
            )}
            {flag(
                "export-projects-first".to_owned(),
                "Projects before the work history".to_owned(),
                Signal::derive(move || draft.with(|d| d.projects_first)),
                Callback::new(move |on| draft.update(|d| d.projects_first = on)),
            )}
            {flag(
                "export-include-education".to_owned(),
                "Include education".to_owned(),
                Signal::derive(move || draft.with(|d| d.include_education)),
                Callback::new(move |on| draft.update(|d| d.include_education = on)),
            )}
        </div>
        <p role="alert" data-testid="export-error" class="mt-3 text-sm text-red-700" hidden=Signal::derive(move || !blocked.get())>
            {problem_text}
        </p>
        <div class="mt-5 flex flex-wrap justify-end gap-2">
            <button type="button" class=BUTTON_SECONDARY data-testid="export-close" on:click=move |_| on_close.run(())>
                "Close"
            </button>
            <button
                type="button"
                class=BUTTON_SECONDARY
                hidden=Signal::derive(move || !designed.get())
                data-testid="export-preview-open"
                disabled=blocked
                on:click=move |_| previewing.set(true)
            >
                "Preview"
            </button>
            {download("markdown", "Markdown", BUTTON_SECONDARY)}
            {download("docx", "Download Word", BUTTON_PRIMARY)}
            {download("pdf", "Download PDF", BUTTON_PRIMARY)}
        </div>
        {preview}
    }
}
