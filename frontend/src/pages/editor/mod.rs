//! The resume editor (`/resumes/{id}`): the text with validation and a live preview, the
//! structured forms, the tailoring details, the export dialog and the history, all over one
//! shared [`state::EditorState`].
//!
//! One file per job: [`code_editor`] (the text area with line numbers), [`validation`] (checking
//! as the user types), [`save`] (saving, Ctrl+S and the conflict dialog), [`leave_guard`]
//! (asking before unsaved changes are lost), [`preview`], [`forms`], [`details`], [`export`]
//! and [`history`].

pub mod code_editor;
pub mod details;
pub mod export;
pub mod forms;
pub mod history;
pub mod leave_guard;
pub mod preview;
pub mod save;
pub mod share;
pub mod state;
pub mod text_pane;
pub mod validation;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use resume_shared::api::resumes::{ResumeKind, ResumeResponse};

use self::export::ExportDialog;
use self::leave_guard::{confirm_leaving, guard_unsaved_changes};
use self::save::{ConflictDialog, Saver, save_on_shortcut};
use self::state::EditorState;
use self::text_pane::TextPane;
use self::validation::watch_validation;
use super::set_title;
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{BUTTON_SECONDARY, LINK};
use crate::routes::Page;
use crate::state::Toasts;

/// The route's parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct ResumeParams {
    /// The resume id.
    pub id: Option<String>,
}

/// The panes of the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Markdown, problems and preview.
    Text,
    /// Structured forms per section.
    Sections,
    /// Company, notes and, for a tailored resume, the job.
    Details,
    /// Revisions, diff and restore.
    History,
    /// Public read-only links.
    Share,
}

impl Tab {
    /// Every pane, in order.
    pub const ALL: [Self; 5] = [
        Self::Text,
        Self::Sections,
        Self::Details,
        Self::History,
        Self::Share,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::Sections => "Sections",
            Self::Details => "Details",
            Self::History => "History",
            Self::Share => "Share",
        }
    }

    /// The tab `step` places further, wrapping around.
    #[must_use]
    pub fn step(self, step: isize) -> Self {
        let index = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let count = Self::ALL.len().cast_signed();
        let next = (index.cast_signed() + step).rem_euclid(count);
        Self::ALL[next.cast_unsigned()]
    }

    fn key(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Sections => "sections",
            Self::Details => "details",
            Self::History => "history",
            Self::Share => "share",
        }
    }
}

/// Moves the focus to the element with `id`, if it exists.
fn focus_element(id: &str) {
    use wasm_bindgen::JsCast as _;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The path of the refine page of resume `id`.
#[must_use]
pub fn refine_path(id: &str) -> String {
    format!("{}/refine", Page::Resume(id.to_owned()).path())
}

/// Reads the whole resume again when a pane other than the section forms opens while it is
/// behind the section writes (which answer only their fragment).
fn follow_section_writes(state: EditorState, api: AuthedApi, toasts: Toasts, tab: RwSignal<Tab>) {
    Effect::new(move |_| {
        if tab.get() == Tab::Sections || !state.behind() {
            return;
        }
        let id = state.id();
        leptos::task::spawn_local(async move {
            match api.get_resume(&id).await {
                Ok(resume) => state.apply(resume),
                Err(error) => toasts.api_error(&error),
            }
        });
    });
}

/// The resume screen.
#[component]
pub fn EditorPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let params = use_params::<ResumeParams>();
    let id = move || {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.id.clone())
            .unwrap_or_default()
    };
    let resume = ApiResource::new(move || {
        let id = id();
        async move { api.get_resume(&id).await }
    });
    let view = move || {
        resume
            .get()
            .map(|result| result.map(|resume| view! { <Editor resume=resume /> }))
    };
    view! {
        <div data-testid="editor-page">
            <p class="mb-4 text-sm">
                <A href=Page::Dashboard.path() {..} class=LINK data-testid="back-to-dashboard">"← All resumes"</A>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the resume…" /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| resume.refetch())
                        />
                    }
                }>{view}</ErrorBoundary>
            </Transition>
        </div>
    }
}

