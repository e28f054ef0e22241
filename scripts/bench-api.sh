#!/usr/bin/env bash
# Load figures of the resume API on PostgreSQL (docs/PERFORMANCE.md, "Resume API"):
#   GET /resumes with 1,000 resumes, POST /resumes/validate with a 50-role resume, and DOCX
#   exports over HTTP, each at 20 concurrent connections (closed and open loop), release build.
#
#   scripts/bench-api.sh [SECONDS]
#   BENCH_ONLY=validate scripts/bench-api.sh 5   # only the runs whose title contains "validate"
#
# Needs PostgreSQL at 127.0.0.1:5432; creates and drops the database resume_bench_api.
source "$(dirname "$0")/env.sh"

seconds="${1:-10}"

step "release build"
cargo build --release --locked --quiet -p resume_backend --bin resume-editor \
  --example load --example sample_resume
bin="$CARGO_TARGET_DIR/release"
bench_serve_postgres resume_bench_api 18181 "$bin/resume-editor"

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
token=$(curl -sf -X POST -H 'content-type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","password":"bench password 123"}' \
  "$base/setup" | json '["access_token"]')

step "seeding 1,000 resumes"
python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request, concurrent.futures
base, token = sys.argv[1], sys.argv[2]
def create(i):
    body = json.dumps({"name": f"Resume {i:04d}"}).encode()
    req = urllib.request.Request(f"{base}/resumes", body,
        {"content-type": "application/json", "authorization": f"Bearer {token}"})
    urllib.request.urlopen(req).read()
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(999)))
PY
"$bin/examples/sample_resume" 50 20 \
  | python3 -c 'import sys,json; print(json.dumps({"name": "Large", "content": sys.stdin.read()}))' \
  > "$work/large.json"
large=$(curl -sf -X POST -H 'content-type: application/json' -H "authorization: Bearer $token" \
  --data-binary @"$work/large.json" "$base/resumes" | json '["id"]')

# run TITLE "RATES" ARGS...: closed loop (20 connections sending back to back), then open loop
# at each rate (the 20 connections together sending RATE requests per second on a fixed
# schedule; latency counts from the scheduled send time, so queueing is not hidden).
run() {
  local title="$1" rates="$2"
  shift 2
  [[ "$title" == *"${BENCH_ONLY:-}"* ]] || return 0
  step "$title: closed loop, 20 connections"
  "$bin/examples/load" --token "$token" --connections 20 --seconds "$seconds" --warmup 2 "$@"
  for rate in $rates; do
    step "$title: open loop, $rate requests/s over 20 connections"
    "$bin/examples/load" --token "$token" --connections 20 --seconds "$seconds" --warmup 2 \
      --rate "$rate" "$@"
  done
}
run "GET /resumes (1,000 resumes, first page of 20)" "200 500 1000" --url "$base/resumes"
run "GET /resumes?q=resume%2005&sort=name" "200 500" --url "$base/resumes?q=resume%2005&sort=name"
run "POST /resumes/validate (50 roles, 20 projects)" "100 200 300 500" \
  --url "$base/resumes/validate" --method POST --body-file "$work/large.json"
run "GET /resumes/{id}/export?format=docx-ats (50 roles, 20 projects)" "100 200" \
  --url "$base/resumes/$large/export?format=docx-ats"
run "GET /resumes/{id}/export?format=docx-plain (50 roles, 20 projects)" "100 200" \
  --url "$base/resumes/$large/export?format=docx-plain"
