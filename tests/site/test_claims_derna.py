"""Claims as a desk records them, on a three-edition brief about the Derna floods, in real git history.

Edition 1 (12 September 2023): the eastern health ministry's count of 2,300. Edition 2 (14 September)
adds OCHA passing on the Libyan Red Crescent's 11,300, the WHO's 3,166 and a projection. Edition 3
(17 September) withdraws the 11,300 and brings the WHO's newer 3,958, which revises its 3,166.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.config import Project, read_settings
from briefgen.editions.compare import compare, lines
from briefgen.sheet.loader import read_sheet
from briefgen.site import data
from briefgen.site.build import BuildOptions, build
from tests.gitrepo import commit_all, git_environment

FIXTURES = Path(__file__).parent.parent / "fixtures" / "derna-facts"
SHEET = "briefs/derna-facts.yaml"
PYPROJECT = '[tool.briefgen]\nsite_title = "Facts desk"\nbase_url = ""\nlanguage = "en"\n'
DAYS = ("2023-09-12T18:00:00+00:00", "2023-09-14T18:00:00+00:00", "2023-09-17T18:00:00+00:00")

WITHDRAWN_LINE = (
    "Withdrawn: claim by Libyan Red Crescent via UN humanitarian office (OCHA) of 11,300 people killed "
    "(withdrawn on 17 September 2023: OCHA no longer cites the figure; the Libyan Red Crescent says it never gave it.)"
)
REVISED_LINE = "Revised: people killed, claimed by World Health Organization: 3,166 → 3,958 (17 September 2023)"


def project_at(root: Path) -> Project:
    return Project(root, read_settings(root / "pyproject.toml"))


def put_edition(root: Path, number: int) -> None:
    shutil.copy(FIXTURES / f"derna-facts.{number}.yaml", root / SHEET)


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    """The project with its three editions committed on their days, and the site built from edition 3."""
    root = tmp_path_factory.mktemp("derna")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    shutil.copytree(Path(__file__).parents[2] / "templates", root / "templates")
    (root / "briefs").mkdir()
    (root / ".gitignore").write_text("site/\n.briefgen/\n", encoding="utf-8")
    for number, day in enumerate(DAYS, start=1):
        put_edition(root, number)
        commit_all(root, f"Edition {number}", day)
    build(project_at(root), BuildOptions(out_dir=root / "site"))
    return root


def sheets(root: Path) -> list:
    """Load each edition's sheet from the fixtures, as the editions archive would give it."""
    found = []
    for number in (1, 2, 3):
        put_edition(root, number)
        loaded = read_sheet(root / SHEET, project_at(root))
        assert loaded.sheet is not None, loaded.problems
        found.append(loaded.sheet)
    return found


def test_edition_3_says_the_passed_on_claim_withdrawn_and_the_who_count_revised(desk):
    first, second, third = sheets(desk)
    assert "New claim: World Health Organization says 3,166 people killed" in lines(compare(first, second))
    assert "New claim: UN humanitarian office (OCHA), citing Libyan Red Crescent, says 11,300 people killed" in lines(
        compare(first, second)
    )
    changed = lines(compare(second, third))
    assert WITHDRAWN_LINE in changed
    assert REVISED_LINE in changed
    assert not any(line.startswith(("Removed: claim", "New claim")) for line in changed)


