"""The only module that runs git: one ``git log`` of briefs/ and seeds/, and blobs read by hash.

Every call has a fixed argument list and no shell, and reads the history the
same whatever the user's or the repository's git settings say: every setting
that changes what ``git log`` or ``git cat-file`` print is given on the command
line (which overrides every configuration file), and so is every one that could
make git run another program (a pager, signature checks, fsmonitor, external
diff or textconv drivers). No transport is allowed, so a partial clone never
fetches a blob it lacks through a program its remote names. Replace refs and
grafts are ignored, and variables that would point git at another repository, another
git, or other settings are dropped, so the repository that holds the project
is read, and nothing is written to it.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import BriefgenError

WATCHED = ("briefs", "seeds")
_FIXED_SETTINGS = {
    "log.showSignature": "false",  # would run gpg on every signed commit
    "core.fsmonitor": "false",  # would run a hook to list changed files
    "core.quotePath": "false",
    "core.useReplaceRefs": "false",  # a replace ref rewrites what history says
    "log.showRoot": "true",  # false drops the first commit's files
    "i18n.logOutputEncoding": "UTF-8",  # UTF-16 turns every line into something else
    "color.ui": "never",
    "diff.relative": "false",
    "log.decorate": "no",
}
_SAFE_CONFIG = tuple(part for key, value in _FIXED_SETTINGS.items() for part in ("-c", f"{key}={value}"))
_GLOBAL_OPTIONS = ("--no-pager", "--no-replace-objects", *_SAFE_CONFIG)
# The only git variables kept: where discovery stops, and which configuration files hold the user's settings
# (such as safe.directory); every setting that matters here is overridden on the command line anyway.
_KEPT_VARIABLES = frozenset(
    {
        "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_NOSYSTEM",
    }
)
_HEADER = re.compile(rb"\x01([0-9a-f]{40}|[0-9a-f]{64}) ([0-9]+)")
_STATUS = re.compile(rb":[0-7]{6} [0-7]{6} ([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{40}|[0-9a-f]{64}) [A-Z][0-9]*")
BATCH = 500  # blobs per cat-file process: bounds the memory one answer takes


class HistoryUnavailable(BriefgenError):
    """Raised when the project's history cannot be read; the message says why, in words for a person."""


@dataclass(frozen=True)
class Commit:
    """One commit of the first-parent history that touched briefs/ or seeds/, and the files it changed."""

    sha: str
    time: int
    changes: tuple[tuple[str, str | None], ...] = field(default=())  # (path, new blob or None when removed)


