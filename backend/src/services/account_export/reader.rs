//! The async side of an export: reads the account's rows a page at a time, in a stable order
//! (resumes and refinements by id, revisions by version), and sends each file to the writer.
//! It waits whenever the writer is behind, so it never reads far ahead of the download.

use chrono::Utc;
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};
use serde::Serialize;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::records::{
    AccountRecord, ApplicationRecord, LetterRecord, LetterRevisionRecord, RefinementRecord,
    ResumeRecord, RevisionRecord,
};
use super::{Account, ExportError, File, layout};
use crate::db::convert::timestamp;
use crate::db::entities::{
    cover_letter_revisions, cover_letters, refinement_jobs, refinement_roles, resume_revisions,
    resumes,
};
use crate::services::applications;

/// Resumes (each up to 1 MiB of text) read at once.
const RESUME_PAGE: u64 = 8;
/// Revisions read at once.
const REVISION_PAGE: u64 = 64;
/// Refinements read at once.
const REFINEMENT_PAGE: u64 = 8;
/// Cover letters (each up to 50 KiB of text) read at once.
const LETTER_PAGE: u64 = 16;

/// Where the files go.
struct Out<'a>(&'a mpsc::Sender<Result<File, ExportError>>);

impl Out<'_> {
    async fn file(&self, path: String, data: Vec<u8>) -> Result<(), ExportError> {
        self.0
            .send(Ok(File { path, data }))
            .await
            .map_err(|_closed| ExportError::Closed)
    }

    async fn json(&self, path: String, value: &impl Serialize) -> Result<(), ExportError> {
        self.file(path, serde_json::to_vec_pretty(value)?).await
    }
}

/// Sends every file of `account`'s archive to `files`, in the order of the layout.
pub(super) async fn read(
    db: &DatabaseConnection,
    account: &Account,
    files: &mpsc::Sender<Result<File, ExportError>>,
) -> Result<(), ExportError> {
    let out = Out(files);
    let user = &account.user;
    let readme = layout::readme(&user.username, &timestamp(Utc::now()));
    out.file(layout::README.to_owned(), readme.into_bytes())
        .await?;
    out.json(
        layout::ACCOUNT.to_owned(),
        &AccountRecord::new(user, &account.roles),
    )
    .await?;
    out.json(layout::SETTINGS.to_owned(), &account.settings)
        .await?;
    read_resumes(db, user.id, &out).await?;
    read_refinements(db, user.id, &out).await?;
    read_letters(db, user.id, &out).await
}

/// Every cover letter of the user, with the body of each revision.
async fn read_letters(
    db: &DatabaseConnection,
    user_id: Uuid,
    out: &Out<'_>,
) -> Result<(), ExportError> {
    let mut after: Option<Uuid> = None;
    loop {
        let mut query =
            cover_letters::Entity::find().filter(cover_letters::Column::OwnerId.eq(user_id));
        if let Some(after) = after {
            query = query.filter(cover_letters::Column::Id.gt(after));
        }
        let page = query
            .order_by_asc(cover_letters::Column::Id)
            .limit(LETTER_PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.id);
        for row in page {
            out.file(
                layout::letter_markdown(row.id),
                row.content.clone().into_bytes(),
            )
            .await?;
            let mut index = Vec::new();
            // At most a hundred revisions of at most 50 KiB each: read in pages all the same.
            let mut after_version: Option<i64> = None;
            loop {
                let mut query = cover_letter_revisions::Entity::find()
                    .filter(cover_letter_revisions::Column::LetterId.eq(row.id));
                if let Some(version) = after_version {
                    query = query.filter(cover_letter_revisions::Column::Version.gt(version));
                }
                let revisions = query
                    .order_by_asc(cover_letter_revisions::Column::Version)
                    .limit(REVISION_PAGE)
                    .all(db)
                    .await?;
                let Some(last) = revisions.last() else { break };
                after_version = Some(last.version);
                for revision in revisions {
                    index.push(LetterRevisionRecord::new(&revision));
                    out.file(
                        layout::letter_revision(row.id, revision.version),
                        revision.content.into_bytes(),
                    )
                    .await?;
                }
            }
            out.json(layout::letter_json(row.id), &LetterRecord::new(&row, index))
                .await?;
        }
    }
}

