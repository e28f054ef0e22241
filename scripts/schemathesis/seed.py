"""Seeds a fresh Resume Editor instance through its API for the schemathesis run, then writes the
run's configuration.

    python3 seed.py BASE_URL LLM_ENDPOINT TEMPLATE OUTPUT
    python3 seed.py --still-signed-in BASE_URL CONFIG

BASE_URL is the server's origin (http://127.0.0.1:PORT), LLM_ENDPOINT the fake model's base URL
(the server's default endpoint). The instance must be new: this script
creates the first administrator. It then makes the objects the run's path parameters point at
(resumes with several revisions, a finished refinement, trashed resumes, users, spare sessions),
and writes OUTPUT: TEMPLATE with every `@name@` replaced by the value of `name` (ids, versions,
tokens). With --still-signed-in it checks, after the run, that the session the run used (the
`bearer` of CONFIG) still works. Only the standard library is used.
"""

from __future__ import annotations

import http.cookies
import json
import re
import sys
import time
import urllib.error
import urllib.request

API = "/api/v1"
PASSWORD = "schemathesis-Password-1"
ADMIN = "admin"


class ApiFailure(Exception):
    """A seeding request got an answer other than the expected one."""


class Client:
    """A tiny JSON client for the API: every call checks the status it expects."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: object = None,
        expect: int = 200,
    ) -> tuple[object, dict[str, list[str]]]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.origin + API + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token is not None:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, headers = error.code, error.read(), error.headers
        if status != expect:
            raise ApiFailure(f"{method} {path}: {status} (expected {expect}): {raw[:500]!r}")
        cookies = headers.get_all("Set-Cookie") or []
        payload = json.loads(raw) if raw and "json" in (headers.get("Content-Type") or "") else None
        return payload, {"set-cookie": cookies}


def session_token(client: Client, username: str, password: str) -> str:
    """Signs in and returns a bearer token for a new session.

    The one place that knows how a token is obtained: the JSON answer's `access_token` when it
    has one, else the session cookie (the same token), whatever its prefix.
    """
    answer, headers = client.call(
        "POST", "/auth/login", body={"username": username, "password": password}
    )
    if isinstance(answer, dict) and answer.get("access_token"):
        return answer["access_token"]
    for header in headers["set-cookie"]:
        cookie = http.cookies.SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if name.endswith("resume_editor_session") and morsel.value:
                return morsel.value
    raise ApiFailure("login answered neither an access_token nor a session cookie")


def finished(client: Client, token: str, path: str) -> None:
    """Waits (at most a minute) until the job at `path` has succeeded."""
    deadline = time.monotonic() + 60
    while True:
        state, _ = client.call("GET", path, token=token)
        if state["status"] == "succeeded":
            return
        if state["status"] in ("failed", "cancelled") or time.monotonic() > deadline:
            raise ApiFailure(f"the seeded job {path} ended {state['status']}: {state.get('error')}")
        time.sleep(0.2)


def seed(client: Client, llm_endpoint: str) -> dict[str, object]:
    """Creates everything the run needs; returns the template's values."""
    values: dict[str, object] = {"llm_endpoint": llm_endpoint}
    client.call(
        "POST",
        "/setup",
        body={"username": ADMIN, "email": "admin@example.com", "password": PASSWORD},
        expect=201,
    )
    admin = session_token(client, ADMIN, PASSWORD)
    values["admin_token"] = admin
    values["admin_password"] = PASSWORD
    # Registration open, so `POST /auth/register` can succeed too.
    client.call("PUT", "/admin/instance", token=admin, body={"registration_open": True})

    def user(name: str) -> str:
        created, _ = client.call(
            "POST",
            "/admin/users",
            token=admin,
            body={"username": name, "email": f"{name}@example.com", "password": PASSWORD},
            expect=201,
        )
        return created["id"]

    # `member` is read, patched, given and stripped of roles, and impersonated; `doomed` is
    # deleted; `leaver` owns the session that `POST /auth/logout` ends.
    values["member_id"] = user("member")
    values["doomed_id"] = user("doomed")
    user("leaver")
    values["leaver_token"] = session_token(client, "leaver", PASSWORD)

    def resume(name: str, *, edits: int = 0) -> tuple[str, int]:
        created, _ = client.call("POST", "/resumes", token=admin, body={"name": name}, expect=201)
        rid, version, original = created["id"], created["version"], created["content"]
        for n in range(edits):
            content = original.replace("Name: Your Name", f"Name: Person {n}", 1)
            updated, _ = client.call(
                "PUT",
                f"/resumes/{rid}",
                token=admin,
                body={"version": version, "content": content, "notes": f"edit {n}"},
            )
            version = updated["version"]
        return rid, version

    # One resume per operation that writes, so that one operation's successful write (which
    # raises the version) does not turn every other operation's pinned version into a 409.
    writers = [
        "update_resume",
        "update_personal",
        "update_education",
        "replace_certifications",
        "add_role",
        "update_role",
        "delete_role",
        "reorder_roles",
        "add_project",
        "update_project",
        "delete_project",
        "reorder_projects",
        "add_degree",
        "update_degree",
        "delete_degree",
        "reorder_degrees",
        "add_certification",
        "update_certification",
        "delete_certification",
        "reorder_certifications",
        "restore_revision",
        "update_export_preferences",
        "start_refinement",
    ]
    for operation in writers:
        rid, version = resume(operation, edits=2)
        values[f"{operation}_id"] = rid
        values[f"{operation}_version"] = version

    # The readers share one resume with several revisions.
    values["main_id"], values["main_version"] = resume("Main", edits=3)
    values["delete_resume_id"], _ = resume("To delete")

    # A finished refinement against the fake model, applied once as a tailored resume.
    base_id, _ = resume("Refined")
    started, _ = client.call(
        "POST",
        f"/resumes/{base_id}/refinements",
        token=admin,
        body={"job_description": "Senior Rust engineer: axum, PostgreSQL, distributed systems."},
        expect=202,
    )
    job = started["id"]
    finished(client, admin, f"/refinements/{job}")
    values["refinement_id"] = job
    tailored, _ = client.call(
        "POST",
        f"/refinements/{job}/apply",
        token=admin,
        body={"mode": "new", "accepted_roles": [0]},
    )
    values["tailored_id"] = tailored["id"]

    # Cover letters: a draft from the tailored resume (which has its own job description), and
    # two letters written by hand: one to read and change, one to delete.
    started, _ = client.call(
        "POST",
        f"/resumes/{values['tailored_id']}/cover-letters",
        token=admin,
        body={"tone": "warm"},
        expect=202,
    )
    values["letter_draft_id"] = started["id"]
    finished(client, admin, f"/cover-letter-drafts/{started['id']}")
    for key in ("letter_id", "delete_letter_id"):
        letter, _ = client.call(
            "POST",
            "/cover-letters",
            token=admin,
            body={"resume_id": values["main_id"], "content": "Dear Team,\n\nHello."},
            expect=201,
        )
        values[key] = letter["id"]

    # A resume with a share link, for the share operations.
    share_resume, _ = resume("Shared")
    share, _ = client.call(
        "POST", f"/resumes/{share_resume}/shares", token=admin, body={}, expect=201
    )
    values["share_resume_id"] = share_resume
    values["share_id"] = share["id"]

    # Two trashed resumes: one to restore, one to delete for good.
    for key in ("trash_restore_id", "trash_delete_id"):
        rid, _ = resume(key)
        client.call("DELETE", f"/resumes/{rid}", token=admin)
        values[key] = rid
    return values


def render(template: str, values: dict[str, object]) -> str:
    """`@name@` → the value; an unknown name is an error, not a silent blank."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"the template names @{name}@, which seeding does not provide")
        return str(values[name])

    return re.sub(r"@([a-z_]+)@", replace, template)


def still_signed_in(origin: str, config_path: str) -> int:
    """Exits 0 when the run's session still works after the run (else its requests were all
    answered 401 and proved little)."""
    with open(config_path, encoding="utf-8") as config:
        token = re.search(r'^bearer = "([^"]+)"', config.read(), re.MULTILINE).group(1)
    try:
        Client(origin).call("GET", "/auth/me", token=token)
    except ApiFailure as failure:
        print(f"error: the run's session ended during the run: {failure}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    if sys.argv[1] == "--still-signed-in":
        return still_signed_in(sys.argv[2], sys.argv[3])
    origin, llm_endpoint, template_path, output_path = sys.argv[1:5]
    values = seed(Client(origin), llm_endpoint)
    with open(template_path, encoding="utf-8") as template:
        text = render(template.read(), values)
    with open(output_path, "w", encoding="utf-8") as output:
        output.write(text)
    print(f"seeded: {len(values)} values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
