//! The wire form of refinements: a job and its role checkpoints as the API answers them, and
//! the LLM layer's types (analysis, flags, coverage) as the API's types, from the stored JSON
//! columns of a job.

use resume_shared::api::refinements::{
    CoverageView, FactFlag, FlagField as WireField, FlagKind as WireKind, JobAnalysisView,
    RefinementResponse, RefinementStatus, RefinementSummary, RoleResult, RoleStatus,
};
use resume_shared::api::resumes::JobDetails as WireJobDetails;

use crate::db::convert::timestamp;
use crate::db::entities::{refinement_jobs, refinement_roles};
use crate::llm::{Coverage, Flag, FlagField, FlagKind, JobAnalysis, JobDetails, guard_analysis};
use crate::services::resumes::from_json;

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
                FlagField::Letter => WireField::Letter,
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

/// A job's stored status (an unknown one reads as failed).
#[must_use]
pub fn status_of(job: &refinement_jobs::Model) -> RefinementStatus {
    RefinementStatus::from_name(&job.status).unwrap_or(RefinementStatus::Failed)
}

/// A job in the list of a resume's jobs: its title is the job description's first line.
#[must_use]
pub fn summary(job: refinement_jobs::Model) -> RefinementSummary {
    RefinementSummary {
        id: job.id.to_string(),
        status: status_of(&job),
        job_title: job
            .job_description
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect(),
        company: job.company,
        created_at: timestamp(job.created_at),
        finished_at: job.finished_at.map(timestamp),
        applied_at: job.applied_at.map(timestamp),
    }
}

/// A role checkpoint as the API shows it (`None` for a row that cannot be read).
#[must_use]
pub fn role_result(row: &refinement_roles::Model) -> Option<RoleResult> {
    Some(RoleResult {
        index: usize::try_from(row.role_index).ok()?,
        status: RoleStatus::from_name(&row.status).unwrap_or(RoleStatus::Failed),
        original: serde_json::from_value(row.original.clone()).ok()?,
        refined: from_json(row.refined.as_ref()),
        flags: from_json::<Vec<FactFlag>>(row.flags.as_ref()).unwrap_or_default(),
        error: row.error.clone(),
    })
}

/// The whole state of a job as the API shows it.
#[must_use]
pub fn response(
    job: refinement_jobs::Model,
    roles: &[refinement_roles::Model],
) -> RefinementResponse {
    let status = status_of(&job);
    let analysis =
        from_json::<JobAnalysis>(job.analysis.as_ref()).map(|a| analysis(&a, &job.job_description));
    RefinementResponse {
        id: job.id.to_string(),
        resume_id: job.resume_id.to_string(),
        status,
        job_description: job.job_description,
        company: job.company,
        notes: job.notes,
        years_limit: job.years_limit.and_then(|y| u32::try_from(y).ok()),
        base_version: job.base_version,
        analysis,
        roles: roles.iter().filter_map(role_result).collect(),
        introduction: job.introduction,
        introduction_flags: from_json(job.introduction_flags.as_ref()).unwrap_or_default(),
        coverage_before: from_json(job.coverage_before.as_ref()),
        coverage_after: from_json(job.coverage_after.as_ref()),
        error: job.error,
        retryable: job.retryable,
        created_at: timestamp(job.created_at),
        updated_at: timestamp(job.updated_at),
        finished_at: job.finished_at.map(timestamp),
        applied_at: job.applied_at.map(timestamp),
    }
}
