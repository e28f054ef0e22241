//! Conversions from the LLM layer's types to the API's wire types, and the stored JSON columns
//! of a job back into them.

use resume_shared::api::refinements::{
    CoverageView, FactFlag, FlagField as WireField, FlagKind as WireKind, JobAnalysisView,
};
use resume_shared::api::resumes::JobDetails as WireJobDetails;

use crate::llm::{Coverage, Flag, FlagField, FlagKind, JobAnalysis, JobDetails, guard_analysis};

/// The wire form of a job analysis, with what the fact guard flags in it against the job
/// description (computed here, from the stored analysis and description, so jobs analysed
/// before the check existed show it too).
#[must_use]
pub fn analysis(analysis: &JobAnalysis, job_description: &str) -> JobAnalysisView {
    JobAnalysisView {
        key_skills: analysis.key_skills.clone(),
        primary_duties: analysis.primary_duties.clone(),
        themes: analysis.themes.clone(),
        inferred_themes: analysis.inferred_themes.clone(),
        job_details: job_details(&analysis.job_details),
        flags: flags(&guard_analysis(job_description, analysis)),
    }
}

/// The wire form of job details.
#[must_use]
pub fn job_details(details: &JobDetails) -> WireJobDetails {
    WireJobDetails {
        company: details.company.clone(),
        job_title: details.job_title.clone(),
        pay_rate: details.pay_rate.clone(),
        contact_info: details.contact_info.clone(),
        work_arrangement: details.work_arrangement.clone(),
        location: details.location.clone(),
        special_instructions: details.special_instructions.clone(),
    }
}

/// The wire form of fact-guard flags.
#[must_use]
pub fn flags(flags: &[Flag]) -> Vec<FactFlag> {
    flags
        .iter()
        .map(|flag| FactFlag {
            kind: match flag.kind {
                FlagKind::RemovedSkill => WireKind::RemovedSkill,
                FlagKind::Unverified => WireKind::Unverified,
            },
            term: flag.term.clone(),
            field: match flag.field {
                FlagField::Summary => WireField::Summary,
                FlagField::Responsibilities => WireField::Responsibilities,
                FlagField::Skills => WireField::Skills,
                FlagField::Introduction => WireField::Introduction,
                FlagField::KeySkills => WireField::KeySkills,
                FlagField::PayRate => WireField::PayRate,
            },
        })
        .collect()
}

/// The wire form of a coverage score.
#[must_use]
pub fn coverage(coverage: &Coverage) -> CoverageView {
    CoverageView {
        score: coverage.score,
        covered: coverage.covered.clone(),
        missing: coverage.missing.clone(),
    }
}
