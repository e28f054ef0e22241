//! The `resume-editor` binary: parses the command line and hands over to [`resume_backend::cli`].

use std::process::ExitCode;

use clap::Parser as _;
use resume_backend::cli::{Cli, run};

/// mimalloc instead of the C library's allocator: the server allocates and frees many small
/// buffers per request from several threads, and spends noticeably less time doing so
/// (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    run(Cli::parse())
}
