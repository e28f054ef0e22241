//! `resume-editor parse FILE`: the structured resume (format spec A.2) as JSON on stdout.

use std::io;

use super::files::{load_resume, write_stdout};
use super::{EXIT_USAGE, InputPath};
use clap::Args;

/// Arguments of `parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The resume file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: InputPath,
}

/// Prints the JSON model; diagnostics go to standard error.
pub(super) fn run(args: &ParseArgs) -> u8 {
    let (_, parsed) = match load_resume(&args.file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let written = serde_json::to_vec_pretty(&parsed.resume)
        .map_err(io::Error::from)
        .and_then(|mut json| {
            json.push(b'\n');
            write_stdout(&json)
        });
    if written.is_err() {
        return EXIT_USAGE;
    }
    0
}
