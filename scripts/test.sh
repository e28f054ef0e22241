#!/usr/bin/env bash
# Runs every check and test of the project. Installs what it needs and skips what is there.
#
#   scripts/test.sh
#
# Steps: formatting, lints (warnings are errors), the Rust tests (SQLite and PostgreSQL
# where a database is involved; the DOCX exports opened by LibreOffice), schemathesis against the
# running server and its OpenAPI document (scripts/schemathesis.sh: once on SQLite, once on
# PostgreSQL), the OpenAPI document through openapi-spec-validator and a TypeScript client
# generated from it (scripts/client-test.sh), the browser app's own tests (WASM under
# Node.js), its release build, and the browser end-to-end tests (Playwright driving Debian's Chromium against the real server: once on
# SQLite, once on PostgreSQL).
source "$(dirname "$0")/env.sh"

step "toolchain"
ensure_rust
# LibreOffice converts every golden DOCX to PDF in the export tests: a real consumer of our files.
# poppler's pdftotext, pdfinfo and pdffonts read our PDFs back the way an ATS reads them.
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (backend, shared, documents, migrations; all targets; warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (frontend, wasm32)"
cargo clippy -p resume_frontend --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p resume_shared -p resume_documents -p resume_backend -p resume_fake_llm

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

step "cargo test: compile"
INSTA_UPDATE=no cargo test --locked --no-run

# Trunk and wasm-bindgen-cli compile (once per machine) while the tests and schemathesis run,
# which mostly wait on databases, HTTP and LibreOffice: on a fresh machine this saves minutes.
web_binaries_log="$(mktemp)"
ensure_web_binaries >"$web_binaries_log" 2>&1 &
web_binaries_pid=$!
trap 'kill "$web_binaries_pid" 2>/dev/null || true' EXIT

step "cargo test"
INSTA_UPDATE=no cargo test --locked

step "schemathesis: the running server against its OpenAPI document"
scripts/schemathesis.sh

step "the OpenAPI document through an independent validator and a generated client"
scripts/client-test.sh

step "Trunk and wasm-bindgen-cli (installed beside the tests)"
if ! wait "$web_binaries_pid"; then
  cat "$web_binaries_log"
  echo "error: installing Trunk or wasm-bindgen-cli failed (output above)" >&2
  exit 1
fi
trap - EXIT
grep -E '^==>|Installed|Replaced' "$web_binaries_log" || echo "both were installed already"
rm -f "$web_binaries_log"

# --- the browser app ---------------------------------------------------------------------------
build_web_app
step "browser app size (gzipped, as the server sends it; the first download must stay under 400 KB)"
python3 scripts/web-app-size.py dist

step "browser app unit tests (wasm32, under Node.js)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked -p resume_frontend --target wasm32-unknown-unknown

step "end-to-end tests: setup"
apt_install chromium
build_test_server
export E2E_BINARY="$CARGO_TARGET_DIR/debug/resume-editor" E2E_STATIC_DIR="$ROOT/dist"
if [ ! -f e2e/node_modules/.package-lock.json ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
# Playwright must use Debian's Chromium: never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Prints the line `e2e (DATABASE): N passed, M failed, K skipped` from Playwright's JSON report.
e2e_summary() {
  node -e '
    const r = require(process.argv[1]);
    const s = r.stats;
    console.log(`e2e (${process.argv[2]}): ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky, ${s.skipped} skipped`);
    process.exit(s.unexpected === 0 && s.skipped === 0 ? 0 : 1);
  ' "$ROOT/e2e/test-results/results-$1.json" "$1"
}

step "end-to-end tests on SQLite"
(cd e2e && npx playwright test)
e2e_summary sqlite

step "end-to-end tests on PostgreSQL"
e2e_database="resume_editor_e2e_$$"
psql -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL/postgres" -c "CREATE DATABASE $e2e_database"
trap 'psql -q "$TEST_DATABASE_URL/postgres" -c "DROP DATABASE IF EXISTS $e2e_database WITH (FORCE)" >/dev/null 2>&1' EXIT
(cd e2e && E2E_DATABASE_URL="$TEST_DATABASE_URL/$e2e_database" npx playwright test)
e2e_summary postgres
echo "screenshots: e2e/test-results/screenshots/{sqlite,postgres}/"

step "all checks passed"
