"""``briefgen serve``: build, serve on loopback, rebuild what changed, reload open pages.

The preview is built into ``.briefgen/serve`` (drafts included) by the same
incremental build as ``briefgen build``, with PDF workers that stay warm for
the whole session. Files are watched before the first build starts, so a
save made while it runs brings a rebuild right after it. A fact sheet with errors does not stop the server: the
other briefs are rebuilt without it, its last good output stays in place,
and its page shows the error lines until the file is fixed.
"""

from __future__ import annotations

import ipaddress
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from http.server import ThreadingHTTPServer
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.curate.serve_pages import BrokenSheet, PreviewState, make_handler
from briefgen.errors import BriefgenError, Severity, ValidationFailed
from briefgen.sheet.loader import LoadedSheet, find_sheets, read_sheet
from briefgen.site.build import BuildOptions, BuildResult, build
from briefgen.site.templating import forget_environments
from briefgen.site.workers import exit_with

log = logging.getLogger(__name__)

Echo = Callable[[str], None]
PREVIEW_DIR = Path(".briefgen") / "serve"


def preview_dir(project: Project) -> Path:
    """Return where the preview is built: apart from site/, which stays the publishable build."""
    return project.root / PREVIEW_DIR


WARM_UP_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>warm-up</title></head><body><h1>Warm-up</h1>"
    "<p>Text, <strong>bold</strong>, <em>italic</em>, 84 · 47 — “quotes”.</p>"
    "<table><tr><th>Party</th><td>1</td></tr></table></body></html>"
)


def _quiet_warm_worker(parent: int, project: Project) -> None:
    """Warm a PDF worker fully (fonts loaded, layout run once); leave Ctrl-C to the server, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with(parent)
    from briefgen.pdf import render as pdf

    pdf.warm_up(project)
    try:
        pdf.html_to_pdf(WARM_UP_PAGE, project, "warm-up", "2024-01-01")
    except Exception:  # a failed warm-up only costs speed; the real render reports real problems
        log.debug("PDF warm-up render failed", exc_info=True)


class LivePreview:
    """Keep the preview built, and know which fact sheets are broken and why."""

    def __init__(self, project: Project, out_dir: Path, *, pdf: bool = True, echo: Echo | None = None):
        self.project = project
        self.pdf = pdf
        self.echo = echo or log.info
        self.state = PreviewState(out_dir)
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.sheets: dict[Path, tuple[tuple, LoadedSheet]] = {}
        self.said: set[str] = set()  # notices (history unavailable) are said once a session

    def start_workers(self) -> None:
        """Start PDF workers that import WeasyPrint and parse the stylesheet now, not on first edit."""
        if not self.pdf:
            return
        workers = max(1, min(2, os.cpu_count() or 1))
        context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self.pool = ProcessPoolExecutor(
            workers, context, initializer=_quiet_warm_worker, initargs=(os.getpid(), self.project)
        )
        for _ in range(workers):
            self.pool.submit(os.getpid)

    def stop_workers(self) -> None:
        """Stop the PDF workers, dropping queued work."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def rebuild(self, changed: Iterable[Path] = ()) -> BuildResult | None:
        """Rebuild after a change; never raises for bad input, it records the errors instead."""
        changed = [Path(p) for p in changed]
        with self.lock:
            started = time.perf_counter()
            if any(paths.is_inside(p, self.project.templates_dir) for p in changed):
                forget_environments()  # an override added beside the built-in theme must win from now on
                self.stop_workers()  # workers cache the print stylesheet: start fresh ones
                self.start_workers()
            if any(not paths.is_inside(p, self.project.briefs_dir) for p in changed):
                self.sheets.clear()  # a seed or template changed: quotes and pages must be rechecked
            broken, valid_ids = self._survey()
            result, site_errors = self._build(broken, valid_ids)
            self.state.broken, self.state.site_errors = broken, site_errors
            self.state.version += 1
            self._report(result, time.perf_counter() - started)
            return result

    def _survey(self) -> tuple[dict[str, BrokenSheet], list[str]]:
        """Validate the sheets whose files changed since last time; return the broken ones and valid ids."""
        broken: dict[str, BrokenSheet] = {}
        valid: list[str] = []
        paths = find_sheets([self.project.briefs_dir]) if self.project.briefs_dir.is_dir() else []
        for path in paths:
            loaded = self._loaded(path)
            if loaded.ok:
                valid.append(loaded.sheet.id)
            else:
                brief_id = _brief_id(loaded)
                errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
                broken[brief_id] = BrokenSheet(brief_id, loaded.display, errors)
        self.sheets = {p: self.sheets[p] for p in paths if p in self.sheets}
        return broken, valid

    def _loaded(self, path: Path) -> LoadedSheet:
        """Read a sheet again only when its file changed; an editor's save may briefly remove it."""
        try:
            stat = path.stat()
        except OSError:
            return read_sheet(path, self.project)
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = self.sheets.get(path)
        if known is None or known[0] != stamp:
            known = self.sheets[path] = (stamp, read_sheet(path, self.project))
        return known[1]

    def _build(self, broken: dict[str, BrokenSheet], valid_ids: list[str]) -> tuple[BuildResult | None, list[str]]:
        """Build every valid brief; with broken sheets, build only the others so theirs stay as they were."""
        if broken and not valid_ids:
            return None, []
        only = tuple(sorted(valid_ids)) if broken else ()
        options = BuildOptions(out_dir=self.state.root, only=only, drafts=True, pdf=self.pdf)
        try:
            return self._build_with_live_workers(options), []
        except ValidationFailed as failed:
            return None, [str(p) for p in failed.problems if p.severity is Severity.ERROR]
        except BriefgenError as error:
            return None, [str(error)]

    def _build_with_live_workers(self, options: BuildOptions) -> BuildResult:
        """Build; if a PDF worker has died (killed, out of memory), start new ones and build once more."""
        try:
            return build(self.project, options, pool=self.pool, on_wait=self.echo)
        except (BrokenProcessPool, BriefgenError) as error:
            if not isinstance(error, BrokenProcessPool) and "worker died" not in str(error):
                raise
            self.echo("a PDF worker died; starting new workers and building again")
            self.stop_workers()
            self.start_workers()
            return build(self.project, options, pool=self.pool, on_wait=self.echo)

    def _report(self, result: BuildResult | None, seconds: float) -> None:
        for notice in result.notices if result else []:
            if notice not in self.said:
                self.said.add(notice)
                self.echo(notice)
        for sheet in self.state.broken.values():
            for problem in sheet.problems:
                self.echo(str(problem))
        for line in self.state.site_errors:
            self.echo(line)
        if result is None and not self.state.site_errors:
            self.echo(
                f"{len(self.state.broken)} fact sheet(s) with errors and nothing else to build; serving the last good build"
            )
        elif result is None:
            self.echo(f"rebuild failed after {seconds:.2f} s; serving the last good build")
        elif result.rendered:
            pdfs = f" ({len(result.pdfs)} PDF)" if result.pdfs else ""
            self.echo(f"rebuilt {', '.join(result.rendered)}{pdfs} in {seconds:.2f} s")
        elif result.changed:
            self.echo(f"rebuilt site pages in {seconds:.2f} s")

    def watch(self, stop: threading.Event, watching: threading.Event | None = None) -> None:
        """Rebuild whenever files under briefs/, seeds/ or templates/ change, until stop is set.

        ``watching`` is set once the folders are watched: from then on no save is missed.
        """
        import watchfiles

        folders = [
            f for f in (self.project.briefs_dir, self.project.seeds_dir, self.project.templates_dir) if f.is_dir()
        ]
        # The first yield, a change or a quiet timeout, proves the OS watches are in place.
        changed = watchfiles.watch(
            *folders, stop_event=stop, debounce=300, step=30, rust_timeout=100, yield_on_timeout=True
        )
        for changes in changed:
            if watching is not None:
                watching.set()
            if not changes:
                continue
            try:
                self.rebuild(Path(path) for _, path in changes)
            except Exception as error:  # keep serving: one failed rebuild must not end the session
                log.exception("rebuild failed")
                self.echo(f"rebuild failed: {error}")


