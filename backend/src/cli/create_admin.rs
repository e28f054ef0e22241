//! `resume-editor create-admin --username U --email E`: creates an administrator, before or
//! after the instance was set up (before, it also completes the setup). The password comes from
//! `RESUME_EDITOR_ADMIN_PASSWORD` or the first line of standard input — never from an argument,
//! which other users of the machine could read in the process list.
//!
//! Exit statuses: 0 created, 1 refused (a rule is broken or the user exists), 2 configuration,
//! database or I/O error.

use std::io::BufRead as _;

use chrono::Utc;
use clap::Args;
use sea_orm::TransactionTrait as _;
use serde_json::json;

use super::server;
use crate::auth::password;
use crate::services::users::{NewUser, Role};
use crate::services::{ServiceError, audit, instance, users};

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
    let password_value = read_password()?;
    let email = users::validate_identity(&args.username, &args.email)
        .map_err(|fields| Failure::Refused(describe(&fields)))?;
    password::check_rules("password", &args.username, &password_value)
        .map_err(|fields| Failure::Refused(describe(&fields)))?;
    let username = args.username.clone();
    let runtime = server::runtime()?;
    runtime.block_on(async move {
        let db = server::open_database(&settings).await?;
        let password_hash = password::hash(password_value)
            .await
            .map_err(|error| Failure::Error(anyhow::Error::new(error)))?;
        let new = NewUser {
            username,
            email,
            password_hash,
            roles: vec![Role::Admin, Role::User],
            force_password_change: false,
        };
        let registration_open = settings.registration_open;
        let now = Utc::now();
        let created = db
            .transaction::<_, _, ServiceError>(|txn| {
                Box::pin(async move {
                    let first = instance::ensure_setup_marker(txn, now).await?;
                    if first {
                        instance::init_registration_open(txn, registration_open, now).await?;
                    }
                    let user = users::create(txn, new, now).await?;
                    audit::record(
                        txn,
                        audit::Event {
                            action: audit::action::USER_CREATE,
                            target_user_id: Some(user.user.id),
                            details: json!({
                                "username": user.user.username,
                                "roles": user.roles,
                                "via": "create-admin",
                            }),
                            ..audit::Event::default()
                        },
                        now,
                    )
                    .await?;
                    Ok(user)
                })
            })
            .await
            .map_err(ServiceError::from);
        db.close().await.ok();
        match created {
            Ok(user) => Ok(format!(
                "created administrator {} ({})",
                user.user.username, user.user.id
            )),
            Err(ServiceError::Conflict { message, .. }) => Err(Failure::Refused(message)),
            Err(ServiceError::Validation(fields)) => Err(Failure::Refused(describe(&fields))),
            Err(error) => Err(Failure::Error(anyhow::Error::new(error))),
        }
    })
}
