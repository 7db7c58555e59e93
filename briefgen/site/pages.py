"""The site-wide pages: which there are, what each lists, and the context each is rendered from.

Where every page goes is :mod:`briefgen.site.layout`'s. A page is planned from
*stubs*, what places a brief before anything renders it (its id, as-of date,
countries, tags, key and editions), so the plan knows every page and its key
while changed sheets are still unread; its context is filled in from the
briefs' listing entries when it is rendered.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.editions import wording
from briefgen.i18n.words import N_, Words, own_name, words_for
from briefgen.sheet.countries import country_name, country_ref
from briefgen.sheet.dates import human_day
from briefgen.sheet.markdown import markdown_inline
from briefgen.sheet.versions import Alternate, version_name
from briefgen.site import layout
from briefgen.site.layout import (
    COUNTRIES_INDEX,
    FEED,
    INDEX,
    SEARCH_INDEX,
    SEARCH_INDEX_JSON,
    SITEMAP,
    TAGS_INDEX,
    brief_page_path,
    country_path,
    root_prefix,
    tag_path,
)
from briefgen.site.manifest import EditionSummary, ListingEntry

if TYPE_CHECKING:
    from briefgen.sheet.models import FactSheet

BRIEF_TEMPLATE = "brief.html"
PRINT_TEMPLATE = "print/brief.html"
CARD_TEMPLATE = "partials/brief_card.html"  # one brief on the index and listings, rendered apart (cards.py)
# The feed carries the newest briefs, as feeds do: readers poll it, and an edit to an old brief leaves it alone.
FEED_ENTRIES = 50
# A sitemap lists absolute addresses only (sitemaps.org): without a base URL there is none to give.
NO_BASE_URL = (
    "base_url is not set: no sitemap.xml until it is (a sitemap lists absolute addresses), and the feed's ids "
    "are urn: names and its links relative; set base_url in pyproject.toml's [tool.briefgen] or BRIEFGEN_BASE_URL"
)


@dataclass(frozen=True)
class PlannedPage:
    """One site-wide page: where it goes, which template renders it, and what it lists, by brief stubs."""

    path: str
    template: str  # empty for a file no template renders (the search indexes)
    context: dict
    cards: bool = False  # lists its entries as brief cards (see cards.py)


def sheet_json(sheet: FactSheet) -> str:
    """Export a validated fact sheet as JSON, as the site publishes it."""
    return sheet.model_dump_json(indent=2) + "\n"  # pydantic's encoder: what json.dumps(indent=2) gave, 4x faster


def _plain_words(sheet: FactSheet) -> str:
    """Gather the words a reader may search a brief by."""
    parts = [sheet.title, sheet.region, *sheet.tags, *sheet.authors]
    parts += [country_name(code) for code in sheet.countries]
    parts += [s.text for s in [*sheet.key_points, *sheet.background]]
    parts += [e.description for e in sheet.timeline]
    parts += [a.name for a in sheet.actors] + [alias for a in sheet.actors for alias in a.aliases]
    return " ".join(" ".join(parts).split())


def listing_entry(sheet: FactSheet, default_language: str) -> ListingEntry:
    """Summarise a version of a brief for the index, listings, feed and search of its language."""
    return ListingEntry.of(sheet, _plain_words(sheet), version_name(sheet.id, sheet.language, default_language))


def _newest_first(entries: list[dict]) -> list[dict]:
    return sorted(sorted(entries, key=lambda e: e["id"]), key=lambda e: e["as_of"], reverse=True)


def _group(entries: list[dict], field: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        for value in entry[field]:
            groups[value].append(entry)
    return dict(sorted(groups.items()))


def feed_items(briefs: list[dict]) -> list[dict]:
    """List the feed's entries, newest first: one per edition where editions are known, else one per brief.

    An item is its brief's stub with the as-of date of its edition, and ``edition``
    the key of that edition's summary (None without history).
    """
    items = []
    for brief in briefs:
        stub = {key: value for key, value in brief.items() if key != "editions"}
        for edition in brief.get("editions") or [None]:
            if edition is None:
                items.append({**stub, "edition": None})
            else:
                items.append({**stub, "as_of": edition["as_of"], "edition": edition["key"]})
    return _newest_first(items)


def site_notices(base_url: str) -> list[str]:
    """Say, in one line, which site-wide page waits for a base URL."""
    return [] if base_url else [NO_BASE_URL]


FEED_TEMPLATE = "feed.xml"
SITEMAP_TEMPLATE = "sitemap.xml"


def _feed(path: str, briefs: list[dict], scope: dict) -> PlannedPage:
    """Plan one feed: the newest editions of these briefs; ``scope`` says whose (kind and key), empty for the site's."""
    return PlannedPage(path, FEED_TEMPLATE, {"entries": feed_items(briefs)[:FEED_ENTRIES], "feed": scope})


