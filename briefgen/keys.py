"""Content keys: what an output is made from, hashed into one key.

A build keys every output, and editions every version, by the bytes they are
made from; two things are the same when their keys are. One way to hash, used
by all of them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """Hash several parts into one hex key; parts are length-prefixed so they cannot run together."""
    chunks = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "big"), data)
    return hashlib.sha256(b"".join(chunks)).hexdigest()  # one call: a build keys thousands of outputs


def file_digest(path: Path) -> str | None:
    """Hash a file's bytes, or return None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