def test_briefgen_diff_says_withdrawn_and_revised(desk):
    put_edition(desk, 3)
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "diff", "derna-facts", "--from", "2023-09-14", "--to", "2023-09-17"],
        cwd=desk,
        env=git_environment(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"  {WITHDRAWN_LINE}\n" in done.stdout
    assert f"  {REVISED_LINE}\n" in done.stdout


def page(desk: Path) -> str:
    return (desk / "site/briefs/derna-facts/index.html").read_text(encoding="utf-8")


def test_the_page_strikes_the_withdrawn_claim_and_says_so_in_words(desk):
    html = page(desk)
    assert '<tr class="withdrawn">' in html
    assert '<span class="withdrawn-flag">Withdrawn</span> <del class="figure">11,300</del>' in html
    assert "withdrawn on 17 September 2023: OCHA no longer cites the figure" in html
    assert '<bdi>Libyan Red Crescent</bdi></a> <span class="via">via <a href="#actor-ocha">' in html
    assert '<span class="revised-note">revised on 17 September 2023 to 3,958</span>' in html
    assert '<span class="basis">projection</span>' in html


def test_key_figures_show_the_standing_figures_as_worded_never_the_withdrawn_or_revised(desk):
    html = page(desk)
    box = html.split('<section id="key-figures"', 1)[1].split("</section>", 1)[0]
    assert html.index('id="key-figures"') < html.index('id="key-points"')
    assert '<span class="key-figure-number">2,300</span>' in box
    assert '<span class="key-figure-number">3,958</span>' in box
    assert "3,166" not in box and "11,300" not in box
    assert "World Health Organization</bdi></a> · count · 17 September 2023" in box


def test_the_pdf_opens_with_key_figures_and_says_the_claim_withdrawn(desk):
    reader = PdfReader(desk / "site/briefs/derna-facts/derna-facts.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Key figures" in first and "3,958 people killed" in first
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "WITHDRAWN 11,300" in text.upper()
    assert "withdrawn on 17 September 2023: OCHA no longer cites the figure" in text


def test_the_chart_sets_the_withdrawn_claim_apart_with_a_hollow_struck_mark(desk):
    html = page(desk)
    chart = html.split('id="figure-claims"', 1)[1].split("</figure>", 1)[0]
    assert "Withdrawn: Party not specified" in chart
    assert chart.count('class="fig-mark-withdrawn"') == 4  # the claim's and the legend's, wide and narrow
    assert ">withdrawn claim<" in chart
    standing = chart.split("Withdrawn: Party not specified", 1)[0]
    assert "11,300" not in standing.split("fig-legend", 1)[1]
    assert "Withdrawn: 11,300 (count), by Libyan Red Crescent via UN humanitarian office (OCHA)" in chart


def test_the_relations_diagram_draws_part_of_with_its_legend(desk):
    html = page(desk)
    diagram = html.split('id="figure-relations"', 1)[1].split("</figure>", 1)[0]
    assert 'class="fig-part-of"' in diagram and ">part of<" in diagram


def test_the_claims_table_for_analysts_keeps_forms_dates_and_withdrawal(desk):
    third = sheets(desk)[2]
    edition = data.Edition("derna-facts", "en", 3, "2023-09-17")
    body = data.table_part("claims", [(third, edition)])
    rows = list(csv.reader(io.StringIO(data.table_csv("claims", [body]).decode("utf-8"))))
    assert rows[1][:4] == ["#meta+brief", "#meta+lang", "#meta+edition", "#date+reported"]
    claims = [dict(zip(rows[0], row, strict=True)) for row in rows[2:]]
    withdrawn = claims[1]
    assert (withdrawn["figure"], withdrawn["low"], withdrawn["high"]) == ("11,300", "11300", "11300")
    assert (withdrawn["claimed_by"], withdrawn["via"], withdrawn["basis"]) == ("red-crescent", "ocha", "count")
    assert (withdrawn["claimed_on"], withdrawn["claimed_on_precision"]) == ("2023-09-14", "day")
    assert withdrawn["withdrawn_on"] == "2023-09-17"
    projection = claims[3]
    assert (projection["low"], projection["high"], projection["basis"]) == ("18000", "20000", "projection")
    assert claims[0]["withdrawn_on"] == ""


def test_no_cell_reads_as_a_formula(desk):
    third = sheets(desk)[2]
    edition = data.Edition("derna-facts", "en", 3, "2023-09-17")
    for table in data.TABLES:
        text = data.table_csv(table, [data.table_part(table, [(third, edition)])]).decode("utf-8")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [cell for cell in cells if cell.startswith(data.FORMULA_STARTS)], table
    sources = data.table_part("sources", [(third, edition)]).decode("utf-8")
    assert "'=Derna toll rises" in sources


def test_the_data_package_validates_and_its_hxl_row_reads(desk, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    hxl = pytest.importorskip("hxl")
    third = sheets(desk)[2]
    edition = data.Edition("derna-facts", "en", 3, "2023-09-17")
    for table in data.TABLES:
        part = data.table_part(table, [(third, edition)])
        (tmp_path / f"{table}.csv").write_bytes(data.table_csv(table, [part]))
    (tmp_path / "datapackage.json").write_bytes(data.datapackage("derna-facts"))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    source = hxl.data(str(tmp_path / "claims.csv"), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in source.columns]
    assert tags[:2] == ["#meta+brief", "#meta+lang"]
    assert "#affected+max" in tags and "#date+withdrawn" in tags
    assert len(list(source)) == 5


def test_the_sites_claims_table_follows_the_toll_edition_by_edition(desk):
    text = (desk / "site/data/claims.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    editions = [(row[2], row[3], row[7]) for row in rows[2:]]
    assert editions == [
        ("1", "2023-09-12", "2,300"),
        ("2", "2023-09-14", "2,300"),
        ("2", "2023-09-14", "11,300"),
        ("2", "2023-09-14", "3,166"),
        ("2", "2023-09-14", "18,000–20,000"),
        ("3", "2023-09-17", "2,300"),
        ("3", "2023-09-17", "11,300"),
        ("3", "2023-09-17", "3,166"),
        ("3", "2023-09-17", "18,000–20,000"),
        ("3", "2023-09-17", "3,958"),
    ]
    withdrawn_on = [row[22] for row in rows[2:]]
    assert withdrawn_on == ["", "", "", "", "", "", "2023-09-17", "", "", ""]
    beside = (desk / "site/briefs/derna-facts/derna-facts.claims.csv").read_bytes()
    assert beside.count(b"\r\n") == 2 + 5  # the current edition's claims, under both header rows


def test_the_sites_data_package_validates(desk):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(desk / "site/data/datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_an_edit_renders_one_briefs_tables_again_and_joins_the_archives(tmp_path):
    """Two briefs, no history; after an edit to one, the other's tables are the last build's files, linked."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    shutil.copytree(Path(__file__).parents[2] / "seeds", root / "seeds", dirs_exist_ok=True)
    (root / "briefs").mkdir()
    shutil.copy(Path(__file__).parents[2] / "briefs/mali-ukraine-rupture.yaml", root / "briefs")
    put_edition(root, 1)
    options = BuildOptions(out_dir=root / "site", pdf=False)
    build(project_at(root), options)
    other = root / "site/briefs/mali-ukraine-rupture/mali-ukraine-rupture.claims.csv"
    before = other.stat().st_ino
    sheet = root / SHEET
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace(
            "    key_figure: true\n", "    credibility: 2\n    key_figure: true\n"
        ),
        "utf-8",
    )
    build(project_at(root), options)
    assert other.stat().st_ino == before
    claims = (root / "site/data/claims.csv").read_text(encoding="utf-8")
    assert (
        'derna-facts,en,1,2023-09-12,1,unspecified,killed,"2,300",2300,2300,false,false,,exact,eastern-health-ministry,,count,2023-09-12,day,floods,2,true'
        in claims
    )
    assert claims.index("derna-facts") < claims.index("mali-ukraine-rupture")  # parts in brief order


def test_the_mail_says_the_claim_withdrawn_and_the_count_revised(desk):
    from briefgen.mail.changes import ChangesSince
    from briefgen.mail.compose import render_bodies
    from briefgen.themes import Theme

    second, third = sheets(desk)[1:]
    since = ChangesSince("2023-09-14", tuple(lines(compare(second, third))), received=True)
    text = render_bodies(third, "", Theme.of(project_at(desk)), since=since).text
    flat = " ".join(text.split())
    assert f"* {WITHDRAWN_LINE}" in flat
    assert f"* {REVISED_LINE}" in flat
    assert (
        "* Not specified, killed: 11,300 (claimed by Libyan Red Crescent via UN humanitarian office (OCHA); "
        "WITHDRAWN, withdrawn on 17 September 2023: OCHA no longer cites the figure;" in flat
    )
    assert (
        "* Not specified, killed: 3,166 (claimed by World Health Organization; revised on 17 September 2023 to 3,958)"
        in flat
    )
