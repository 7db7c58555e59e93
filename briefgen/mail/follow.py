"""Who follows which brief, and why: subscriptions matched against fact sheets. Pure: values in, values out.

A reader follows a brief when it names one of the brief's countries or tags, or
its id. They get it once however many of those they name; every one is a
reason the footer gives ("you follow Mali and Niger").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from babel.lists import format_list

from briefgen.i18n import N_, Words
from briefgen.mail.settings import ADDRESS_PLACEHOLDER, Subscription
from briefgen.sheet.countries import country_name
from briefgen.sheet.models import FactSheet

FOLLOWS_COUNTRY = N_("you follow %(country)s")
FOLLOWS_TAG = N_("you follow the tag \u201c%(tag)s\u201d")
FOLLOWS_BRIEF = N_("you follow this brief")
ON_LIST = N_("you are on the list %(name)s")


@dataclass(frozen=True)
class Reason:
    """One thing a reader follows that a brief has: a country (code), a tag, the brief itself, or a list."""

    kind: str  # country, tag, brief or list
    value: str


def why_said(found: tuple[Reason, ...], words: Words) -> str:
    """Say why a reader gets a brief in their language: 'you follow Mali and Niger; you follow this brief'."""
    by_kind = {kind: [r.value for r in found if r.kind == kind] for kind in ("brief", "country", "tag", "list")}
    names = [words.territory(code) or country_name(code) for code in by_kind["country"]]
    phrases = [words.gettext(FOLLOWS_BRIEF)] if by_kind["brief"] else []
    if names:
        phrases.append(words.gettext(FOLLOWS_COUNTRY) % {"country": format_list(names, locale=words.locale)})
    phrases += [words.gettext(FOLLOWS_TAG) % {"tag": tag} for tag in by_kind["tag"]]
    phrases += [words.gettext(ON_LIST) % {"name": name} for name in by_kind["list"]]
    return "; ".join(phrases)


def reasons(subscription: Subscription, sheet: FactSheet) -> tuple[Reason, ...]:
    """List why a reader follows a brief, in the brief's order; empty when they do not."""
    found = [Reason("brief", sheet.id)] if sheet.id in subscription.briefs else []
    found += [Reason("country", code) for code in sheet.countries if code in subscription.countries]
    found += [Reason("tag", tag) for tag in sheet.tags if tag in subscription.tags]
    return tuple(found)


def followers(subscriptions: dict[str, Subscription], sheet: FactSheet) -> list[tuple[str, tuple[Reason, ...]]]:
    """List each reader who follows a brief, once, with their reasons, in the order the settings give them."""
    found = [(address, reasons(subscription, sheet)) for address, subscription in subscriptions.items()]
    return [(address, why) for address, why in found if why]


def list_reasons(lists: dict[str, list[str]], targets: list[str], address: str) -> tuple[Reason, ...]:
    """List the lists named with --to that hold an address: why a list's reader gets a brief."""
    wanted = address.lower()
    held = [t for t in targets if t in lists and wanted in (member.lower() for member in lists[t])]
    return tuple(Reason("list", name) for name in dict.fromkeys(held))


def unsubscribe_address(template: str, recipient: str) -> str:
    """Fill in the reader's address, percent-encoded: nothing in it can end the header or the URL."""
    return template.replace(ADDRESS_PLACEHOLDER, quote(recipient, safe="@"))
