"""The README states the loader's size limits as the code has them, so the two cannot drift apart."""

from __future__ import annotations

from briefgen.sheet.loader import MAX_SEED_BYTES, MAX_SHEET_BYTES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_format_notes_give_the_seed_size_limit_in_mib_and_bytes():
    notes = README[README.index("## Writing a fact sheet") : README.index("## From article to brief")]
    seeds = " ".join(notes[notes.index("- **Seeds.**") :].split("\n- ")[0].split())
    assert f"at most {MAX_SEED_BYTES // 2**20} MiB ({MAX_SEED_BYTES:,} bytes)" in seeds


def test_the_sheet_size_limit_is_the_one_the_readme_gives():
    assert f"at most {MAX_SHEET_BYTES // 2**20} MiB" in README
