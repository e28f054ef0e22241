//! The refine page (`/resumes/{id}/refine`): tailoring a base resume to a job description.
//!
//! The form starts a job; the page then follows the job's Server-Sent Events stream (a
//! [`JobFollower`]) and builds what it shows from the events ([`run`]): the stages in order, the
//! job analysis, a card per role as each finishes ([`role_card`], with a word
//! [`crate::diff`]), the introduction and the keyword coverage ([`outcome`]). The job id goes
//! into the address (`?job=…`), so a reload reconnects (the stream replays the job from its
//! first event); without it, a job of this resume that still runs is found and followed. The
//! stream is closed at each `done` event and on leaving the page; a `done` that is not the
//! job's last (a replay of a resumed job) reconnects after it. [`controls`] cancel and resume,
//! and [`decision`] applies the result.

pub mod analysis;
pub mod controls;
pub mod decision;
pub mod form;
pub mod outcome;
pub mod progress;
pub mod role_card;
pub mod run;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;
use resume_shared::api::refinements::{RefinementResponse, RefinementStatus};
use resume_shared::api::resumes::{ResumeKind, ResumeResponse};

use self::analysis::AnalysisPanel;
use self::controls::Controls;
use self::decision::{DecisionBar, NewResumeDefaults};
use self::form::StartForm;
use self::outcome::{CoveragePanel, IntroductionPanel};
use self::progress::Progress;
use self::role_card::RoleCard;
use self::run::{RoleOutcome, RunView};
use super::set_title;
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::refinements::events_url;
use crate::api::resource::ApiResource;
use crate::components::connection_notice::ConnectionNotice;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{BUTTON_SMALL, CARD, LINK};
use crate::jobs::follower::JobFollower;
use crate::routes::{Page, encode_component};
use crate::state::Toasts;

/// The route's parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct RefineParams {
    /// The base resume's id.
    pub id: Option<String>,
}

/// What the page knows of the job: its events and, read after each run, its details. Cheap
/// to copy.
#[derive(Clone, Copy)]
struct Tracker {
    api: AuthedApi,
    toasts: Toasts,
    follower: JobFollower<RunView>,
    details: RwSignal<Option<RefinementResponse>>,
}

impl Tracker {
    /// The tracker of the page being made: after each `done` it reads the job, and follows
    /// the rest when it still runs.
    fn new(api: AuthedApi, toasts: Toasts) -> Self {
        let details = RwSignal::new(None::<RefinementResponse>);
        let follower = JobFollower::new(events_url, move |job: String| async move {
            load_details(api, toasts, details, &job).await;
            details
                .try_with_untracked(|d| d.as_ref().is_some_and(|d| !d.status.is_finished()))
                .unwrap_or(false)
        });
        Self {
            api,
            toasts,
            follower,
            details,
        }
    }

    async fn load_details(self, job: &str) {
        load_details(self.api, self.toasts, self.details, job).await;
    }

    /// Starts over: no job, nothing shown, the stream closed.
    fn clear(self) {
        self.follower.clear();
        self.details.set(None);
    }
}

/// Reads `job` into `details` (a failure is a toast).
async fn load_details(
    api: AuthedApi,
    toasts: Toasts,
    details: RwSignal<Option<RefinementResponse>>,
    job: &str,
) {
    match api.get_refinement(job).await {
        Ok(state) => {
            details.try_set(Some(state));
        }
        Err(error) => toasts.api_error(&error),
    }
}

/// Writes `?job=…` into the address (or removes it) without a navigation.
fn remember_job(resume_id: &str, job: Option<&str>) {
    let path = Page::Refine(resume_id.to_owned()).path();
    let url = match job {
        Some(job) => format!("{path}?job={}", encode_component(job)),
        None => path,
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The refine screen.
#[component]
pub fn RefinePage() -> impl IntoView {
    let params = use_params::<RefineParams>();
    let resume_id = params
        .read_untracked()
        .as_ref()
        .ok()
        .and_then(|p| p.id.clone())
        .unwrap_or_default();
    let api = AuthedApi::expect();
    let resume = ApiResource::new({
        let id = resume_id.clone();
        move || {
            let id = id.clone();
            async move { api.get_resume(&id).await }
        }
    });
    let body = move || {
        resume.get().map(|result| {
            result.map(|resume| {
                set_title(&format!("Tailor {}", resume.name));
                view! {
                    <h1 class="mb-6 text-2xl font-semibold tracking-tight break-words text-slate-900" data-testid="refine-title">
                        "Tailor “" {resume.name.clone()} "” to a job"
                    </h1>
                    {if resume.kind == ResumeKind::Tailored {
                        view! { <TailoredNotice resume=resume /> }.into_any()
                    } else {
                        view! { <Refinement resume=resume /> }.into_any()
                    }}
                }
            })
        })
    };
    view! {
        <div data-testid="refine-page" class="space-y-0">
            <p class="mb-4 text-sm">
                <A href=Page::Resume(resume_id.clone()).path() {..} class=LINK data-testid="refine-back">"← Back to the resume"</A>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the resume…" /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <ErrorNotice
                            messages=Signal::derive(move || error_messages(&errors))
                            on_retry=Callback::new(move |()| resume.refetch())
                        />
                    }
                }>{body}</ErrorBoundary>
            </Transition>
        </div>
    }
}

