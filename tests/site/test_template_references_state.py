"""What the build keeps of each template's references: a file that cannot be read is said once and read again."""

from __future__ import annotations

import logging

import pytest

from briefgen.site.templating import make_environment, templates_used

DEEP = "[" * 100_000 + "]" * 100_000  # JSON nested past Python's recursion limit


@pytest.fixture
def theme(tmp_path):
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "part.html").write_text("part\n", encoding="utf-8")
    (folder / "page.html").write_text('{% include "part.html" %}\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("kept", "why"),
    [
        (DEEP, "it is nested too deeply"),
        ('{"key": 5}', "it is not a list of templates"),
        ("{", "it is not JSON (line 1, column 2)"),
    ],
    ids=["nested", "shape", "truncated"],
)
def test_an_unreadable_file_of_references_is_said_once_and_the_templates_read_again(theme, tmp_path, caplog, kept, why):
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    (compiled / "references.json").write_text(kept, encoding="utf-8")
    env = make_environment([theme], compiled)
    with caplog.at_level(logging.WARNING):
        assert templates_used(env, "page.html") == {"page.html", "part.html"}
        assert templates_used(env, "part.html") == {"part.html"}
    assert [record.getMessage() for record in caplog.records] == [
        f"{compiled / 'references.json'} cannot be read: {why}; reading the templates again"
    ]
    assert templates_used(make_environment([theme], compiled), "page.html") == {"page.html", "part.html"}
