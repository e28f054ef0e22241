#!/usr/bin/env python3
"""Prints what a browser downloads of the built app (dist/), gzipped, and checks the budget.

The first download is what the app needs before its first screen: the files `index.html`
names (the main JavaScript, the main WASM module, the style sheet) and the split loader the
main JavaScript imports. Everything else (one module per screen loaded on demand, and chunks
those screens share) comes when a screen first opens. The budget applies to the first
download; the total is printed for comparison with earlier builds.

    scripts/web-app-size.py [DIST]
"""

import re
import sys
from pathlib import Path

FIRST_DOWNLOAD_BUDGET = 400_000


def gz_size(dist: Path, name: str) -> int:
    """The size of a file's gzip copy (what the server sends)."""
    return (dist / f"{name}.gz").stat().st_size


def first_download(dist: Path) -> list[str]:
    """The names of the files the first screen needs."""
    html = (dist / "index.html").read_text()
    names = re.findall(r'(?:href|src)="/?([^"/]+\.(?:js|wasm|css))"', html)
    names += re.findall(r"from '/?([^'/]+\.js)'", html)
    names = sorted(set(names))
    for script in [n for n in names if n.endswith(".js")]:
        names += re.findall(r"""from ["']\./([^"']+\.js)["']""", (dist / script).read_text())
    return sorted(set(names))


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    first = first_download(dist)
    on_demand = sorted(
        p.name[:-3] for p in dist.glob("*.gz") if p.name[:-3] not in first
    )
    first_total = 0
    print("first download:")
    for name in first:
        size = gz_size(dist, name)
        first_total += size
        print(f"{size:10,d}  {name}")
    print(f"{first_total:10,d}  first download (budget: {FIRST_DOWNLOAD_BUDGET:,d})")
    on_demand_total = 0
    print("loaded on demand:")
    for name in on_demand:
        size = gz_size(dist, name)
        on_demand_total += size
        print(f"{size:10,d}  {name}")
    print(f"{on_demand_total:10,d}  on demand")
    print(f"{first_total + on_demand_total:10,d}  everything")
    if not any(n.endswith(".wasm") for n in first):
        sys.exit("error: index.html names no WASM module")
    if first_total > FIRST_DOWNLOAD_BUDGET:
        sys.exit(f"error: the first download is {first_total:,d} bytes, over the budget")


if __name__ == "__main__":
    main()
