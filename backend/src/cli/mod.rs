//! The `resume-editor` command line: argument definitions and dispatch to one module per
//! command. Commands print to stdout/stderr and return their exit status; they never panic on
//! bad input.
//!
//! Exit statuses of the offline commands: 0 success, 1 the resume has errors, 2 usage or I/O
//! error (clap also exits with 2 on bad arguments). The server commands (`serve`, `migrate`,
//! `backup`, `restore`, `create-admin`) build their own tokio runtime, so `main` stays
//! synchronous and thin.

mod backup;
mod check;
mod create_admin;
mod design_args;
mod export;
mod export_letter;
mod files;
mod fmt;
mod import;
mod migrate;
mod parse;
mod restore;
mod serve;
mod server;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: the resume text has errors.
const EXIT_INVALID: u8 = 1;
/// Exit status: usage or I/O error.
const EXIT_USAGE: u8 = 2;

/// Resume Editor: write resumes as structured Markdown, check them, and export them as Word
/// (ATS-friendly or plain) and Markdown.
#[derive(Debug, Parser)]
#[command(name = "resume-editor", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check resume files and print every error and warning as `FILE:LINE: error: MESSAGE`.
    ///
    /// Exits 0 when every file is valid (warnings allowed), 1 when any file has errors, 2 when
    /// a file cannot be read. `-` reads standard input.
    Check(check::CheckArgs),
    /// Print a resume in canonical form (or rewrite the file with --write).
    ///
    /// Exits 1 with the errors, and writes nothing, when the file is invalid. Warnings (content
    /// that the canonical form leaves out) go to standard error.
    Fmt(fmt::FmtArgs),
    /// Print the structured resume as JSON.
    Parse(parse::ParseArgs),
    /// Export a resume as PDF, Word (DOCX), Markdown or JSON Resume, in a template.
    ///
    /// Exits 2 for a template or option that does not exist (naming it) or a file that cannot
    /// be read or written, 1 when the resume is invalid. A design that misses its page target
    /// still writes every page and warns on standard error.
    Export(export::ExportArgs),
    /// Export a cover letter (its Markdown body) as PDF, Word (DOCX) or Markdown, headed like
    /// the resume it was written for, in a designed template.
    ///
    /// Exits 2 for an option that does not take its value, a letter over 50 KiB or a file that
    /// cannot be read or written, 1 when the resume is invalid. A letter longer than a page
    /// still writes every page and warns on standard error.
    ExportLetter(export_letter::ExportLetterArgs),
    /// Print a JSON Resume file as resume text (Markdown).
    ///
    /// Every field that was dropped or approximated is named, by its JSON path, in a warning on
    /// standard error. Exits 1 when the file is not JSON, not a JSON Resume or holds a value of
    /// the wrong type (naming its path), 2 when it cannot be read or is not UTF-8.
    Import(import::ImportArgs),
    /// List the templates, the formats each renders and the options each takes.
    Templates,
    /// Run the web server (applies pending database migrations first).
    ///
    /// Configuration comes from RESUME_EDITOR_* environment variables (see the README).
    /// Stops on SIGINT or SIGTERM after finishing the requests in flight.
    Serve(serve::ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(migrate::MigrateArgs),
    /// Write an archive of the whole database (safe while the server runs).
    ///
    /// One consistent snapshot of every table, as a zip file of JSON lines with a manifest
    /// (format and schema versions, row counts, content hash), written private (0600) and
    /// atomically. Exits 1 on failure, leaving FILE as it was.
    Backup(backup::BackupArgs),
    /// Restore an archive into an empty database (PostgreSQL or SQLite, either direction).
    ///
    /// Applies the migrations, inserts every row and verifies row counts and the content hash,
    /// all in one transaction. Exits 1 when the archive is refused (damaged, not a backup,
    /// another format or schema version, a mismatch), 2 on configuration, I/O or database
    /// errors, 3 when the target database is not empty; the target is then left as it was.
    Restore(restore::RestoreArgs),
    /// Create an administrator account (also before the first-run setup).
    ///
    /// The password is read from RESUME_EDITOR_ADMIN_PASSWORD or from the first line of
    /// standard input, never from an argument. Exits 1 when the account cannot be created
    /// (weak password, taken username or email), 2 on configuration or database errors.
    CreateAdmin(create_admin::CreateAdminArgs),
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Export(args) => export::run(&args),
        Command::ExportLetter(args) => export_letter::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Templates => templates::run(),
        Command::Serve(args) => serve::run(&args),
        Command::Migrate(args) => migrate::run(&args),
        Command::Backup(args) => backup::run(&args),
        Command::Restore(args) => restore::run(&args),
        Command::CreateAdmin(args) => create_admin::run(&args),
    };
    ExitCode::from(status)
}

/// A file argument: a path, or `-` for standard input.
pub(crate) type InputPath = PathBuf;
