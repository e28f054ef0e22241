//! Downloads of the letter as PDF, Word or Markdown in a chosen template: plain links (the
//! session cookie goes with them), so the browser saves the file under the server's name.

use leptos::prelude::*;
use resume_shared::api::cover_letters::LetterFormat;

use crate::api::cover_letters::{LETTER_TEMPLATES, letter_export_url};
use crate::components::{BUTTON_SECONDARY, INPUT};

/// The label and test id of a format's link.
const fn format_link(format: LetterFormat) -> (&'static str, &'static str) {
    match format {
        LetterFormat::Pdf => ("PDF", "letter-export-pdf"),
        LetterFormat::Docx => ("Word", "letter-export-docx"),
        LetterFormat::Markdown => ("Markdown", "letter-export-markdown"),
    }
}

/// The template choice and the three download links.
#[component]
pub fn LetterExport(
    /// The letter's id.
    letter_id: String,
    /// Whether there are unsaved changes (the downloads have the saved text).
    #[prop(into)]
    unsaved: Signal<bool>,
) -> impl IntoView {
    let template = RwSignal::new(LETTER_TEMPLATES[0].0.to_owned());
    view! {
        <section aria-labelledby="letter-export-title" class="mt-6">
            <h2 id="letter-export-title" class="text-sm font-semibold text-slate-800">"Download"</h2>
            <div class="mt-2 flex flex-wrap items-end gap-3">
                <div>
                    <label for="letter-template" class="block text-xs font-medium text-slate-700">"Template"</label>
                    <select
                        id="letter-template"
                        data-testid="letter-template"
                        class=format!("mt-1 {INPUT}")
                        prop:value=move || template.get()
                        on:change=move |ev| template.set(event_target_value(&ev))
                    >
                        {LETTER_TEMPLATES
                            .iter()
                            .map(|(value, label)| view! { <option value=*value selected=move || template.get() == *value>{*label}</option> })
                            .collect_view()}
                    </select>
                </div>
                {LetterFormat::ALL
                    .into_iter()
                    .map(|format| {
                        let (label, testid) = format_link(format);
                        let id = letter_id.clone();
                        view! {
                            <a
                                class=BUTTON_SECONDARY
                                data-testid=testid
                                download=""
                                href=move || letter_export_url(&id, format, &template.get())
                            >
                                {label}
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || unsaved.get()>
                <p class="mt-1 text-xs text-amber-800" data-testid="letter-export-unsaved">
                    "Downloads have the saved text: save first to include your changes."
                </p>
            </Show>
        </section>
    }
}
