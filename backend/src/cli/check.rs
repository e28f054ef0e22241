//! `resume-editor check FILE...`: validate files and print every diagnostic, compiler style.

use std::io::{self, Write as _};

use clap::Args;
use resume_shared::parse;

use super::files::{display_name, print_diagnostics, read_input, report_io_error};
use super::{EXIT_INVALID, EXIT_USAGE, InputPath};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Resume files to check (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<InputPath>,
}

/// Checks every file; the status is the worst outcome (2 > 1 > 0).
pub(super) fn run(args: &CheckArgs) -> u8 {
    let mut status = 0;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for path in &args.files {
        let text = match read_input(path) {
            Ok(text) => text,
            Err(error) => {
                report_io_error(path, "read", &error);
                status = EXIT_USAGE;
                continue;
            }
        };
        let name = display_name(path);
        let (errors, warnings) = match parse(&text) {
            Ok(parsed) => (Vec::new(), parsed.warnings),
            Err(failure) => (failure.errors, failure.warnings),
        };
        if !errors.is_empty() && status == 0 {
            status = EXIT_INVALID;
        }
        let mut all: Vec<_> = errors
            .iter()
            .map(|d| ("error", d))
            .chain(warnings.iter().map(|d| ("warning", d)))
            .collect();
        all.sort_by_key(|(_, d)| d.line);
        for (severity, diagnostic) in all {
            if print_diagnostics(&mut out, &name, severity, std::slice::from_ref(diagnostic))
                .is_err()
            {
                return EXIT_USAGE;
            }
        }
    }
    if out.flush().is_err() {
        return EXIT_USAGE;
    }
    status
}
