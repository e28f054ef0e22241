//! The cover letters of an application's resume, in its side panel: a link to each, and one to
//! write another for the same resume.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::LINK;
use crate::routes::Page;

/// The letters written for `resume_id`.
#[component]
pub fn ApplicationLetters(
    /// The application's resume.
    resume_id: String,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let letters = {
        let id = resume_id.clone();
        ApiResource::new(move || {
            let id = id.clone();
            async move { api.list_cover_letters(Some(&id)).await }
        })
    };
    let list = move || {
        letters.get().map(|result| match result {
            Ok(found) if found.items.is_empty() => view! {
                <p class="text-sm text-slate-600" data-testid="application-letters-none">"No cover letter yet."</p>
            }
            .into_any(),
            Ok(found) => view! {
                <ul class="space-y-1 text-sm" data-testid="application-letters">
                    {found
                        .items
                        .into_iter()
                        .map(|letter| view! {
                            <li>
                                <A href=Page::CoverLetter(letter.id).path() {..} class=format!("{LINK} break-words") data-testid="application-letter">
                                    {letter.name}
                                </A>
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! {
                <p role="alert" class="text-sm text-red-700" data-testid="application-letters-error">{error.message}</p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="mt-4 border-t border-slate-200 pt-4" aria-labelledby="application-letters-title">
            <h3 id="application-letters-title" class="text-sm font-semibold text-slate-900">"Cover letters"</h3>
            <div class="mt-2">
                <Transition fallback=|| ()>{list}</Transition>
            </div>
            <A href=Page::NewCoverLetter(Some(resume_id.clone())).path() {..} class=format!("{LINK} mt-2 inline-block text-sm") data-testid="application-write-letter">
                "Write a cover letter"
            </A>
        </section>
    }
}
