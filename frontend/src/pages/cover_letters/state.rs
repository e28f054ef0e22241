//! The open letter: what the server has ([`LetterState::saved`]) and the fields being edited,
//! and the change between them as the `PATCH` that would save it ([`update_request`]).

use leptos::prelude::*;
use resume_shared::api::cover_letters::{CoverLetterResponse, UpdateCoverLetterRequest};

/// The editable fields of a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterFields {
    /// The letter's name.
    pub name: String,
    /// The company written to (empty: none).
    pub company: String,
    /// The person written to (empty: none).
    pub contact: String,
    /// The body as Markdown.
    pub content: String,
}

impl LetterFields {
    /// The fields of `letter` as stored.
    #[must_use]
    pub fn of(letter: &CoverLetterResponse) -> Self {
        Self {
            name: letter.name.clone(),
            company: letter.company.clone().unwrap_or_default(),
            contact: letter.contact.clone().unwrap_or_default(),
            content: letter.content.clone(),
        }
    }
}

/// The request that saves `edited` over `saved` (only what changed; a blank company or contact
/// clears it; the one-line fields are trimmed), or `None` when nothing changed.
#[must_use]
pub fn update_request(
    saved: &CoverLetterResponse,
    edited: &LetterFields,
) -> Option<UpdateCoverLetterRequest> {
    let changed = |now: &str, before: Option<&str>| {
        let now = now.trim();
        (now != before.unwrap_or_default()).then(|| now.to_owned())
    };
    let request = UpdateCoverLetterRequest {
        version: saved.version,
        name: changed(&edited.name, Some(&saved.name)),
        company: changed(&edited.company, saved.company.as_deref()),
        contact: changed(&edited.contact, saved.contact.as_deref()),
        content: (edited.content != saved.content).then(|| edited.content.clone()),
    };
    let nothing = request.name.is_none()
        && request.company.is_none()
        && request.contact.is_none()
        && request.content.is_none();
    (!nothing).then_some(request)
}

/// The open letter. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct LetterState {
    /// The letter as the server last answered.
    pub saved: RwSignal<CoverLetterResponse>,
    /// The name being edited.
    pub name: RwSignal<String>,
    /// The company being edited.
    pub company: RwSignal<String>,
    /// The contact being edited.
    pub contact: RwSignal<String>,
    /// The body being edited.
    pub content: RwSignal<String>,
}

impl LetterState {
    /// The state of `letter`, nothing edited.
    #[must_use]
    pub fn new(letter: CoverLetterResponse) -> Self {
        let fields = LetterFields::of(&letter);
        Self {
            saved: RwSignal::new(letter),
            name: RwSignal::new(fields.name),
            company: RwSignal::new(fields.company),
            contact: RwSignal::new(fields.contact),
            content: RwSignal::new(fields.content),
        }
    }

    /// The letter's id.
    #[must_use]
    pub fn id(&self) -> String {
        self.saved.with_untracked(|saved| saved.id.clone())
    }

    /// The fields being edited (tracked).
    #[must_use]
    pub fn fields(&self) -> LetterFields {
        LetterFields {
            name: self.name.get(),
            company: self.company.get(),
            contact: self.contact.get(),
            content: self.content.get(),
        }
    }

    /// The fields being edited, untracked.
    #[must_use]
    pub fn fields_untracked(&self) -> LetterFields {
        untrack(|| self.fields())
    }

    /// Puts `fields` into the editor (unsaved until saved).
    pub fn edit(&self, fields: LetterFields) {
        self.name.set(fields.name);
        self.company.set(fields.company);
        self.contact.set(fields.contact);
        self.content.set(fields.content);
    }

    /// The save request of the changes (tracked); `None` when nothing changed.
    #[must_use]
    pub fn changes(&self) -> Option<UpdateCoverLetterRequest> {
        let fields = self.fields();
        self.saved.with(|saved| update_request(saved, &fields))
    }

    /// Whether something changed since the last save (tracked).
    #[must_use]
    pub fn dirty(&self) -> bool {
        self.changes().is_some()
    }

    /// Shows `letter` as saved, its fields replacing what was edited.
    pub fn apply(&self, letter: CoverLetterResponse) {
        self.edit(LetterFields::of(&letter));
        self.saved.set(letter);
    }

    /// Takes `letter` as the saved state; the fields keep what is being edited.
    pub fn take_saved(&self, letter: CoverLetterResponse) {
        self.saved.set(letter);
    }
}
