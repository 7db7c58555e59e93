"""Several `briefgen mail` runs at once, in real processes, against a real SMTP server: never one version twice."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.config import Project
from briefgen.mail.ledger import SendLedger, ledger_path
from briefgen.mail.run import built_pdfs
from tests.mail.support import BRIEF_ID, RecordingHandler, make_project, smtp_server

READERS = [f"reader-{number:02d}@example.org" for number in range(20)]
RUNS = 3
ROUNDS = 3


class SlowHandler(RecordingHandler):
    """Take a moment over each message, as a real relay does, so that runs started together overlap."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(scope="module")
def built_template(tmp_path_factory) -> Path:
    """A project mailing to a list of 20, its PDF built once; each round mails from a fresh copy's ledger."""
    root = make_project(tmp_path_factory.mktemp("built") / "newsroom", 25, lists={"everyone": READERS})
    built_pdfs(Project.discover(root), [BRIEF_ID])
    return root


def start_run(root: Path, port: int) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFGEN_SMTP_")}
    environment["BRIEFGEN_SMTP_PORT"] = str(port)
    command = [sys.executable, "-m", "briefgen", "mail", BRIEF_ID, "--to", "everyone"]
    return subprocess.Popen(
        command, cwd=root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def counts(summary: str) -> tuple[int, int]:
    found = re.search(r"mail: (\d+) sent, (\d+) skipped as already sent, 0 failed", summary)
    assert found, summary
    return int(found[1]), int(found[2])


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
def test_runs_at_once_send_each_reader_the_version_once(built_template, tmp_path, round_number):
    root = tmp_path / "newsroom"
    shutil.copytree(built_template, root, symlinks=True)
    SendLedger.open(ledger_path(root), create=True).close()  # an empty ledger: nobody has anything yet
    handler = SlowHandler()
    with smtp_server(handler) as port:
        runs = [start_run(root, port) for _ in range(RUNS)]
        finished = [run.communicate(timeout=300) for run in runs]
    for run, (_, errors) in zip(runs, finished, strict=True):
        assert run.returncode == 0, errors
        # The holder's pid is named once it has written it; a run that looks in that instant names none.
        named = [f" (process {other.pid})" for other in runs] + [""]
        waited = [[f"WARNING: waiting for another briefgen mail run{by} to finish"] for by in named]
        assert errors.splitlines() in ([], *waited), "a run that waits says so once"
    received = sorted(d.rcpt_tos[0].lower() for d in handler.deliveries)
    assert received == READERS, f"{len(received)} messages for {len(READERS)} readers"
    sent, skipped = (sum(column) for column in zip(*(counts(out) for out, _ in finished), strict=True))
    assert (sent, skipped) == (len(READERS), len(READERS) * (RUNS - 1))
