"""Brief cards, the entries of the index and listing pages, rendered once and kept between builds.

An archive lists every brief on its index and again on a page per country and
tag. Rendering every card of those pages on each build would cost the sum of
all briefs on every edit; instead a card is an output of its brief, rendered
when its key changes (in the worker that renders the brief) and kept in
``.briefgen-cards.json`` beside the manifest, keyed by exactly what it is made
from: the brief's key (its sheet and seeds), the code, settings and card
template (:func:`card_key_base`) and the way up from the page that shows it to
the site root. A listing page is then its cards, joined.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from markupsafe import Markup

from briefgen.config import Project
from briefgen.keys import digest
from briefgen.site import pages
from briefgen.site.manifest import StateUnreadable, read_state
from briefgen.site.templating import render_template
from briefgen.themes import Theme

log = logging.getLogger(__name__)

CARDS_NAME = ".briefgen-cards.json"
ROOTS = ("", "../../")  # the index; a country's or a tag's listing


def card_key_base(global_key: str, template_key: str) -> str:
    """Key what every brief card is made from besides its brief: the code, settings and card template."""
    return digest(global_key, template_key)


def card_key(base: str, brief_key: str, root: str) -> str:
    """Key one card: what every card is made from, the brief it shows, and where the page that shows it stands."""
    return digest("card", base, brief_key, root)


def render_card(project: Project, settings: dict, shown: dict) -> str:
    """Render one card from an entry as a page shows it (see pages.display_entry), in its brief's language."""
    language = shown.get("language") or settings["language"]
    context = {"entry": shown, "settings": {**settings, "language": language}}
    return render_template(project, pages.CARD_TEMPLATE, context, language)


def theme_has_cards(project: Project) -> bool:
    """Tell whether the templates render brief cards; a theme copied from an older briefgen lists entries itself."""
    return Theme.of(project).find(pages.CARD_TEMPLATE) is not None


def read_cards(site: Path) -> dict[str, str]:
    """Read the cards kept beside a site, by key; none when the file is missing, and when it is unreadable, said once."""
    try:
        return load_cards(site)
    except FileNotFoundError:
        return {}
    except StateUnreadable as error:
        log.warning("%s; rendering every card again", error)
        return {}


def load_cards(site: Path) -> dict[str, str]:
    """Read the cards kept beside a site, by key; StateUnreadable when they cannot be read, FileNotFoundError when absent."""
    path = site / CARDS_NAME
    cards = read_state(path)
    if not isinstance(cards, dict) or not all(isinstance(v, str) for v in cards.values()):
        raise StateUnreadable(path, "it is not a cache of brief cards")
    return cards


def cards_json(cards: Mapping[str, str]) -> str:
    """Write cards by key, in a stable order."""
    return json.dumps(dict(cards), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


class CardBook:
    """The cards a build's pages are made of: rendered in this build, or kept from the last one.

    A card missing from both (the cards file was damaged) is rendered when a page asks for it.
    """

    def __init__(self, previous_site: Path, render: Callable[[dict], str]):
        self.previous_site = previous_site
        self.render = render
        self.cards: dict[str, str] = {}
        self._kept: dict[str, str] | None = None

    def add(self, cards: Mapping[str, str]) -> None:
        """Take cards rendered in this build, by key."""
        self.cards.update(cards)

    def card(self, key: str, shown: dict) -> Markup:
        """Return the card with this key for a shown entry: rendered now, kept, or rendered here and now."""
        html = self.cards.get(key) or self.kept.get(key)
        if html is None:
            html = self.cards[key] = self.render(shown)
        return Markup(html)

    @property
    def kept(self) -> dict[str, str]:
        if self._kept is None:
            self._kept = read_cards(self.previous_site)
        return self._kept

    def of(self, keys: list[str]) -> dict[str, str]:
        """Return the html of each of these cards that is known, for the cards file."""
        return {key: html for key in keys if (html := self.cards.get(key) or self.kept.get(key)) is not None}
