#!/usr/bin/env bash
# Revision comparisons under load (docs/PERFORMANCE.md, "Revision comparisons"): 2 requests
# per core (4 on the 2-core machine) each comparing two 1 MiB versions with no line in common,
# back to back, while /health is asked 50 times a second; prints both load figures.
#
#   scripts/bench-diff.sh [SECONDS]
#   BENCH_SERVER=/path/to/resume-editor scripts/bench-diff.sh 30   # another build of the server
#
# A release build on a fresh SQLite database in a temporary directory.
source "$(dirname "$0")/env.sh"

seconds="${1:-30}"
port=18183
base="http://127.0.0.1:$port/api/v1"
work="$(mktemp -d)"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step "release build"
cargo build --release --locked --quiet -p resume_backend --bin resume-editor --example load
bin="$CARGO_TARGET_DIR/release"
cp "${BENCH_SERVER:-$bin/resume-editor}" "$work/resume-editor"
cp "$bin/examples/load" "$work/load"

RESUME_EDITOR_DATA_DIR="$work/data" RESUME_EDITOR_LOG=warn \
  "$work/resume-editor" serve --bind "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
token=$(curl -sf -X POST -H 'content-type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","password":"bench password 123"}' \
  "$base/setup" | json '["access_token"]')

step "two versions of 1 MiB, 16,320 lines each, none in common"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
head = ("# Personal\n\n## Contact Information\n\nName: Sam Lee\n\n# Experience\n\n## Roles\n\n"
        "### Role\n\n#### Basics\n\nCompany: Acme\nTitle: Engineer\nStart date: 01/2020\n\n"
        "#### Responsibilities\n\n")
def text(prefix):
    # 64-byte bullet lines, distinct within and across the versions.
    return head + "".join(f"* {prefix}{i:06d} " + "x" * 53 + "\n" for i in range(16300))
for name, body in [("v1", {"name": "Diff load", "content": text("a")}),
                   ("v2", {"version": 1, "content": text("b")})]:
    assert len(body["content"]) <= 1024 * 1024
    json.dump(body, open(f"{work}/{name}.json", "w"))
PY
auth="authorization: Bearer $token"
id=$(curl -sf -X POST -H 'content-type: application/json' -H "$auth" \
  --data-binary @"$work/v1.json" "$base/resumes" | json '["id"]')
curl -sf -o /dev/null -X PUT -H 'content-type: application/json' -H "$auth" \
  --data-binary @"$work/v2.json" "$base/resumes/$id"
curl -s -o /dev/null -w 'one comparison alone: %{http_code}, %{size_download} bytes, %{time_total} s\n' \
  -H "$auth" "$base/resumes/$id/diff?from=1&to=2"

step "4 connections comparing back to back, /health at 50 requests/s, $seconds s"
"$work/load" --url "$base/resumes/$id/diff?from=1&to=2" --token "$token" \
  --connections 4 --seconds "$seconds" --warmup 2 >"$work/diff.txt" &
diffs=$!
"$work/load" --url "$base/health" --connections 4 --rate 50 --seconds "$seconds" --warmup 2
wait "$diffs"
cat "$work/diff.txt"
