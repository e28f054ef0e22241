//! `resume-editor parse FILE`: the structured resume (format spec A.2) as JSON on stdout.

use std::io::{self, Write as _};

use clap::Args;
use resume_shared::parse;

use super::files::{display_name, print_diagnostics, read_input, report_io_error};
use super::{EXIT_INVALID, EXIT_USAGE, InputPath};

/// Arguments of `parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The resume file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: InputPath,
}

/// Prints the JSON model; diagnostics go to standard error.
pub(super) fn run(args: &ParseArgs) -> u8 {
    let text = match read_input(&args.file) {
        Ok(text) => text,
        Err(error) => {
            report_io_error(&args.file, "read", &error);
            return EXIT_USAGE;
        }
    };
    let name = display_name(&args.file);
    let stderr = io::stderr();
    let parsed = match parse(&text) {
        Ok(parsed) => parsed,
        Err(failure) => {
            let _ = print_diagnostics(&mut stderr.lock(), &name, "error", &failure.errors);
            return EXIT_INVALID;
        }
    };
    let _ = print_diagnostics(&mut stderr.lock(), &name, "warning", &parsed.warnings);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = serde_json::to_writer_pretty(&mut out, &parsed.resume)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if written.is_err() {
        return EXIT_USAGE;
    }
    0
}