/// Every resume of the user, base and tailored, in the trash or not.
async fn read_resumes(
    db: &DatabaseConnection,
    user_id: Uuid,
    out: &Out<'_>,
) -> Result<(), ExportError> {
    let mut after: Option<Uuid> = None;
    loop {
        let mut query = resumes::Entity::find().filter(resumes::Column::OwnerId.eq(user_id));
        if let Some(after) = after {
            query = query.filter(resumes::Column::Id.gt(after));
        }
        let page = query
            .order_by_asc(resumes::Column::Id)
            .limit(RESUME_PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.id);
        for row in page {
            send_resume(db, &row, out).await?;
        }
    }
}

async fn send_resume(
    db: &DatabaseConnection,
    row: &resumes::Model,
    out: &Out<'_>,
) -> Result<(), ExportError> {
    out.json(layout::resume_json(row.id), &ResumeRecord::new(row))
        .await?;
    out.file(
        layout::resume_markdown(row.id),
        row.content.clone().into_bytes(),
    )
    .await?;
    if let Some(description) = &row.job_description {
        out.file(
            layout::job_description(row.id),
            description.clone().into_bytes(),
        )
        .await?;
    }
    if let Some(details) = &row.job_details {
        out.json(layout::job_details(row.id), details).await?;
    }
    let index = read_revisions(db, row.id, out).await?;
    out.json(layout::revision_index(row.id), &index).await?;
    if let Some(application) = applications::of_resume(db, row.id).await? {
        let record = ApplicationRecord::new(&application.row, &application.timeline);
        out.json(layout::application_json(row.id), &record).await?;
    }
    Ok(())
}

/// Sends the text of each revision of `resume_id`; returns their index (small: no text).
async fn read_revisions(
    db: &DatabaseConnection,
    resume_id: Uuid,
    out: &Out<'_>,
) -> Result<Vec<RevisionRecord>, ExportError> {
    let mut index = Vec::new();
    let mut after: Option<i64> = None;
    loop {
        let mut query = resume_revisions::Entity::find()
            .filter(resume_revisions::Column::ResumeId.eq(resume_id));
        if let Some(after) = after {
            query = query.filter(resume_revisions::Column::Version.gt(after));
        }
        let page = query
            .order_by_asc(resume_revisions::Column::Version)
            .limit(REVISION_PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(index);
        };
        after = Some(last.version);
        for row in page {
            index.push(RevisionRecord::new(&row));
            out.file(
                layout::revision_markdown(resume_id, row.version),
                row.content.into_bytes(),
            )
            .await?;
        }
    }
}

/// Every refinement of the user, with its per-role results.
async fn read_refinements(
    db: &DatabaseConnection,
    user_id: Uuid,
    out: &Out<'_>,
) -> Result<(), ExportError> {
    let mut after: Option<Uuid> = None;
    loop {
        let mut query =
            refinement_jobs::Entity::find().filter(refinement_jobs::Column::OwnerId.eq(user_id));
        if let Some(after) = after {
            query = query.filter(refinement_jobs::Column::Id.gt(after));
        }
        let page = query
            .order_by_asc(refinement_jobs::Column::Id)
            .limit(REFINEMENT_PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.id);
        for job in page {
            let roles = refinement_roles::Entity::find()
                .filter(refinement_roles::Column::JobId.eq(job.id))
                .order_by_asc(refinement_roles::Column::RoleIndex)
                .all(db)
                .await?;
            out.json(
                layout::refinement_json(job.id),
                &RefinementRecord::new(&job, &roles),
            )
            .await?;
            out.file(
                layout::refinement_base(job.id),
                job.base_content.into_bytes(),
            )
            .await?;
        }
    }
}
