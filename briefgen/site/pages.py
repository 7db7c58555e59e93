"""Which pages the site has and where each one goes.

Layout (outside scripts rely on it)::

    index.html                     every brief, newest first, with search and filters
    briefs/<id>/index.html         the brief
    briefs/<id>/<id>.json          the validated fact sheet as JSON
    briefs/<id>/<id>.pdf           the PDF, when built
    briefs/<id>/editions/index.html            every edition with its date and what changed (with git history)
    briefs/<id>/editions/<as_of>/index.html    a past edition's page; <id>.json and <id>.pdf beside it
    countries/index.html           every country with its briefs
    countries/<code>/index.html    briefs on one country (code in lower case, e.g. ml)
    tags/index.html, tags/<tag>/index.html
    feed.xml (Atom 1.0), sitemap.xml
    assets/                        stylesheet, search script, search-index.js (and .json for tools)

Site-wide pages are planned from *listing entries*: small JSON-safe dicts
kept in the build manifest, so an incremental build renders the index and
listings without parsing unchanged fact sheets. Every internal link is
relative and names a file, so the site works from a sub-path and file://.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.sheet.countries import country_name, country_ref
from briefgen.sheet.dates import human_day
from briefgen.sheet.markdown import markdown_inline

if TYPE_CHECKING:
    from briefgen.sheet.models import FactSheet

ASSETS = "assets"
BRIEF_TEMPLATE = "brief.html"
PRINT_TEMPLATE = "print/brief.html"
CARD_TEMPLATE = "partials/brief_card.html"  # one brief on the index and listings, rendered apart (cards.py)
SEARCH_INDEX = f"{ASSETS}/search-index.js"
SEARCH_INDEX_JSON = f"{ASSETS}/search-index.json"
# The feed carries the newest briefs, as feeds do: readers poll it, and an edit to an old brief leaves it alone.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class PlannedPage:
    """One site-wide page: where it goes, which template renders it, and its JSON-safe inputs."""

    path: str
    template: str
    context: dict
    cards: bool = False  # lists its entries as brief cards (see cards.py)


def brief_page_path(brief_id: str) -> str:
    """Return where a brief's page goes."""
    return f"briefs/{brief_id}/index.html"


def brief_json_path(brief_id: str) -> str:
    """Return where a brief's JSON export goes."""
    return f"briefs/{brief_id}/{brief_id}.json"


def brief_pdf_path(brief_id: str) -> str:
    """Return where a brief's PDF goes."""
    return f"briefs/{brief_id}/{brief_id}.pdf"


def editions_index_path(brief_id: str) -> str:
    """Return where the list of a brief's editions goes."""
    return f"briefs/{brief_id}/editions/index.html"


def edition_page_path(brief_id: str, as_of: str) -> str:
    """Return where a past edition's page goes; its JSON and PDF go beside it."""
    return f"briefs/{brief_id}/editions/{as_of}/index.html"


def edition_file_path(brief_id: str, as_of: str, suffix: str) -> str:
    """Return where a past edition's JSON (suffix 'json') or PDF ('pdf') goes."""
    return f"briefs/{brief_id}/editions/{as_of}/{brief_id}.{suffix}"


def sheet_json(sheet: FactSheet) -> str:
    """Export a validated fact sheet as JSON, as the site publishes it."""
    return sheet.model_dump_json(indent=2) + "\n"  # pydantic's encoder: what json.dumps(indent=2) gave, 4x faster


def country_path(code: str) -> str:
    """Return where the listing of one country goes."""
    return f"countries/{code.lower()}/index.html"


def tag_path(tag: str) -> str:
    """Return where the listing of one tag goes."""
    return f"tags/{tag}/index.html"


def root_prefix(path: str) -> str:
    """Return the relative way up from a page to the site root, e.g. '../../'."""
    return "../" * path.count("/")


def page_info(path: str, title: str, base_url: str) -> dict:
    """Describe the page being rendered: its path, the way to the root and its public URL."""
    canonical = f"{base_url}/{path.removesuffix('index.html')}" if base_url else None
    return {"path": path, "root": root_prefix(path), "title": title, "canonical": canonical}


def _plain_words(sheet: FactSheet) -> str:
    """Gather the words a reader may search a brief by."""
    parts = [sheet.title, sheet.region, *sheet.tags, *sheet.authors]
    parts += [country_name(code) for code in sheet.countries]
    parts += [s.text for s in [*sheet.key_points, *sheet.background]]
    parts += [e.description for e in sheet.timeline]
    parts += [a.name for a in sheet.actors] + [alias for a in sheet.actors for alias in a.aliases]
    return " ".join(" ".join(parts).split())


def listing_entry(sheet: FactSheet) -> dict:
    """Summarise a brief for the index, listings, feed and search; JSON-safe, kept in the manifest."""
    return {
        "id": sheet.id,
        "title": sheet.title,
        "as_of": sheet.as_of.isoformat(),
        "status": str(sheet.status),
        "region": sheet.region,
        "countries": list(sheet.countries),
        "tags": list(sheet.tags),
        "authors": list(sheet.authors),
        "handling": sheet.handling,
        "first_point": sheet.key_points[0].text,
        "search_text": _plain_words(sheet),
    }


def _newest_first(entries: list[dict]) -> list[dict]:
    return sorted(sorted(entries, key=lambda e: e["id"]), key=lambda e: e["as_of"], reverse=True)


