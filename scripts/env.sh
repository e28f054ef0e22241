# Shared settings for the scripts: sourced, not run.
#
# The cargo target directory lives outside the clone (default ~/.cache/resume-editor/target) so
# that a fresh clone, such as the one CI makes, reuses earlier builds instead of starting over.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/resume-editor/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
cd "$ROOT"

# Prints a step header.
step() { printf '\n==> %s\n' "$*"; }

# Runs a command as root (directly when already root, else through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages that are missing (one apt run for all of them).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Prints a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers 200, or fails after 120 s (the first start migrates the database).
wait_for() {
  local url="$1" pid="$2"
  for _ in $(seq 1 600); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "error: the process behind $url exited" >&2; return 1; }
    sleep 0.2
  done
  echo "error: $url did not answer within 120 s" >&2
  return 1
}

# Builds the server and the fake LLM server for the test steps (schemathesis, the generated
# client, e2e) at $CARGO_TARGET_DIR/debug/resume-editor and resume-fake-llm: the binaries
# `cargo test` builds for the crates' integration tests, with the tests' unified features. A
# plain `cargo build -p resume_backend` would resolve other features and recompile many
# dependencies (about ten minutes on a fresh machine). After `cargo test` this is a no-op.
build_test_server() {
  INSTA_UPDATE=no cargo test --locked --no-run --quiet
}

# Makes sure the pinned toolchain (rust-toolchain.toml) has its components and wasm target.
ensure_rust() {
  rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}

# The pinned browser-app tools. Trunk's `[tools]` in Trunk.toml and the wasm-bindgen crate in
# frontend/Cargo.toml name the same versions; Trunk runs offline and never downloads one.
TRUNK_VERSION="0.21.14"         # newer Trunk releases need a newer rustc than the pinned one
WASM_BINDGEN_VERSION="0.2.130"  # == the wasm-bindgen crate (pinned with `=`)
WASM_SPLIT_VERSION="0.2.4"      # splits the app into modules loaded on demand (scripts/web-post-build.py)

# Installs Trunk, wasm-bindgen-cli and wasm-split-cli (compiled from crates.io) when missing or
# at another version.
ensure_web_binaries() {
  ensure_rust
  if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    step "installing trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once)"
    # Not --locked: its lock file pins a webpki-roots release the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "installing wasm-split-cli $WASM_SPLIT_VERSION (once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
  fi
}

# Installs Trunk, wasm-bindgen-cli, wasm-split-cli, zopfli and the npm build tools (Tailwind CSS, wasm-opt from
# npm binaryen) when missing or at another version, and puts node_modules/.bin on PATH.
ensure_web_tools() {
  ensure_web_binaries
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  apt_install zopfli  # the gzip copies of the app's files (Trunk.toml)
  # npm ci only when package-lock.json changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci (Tailwind CSS, binaryen)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
}

# Builds the browser app into dist/ (release: size-optimised, gzip copies beside the files).
build_web_app() {
  ensure_web_tools
  step "trunk build --release (the browser app, into dist/)"
  cargo fetch --locked --quiet   # Trunk runs cargo offline
  trunk build --release
}

# For the benchmarks: serves SERVER (a release build) on 127.0.0.1:PORT over a fresh PostgreSQL
# database DB at 127.0.0.1:5432, and stops it and drops the database when the script exits.
# Sets $base (the API's URL) and $work (a temporary directory, removed at exit).
#   bench_serve_postgres DB PORT SERVER
bench_serve_postgres() {
  bench_db="$1"
  base="http://127.0.0.1:$2/api/v1"
  work="$(mktemp -d)"
  bench_server=
  trap 'bench_stop' EXIT
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $bench_db" \
    -c "CREATE DATABASE $bench_db" >/dev/null
  RESUME_EDITOR_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$bench_db?sslmode=disable" \
  RESUME_EDITOR_DATA_DIR="$work/data" RESUME_EDITOR_LOG=warn \
    "$3" serve --bind "127.0.0.1:$2" 2>"$work/server.log" &
  bench_server=$!
  for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && return 0; sleep 0.1; done
  echo "error: the server did not answer at $base (log: $work/server.log)" >&2
  return 1
}

bench_stop() {
  [ -n "$bench_server" ] && kill "$bench_server" 2>/dev/null && wait "$bench_server" 2>/dev/null
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $bench_db" >/dev/null 2>&1
  rm -rf "$work"
}