def plan_feeds(briefs: list[dict], folder: str = "") -> list[PlannedPage]:
    """Plan a language's feed (``folder`` its part of the site), one for each listing, and one of each brief's editions."""
    feeds = [_feed(folder + FEED, briefs, {})]
    feeds += [
        _feed(folder + layout.country_feed_path(code), items, {"kind": "country", "key": code})
        for code, items in _group(briefs, "countries").items()
    ]
    feeds += [
        _feed(folder + layout.tag_feed_path(tag), items, {"kind": "tag", "key": tag})
        for tag, items in _group(briefs, "tags").items()
    ]
    feeds += [_feed(layout.brief_feed_path(b["id"]), [b], {"kind": "brief", "key": b["id"]}) for b in briefs]
    return feeds


def plan_site_pages(
    briefs: list[dict], base_url: str = "", language: str | None = None, others: list[list[str]] = ()
) -> list[PlannedPage]:
    """List one language's site-wide pages for its briefs (stubs: id, as_of, countries, tags), each with what it lists.

    ``language`` is None for the project's own, at the site's root; another's go in its
    folder. ``others`` are the site's other languages with their folders, which the index links to.
    The sitemap is listed only when the site has a base URL (see :func:`site_notices`).
    """
    folder = layout.language_folder(language)
    ordered = _newest_first([{key: value for key, value in b.items() if key != "editions"} for b in briefs])
    by_country = _group(ordered, "countries")
    by_tag = _group(ordered, "tags")
    countries = [{"code": code, "count": len(items)} for code, items in by_country.items()]
    tags = [{"tag": tag, "count": len(items)} for tag, items in by_tag.items()]
    pages = [
        PlannedPage(folder + INDEX, "index.html", _index_context(ordered, countries, tags, others), cards=True),
        PlannedPage(folder + COUNTRIES_INDEX, "countries.html", {"countries": countries}),
        PlannedPage(folder + TAGS_INDEX, "tags.html", {"tags": tags}),
        *plan_feeds(briefs, folder),
        PlannedPage(folder + SEARCH_INDEX, "", {"entries": ordered}),
        PlannedPage(folder + SEARCH_INDEX_JSON, "", {"entries": ordered}),
    ]
    if base_url:
        listed = {"entries": ordered, "countries": countries, "tags": tags}
        pages.append(PlannedPage(folder + SITEMAP, "sitemap.xml", listed))
    pages += [
        PlannedPage(
            folder + country_path(code), "listing.html", {"kind": "country", "key": code, "entries": items}, cards=True
        )
        for code, items in by_country.items()
    ]
    pages += [
        PlannedPage(folder + tag_path(tag), "listing.html", {"kind": "tag", "key": tag, "entries": items}, cards=True)
        for tag, items in by_tag.items()
    ]
    return pages


def _index_context(ordered: list[dict], countries: list[dict], tags: list[dict], others: list[list[str]]) -> dict:
    context = {"entries": ordered, "countries": countries, "tags": tags}
    return {**context, "languages": list(others)} if others else context


def language_homes(others: list[list[str]], root: str, base_url: str) -> list[dict]:
    """Link a language's index to the others' (the way up to the site's root given), each named in itself."""
    return [
        {
            "language": language,
            "own_name": own_name(language),
            "href": root + folder + INDEX,
            "url": layout.page_url(base_url, folder + INDEX),
        }
        for language, folder in others
    ]


def page_inputs(page: PlannedPage) -> str:
    """Write what a page shows, each brief as its key (and its edition's): the page's key hashes this.

    A stub's key covers its brief's listing entry, and an edition's key its summary,
    so two builds that would render different bytes never give the same inputs.
    """
    inputs = dict(page.context)
    if "entries" in inputs:
        inputs["entries"] = [
            [stub["key"], stub["edition"]] if "edition" in stub else [stub["key"], stub.get("alternates")]
            for stub in inputs["entries"]
        ]
    return json.dumps(inputs, sort_keys=True)


def display_entry(entry: dict, root: str, words: Words | None = None) -> dict:
    """Add what templates show but the manifest need not keep: names, dates and hrefs in the brief's language.

    ``root`` is the way from the page up to its language's home: a brief is listed only
    among its language's pages, so one card serves its index as the English one does.
    """
    edition = entry.get("edition")
    if edition:
        previous = edition["previous_as_of"]
        edition = {
            **edition,
            "href": root + layout.without_language(edition["path"]),
            "previous_as_of_human": human_day(dt.date.fromisoformat(previous), words) if previous else None,
        }
    return {
        **entry,
        "edition": edition,
        "as_of_human": human_day(dt.date.fromisoformat(entry["as_of"]), words),
        "href": root + layout.without_language(brief_page_path(entry["version"])),
        "folder": layout.brief_folder(entry["version"]),  # from the site's root, as a feed's ids give it
        "countries": [{**country_ref(c, words), "href": root + country_path(c)} for c in entry["countries"]],
        "tags": [{"tag": t, "href": root + tag_path(t)} for t in entry["tags"]],
        "first_point_html": markdown_inline(entry["first_point"]),
        "first_point_plain": str(markdown_inline(entry["first_point"])),
    }


