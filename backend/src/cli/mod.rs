//! The `resume-editor` command line: argument definitions and dispatch to one module per
//! command. Commands print to stdout/stderr and return their exit status; they never panic on
//! bad input.
//!
//! Exit statuses of the offline commands: 0 success, 1 the resume has errors, 2 usage or I/O
//! error (clap also exits with 2 on bad arguments).

mod check;
mod export;
mod files;
mod fmt;
mod parse;

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
    /// Export a resume as Markdown or Word (DOCX).
    Export(export::ExportArgs),
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Export(args) => export::run(&args),
    };
    ExitCode::from(status)
}

/// A file argument: a path, or `-` for standard input.
pub(crate) type InputPath = PathBuf;
