"""Errors and located problems that briefgen reports to its users."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a problem is: errors fail a check, warnings only inform."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, pointing at a line and column (1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"


class BriefgenError(Exception):
    """Base of every error briefgen raises on purpose; the CLI prints it in one line."""

    def __init__(self, message: str, path: str | None = None, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __reduce__(self):
        # Keep where it happened when a worker process sends the error back.
        return type(self), (self.message, self.path, self.line, self.column)

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"


class ValidationFailed(BriefgenError):
    """Raised when one or more fact sheets have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = sum(p.severity is Severity.ERROR for p in self.problems)
        super().__init__(f"{count} error(s) in fact sheets")

    def __reduce__(self):
        return type(self), (self.problems,)


class ConfigError(BriefgenError):
    """Raised when [tool.briefgen] settings are missing or malformed."""
