#!/usr/bin/env bash
# Latency and server CPU time of the resume writes that parse resume text (docs/PERFORMANCE.md,
# "Writes: parse once"): PUT /resumes/{id} with new content, a structured edit (PUT
# /resumes/{id}/personal), and GET /resumes/{id} for reference, on a 50-role resume, one
# request at a time over one keep-alive connection (each write sends the version the previous
# answer gave), release build, PostgreSQL. The CPU time is the server process's own (from
# /proc), without the waits on the database.
#
#   scripts/bench-edits.sh [REQUESTS]
#   BENCH_SERVER=/path/to/resume-editor scripts/bench-edits.sh   # another build, e.g. an older one
#
# Needs PostgreSQL at 127.0.0.1:5432; creates and drops the database resume_bench_edits.
source "$(dirname "$0")/env.sh"

requests="${1:-400}"

step "release build"
cargo build --release --locked --quiet -p resume_backend --bin resume-editor --example sample_resume
bin="$CARGO_TARGET_DIR/release"
bench_serve_postgres resume_bench_edits 18182 "${BENCH_SERVER:-$bin/resume-editor}"

"$bin/examples/sample_resume" 50 20 >"$work/large.md"
step "$requests requests of each kind, one at a time"
python3 - "$base" "$work/large.md" "$requests" "$bench_server" <<'PY'
import http.client, json, os, statistics, sys, time, urllib.parse

base, path, count, server = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def server_cpu_seconds():
    """User and system CPU time of the server process so far (the latency also waits on the
    database's commits; this is what the server itself computes)."""
    fields = open(f"/proc/{server}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"content-type": "application/json"}

def call(method, route, body=None):
    conn.request(method, url.path + route, json.dumps(body) if body is not None else None, headers)
    answer = conn.getresponse()
    data = answer.read()
    if answer.status >= 300:
        sys.exit(f"{method} {route}: {answer.status} {data[:300]!r}")
    return json.loads(data) if data else None

token = call("POST", "/setup", {"username": "bench", "email": "bench@example.com",
                                "password": "bench password 123"})["access_token"]
headers["authorization"] = f"Bearer {token}"
text = open(path).read()
resume = call("POST", "/resumes", {"name": "Large", "content": text})
rid, version = resume["id"], resume["version"]
texts = [text, text.replace("\n", "\n\n", 1)]
personal = call("GET", f"/resumes/{rid}/personal")["personal"]

def timed(label, send):
    times = []
    cpu = server_cpu_seconds()
    for i in range(count):
        start = time.perf_counter()
        send(i)
        times.append((time.perf_counter() - start) * 1000)
    cpu = (server_cpu_seconds() - cpu) * 1000 / count
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{label:<46} p50 {p(0.5):6.2f} ms  p90 {p(0.9):6.2f} ms  "
          f"mean {statistics.mean(times):6.2f} ms  server CPU {cpu:5.2f} ms/request  "
          f"({count} requests)")

def write(route, body):
    """A write based on the current version; the answer gives the next one."""
    global version
    version = call("PUT", route, dict(body, version=version))["version"]

def put_content(i):
    write(f"/resumes/{rid}", {"content": texts[i % 2]})

def put_personal(i):
    write(f"/resumes/{rid}/personal", {"personal": dict(personal, note=f"Edited {i % 2}")})

for _ in range(20):  # warm-up, not counted
    put_content(0); put_content(1)
timed("GET /resumes/{id} (50 roles, 20 projects)", lambda i: call("GET", f"/resumes/{rid}"))
timed("PUT /resumes/{id} with content", put_content)
timed("PUT /resumes/{id}/personal (structured edit)", put_personal)
PY
