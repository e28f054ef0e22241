//! `resume-editor import FILE.json`: a JSON Resume document as resume text on standard
//! output, with a warning on standard error for every field the mapping dropped or
//! approximated (`docs/FORMAT.md` says how each field maps).

use std::io::{self, Write as _};

use clap::Args;
use resume_shared::json_resume::from_json_resume_str;
use resume_shared::to_markdown;

use super::files::{display_name, read_input, report_io_error, write_stdout};
use super::{EXIT_INVALID, EXIT_USAGE, InputPath};

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The JSON Resume file (`-` for standard input).
    #[arg(value_name = "FILE.json")]
    file: InputPath,
}

/// Imports one file.
pub(super) fn run(args: &ImportArgs) -> u8 {
    let document = match read_input(&args.file) {
        Ok(text) => text,
        Err(error) => {
            report_io_error(&args.file, "read", &error);
            return EXIT_USAGE;
        }
    };
    let name = display_name(&args.file);
    let imported = match from_json_resume_str(&document) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{name}: error: {error}");
            return EXIT_INVALID;
        }
    };
    let mut stderr = io::stderr().lock();
    for warning in &imported.warnings {
        let _ = writeln!(stderr, "{name}: warning: {warning}");
    }
    if write_stdout(to_markdown(&imported.resume).as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    0
}
