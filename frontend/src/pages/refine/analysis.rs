//! The job analysis as soon as it arrives: key skills, primary duties, themes (stated and
//! inferred), the practical details of the job, and what the fact guard flagged (key skills or
//! a pay rate the job description does not mention).

use leptos::prelude::*;
use resume_shared::api::refinements::JobAnalysisView;
use resume_shared::api::resumes::JobDetails;

use super::role_card::flag_text;
use crate::components::CARD;

/// The job details that are set, with their labels.
#[must_use]
pub fn detail_rows(details: &JobDetails) -> Vec<(&'static str, String)> {
    [
        ("Company", &details.company),
        ("Job title", &details.job_title),
        ("Pay", &details.pay_rate),
        ("Work arrangement", &details.work_arrangement),
        ("Location", &details.location),
        ("Contact", &details.contact_info),
        ("Special instructions", &details.special_instructions),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.clone().map(|value| (label, value)))
    .collect()
}

fn chips(items: Vec<String>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="mt-1 flex flex-wrap gap-1.5">
            {items
                .into_iter()
                .map(|item| {
                    view! {
                        <li data-testid=testid class="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium break-all text-indigo-900 ring-1 ring-indigo-200 ring-inset">
                            {item}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn labelled_list(
    title: &'static str,
    items: Vec<String>,
    testid: &'static str,
) -> Option<impl IntoView> {
    (!items.is_empty()).then(|| {
        view! {
            <div>
                <h3 class="text-sm font-semibold text-slate-800">{title}</h3>
                <ul class="mt-1 list-inside list-disc space-y-0.5 text-sm break-words text-slate-700">
                    {items.into_iter().map(|item| view! { <li data-testid=testid>{item}</li> }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// The analysis panel.
#[component]
pub fn AnalysisPanel(
    /// What the analysis found.
    analysis: JobAnalysisView,
) -> impl IntoView {
    let details = detail_rows(&analysis.job_details);
    let mut themes = analysis.themes.clone();
    themes.extend(
        analysis
            .inferred_themes
            .iter()
            .map(|theme| format!("{theme} (implied)")),
    );
    let flags = analysis.flags.clone();
    view! {
        <section class=CARD aria-labelledby="refine-analysis-title" data-testid="refine-analysis">
            <h2 id="refine-analysis-title" class="text-lg font-semibold">"What the job asks for"</h2>
            {(!flags.is_empty()).then(|| view! {
                <div role="note" class="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="analysis-flags">
                    <p class="font-medium">"Check these: the model may have invented them."</p>
                    <ul class="mt-1 list-inside list-disc">
                        {flags.iter().map(|flag| view! { <li data-testid="analysis-flag" class="break-words">{flag_text(flag)}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            <div class="mt-3 grid gap-4 md:grid-cols-2">
                <div class="space-y-4">
                    <div>
                        <h3 class="text-sm font-semibold text-slate-800">"Key skills"</h3>
                        {chips(analysis.key_skills.clone(), "analysis-skill")}
                    </div>
                    {labelled_list("Primary duties", analysis.primary_duties.clone(), "analysis-duty")}
                    {labelled_list("Themes", themes, "analysis-theme")}
                </div>
                <div>
                    <h3 class="text-sm font-semibold text-slate-800">"Job details"</h3>
                    {if details.is_empty() {
                        view! { <p class="mt-1 text-sm text-slate-600">"None stated."</p> }.into_any()
                    } else {
                        view! {
                            <dl class="mt-1 space-y-1 text-sm">
                                {details
                                    .into_iter()
                                    .map(|(label, value)| {
                                        view! {
                                            <div data-testid="analysis-detail" class="flex flex-wrap gap-x-2">
                                                <dt class="font-medium text-slate-800">{label}":"</dt>
                                                <dd class="min-w-0 break-words text-slate-700">{value}</dd>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </section>
    }
}
