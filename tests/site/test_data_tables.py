"""The archive's data tables after an edit: cut from the last build's tables, never reread part by part.

A build notes in the manifest where each brief's part lies in each archive table
(``joins``). After an edit to one brief, the tables are joined again from that
brief's new parts and the last tables cut at those places: one read per table,
whatever the size of the archive. A table that is not what the manifest says (cut
short, edited by hand) is joined from the parts' own files instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.site import data

REPO = Path(__file__).parents[2]
DERNA = REPO / "tests/fixtures/derna-facts"
PYPROJECT = '[tool.briefgen]\nsite_title = "Data desk"\nbase_url = ""\nlanguage = "en"\n'
EDITED = "briefs/derna-facts.yaml"
STRACE = shutil.which("strace")


def briefgen(root: Path, *arguments: str, strace: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*strace, sys.executable, "-m", "briefgen", *arguments], cwd=root, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Three briefs (two of them copies under other ids), built once without PDFs."""
    root = tmp_path / "desk"
    (root / "briefs").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(DERNA / "seeds", root / "seeds")
    shutil.copytree(REPO / "seeds", root / "seeds", dirs_exist_ok=True)
    shutil.copy(DERNA / "derna-facts.1.yaml", root / EDITED)
    mali = (REPO / "briefs/mali-ukraine-rupture.yaml").read_text(encoding="utf-8")
    for brief_id in ("mali-a", "mali-b"):
        text = mali.replace("id: mali-ukraine-rupture", f"id: {brief_id}", 1)
        (root / f"briefs/{brief_id}.yaml").write_text(text, encoding="utf-8")
    briefgen(root, "build", "--no-pdf")
    return root


def edit(root: Path) -> None:
    sheet = root / EDITED
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("    key_figure: true\n", "    credibility: 2\n    key_figure: true\n"), "utf-8")


def tables(site: Path) -> dict[str, bytes]:
    return {table: (site / f"data/{table}.csv").read_bytes() for table in data.TABLES}


def test_the_manifest_notes_where_each_part_lies_in_each_table(desk):
    joins = json.loads((desk / "site/.briefgen-manifest.json").read_text(encoding="utf-8"))["joins"]
    assert sorted(joins) == sorted(f"data/{table}.csv" for table in data.TABLES)
    claims = (desk / "site/data/claims.csv").read_bytes()
    offset = len(data.table_csv("claims", []))
    for path, length in joins["data/claims.csv"]:
        part = (desk / "site" / path).read_bytes()
        assert claims[offset : offset + length] == data.without_headers(part)
        offset += length
    assert offset == len(claims)


@pytest.mark.skipif(STRACE is None, reason="strace is not installed; `make test` installs it")
def test_an_edit_joins_the_tables_without_opening_another_briefs_part(desk, tmp_path):
    edit(desk)
    trace = tmp_path / "trace"
    briefgen(desk, "build", "--no-pdf", strace=(STRACE, "-f", "-qq", "-o", str(trace), "-e", "trace=open,openat"))
    opened = trace.read_text(encoding="utf-8")
    assert "mali-a.claims.csv" not in opened and "mali-b.citations.csv" not in opened
    assert "site/data/claims.csv" in opened  # the last table, read once to be cut
    briefgen(desk, "build", "--no-pdf", "--force", "--out", str(tmp_path / "fresh"))
    assert tables(desk / "site") == tables(tmp_path / "fresh")


@pytest.mark.parametrize("damage", ["cut short", "removed"])
def test_a_table_that_is_not_the_noted_join_is_joined_from_the_parts(desk, tmp_path, damage):
    """The build trusts its own files, as it trusts every page it keeps, but not a table that cannot be the join."""
    claims = desk / "site/data/claims.csv"
    if damage == "cut short":
        claims.write_bytes(claims.read_bytes()[:-40])
    else:
        claims.unlink()
    edit(desk)
    briefgen(desk, "build", "--no-pdf")
    briefgen(desk, "build", "--no-pdf", "--force", "--out", str(tmp_path / "fresh"))
    assert tables(desk / "site") == tables(tmp_path / "fresh")
