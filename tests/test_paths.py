"""The one containment rule every file path from outside input goes through."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen import paths


@pytest.mark.parametrize(
    "relative",
    ["", "/etc/passwd", "../out.txt", "a/../../b", "a/../b", "a\\..\\b", "nul\x00byte"],
)
def test_join_inside_refuses_what_is_not_a_plain_relative_path(tmp_path, relative):
    assert paths.join_inside(tmp_path, relative) is None


def test_join_inside_resolves_a_plain_path(tmp_path):
    assert paths.join_inside(tmp_path, "./briefs//x/index.html") == (tmp_path / "briefs/x/index.html").resolve()


def test_a_sibling_folder_sharing_the_prefix_is_outside(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site-old").mkdir()
    assert not paths.is_inside(tmp_path / "site-old" / "index.html", tmp_path / "site")
    assert paths.is_inside(tmp_path / "site" / "index.html", tmp_path / "site")


def test_a_symlink_that_leads_out_is_outside(tmp_path):
    root, elsewhere = tmp_path / "seeds", tmp_path / "secret"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "key.txt").write_text("x")
    (root / "link").symlink_to(elsewhere)
    assert paths.join_inside(root, "link/key.txt") is None
    assert not paths.is_inside(root / "link" / "key.txt", root)


def test_shown_names_a_file_inside_the_root_relatively_and_any_other_in_full(tmp_path):
    assert paths.shown(tmp_path / "briefs" / "a.yaml", tmp_path) == "briefs/a.yaml"
    assert paths.shown(tmp_path / "a.yaml", tmp_path / "briefs") == str(tmp_path / "a.yaml")


@given(st.lists(st.sampled_from(["a", "b", ".", "..", "", "x.y", "c d", ".a"]), min_size=1, max_size=6))
def test_plain_parts_splits_as_a_posix_path_does(names):
    """The quick split for already-plain paths gives exactly what the full PurePosixPath reading gives."""
    relative = "/".join(names)
    pure = PurePosixPath(relative)
    expected = None if pure.is_absolute() or ".." in pure.parts or not relative else pure.parts
    assert paths.plain_parts(relative) == expected


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_read_file_reads_a_file_up_to_its_limit_whole(tmp_path, size):
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * size)
    assert paths.read_file(path, 1000) == b"x" * size


def test_read_file_refuses_a_file_a_byte_over_its_limit(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(paths.TooLarge):
        paths.read_file(path, 1000)


def test_read_file_reads_past_the_size_a_file_states_up_to_the_limit():
    """A file that holds more than its stated size (one that grew once stat-ed, or /proc's, stated empty) is read on."""
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    assert paths.read_file(status, 1024 * 1024).startswith(b"Name:")
    with pytest.raises(paths.TooLarge):
        paths.read_file(status, 10)
