"""Prints one line about a schemathesis run from its JUnit and NDJSON reports.

    python3 summary.py DATABASE JUNIT_XML NDJSON SECONDS

`schemathesis (sqlite): 75 operations, 1559 requests, 0 failures, 0 errors, 52 s`: operations
tested, test cases sent (each one request, not counting the extra requests of some checks),
unique failures, errors (such as dropped connections), and the wall time of the whole step
(start, seeding and the run).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ElementTree


def main() -> int:
    database, junit_path, ndjson_path, seconds = sys.argv[1:5]
    operations = failures = errors = 0
    for case in ElementTree.parse(junit_path).getroot().iter("testcase"):
        # Stateful tests are sequences across operations, reported as one pseudo-operation.
        if case.get("name") != "Stateful tests":
            operations += 1
        failures += len(case.findall("failure"))
        errors += len(case.findall("error"))
    requests = 0
    with open(ndjson_path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if finished:
                requests += len(finished.get("recorder", {}).get("interactions", {}))
    print(
        f"schemathesis ({database}): {operations} operations, {requests} requests, "
        f"{failures} failures, {errors} errors, {seconds} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
