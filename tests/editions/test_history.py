"""Editions read from a real git repository, and the desk's commands: `briefgen history` and `briefgen diff`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import Project, read_settings
from briefgen.editions import git as history_git
from briefgen.editions.archive import Archive
from briefgen.editions.review import brief_changes, brief_history
from tests.editions.support import (
    BRIEF_ID,
    CHANGES_IN_2,
    CHANGES_IN_3,
    CHANGES_SINCE_1,
    edit,
    edit_edition_2,
    edit_edition_3,
    make_edition_1,
    make_three_editions,
)
from tests.gitrepo import commit_all, git


def project_at(root: Path) -> Project:
    return Project(root, read_settings(root / "pyproject.toml"))


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """Three committed editions; read-only."""
    return make_three_editions(tmp_path_factory.mktemp("desk") / "project")


def run_cli(root: Path, monkeypatch, *arguments: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(app, list(arguments))


def test_three_editions_are_numbered_by_as_of(repository):
    versions = [listed.version for listed in brief_history(project_at(repository), BRIEF_ID)]
    assert [(v.number, v.as_of) for v in versions] == [(1, "2024-08-04"), (2, "2024-08-05"), (3, "2024-08-06")]
    assert [v.edition is None for v in versions] == [False, False, True], "the working tree is the current edition"


def test_the_summary_names_each_change_exactly(repository):
    project = project_at(repository)
    assert brief_changes(project, BRIEF_ID, "2024-08-04", "2024-08-05").lines == CHANGES_IN_2
    assert brief_changes(project, BRIEF_ID, "2024-08-05", "2024-08-06").lines == CHANGES_IN_3
    assert brief_changes(project, BRIEF_ID, "2024-08-04", "2024-08-06").lines == CHANGES_SINCE_1


def test_history_lists_editions_with_their_commits_and_what_changed_in_each(repository, monkeypatch):
    result = run_cli(repository, monkeypatch, "history", BRIEF_ID)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Edition 1 (as of 4 August 2024, commit ")
    assert lines[0].endswith(" of 2024-08-04): the first edition")
    assert lines[1].startswith("Edition 2 (as of 5 August 2024, commit ")
    assert lines[1].endswith(" of 2024-08-05): 1 key point reworded, 1 new actor, 1 new claim, 1 new source")
    assert lines[2].startswith("Edition 3 (as of 6 August 2024, the working tree, as in commit ")
    assert lines[2].endswith("): 1 claim revised, 1 reaction removed, 1 new source")
    assert len(lines) == 3


def test_diff_before_committing_compares_the_last_edition_with_the_working_tree(tmp_path, monkeypatch):
    root = make_edition_1(tmp_path / "project")
    edit_edition_2(root)
    result = run_cli(root, monkeypatch, "diff", BRIEF_ID)
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.startswith("What changed from edition 1 (as of 4 August 2024, commit ")
    assert header.endswith("to edition 2 (as of 5 August 2024, the working tree, not committed):")
    assert lines == [f"  {line}" for line in CHANGES_IN_2]


def test_diff_right_after_a_commit_compares_the_last_two_editions_and_says_so(repository, monkeypatch):
    result = run_cli(repository, monkeypatch, "diff", BRIEF_ID)
    assert result.exit_code == 0, result.output
    note, header, *lines = result.output.splitlines()
    assert note == "The working tree is edition 3 as committed: comparing the last two editions."
    assert header.startswith("What changed from edition 2 (as of 5 August 2024, commit ")
    assert " to edition 3 (as of 6 August 2024, the working tree, as in commit " in header
    assert lines == [f"  {line}" for line in CHANGES_IN_3]


def test_diff_of_an_edition_changed_without_a_new_as_of_says_what_readers_will_be_told(tmp_path, monkeypatch):
    root = make_three_editions(tmp_path / "project")
    edit(root, "region: West Africa (Sahel)", "region: West Africa")
    result = run_cli(root, monkeypatch, "diff", BRIEF_ID)
    assert result.exit_code == 0, result.output
    note, header, *lines = result.output.splitlines()
    assert note.startswith("The working tree changes edition 3 (commit ")
    assert note.endswith(") without a new as-of date: comparing it with the edition before, as readers will be told.")
    assert header.startswith("What changed from edition 2 (as of 5 August 2024, commit ")
    assert lines == ["  Changed: region: West Africa (Sahel) → West Africa", *(f"  {line}" for line in CHANGES_IN_3)]


def test_diff_names_editions_by_their_as_of_day(repository, monkeypatch):
    result = run_cli(repository, monkeypatch, "diff", BRIEF_ID, "--from", "2024-08-04", "--to", "2024-08-05")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [f"  {line}" for line in CHANGES_IN_2]


def test_diff_refuses_an_as_of_with_no_edition_in_one_line(repository, monkeypatch):
    result = run_cli(repository, monkeypatch, "diff", BRIEF_ID, "--from", "2024-07-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {BRIEF_ID} has no edition as of 2024-07-01; its editions are as of 2024-08-04, 2024-08-05, 2024-08-06\n"
    )
    result = run_cli(repository, monkeypatch, "diff", BRIEF_ID, "--to", "6 August")
    assert result.stderr == "Error: '6 August' is not a day; give an as-of date as YYYY-MM-DD\n"


def test_history_without_git_history_is_one_clear_line(tmp_path, monkeypatch):
    make_three_editions(tmp_path / "project")
    shutil.rmtree(tmp_path / "project" / ".git")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_cli(tmp_path / "project", monkeypatch, "history", BRIEF_ID)
    assert result.exit_code == 1
    assert result.stderr == f"Error: history unavailable: {tmp_path / 'project'} is not in a git repository\n"


def test_uncommitted_and_draft_versions_are_never_editions(tmp_path):
    root = make_edition_1(tmp_path / "project")
    edit_edition_2(root)
    edit(root, "status: published", "status: draft")
    commit_all(root, "Draft of the next edition", "2024-08-05T09:00:00+00:00")
    edit_edition_3(root)  # as of 6 August, not committed
    history = Archive.read(project_at(root)).history
    assert [e.as_of for e in history.editions[BRIEF_ID]] == ["2024-08-04"]


def test_the_last_commit_of_an_as_of_is_its_edition(tmp_path):
    root = make_edition_1(tmp_path / "project")
    edit(root, "Ukraine's Foreign Ministry called the decision", "Ukraine's Foreign Ministry described the decision as")
    commit_all(root, "A fix to edition 1, same as_of", "2024-08-04T20:00:00+00:00")
    (edition,) = Archive.read(project_at(root)).history.editions[BRIEF_ID]
    assert edition.commit == git(root, "rev-parse", "HEAD").strip()


def test_a_seed_committed_after_its_sheet_belongs_to_that_edition(tmp_path):
    root = make_edition_1(tmp_path / "project")
    edit_edition_2(root)
    claim = root / "seeds" / "jnim-claim.txt"
    text = claim.read_bytes()
    claim.unlink()
    commit_all(root, "Edition 2 without its article", "2024-08-05T10:00:00+00:00")
    claim.write_bytes(text)
    commit_all(root, "The article edition 2 cites", "2024-08-05T11:00:00+00:00")
    edit_edition_3(root)
    commit_all(root, "Edition 3", "2024-08-06T18:00:00+00:00")
    archive = Archive.read(project_at(root))
    second = archive.history.edition(BRIEF_ID, "2024-08-05")
    assert archive.load(second).ok, archive.load(second).problems
    assert brief_changes(project_at(root), BRIEF_ID, "2024-08-04", "2024-08-05").lines == CHANGES_IN_2


def test_a_shallow_clone_says_the_history_is_missing_and_why(repository, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", repository.as_uri(), "shallow")
    with pytest.raises(history_git.HistoryUnavailable) as caught:
        history_git.read_log(tmp_path / "shallow")
    assert "shallow clone" in caught.value.message and "fetch-depth: 0" in caught.value.message


def test_git_log_output_is_parsed_token_by_token_whatever_the_file_names():
    blob = "1" * 40
    output = (
        b"\x01" + b"a" * 40 + b" 1722794400\x00\n"
        b":000000 100644 " + b"0" * 40 + b" " + blob.encode() + b" A\x00briefs/odd\x01name.yaml\x00"
        b":100644 000000 " + blob.encode() + b" " + b"0" * 40 + b" D\x00seeds/gone.txt\x00"
        b":000000 120000 " + b"0" * 40 + b" " + blob.encode() + b" A\x00seeds/link.txt\x00"
    )
    (commit,) = history_git.parse_log(output)
    assert commit.sha == "a" * 40 and commit.time == 1722794400
    assert commit.changes == (("briefs/odd\x01name.yaml", blob), ("seeds/gone.txt", None), ("seeds/link.txt", None))


def test_each_language_version_has_editions_of_its_own(tmp_path, monkeypatch):
    """The French version, committed a day after the English one, is its own first edition, named with --language."""
    root = make_edition_1(tmp_path / "project")
    english = (root / "briefs" / f"{BRIEF_ID}.yaml").read_text(encoding="utf-8")
    french = english.replace(f"id: {BRIEF_ID}\n", f"id: {BRIEF_ID}\nlanguage: fr\n", 1)
    (root / "briefs" / f"{BRIEF_ID}.fr.yaml").write_text(french, encoding="utf-8")
    commit_all(root, "The French version", "2024-08-05T10:00:00+00:00")
    edit_edition_2(root)
    english_history = [listed.version.as_of for listed in brief_history(project_at(root), BRIEF_ID)]
    french_history = [listed.version.as_of for listed in brief_history(project_at(root), BRIEF_ID, "fr")]
    assert english_history == ["2024-08-04", "2024-08-05"]
    assert french_history == ["2024-08-04"]
    shown = run_cli(root, monkeypatch, "history", BRIEF_ID, "--language", "fr")
    assert shown.exit_code == 0, shown.output
    assert len(shown.output.strip().splitlines()) == 1
