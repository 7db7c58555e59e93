"""`serve` watches before its first build: a save made while that build runs shows without another save."""

from __future__ import annotations

import http.client
import threading

from briefgen.config import Project
from briefgen.curate.serve import serve
from briefgen.site.output import StagedSite
from tests.curate.test_serve import EXAMPLE_ID, PATIENCE, TITLE, copy_project, wait_for


def test_a_save_during_the_first_build_shows_in_the_served_page(tmp_path, monkeypatch):
    """The first build is held at its swap, after it read every sheet; the sheet is saved while it waits."""
    root = copy_project(tmp_path)
    swapping, saved = threading.Event(), threading.Event()
    real_commit = StagedSite.commit
    commits: list[StagedSite] = []

    def commit_once_the_sheet_is_saved(staged: StagedSite) -> None:
        commits.append(staged)
        if len(commits) == 1:
            swapping.set()
            assert saved.wait(PATIENCE)
        real_commit(staged)

    monkeypatch.setattr(StagedSite, "commit", commit_once_the_sheet_is_saved)
    stop, urls, lines = threading.Event(), [], []
    options = {"port": 0, "pdf": False, "echo": lines.append, "stop": stop, "on_ready": urls.append}
    server = threading.Thread(target=serve, args=(Project.discover(root),), kwargs=options, daemon=True)
    server.start()
    try:
        assert swapping.wait(PATIENCE), f"the first build never reached its swap: {lines}"
        sheet = root / "briefs" / f"{EXAMPLE_ID}.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8").replace(TITLE, "title: Saved mid-build"), encoding="utf-8")
        saved.set()
        port = int(wait_for("the server to be ready", lambda: urls and urls[0]).rsplit(":", 1)[1].strip("/"))
        wait_for("the save on the served page", lambda: "Saved mid-build" in _page(port, f"/briefs/{EXAMPLE_ID}/"))
    finally:
        saved.set()
        stop.set()
        server.join(PATIENCE)
    assert not server.is_alive()
    assert f"rebuilt {EXAMPLE_ID} in" in " ".join(lines)  # by the watcher, after the first build
    assert len(commits) == 2, "one first build, one rebuild for the save; no more"


def _page(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()
