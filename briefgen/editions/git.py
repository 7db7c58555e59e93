"""The only module that runs git: one ``git log`` of briefs/ and seeds/, and blobs read by hash.

Every call has a fixed argument list and no shell. Settings that could make git
run another program (signature checks, fsmonitor, external diff or textconv
drivers) are turned off, and variables that would point git at another
repository are dropped, so the repository that holds the project is read, and
nothing is written to it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import BriefgenError

WATCHED = ("briefs", "seeds")
NULL_BLOB = "0" * 40
_SAFE_CONFIG = (
    "-c",
    "log.showSignature=false",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.quotePath=false",
)
# Variables that would make git read another repository than the one holding the project.
_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
)
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
    environment = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    environment.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    return environment


def _git(root: Path, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run git in the project folder; raise HistoryUnavailable when git itself is missing."""
    try:
        return subprocess.run(
            ["git", *_SAFE_CONFIG, *arguments],
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
    """Read ``git log --raw -z`` output: a header token per commit, then (status line, path) pairs."""
    commits: list[Commit] = []
    tokens = output.split(b"\0")
    index = 0
    sha, time, changes = "", 0, []
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(b"\x01"):
            if sha:
                commits.append(Commit(sha, time, tuple(changes)))
            head, _, stamp = token[1:].decode("ascii").partition(" ")
            sha, time, changes = head, int(stamp or 0), []
        elif token.startswith(b":") and index < len(tokens):
            path = tokens[index].decode("utf-8", "surrogateescape")
            index += 1
            changes.append((path, _new_blob(token)))
    if sha:
        commits.append(Commit(sha, time, tuple(changes)))
    return commits


def _new_blob(status_line: bytes) -> str | None:
    """Return the blob a raw status line leaves at its path; None when removed or not a plain file."""
    fields = status_line[1:].decode("ascii").split()
    new_mode, new_blob = fields[1], fields[3]
    if new_blob == NULL_BLOB or new_mode not in ("100644", "100755"):
        return None
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
