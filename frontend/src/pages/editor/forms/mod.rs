//! The structured forms: Personal, then roles, projects, degrees and certifications. Each
//! panel reads and writes its own fragment through the section routes and redraws alone; the
//! Markdown follows when the text pane opens (the editor reads the resume again when its copy
//! is behind the version the panels wrote). While the text has unsaved changes the forms wait,
//! so neither side overwrites the other.

pub mod collection;
pub mod fields;
pub mod items;
pub mod personal;
pub mod write;

use leptos::prelude::*;
use resume_shared::resume::{Certification, Degree, Project, Role};

use self::collection::collection_editor;
use self::personal::PersonalForm;
use self::write::FormWriter;
use super::state::EditorState;

/// Every section's form.
#[component]
pub fn SectionForms(
    /// The open resume.
    state: EditorState,
) -> impl IntoView {
    view! {
        <div class="space-y-6" data-testid="section-forms">
            <Show when=move || state.dirty()>
                <p role="status" data-testid="forms-blocked" class="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
                    "The text has unsaved changes. Save them in the Text pane before editing sections here."
                </p>
            </Show>
            <PersonalForm writer=FormWriter::new(state) />
            {collection_editor::<Role>(FormWriter::new(state))}
            {collection_editor::<Project>(FormWriter::new(state))}
            {collection_editor::<Degree>(FormWriter::new(state))}
            {collection_editor::<Certification>(FormWriter::new(state))}
        </div>
    }
}
