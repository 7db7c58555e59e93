"""Brief cards, the entries of the index and listing pages, rendered once and kept between builds.

An archive lists every brief on its index and again on a page per country and
tag. Rendering every card of those pages on each build would cost the sum of
all briefs on every edit; instead a card is rendered when its brief changes (in
the worker that loads the sheet) and kept in ``.briefgen-cards.json`` beside
the manifest, keyed by exactly what it is made from: the brief's key (its sheet
and seeds), the code, settings and card template (the planner's card_key_base)
and the way up from the page to the site root. A listing page is then its
cards, joined.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from markupsafe import Markup

from briefgen.config import Project
from briefgen.site import cache, pages
from briefgen.site.templating import render_template
from briefgen.site.theme import Theme

log = logging.getLogger(__name__)

CARDS_NAME = ".briefgen-cards.json"
ROOTS = ("", "../../")  # the index; a country's or a tag's listing


def card_key(base: str, brief_key: str, root: str) -> str:
    """Key one card: what every card is made from, the brief it shows, and where the page that shows it stands."""
    return cache.digest("card", base, brief_key, root)


def render_card(project: Project, settings: dict, shown: dict) -> str:
    """Render one card from an entry as a page shows it (see pages.display_entry)."""
    return render_template(project, pages.CARD_TEMPLATE, {"entry": shown, "settings": settings})


def theme_has_cards(project: Project) -> bool:
    """Tell whether the templates render brief cards; a theme copied from an older briefgen lists entries itself."""
    return Theme.of(project).find(pages.CARD_TEMPLATE) is not None


def render_cards(project: Project, settings: dict, base: str, record: dict) -> dict[str, str]:
    """Render a brief's card for every page that lists it, keyed for the cache (none when the theme has no cards)."""
    if not theme_has_cards(project):
        return {}
    return {
        card_key(base, record["key"], root): render_card(project, settings, pages.display_entry(record["entry"], root))
        for root in ROOTS
    }


class CardCache:
    """The cards of the last build, those rendered in this one, and which ones this build's pages used."""

    def __init__(self, project: Project, settings: dict, base: str, previous_site: Path):
        self.project = project
        self.settings = settings
        self.base = base
        self.previous_site = previous_site
        self.fresh: dict[str, str] = {}
        self.used: dict[str, str] = {}
        self._previous: dict[str, str] | None = None
        self.enabled = theme_has_cards(project)

    def add(self, cards: dict[str, str]) -> None:
        """Take cards rendered while loading, in this process or a worker."""
        self.fresh.update(cards)

    def card(self, shown: dict, brief_key: str, root: str) -> Markup | None:
        """Return the card of a shown entry: kept, rendered while loading, or rendered now."""
        if not self.enabled:
            return None
        key = card_key(self.base, brief_key, root)
        html = self.fresh.get(key) or self._kept().get(key)
        if html is None:
            html = render_card(self.project, self.settings, shown)
        self.used[key] = html
        return Markup(html)

    def _kept(self) -> dict[str, str]:
        if self._previous is None:
            self._previous = read_cards(self.previous_site)
        return self._previous

    def to_json(self, records: list[dict]) -> str:
        """Write every card of these briefs that is known, for the next build, in a stable order."""
        kept: dict[str, str] = {}
        for record in records:
            for root in ROOTS:
                key = card_key(self.base, record["key"], root)
                html = self.used.get(key) or self.fresh.get(key) or self._kept().get(key)
                if html is not None:
                    kept[key] = html
        return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_cards(site: Path) -> dict[str, str]:
    """Read the cards kept beside a site; none when the file is missing or unreadable."""
    try:
        cards = json.loads((site / CARDS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(cards, dict) or not all(isinstance(v, str) for v in cards.values()):
        log.info("%s in %s is not a card cache; rendering cards again", CARDS_NAME, site)
        return {}
    return cards
