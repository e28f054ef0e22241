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

# --- PostgreSQL for the database tests --------------------------------------------------------
# Every database test runs on SQLite and, with TEST_DATABASE_URL set, also on PostgreSQL (each
# test creates and drops a database of its own, so the user must be allowed to create databases).
step "PostgreSQL for the database tests"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}"
command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
pg_server="${TEST_DATABASE_URL##*@}"   # host:port/… only: never print a password
if ! pg_isready -d "$TEST_DATABASE_URL" -t 10 >/dev/null 2>&1; then
  echo "error: no PostgreSQL server answers at $pg_server (TEST_DATABASE_URL)" >&2
  echo "Start one there, or point the tests at another server, for example:" >&2
  echo "  TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432 scripts/test.sh" >&2
  exit 1
fi
echo "database tests run on SQLite and on PostgreSQL at $pg_server"
# --- end of the PostgreSQL step ------------------------------------------------------------------

step "cargo test"
INSTA_UPDATE=no cargo test --locked

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p resume_shared -p resume_backend

step "all checks passed"
