//! Importing a resume file on the dashboard. A button or a file dropped on the drop zone takes
//! a `.md`, `.markdown`, `.txt` or `.json` (JSON Resume) file of at most 1 MiB; an empty, binary
//! or oversized file gets a message at once. The server converts and checks the text without
//! saving (`POST /resumes/import/preview`) and a dialog shows what would be saved: the
//! line-numbered errors, and the warnings with every field a JSON Resume mapping dropped.
//! Save (only without errors) stores it and opens the editor; Cancel stores nothing.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use resume_shared::api::import::{ImportPreviewRequest, ImportPreviewResponse};
use resume_shared::api::resumes::ImportRequest;
use resume_shared::markdown::Diagnostic;
use wasm_bindgen::JsCast as _;

use crate::api::action::ApiAction;
use crate::api::{ApiError, AuthedApi};
use crate::components::form::{FormError, TextField};
use crate::components::modal::Modal;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::routes::Page;

/// The largest file the server takes, in bytes.
pub const MAX_IMPORT_BYTES: f64 = 1_048_576.0;
/// The file kinds the import reads.
const ACCEPT: &str = ".md,.markdown,.txt,.json";

/// Why a file cannot be imported, from its name and size, before it is read.
#[must_use]
pub fn file_problem(name: &str, size: f64) -> Option<String> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !matches!(
        extension.as_deref(),
        Some("md" | "markdown" | "txt" | "json")
    ) {
        return Some(format!(
            "“{name}” is not a resume file: choose a Markdown (.md, .txt) or JSON Resume (.json) file."
        ));
    }
    if size > MAX_IMPORT_BYTES {
        return Some(format!(
            "“{name}” is larger than 1 MiB, the most a resume may be."
        ));
    }
    (size == 0.0).then(|| format!("“{name}” is empty."))
}

/// Whether read text is not text: it holds a NUL, or bytes that were not UTF-8 (which the
/// browser read as U+FFFD).
#[must_use]
pub fn looks_binary(text: &str) -> bool {
    text.contains(['\0', '\u{fffd}'])
}

/// A diagnostic as one line: `line 12: message (path)`, or the JSON path for a mapping warning.
#[must_use]
pub fn diagnostic_line(diagnostic: &Diagnostic) -> String {
    let place = if diagnostic.line == 0 {
        diagnostic.path.clone()
    } else {
        format!("line {}", diagnostic.line)
    };
    format!("{place}: {}", diagnostic.message)
}

async fn read_file(file: web_sys::File) -> Result<String, String> {
    let name = file.name();
    if let Some(problem) = file_problem(&name, file.size()) {
        return Err(problem);
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| format!("“{name}” could not be read."))?;
    if looks_binary(&text) {
        return Err(format!(
            "“{name}” is not a text file (it holds bytes that are not UTF-8 text)."
        ));
    }
    Ok(text)
}

/// The import button, the drop zone and the dialog.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let api = AuthedApi::expect();
    let problem = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<ImportPreviewResponse>);
    let dragging = RwSignal::new(false);
    let check = ApiAction::new(move |file: &send_wrapper::SendWrapper<web_sys::File>| {
        let file = (**file).clone();
        async move {
            problem.set(None);
            let file_name = Some(file.name());
            let result = match read_file(file).await {
                Ok(content) => api
                    .preview_import(&ImportPreviewRequest { file_name, content })
                    .await
                    .map_err(|error: ApiError| error.field("content").unwrap_or(error.message)),
                Err(message) => Err(message),
            };
            match result {
                Ok(answer) => preview.set(Some(answer)),
                Err(message) => problem.set(Some(message)),
            }
        }
    });
    let take = move |files: Option<web_sys::FileList>| {
        if let Some(file) = files.and_then(|files| files.get(0)) {
            check.dispatch(send_wrapper::SendWrapper::new(file));
        }
    };
    view! {
        <section
            data-testid="import-zone"
            aria-labelledby="import-title"
            class=move || format!(
                "mt-6 {CARD} border-dashed {}",
                if dragging.get() { "border-indigo-500 bg-indigo-50" } else { "" }
            )
            on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                take(ev.data_transfer().and_then(|data| data.files()));
            }
        >
            <h2 id="import-title" class="text-base font-semibold text-slate-900">"Import a resume"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Drop a Markdown (.md, .txt) or JSON Resume (.json) file here, or "
                <label class="cursor-pointer font-medium text-indigo-700 underline" for="import-file">"choose one"</label>
                ". You see what it holds before anything is saved."
            </p>
            <input id="import-file" data-testid="import-file" type="file" accept=ACCEPT class="sr-only"
                on:change=move |ev| {
                    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                    take(input.as_ref().and_then(web_sys::HtmlInputElement::files));
                    if let Some(input) = input { input.set_value(""); }
                } />
            <div class="mt-2"><FormError testid="import-problem" message=problem /></div>
        </section>
        {move || preview.get().map(|answer| view! {
            <ImportDialog answer=answer on_close=Callback::new(move |()| preview.set(None)) />
        })}
    }
}