def _environment() -> dict[str, str]:
    """Drop git's variables (another repository, git, pager or settings), keeping where discovery stops."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT_VARIABLES}
    environment.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_NO_REPLACE_OBJECTS="1")
    environment["GIT_GRAFT_FILE"] = os.devnull  # .git/info/grafts, deprecated but obeyed, rewrites parents too
    # No transport at all, whatever protocol.*.allow says: a partial clone would fetch a blob it lacks
    # through one, and a remote's URL can name any program (ext::).
    environment["GIT_ALLOW_PROTOCOL"] = "none"
    return environment


def _git(root: Path, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run git in the project folder; raise HistoryUnavailable when git itself is missing."""
    try:
        return subprocess.run(
            ["git", *_GLOBAL_OPTIONS, *arguments],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise HistoryUnavailable("git is not installed") from None
    except OSError as error:
        raise HistoryUnavailable(f"git cannot run: {error.strerror or error}") from None


def _reason(done: subprocess.CompletedProcess) -> str:
    """Pick git's own explanation out of its error output, on one line."""
    lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    text = next((line for line in lines if line.startswith("fatal:")), lines[0] if lines else "git failed")
    return " ".join(text.removeprefix("fatal:").split())


def check_repository(root: Path) -> None:
    """Make sure the project lies in a git repository with its whole history, or say why not."""
    done = _git(root, "rev-parse", "--is-shallow-repository")
    if done.returncode != 0:
        reason = _reason(done)
        if "not a git repository" in reason:
            raise HistoryUnavailable(f"{root} is not in a git repository")
        raise HistoryUnavailable(reason)
    if done.stdout.strip() == b"true":
        raise HistoryUnavailable(
            "this is a shallow clone without the earlier commits (in CI, check out the full history: fetch-depth: 0)"
        )


def read_log(root: Path) -> list[Commit]:
    """List, oldest first, the first-parent commits that changed briefs/ or seeds/, in one git log."""
    check_repository(root)
    done = _git(
        root,
        "log",
        "--root",
        "--no-color",
        "--no-decorate",
        "--no-notes",
        "--no-show-signature",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x01%H %ct",
        "--relative",
        "--",
        *WATCHED,
    )
    if done.returncode != 0:
        if _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode != 0:
            return []  # a repository without commits yet: no history, not a failure
        raise HistoryUnavailable(_reason(done))
    return list(reversed(parse_log(done.stdout)))


def parse_log(output: bytes) -> list[Commit]:
    """Read ``git log --raw -z`` output: a header token per commit, then (status line, path) pairs.

    Anything else is refused rather than skipped: history read wrong would number editions wrong.
    """
    commits: list[Commit] = []
    tokens = output.split(b"\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        header = _HEADER.fullmatch(token)
        status = _STATUS.fullmatch(token)
        if header:
            commits.append(Commit(header[1].decode("ascii"), int(header[2])))
        elif status and commits and index < len(tokens):
            path = tokens[index].decode("utf-8", "surrogateescape")
            index += 1
            last = commits[-1]
            commits[-1] = Commit(last.sha, last.time, (*last.changes, (path, _new_blob(token))))
        elif token:
            raise HistoryUnavailable(f"git log printed what briefgen cannot read ({token[:40]!r})")
    return commits


def _new_blob(status_line: bytes) -> str | None:
    """Return the blob a raw status line leaves at its path; None when removed or not a plain file."""
    fields = status_line[1:].decode("ascii").split()
    new_mode, new_blob = fields[1], fields[3]
    if not new_blob.strip("0") or new_mode not in ("100644", "100755"):
        return None  # all zeros: nothing left at the path, in SHA-1 and SHA-256 repositories alike
    return new_blob


def read_blobs(root: Path, shas: list[str], max_bytes: int) -> dict[str, bytes | None]:
    """Read blobs by hash in a few git processes; a blob larger than max_bytes, or missing, reads as None."""
    wanted = sorted(set(shas))
    found: dict[str, bytes | None] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        sizes = _blob_sizes(root, chunk)
        small = [sha for sha in chunk if sizes.get(sha) is not None and sizes[sha] <= max_bytes]
        found.update(dict.fromkeys(chunk))
        if small:
            found.update(_blob_contents(root, small))
    return found


def _blob_sizes(root: Path, shas: list[str]) -> dict[str, int | None]:
    done = _git(root, "cat-file", "--batch-check", stdin="".join(f"{sha}\n" for sha in shas).encode())
    if done.returncode != 0:
        raise HistoryUnavailable(_reason(done))
    sizes: dict[str, int | None] = {}
    for line in done.stdout.decode("ascii", "replace").splitlines():
        parts = line.split()
        sizes[parts[0]] = int(parts[2]) if len(parts) == 3 and parts[1] == "blob" else None
    return sizes


def _blob_contents(root: Path, shas: list[str]) -> dict[str, bytes]:
    done = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    if done.returncode != 0:
        raise HistoryUnavailable(_reason(done))
    output, position, contents = done.stdout, 0, {}
    for _ in shas:
        end = output.index(b"\n", position)
        sha, kind, size = output[position:end].decode("ascii").split()
        start = end + 1
        contents[sha] = output[start : start + int(size)]
        position = start + int(size) + 1
    return contents