def _feed_item(stub: dict, entry: dict, listing: tuple[EditionSummary, ...], words: Words) -> dict:
    """Fill a feed item from its brief's entry and, where editions are known, the edition it stands for.

    An edition's item is summed up by its headline, what it is and what changed in it.
    """
    if stub["edition"] is None:
        return {**entry, "edition": None}
    summary = next(item for item in listing if item.key == stub["edition"])
    own = {"title": summary.title, "as_of": summary.as_of, "first_point": summary.first_point}
    changes = list(summary.changes) if summary.changes is not None else None
    counted = list(summary.tally) if summary.tally is not None else None
    edition = {
        "number": summary.number,
        "headline": wording.headline(summary.number, counted, words),
        "changes": changes,
        "previous_as_of": summary.previous_as_of,
    }
    return {**entry, **own, "edition": {**edition, "path": summary.path}}


def site_page_context(
    page: PlannedPage,
    entries: Mapping[str, ListingEntry],
    listings: Mapping[str, tuple[EditionSummary, ...]],
    settings: dict,
    shown: dict | None = None,
) -> dict:
    """Turn a planned page into the context its template reads, each brief's stub filled from its entry.

    ``shown`` keeps shown entries across the pages of one build: a brief is on the
    index and on several listings, and they share its entry.
    """
    context = dict(page.context)
    settings = language_settings(settings, page.path)
    words = words_for(settings["language"])
    is_feed = page.template == FEED_TEMPLATE
    folder = layout.language_folder(layout.language_of_path(page.path))
    # Links go from the page to its language's home; a feed's are absolute with a base URL (from the site's root).
    root = folder if is_feed and settings["base_url"] else root_prefix(layout.without_language(page.path))
    if "entries" in context:
        shown = {} if shown is None else shown
        filled = []
        for stub in context["entries"]:
            if "edition" in stub:  # a feed item: one edition of a brief
                item = _feed_item(stub, entries[stub["id"]].to_json(), listings.get(stub["id"], ()), words)
                filled.append(display_entry(item, root, words))
                continue
            if (stub["id"], root) not in shown:
                shown[stub["id"], root] = display_entry(entries[stub["id"]].to_json(), root, words)
            filled.append(shown[stub["id"], root])
            if stub.get("alternates") and page.template == SITEMAP_TEMPLATE:
                filled[-1] = {**filled[-1], "alternates": sitemap_alternates(stub, settings["base_url"])}
        context["entries"] = filled
    if "countries" in context:
        context["countries"] = [
            {
                **item,
                "name": country_name(item["code"], words),
                "href": root + country_path(item["code"]),
            }
            for item in context["countries"]
        ]
    if "tags" in context:
        context["tags"] = [{**item, "href": root + tag_path(item["tag"])} for item in context["tags"]]
    if context.get("kind") in LISTING_FEEDS:
        context["heading"] = listing_heading(context["kind"], context["key"], words)
    titles = {"countries/index.html": N_("Countries"), "tags/index.html": N_("Tags")}
    own_path = layout.without_language(page.path)
    title = context.get("heading") or (words.gettext(titles[own_path]) if own_path in titles else None)
    feed = folder + LISTING_FEEDS[context["kind"]](context["key"]) if context.get("kind") in LISTING_FEEDS else None
    context["page"] = layout.page_info(page.path, title or settings["site_title"], settings["base_url"], feed)
    if "languages" in context:
        homes = language_homes(context["languages"], root_prefix(page.path), settings["base_url"])
        context["versions"] = {"others": homes}
    context["settings"] = settings
    if is_feed:
        context["feed"] = feed_head(page.path, context["feed"], entries, settings)
    return context


# The feed each listing page offers, by the kind of listing.
LISTING_FEEDS = {"country": layout.country_feed_path, "tag": layout.tag_feed_path}


def listing_heading(kind: str, key: str, words: Words) -> str:
    """Name a listing, or a listing's feed: the briefs on a country, with a tag, or a brief's editions."""
    if kind == "country":
        return words.gettext("Briefs on %(country)s") % {"country": country_name(key, words)}
    if kind == "tag":
        return words.gettext("Briefs tagged \u201c%(tag)s\u201d") % {"tag": key}
    return words.gettext("Editions: %(title)s") % {"title": key}


