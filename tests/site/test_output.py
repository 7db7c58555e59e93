"""The only writer: contained paths, one output per file, a staging folder swapped in whole."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from briefgen import paths
from briefgen.site.output import (
    MANIFEST_NAME,
    OutputError,
    SiteFolders,
    StagedSite,
    contained_path,
    recover_swap,
    site_lock,
)


@pytest.mark.parametrize("relative", ["../escape.html", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_paths_outside_the_site_are_refused(tmp_path, relative):
    with pytest.raises(OutputError):
        contained_path(tmp_path / "site", relative)


def test_a_sibling_folder_sharing_the_prefix_is_outside(tmp_path):
    """site-evil/ starts with 'site' as a string but is not inside site/."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site-evil").mkdir()
    (tmp_path / "site" / "link").symlink_to(tmp_path / "site-evil")
    with pytest.raises(OutputError):
        contained_path(tmp_path / "site", "link/index.html")
    assert contained_path(tmp_path / "site", "briefs/x/index.html") == (tmp_path / "site/briefs/x/index.html").resolve()


def test_two_outputs_on_one_file_are_refused(tmp_path):
    staged = StagedSite(tmp_path / "site")
    staged.write("briefs/a/index.html", "one")
    with pytest.raises(OutputError, match="two outputs"):
        staged.write("briefs/./a/index.html", "two")
    staged.discard()


