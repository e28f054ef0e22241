//! The `resume-editor` binary.
fn main() {}
