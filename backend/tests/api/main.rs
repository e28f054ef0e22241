//! The backend's one integration-test binary: every module below is a group of tests.

// clippy's `allow-unwrap-in-tests` covers `#[test]` functions only, not the helpers of an
// integration-test crate; a failed unwrap there is a failed test, which is what we want.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers panic on unexpected results by design"
)]

mod client;
mod helpers;

mod account;
mod admin;
mod applications;
mod architecture;
mod auth;
mod backup;
mod cli;
mod cover_letters;
mod database;
mod endpoint_key;
mod errors;
mod headers;
mod impersonation;
mod input;
mod llm;
mod logging;
mod openapi;
mod providers;
mod quotas;
mod refinements;
mod resumes;
mod server_cli;
mod serving;
mod sessions;
mod settings;
mod setup;
mod shares;
mod throttle;
mod timestamps;
mod tokens;
mod two_factor;
mod web;
