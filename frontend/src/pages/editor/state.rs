//! What the editor's panes share: the resume as the server last answered it, the text and name
//! being edited, and the latest validation of that text.
//!
//! A text, metadata or restore write answers the whole resume; [`EditorState::apply`] takes it
//! in, so the text, the preview and the version agree after the save. A section panel's write
//! answers only its fragment and the new version ([`EditorState::advance`]): the panel redraws
//! alone, and the whole resume, now behind ([`EditorState::behind`]), is read again when a pane
//! that shows it opens. Panels read their fragments when they open and again when the resume
//! changed in a way they did not make ([`EditorState::reloads`]).

use std::collections::BTreeSet;

use leptos::prelude::*;
use resume_shared::api::resumes::ResumeResponse;
use resume_shared::markdown::Diagnostic;
use resume_shared::resume::Resume;

/// The latest validation of the text being edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validation {
    /// Errors, in line order (saving is refused while there are any): the first ones the
    /// server lists.
    pub errors: Vec<Diagnostic>,
    /// How many errors there are in all.
    pub error_count: u64,
    /// Warnings, in line order: the first ones the server lists.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there are in all.
    pub warning_count: u64,
    /// The model of the last text that parsed (the preview shows it).
    pub resume: Resume,
    /// Whether a validation request is on its way.
    pub checking: bool,
}

impl Validation {
    /// The findings about a saved text: its warnings (it has no errors).
    #[must_use]
    pub fn of_saved(resume: &ResumeResponse) -> Self {
        Self {
            errors: Vec::new(),
            error_count: 0,
            warnings: resume.warnings.clone(),
            warning_count: resume.warning_count,
            resume: resume.resume.clone(),
            checking: false,
        }
    }

    /// How many findings there are beyond those listed.
    #[must_use]
    pub fn unlisted(&self) -> u64 {
        let listed = (self.errors.len() + self.warnings.len()) as u64;
        (self.error_count + self.warning_count).saturating_sub(listed)
    }
}

/// The shared state of one open resume. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct EditorState {
    /// The whole resume as the server last answered it: behind [`Self::version`] after a
    /// section write, until it is read again.
    pub saved: RwSignal<ResumeResponse>,
    /// The newest version of the resume this editor knows: the next write is based on it.
    pub version: RwSignal<i64>,
    /// Counts the times the resume changed in a way the section panels did not make (a text
    /// save, a restore, a write found stale): each panel reads its fragment again when it moves.
    pub reloads: RwSignal<u64>,
    /// The Markdown text in the editor.
    pub draft: RwSignal<String>,
    /// The name in the editor.
    pub name: RwSignal<String>,
    /// The latest validation of `draft`.
    pub validation: RwSignal<Validation>,
    /// The section forms open with changes not yet saved, by form.
    pub open_form_changes: RwSignal<BTreeSet<&'static str>>,
}

impl EditorState {
    /// The state of a freshly loaded resume.
    #[must_use]
    pub fn new(resume: ResumeResponse) -> Self {
        let validation = Validation::of_saved(&resume);
        Self {
            draft: RwSignal::new(resume.content.clone()),
            name: RwSignal::new(resume.name.clone()),
            version: RwSignal::new(resume.version),
            reloads: RwSignal::new(0),
            validation: RwSignal::new(validation),
            saved: RwSignal::new(resume),
            open_form_changes: RwSignal::new(BTreeSet::new()),
        }
    }

    /// The resume id.
    #[must_use]
    pub fn id(&self) -> String {
        self.saved.with_untracked(|saved| saved.id.clone())
    }

    /// The version the next write is based on.
    #[must_use]
    pub fn version(&self) -> i64 {
        self.version.get_untracked()
    }

    /// Whether [`Self::saved`] is older than the newest version known (tracked).
    #[must_use]
    pub fn behind(&self) -> bool {
        self.saved.with(|saved| saved.version) < self.version.get()
    }

    /// Takes in the version a section write answered.
    pub fn advance(&self, version: i64) {
        self.version
            .try_update(|known| *known = (*known).max(version));
    }

    /// Takes in the version a panel read its fragment at: a newer one than known means the
    /// resume changed elsewhere, so every panel reads its fragment again.
    pub fn seen(&self, version: i64) {
        if version > self.version.get_untracked() {
            self.advance(version);
            self.changed_elsewhere();
        }
    }

    /// Makes every open panel read its fragment again.
    pub fn changed_elsewhere(&self) {
        self.reloads.try_update(|count| *count += 1);
    }

    /// Takes in a whole resume read or written without touching the text being edited.
    pub fn take_saved(&self, resume: ResumeResponse) {
        self.advance(resume.version);
        self.saved.set(resume);
    }

    /// Whether the text or the name differ from what is saved (tracked).
    #[must_use]
    pub fn dirty(&self) -> bool {
        self.saved
            .with(|saved| self.draft.with(|draft| *draft != saved.content))
            || self
                .saved
                .with(|saved| self.name.with(|name| *name != saved.name))
    }

    /// Whether anything would be lost by leaving: text or name changes, or a section form
    /// open with changes (tracked).
    #[must_use]
    pub fn unsaved(&self) -> bool {
        self.dirty() || self.open_form_changes.with(|forms| !forms.is_empty())
    }

    /// Keeps `form` in [`Self::open_form_changes`] while `changed` says it has unsaved input,
    /// for as long as the calling component lives.
    pub fn track_form_changes(&self, form: &'static str, changed: impl Fn() -> bool + 'static) {
        let forms = self.open_form_changes;
        Effect::new(move |_| {
            let changed = changed();
            if forms.with_untracked(|forms| forms.contains(form)) != changed {
                forms.update(|forms| {
                    if changed {
                        forms.insert(form);
                    } else {
                        forms.remove(form);
                    }
                });
            }
        });
        on_cleanup(move || {
            forms.try_update(|forms| forms.remove(form));
        });
    }

    /// Whether there are unsaved changes, without tracking.
    #[must_use]
    pub fn dirty_untracked(&self) -> bool {
        untrack(|| self.dirty())
    }

    /// Takes in the whole resume as the server answered it: the text, name, model and version
    /// all follow it, and open panels read their fragments again.
    pub fn apply(&self, resume: ResumeResponse) {
        self.validation.set(Validation::of_saved(&resume));
        self.draft.set(resume.content.clone());
        self.name.set(resume.name.clone());
        self.take_saved(resume);
        self.changed_elsewhere();
    }

    /// Drops the unsaved text and name: back to what is saved.
    pub fn discard(&self) {
        let (content, name) = self
            .saved
            .with_untracked(|saved| (saved.content.clone(), saved.name.clone()));
        self.draft.set(content);
        self.name.set(name);
    }

    /// Takes in the server's answer to a write that did not touch the text or the name (the
    /// tailoring fields), keeping unsaved edits of those.
    pub fn apply_metadata(&self, resume: ResumeResponse) {
        self.take_saved(resume);
    }
}
