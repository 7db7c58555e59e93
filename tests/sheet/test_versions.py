"""Versions of one brief in several languages: `check` holds them to the same facts, and says so at the line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.site.support import EXAMPLE_ID, make_project

FRENCH = f"{EXAMPLE_ID}.fr.yaml"


def _french_copy(text: str) -> str:
    """The example as its French version would be placed: same facts, language fr (the prose is not compared)."""
    return text.replace(f"id: {EXAMPLE_ID}\n", f"id: {EXAMPLE_ID}\nlanguage: fr\n", 1)


@pytest.fixture
def project(tmp_path):
    made = make_project(tmp_path / "project", templates=False)
    english = (made.briefs_dir / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    (made.briefs_dir / FRENCH).write_text(_french_copy(english), encoding="utf-8")
    return made


def _check(project) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "check", "briefs/"], cwd=project.root, capture_output=True, text=True
    )


def _located(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if not line.startswith(("Error:", "checked "))]


def _edit(project, old: str, new: str) -> int:
    """Change the French version's first ``old`` into ``new``; return the line it stands on."""
    path = project.briefs_dir / FRENCH
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_two_versions_of_one_brief_that_agree_both_check(project):
    done = _check(project)
    assert done.returncode == 0, done.stderr
    assert "checked 2 fact sheets: 0 errors, 0 warnings" in done.stdout + done.stderr


def test_an_altered_figure_in_a_translation_is_refused_at_its_line(project):
    line = _edit(project, "    figure: 47\n", "    figure: 48\n")
    done = _check(project)
    assert done.returncode == 1
    assert _located(done) == [
        f"briefs/{FRENCH}:{line}:13: casualty claim 2: figure '48' here, figure '47' in briefs/{EXAMPLE_ID}.yaml "
        "(the 'en' version of 2024-08-04); versions of one brief and date must agree on every fact that is not prose"
    ]


def test_an_actor_of_another_kind_and_a_missing_event_are_each_one_line(project):
    kind_line = _edit(project, "kind: armed_group", "kind: state")
    text = (project.briefs_dir / FRENCH).read_text(encoding="utf-8")
    (project.briefs_dir / FRENCH).write_text(
        text.replace("  - id: diop-lavrov-talks", "  - id: diop-moscow-talks"), "utf-8"
    )
    lines = _located(_check(project))
    assert any(
        line.startswith(f"briefs/{FRENCH}:{kind_line}:") and "kind 'state' here, kind 'armed_group'" in line
        for line in lines
    ), lines
    assert any("timeline event 'diop-moscow-talks' is not in" in line for line in lines), lines
    assert any(
        "timeline event 'diop-lavrov-talks' of briefs/" in line and "is missing here" in line for line in lines
    ), lines


def test_an_older_translation_is_warned_at_its_as_of_and_still_passes(project):
    line = _edit(project, "as_of: 2024-08-04", "as_of: 2024-08-01")
    done = _check(project)
    assert done.returncode == 0, done.stderr
    assert _located(done) == [
        f"briefs/{FRENCH}:{line}:8: warning: this 'fr' version is as of 2024-08-01, older than the 'en' version "
        f"(briefs/{EXAMPLE_ID}.yaml, as of 2024-08-04): its page and PDF say a newer edition exists; bring it up to date"
    ]


def test_two_sheets_of_one_id_and_language_clash(project):
    french = (project.briefs_dir / FRENCH).read_text(encoding="utf-8")
    (project.briefs_dir / "zz-other.yaml").write_text(french, encoding="utf-8")
    lines = _located(_check(project))
    assert (
        f"briefs/zz-other.yaml:8:5: brief id '{EXAMPLE_ID}' in 'fr' is already used by briefs/{FRENCH}; "
        f"a brief has one sheet per language (a French version goes in {EXAMPLE_ID}.fr.yaml, language: fr)"
    ) in lines


def test_a_file_named_for_one_language_must_hold_that_language(project):
    line = _edit(project, "language: fr", "language: ar")
    lines = _located(_check(project))
    assert (
        f"briefs/{FRENCH}:{line}:11: the file name says this is the 'fr' version but the sheet's language is 'ar'; "
        "set language: fr or rename the file"
    ) in lines


def test_the_parallel_check_finds_what_the_serial_one_does(project):
    """Past 32 sheets the check runs in workers, which read the versions' facts in a second pass."""
    _edit(project, "    figure: 47\n", "    figure: 48\n")
    serial = _located(_check(project))
    minimal = (project.root / "seeds").parent / "briefs"
    template = (minimal / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    for number in range(40):
        (minimal / f"copy-{number:02d}.yaml").write_text(
            template.replace(f"id: {EXAMPLE_ID}", f"id: copy-{number:02d}", 1), "utf-8"
        )
    assert [line for line in _located(_check(project)) if FRENCH in line] == serial
