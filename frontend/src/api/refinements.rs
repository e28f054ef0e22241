//! AI refinement of a base resume (`/resumes/{id}/refinements`, `/refinements/{id}`): start,
//! list, read, cancel, resume and apply a job, and the address of its event stream.

use gloo_net::http::Method;
use resume_shared::api::refinements::{
    ApplyRefinementRequest, RefinementAccepted, RefinementListResponse, RefinementResponse,
    StartRefinementRequest,
};
use resume_shared::api::resumes::ResumeResponse;

use super::{API_BASE, ApiError, AuthedApi, json_body};

/// The address of a job's Server-Sent Events stream; with `after`, only the events after
/// that sequence number (a finished job is replayed in full without it).
#[must_use]
pub fn events_url(job: &str, after: Option<i64>) -> String {
    match after {
        Some(last) if last > 0 => {
            format!("{API_BASE}/refinements/{job}/events?last_event_id={last}")
        }
        _ => format!("{API_BASE}/refinements/{job}/events"),
    }
}

impl AuthedApi {
    /// `POST /resumes/{id}/refinements`: starts a job (202).
    ///
    /// # Errors
    /// 409 when one already runs or the resume is tailored, 422 for invalid fields or a
    /// resume without roles, or a network failure.
    pub async fn start_refinement(
        self,
        resume: &str,
        request: &StartRefinementRequest,
    ) -> Result<RefinementAccepted, ApiError> {
        self.write(
            Method::POST,
            &format!("/resumes/{resume}/refinements"),
            json_body(request),
        )
        .await
    }

    /// `GET /resumes/{id}/refinements`: the resume's jobs, newest first.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn list_refinements(self, resume: &str) -> Result<RefinementListResponse, ApiError> {
        self.get(&format!("/resumes/{resume}/refinements"), &[])
            .await
    }

    /// `GET /refinements/{id}`: the whole state of a job.
    ///
    /// # Errors
    /// 404, or a network failure.
    pub async fn get_refinement(self, job: &str) -> Result<RefinementResponse, ApiError> {
        self.get(&format!("/refinements/{job}"), &[]).await
    }

    /// `POST /refinements/{id}/cancel`.
    ///
    /// # Errors
    /// 409 when it does not run, 404, or a network failure.
    pub async fn cancel_refinement(self, job: &str) -> Result<RefinementResponse, ApiError> {
        self.write(Method::POST, &format!("/refinements/{job}/cancel"), None)
            .await
    }

    /// `POST /refinements/{id}/resume`: continues a failed or cancelled job (202).
    ///
    /// # Errors
    /// 409 when it is neither failed nor cancelled, 404, or a network failure.
    pub async fn resume_refinement(self, job: &str) -> Result<RefinementAccepted, ApiError> {
        self.write(Method::POST, &format!("/refinements/{job}/resume"), None)
            .await
    }

    /// `POST /refinements/{id}/apply`: overwrites the base or saves a new tailored resume.
    ///
    /// # Errors
    /// 409 when the job has not succeeded or the base changed, 422, or a network failure.
    pub async fn apply_refinement(
        self,
        job: &str,
        request: &ApplyRefinementRequest,
    ) -> Result<ResumeResponse, ApiError> {
        self.write(
            Method::POST,
            &format!("/refinements/{job}/apply"),
            json_body(request),
        )
        .await
    }
}
