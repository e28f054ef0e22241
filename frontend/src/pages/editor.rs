//! The route of one resume (`/resumes/{id}`). For now it shows the resume's name and kind; the
//! editor itself (text, preview, structured forms) comes with the next version.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use super::{Page, set_title};
use crate::api::AuthedApi;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{CARD, LINK};
use crate::format::local_time;

/// The route's parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct ResumeParams {
    /// The resume id.
    pub id: Option<String>,
}

/// The resume screen (a placeholder until the editor arrives).
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
    let resume = LocalResource::new(move || {
        let id = id();
        async move { api.get_resume(&id).await }
    });
    let view = move || {
        resume.get().map(|result| {
            result.map(|resume| {
                set_title(&resume.name);
                view! {
                    <div class="mb-6">
                        <p class="text-sm text-slate-600">{if resume.parent.is_some() { "Tailored resume" } else { "Base resume" }}</p>
                        <h1 data-testid="editor-name" class="text-2xl font-semibold tracking-tight break-words text-slate-900">{resume.name.clone()}</h1>
                    </div>
                    <div class=CARD>
                        <p class="text-sm text-slate-700" data-testid="editor-placeholder">
                            "The editor for this resume arrives in the next version. It was last changed "
                            {local_time(&resume.updated_at)} " (version " {resume.version} ")."
                        </p>
                    </div>
                }
            })
        })
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
