#!/usr/bin/env bash
# Runs Resume Editor: builds the browser app and the server (release), then serves both on
# http://127.0.0.1:8080 over an SQLite database in ./data. The first visit asks for the
# administrator account. Installs what it needs (Trunk, wasm-bindgen, npm tools) and skips what
# is there.
#
#   scripts/run.sh                 # build and serve (RESUME_EDITOR_* variables apply, see README)
#   scripts/run.sh ARGS...         # runs `resume-editor ARGS...` instead (check, export, ...)
source "$(dirname "$0")/env.sh"

ensure_rust
if [ "$#" -gt 0 ]; then
  cargo build --locked --quiet --release -p resume_backend --bin resume-editor
  exec "$CARGO_TARGET_DIR/release/resume-editor" "$@"
fi

build_web_app
step "cargo build --release (the server)"
cargo build --locked --release -p resume_backend --bin resume-editor

export RESUME_EDITOR_STATIC_DIR="${RESUME_EDITOR_STATIC_DIR:-$ROOT/dist}"
bind="${RESUME_EDITOR_BIND:-127.0.0.1:8080}"
export RESUME_EDITOR_BIND="$bind"
step "Resume Editor: open http://$bind/ (Ctrl+C stops it)"
exec "$CARGO_TARGET_DIR/release/resume-editor" serve
