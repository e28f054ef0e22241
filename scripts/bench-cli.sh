#!/usr/bin/env bash
# Figures of the format library and the exporters (docs/PERFORMANCE.md, "Format library and
# exports"): criterion benchmarks of parse/serialize and of every export (PDF and thumbnails
# included), `resume-editor export` timed as a whole process (hyperfine), and peak memory
# against the input size and of the PDF exports (GNU time).
#
#   scripts/bench-cli.sh
source "$(dirname "$0")/env.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "criterion: parse and serialize (50 roles, 20 projects)"
cargo bench --locked -p resume_shared --bench markdown -- --warm-up-time 1 --measurement-time 3 2>/dev/null \
  | grep -E '^markdown|time:'
step "criterion: exports (50 roles, 20 projects)"
cargo bench --locked -p resume_documents --bench export -- --warm-up-time 1 --measurement-time 3 2>/dev/null \
  | grep -E '^export|time:'

cargo build --release --locked --quiet -p resume_backend --bin resume-editor --example sample_resume
bin="$CARGO_TARGET_DIR/release"
for roles in 10 50 200 1000; do
  "$bin/examples/sample_resume" "$roles" $((roles / 5)) > "$work/r$roles.md"
done

step "whole process: resume-editor export (50 roles, 20 projects)"
hyperfine --warmup 3 --runs 30 -N \
  "$bin/resume-editor check $work/r50.md" \
  "$bin/resume-editor export $work/r50.md --format markdown --from 2000-01 -o $work/out.md" \
  "$bin/resume-editor export $work/r50.md --format docx-ats -o $work/out.docx" \
  "$bin/resume-editor export $work/r50.md --format docx-plain --preset executive-summary -o $work/out2.docx" \
  "$bin/resume-editor export $work/r50.md --format pdf --template modern -o $work/out.pdf" \
  "$bin/resume-editor export $work/r50.md --format pdf --template classic -o $work/out2.pdf" \
  "$bin/resume-editor export $work/r50.md --format pdf --template compact -o $work/out3.pdf"

step "peak memory of a PDF export (50 roles, 20 projects; fonts loaded once)"
for template in modern classic compact; do
  rss=$(/usr/bin/time -f %M "$bin/resume-editor" export "$work/r50.md" \
    --format pdf --template "$template" -o "$work/m.pdf" 2>&1 >/dev/null | tail -1)
  printf '%-8s %12s KiB\n' "$template" "$rss"
done

step "peak memory against input size (docx-plain, executive summary)"
printf '%-8s %10s %12s\n' roles "input KiB" "max RSS KiB"
for roles in 10 50 200 1000; do
  size=$(( $(stat -c %s "$work/r$roles.md") / 1024 ))
  rss=$(/usr/bin/time -f %M "$bin/resume-editor" export "$work/r$roles.md" \
    --format docx-plain --preset executive-summary -o "$work/m.docx" 2>&1 >/dev/null | tail -1)
  printf '%-8s %10s %12s\n' "$roles" "$size" "$rss"
done
