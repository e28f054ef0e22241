//! The entities under short names.

pub use super::api_tokens::Entity as ApiTokens;
pub use super::application_events::Entity as ApplicationEvents;
pub use super::applications::Entity as Applications;
pub use super::audit_log::Entity as AuditLog;
pub use super::cover_letter_revisions::Entity as CoverLetterRevisions;
pub use super::cover_letters::Entity as CoverLetters;
pub use super::instance_settings::Entity as InstanceSettings;
pub use super::rate_limits::Entity as RateLimits;
pub use super::recovery_codes::Entity as RecoveryCodes;
pub use super::refinement_events::Entity as RefinementEvents;
pub use super::refinement_jobs::Entity as RefinementJobs;
pub use super::refinement_roles::Entity as RefinementRoles;
pub use super::resume_revisions::Entity as ResumeRevisions;
pub use super::resume_shares::Entity as ResumeShares;
pub use super::resumes::Entity as Resumes;
pub use super::roles::Entity as Roles;
pub use super::sessions::Entity as Sessions;
pub use super::sign_in_challenges::Entity as SignInChallenges;
pub use super::two_factor_secrets::Entity as TwoFactorSecrets;
pub use super::user_roles::Entity as UserRoles;
pub use super::user_settings::Entity as UserSettings;
pub use super::users::Entity as Users;
