"""HTTP side of ``briefgen serve``: contained static files, error pages, the live-reload script.

Only files inside the output folder are served. A request path is decoded
once, split into segments, and refused (404) when any segment is empty, '.',
'..' or hidden, or when the resolved file lies outside the folder (symlinks
included). HTML gets one script tag that polls a version counter and
reloads the page after a rebuild; it is added only here, never to the site.
"""

from __future__ import annotations

import html
import logging
import mimetypes
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen import paths
from briefgen.errors import Problem

log = logging.getLogger(__name__)

CONTROL_PREFIX = "/__briefgen/"
VERSION_PATH = CONTROL_PREFIX + "version"
SCRIPT_PATH = CONTROL_PREFIX + "live-reload.js"
RELOAD_SCRIPT = """// briefgen serve: reload this page after each rebuild.
(function () {
  var seen = null;
  function poll() {
    fetch("VERSION_URL", {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (seen !== null && version !== seen) { location.reload(); return; }
        seen = version;
        setTimeout(poll, 100);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("VERSION_URL", VERSION_PATH)
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'


@dataclass
class BrokenSheet:
    """A fact sheet that does not validate: the brief it would be and every problem found."""

    brief_id: str
    display: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class PreviewState:
    """What the handler serves from: the output folder, the rebuild count and current errors."""

    root: Path
    version: int = 0
    broken: dict[str, BrokenSheet] = field(default_factory=dict)
    site_errors: list[str] = field(default_factory=list)


def contained_file(root: Path, url_path: str) -> Path | None:
    """Map a URL path to a file inside root, or None; never follow '..' or encoded variants out."""
    decoded = unquote(url_path, errors="strict")
    if not decoded.startswith("/"):
        return None
    *folders, name = decoded.split("/")[1:]
    if any(s in ("", ".") or s.startswith(".") for s in folders) or name.startswith("."):
        return None
    candidate = paths.join_inside(root, decoded[1:]) if decoded != "/" else root.resolve()
    if candidate is None:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def brief_page_of(url_path: str) -> str | None:
    """Name the brief whose page a URL asks for: /briefs/<id>, /briefs/<id>/ or /briefs/<id>/index.html."""
    parts = unquote(url_path).split("/")
    is_page = len(parts) == 3 or (len(parts) == 4 and parts[3] in ("", "index.html"))
    return parts[2] if is_page and parts[1] == "briefs" and parts[2] else None


def inject_reload(page: bytes, banner: str = "") -> bytes:
    """Add the live-reload script (and an error banner, if any) to an HTML page."""
    text = page.decode("utf-8", errors="replace")
    at = text.rfind("</body>")
    addition = banner + SCRIPT_TAG
    text = text[:at] + addition + text[at:] if at >= 0 else text + addition
    return text.encode("utf-8")


def error_banner(state: PreviewState) -> str:
    """Say on every page that some fact sheets are broken, linking their error pages."""
    if not state.broken and not state.site_errors:
        return ""
    items = [
        f'<li><a style="color:#fff;text-decoration:underline" href="/briefs/{html.escape(b.brief_id)}/">'
        f"{html.escape(b.display)}</a>: "
        f"{len(b.problems)} error(s)</li>"
        for b in state.broken.values()
    ] + [f"<li>{html.escape(line)}</li>" for line in state.site_errors]
    return (
        '<aside id="briefgen-serve-errors" role="alert" style="position:fixed;bottom:0;left:0;right:0;'
        'background:#8b0000;color:#fff;padding:.5em 1em;font:14px/1.4 system-ui,sans-serif;z-index:9999">'
        "<strong>briefgen serve: these fact sheets have errors and were not rebuilt:</strong>"
        f'<ul style="margin:.3em 0 0 1em;padding:0">{"".join(items)}</ul></aside>'
    )


def error_page(sheet: BrokenSheet) -> bytes:
    """Render the page shown instead of a brief whose fact sheet has errors."""
    rows = "".join(
        f"<li><code>{html.escape(p.path)}:{p.line}:{p.column}</code>: {html.escape(p.message)}</li>"
        for p in sheet.problems
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Errors in {html.escape(sheet.display)} · briefgen serve</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
code{{background:#f3f3f3;padding:0 .2em}} li{{margin:.3em 0}} h1{{color:#8b0000;font-size:1.4em}}</style></head>
<body>
<h1>{len(sheet.problems)} error(s) in {html.escape(sheet.display)}</h1>
<p>The brief <strong>{html.escape(sheet.brief_id)}</strong> cannot be built until these are fixed.
Save the file and this page reloads itself; other briefs keep their last good output.
A new draft from <code>briefgen new</code> starts here: these lines are what is left to curate.</p>
<ol>{rows}</ol>
<p><a href="/">All briefs</a></p>
</body>
</html>
"""
    return inject_reload(page.encode("utf-8"))


class PreviewHandler(BaseHTTPRequestHandler):
    """Serve the preview: GET and HEAD only, nothing outside the output folder."""

    state: PreviewState  # set on a subclass by make_handler
    server_version = "briefgen-serve"

    def handle(self) -> None:
        """Serve one connection; a client that hangs up before reading the reply is not the server's error."""
        try:
            super().handle()
        except ConnectionError as gone:  # a reset or a broken pipe: the client closed its end
            self.close_connection = True
            log.debug("%s hung up before reading the reply: %s", self.address_string(), gone)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == VERSION_PATH:
            return self._send(HTTPStatus.OK, str(self.state.version).encode(), "text/plain", send_body)
        if path == SCRIPT_PATH:
            return self._send(HTTPStatus.OK, RELOAD_SCRIPT.encode(), "text/javascript", send_body)
        broken = self.state.broken.get(brief_page_of(path) or "")
        if broken is not None:
            return self._send(HTTPStatus.UNPROCESSABLE_ENTITY, error_page(broken), "text/html", send_body)
        try:
            found = contained_file(self.state.root, path)
        except UnicodeDecodeError:
            found = None
        if found is None:
            return self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", "text/plain", send_body)
        if found.name == "index.html" and not path.endswith(("/", "/index.html")):
            return self._redirect(path + "/")
        self._send_file(found, send_body)

    def _send_file(self, found: Path, send_body: bool) -> None:
        body = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = inject_reload(body, error_banner(self.state))
        self._send(HTTPStatus.OK, body, kind, send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool) -> None:
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript")) else ""
        self.send_response(status)
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        log.debug("%s %s", self.address_string(), format % args)


def make_handler(state: PreviewState) -> type[PreviewHandler]:
    """Bind a handler class to one preview's state."""
    return type("BoundPreviewHandler", (PreviewHandler,), {"state": state})