def language_settings(settings: dict, path: str) -> dict:
    """Return the settings a page is rendered with: its language is its part of the site's."""
    language = layout.language_of_path(path)
    return {**settings, "language": language} if language else settings


def feed_head(path: str, scope: dict, entries: Mapping[str, ListingEntry], settings: dict) -> dict:
    """Give a feed its title, id, own address and the page it stands for, as Atom's head says them."""
    base, words = settings["base_url"], words_for(settings["language"])
    if not scope:
        title, page = settings["site_title"], layout.language_folder(layout.language_of_path(path)) + INDEX
    elif scope["kind"] == "brief":
        title, page = listing_heading("brief", entries[scope["key"]].title, words), brief_page_path(scope["key"])
    else:
        title, page = listing_heading(scope["kind"], scope["key"], words), path.removesuffix(FEED) + INDEX
    return {
        "title": f"{settings['site_title']}: {title}" if scope else title,
        "id": layout.feed_id(base, path),
        "self_url": f"{base}/{path}" if base else None,
        "alternate_href": f"{base}/{page}" if base else root_prefix(path) + page,
    }


def search_records(entries: list[dict]) -> list[dict]:
    """List what search matches on: each brief's id, page (from its language's index), title and words."""
    return [
        {
            "id": e["id"],
            "href": layout.without_language(brief_page_path(e["version"])),
            "title": e["title"],
            "text": " ".join([e["title"], e["region"], e["search_text"]]),
        }
        for e in entries
    ]


def search_index_json(entries: list[dict]) -> str:
    """Write the search index as JSON, for tools that read the site: one brief a line.

    Each line goes through json's C encoder; an indent would make it fall back to the slow Python one.
    """
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=True) for record in search_records(entries)]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def search_index_script(entries: list[dict]) -> str:
    """Write the search index as a script, so search works from file:// where fetch() is refused."""
    payload = json.dumps(search_records(entries), ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # "</" could close a script element if the index were ever inlined; escaping it costs nothing.
    payload = payload.replace("</", "<\\/")
    return f"window.BRIEFGEN_SEARCH_INDEX = {payload};\n"


def generated_file(page: PlannedPage, entries: Mapping[str, ListingEntry]) -> str:
    """Produce a site-wide file that no template renders: the search indexes."""
    makers = {SEARCH_INDEX: search_index_script, SEARCH_INDEX_JSON: search_index_json}
    return makers[layout.without_language(page.path)](
        [entries[stub["id"]].to_json() for stub in page.context["entries"]]
    )


def version_links(alternates: tuple[Alternate, ...], path: str, as_of: str, base_url: str, words: Words) -> dict:
    """Link a brief's page (and its PDF) to its versions in other languages, and say which is newer, if one is."""
    root = root_prefix(path)
    others = [_version_link(alternate, root, base_url, words) for alternate in alternates]
    newer = [other for other in others if other["as_of"] > as_of]
    return {"others": others, "newer": max(newer, key=lambda other: other["as_of"]) if newer else None}


def _version_link(alternate: Alternate, root: str, base_url: str, words: Words) -> dict:
    target = brief_page_path(alternate.version)
    return {
        "language": alternate.language,
        "own_name": own_name(alternate.language),  # what a switcher shows: each language named in itself
        "name": words.language_name(alternate.language),  # what a sentence in this brief's language says
        "href": root + target,
        "url": layout.page_url(base_url, target),
        "as_of": alternate.as_of,
        "as_of_human": human_day(dt.date.fromisoformat(alternate.as_of), words),
    }


def sitemap_alternates(stub: dict, base_url: str) -> list[dict]:
    """List every version of a brief with its address, itself included, as a sitemap's alternates name them."""
    versions = [[stub["language"], stub["id"]], *stub.get("alternates", ())]
    return [
        {"language": language, "url": layout.page_url(base_url, brief_page_path(version))}
        for language, version in versions
    ]


def brief_page_context(context: dict, has_pdf: bool, settings: dict, path: str | None = None) -> dict:
    """Add page facts (relative root, PDF and JSON links) to a brief's render context; ``path`` for a past edition."""
    brief_id, version = context["brief"]["id"], context["brief"]["version"]
    path = path or brief_page_path(version)
    feed = layout.brief_feed_path(version)
    page = layout.page_info(path, context["brief"]["title"], settings["base_url"], feed)
    page["pdf_href"] = f"{brief_id}.pdf" if has_pdf else None
    page["json_href"] = f"{brief_id}.json"
    brief = {
        **context["brief"],
        "countries": [{**c, "href": page["home"] + country_path(c["code"])} for c in context["brief"]["countries"]],
        "tag_links": [{"tag": t, "href": page["home"] + tag_path(t)} for t in context["brief"]["tags"]],
    }
    return {**context, "brief": brief, "page": page}
