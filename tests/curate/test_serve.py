"""`briefgen serve` for real: a server process on a free loopback port, edits on disk, raw HTTP."""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.curate.serve_pages import contained_file
from tests.cdp import Browser, find_chromium
from tests.conftest import ROOT

EXAMPLE_ID = "mali-ukraine-rupture"
TITLE = "title: Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush"
PATIENCE = 60.0  # seconds a bounded wait may take on a slow machine; the server is usually far faster


@dataclass
class Server:
    """A running `briefgen serve` and the project it watches."""

    process: subprocess.Popen
    root: Path
    host: str
    port: int
    output: list[str]

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Send a raw GET (the path is not normalised) and return status, content type and body."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()

    def page(self, path: str) -> tuple[int, str]:
        status, _, body = self.get(path)
        return status, body.decode("utf-8")

    def sheet(self, name: str = EXAMPLE_ID) -> Path:
        return self.root / "briefs" / f"{name}.yaml"


def wait_for(what: str, check: Callable[[], object]) -> object:
    """Poll until check() returns something true; fail after PATIENCE seconds."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def copy_project(target: Path) -> Path:
    """A throwaway project: the example brief, a second brief, the seeds and the templates."""
    for folder in ("briefs", "seeds", "templates"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("mail"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    text = (target / "briefs" / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    second = text.replace(f"id: {EXAMPLE_ID}\n", "id: second-brief\n", 1).replace(TITLE, "title: The second brief")
    (target / "briefs" / "second-brief.yaml").write_text(second, encoding="utf-8")
    return target


def start_server(root: Path, *extra: str) -> Server:
    """Start `briefgen serve --port 0` with Ctrl-C handled as in a terminal, and read its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0", *extra],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal, not ignored
    )
    lines = []
    for line in process.stdout:
        lines.append(line)
        found = re.match(r"serving http://(127\.0\.0\.1):(\d+)/", line)
        if found:
            server = Server(process, root, found[1], int(found[2]), lines)
            threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
            return server
    process.wait(10)
    pytest.fail(f"server did not start:\n{''.join(lines)}{process.stderr.read()}")


def stop_server(server: Server) -> tuple[int, str, str]:
    """Press Ctrl-C as a terminal would, and collect the exit status and output."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=60)
    time.sleep(0.2)  # let the reader thread take the last lines
    return server.process.returncode, "".join(server.output), server.process.stderr.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """One server with warm PDF workers, shared by this module's tests; each test leaves files as found."""
    running = start_server(copy_project(tmp_path_factory.mktemp("serve")))
    yield running
    if running.process.poll() is None:
        stop_server(running)


@pytest.fixture
def example_sheet(server: Server) -> Iterator[Path]:
    """The example fact sheet; restored (and rebuilt) after the test."""
    path = server.sheet()
    original = path.read_text(encoding="utf-8")
    yield path
    path.write_text(original, encoding="utf-8")
    wait_for("the restored brief", lambda: server.page(f"/briefs/{EXAMPLE_ID}/")[0] == 200)


def test_index_is_served_with_the_live_reload_script(server):
    status, page = server.page("/")
    assert status == 200
    assert "Mali severs diplomatic relations" in page and "The second brief" in page
    assert page.count('<script src="/__briefgen/live-reload.js" defer></script>') == 1
    status, kind, script = server.get("/__briefgen/live-reload.js")
    assert (status, kind) == (200, "text/javascript; charset=utf-8")
    assert b"/__briefgen/version" in script and b"location.reload()" in script
    on_disk = (server.root / ".briefgen" / "serve" / "index.html").read_text(encoding="utf-8")
    assert "__briefgen" not in on_disk


def test_an_edit_shows_on_the_page_and_in_the_pdf(server, example_sheet):
    before = int(server.page("/__briefgen/version")[1])
    example_sheet.write_text(
        example_sheet.read_text(encoding="utf-8").replace(TITLE, "title: Mali cuts ties with Kyiv"), encoding="utf-8"
    )
    wait_for(
        "the new title on the page", lambda: "Mali cuts ties with Kyiv" in server.page(f"/briefs/{EXAMPLE_ID}/")[1]
    )
    # The counter moves just after the new files are in place, so a polling page reloads onto them.
    wait_for("the version to move on", lambda: int(server.page("/__briefgen/version")[1]) > before)

    def pdf_text() -> str:
        status, kind, data = server.get(f"/briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf")
        assert (status, kind) == (200, "application/pdf")
        return PdfReader(io.BytesIO(data)).pages[0].extract_text()

    wait_for("the new title in the PDF", lambda: "Mali cuts ties with Kyiv" in pdf_text())


