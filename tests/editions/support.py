"""A real git repository holding three editions of the example brief, made the way a desk would make it.

Edition 1 is the example brief as of 4 August 2024. Edition 2 (5 August) adds an
article in which JNIM claims 50 Russian mercenaries killed: a new source, a new
actor, a new claim, and a key point reworded. Edition 3 (6 August) adds a second
article in which JNIM raises its toll to 84 (the claim's figure changes) and drops
Ukraine's condemnation from the reactions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.gitrepo import commit_all

BRIEF_ID = "mali-ukraine-rupture"
SHEET = f"briefs/{BRIEF_ID}.yaml"
PYPROJECT = '[tool.briefgen]\nsite_title = "Test desk briefs"\nbase_url = ""\nlanguage = "en"\n'

CLAIM_ARTICLE = (
    "In a statement on Monday, the JNIM group said its fighters had killed 50 Russian mercenaries "
    "near Tinzaouatène. The claim could not be verified independently.\n"
)
UPDATE_ARTICLE = (
    "On Tuesday JNIM raised its toll, saying 84 Russian mercenaries had been killed in the ambush. "
    "Russia has not commented on the figure.\n"
)

JNIM_ACTOR = """\
  - id: jnim
    name: JNIM
    kind: terrorist_organisation
    role: Claimed to have killed Russian mercenaries near Tinzaouatène.
    cite:
      - source: jnim-claim
        quote: the JNIM group said its fighters had killed 50 Russian mercenaries

"""
JNIM_CLAIM = """\
  - party: russian-mercenaries
    category: killed
    figure: 50
    qualifier: exact
    claimed_by: jnim
    event: tinzaouatene-ambush
    cite:
      - source: jnim-claim
        quote: the JNIM group said its fighters had killed 50 Russian mercenaries
"""
CLAIM_SOURCE = """\
  - id: jnim-claim
    title: JNIM claims the Tinzaouatène ambush
    publisher: Test Desk Wire
    url: unknown
    published: 2024-08-05
    file: jnim-claim.txt
"""
UPDATE_SOURCE = """\
  - id: jnim-update
    title: JNIM raises its toll
    publisher: Test Desk Wire
    url: unknown
    published: 2024-08-06
    file: jnim-update.txt
"""
CONDEMNATION = """\
  - actor: ukraine-foreign-ministry
    action: condemns
    summary: Condemns Mali's decision.
    quote: short-sighted and hasty
    cite:
      - source: article
        quote: Ukraine’s Foreign Ministry condemned the move as “short-sighted and hasty,”
"""

# What `briefgen diff` and the pages must say, exactly.
REWORDED_IN_2 = (
    'Reworded: key point “Ukraine\'s Foreign Ministry condemned the decision as "short-sighted and hasty" and denied '
    "any involvement in terrorist activities.” (before: “Ukraine's Foreign Ministry called the decision \"short-sighted "
    'and hasty" and denied any involvement in terrorist activities.”)'
)
CHANGES_IN_2 = [
    REWORDED_IN_2,
    "New actor: JNIM (terrorist organisation)",
    "New claim: JNIM says 50 Russian mercenaries killed",
    "New source: “JNIM claims the Tinzaouatène ambush”, Test Desk Wire, 5 August 2024",
]
CHANGES_IN_3 = [
    "Changed: Russian mercenaries killed, claimed by JNIM: 50 → 84; now also cites source “JNIM raises its toll”",
    "Removed: reaction of Ukraine's Foreign Ministry (condemns)",
    "New source: “JNIM raises its toll”, Test Desk Wire, 6 August 2024",
]
CHANGES_SINCE_1 = [
    REWORDED_IN_2,
    "New actor: JNIM (terrorist organisation)",
    "New claim: JNIM says 84 Russian mercenaries killed",
    "Removed: reaction of Ukraine's Foreign Ministry (condemns)",
    "New source: “JNIM claims the Tinzaouatène ambush”, Test Desk Wire, 5 August 2024",
    "New source: “JNIM raises its toll”, Test Desk Wire, 6 August 2024",
]


def edit(root: Path, old: str, new: str) -> None:
    """Replace one passage of the sheet, as an editor would; the passage must be there exactly once."""
    path = root / SHEET
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"passage not found once: {old[:60]!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lay_out(root: Path) -> Path:
    """Copy the example project (templates, seeds, the example brief) into a folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "briefs").mkdir()
    shutil.copy(ROOT / SHEET, root / SHEET)
    (root / ".gitignore").write_text("site/\n.briefgen/\noutbox/\n", encoding="utf-8")
    return root


def make_edition_1(root: Path) -> Path:
    lay_out(root)
    commit_all(root, "Brief on Mali and Ukraine, as of 4 August", "2024-08-04T18:00:00+00:00")
    return root


def edit_edition_2(root: Path) -> None:
    """Write edition 2 into the working tree: JNIM's claim of 50, and a key point reworded."""
    (root / "seeds" / "jnim-claim.txt").write_text(CLAIM_ARTICLE, encoding="utf-8")
    edit(root, "as_of: 2024-08-04", "as_of: 2024-08-05")
    edit(root, "Ukraine's Foreign Ministry called the decision", "Ukraine's Foreign Ministry condemned the decision as")
    edit(root, "\ncasualties:\n", "\n" + JNIM_ACTOR.rstrip("\n") + "\n\ncasualties:\n")
    edit(root, "\nreactions:\n", "\n" + JNIM_CLAIM + "\nreactions:\n")
    (root / SHEET).write_text((root / SHEET).read_text(encoding="utf-8") + CLAIM_SOURCE, encoding="utf-8")


def edit_edition_3(root: Path) -> None:
    """Write edition 3: JNIM's toll raised to 84 from a second article, and the condemnation dropped."""
    (root / "seeds" / "jnim-update.txt").write_text(UPDATE_ARTICLE, encoding="utf-8")
    edit(root, "as_of: 2024-08-05", "as_of: 2024-08-06")
    claim_cite = "        quote: the JNIM group said its fighters had killed 50 Russian mercenaries\n"
    edit(
        root,
        "    figure: 50\n    qualifier: exact\n    claimed_by: jnim\n",
        "    figure: 84\n    qualifier: exact\n    claimed_by: jnim\n",
    )
    edit(
        root,
        "    event: tinzaouatene-ambush\n    cite:\n      - source: jnim-claim\n" + claim_cite,
        "    event: tinzaouatene-ambush\n    cite:\n      - source: jnim-claim\n"
        + claim_cite
        + "      - source: jnim-update\n        quote: saying 84 Russian mercenaries had been killed\n",
    )
    edit(root, CONDEMNATION, "")
    (root / SHEET).write_text((root / SHEET).read_text(encoding="utf-8") + UPDATE_SOURCE, encoding="utf-8")


def make_three_editions(root: Path) -> Path:
    """Make the repository with editions 1, 2 and 3 committed, each on its own day."""
    make_edition_1(root)
    edit_edition_2(root)
    commit_all(root, "JNIM claims 50 killed", "2024-08-05T18:00:00+00:00")
    edit_edition_3(root)
    commit_all(root, "JNIM raises its toll; condemnation dropped", "2024-08-06T18:00:00+00:00")
    return root