def _group(entries: list[dict], field: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        for value in entry[field]:
            groups[value].append(entry)
    return dict(sorted(groups.items()))


def feed_items(entries: list[dict]) -> list[dict]:
    """List the feed's entries, newest first: one per edition where editions are known, else one per brief."""
    items = []
    for entry in entries:
        brief = {key: value for key, value in entry.items() if key != "editions"}
        for edition in entry.get("editions") or [None]:
            if edition is None:
                items.append({**brief, "edition": None})
            else:
                shown = {key: edition[key] for key in ("number", "changes", "previous_as_of", "path")}
                own = {key: edition[key] for key in ("title", "as_of", "first_point")}
                items.append({**brief, **own, "edition": shown})
    return _newest_first(items)


def plan_site_pages(entries: list[dict]) -> list[PlannedPage]:
    """List the site-wide pages for these briefs, each with exactly the inputs it depends on."""
    feed = feed_items(entries)
    ordered = _newest_first([{key: value for key, value in e.items() if key != "editions"} for e in entries])
    by_country = _group(ordered, "countries")
    by_tag = _group(ordered, "tags")
    countries = [{"code": code, "count": len(items)} for code, items in by_country.items()]
    tags = [{"tag": tag, "count": len(items)} for tag, items in by_tag.items()]
    pages = [
        PlannedPage("index.html", "index.html", {"entries": ordered, "countries": countries, "tags": tags}, cards=True),
        PlannedPage("countries/index.html", "countries.html", {"countries": countries}),
        PlannedPage("tags/index.html", "tags.html", {"tags": tags}),
        PlannedPage("feed.xml", "feed.xml", {"entries": feed[:FEED_ENTRIES]}),
        PlannedPage("sitemap.xml", "sitemap.xml", {"entries": ordered, "countries": countries, "tags": tags}),
        PlannedPage(SEARCH_INDEX, "", {"entries": ordered}),
        PlannedPage(SEARCH_INDEX_JSON, "", {"entries": ordered}),
    ]
    pages += [
        PlannedPage(country_path(code), "listing.html", {"kind": "country", "key": code, "entries": items}, cards=True)
        for code, items in by_country.items()
    ]
    pages += [
        PlannedPage(tag_path(tag), "listing.html", {"kind": "tag", "key": tag, "entries": items}, cards=True)
        for tag, items in by_tag.items()
    ]
    return pages


def display_entry(entry: dict, root: str) -> dict:
    """Add what templates show but the manifest need not keep: names, hrefs, rendered markdown."""
    edition = entry.get("edition")
    if edition:
        previous = edition["previous_as_of"]
        edition = {
            **edition,
            "href": root + edition["path"],
            "previous_as_of_human": human_day(dt.date.fromisoformat(previous)) if previous else None,
        }
    return {
        **entry,
        "edition": edition,
        "as_of_human": human_day(dt.date.fromisoformat(entry["as_of"])),
        "href": root + brief_page_path(entry["id"]),
        "countries": [{**country_ref(c), "href": root + country_path(c)} for c in entry["countries"]],
        "tags": [{"tag": t, "href": root + tag_path(t)} for t in entry["tags"]],
        "first_point_html": markdown_inline(entry["first_point"]),
        "first_point_plain": str(markdown_inline(entry["first_point"])),
    }


def site_page_context(page: PlannedPage, settings: dict, shown: dict | None = None) -> dict:
    """Turn a planned page's stored inputs into the context its template reads.

    ``shown`` keeps shown entries across the pages of one build: a brief is on the
    index and on several listings, and they share its entry (the same object; a
    feed item of a past edition is another one).
    """
    context = dict(page.context)
    root = root_prefix(page.path)
    if "entries" in context:
        shown = {} if shown is None else shown
        for entry in context["entries"]:
            if (id(entry), root) not in shown:
                shown[id(entry), root] = display_entry(entry, root)
        context["entries"] = [shown[id(entry), root] for entry in context["entries"]]
    if "countries" in context:
        context["countries"] = [
            {**item, "name": country_name(item["code"]), "href": root + country_path(item["code"])}
            for item in context["countries"]
        ]
    if "tags" in context:
        context["tags"] = [{**item, "href": root + tag_path(item["tag"])} for item in context["tags"]]
    if context.get("kind") == "country":
        context["heading"] = f"Briefs on {country_name(context['key'])}"
    elif context.get("kind") == "tag":
        context["heading"] = f"Briefs tagged \u201c{context['key']}\u201d"
    title = context.get("heading") or {"countries/index.html": "Countries", "tags/index.html": "Tags"}.get(page.path)
    context["page"] = page_info(page.path, title or settings["site_title"], settings["base_url"])
    context["settings"] = settings
    return context


def search_records(entries: list[dict]) -> list[dict]:
    """List what search matches on: each brief's id, page, title and words."""
    return [
        {
            "id": e["id"],
            "href": brief_page_path(e["id"]),
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


def generated_file(page: PlannedPage) -> str:
    """Produce a site-wide file that no template renders: the search indexes."""
    makers = {SEARCH_INDEX: search_index_script, SEARCH_INDEX_JSON: search_index_json}
    return makers[page.path](page.context["entries"])


def brief_page_context(context: dict, has_pdf: bool, settings: dict, path: str | None = None) -> dict:
    """Add page facts (relative root, PDF and JSON links) to a brief's render context; ``path`` for a past edition."""
    brief_id = context["brief"]["id"]
    path = path or brief_page_path(brief_id)
    page = page_info(path, context["brief"]["title"], settings["base_url"])
    page["pdf_href"] = f"{brief_id}.pdf" if has_pdf else None
    page["json_href"] = f"{brief_id}.json"
    brief = {
        **context["brief"],
        "countries": [{**c, "href": page["root"] + country_path(c["code"])} for c in context["brief"]["countries"]],
        "tag_links": [{"tag": t, "href": page["root"] + tag_path(t)} for t in context["brief"]["tags"]],
    }
    return {**context, "brief": brief, "page": page}