def _brief_id(loaded: LoadedSheet) -> str:
    """Name the brief a broken sheet would be: its id if it has a usable one, else its file name."""
    raw = loaded.tree.value if loaded.tree else None
    ident = raw.get("id") if isinstance(raw, dict) else None
    return ident if isinstance(ident, str) and ident and "/" not in ident else loaded.path.stem


def serve(
    project: Project,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    pdf: bool = True,
    echo: Echo | None = None,
    stop: threading.Event | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Build the preview, serve it and rebuild on change until Ctrl-C (or ``stop`` is set)."""
    echo = echo or log.info
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    preview = LivePreview(project, preview_dir(project), pdf=pdf, echo=echo)
    httpd = listen(host, port, preview.state)  # first, so a busy port fails before any work
    serving = threading.Thread(target=httpd.serve_forever, name="briefgen-http", daemon=True)
    watching = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop, watching), name="briefgen-watch", daemon=True)
    try:
        preview.start_workers()
        watcher.start()  # before the first build, so a save made while it runs brings a rebuild after it
        while not watching.wait(0.05) and watcher.is_alive():
            pass
        preview.rebuild()
        url = f"http://{_url_host(host)}:{httpd.server_address[1]}/"
        if not _is_loopback(host):
            echo(f"warning: {host} is reachable from other machines, and the preview includes drafts")
        echo(f"serving {url} (Ctrl-C to stop)")
        serving.start()
        if on_ready:
            on_ready(url)
        while not stop.wait(0.5) and watcher.is_alive():
            pass
    except KeyboardInterrupt:
        echo("stopping")
    finally:
        stop.set()
        if serving.is_alive():
            httpd.shutdown()  # only a running serve_forever can be shut down; otherwise this would wait forever
        httpd.server_close()
        preview.stop_workers()


def listen(host: str, port: int, state: PreviewState) -> ThreadingHTTPServer:
    """Bind the preview's HTTP server; say plainly when the address is taken or not ours."""
    server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
    try:
        httpd = server_class((host, port), make_handler(state))
    except OSError as error:
        raise BriefgenError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    httpd.daemon_threads = True
    return httpd


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