def test_a_broken_sheet_shows_its_errors_and_others_keep_working(server, example_sheet):
    text = example_sheet.read_text(encoding="utf-8")
    line = text[: text.index("as_of: 2024-08-04")].count("\n") + 1
    example_sheet.write_text(text.replace("as_of: 2024-08-04", "as_of: 2024-08-32", 1), encoding="utf-8")
    status, page = wait_for("the error page", lambda: _status_is(server, f"/briefs/{EXAMPLE_ID}/", 422))
    assert f"<code>briefs/{EXAMPLE_ID}.yaml:{line}:8</code>: as_of: &#x27;2024-08-32&#x27; is not a real date" in page
    assert "/__briefgen/live-reload.js" in page
    status, other = server.page("/briefs/second-brief/")
    assert status == 200 and "The second brief" in other
    assert f'href="/briefs/{EXAMPLE_ID}/">briefs/{EXAMPLE_ID}.yaml</a>: 1 error(s)' in other
    assert server.get(f"/briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf")[0] == 200  # the last good PDF stays


def test_other_briefs_still_rebuild_while_one_is_broken(server, example_sheet):
    second = server.sheet("second-brief")
    original = second.read_text(encoding="utf-8")
    example_sheet.write_text("id: [unclosed\n", encoding="utf-8")
    wait_for("the error page", lambda: _status_is(server, f"/briefs/{EXAMPLE_ID}/", 422))
    try:
        second.write_text(original.replace("title: The second brief", "title: The second brief, revised"), "utf-8")
        wait_for("the revised brief", lambda: "second brief, revised" in server.page("/briefs/second-brief/")[1])
    finally:
        second.write_text(original, encoding="utf-8")
        wait_for(
            "the second brief back", lambda: "second brief, revised" not in server.page("/briefs/second-brief/")[1]
        )


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed; `make test` installs it")
def test_an_open_page_reloads_itself_in_a_real_browser(server, example_sheet, tmp_path):
    """Headless chromium keeps the brief open while the sheet is edited, broken and fixed."""
    browser = Browser(find_chromium(), tmp_path / "profile")
    try:
        browser.open_page()
        browser.navigate(f"http://127.0.0.1:{server.port}/briefs/{EXAMPLE_ID}/")
        browser.evaluate("window.loadedBeforeTheEdit = true")
        text = example_sheet.read_text(encoding="utf-8")
        example_sheet.write_text(text.replace(TITLE, "title: Seen in the browser"), encoding="utf-8")
        wait_for("the reloaded page", lambda: _heading(browser) == "Seen in the browser")
        assert browser.evaluate("window.loadedBeforeTheEdit === undefined")  # a fresh page, not a patched one
        assert [p for p in browser.problems() if "favicon" not in p] == []
        example_sheet.write_text(text.replace("as_of: 2024-08-04", "as_of: 2024-08-32", 1), encoding="utf-8")
        wait_for("the error page", lambda: (_heading(browser) or "").startswith("1 error(s) in briefs/"))
        example_sheet.write_text(text, encoding="utf-8")
        wait_for("the brief again", lambda: (_heading(browser) or "").startswith("Mali severs diplomatic"))
    finally:
        browser.close()


def _heading(browser: Browser) -> str | None:
    """The page's first heading, or None while it is between two loads."""
    try:
        return browser.evaluate("document.querySelector('h1') && document.querySelector('h1').textContent.trim()")
    except (RuntimeError, TimeoutError):
        return None


