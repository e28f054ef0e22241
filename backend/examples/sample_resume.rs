//! Prints a generated resume (`resume_shared::sample::generated_resume`) for benchmarks:
//!
//! ```text
//! cargo run -p resume_backend --example sample_resume -- ROLES PROJECTS
//! ```

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let roles = args.next().and_then(Result::ok).unwrap_or(50);
    let projects = args.next().and_then(Result::ok).unwrap_or(20);
    print!(
        "{}",
        resume_shared::sample::generated_resume(roles.min(1000), projects.min(1000))
    );
}
