//! Share links as their owner sees them: the link's path, its settings and its views (never
//! the password hash or the snapshot's text).

use chrono::{DateTime, Utc};
use resume_shared::api::shares::{ShareMode, ShareResponse, ShareTemplate};

use crate::db::convert::timestamp;
use crate::db::entities::resume_shares;
use crate::services::shares::is_live;

/// The public path of the link with `token`.
#[must_use]
pub fn path(token: &str) -> String {
    format!("/s/{token}")
}

/// A link as the owner API answers it, `active` as of `now`.
#[must_use]
pub fn share(row: resume_shares::Model, now: DateTime<Utc>) -> ShareResponse {
    let active = is_live(&row, now);
    ShareResponse {
        id: row.id.to_string(),
        resume_id: row.resume_id.to_string(),
        path: path(&row.token),
        // Only the service writes these; an unknown one reads as the default.
        mode: ShareMode::from_name(&row.mode).unwrap_or_default(),
        template: ShareTemplate::from_name(&row.template).unwrap_or_default(),
        has_password: row.password_hash.is_some(),
        indexable: row.indexable,
        expires_at: row.expires_at.map(timestamp),
        created_at: timestamp(row.created_at),
        revoked_at: row.revoked_at.map(timestamp),
        view_count: row.view_count,
        last_viewed_at: row.last_viewed_at.map(timestamp),
        active,
    }
}
