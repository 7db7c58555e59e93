"""What the site build asks of editions: output keys, change summaries, pages of past editions.

A past edition's outputs are keyed by the blob hashes of its sheet and seeds
(and of the edition before it), its number and the site settings, never by the
templates or code: an archived edition is kept as it was published, and a
rebuild never renders it again (``--force`` does). The current brief's page
and PDF add the edition's number and what changed since the previous one.
Change summaries are kept in the build manifest by key, so a rebuild with
nothing new loads no past edition at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.config import Project
from briefgen.editions.archive import Archive
from briefgen.editions.compare import compare
from briefgen.editions.history import EDITIONS_FORMAT, Edition, Place
from briefgen.errors import Severity
from briefgen.keys import digest
from briefgen.sheet.dates import human_day
from briefgen.sheet.models import FactSheet
from briefgen.site import pages
from briefgen.site.context import brief_context
from briefgen.site.templating import render_template

EDITIONS_TEMPLATE = "editions.html"


@dataclass
class PastEdition:
    """One past edition in this build: its key, its summary, whether its PDF is in the site."""

    edition: Edition
    key: str
    summary: dict
    has_pdf: bool = False


@dataclass
class BriefEditions:
    """A brief's editions as this build sees them: its place in history and its past editions."""

    brief_id: str
    place: Place
    past: list[PastEdition] = field(default_factory=list)


def _day(iso: str | None) -> str | None:
    return human_day(dt.date.fromisoformat(iso)) if iso else None


def describe_edition(
    key: str, number: int, sheet: FactSheet, previous: Edition | None, changes: list[str] | None, path: str
) -> dict:
    """Describe one edition for listings, the feed and the manifest: JSON-safe."""
    return {
        "key": key,
        "number": number,
        "as_of": sheet.as_of.isoformat(),
        "title": sheet.title,
        "first_point": sheet.key_points[0].text,
        "previous_as_of": previous.as_of if previous else None,
        "changes": changes,
        "path": path,
    }


def page_edition(record: dict, *, archived: bool) -> dict:
    """Say what a brief's page shows of its edition: number, what changed, and links to the other editions."""
    return {
        "number": record["number"],
        "archived": archived,
        "as_of_human": _day(record["as_of"]),
        "previous_as_of_iso": record["previous_as_of"],
        "previous_as_of_human": _day(record["previous_as_of"]),
        "changes": record["changes"],
        "editions_href": "../index.html" if archived else "editions/index.html",
        "current_href": "../../index.html" if archived else None,
    }


