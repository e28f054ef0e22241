#!/usr/bin/env bash
# Runs Resume Editor.
#
#   scripts/run.sh                 # demo: checks examples/resume.md and exports it to out/
#   scripts/run.sh ARGS...         # runs `resume-editor ARGS...`
source "$(dirname "$0")/env.sh"

ensure_rust
cargo build --locked --quiet -p resume_backend --bin resume-editor
bin="$CARGO_TARGET_DIR/debug/resume-editor"

if [ "$#" -gt 0 ]; then
  exec "$bin" "$@"
fi

step "resume-editor check examples/resume.md"
"$bin" check examples/resume.md && echo "examples/resume.md is valid"
mkdir -p out
for format in docx-ats docx-plain markdown; do
  step "resume-editor export examples/resume.md --format $format"
  ext=docx; [ "$format" = markdown ] && ext=md
  "$bin" export examples/resume.md --format "$format" -o "out/resume-$format.$ext"
done
step "done: open the files in out/ (try also: scripts/run.sh --help)"
