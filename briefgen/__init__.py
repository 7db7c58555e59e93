"""briefgen: situation briefs (HTML site and PDF) from provenance-checked fact sheets.

The public API is gathered here but imported on first use, so ``import briefgen``
(and ``briefgen --help``) stays cheap: pydantic, Jinja and the build load only
when a name that needs them is asked for.

The package reads in the order a brief flows:

- ``sheet/``: the fact-sheet format and the one reader of sheets and seeds;
- ``article/``: reading an article's prose (sentences, figures, dates, names);
- ``site/``: from valid sheets to the HTML site, staged and swapped in whole;
- ``pdf/``: print HTML to PDF with WeasyPrint, loading project files only;
- ``editions/``: a brief's editions from git history, and what changed between two;
- ``mail/``: briefs to distribution lists, each version to each reader once;
- ``curate/``: analysts' tools beside the pipeline, ``new`` and ``serve``;
- ``scaffold/``: starting a project (``init``) and copying the theme out.

The built-in theme is package data (``briefgen/theme/``), found beside this file.

``errors``, ``paths``, ``config`` and ``version`` serve them all; ``cli`` is a thin
layer over this API.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.version import __version__

if TYPE_CHECKING:
    from briefgen.sheet.loader import Report

# Where each public name lives; resolved by __getattr__ on first use.
_PUBLIC = {
    "BriefgenError": "briefgen.errors",
    "Problem": "briefgen.errors",
    "ValidationFailed": "briefgen.errors",
    "Report": "briefgen.sheet.loader",
    "check_paths": "briefgen.sheet.loader",
    "load": "briefgen.sheet.loader",
    "FactSheet": "briefgen.sheet.models",
    "factsheet_json_schema": "briefgen.sheet.models",
    "BuildOptions": "briefgen.site.build",
    "BuildResult": "briefgen.site.build",
    "build": "briefgen.site.build",
    "brief_history": "briefgen.editions.review",
    "brief_changes": "briefgen.editions.review",
    "MailOptions": "briefgen.mail.run",
    "MailSummary": "briefgen.mail.run",
    "mail_briefs": "briefgen.mail.run",
}


def __getattr__(name: str):
    """Import a public name's module the first time the name is used."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def validate(paths, project=None, jobs: int | None = 1) -> Report:
    """Check fact sheets (files or folders) and return every problem found; never raises for bad input.

    With ``jobs`` other than 1 (None: the CPU count), many sheets are checked in worker
    processes, and the report's sheets carry their problems but not their models.
    """
    if jobs == 1:
        from briefgen.sheet.loader import check_paths

        return check_paths([Path(p) for p in paths], project)
    from briefgen.sheet.batch import check_many

    return check_many([Path(p) for p in paths], project, jobs)


__all__ = [
    "BriefgenError",
    "BuildOptions",
    "BuildResult",
    "FactSheet",
    "MailOptions",
    "MailSummary",
    "Problem",
    "Report",
    "ValidationFailed",
    "__version__",
    "brief_changes",
    "brief_history",
    "build",
    "check_paths",
    "factsheet_json_schema",
    "load",
    "mail_briefs",
    "validate",
]