/// A tailored resume is not refined itself: its base is.
#[component]
fn TailoredNotice(resume: ResumeResponse) -> impl IntoView {
    view! {
        <div class=CARD data-testid="refine-tailored">
            <p class="text-sm text-slate-700">"This is a tailored resume. Refinements start from its base resume."</p>
            {resume.parent.map(|parent| view! {
                <p class="mt-2 text-sm">
                    <A href=Page::Refine(parent.id.clone()).path() {..} class=LINK>{format!("Tailor “{}” instead", parent.name)}</A>
                </p>
            })}
        </div>
    }
}

/// The form, or the job being followed.
#[component]
fn Refinement(resume: ResumeResponse) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let tracker = Tracker::new(api, toasts);
    let job = RwSignal::new(None::<String>);
    let rejected = RwSignal::new(BTreeSet::<usize>::new());
    let resume_id = resume.id.clone();

    let begin = {
        let resume_id = resume_id.clone();
        move |id: String| {
            tracker.clear();
            rejected.set(BTreeSet::new());
            remember_job(&resume_id, Some(&id));
            job.set(Some(id.clone()));
            tracker.follower.follow(id.clone(), None);
            spawn_local(async move { tracker.load_details(&id).await });
        }
    };

    // A job named in the address, else one of this resume that still runs.
    let named = use_query_map().read_untracked().get("job");
    {
        let begin = begin.clone();
        let resume_id = resume_id.clone();
        match named {
            Some(id) if !id.is_empty() => begin(id),
            _ => spawn_local(async move {
                if let Ok(list) = api.list_refinements(&resume_id).await
                    && let Some(active) = list
                        .items
                        .into_iter()
                        .find(|item| !item.status.is_finished())
                {
                    begin(active.id);
                }
            }),
        }
    }

    let cancel = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.cancel_refinement(&id).await {
                Ok(state) => {
                    tracker.details.try_set(Some(state));
                }
                Err(error) => toasts.api_error(&error),
            }
        }
    });
    let resume_job = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.resume_refinement(&id).await {
                Ok(_) => tracker.follower.resumed(id, |run| {
                    run.ended = None;
                    run.error = None;
                }),
                Err(error) => toasts.api_error(&error),
            }
        }
    });
    let discard = {
        let resume_id = resume_id.clone();
        Callback::new(move |()| {
            tracker.clear();
            rejected.set(BTreeSet::new());
            job.set(None);
            remember_job(&resume_id, None);
            toasts.success("Discarded the refinement. The base resume is unchanged.");
        })
    };

    let run = tracker.follower.run;
    let accepted_roles = Signal::derive(move || {
        let rejected = rejected.read();
        run.read()
            .refined_indices()
            .into_iter()
            .filter(|index| !rejected.contains(index))
            .collect::<Vec<_>>()
    });
    let base_name = resume.name.clone();
    let defaults = Signal::derive(move || {
        let details = tracker.details.read();
        let given = details.as_ref();
        let found = run
            .read()
            .analysis
            .as_ref()
            .and_then(|a| a.job_details.company.clone());
        NewResumeDefaults {
            base_name: base_name.clone(),
            company: given.and_then(|d| d.company.clone()).or(found),
            notes: given.and_then(|d| d.notes.clone()),
        }
    });
    let applied = Signal::derive(move || {
        tracker
            .details
            .read()
            .as_ref()
            .is_some_and(|d| d.applied_at.is_some())
    });
    let succeeded = Signal::derive(move || run.read().ended == Some(RefinementStatus::Succeeded));

    let following = move |id: String| {
        let cancel_id = id.clone();
        let resume_id_for_job = id.clone();
        let job_id = id.clone();
        let decision_resume = resume_id.clone();
        view! {
            <div class="space-y-4" data-testid="refine-job" data-job=id.clone()>
                <JobSummary details=tracker.details />
                <Controls
                    run=run
                    cancelling=cancel.pending()
                    resuming=resume_job.pending()
                    on_cancel=Callback::new(move |()| {
                        cancel.dispatch(cancel_id.clone());
                    })
                    on_resume=Callback::new(move |()| {
                        resume_job.dispatch(resume_id_for_job.clone());
                    })
                />
                <ConnectionNotice
                    connection=tracker.follower.connection
                    on_reconnect=Callback::new(move |()| {
                        if let Some(job) = job.get_untracked() {
                            tracker.follower.reconnect(job);
                        }
                    })
                    testid_prefix="refine"
                />
                <Progress run=run />
                {move || run.read().analysis.clone().map(|analysis| view! { <AnalysisPanel analysis=analysis /> })}
                <section aria-labelledby="refine-roles-title">
                    <h2 id="refine-roles-title" class="mb-2 text-lg font-semibold">"Roles"</h2>
                    <Show when=move || run.read().roles.is_empty()>
                        <p class="text-sm text-slate-600" data-testid="roles-waiting">"Each role appears here as soon as it is refined."</p>
                    </Show>
                    <ol class="space-y-4" data-testid="role-cards">
                        <For
                            each=move || run.read().roles.clone().into_iter()
                            key=|(index, outcome)| (*index, matches!(outcome, RoleOutcome::Refined(_)))
                            children=move |(index, outcome)| {
                                view! {
                                    <RoleCard
                                        index=index
                                        outcome=outcome
                                        accepted=Signal::derive(move || !rejected.read().contains(&index))
                                        enabled=Signal::derive(move || !applied.get())
                                        on_choose=Callback::new(move |keep: bool| {
                                            rejected.update(|rejected| {
                                                if keep {
                                                    rejected.remove(&index);
                                                } else {
                                                    rejected.insert(index);
                                                }
                                            });
                                        })
                                    />
                                }
                            }
                        />
                    </ol>
                </section>
                {move || run.read().introduction.clone().map(|introduction| view! { <IntroductionPanel introduction=introduction /> })}
                {move || run.read().coverage.clone().map(|coverage| view! { <CoveragePanel coverage=coverage /> })}
                {
                    let job_id = job_id.clone();
                    let decision_resume = decision_resume.clone();
                    move || {
                        (succeeded.get() && !applied.get()).then(|| view! {
                            <DecisionBar
                                job_id=job_id.clone()
                                resume_id=decision_resume.clone()
                                accepted_roles=accepted_roles
                                has_introduction=Signal::derive(move || run.read().introduction.is_some())
                                defaults=defaults
                                on_discard=discard
                            />
                        })
                    }
                }
                <Show when=move || applied.get()>
                    <div class=CARD data-testid="refine-applied">
                        <p class="text-sm text-slate-700">"This refinement has been applied."</p>
                        <button type="button" class=format!("mt-2 {BUTTON_SMALL}") data-testid="refine-new" on:click=move |_| discard.run(())>
                            "Start a new refinement"
                        </button>
                    </div>
                </Show>
            </div>
        }
    };

    let resume_for_form = resume.id.clone();
    move || match job.get() {
        Some(id) => following(id).into_any(),
        None => {
            let begin = begin.clone();
            view! {
                <StartForm
                    resume_id=resume_for_form.clone()
                    on_started=Callback::new(move |id: String| begin(id))
                />
            }
            .into_any()
        }
    }
}

/// The job asked for: company and the first line of the description.
#[component]
fn JobSummary(details: RwSignal<Option<RefinementResponse>>) -> impl IntoView {
    move || {
        details.read().as_ref().map(|details| {
            let title = details
                .job_description
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .map(|line| crate::format::preview(line, 120))
                .unwrap_or_default();
            view! {
                <div class="text-sm break-words text-slate-700" data-testid="refine-job-summary">
                    <span class="font-medium text-slate-900">{title}</span>
                    {details.company.clone().map(|company| view! { <span>" · " {company}</span> })}
                    {details.years_limit.map(|years| view! { <span>{format!(" · roles from the last {years} years")}</span> })}
                </div>
            }
        })
    }
}
