//! The side panel of one application: its form, its deletion, its timeline and its resume's
//! cover letters. It loads the
//! application again after every write on the page (a move on the board included), so the
//! form's version and the timeline stay the server's.

use leptos::prelude::*;
use leptos_router::components::A;

use super::delete::DeleteApplication;
use super::form::ApplicationForm;
use super::letters::ApplicationLetters;
use super::timeline::Timeline;
use super::{Selected, Tracker};
use crate::api::AuthedApi;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::form::FormError;
use crate::components::spinner::Loading;
use crate::components::{BUTTON_SMALL, CARD, LINK};
use crate::routes::Page;

/// The panel of the selected application.
#[component]
pub fn ApplicationDetail(
    /// The application shown.
    selected: Selected,
    /// The page's shared state.
    tracker: Tracker,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let Selected {
        resume_id,
        resume_name,
    } = selected;
    let application = {
        let id = resume_id.clone();
        ApiResource::new(move || {
            tracker.track();
            let id = id.clone();
            async move { api.get_application(&id).await }
        })
    };
    // Outlives the form, which is made again on every load.
    let notice = RwSignal::new(None::<String>);
    let name = resume_name.clone();
    let content = move || {
        application.get().map(|result| {
            result.map(|application| {
                let timeline = application.timeline.clone();
                let (id, version) = (application.resume_id.clone(), application.version);
                let id_for_letters = id.clone();
                view! {
                    <ApplicationForm application=application tracker=tracker notice=notice />
                    <DeleteApplication
                        resume_id=id
                        resume_name=name.clone()
                        version=version
                        tracker=tracker
                        notice=notice
                    />
                    <Timeline events=timeline />
                    <ApplicationLetters resume_id=id_for_letters.clone() />
                }
            })
        })
    };
    view! {
        <aside
            data-testid="application-detail"
            aria-labelledby="application-detail-title"
            class=format!("{CARD} w-full xl:w-96 xl:shrink-0")
        >
            <div class="mb-4 flex items-start justify-between gap-2">
                <div class="min-w-0">
                    <p class="text-xs font-medium uppercase tracking-wide text-slate-600">"Application"</p>
                    <h2 id="application-detail-title" data-testid="application-detail-title" class="text-lg font-semibold break-words">
                        <A href=Page::Resume(resume_id).path() {..} class=LINK data-testid="application-detail-resume">
                            {resume_name}
                        </A>
                    </h2>
                </div>
                <button type="button" class=BUTTON_SMALL data-testid="application-detail-close" on:click=move |_| tracker.close()>
                    "Close"
                </button>
            </div>
            <div class="mb-3 empty:hidden">
                <FormError message=notice testid="application-notice" />
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the application…" /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| application.refetch())
                        />
                    }
                }>{content}</ErrorBoundary>
            </Transition>
        </aside>
    }
}
