//! A drafting job being followed: its status, the stages with their messages as they come,
//! Cancel while it runs, the error with "Try again" when running it again may help, and, once
//! the letter is written, the way to its editor (taken at once).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use resume_shared::api::cover_letters::CoverLetterDraftResponse;
use resume_shared::api::refinements::RefinementStatus;

use super::draft::{DraftRun, LETTER_STAGES};
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::cover_letters::draft_events_url;
use crate::components::connection_notice::ConnectionNotice;
use crate::components::job_progress::JobProgress;
use crate::components::spinner::Spinner;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::jobs::follower::JobFollower;
use crate::routes::Page;
use crate::state::Toasts;

/// Reads `draft` into `details` (a failure is a toast) and answers whether it still runs.
async fn read_draft(
    api: AuthedApi,
    toasts: Toasts,
    details: RwSignal<Option<CoverLetterDraftResponse>>,
    draft: String,
) -> bool {
    match api.get_cover_letter_draft(&draft).await {
        Ok(state) => {
            let running = !state.status.is_finished();
            details.try_set(Some(state));
            running
        }
        Err(error) => {
            toasts.api_error(&error);
            false
        }
    }
}

/// The job `draft_id` as it runs; `on_start_over` leaves it for a new form.
#[component]
pub fn Drafting(
    /// The drafting job's id.
    draft_id: String,
    /// Back to the form.
    on_start_over: Callback<()>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let navigate = use_navigate();
    let details = RwSignal::new(None::<CoverLetterDraftResponse>);
    let follower = JobFollower::<DraftRun>::new(draft_events_url, move |draft| {
        read_draft(api, toasts, details, draft)
    });
    follower.follow(draft_id.clone(), None);
    let run = follower.run;

    // The letter's id: from its event, or from the job once it succeeded.
    let letter_id = Memo::new(move |_| {
        run.read().letter_id().or_else(|| {
            details.read().as_ref().and_then(|d| {
                (d.status == RefinementStatus::Succeeded)
                    .then(|| d.letter_id.clone())
                    .flatten()
            })
        })
    });
    Effect::new(move |_| {
        if let Some(id) = letter_id.get() {
            toasts.success("Your letter is written. Check it before you send it.");
            navigate(
                &Page::CoverLetter(id).path(),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });

    let cancel = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            if let Err(error) = api.cancel_cover_letter_draft(&id).await {
                toasts.api_error(&error);
            }
        }
    });
    let retry = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.resume_cover_letter_draft(&id).await {
                Ok(_) => follower.resumed(id, |run| {
                    run.ended = None;
                    run.error = None;
                }),
                Err(error) => toasts.api_error(&error),
            }
        }
    });

    let running = move || run.read().is_running();
    let stopped = move || run.read().stop_reason();
    let can_retry = move || run.read().can_retry();
    let (cancel_id, retry_id, reconnect_id) =
        (draft_id.clone(), draft_id.clone(), draft_id.clone());
    view! {
        <div class="space-y-4" data-testid="letter-drafting" data-draft=draft_id>
            <section class=format!("{CARD} flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between") aria-label="Status">
                <div class="min-w-0" role="status">
                    <p class="flex items-center gap-2 text-sm font-medium text-slate-900" data-testid="letter-status" data-status=move || run.read().status_text().1>
                        <Show when=running><Spinner /></Show>
                        {move || run.read().status_text().0}
                    </p>
                </div>
                <div class="flex shrink-0 flex-wrap gap-2">
                    <Show when=running>
                        <button
                            type="button"
                            class=BUTTON_SECONDARY
                            data-testid="letter-cancel"
                            disabled=cancel.pending()
                            on:click={
                                let id = cancel_id.clone();
                                move |_| cancel.dispatch(id.clone())
                            }
                        >
                            <Show when=move || cancel.pending().get()><Spinner /></Show>
                            "Cancel"
                        </button>
                    </Show>
                </div>
            </section>
            {move || stopped().map(|reason| {
                let id = retry_id.clone();
                view! {
                    <div role="alert" data-testid="letter-error" class="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                        <span class="min-w-0 break-words">{reason}</span>
                        <Show when=can_retry>
                            <button
                                type="button"
                                class=BUTTON_PRIMARY
                                data-testid="letter-retry"
                                disabled=retry.pending()
                                on:click={
                                    let id = id.clone();
                                    move |_| retry.dispatch(id.clone())
                                }
                            >
                                <Show when=move || retry.pending().get()><Spinner /></Show>
                                "Try again"
                            </button>
                        </Show>
                        <button type="button" class=BUTTON_SECONDARY data-testid="letter-start-over" on:click=move |_| on_start_over.run(())>
                            "Start over"
                        </button>
                    </div>
                }
            })}
            <ConnectionNotice
                connection=follower.connection
                on_reconnect=Callback::new(move |()| follower.reconnect(reconnect_id.clone()))
                testid_prefix="letter"
            />
            <JobProgress
                stages=&LETTER_STAGES
                progress=Signal::derive(move || run.read().progress.clone())
                ended=Signal::derive(move || run.read().ended)
                testid="letter-progress"
                stages_testid="letter-stages"
            />
        </div>
    }
}
