#!/usr/bin/env bash
# Tests the running server against its own OpenAPI document with schemathesis: every operation,
# every check, a fixed seed and a bounded number of examples, on SQLite and on PostgreSQL.
#
#   scripts/schemathesis.sh                 # both databases
#   scripts/schemathesis.sh sqlite          # one of them
#   scripts/schemathesis.sh postgres
#
# For each database: a fresh instance of the real debug binary (a new SQLite data directory, or
# a PostgreSQL database created here and dropped afterwards), seeded through the API by
# scripts/schemathesis/seed.py (the administrator, users, resumes with revisions, a finished
# refinement against the fake model, trashed resumes), which also writes the run's configuration
# from scripts/schemathesis/schemathesis.toml.in with the seeded ids, so path parameters point
# at real objects. Fails on any failure schemathesis reports: a 5xx, a dropped connection, a
# status, header, content type or body the document does not describe, data the schema calls
# valid being refused or invalid data being accepted.
#
# Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432; the user must be
# allowed to create databases), SCHEMATHESIS_MAX_EXAMPLES (overrides the configured number of
# examples per operation), SCHEMATHESIS_KEEP=1 keeps the work directory (server logs, configs,
# reports) for a look afterwards.
source "$(dirname "$0")/env.sh"

SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="$HOME/.cache/resume-editor/schemathesis-$SCHEMATHESIS_VERSION"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}"

# Installs the pinned schemathesis into its own virtualenv, once.
ensure_schemathesis() {
  if "$SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
    return
  fi
  step "installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV (once)"
  command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
  python3 -m venv "$SCHEMATHESIS_VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$SCHEMATHESIS_VENV"; }
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

work="$(mktemp -d "${TMPDIR:-/tmp}/resume-editor-schemathesis.XXXXXX")"
pids=()
pg_database=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_database" ]; then
    psql -q "$TEST_DATABASE_URL/postgres" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ "${SCHEMATHESIS_KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "schemathesis: setup"
ensure_schemathesis
build_test_server
# A copy, so that a build started meanwhile in the same target directory cannot swap it mid-run.
binary="$work/resume-editor"
fake_llm="$work/resume-fake-llm"
cp "$CARGO_TARGET_DIR/debug/resume-editor" "$binary"
cp "$CARGO_TARGET_DIR/debug/resume-fake-llm" "$fake_llm"

# The fake OpenAI-compatible model server, shared by both runs: refinements finish against it.
llm_port="$(free_port)"
"$fake_llm" --bind "127.0.0.1:$llm_port" >"$work/fake-llm.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$llm_port/_fake/health" "$!"

summaries=()
failed=0

# Runs schemathesis against a fresh, seeded server on DATABASE (sqlite or postgres).
run_against() {
  local database="$1" dir="$work/$1" port origin server status started elapsed
  mkdir -p "$dir"
  port="$(free_port)"
  origin="http://127.0.0.1:$port"
  local -a env=(
    RESUME_EDITOR_BIND="127.0.0.1:$port"
    RESUME_EDITOR_DATA_DIR="$dir/data"
    RESUME_EDITOR_STATIC_DIR="$dir/no-app"
    RESUME_EDITOR_LOG="${RESUME_EDITOR_LOG:-warn}"
    RESUME_EDITOR_LLM_BASE_URL="http://127.0.0.1:$llm_port/v1"
    # Only the fake model: an endpoint the run stores elsewhere on loopback is refused unvisited.
    RESUME_EDITOR_LLM_ALLOWED_HOSTS="127.0.0.1:$llm_port"
    RESUME_EDITOR_LLM_RETRY_BACKOFF_MS=50
  )
  if [ "$database" = postgres ]; then
    command -v psql >/dev/null 2>&1 || apt_install postgresql-client
    pg_database="resume_editor_schemathesis_$$"
    psql -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL/postgres" -c "CREATE DATABASE $pg_database"
    env+=(RESUME_EDITOR_DATABASE_URL="$TEST_DATABASE_URL/$pg_database")
  fi

  step "schemathesis on $database"
  started=$SECONDS
  env "${env[@]}" "$binary" serve >"$dir/server.log" 2>&1 &
  server=$!
  pids+=("$server")
  wait_for "$origin/api/v1/health" "$server"
  "$SCHEMATHESIS_VENV/bin/python" scripts/schemathesis/seed.py "$origin" \
    "http://127.0.0.1:$llm_port/v1" scripts/schemathesis/schemathesis.toml.in "$dir/schemathesis.toml"

  local -a options=(
    --url "$origin"
    --report junit,ndjson
    --report-junit-path "$dir/junit.xml" --report-ndjson-path "$dir/events.ndjson"
    --output-truncate false
  )
  if [ -n "${SCHEMATHESIS_MAX_EXAMPLES:-}" ]; then
    options+=(--max-examples "$SCHEMATHESIS_MAX_EXAMPLES")
  fi
  status=0
  # From the work directory: Hypothesis leaves a .hypothesis directory where it runs.
  (cd "$dir" && "$SCHEMATHESIS_VENV/bin/schemathesis" --config-file "$dir/schemathesis.toml" \
    run "$origin/api/openapi.json" "${options[@]}") >"$dir/schemathesis.log" 2>&1 || status=$?
  elapsed=$((SECONDS - started))
  "$SCHEMATHESIS_VENV/bin/python" scripts/schemathesis/seed.py --still-signed-in "$origin" \
    "$dir/schemathesis.toml" || status=1

  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [ "$database" = postgres ]; then
    psql -q "$TEST_DATABASE_URL/postgres" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null
    pg_database=""
  fi

  # schemathesis' own summary: the last block of its output, from the line "SUMMARY" on.
  sed -n '/SUMMARY/,$p' "$dir/schemathesis.log"
  local line
  line="$("$SCHEMATHESIS_VENV/bin/python" scripts/schemathesis/summary.py "$database" \
    "$dir/junit.xml" "$dir/events.ndjson" "$elapsed")"
  summaries+=("$line")
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "schemathesis on $database failed (exit $status); its whole output:" >&2
    cat "$dir/schemathesis.log" >&2
    if grep -qiE 'panicked|ERROR' "$dir/server.log"; then
      echo "--- server log (errors) ---" >&2
      grep -iE -A3 'panicked|ERROR' "$dir/server.log" | head -100 >&2
    fi
  fi
}

databases=("$@")
[ "${#databases[@]}" -gt 0 ] || databases=(sqlite postgres)
for database in "${databases[@]}"; do
  case "$database" in
    sqlite | postgres) run_against "$database" ;;
    *) echo "error: unknown database '$database' (sqlite or postgres)" >&2; exit 2 ;;
  esac
done

step "schemathesis summary"
printf '%s\n' "${summaries[@]}"
exit "$failed"
