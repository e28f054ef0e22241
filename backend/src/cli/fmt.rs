//! `resume-editor fmt FILE [--write]`: the canonical form of a resume.

use std::path::Path;

use clap::Args;
use resume_shared::to_markdown;

use super::files::{load_resume, report_io_error, write_atomically, write_stdout};
use super::{EXIT_USAGE, InputPath};

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
    let (text, parsed) = match load_resume(&args.file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
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
    if write_stdout(formatted.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    0
}
