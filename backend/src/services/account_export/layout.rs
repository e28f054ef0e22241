//! Where each file goes in the archive, and the `README.md` at its top that says so (kept in
//! step with the layout described in `docs/API-DESIGN.md`).

use uuid::Uuid;

/// The description of the archive.
pub const README: &str = "README.md";
/// The account: username, email, roles, creation time.
pub const ACCOUNT: &str = "account.json";
/// The settings, without the API key.
pub const SETTINGS: &str = "settings.json";

/// The folder of one resume.
fn resume_dir(id: Uuid) -> String {
    format!("resumes/{id}")
}

/// A resume's current text.
#[must_use]
pub fn resume_markdown(id: Uuid) -> String {
    format!("{}/resume.md", resume_dir(id))
}

/// A resume's metadata and parsed model.
#[must_use]
pub fn resume_json(id: Uuid) -> String {
    format!("{}/resume.json", resume_dir(id))
}

/// A tailored resume's job description.
#[must_use]
pub fn job_description(id: Uuid) -> String {
    format!("{}/job-description.txt", resume_dir(id))
}

/// A tailored resume's extracted job details.
#[must_use]
pub fn job_details(id: Uuid) -> String {
    format!("{}/job-details.json", resume_dir(id))
}

/// A resume's application, with its timeline (when it has one).
#[must_use]
pub fn application_json(id: Uuid) -> String {
    format!("{}/application.json", resume_dir(id))
}

/// The file name of a revision's text, relative to the revisions folder (zero-padded, so
/// the names sort in version order).
#[must_use]
pub fn revision_file(version: i64) -> String {
    format!("{version:06}.md")
}

/// A revision's text.
#[must_use]
pub fn revision_markdown(id: Uuid, version: i64) -> String {
    format!("{}/revisions/{}", resume_dir(id), revision_file(version))
}

/// The index of a resume's revisions.
#[must_use]
pub fn revision_index(id: Uuid) -> String {
    format!("{}/revisions/index.json", resume_dir(id))
}

/// A refinement: its analysis, per-role results, coverage and status.
#[must_use]
pub fn refinement_json(id: Uuid) -> String {
    format!("refinements/{id}/refinement.json")
}

/// The resume text a refinement started from.
#[must_use]
pub fn refinement_base(id: Uuid) -> String {
    format!("refinements/{id}/base.md")
}

/// A cover letter's current body (Markdown).
#[must_use]
pub fn letter_markdown(id: Uuid) -> String {
    format!("cover-letters/{id}/letter.md")
}

/// A cover letter's metadata and the index of its revisions.
#[must_use]
pub fn letter_json(id: Uuid) -> String {
    format!("cover-letters/{id}/letter.json")
}

/// The body of one revision of a cover letter.
#[must_use]
pub fn letter_revision(id: Uuid, version: i64) -> String {
    format!("cover-letters/{id}/revisions/{}", revision_file(version))
}

/// The text of `README.md` for `username`'s archive made at `generated_at`.
#[must_use]
pub fn readme(username: &str, generated_at: &str) -> String {
    format!(
        "# Resume Editor export\n\
         \n\
         Everything the account `{username}` held, exported at {generated_at}.\n\
         Timestamps are RFC 3339 in UTC. Ids are UUIDs.\n\
         \n\
         ```text\n\
         README.md                          this file\n\
         account.json                       username, email, roles, created_at,\n\
         \x20                                  two_factor_enabled_at (never the secret)\n\
         settings.json                      LLM endpoint, model and options, session timeout;\n\
         \x20                                  api_key_set says whether an API key is stored\n\
         \x20                                  (the key itself is never exported)\n\
         resumes/<id>/resume.md             the resume's current text (Markdown)\n\
         resumes/<id>/resume.json           id, name, kind (base or tailored), parent_id,\n\
         \x20                                  company, notes, introduction, version,\n\
         \x20                                  created_at, updated_at, deleted_at (set when\n\
         \x20                                  the resume is in the trash), export_preferences,\n\
         \x20                                  and resume: the parsed model of the text\n\
         resumes/<id>/job-description.txt   the job description (tailored resumes that have one)\n\
         resumes/<id>/job-details.json      the details extracted from it (when extracted)\n\
         resumes/<id>/revisions/index.json  every revision: id, version, reason, created_at,\n\
         \x20                                  by_administrator, file\n\
         resumes/<id>/revisions/NNNNNN.md   the text of each revision, by version\n\
         resumes/<id>/application.json      the application tracked for the resume (when\n\
         \x20                                  there is one): status, applied_on, posting_url,\n\
         \x20                                  contact, next_step, next_step_on, notes,\n\
         \x20                                  version, timestamps, and timeline: every status\n\
         \x20                                  change (from, to, changed_at, by_administrator),\n\
         \x20                                  oldest first\n\
         refinements/<id>/refinement.json   an AI job: purpose (resume: a refinement;\n\
         \x20                                  cover_letter: a cover letter draft, with\n\
         \x20                                  letter_options and letter_id), resume_id, status, job\n\
         \x20                                  description, company, notes, years_limit,\n\
         \x20                                  base_version, analysis, introduction, coverage\n\
         \x20                                  before and after, per-role results, error,\n\
         \x20                                  timestamps\n\
         refinements/<id>/base.md           the resume text the refinement started from\n\
         cover-letters/<id>/letter.md       a cover letter's current body (Markdown)\n\
         cover-letters/<id>/letter.json     resume_id, name, company, contact, job_title,\n\
         \x20                                  tone, length, draft_id, version, timestamps, and\n\
         \x20                                  revisions: version, reason, created_at, file\n\
         cover-letters/<id>/revisions/NNNNNN.md  the body of each saved version\n\
         ```\n\
         \n\
         Resumes in the trash are included, with `deleted_at` set, and so are their cover\n\
         letters. A tailored resume's\n\
         `parent_id` is the id of the base resume it was made from.\n"
    )
}