/// The editor of one loaded resume.
#[component]
fn Editor(
    /// The resume as loaded.
    resume: ResumeResponse,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let state = EditorState::new(resume);
    let saver = Saver::new(state, api, toasts);
    watch_validation(state, api);
    save_on_shortcut(saver);
    guard_unsaved_changes(Signal::derive(move || state.unsaved()));
    Effect::new(move |_| set_title(&state.saved.with(|saved| saved.name.clone())));
    let tab = RwSignal::new(Tab::Text);
    let exporting = RwSignal::new(false);
    follow_section_writes(state, api, toasts, tab);

    let kind_line = move || {
        let (kind, parent) = state.saved.with(|saved| (saved.kind, saved.parent.clone()));
        match (kind, parent) {
            (ResumeKind::Tailored, Some(parent)) => view! {
                <p class="text-sm text-slate-600">
                    "Tailored from "
                    <A href=Page::Resume(parent.id).path() {..} class=LINK data-testid="parent-link">{parent.name}</A>
                </p>
            }
            .into_any(),
            (ResumeKind::Tailored, None) => view! { <p class="text-sm text-slate-600">"Tailored resume"</p> }.into_any(),
            (ResumeKind::Base, _) => view! { <p class="text-sm text-slate-600">"Base resume"</p> }.into_any(),
        }
    };
    let refine_link = move || {
        state.saved.with(|saved| match (&saved.kind, &saved.parent) {
            (ResumeKind::Base, _) => Some(view! {
                <a href=refine_path(&saved.id) class=BUTTON_SECONDARY data-testid="refine-link">"Tailor with AI"</a>
            }.into_any()),
            (ResumeKind::Tailored, Some(parent)) => Some(view! {
                <a href=refine_path(&parent.id) class=BUTTON_SECONDARY data-testid="new-refinement">"New refinement"</a>
            }.into_any()),
            (ResumeKind::Tailored, None) => None,
        })
    };
    // A pane's open forms close with it, so switching away from unsaved input asks first.
    let switch_tab = move |next: Tab| {
        let leaving_input = state
            .open_form_changes
            .with_untracked(|forms| !forms.is_empty());
        if next == tab.get_untracked() || (leaving_input && !confirm_leaving()) {
            return false;
        }
        tab.set(next);
        true
    };
    let tab_button = move |this: Tab| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{}", this.key())
                data-testid=format!("tab-{}", this.key())
                aria-selected=move || (tab.get() == this).to_string()
                tabindex=move || if tab.get() == this { "0" } else { "-1" }
                aria-controls="editor-panel"
                class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-selected:bg-white aria-selected:text-indigo-800 aria-selected:shadow-sm"
                on:click=move |_| { switch_tab(this); }
            >
                {this.label()}
            </button>
        }
    };
    // After section writes the text is behind: it shows once it is read again.
    let panel = move || {
        match tab.get() {
        Tab::Text => view! {
            <Show when=move || !state.behind() fallback=|| view! { <Loading label="Loading the latest text…" /> }>
                <TextPane state=state saver=saver />
            </Show>
        }
        .into_any(),
        Tab::Sections => view! { <forms::SectionForms state=state /> }.into_any(),
        Tab::Details => view! { <details::DetailsForm state=state /> }.into_any(),
        Tab::History => view! { <history::HistoryPane state=state /> }.into_any(),
        Tab::Share => view! { <share::SharePanel resume_id=state.id() /> }.into_any(),
    }
    };
    view! {
        <div class="mb-4 flex flex-wrap items-end justify-between gap-3">
            <div class="min-w-0">
                {kind_line}
                <h1 data-testid="editor-name" class="text-2xl font-semibold tracking-tight break-words text-slate-900">
                    {move || state.saved.with(|saved| saved.name.clone())}
                </h1>
                <p class="text-xs text-slate-600">
                    "Version " <span data-testid="editor-version">{move || state.version.get()}</span>
                    <Show when=move || state.dirty()>
                        <span data-testid="unsaved-flag" class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">"Unsaved changes"</span>
                    </Show>
                </p>
            </div>
            <div class="flex flex-wrap gap-2">
                {refine_link}
                <a
                    href=move || Page::NewCoverLetter(Some(state.id())).path()
                    class=BUTTON_SECONDARY
                    data-testid="write-cover-letter"
                >
                    "Write a cover letter"
                </a>
                <button type="button" class=BUTTON_SECONDARY data-testid="export-open" on:click=move |_| exporting.set(true)>
                    "Export"
                </button>
            </div>
        </div>
        <div
            role="tablist"
            aria-label="Editor panes"
            class="mb-4 inline-flex flex-wrap gap-1 rounded-lg bg-slate-200/70 p-1"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let step = match ev.key().as_str() {
                    "ArrowRight" => 1,
                    "ArrowLeft" => -1,
                    _ => return,
                };
                ev.prevent_default();
                let next = tab.get_untracked().step(step);
                if switch_tab(next) {
                    focus_element(&format!("tab-{}", next.key()));
                }
            }
        >
            {Tab::ALL.into_iter().map(tab_button).collect_view()}
        </div>
        <div id="editor-panel" role="tabpanel" aria-labelledby=move || format!("tab-{}", tab.get().key())>
            {panel}
        </div>
        <ConflictDialog saver=saver />
        <Show when=move || exporting.get()>
            <ExportDialog state=state on_close=Callback::new(move |()| exporting.set(false)) />
        </Show>
    }
}
