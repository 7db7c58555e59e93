"""Show build progress: a rich bar on a terminal, plain lines in CI and logs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

ProgressCallback = Callable[[int, int, str], None]


def plain_lines(stream: TextIO) -> ProgressCallback:
    """Report each PDF as a line of its own, for CI logs and pipes."""

    def report(done: int, total: int, label: str) -> None:
        if label:
            stream.write(f"PDF {done + 1}/{total}: {label}\n")
            stream.flush()

    return report


@contextmanager
def progress_reporter(stream: TextIO | None = None) -> Iterator[ProgressCallback]:
    """Yield a progress callback; the bar starts on first use, after the build has forked its workers."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield plain_lines(stream)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    )
    tasks: list = []

    def update(done: int, total: int, label: str) -> None:
        if not tasks:
            bar.start()
            tasks.append(bar.add_task("PDF", total=total))
        bar.update(tasks[0], completed=done, total=total, description=f"PDF {label}".rstrip())

    try:
        yield update
    finally:
        if tasks:
            bar.stop()
