"""The only writer: contained paths, one output per file, a staging folder swapped in whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.site.output import MANIFEST_NAME, OutputError, StagedSite, contained_path


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
