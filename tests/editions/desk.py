"""A desk's repository with three briefs on different countries and tags, edited over three days in real git.

- the example brief, on Mali, Niger and four more countries, tagged sahel among others;
- ``chad-floods``, on Chad, tagged floods;
- ``libya-board``, on Libya, tagged board.

Day 1 (4 August 2024) commits all three. Day 2 edits chad-floods, then libya-board
(two commits); day 3 edits chad-floods again.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES
from tests.editions.support import BRIEF_ID, lay_out
from tests.gitrepo import commit_all

CHAD, LIBYA = "chad-floods", "libya-board"
DAYS = ("2024-08-04", "2024-08-05", "2024-08-06")


def _minimal_brief(root: Path, brief_id: str, title: str, country: str, tag: str) -> None:
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("id: minimal", f"id: {brief_id}").replace("Flooding in the capital", title)
    text = text.replace("as_of: 2024-05-06", f"as_of: {DAYS[0]}")
    text = text.replace("countries: [ML]", f"countries: [{country}]\ntags: [{tag}]")
    (root / "briefs" / f"{brief_id}.yaml").write_text(text, encoding="utf-8")


def edit_brief(root: Path, brief_id: str, day: str, old: str, new: str) -> None:
    """Reword one passage of a brief and date it ``day``, as an editor would."""
    path = root / "briefs" / f"{brief_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    start = text.index("\nas_of: ") + 1
    text = text[:start] + f"as_of: {day}" + text[text.index("\n", start) :]
    path.write_text(text, encoding="utf-8")


def make_desk(root: Path) -> Path:
    """Lay out the three briefs and commit them on day 1."""
    lay_out(root)
    (root / "seeds" / "sample.txt").write_text(
        (FIXTURES / "seeds" / "sample.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _minimal_brief(root, CHAD, "Floods in N'Djamena", "TD", "floods")
    _minimal_brief(root, LIBYA, "Flooding in Tripoli", "LY", "board")
    commit_all(root, "Three briefs", f"{DAYS[0]}T18:00:00+00:00")
    return root


def day_2_chad(root: Path) -> None:
    edit_brief(root, CHAD, DAYS[1], "At least 12 people were killed.", "At least 12 people died in the floods.")
    commit_all(root, "Chad: the toll reworded", f"{DAYS[1]}T09:00:00+00:00")


def day_2_libya(root: Path) -> None:
    edit_brief(root, LIBYA, DAYS[1], "The response was called slow.", "Officials called the response slow.")
    commit_all(root, "Libya: the response", f"{DAYS[1]}T15:00:00+00:00")


def day_3_chad(root: Path) -> None:
    edit_brief(root, CHAD, DAYS[2], "An inquiry was promised.", "The ministry promised an inquiry.")
    commit_all(root, "Chad: the inquiry", f"{DAYS[2]}T09:00:00+00:00")


__all__ = ["BRIEF_ID", "CHAD", "DAYS", "LIBYA", "day_2_chad", "day_2_libya", "day_3_chad", "make_desk"]