/// What the file would become, with Save and Cancel.
#[component]
fn ImportDialog(answer: ImportPreviewResponse, on_close: Callback<()>) -> impl IntoView {
    let api = AuthedApi::expect();
    let navigate = use_navigate();
    let name = RwSignal::new(answer.name.clone());
    let content = answer.content.clone();
    let save = ApiAction::new(move |request: &ImportRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        async move {
            let resume = api.import_resume(&request).await?;
            navigate(&Page::Resume(resume.id).path(), Default::default());
            Ok::<(), ApiError>(())
        }
    });
    let error = move || save.value().and_then(Result::err);
    let can_save = answer.error_count == 0;
    let list = |items: &[Diagnostic], testid: &'static str, class: &'static str| {
        view! {
            <ul data-testid=testid class=format!("mt-1 max-h-48 list-inside list-disc overflow-y-auto text-sm {class}")>
                {items.iter().map(|d| view! { <li>{diagnostic_line(d)}</li> }).collect_view()}
            </ul>
        }
    };
    let format = match answer.format {
        resume_shared::api::import::ImportFormat::Markdown => "Markdown",
        resume_shared::api::import::ImportFormat::JsonResume => "JSON Resume",
    };
    view! {
        <Modal title="Import this resume?" testid="import-dialog" on_close=on_close busy=save.pending()>
            <p class="text-sm text-slate-700" data-testid="import-summary">
                {format!("A {format} file: {} errors, {} warnings.", answer.error_count, answer.warning_count)}
            </p>
            {(!answer.errors.is_empty()).then(|| view! {
                <p class="mt-3 text-sm font-medium text-red-800">"Errors — fix them in the file first:"</p>
                {list(&answer.errors, "import-errors", "text-red-800")}
            })}
            {(!answer.warnings.is_empty()).then(|| view! {
                <p class="mt-3 text-sm font-medium text-amber-900">"Warnings — what will not be kept as it is:"</p>
                {list(&answer.warnings, "import-warnings", "text-amber-900")}
            })}
            <div class="mt-4"><TextField id="import-name" label="Name" value=name
                error=Signal::derive(move || error().and_then(|e| e.field("name"))) /></div>
            <div class="mt-2"><FormError testid="import-error" message=Signal::derive(move || {
                error().filter(|e| e.field("name").is_none()).map(|e| e.to_string())
            }) /></div>
            <div class="mt-4 flex justify-end gap-2">
                <button type="button" class=BUTTON_SECONDARY data-testid="import-cancel" on:click=move |_| on_close.run(())>"Cancel"</button>
                <button type="button" class=BUTTON_PRIMARY data-testid="import-save" disabled=move || !can_save || save.pending().get()
                    on:click=move |_| {
                        save.dispatch(ImportRequest { name: Some(name.get_untracked()), content: content.clone(), format: None });
                    }>
                    "Save as a new resume"
                </button>
            </div>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_before_reading() {
        assert!(
            file_problem("cv.pdf", 10.0)
                .unwrap()
                .contains("not a resume file")
        );
        assert!(
            file_problem("cv.md", 2_000_000.0)
                .unwrap()
                .contains("larger than 1 MiB")
        );
        assert!(file_problem("cv.json", 0.0).unwrap().contains("empty"));
        assert_eq!(file_problem("CV.Markdown", 100.0), None);
        assert!(looks_binary("PK\u{3}\u{4}\u{fffd}"));
        assert!(!looks_binary("# Personal"));
    }

    #[test]
    fn mapping_warnings_show_their_path() {
        let mapped = Diagnostic::new(0, "awards", "dropped: our format has no awards");
        assert_eq!(
            diagnostic_line(&mapped),
            "awards: dropped: our format has no awards"
        );
        let text = Diagnostic::new(7, "Education", "unknown field");
        assert_eq!(diagnostic_line(&text), "line 7: unknown field");
    }
}