def test_nothing_reaches_the_site_before_commit_and_commit_swaps_it_whole(tmp_path):
    site = tmp_path / "site"
    first = StagedSite(site)
    first.write("index.html", "old")
    first.write(MANIFEST_NAME, "{}")
    first.commit()
    second = StagedSite(site)
    second.write("index.html", "new")
    second.write("extra.html", "more")
    assert (site / "index.html").read_text() == "old"
    assert not (site / "extra.html").exists()
    second.discard()
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST_NAME, "index.html"]
    third = StagedSite(site)
    third.keep("index.html")
    third.write("extra.html", "more")
    third.commit()
    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in site.iterdir()) == ["extra.html", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefgen", "site"]
    assert list((tmp_path / ".briefgen").iterdir()) == [], "no staging or retired folder is left behind"


def test_a_folder_briefgen_did_not_build_is_never_replaced(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(OutputError, match="not built by briefgen"):
        StagedSite(precious)
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_kept_files_are_not_written_through(tmp_path: Path):
    """A kept file is linked, and a later write replaces the link rather than the old site's file."""
    site = tmp_path / "site"
    first = StagedSite(site)
    first.write("a.html", "v1")
    first.write(MANIFEST_NAME, "{}")
    first.commit()
    second = StagedSite(site)
    second.keep("a.html")
    second.discard()
    third = StagedSite(site)
    third.write("a.html", "v2")
    assert (site / "a.html").read_text() == "v1"
    third.commit()
    assert (site / "a.html").read_text() == "v2"


def test_a_second_holder_waits_says_so_once_and_gets_the_folder_after_the_first(tmp_path):
    """Two threads of one process: flock belongs to each open file, so they exclude each other too."""
    site = tmp_path / "site"
    order, said = [], []
    first_holds, let_go = threading.Event(), threading.Event()

    def first() -> None:
        with site_lock(site):
            order.append("first in")
            first_holds.set()
            let_go.wait(30)
            order.append("first out")

    holder = threading.Thread(target=first)
    holder.start()
    assert first_holds.wait(30)
    threading.Timer(0.3, let_go.set).start()
    with site_lock(site, said.append) as lock:
        order.append("second in")
    holder.join(30)
    assert order == ["first in", "first out", "second in"]
    assert said == [f"waiting for another build of {paths.shown(site)} (process {os.getpid()}) to finish"]
    assert lock == tmp_path / ".briefgen" / "site.lock" and not site.exists(), "the lock is kept apart, never in it"


def test_a_free_folder_is_taken_without_a_word(tmp_path):
    said = []
    with site_lock(tmp_path / "site", said.append):
        pass
    with site_lock(tmp_path / "site", said.append):
        pass
    assert said == []


def test_a_vanished_staged_file_stops_the_swap(tmp_path):
    """If anything removes a file from the staging folder, the build fails instead of reporting it written."""
    site = tmp_path / "site"
    first = StagedSite(site)
    first.write("index.html", "old")
    first.write(MANIFEST_NAME, "{}")
    first.commit()
    second = StagedSite(site)
    second.write("index.html", "new")
    second.write("briefs/a/index.html", "a")
    (second.staging / "briefs" / "a" / "index.html").unlink()
    with pytest.raises(OutputError, match="1 file\\(s\\) written to .* have vanished, first 'briefs/a/index.html'"):
        second.commit()
    second.discard()
    assert (site / "index.html").read_text() == "old"


@pytest.mark.parametrize("planted", ["briefs/x/x.json", "briefs/x"])
def test_a_link_planted_in_the_previous_site_is_not_carried_over(tmp_path, planted):
    """Keeping checks each folder once for links; a link that leads out still gets the full rule."""
    secret = tmp_path / "secret"
    (secret / "x").mkdir(parents=True)
    (secret / "x.json").write_text("private")
    (secret / "x" / "x.json").write_text("private")
    site = tmp_path / "site"
    first = StagedSite(site)
    first.write("briefs/x/x.json", "public")
    first.write("briefs/y/y.json", "public")
    first.write(MANIFEST_NAME, "{}")
    first.commit()
    target = site / planted
    if target.is_file():
        target.unlink()
    else:
        shutil.rmtree(target)
    target.symlink_to(secret / "x.json" if planted.endswith(".json") else secret / "x")
    second = StagedSite(site)
    second.keep("briefs/y/y.json")  # a plain file beside it is kept as before
    with pytest.raises(OutputError, match="outside"):
        second.keep("briefs/x/x.json")
    second.discard()


def test_a_link_that_stays_inside_the_previous_site_is_followed(tmp_path):
    site = tmp_path / "site"
    first = StagedSite(site)
    first.write("briefs/a/a.json", "shared")
    first.write(MANIFEST_NAME, "{}")
    first.commit()
    (site / "briefs" / "b").mkdir()
    (site / "briefs" / "b" / "b.json").symlink_to(site / "briefs" / "a" / "a.json")
    second = StagedSite(site)
    second.keep("briefs/b/b.json")
    second.write(MANIFEST_NAME, "{}")
    second.commit()
    assert not (site / "briefs" / "b" / "b.json").is_symlink()
    assert (site / "briefs" / "b" / "b.json").read_text() == "shared"


def half_swapped(tmp_path: Path, *, staged_manifest: bool) -> SiteFolders:
    """Leave what a build killed between the two renames leaves: the old site retired, the new one staged."""
    folders = SiteFolders.of(tmp_path / "site")
    folders.retired.mkdir(parents=True)
    (folders.retired / "index.html").write_text("old")
    (folders.retired / MANIFEST_NAME).write_text("{}")
    folders.staging.mkdir()
    (folders.staging / "index.html").write_text("new")
    if staged_manifest:
        (folders.staging / MANIFEST_NAME).write_text("{}")
    return folders


def test_the_next_holder_of_the_lock_finishes_a_swap_cut_between_its_renames(tmp_path):
    folders = half_swapped(tmp_path, staged_manifest=True)
    with site_lock(folders.out):
        assert (folders.out / "index.html").read_text() == "new"
    assert not folders.retired.exists() and not folders.staging.exists()


def test_a_staged_site_without_its_manifest_is_never_swapped_in_the_old_one_goes_back(tmp_path):
    folders = half_swapped(tmp_path, staged_manifest=False)
    StagedSite(folders.out).discard()
    assert (folders.out / "index.html").read_text() == "old"
    assert not folders.retired.exists() and not folders.staging.exists()


def test_a_retired_site_left_beside_the_new_one_is_deleted_and_the_new_one_stays(tmp_path):
    folders = half_swapped(tmp_path, staged_manifest=True)
    folders.staging.rename(folders.out)  # killed after the second rename
    recover_swap(folders)
    assert (folders.out / "index.html").read_text() == "new"
    assert not folders.retired.exists()


def test_build_state_is_kept_in_briefgen_beside_the_folder(tmp_path):
    site, preview = SiteFolders.of(tmp_path / "site"), SiteFolders.of(tmp_path / ".briefgen" / "serve")
    assert (site.lock, site.staging, site.retired) == tuple(
        tmp_path / ".briefgen" / name for name in ("site.lock", "site.staging", "site.previous")
    )
    assert preview.lock == tmp_path / ".briefgen" / "serve.lock", "the preview's state is not nested a level down"