class EditionPlanner:
    """Answer the build's questions about editions, reading the history once, on first need."""

    def __init__(
        self, project: Project, settings: dict, template_key: Callable, previous: dict, *, pdf: bool, fresh: Callable
    ):
        self.project = project
        self.settings = settings
        self.template_key = template_key  # the key of a page template with what it includes, from the theme
        self._settings_json = json.dumps(settings, sort_keys=True)
        self.previous = previous
        self.pdf = pdf
        self.fresh = fresh
        self.known = {item["key"]: item for items in previous.get("briefs", {}).values() for item in items}
        self.listings: dict[str, list[dict]] = {}
        self.warnings: list[str] = []
        self._archive: Archive | None = None
        self._briefs: dict[tuple[str, str], BriefEditions] = {}
        self._paths: dict[str, PastEdition] = {}
        self._prefetched = False

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive.read(self.project, self.previous.get("peeks"))
        return self._archive

    @property
    def available(self) -> bool:
        return self.archive.history is not None

    def notices(self) -> list[str]:
        """Return the lines a person should read: history unavailable, or past editions that no longer load."""
        return ([self.archive.notice] if self.archive.notice else []) + self.warnings

    # --- keys -----------------------------------------------------------------

    def for_brief(self, record: dict) -> BriefEditions | None:
        """Place a brief's current version in its history, and key and summarise its past editions."""
        if not self.available:
            return None
        brief_id, as_of = record["id"], record["entry"]["as_of"]
        if (brief_id, as_of) not in self._briefs:
            place = self.archive.history.place(brief_id, as_of)
            found = BriefEditions(brief_id, place)
            for number, edition in enumerate(place.past, start=1):
                before = place.past[number - 2] if number > 1 else None
                found.past.append(self._past_edition(edition, number, before))
            self._briefs[(brief_id, as_of)] = found
        return self._briefs[(brief_id, as_of)]

    def _past_key(self, edition: Edition, number: int, before: Edition | None) -> str:
        """Key a past edition by what it shows: its blobs, its number, the edition before it, the site settings."""
        return digest(EDITIONS_FORMAT, self._settings_json, Place(number, before, ()).key, edition.content_key)

    def _past_edition(self, edition: Edition, number: int, before: Edition | None) -> PastEdition:
        key = self._past_key(edition, number, before)
        found = self.known.get(key) or self._summarise(key, edition, number, before)
        return PastEdition(edition, key, found)

    def _sheet(self, edition: Edition) -> FactSheet | None:
        """Load a past edition; the first time any is needed, read the blobs of all that may be, at once."""
        if not self._prefetched:
            self._prefetched = True
            self.archive.prefetch(self._unsummarised())
        return self.archive.sheet(edition)

    def _unsummarised(self) -> list[Edition]:
        """List the committed editions (and the ones before them) whose summaries are not kept."""
        wanted = []
        for editions in self.archive.history.editions.values():
            for number, edition in enumerate(editions, start=1):
                before = editions[number - 2] if number > 1 else None
                if self._past_key(edition, number, before) not in self.known:
                    wanted += [edition, before] if before else [edition]
        return wanted

    def _summarise(self, key: str, edition: Edition, number: int, before: Edition | None) -> dict:
        path = pages.edition_page_path(edition.brief_id, edition.as_of)
        sheet = self._sheet(edition)
        if sheet is None:
            errors = [p for p in self.archive.load(edition).problems if p.severity is Severity.ERROR]
            self.warnings.append(f"{errors[0]} (edition {number} of {edition.brief_id}, left out of the site)")
            return {"key": key, "number": number, "as_of": edition.as_of, "unreadable": str(errors[0])}
        return describe_edition(key, number, sheet, before, self._changes(before, sheet), path)

    def _changes(self, before: Edition | None, sheet: FactSheet) -> list[str] | None:
        earlier = self._sheet(before) if before else None
        return compare(earlier, sheet) if earlier else None

    def current_key(self, record: dict) -> str:
        """Key what the current page shows of its edition; empty without history."""
        editions = self.for_brief(record)
        return editions.place.key if editions else ""

    def output_keys(self, record: dict) -> dict[str, str]:
        """Key every edition output of a brief: past editions' page, JSON and PDF, and the list of editions."""
        editions = self.for_brief(record)
        if editions is None:
            return {}
        keys = {}
        for past in editions.past:
            if "unreadable" in past.summary:
                continue
            own = self._past_keys(record["id"], past)
            self._paths.update(dict.fromkeys(own, past))
            keys.update(own)
        index = [self.template_key(EDITIONS_TEMPLATE), record["key"], editions.place.key]
        index += [past.key for past in editions.past]
        keys[pages.editions_index_path(record["id"])] = digest(*index)
        return keys

    def _past_keys(self, brief_id: str, past: PastEdition) -> dict[str, str]:
        as_of = past.edition.as_of
        pdf_path = pages.edition_file_path(brief_id, as_of, "pdf")
        past.has_pdf = self.pdf or self.fresh(pdf_path, past.key)
        keys = {
            pages.edition_page_path(brief_id, as_of): digest(past.key, f"pdf={past.has_pdf}"),
            pages.edition_file_path(brief_id, as_of, "json"): past.key,
        }
        return {**keys, pdf_path: past.key} if past.has_pdf else keys

    # --- summaries ----------------------------------------------------------

    def _current_summary_key(self, record: dict, editions: BriefEditions) -> str:
        return digest(record["key"], editions.place.key)

    def current_summary_known(self, record: dict) -> bool:
        """Tell whether what changed in the current edition is known without loading its sheet."""
        editions = self.for_brief(record)
        return editions is None or self._current_summary_key(record, editions) in self.known

    def current_summary(self, record: dict, sheet: FactSheet | None) -> dict | None:
        """Describe the current edition: kept from the last build, or compared now with the previous one."""
        editions = self.for_brief(record)
        if editions is None:
            return None
        key = self._current_summary_key(record, editions)
        if key not in self.known:
            place = editions.place
            path = pages.brief_page_path(record["id"])
            changes = self._changes(place.previous, sheet)
            self.known[key] = describe_edition(key, place.number, sheet, place.previous, changes, path)
        return self.known[key]

    def listing(self, record: dict, sheet: FactSheet | None, selected: bool) -> list[dict] | None:
        """List a brief's editions for the feed and the manifest; a brief carried over keeps its last list."""
        if not self.available:
            return None
        if not selected:
            found = self.previous.get("briefs", {}).get(record["id"])
        else:
            found = [past.summary for past in self.for_brief(record).past]
            found.append(self.current_summary(record, sheet))
        if found is not None:
            self.listings[record["id"]] = found
        return [item for item in found if "unreadable" not in item] if found is not None else None

    def to_manifest(self) -> dict:
        """Keep blob peeks and every brief's edition summaries for the next build."""
        return {"peeks": self.archive.peeks, "briefs": dict(sorted(self.listings.items()))}

    # --- rendering ------------------------------------------------------------

    def current_edition(self, record: dict, sheet: FactSheet) -> dict | None:
        """Return what the current page and PDF show of their edition, or None without history."""
        found = self.current_summary(record, sheet)
        return page_edition(found, archived=False) if found else None

    def owns(self, path: str) -> bool:
        """Tell whether an output path is one of the editions' outputs."""
        parts = path.split("/")
        return len(parts) > 3 and parts[0] == "briefs" and parts[2] == "editions"

    def render_file(self, path: str, entry: dict) -> str:
        """Render a past edition's page or JSON, or the list of a brief's editions (``entry``: its listing entry)."""
        if path == pages.editions_index_path(entry["id"]):
            return self._render_index(entry)
        past = self._paths[path]
        sheet = self.archive.sheet(past.edition)
        if path.endswith(".json"):
            return pages.sheet_json(sheet)
        context = brief_context(sheet, self.project, page_edition(past.summary, archived=True))
        context = pages.brief_page_context(context, past.has_pdf, self.settings, path)
        context["settings"] = self.settings
        return render_template(self.project, "brief.html", context)

    def pdf_input(self, path: str) -> tuple[FactSheet, dict]:
        """Return what a past edition's PDF is rendered from: its sheet and its edition."""
        past = self._paths[path]
        return self.archive.sheet(past.edition), page_edition(past.summary, archived=True)

    def _render_index(self, entry: dict) -> str:
        """Render the list of a brief's editions, newest first, each with what changed."""
        path = pages.editions_index_path(entry["id"])
        items = self.listings[entry["id"]]
        shown = [self._index_item(item, current=position == len(items) - 1) for position, item in enumerate(items)]
        context = {
            "brief": {"id": entry["id"], "title": entry["title"], "handling": entry["handling"]},
            "editions": list(reversed(shown)),
            "page": pages.page_info(path, f"Editions: {entry['title']}", self.settings["base_url"]),
            "settings": self.settings,
        }
        return render_template(self.project, EDITIONS_TEMPLATE, context)

    def _index_item(self, item: dict, *, current: bool) -> dict:
        href = "../index.html" if current else f"{item['as_of']}/index.html"
        return {
            **item,
            "current": current,
            "href": None if "unreadable" in item else href,
            "unreadable": item.get("unreadable"),
            "changes": item.get("changes"),
            "as_of_human": _day(item["as_of"]),
            "previous_as_of_human": _day(item.get("previous_as_of")),
        }
