//! `resume-editor create-admin --username U --email E`: creates an administrator, before or
//! after the instance was set up (before, it also completes the setup). The password comes from
//! `RESUME_EDITOR_ADMIN_PASSWORD` or the first line of standard input — never from an argument,
//! which other users of the machine could read in the process list.
//!
//! The account is created by `crate::services::setup::create_admin`, as `POST /setup` creates
//! the first administrator, with the same rules.
//!
//! Exit statuses: 0 created, 1 refused (a rule is broken or the user exists), 2 configuration,
//! database or I/O error.

use std::io::BufRead as _;

use chrono::Utc;
use clap::Args;

use super::server;
use crate::services::ServiceError;
use crate::services::accounts::AccountForm;
use crate::services::setup::{self, Origin};

/// The environment variable that may hold the password.
pub const PASSWORD_ENV: &str = "RESUME_EDITOR_ADMIN_PASSWORD";

/// Arguments of `create-admin`.
#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    /// Username (3–64 letters, digits, '.', '_', '-').
    #[arg(long)]
    pub username: String,
    /// Email address.
    #[arg(long)]
    pub email: String,
}

/// Why the command failed.
enum Failure {
    /// The input breaks a rule, or the user exists.
    Refused(String),
    /// Anything else.
    Error(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::Error(error)
    }
}

/// Creates the administrator; returns the exit status.
pub(super) fn run(args: &CreateAdminArgs) -> u8 {
    match run_inner(args) {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(Failure::Refused(message)) => {
            eprintln!("error: {message}");
            super::EXIT_INVALID
        }
        Err(Failure::Error(error)) => {
            eprintln!("error: {error:#}");
            super::EXIT_USAGE
        }
    }
}

fn read_password() -> Result<String, Failure> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| {
            Failure::Error(
                anyhow::Error::new(error).context("reading the password from standard input"),
            )
        })?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(Failure::Refused(format!(
            "no password: set {PASSWORD_ENV} or write it on standard input"
        )));
    }
    Ok(password)
}

fn describe(fields: &crate::services::FieldErrors) -> String {
    fields
        .iter()
        .map(|(field, problem)| format!("{field}: {problem}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn run_inner(args: &CreateAdminArgs) -> Result<String, Failure> {
    let (settings, notices) = server::settings()?;
    let _log = crate::telemetry::init(&settings.log, settings.log_format);
    server::log_notices(&notices);
    let form = AccountForm {
        username: args.username.clone(),
        email: args.email.clone(),
        password: read_password()?,
    };
    // Checked before the database is opened: a refusal needs no database.
    let account = form.check().map_err(refused)?;
    let runtime = server::runtime()?;
    runtime.block_on(async move {
        let db = server::open_database(&settings).await?;
        let registration_open = settings.registration_open;
        let created =
            setup::create_admin(&db, account, Origin::Command, registration_open, Utc::now()).await;
        db.close().await.ok();
        let user = created.map_err(refused)?;
        Ok(format!(
            "created administrator {} ({})",
            user.user.username, user.user.id
        ))
    })
}

/// A broken rule or a taken name is a refusal (exit 1); anything else an error (exit 2).
fn refused(error: ServiceError) -> Failure {
    match error {
        ServiceError::Conflict { message, .. } => Failure::Refused(message),
        ServiceError::Validation(fields) => Failure::Refused(describe(&fields)),
        error => Failure::Error(anyhow::Error::new(error)),
    }
}
