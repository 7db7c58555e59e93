"""A large archive: sheets loaded in workers, listings from kept cards, the feed, checking in workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from briefgen.errors import ValidationFailed
from briefgen.sheet.batch import check_many
from briefgen.sheet.loader import check_paths
from briefgen.site import cards
from briefgen.site.cards import CARDS_NAME
from briefgen.site.pages import FEED_ENTRIES
from briefgen.site.workers import SPREAD_FROM
from tests.site.support import add_copies, build_site, make_project, parse_page, site_files


@pytest.fixture
def archive(tmp_path):
    """The example, the minimal brief and enough copies that a full build loads them in workers."""
    project = make_project(tmp_path / "project", example=True, minimal=True)
    add_copies(project, SPREAD_FROM + 8)
    return project


def test_workers_build_the_same_bytes_as_one_process(archive, tmp_path):
    spread = build_site(archive, tmp_path / "spread", jobs=2)
    alone = build_site(archive, tmp_path / "alone", jobs=1)
    assert len(spread.rendered) == len(alone.rendered) == SPREAD_FROM + 10
    assert site_files(tmp_path / "spread") == site_files(tmp_path / "alone")


def test_a_sheet_with_errors_among_many_stops_a_spread_build(archive):
    build_site(archive, jobs=2)
    before = site_files(archive.root / "site")
    sheet = archive.briefs_dir / "copy-007.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("countries: [TD]", "countries: [XX]"))
    (archive.templates_dir / "partials" / "brief_card.html").write_text("{{ no_such_value }}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:  # the sheet's error comes first, not the template's
        build_site(archive, jobs=2, force=True)
    assert [str(problem) for problem in failure.value.problems] == [
        f"{sheet}:6:13: countries[0]: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. ML for Mali)"
    ]
    assert site_files(archive.root / "site") == before


def test_an_edit_renders_its_own_cards_and_leaves_unrelated_listings_alone(archive, monkeypatch):
    build_site(archive)
    site = archive.root / "site"
    untouched = site / "tags" / "drought" / "index.html"
    inode = untouched.stat().st_ino
    rendered: list[str] = []
    real = cards.render_card

    def counting(project, settings, shown):
        rendered.append(shown["id"])
        return real(project, settings, shown)

    monkeypatch.setattr(cards, "render_card", counting)
    sheet = archive.briefs_dir / "copy-000.yaml"  # country ML, tag floods
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    result = build_site(archive)
    assert result.rendered == ["copy-000"]
    assert rendered == ["copy-000", "copy-000"]  # its card on the index and on its listings; the rest were kept
    assert untouched.stat().st_ino == inode  # linked from the last build, not written again
    index = parse_page(site / "index.html")
    assert "Floods in the capital" in index.text and "Flooding in the capital" in index.text
    assert len([e for e in index.elements if ("class", "brief-card") in e[1].items()]) == SPREAD_FROM + 10


def test_the_listings_are_the_same_with_kept_cards_as_with_new_ones(archive, tmp_path):
    build_site(archive)
    sheet = archive.briefs_dir / "copy-001.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Rain in the capital"))
    build_site(archive)  # cards of every other brief come from .briefgen-cards.json
    build_site(archive, tmp_path / "fresh")
    assert site_files(archive.root / "site") == site_files(tmp_path / "fresh")
    assert (archive.root / "site" / CARDS_NAME).is_file()


def test_the_feed_carries_the_newest_briefs(tmp_path):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    ids = add_copies(project, FEED_ENTRIES + 5)
    build_site(project)
    feed = feedparser.parse((project.root / "site" / "feed.xml").read_bytes())
    assert not feed.bozo
    newest = sorted(ids, reverse=True)[:FEED_ENTRIES]  # the copies' as_of grows with their number
    assert [entry.link.split("/")[-2] for entry in feed.entries] == newest


def test_a_theme_without_the_card_template_still_lists_every_brief(tmp_path):
    project = make_project(tmp_path / "project", example=True, minimal=True)
    partials = project.templates_dir / "partials"
    (partials / "brief_card.html").unlink()
    (partials / "brief_list.html").write_text(
        '<ol class="brief-list" id="brief-list">\n{% for entry in entries %}\n'
        '<li class="brief-card" data-id="{{ entry.id }}"><a href="{{ entry.href }}">{{ entry.title }}</a></li>\n'
        "{% endfor %}\n</ol>\n",
        encoding="utf-8",
    )
    build_site(project)
    index = parse_page(project.root / "site" / "index.html")
    assert "briefs/minimal/index.html" in index.links()


def test_checking_in_workers_finds_what_checking_here_finds(archive):
    sheet = archive.briefs_dir / "copy-003.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("figure: 12", "figure: -3"))
    twin = archive.briefs_dir / "copy-004.yaml"
    twin.write_text(twin.read_text(encoding="utf-8").replace("id: copy-004", "id: copy-005"))
    spread = check_many([archive.briefs_dir], archive, jobs=2)
    alone = check_paths([archive.briefs_dir], archive)
    assert [str(p) for p in spread.problems] == [str(p) for p in alone.problems]
    assert any("already used by" in p.message for p in spread.errors)
    assert len(spread.errors) >= 2


def test_a_template_edited_between_two_runs_is_not_served_from_its_compiled_copy(tmp_path):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

    def run_build() -> None:
        command = [sys.executable, "-m", "briefgen", "build", "--no-pdf"]
        subprocess.run(command, cwd=project.root, env=env, check=True, capture_output=True)

    run_build()
    assert any((project.root / ".briefgen" / "compiled-templates").iterdir())
    partial = project.templates_dir / "partials" / "background.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "<p>Edited partial</p>\n", encoding="utf-8")
    run_build()
    assert "Edited partial" in (project.root / "site" / "briefs" / "minimal" / "index.html").read_text("utf-8")
    shutil.rmtree(project.root / ".briefgen")


def test_editing_the_card_template_renders_every_listing_again(archive):
    build_site(archive)
    card = archive.templates_dir / "partials" / "brief_card.html"
    card.write_text(card.read_text(encoding="utf-8").replace('class="card-title"', 'class="card-title restyled"'))
    result = build_site(archive)
    assert result.rendered == []  # no brief changed; only the pages made of cards
    for page in ("index.html", "tags/drought/index.html", "countries/ne/index.html"):
        assert 'class="card-title restyled"' in (archive.root / "site" / page).read_text(encoding="utf-8"), page
