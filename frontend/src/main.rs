//! Resume Editor browser app.
fn main() {}
