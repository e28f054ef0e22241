//! Database migrations of Resume Editor, with sea-orm-migration.
//!
//! Every migration uses the backend-portable `schema::*` helpers and runs unchanged on
//! PostgreSQL and SQLite; each has an honest `down` that undoes exactly its `up`. Files are
//! named `mYYYYMMDD_NNNNNN_verb_noun.rs`, one migration per file (the migration's name is its
//! file stem). The server applies pending migrations at start-up; `resume-editor migrate`
//! applies them and exits.
//!
//! This crate owns the schema only: no queries, no behaviour.

// `MigrationTrait` is an `async_trait` whose `SchemaManager` parameter must be written with its
// lifetime elided; spelling it `SchemaManager<'_>` makes the impl's lifetimes early-bound and
// no longer match the trait.
#![expect(
    elided_lifetimes_in_paths,
    reason = "async_trait signatures of MigrationTrait require the elided form"
)]

pub use sea_orm_migration::prelude::*;

mod m20251125_000001_create_users;
mod m20251125_000002_create_roles;
mod m20251125_000003_create_user_settings;
mod m20251125_000004_create_sessions;
mod m20251125_000005_create_audit_log;
mod m20251125_000006_create_login_attempts;
mod m20251125_000007_create_instance_settings;
mod m20251125_000008_create_resumes;
mod m20251125_000009_create_resume_revisions;
mod m20251125_000010_create_refinement_jobs;
mod m20251125_000011_create_refinement_roles;
mod m20251125_000012_create_refinement_events;
mod m20261204_000013_index_live_resumes;
mod m20261206_000014_keyed_rate_limits;
mod m20261206_000015_add_session_parent;
mod m20261206_000016_refinement_run_id;
mod m20261206_000017_bind_api_key_origin;
mod m20261206_000019_add_llm_endpoint_options;
mod m20261207_000020_create_api_tokens;
mod m20261208_000021_create_applications;
mod m20261209_000022_create_resume_shares;
mod m20261210_000023_create_cover_letters;
mod m20261211_000024_two_factor;

/// All migrations, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20251125_000001_create_users::Migration),
            Box::new(m20251125_000002_create_roles::Migration),
            Box::new(m20251125_000003_create_user_settings::Migration),
            Box::new(m20251125_000004_create_sessions::Migration),
            Box::new(m20251125_000005_create_audit_log::Migration),
            Box::new(m20251125_000006_create_login_attempts::Migration),
            Box::new(m20251125_000007_create_instance_settings::Migration),
            Box::new(m20251125_000008_create_resumes::Migration),
            Box::new(m20251125_000009_create_resume_revisions::Migration),
            Box::new(m20251125_000010_create_refinement_jobs::Migration),
            Box::new(m20251125_000011_create_refinement_roles::Migration),
            Box::new(m20251125_000012_create_refinement_events::Migration),
            Box::new(m20261204_000013_index_live_resumes::Migration),
            Box::new(m20261206_000014_keyed_rate_limits::Migration),
            Box::new(m20261206_000015_add_session_parent::Migration),
            Box::new(m20261206_000016_refinement_run_id::Migration),
            Box::new(m20261206_000017_bind_api_key_origin::Migration),
            Box::new(m20261206_000019_add_llm_endpoint_options::Migration),
            Box::new(m20261207_000020_create_api_tokens::Migration),
            Box::new(m20261208_000021_create_applications::Migration),
            Box::new(m20261209_000022_create_resume_shares::Migration),
            Box::new(m20261210_000023_create_cover_letters::Migration),
            Box::new(m20261211_000024_two_factor::Migration),
        ]
    }
}