def test_a_new_draft_shows_its_to_do_list(server):
    made = subprocess.run(
        [sys.executable, "-m", "briefgen", "new", f"seeds/{EXAMPLE_ID}.txt", "--id", "fresh-draft"],
        cwd=server.root,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    try:
        status, page = wait_for("the draft's page", lambda: _status_is(server, "/briefs/fresh-draft", 422))
        assert "error(s) in briefs/fresh-draft.yaml" in page
        assert "<code>briefs/fresh-draft.yaml:10:8</code>: title: " in page
        assert server.page("/")[0] == 200
    finally:
        (server.root / "briefs" / "fresh-draft.yaml").unlink()
    wait_for("the draft gone", lambda: _status_is(server, "/briefs/fresh-draft", 404))


def test_a_seed_edit_rechecks_the_quotes_that_cite_it(server, example_sheet):
    seed = server.root / "seeds" / f"{EXAMPLE_ID}.txt"
    original = seed.read_text(encoding="utf-8")
    seed.write_text(original.replace("84 Russian mercenaries", "eighty Russian mercenaries"), encoding="utf-8")
    try:
        status, page = wait_for("the error page", lambda: _status_is(server, f"/briefs/{EXAMPLE_ID}/", 422))
        assert "quote not found in source &#x27;article&#x27;" in page
    finally:
        seed.write_text(original, encoding="utf-8")
    wait_for("the brief back", lambda: _status_is(server, f"/briefs/{EXAMPLE_ID}/", 200))


def test_a_template_edit_rebuilds_the_pages(server):
    template = server.root / "templates" / "base.html"
    original = template.read_text(encoding="utf-8")
    template.write_text(original.replace("<body>", "<body><!-- template edited in a test -->", 1), encoding="utf-8")
    try:
        wait_for("the edited template", lambda: "template edited in a test" in server.page("/briefs/second-brief/")[1])
    finally:
        template.write_text(original, encoding="utf-8")
    wait_for("the template back", lambda: "template edited in a test" not in server.page("/")[1])


def test_a_killed_pdf_worker_is_replaced(server, example_sheet):
    workers = _pdf_workers(server.process.pid)
    assert workers, "the server should keep warm PDF workers"
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    text = example_sheet.read_text(encoding="utf-8")
    example_sheet.write_text(text.replace(TITLE, "title: Rebuilt by new workers"), encoding="utf-8")

    def pdf_has_new_title() -> bool:
        status, _, data = server.get(f"/briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf")
        return status == 200 and "Rebuilt by new workers" in PdfReader(io.BytesIO(data)).pages[0].extract_text()

    wait_for("a PDF from new workers", pdf_has_new_title)
    assert set(_pdf_workers(server.process.pid)).isdisjoint(workers)


def _pdf_workers(pid: int) -> list[int]:
    """The server's spawned worker processes, read from /proc (any of its threads may have started them)."""
    children = [c for task in Path(f"/proc/{pid}/task").iterdir() for c in _read(task / "children").decode().split()]
    return [int(c) for c in children if b"spawn_main" in _read(Path(f"/proc/{c}/cmdline"))]


def _read(path: Path) -> bytes:
    """Read a /proc file of a thread or process that may have exited since it was listed: empty if it has."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/%2E%2E/pyproject.toml",
        "/briefs/../../pyproject.toml",
        "/briefs/%2e%2e/%2e%2e/pyproject.toml",
        "/%2e%2e%2fpyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "//etc/passwd",
        "/.briefgen-manifest.json",
        "/%00index.html",
        "/%ff",
    ],
)
def test_nothing_outside_the_output_folder_is_served(server, path):
    status, _, body = server.get(path)
    assert status == 404
    assert b"[project]" not in body and b"root:" not in body


def test_files_inside_are_served_with_their_types(server):
    assert server.get("/assets/site.css")[:2] == (200, "text/css; charset=utf-8")
    assert server.get(f"/briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.json")[:2] == (200, "application/json; charset=utf-8")
    status, _, _ = server.get(f"/briefs/{EXAMPLE_ID}")
    assert status == 301


def test_contained_file_refuses_symlinks_that_lead_out(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "site" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "site" / "page.html").write_text("ok", encoding="utf-8")
    assert contained_file(tmp_path / "site", "/link.txt") is None
    assert contained_file(tmp_path / "site", "/page.html") == (tmp_path / "site" / "page.html").resolve()


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    running = start_server(copy_project(tmp_path), "--no-pdf")
    assert running.page("/")[0] == 200
    code, out, err = stop_server(running)
    assert code == 0, err
    assert "stopping" in out
    assert "Traceback" not in err and "Traceback" not in out
    with pytest.raises(ConnectionRefusedError):
        running.get("/")


def test_a_busy_port_is_one_clear_error(tmp_path):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "briefgen", "serve", "--port", str(port), "--no-pdf"],
            cwd=copy_project(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.close()
    assert run.returncode == 1
    assert run.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def _status_is(server: Server, path: str, expected: int) -> tuple[int, str] | None:
    status, page = server.page(path)
    return (status, page) if status == expected else None


def test_a_client_that_hangs_up_before_reading_the_reply_leaves_no_traceback(tmp_path):
    """The client reads the status line of a reply too big for the socket buffers, then resets the connection."""
    root = copy_project(tmp_path)
    (root / "templates" / "assets" / "large.bin").write_bytes(bytes(8 * 1024 * 1024))
    running = start_server(root, "--no-pdf")
    for _ in range(3):
        client = socket.create_connection((running.host, running.port), timeout=30)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.sendall(b"GET /assets/large.bin HTTP/1.1\r\nHost: preview\r\n\r\n")
        assert client.recv(12) == b"HTTP/1.0 200"
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        client.close()
    assert running.page("/")[0] == 200, "the server keeps serving"
    code, out, err = stop_server(running)
    assert code == 0, err
    assert "Traceback" not in err and "Error" not in err, err
