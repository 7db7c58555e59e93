"""Measure how long `briefgen serve` takes from saving a fact sheet to a reloadable page and PDF.

Usage: python benchmarks/serve.py [--edits N]

Starts the real server on a copy of the project, saves N edits to the example
brief, and for each one times (a) until the version counter moves, which is
when an open page reloads, with the new page and PDF already in place.
Prints one JSON object. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHEET = "briefs/mali-ukraine-rupture.yaml"
PDF = "/briefs/mali-ukraine-rupture/mali-ukraine-rupture.pdf"


def fetch(port: int, path: str) -> bytes:
    """GET a path from the local server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def start(root: Path) -> tuple[subprocess.Popen, int]:
    """Start the server on a free port and return it with its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    for line in process.stdout:
        found = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return process, int(found[1])
    raise SystemExit("the server did not start")


def time_one_edit(root: Path, port: int, number: int) -> float:
    """Save one edit and return the seconds until the version counter moves."""
    before = fetch(port, "/__briefgen/version")
    sheet = root / SHEET
    text = re.sub(r"(?m)^title: .*$", f"title: Benchmark edit number {number}", sheet.read_text(encoding="utf-8"))
    started = time.perf_counter()
    sheet.write_text(text, encoding="utf-8")
    while fetch(port, "/__briefgen/version") == before:
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    assert f"Benchmark edit number {number}".encode() in fetch(port, "/briefs/mali-ukraine-rupture/")
    assert fetch(port, PDF).startswith(b"%PDF")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("briefs", "seeds", "templates"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "pyproject.toml", root)
        started = time.perf_counter()
        process, port = start(root)
        ready = time.perf_counter() - started
        try:
            time.sleep(1.0)  # let the warm-up of the workers finish
            seconds = [time_one_edit(root, port, n) for n in range(args.edits)]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)
    print(
        json.dumps(
            {
                "cpus": os.cpu_count(),
                "first_build_and_listen_s": round(ready, 3),
                "edits": args.edits,
                "edit_to_reload_median_s": round(statistics.median(seconds), 3),
                "edit_to_reload_max_s": round(max(seconds), 3),
                "edit_to_reload_all_s": [round(s, 3) for s in seconds],
            }
        )
    )


if __name__ == "__main__":
    main()
