#!/usr/bin/env bash
# The API as a third-party client sees it, on a fresh SQLite instance of the real debug binary
# with the fake OpenAI-compatible model server:
#
#   1. the live OpenAPI document (/api/openapi.json) must pass an independent OpenAPI 3.1
#      validator (openapi-spec-validator, from PyPI, pinned);
#   2. a TypeScript client is generated from that document (openapi-typescript), the walk in
#      clients/typescript/src/walkthrough.mts is compiled against it (tsc, strict) — a document
#      that no longer matches the code fails here — and run with openapi-fetch: a personal access
#      token lists, creates, updates with a version, meets a 409 on a stale one, exports PDF and
#      DOCX (checking their bytes), starts a refinement, reads its events and applies it.
#
#   scripts/client-test.sh
source "$(dirname "$0")/env.sh"

VALIDATOR_VERSION="0.9.0"
VALIDATOR_VENV="$HOME/.cache/resume-editor/openapi-spec-validator-$VALIDATOR_VERSION"
CLIENT_DIR="$ROOT/clients/typescript"

# Installs the pinned validator into its own virtualenv, once.
ensure_validator() {
  if [ -x "$VALIDATOR_VENV/bin/openapi-spec-validator" ]; then
    return
  fi
  step "installing openapi-spec-validator $VALIDATOR_VERSION into $VALIDATOR_VENV (once)"
  python3 -m venv "$VALIDATOR_VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VALIDATOR_VENV"; }
  "$VALIDATOR_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "openapi-spec-validator==$VALIDATOR_VERSION"
}

work="$(mktemp -d "${TMPDIR:-/tmp}/resume-editor-client.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "generated client: setup"
ensure_validator
if [ ! -f "$CLIENT_DIR/node_modules/.package-lock.json" ] \
  || [ "$CLIENT_DIR/package-lock.json" -nt "$CLIENT_DIR/node_modules/.package-lock.json" ]; then
  (cd "$CLIENT_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
build_test_server
binary="$work/resume-editor"
fake_llm="$work/resume-fake-llm"
cp "$CARGO_TARGET_DIR/debug/resume-editor" "$binary"
cp "$CARGO_TARGET_DIR/debug/resume-fake-llm" "$fake_llm"

llm_port="$(free_port)"
"$fake_llm" --bind "127.0.0.1:$llm_port" >"$work/fake-llm.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$llm_port/_fake/health" "$!"
port="$(free_port)"
origin="http://127.0.0.1:$port"
RESUME_EDITOR_BIND="127.0.0.1:$port" \
  RESUME_EDITOR_DATA_DIR="$work/data" \
  RESUME_EDITOR_STATIC_DIR="$work/no-app" \
  RESUME_EDITOR_LOG="${RESUME_EDITOR_LOG:-warn}" \
  RESUME_EDITOR_LLM_ALLOWED_HOSTS="127.0.0.1:$llm_port" \
  "$binary" serve >"$work/server.log" 2>&1 &
server=$!
pids+=("$server")
wait_for "$origin/api/v1/health" "$server"
python3 -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1]).read())' \
  "$origin/api/openapi.json" "$work/openapi.json"

step "OpenAPI document: openapi-spec-validator $VALIDATOR_VERSION"
"$VALIDATOR_VENV/bin/openapi-spec-validator" "$work/openapi.json"

step "generated client: generate from the live document, compile, walk through the API"
status=0
(
  cd "$CLIENT_DIR"
  rm -rf generated dist
  npx --no-install openapi-typescript "$work/openapi.json" -o generated/api.d.ts
  npx --no-install tsc -p .
  node dist/src/walkthrough.mjs "$origin" "http://127.0.0.1:$llm_port/v1"
) || status=$?
if [ "$status" -ne 0 ]; then
  echo "error: the generated client's walk failed (exit $status)" >&2
  grep -iE -A3 'panicked|ERROR' "$work/server.log" | head -50 >&2 || true
  exit "$status"
fi
