//! The `resume-editor` binary: parses the command line and hands over to [`resume_backend::cli`].

use std::process::ExitCode;

use clap::Parser as _;
use resume_backend::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
