"""History read from git whatever the repository's git settings say, and no setting makes briefgen run a program.

Each test sets hostile values in the repository's own configuration (what `git config KEY VALUE`
writes), then runs briefgen as a desk would, in a process of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.site.pages import NO_BASE_URL
from tests.editions.support import BRIEF_ID, make_three_editions
from tests.gitrepo import git, git_environment

# Settings that change what `git log` or `git cat-file` print, each set to what a person might well have.
OUTPUT_SETTINGS = {
    "log.showRoot": "false",
    "i18n.logOutputEncoding": "UTF-16",
    "color.ui": "always",
    "color.diff": "always",
    "log.decorate": "full",
    "log.abbrevCommit": "true",
    "core.abbrev": "7",
    "diff.noprefix": "true",
    "diff.relative": "false",
    "diff.renames": "copies",
    "log.showSignature": "true",
    "notes.displayRef": "refs/notes/*",
    "log.diffMerges": "combined",
}


def briefgen(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Run briefgen in its own process, with no global or system git settings: only the repository's count."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments],
        cwd=root,
        env=git_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def history_lines(root: Path) -> list[str]:
    done = briefgen(root, "history", BRIEF_ID)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def clean_history(tmp_path_factory) -> list[str]:
    """What `briefgen history` says of the three editions in a repository with no settings at all."""
    return history_lines(make_three_editions(tmp_path_factory.mktemp("clean") / "project"))


@pytest.mark.parametrize("setting", ["log.showRoot", "i18n.logOutputEncoding"])  # the rest: all at once, below
def test_history_reads_the_same_whatever_one_git_setting_says(tmp_path, clean_history, setting):
    root = make_three_editions(tmp_path / "project")
    git(root, "config", setting, OUTPUT_SETTINGS[setting])
    assert history_lines(root) == clean_history


def test_history_reads_the_same_with_every_setting_and_a_replaced_commit(tmp_path, clean_history):
    """A replace ref (`git replace --graft`) would drop edition 2 from what git log prints, a grafts file edition 1."""
    root = make_three_editions(tmp_path / "project")
    for key, value in OUTPUT_SETTINGS.items():
        git(root, "config", key, value)
    first, second, third = git(root, "rev-list", "--reverse", "HEAD").split()
    git(root, "replace", "--graft", third, first)
    (root / ".git" / "info" / "grafts").write_text(f"{second}\n", encoding="utf-8")  # deprecated, still obeyed
    assert history_lines(root) == clean_history
    done = briefgen(root, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [NO_BASE_URL]  # the project sets no base_url; nothing about history
    editions = root / "site" / "briefs" / BRIEF_ID / "editions"
    assert sorted(p.name for p in editions.iterdir() if p.is_dir()) == ["2024-08-04", "2024-08-05"]
    for day in ("2024-08-04", "2024-08-05"):
        assert (editions / day / f"{BRIEF_ID}.json").is_file()


def tattler(folder: Path) -> tuple[Path, Path]:
    """Write a program that notes each time it runs; return it and the file it writes."""
    marker = folder / "ran.txt"
    program = folder / "tattle"
    program.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\nexit 1\n', encoding="utf-8")
    program.chmod(0o755)
    return program, marker


def sign_head(root: Path) -> None:
    """Put a (fake) signature on HEAD, so a log that shows signatures would call the signing program."""
    body = git(root, "cat-file", "commit", "HEAD")
    header, _, message = body.partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ\n -----END PGP SIGNATURE-----"
    signed = f"{header}\n{signature}\n\n{message}"
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=root,
        input=signed,
        env=git_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    git(root, "update-ref", "HEAD", done.stdout.strip())


def partial_clone(origin: Path, target: Path) -> Path:
    """Clone without the blobs of past commits: git would fetch each from its promisor remote when asked."""
    git(origin, "config", "uploadpack.allowFilter", "true")
    git(target.parent, "clone", "-q", "--filter=blob:none", origin.as_uri(), target.name)
    return target


def test_no_git_setting_makes_briefgen_run_a_program(tmp_path):
    program, marker = tattler(tmp_path)
    origin = make_three_editions(tmp_path / "origin")
    root = partial_clone(origin, tmp_path / "project")
    sign_head(root)
    (root / ".git" / "info" / "attributes").write_text("* diff=tattle\n", encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman"):
        (hooks / hook).symlink_to(program)
    settings = {
        "core.fsmonitor": str(program),
        "core.pager": str(program),
        "pager.log": str(program),
        "pager.cat-file": str(program),
        "core.hooksPath": str(hooks),
        "log.showSignature": "true",
        "gpg.program": str(program),
        "gpg.openpgp.program": str(program),
        "diff.external": str(program),
        "diff.tattle.textconv": str(program),
        "diff.tattle.command": str(program),
        "core.sshCommand": str(program),
        "core.askPass": str(program),
        "credential.helper": f"!{program}",
        # Fetching a past blob the partial clone lacks would run this transport.
        "remote.origin.url": f"ext::{program} %S",
        "protocol.ext.allow": "always",
    }
    for key, value in settings.items():
        git(root, "config", key, value)
    for arguments in (("build", "--no-pdf"), ("history", BRIEF_ID), ("diff", BRIEF_ID)):
        briefgen(root, *arguments)
    assert not marker.exists(), f"briefgen made git run: {marker.read_text(encoding='utf-8')}"
