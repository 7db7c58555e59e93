"""The only writer: contained paths, one output per file, a staging folder swapped in whole."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefgen import paths
from briefgen.site.output import MANIFEST_NAME, OutputError, StagedSite, contained_path, site_lock


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging or retired folder is left behind"


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
    assert lock == tmp_path / ".site.lock" and not site.exists(), "the lock lives beside the site, never in it"


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
