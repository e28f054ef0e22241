//! The write page (`/cover-letters/new?resume=…`): the form, then the drafting job it started.
//! The job goes into the address (`&draft=…`), so a reload follows it again (its stream
//! replays it from the first event).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::drafting::Drafting;
use super::write_form::WriteForm;
use crate::components::LINK;
use crate::pages::PageTitle;
use crate::routes::{Page, encode_component};

/// The address of the write page for `resume` following `draft`.
#[must_use]
pub fn write_page_href(resume: Option<&str>, draft: Option<&str>) -> String {
    let path = Page::NewCoverLetter(resume.map(ToOwned::to_owned)).path();
    match draft {
        Some(draft) => {
            let joiner = if path.contains('?') { '&' } else { '?' };
            format!("{path}{joiner}draft={}", encode_component(draft))
        }
        None => path,
    }
}

/// Writes the address of the page's state without a navigation.
fn remember(resume: Option<&str>, draft: Option<&str>) {
    if let Ok(history) = window().history() {
        let url = write_page_href(resume, draft);
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The write screen.
#[component]
pub fn NewCoverLetterPage() -> impl IntoView {
    let query = use_query_map();
    let (wanted_resume, named_draft) = query.with_untracked(|query| {
        let non_empty = |value: Option<String>| value.filter(|value| !value.is_empty());
        (
            non_empty(query.get("resume")),
            non_empty(query.get("draft")),
        )
    });
    let resume = RwSignal::new(wanted_resume);
    let draft = RwSignal::new(named_draft);
    let back = move || {
        match resume.get() {
        Some(id) => view! {
            <A href=Page::Resume(id).path() {..} class=LINK data-testid="letter-back-to-resume">"← Back to the resume"</A>
        }
        .into_any(),
        None => view! {
            <A href=Page::CoverLetters.path() {..} class=LINK data-testid="letters-back">"← All cover letters"</A>
        }
        .into_any(),
    }
    };
    let body = move || match draft.get() {
        Some(id) => view! {
            <Drafting
                draft_id=id
                on_start_over=Callback::new(move |()| {
                    remember(resume.get_untracked().as_deref(), None);
                    draft.set(None);
                })
            />
        }
        .into_any(),
        None => view! {
            <WriteForm
                wanted_resume=resume.get_untracked()
                on_started=Callback::new(move |(id, resume_id): (String, String)| {
                    remember(Some(&resume_id), Some(&id));
                    resume.set(Some(resume_id));
                    draft.set(Some(id));
                })
            />
        }
        .into_any(),
    };
    view! {
        <div data-testid="letter-write-page">
            <p class="mb-4 text-sm">{back}</p>
            <PageTitle
                title="Write a cover letter"
                subtitle="The assistant writes it from the resume and the job; you check and edit it before you send it."
            />
            {body}
        </div>
    }
}
