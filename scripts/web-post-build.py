#!/usr/bin/env python3
"""Trunk's post-build step: splits the browser app into modules loaded on demand, then writes
gzip copies of every file.

Trunk builds the app as one WASM module. The screens marked `#[lazy]` (frontend/src/screens.rs)
should be downloaded only when first opened, which needs a step between `cargo build` and
`wasm-bindgen` that Trunk does not have. So this script, run by Trunk in its staging directory
(Trunk.toml), does that part again from the WASM cargo left in the target directory:

1. `wasm-split-cli` cuts it at the split points: the main module, one module per screen, and
   chunks of code two screens share, plus `__wasm_split.js`, the loader the main module
   imports. The cut needs the linker's relocations (`-Clink-args=--emit-relocs`,
   .cargo/config.toml).
2. `wasm-bindgen` makes the main module's JavaScript, keeping the exports the other modules
   import (`--keep-lld-exports`).
3. In a release build, `wasm-opt` shrinks every module (`WASM_OPT`).
4. Every new file gets a content hash in its name, so the server can let browsers cache it
   for good (backend/src/web.rs); the references in the loader and the main JavaScript follow.
5. The main module and its JavaScript replace Trunk's under Trunk's names, and the
   `integrity` hashes in `index.html` are computed again.
6. Gzip copies beside every `.wasm`, `.js` and `.css` file (zopfli when installed: the smallest
   gzip there is; else `gzip -9`). The server sends them to browsers that accept gzip.

Environment (set by Trunk): TRUNK_STAGING_DIR, TRUNK_PROFILE; CARGO_TARGET_DIR when set.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRATE = "resume_frontend"
# The cargo profile Trunk builds with (`data-cargo-profile-release` in frontend/index.html).
PROFILE_DIRS = {"release": "wasm-release", "debug": "debug"}
LOADER = "__wasm_split.js"
# wasm-opt for every module of a release build (Trunk's own wasm-opt is off: it would shrink the
# unsplit module only to have it replaced). `--low-memory-unused` folds constant offsets into
# loads; safe here because Rust's wasm32 target puts the 1 MiB stack first, growing down to
# address 0, so the lowest KiB is only touched by a stack about to overflow
# (docs/PERFORMANCE.md).
WASM_OPT = ["-Oz", "--low-memory-unused"]


def run(*args: str) -> None:
    """Runs a tool; its failure fails the build with the tool's own message."""
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(args)} failed:\n{result.stderr}{result.stdout}")


def optimise(module: Path) -> None:
    """Shrinks a WASM module in place."""
    run("wasm-opt", *WASM_OPT, str(module), "-o", str(module))


def content_hash(data: bytes) -> str:
    """The 16 hex digits the server recognises as a content hash."""
    return hashlib.sha256(data).hexdigest()[:16]


def rename_with_hash(path: Path) -> str:
    """Renames `name.ext` to `name-<hash>.ext`; answers the new file name."""
    named = f"{path.stem.replace('.', '-')}-{content_hash(path.read_bytes())}{path.suffix}"
    path.rename(path.with_name(named))
    return named


def replace_all(path: Path, renames: dict[str, str]) -> None:
    """Replaces every occurrence of each key in a text file by its value, in one read and one
    write; fails when a key does not occur."""
    text = path.read_text()
    for old, new in renames.items():
        if old not in text:
            sys.exit(f"error: {path.name} does not mention {old}")
        text = text.replace(old, new)
    path.write_text(text)


def sri(path: Path) -> str:
    """The `integrity` value of a file (SHA-384, as Trunk writes it)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def update_integrity(html_path: Path, files: list[Path]) -> None:
    """Writes the new `integrity` of each file into the links that name it."""
    html = html_path.read_text()
    for file in files:
        pattern = re.compile(r'(<link[^>]*href="[^"]*/' + re.escape(file.name) + r'"[^>]*>)', re.S)
        integrity = f'integrity="{sri(file)}"'
        html = pattern.sub(lambda m: re.sub(r'integrity="[^"]*"', integrity, m.group(1)), html)
    html_path.write_text(html)


def split(staging: Path, profile: str) -> None:
    """Steps 1 to 5."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    raw = target / "wasm32-unknown-unknown" / PROFILE_DIRS[profile] / f"{CRATE}.wasm"
    scripts = sorted(staging.glob(f"{CRATE}-*.js"))
    if not raw.is_file() or len(scripts) != 1:
        sys.exit(f"error: expected {raw} and one {CRATE}-*.js in {staging}")
    main_js = scripts[0]
    stem = main_js.stem
    release = profile == "release"

    with tempfile.TemporaryDirectory() as work:
        parts, bound = Path(work, "split"), Path(work, "bindgen")
        run("wasm-split-cli", str(raw), str(parts), "--target", "web", "--out-name", stem)
        main_wasm = parts / f"{stem}.wasm"
        modules = sorted(p for p in parts.glob("*.wasm") if p != main_wasm)
        bound_js, bound_wasm = bound / f"{stem}.js", bound / f"{stem}_bg.wasm"

        def bind_main() -> None:
            run("wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
                "--no-demangle", "--out-name", stem, "--out-dir", str(bound), str(main_wasm))
            if release:
                optimise(bound_wasm)

        # The main module first: it is the largest, so the others fill the other cores.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            jobs = [pool.submit(bind_main)]
            if release:
                jobs += [pool.submit(optimise, module) for module in modules]
            for job in jobs:
                job.result()

        loader = parts / LOADER
        replace_all(loader, {f'"./{m.name}"': f'"./{rename_with_hash(m)}"' for m in modules})
        loader_name = rename_with_hash(loader)
        # The module imports keep the loader's old name as their key (the WASM names it so).
        replace_all(bound_js, {f'from "./{LOADER}"': f'from "./{loader_name}"'})

        shutil.copyfile(bound_js, main_js)
        shutil.copyfile(bound_wasm, staging / f"{stem}_bg.wasm")
        for part in parts.iterdir():
            if part != main_wasm:
                shutil.copyfile(part, staging / part.name)
    update_integrity(staging / "index.html", [main_js, staging / f"{stem}_bg.wasm"])


def compress(staging: Path) -> None:
    """Step 6."""
    zopfli = shutil.which("zopfli")

    def gzip_copy(file: Path) -> None:
        if zopfli:
            run(zopfli, str(file))
        else:
            run("gzip", "-9", "-k", "-f", "-n", str(file))

    files = sorted(f for f in staging.iterdir() if f.suffix in (".wasm", ".js", ".css"))
    # Largest first, so that the last one to finish is small.
    files.sort(key=lambda f: f.stat().st_size, reverse=True)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for job in [pool.submit(gzip_copy, file) for file in files]:
            job.result()


def main() -> None:
    staging = Path(os.environ["TRUNK_STAGING_DIR"])
    profile = os.environ.get("TRUNK_PROFILE", "debug")
    split(staging, profile)
    compress(staging)


if __name__ == "__main__":
    main()
