"""briefgen: situation briefs (HTML site and PDF) from provenance-checked fact sheets."""

from briefgen.build import BuildOptions, BuildResult, build
from briefgen.errors import BriefgenError, Problem, ValidationFailed
from briefgen.loader import Report, check_paths, load
from briefgen.mail import MailOptions, MailSummary, mail_briefs
from briefgen.models import FactSheet, factsheet_json_schema

__version__ = "0.1.0"


def validate(paths, project=None) -> Report:
    """Check fact sheets (files or folders) and return every problem found; never raises for bad input."""
    from pathlib import Path

    return check_paths([Path(p) for p in paths], project)


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
    "build",
    "check_paths",
    "factsheet_json_schema",
    "load",
    "mail_briefs",
    "validate",
]
