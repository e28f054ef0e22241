//! `resume-editor fmt FILE [--write]`: the canonical form of a resume.

use std::io::{self, Write as _};
use std::path::Path;

use clap::Args;
use resume_shared::{parse, to_markdown};

use super::files::{
    display_name, print_diagnostics, read_input, report_io_error, write_atomically,
};
use super::{EXIT_INVALID, EXIT_USAGE, InputPath};

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The resume file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: InputPath,
    /// Rewrite the file in place instead of printing (only when it changes).
    #[arg(long, short = 'w')]
    write: bool,
}

/// Formats one file.
pub(super) fn run(args: &FmtArgs) -> u8 {
    if args.write && args.file == Path::new("-") {
        eprintln!("error: --write needs a file, not standard input");
        return EXIT_USAGE;
    }
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
    let formatted = to_markdown(&parsed.resume);
    if args.write {
        if formatted == text {
            return 0;
        }
        if let Err(error) = write_atomically(&args.file, formatted.as_bytes()) {
            report_io_error(&args.file, "write", &error);
            return EXIT_USAGE;
        }
        return 0;
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if out.write_all(formatted.as_bytes()).and_then(|()| out.flush()).is_err() {
        return EXIT_USAGE;
    }
    0
}
