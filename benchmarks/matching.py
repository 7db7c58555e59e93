"""Measure quote matching at its limits: time and peak memory of reading one sheet; print one JSON object.

Usage: python benchmarks/matching.py [--case NAME ...] [--timeout SECONDS]

Each case reads one fact sheet through the loader (parsing, validation and quote
matching, as ``briefgen check`` does) in a fresh process, so its peak resident
memory is its own. The cases are the worst inputs found so far: a quote far over
the 2,000-character limit that matches nothing, three of them in one sheet, and a
2,000-character quote that misses in a seed just under the 8 MiB limit, plain,
full of invisible characters, or with a bidi override on every 50th line. A case that runs past
the timeout is stopped and reported as such. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MINIMAL = (REPO / "tests" / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
SEED_BYTES = 8 * 1024 * 1024 - 4096  # just under the loader's MAX_SEED_BYTES
SENTENCE = "the ministry said that people were killed in the flooding and promised an inquiry into it"


def prose(size: int, seed: int = 7) -> str:
    """Return about ``size`` characters of repetitive English words, the same on every run."""
    vocabulary, words, state, length = SENTENCE.split(), [], seed, 0
    while length < size:
        state = (state * 1103515245 + 12345) % 2**31
        words.append(vocabulary[state % len(vocabulary)])
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def missing_quote(size: int, seed: int = 11) -> str:
    """Return a quote of ``size`` characters made of the seed's words, ending in one it never has."""
    return prose(size - 9, seed=seed) + " zanzibar"


def sheet_with_quotes(quotes: list[str], seed_file: str) -> str:
    """Return the minimal sheet citing ``seed_file``, its first key points quoting ``quotes``."""
    text = MINIMAL.replace("file: sample.txt", f"file: {seed_file}")
    for number, quote in enumerate(quotes):
        text = text.replace(
            {0: 'quote: "at least 12 people"}', 1: "quote: described the response as slow}"}.get(number, "\0"),
            f"quote: {json.dumps(quote)}}}",
            1,
        )
    return text


def case_files(name: str) -> tuple[str, dict[str, str]]:
    """Return a case's sheet and its seeds by file name."""
    small = (REPO / "tests" / "fixtures" / "seeds" / "sample.txt").read_text(encoding="utf-8")
    if name == "quote-100k":
        return sheet_with_quotes([missing_quote(100_000)], "sample.txt"), {"sample.txt": small}
    if name == "quotes-3x100k":
        quotes = [missing_quote(100_000, seed) for seed in (11, 13)]
        sheet = sheet_with_quotes(quotes, "sample.txt").replace(
            "quote: were killed in the flooding}", f"quote: {json.dumps(missing_quote(100_000, 17))}}}"
        )
        return sheet, {"sample.txt": small}
    body = prose(SEED_BYTES)
    if name == "seed-8m-invisible":
        body = "\u200b".join(body[i : i + 3] for i in range(0, len(body), 3))[: SEED_BYTES // 2]
    elif name == "seed-8m-override":  # every 50th line of 80 characters opens an override its line end closes
        lines = [body[i : i + 79] for i in range(0, len(body) - 16_384, 80)]  # room for the 3-byte marks
        body = "\n".join(("\u202e" if number % 50 == 0 else "") + line for number, line in enumerate(lines))
    seed = small + "\n" + body
    return sheet_with_quotes([missing_quote(2_000)], "big.txt"), {"big.txt": seed}


CASES = ["quote-100k", "quotes-3x100k", "seed-8m", "seed-8m-invisible", "seed-8m-override"]


def run_case(name: str) -> dict:
    """Read the case's sheet here (a child process) and report time, peak memory and the problems' first words."""
    from briefgen.config import Project, Settings
    from briefgen.sheet.loader import read_sheet

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "briefs").mkdir()
        (root / "seeds").mkdir()
        sheet, seeds = case_files(name)
        for seed_name, text in seeds.items():
            (root / "seeds" / seed_name).write_text(text, encoding="utf-8")
        (root / "briefs" / "case.yaml").write_text(sheet, encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        loaded = read_sheet(root / "briefs" / "case.yaml", Project(root, Settings()))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {
        "case": name,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "problems": [f"{p.line}:{p.column}: {p.message[:70]}" for p in loaded.problems],
    }


def measure(name: str, timeout: float) -> dict:
    """Run one case in a fresh process; stop it at the timeout."""
    command = [sys.executable, __file__, "--child", name]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"case": name, "stopped_after_seconds": timeout}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=CASES, help="run only this case (repeat); default: all")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a case may run (default: 300)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child)))
        return
    results = [measure(name, args.timeout) for name in args.case or CASES]
    print(json.dumps({"load_average": os.getloadavg()[0], "cases": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
