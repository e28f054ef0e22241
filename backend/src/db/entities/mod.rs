//! sea-orm entities, one module per table, in the shape `sea-orm-cli generate entity` writes
//! (compact format). They mirror the migrations and hold no behaviour: queries and rules live
//! in `crate::services`, conversions to wire types in `crate::db::convert`.

pub mod prelude;

pub mod api_tokens;
pub mod application_events;
pub mod applications;
pub mod audit_log;
pub mod cover_letter_revisions;
pub mod cover_letters;
pub mod instance_settings;
pub mod rate_limits;
pub mod recovery_codes;
pub mod refinement_events;
pub mod refinement_jobs;
pub mod refinement_roles;
pub mod resume_revisions;
pub mod resume_shares;
pub mod resumes;
pub mod roles;
pub mod sessions;
pub mod sign_in_challenges;
pub mod two_factor_secrets;
pub mod user_roles;
pub mod user_settings;
pub mod users;
