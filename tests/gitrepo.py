"""Real git repositories for tests: a fixed identity and date, apart from this machine's git settings."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

FIRST_DAY = "2024-08-04T18:00:00+00:00"


def git_environment(date: str = FIRST_DAY) -> dict[str, str]:
    """Return an environment in which git uses no global or system settings, and this identity and date."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@newsroom.example",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@newsroom.example",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }


def git(root: Path, *arguments: str, date: str = FIRST_DAY) -> str:
    """Run git in a folder as a desk member would; fail the test when git fails."""
    done = subprocess.run(["git", *arguments], cwd=root, env=git_environment(date), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit_all(root: Path, message: str, date: str = FIRST_DAY) -> None:
    """Commit everything in the folder, starting a repository there when there is none."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)
