"""Where a project's folders are and what its ``[tool.briefgen]`` settings say."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefgen.errors import ConfigError


class Settings(BaseModel):
    """The ``[tool.briefgen]`` table of pyproject.toml; every key has a sensible default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site_title: str = "Situation briefs"
    base_url: str = Field(default="", description="Public URL of the site, for the feed and mail links.")
    language: str = Field(
        default="en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 tag of the briefs' language."
    )
    paper: Literal["A4", "Letter"] = "A4"
    tagged_pdf: bool = True
    mail: dict[str, Any] = {}


@dataclass(frozen=True)
class Project:
    """A briefgen project: its root folder, the folders under it and its settings."""

    root: Path
    settings: Settings

    @property
    def briefs_dir(self) -> Path:
        return self.root / "briefs"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @classmethod
    def discover(cls, start: Path) -> Project:
        """Find the project that holds ``start``: the nearest folder up with a pyproject.toml."""
        start = start.resolve()
        for folder in [start, *start.parents] if start.is_dir() else start.parents:
            if (folder / "pyproject.toml").is_file():
                return cls(folder, read_settings(folder / "pyproject.toml"))
        fallback = start.parent if start.is_file() else start
        if fallback.name == "briefs":
            fallback = fallback.parent
        return cls(fallback, Settings())


def read_settings(pyproject: Path) -> Settings:
    """Read and validate ``[tool.briefgen]``; every problem is named with its key."""
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("briefgen", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read settings: {error}", str(pyproject)) from None
    try:
        return Settings.model_validate(table)
    except ValidationError as error:
        problems = "; ".join(f"tool.briefgen.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ConfigError(problems, str(pyproject)) from None
