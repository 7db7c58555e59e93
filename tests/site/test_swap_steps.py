"""The swap's steps, in-process: what a real build cannot be made to do (a file turned folder, a folder turned
file), cut after every step and replayed by the next holder of the lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.site.output import (
    MANIFEST_NAME,
    OutputError,
    SiteFolders,
    SiteSurvey,
    StagedSite,
    SwapAction,
    SwapStep,
    recover_swap,
    replay_swap,
    site_lock,
    swap_steps,
    write_journal,
)

OLD = {"a/b.html": "old b", "c.html": "old c", "d/e/f.html": "old f", "kept.html": "kept", MANIFEST_NAME: "old"}
NEW = {"a": "new a", "c.html/index.html": "new c", "g/h.html": "new h", MANIFEST_NAME: "new"}  # kept.html kept


def files(site: Path) -> dict[str, str | None]:
    """Read a site's files, and its folders as None."""
    return {p.relative_to(site).as_posix(): None if p.is_dir() else p.read_text() for p in sorted(site.rglob("*"))}


def expected_new() -> dict[str, str | None]:
    return {"a": "new a", "c.html": None, "c.html/index.html": "new c", "g": None, "g/h.html": "new h"} | {
        "kept.html": "kept",
        MANIFEST_NAME: "new",
    }


def built(site: Path, written: dict[str, str], kept: tuple[str, ...] = ()) -> None:
    staged = StagedSite(site)
    for path in kept:
        staged.keep(path)
    for path, text in written.items():
        staged.write(path, text)
    staged.commit()


def test_a_file_that_becomes_a_folder_and_a_folder_that_becomes_a_file_are_swapped_in(tmp_path):
    site = tmp_path / "site"
    built(site, OLD)
    built(site, NEW, kept=("kept.html",))
    assert files(site) == expected_new(), "d/e/ went with its file, a/ and c.html changed kind"
    assert list((tmp_path / ".briefgen").iterdir()) == [], "no staging folder or journal is left"


def test_what_stands_in_a_new_files_way_goes_before_it_and_the_manifest_moves_in_last():
    dropped = {"a/b.html", "c.html", "d/e/f.html"}
    steps = swap_steps(["a", "c.html/index.html", "g/h.html", MANIFEST_NAME], dropped)
    assert steps == [
        SwapStep(SwapAction.DROP, "a/b.html"),
        SwapStep(SwapAction.DROP, "c.html"),
        SwapStep(SwapAction.PRUNE, "a"),
        SwapStep(SwapAction.INSTALL, "a"),
        SwapStep(SwapAction.INSTALL, "c.html/index.html"),
        SwapStep(SwapAction.INSTALL, "g/h.html"),
        SwapStep(SwapAction.DROP, "d/e/f.html"),
        SwapStep(SwapAction.PRUNE, "d/e"),
        SwapStep(SwapAction.PRUNE, "d"),
        SwapStep(SwapAction.INSTALL, MANIFEST_NAME),
    ]


def cut_after(tmp_path: Path, done: int) -> SiteFolders:
    """Leave what a build killed after ``done`` steps of its swap leaves: the journal, part of the staging folder."""
    site = tmp_path / "site"
    built(site, OLD)
    folders = SiteFolders.of(site)
    for path, text in NEW.items():
        (folders.staging / path).parent.mkdir(parents=True, exist_ok=True)
        (folders.staging / path).write_text(text)
    survey = SiteSurvey.of(site)
    steps = swap_steps(list(NEW), (survey.files | survey.others) - {*NEW, "kept.html"})
    write_journal(folders, steps)
    replay_swap(folders, steps[:done])
    return folders


@pytest.mark.parametrize("done", range(11))
def test_a_swap_cut_after_any_step_is_finished_by_the_next_holder_of_the_lock(tmp_path, done):
    folders = cut_after(tmp_path, done)
    with site_lock(folders.out):
        assert files(folders.out) == expected_new()
    assert list((tmp_path / ".briefgen").iterdir()) == [tmp_path / ".briefgen" / "site.lock"]


def test_a_swap_replayed_twice_is_the_same_swap(tmp_path):
    folders = cut_after(tmp_path, 10)
    recover_swap(folders)
    recover_swap(folders)
    assert files(folders.out) == expected_new()


def test_without_a_journal_a_staging_folder_is_thrown_away_and_the_site_was_never_touched(tmp_path):
    site = tmp_path / "site"
    built(site, OLD)
    staged = StagedSite(site)
    staged.write("a/b.html", "new b")
    staged.write(MANIFEST_NAME, "new")  # the build is killed before it commits
    recover_swap(staged.folders)
    assert files(site) == {"a": None, "d": None, "d/e": None} | {p: t for p, t in OLD.items()}
    assert not staged.staging.exists()


def test_a_kept_file_missing_from_the_previous_site_stops_the_build(tmp_path):
    site = tmp_path / "site"
    built(site, OLD)
    (site / "kept.html").unlink()
    staged = StagedSite(site)
    with pytest.raises(OutputError, match="'kept.html' is missing from .*build with --force"):
        staged.keep("kept.html")
    staged.discard()


def test_a_journal_naming_a_path_outside_the_site_is_refused(tmp_path):
    folders = SiteFolders.of(tmp_path / "site")
    folders.journal.parent.mkdir(parents=True)
    folders.journal.write_text('[["drop", "../precious.txt"]]\n')
    (tmp_path / "precious.txt").write_text("years of work")
    with pytest.raises(OutputError, match="names '../precious.txt', outside the site"):
        recover_swap(folders)
    assert (tmp_path / "precious.txt").read_text() == "years of work"
