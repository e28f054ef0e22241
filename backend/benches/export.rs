//! Export benchmark (placeholder while the real one is written).
fn main() {}
