//! The refine page (`/resumes/{id}/refine`): tailoring a base resume to a job description.
//!
//! The form starts a job; the page then follows the job's Server-Sent Events stream
//! ([`stream`]) and builds what it shows from the events ([`run`]): the stages in order, the
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
pub mod stream;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;
use resume_shared::api::refinements::{EventKind, RefinementResponse, RefinementStatus};
use resume_shared::api::resumes::{ResumeKind, ResumeResponse};

use self::analysis::AnalysisPanel;
use self::controls::Controls;
use self::decision::{DecisionBar, NewResumeDefaults};
use self::form::StartForm;
use self::outcome::{CoveragePanel, IntroductionPanel};
use self::progress::Progress;
use self::role_card::RoleCard;
use self::run::{RoleOutcome, RunView};
use self::stream::{EventStream, StreamMessage};
use super::set_title;
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::api::refinements::events_url;
use crate::api::resource::ApiResource;
use crate::components::error_notice::{ErrorNotice, error_messages};
use crate::components::spinner::Loading;
use crate::components::{BUTTON_SMALL, CARD, LINK};
use crate::routes::{Page, encode_component};
use crate::state::Toasts;

/// The route's parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct RefineParams {
    /// The base resume's id.
    pub id: Option<String>,
}

/// The state of the connection to the event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connection {
    /// Connected, or closed on purpose.
    Fine,
    /// Lost; the browser tries again by itself.
    Reconnecting,
    /// Lost for good.
    Broken,
}

/// Everything the stream's handlers change. Cheap to copy.
#[derive(Clone, Copy)]
struct Tracker {
    api: AuthedApi,
    toasts: Toasts,
    run: RwSignal<RunView>,
    details: RwSignal<Option<RefinementResponse>>,
    connection: RwSignal<Connection>,
    stream: StoredValue<Option<EventStream>, LocalStorage>,
}

impl Tracker {
    /// Follows `job`'s events after `after` (all of them without it).
    fn follow(self, job: String, after: Option<i64>) {
        let _ = self.stream.try_set_value(None);
        let url = events_url(&job, after);
        let handler = {
            let job = job.clone();
            move |message: StreamMessage| self.on_message(&job, message)
        };
        match EventStream::open(&url, handler) {
            Ok(stream) => {
                self.connection.try_set(Connection::Fine);
                // When the page is gone, the stream comes back here and is dropped (closed).
                let _ = self.stream.try_set_value(Some(stream));
            }
            Err(_) => {
                self.connection.try_set(Connection::Broken);
            }
        }
    }

    fn on_message(self, job: &str, message: StreamMessage) {
        match message {
            StreamMessage::Event { kind, id, data } => {
                self.run.try_update(|run| {
                    if run.apply(kind, id, &data).is_err() {
                        leptos::logging::warn!("unreadable {} event {id}", kind.as_str());
                    }
                });
                if kind == EventKind::Done {
                    // Closed now, dropped (with its listeners) once this handler has returned.
                    self.stream.try_with_value(|stream| {
                        if let Some(stream) = stream {
                            stream.close();
                        }
                    });
                    spawn_local(self.after_done(job.to_owned()));
                }
            }
            StreamMessage::Connected => {
                self.connection.try_set(Connection::Fine);
            }
            StreamMessage::Lost { gave_up } => {
                self.connection.try_set(if gave_up {
                    Connection::Broken
                } else {
                    Connection::Reconnecting
                });
            }
        }
    }

    /// After a `done`: reads the job; when it still runs (the `done` of an earlier run was
    /// replayed), follows the rest.
    async fn after_done(self, job: String) {
        // The page may be gone by now: every access is a `try_`.
        let _ = self.stream.try_set_value(None);
        self.connection.try_set(Connection::Fine);
        self.load_details(&job).await;
        let still_running = self
            .details
            .try_with_untracked(|d| d.as_ref().is_some_and(|d| !d.status.is_finished()))
            .unwrap_or(false);
        if still_running && let Some(after) = self.run.try_with_untracked(|run| run.last_event_id) {
            self.follow(job, Some(after));
        }
    }

    async fn load_details(self, job: &str) {
        match self.api.get_refinement(job).await {
            Ok(state) => {
                self.details.try_set(Some(state));
            }
            Err(error) => self.toasts.api_error(&error),
        }
    }

    /// Starts over: no job, nothing shown, the stream closed.
    fn clear(self) {
        self.stream.set_value(None);
        self.run.set(RunView::default());
        self.details.set(None);
        self.connection.set(Connection::Fine);
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
    let tracker = Tracker {
        api,
        toasts,
        run: RwSignal::new(RunView::default()),
        details: RwSignal::new(None),
        connection: RwSignal::new(Connection::Fine),
        stream: StoredValue::new_local(None),
    };
    on_cleanup(move || {
        let _ = tracker.stream.try_update_value(|stream| *stream = None);
    });
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
            tracker.follow(id.clone(), None);
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
                Ok(_) => {
                    let after = tracker.run.try_update(|run| {
                        run.ended = None;
                        run.error = None;
                        run.last_event_id
                    });
                    if let Some(after) = after {
                        tracker.follow(id, Some(after));
                    }
                }
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

    let run = tracker.run;
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
                {move || match tracker.connection.get() {
                    Connection::Fine => None,
                    Connection::Reconnecting => Some(view! {
                        <p role="status" data-testid="refine-reconnecting" class="text-sm text-slate-600">"The connection dropped; reconnecting…"</p>
                    }.into_any()),
                    Connection::Broken => {
                        let job = job.get_untracked().unwrap_or_default();
                        Some(view! {
                            <div role="alert" data-testid="refine-disconnected" class="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                                "The progress stream stopped."
                                <button type="button" class=BUTTON_SMALL on:click=move |_| {
                                    let after = run.with_untracked(|run| run.last_event_id);
                                    tracker.follow(job.clone(), Some(after));
                                }>"Reconnect"</button>
                            </div>
                        }.into_any())
                    }
                }}
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
