//! The cover letter list (`/cover-letters`): every letter of the user, newest change first,
//! with its resume, company and last change, and the way to write a new one.

use leptos::prelude::*;
use leptos_router::components::A;
use resume_shared::api::cover_letters::CoverLetterSummary;

use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{BUTTON_PRIMARY, CARD, LINK};
use crate::format::local_time;
use crate::pages::PageTitle;
use crate::routes::Page;

/// A header cell.
const HEAD: &str =
    "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
/// A body cell.
const CELL: &str = "px-3 py-2 align-top text-slate-800";

/// The cover letters screen.
#[component]
pub fn CoverLettersPage() -> impl IntoView {
    let api = AuthedApi::expect();
    let letters = ApiResource::new(move || async move { api.list_cover_letters(None).await });
    let list = move || {
        letters.get().map(|result| {
            result.map(|list| {
                if list.items.is_empty() {
                    return view! {
                        <div data-testid="letters-empty" class="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
                            <p class="font-medium text-slate-800">"No cover letters yet."</p>
                            <p class="mt-1">"A letter is written from one of your resumes and a job: start with “Write a cover letter”."</p>
                        </div>
                    }
                    .into_any();
                }
                view! {
                    <div class="relative overflow-x-auto" tabindex="0" role="region" aria-label="Cover letters">
                        <table data-testid="letters-table" class="min-w-full divide-y divide-slate-200 text-sm">
                            <thead>
                                <tr>
                                    <th scope="col" class=HEAD>"Name"</th>
                                    <th scope="col" class=HEAD>"Resume"</th>
                                    <th scope="col" class=HEAD>"Company"</th>
                                    <th scope="col" class=HEAD>"Last change"</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-100">
                                {list.items.into_iter().map(letter_row).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            })
        })
    };
    view! {
        <div data-testid="letters-page">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <PageTitle
                    title="Cover letters"
                    subtitle="Letters written from your resumes, to check, edit and download."
                />
                <A href=Page::NewCoverLetter(None).path() {..} class=BUTTON_PRIMARY data-testid="letters-write">
                    "Write a cover letter"
                </A>
            </div>
            <section class=CARD aria-label="Cover letter list">
                <Transition fallback=|| view! { <Loading label="Loading cover letters…" /> }>
                    <ErrorBoundary fallback=move |errors| {
                        view! {
                            <ErrorNotice
                                messages=Signal::derive(move || error_messages(&errors))
                                on_retry=Callback::new(move |()| letters.refetch())
                            />
                        }
                    }>{list}</ErrorBoundary>
                </Transition>
            </section>
        </div>
    }
}

/// One letter in the table.
fn letter_row(letter: CoverLetterSummary) -> impl IntoView {
    let CoverLetterSummary {
        id,
        resume_id,
        resume_name,
        name,
        company,
        updated_at,
        ..
    } = letter;
    view! {
        <tr data-testid="letter-row">
            <td class=CELL>
                <A href=Page::CoverLetter(id).path() {..} class=format!("{LINK} break-words") data-testid="letter-row-name">
                    {name}
                </A>
            </td>
            <td class=CELL>
                <A href=Page::Resume(resume_id).path() {..} class=format!("{LINK} break-words") data-testid="letter-row-resume">
                    {resume_name}
                </A>
            </td>
            <td class=format!("{CELL} break-words") data-testid="letter-row-company">{company}</td>
            <td class=CELL data-testid="letter-row-updated">{local_time(&updated_at)}</td>
        </tr>
    }
}
