"""Each country and tag listing, and each brief, has an Atom feed of its editions, rebuilt only when one it holds changes."""

from __future__ import annotations

import re

import feedparser
import pytest

from briefgen.config import Project
from tests.editions.desk import BRIEF_ID, CHAD, LIBYA, day_2_chad, day_2_libya, day_3_chad, make_desk
from tests.site.support import build_site, site_files


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The desk's three briefs after three days of edits, built; with the files of the build before the last edit."""
    root = make_desk(tmp_path_factory.mktemp("desk") / "newsroom")
    day_2_chad(root)
    day_2_libya(root)
    build_site(Project.discover(root))
    before = site_files(root / "site")
    day_3_chad(root)
    build_site(Project.discover(root))
    return root / "site", before


def entries(site, path: str) -> list[tuple[str, str]]:
    """Read a feed with feedparser; return each entry's brief id and as-of day, newest first."""
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return [(re.search(r"briefs/([^/]+)/", entry.link)[1], entry.updated[:10]) for entry in feed.entries]


def test_a_country_feed_lists_the_editions_of_its_briefs_only(desk):
    site, _ = desk
    assert entries(site, "countries/td/feed.xml") == [(CHAD, "2024-08-06"), (CHAD, "2024-08-05"), (CHAD, "2024-08-04")]
    assert entries(site, "countries/ml/feed.xml") == [(BRIEF_ID, "2024-08-04")]
    assert entries(site, "countries/ne/feed.xml") == [(BRIEF_ID, "2024-08-04")]


def test_a_tag_feed_and_a_brief_feed_list_their_editions(desk):
    site, _ = desk
    assert entries(site, "tags/board/feed.xml") == [(LIBYA, "2024-08-05"), (LIBYA, "2024-08-04")]
    assert entries(site, f"briefs/{CHAD}/feed.xml") == [(CHAD, d) for d in ("2024-08-06", "2024-08-05", "2024-08-04")]
    assert len(entries(site, "feed.xml")) == 6


def test_a_listing_feed_names_itself_and_sums_up_each_edition_by_what_changed(desk):
    site, _ = desk
    feed = feedparser.parse((site / "countries/td/feed.xml").read_bytes())
    assert feed.feed.title == "Test desk briefs: Briefs on Chad"
    assert feed.feed.id == "urn:briefgen:feed:countries:td"  # no base URL: links relative to the feed
    assert feed.feed.link == "../../countries/td/index.html"
    assert feed.entries[0].link == "../../briefs/chad-floods/index.html"
    assert "changed" in feed.entries[0].content[0].value
    assert "The ministry promised an inquiry." in feed.entries[0].content[0].value


def test_each_listing_and_brief_page_links_its_feed_in_the_head_and_in_the_page(desk):
    site, _ = desk
    for page, feed in [
        ("countries/td/index.html", "../../countries/td/feed.xml"),
        ("tags/board/index.html", "../../tags/board/feed.xml"),
        (f"briefs/{CHAD}/index.html", f"../../briefs/{CHAD}/feed.xml"),
    ]:
        html = (site / page).read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        assert re.search(f'<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="{feed}">', head), (
            page
        )
        assert f'<a href="{feed}" type="application/atom+xml">' in html, page


def test_an_edit_rebuilds_the_feeds_that_hold_the_brief_and_no_other(desk):
    site, before = desk
    after = site_files(site)
    feeds = sorted(path for path in after if path.endswith("feed.xml") and after[path] != before.get(path))
    assert feeds == ["briefs/chad-floods/feed.xml", "countries/td/feed.xml", "feed.xml", "tags/floods/feed.xml"]


def test_with_a_base_url_a_listing_feed_gives_absolute_addresses(tmp_path, monkeypatch):
    root = make_desk(tmp_path / "newsroom")
    monkeypatch.setenv("BRIEFGEN_BASE_URL", "https://desk.example.org/briefs/")
    build_site(Project.discover(root))
    feed = feedparser.parse((root / "site" / "tags" / "board" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.id == "https://desk.example.org/briefs/tags/board/feed.xml"
    assert [link.href for link in feed.feed.links] == [
        "https://desk.example.org/briefs/tags/board/feed.xml",
        "https://desk.example.org/briefs/tags/board/index.html",
    ]
    assert [entry.link for entry in feed.entries] == ["https://desk.example.org/briefs/briefs/libya-board/index.html"]
