#!/usr/bin/env bash
# Runs every check and test of the project. Installs what it needs and skips what is there.
#
#   scripts/test.sh
#
# Steps: formatting, lints (warnings are errors), the Rust tests (SQLite and PostgreSQL
# where a database is involved), the WASM build check of the frontend, and the DOCX exports
# opened by LibreOffice.
source "$(dirname "$0")/env.sh"

step "toolchain"
ensure_rust
# LibreOffice converts every golden DOCX to PDF in the export tests: a real consumer of our files.
command -v soffice >/dev/null 2>&1 || apt_install libreoffice-writer-nogui

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (backend, shared, migrations; all targets; warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (frontend, wasm32)"
cargo clippy -p resume_frontend --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test"
INSTA_UPDATE=no cargo test --locked

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p resume_shared -p resume_backend

step "all checks passed"
