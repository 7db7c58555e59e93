"""The version of briefgen, read from the installed package's metadata (pyproject.toml is the one source).

The metadata file is found as importlib.metadata finds it (the first ``briefgen`` dist-info or
egg-info folder along sys.path) but read directly: importing importlib.metadata costs about
50 ms, a tenth of a no-op build's cold start. When that finds nothing, importlib.metadata decides.
"""

from __future__ import annotations

import os
import re
import sys

_METADATA_FOLDER = re.compile(r"briefgen(-[^-]+)?\.(dist-info|egg-info)", re.IGNORECASE)
_METADATA_FILES = {"dist-info": "METADATA", "egg-info": "PKG-INFO"}


def _metadata_version() -> str | None:
    """Return the Version field of the first briefgen metadata folder on sys.path, or None."""
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            found = _METADATA_FOLDER.fullmatch(name)
            if found is None:
                continue
            path = os.path.join(entry or ".", name, _METADATA_FILES[found.group(2).lower()])
            try:
                with open(path, encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break  # the headers end at the first blank line
            except OSError:
                continue
    return None


def _package_version() -> str:
    found = _metadata_version()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefgen")
    except PackageNotFoundError:  # imported from a checkout that was never installed
        return "0+unknown"


__version__ = _package_version()
