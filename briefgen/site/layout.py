"""Where every output of the site goes, and the address it is reached at: the one module that knows.

Layout (outside scripts rely on it)::

    index.html                     every brief, newest first, with search and filters
    briefs/<id>/index.html         the brief
    briefs/<id>/<id>.json          the validated fact sheet as JSON
    briefs/<id>/<id>.pdf           the PDF, when built
    briefs/<id>/editions/index.html            every edition with its date and what changed (with git history)
    briefs/<id>/editions/<as_of>/index.html    a past edition's page; <id>.json and <id>.pdf beside it
    briefs/<id>/feed.xml           the brief's editions, as an Atom feed
    countries/index.html           every country with its briefs
    countries/<code>/index.html    briefs on one country (code in lower case, e.g. ml), feed.xml beside it
    tags/index.html, tags/<tag>/index.html (and tags/<tag>/feed.xml)
    feed.xml (Atom 1.0), sitemap.xml
    assets/                        stylesheet, search script, search-index.js (and .json for tools)
    <lang>/...                     a version of a brief in another language than the project's, and that
                                   language's index, listings, feeds and search index: fr/briefs/<id>/, fr/index.html,
                                   fr/countries/..., fr/feed.xml, fr/assets/search-index.js; the stylesheet stays shared

A brief's version is named as :mod:`briefgen.sheet.versions` names it: its id in the
project's language, ``<id>@<language>`` in another; every brief path below takes that name.

Every internal link is relative and names a file, so the site works from a
sub-path and from file://; only the feed, the sitemap, canonical links and
mail use the public base URL, which :func:`public_base_url` decides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from briefgen.config import Project
from briefgen.sheet.versions import split_version, version_in

ASSETS = "assets"
SEARCH_INDEX = f"{ASSETS}/search-index.js"
SEARCH_INDEX_JSON = f"{ASSETS}/search-index.json"
INDEX = "index.html"
COUNTRIES_INDEX = "countries/index.html"
TAGS_INDEX = "tags/index.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
BASE_URL_VARIABLE = "BRIEFGEN_BASE_URL"  # set by CI to where the site is published


def public_base_url(project: Project, environ: Mapping[str, str] = os.environ) -> str:
    """Return the site's public address without a trailing slash; BRIEFGEN_BASE_URL overrides base_url."""
    override = environ.get(BASE_URL_VARIABLE, "").strip()
    return (override or project.settings.base_url).rstrip("/")


def language_folder(language: str | None) -> str:
    """Return the folder of a language's part of the site, with a trailing slash: '' for the project's language."""
    return f"{language}/" if language else ""


def version_folder(version: str) -> str:
    """Return the language folder a version of a brief and the pages that list it go in."""
    return language_folder(split_version(version)[1])


def language_of_path(path: str) -> str | None:
    """Tell which language's part of the site a path is in: None for the project's language.

    Every folder of the site's own is a word of four letters or more, and a language
    tag starts with two or three, so the first folder of a path tells them apart.
    """
    first, slash, _ = path.partition("/")
    return first if slash and _LANGUAGE_FOLDER.fullmatch(first) else None


_LANGUAGE_FOLDER = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def without_language(path: str) -> str:
    """Return a path as it stands within its language's part of the site."""
    language = language_of_path(path)
    return path[len(language) + 1 :] if language else path


def _brief_base(version: str) -> tuple[str, str]:
    brief_id, language = split_version(version)
    return f"{language_folder(language)}briefs/{brief_id}", brief_id


def brief_page_path(version: str) -> str:
    """Return where a brief's page goes."""
    return f"{_brief_base(version)[0]}/index.html"


def brief_json_path(version: str) -> str:
    """Return where a brief's JSON export goes."""
    base, brief_id = _brief_base(version)
    return f"{base}/{brief_id}.json"


def brief_pdf_path(version: str) -> str:
    """Return where a brief's PDF goes."""
    base, brief_id = _brief_base(version)
    return f"{base}/{brief_id}.pdf"


def brief_data_path(version: str, table: str) -> str:
    """Return where one table of a brief's data for analysts goes, beside its JSON."""
    base, brief_id = _brief_base(version)
    return f"{base}/{brief_id}.{table}.csv"


DATA_FOLDER = "data/"
DATAPACKAGE_PATH = f"{DATA_FOLDER}datapackage.json"


def data_table_path(table: str) -> str:
    """Return where the archive's table of one kind of item goes."""
    return f"{DATA_FOLDER}{table}.csv"


def brief_folder(version: str) -> str:
    """Return the folder that holds every output of a brief, with a trailing slash."""
    return f"{_brief_base(version)[0]}/"


def editions_index_path(version: str) -> str:
    """Return where the list of a brief's editions goes."""
    return f"{_brief_base(version)[0]}/editions/index.html"


def edition_page_path(version: str, as_of: str) -> str:
    """Return where a past edition's page goes; its JSON and PDF go beside it."""
    return f"{_brief_base(version)[0]}/editions/{as_of}/index.html"


def edition_file_path(version: str, as_of: str, suffix: str) -> str:
    """Return where a past edition's JSON (suffix 'json') or PDF ('pdf') goes."""
    base, brief_id = _brief_base(version)
    return f"{base}/editions/{as_of}/{brief_id}.{suffix}"


def is_edition_output(path: str) -> bool:
    """Tell whether an output path is one of a brief's editions' outputs (past editions, their list)."""
    parts = without_language(path).split("/")
    return len(parts) > 3 and parts[0] == "briefs" and parts[2] == "editions"


def pdf_label(path: str) -> str:
    """Name a PDF in progress lines: the brief id (and language), and the as-of day of a past edition."""
    language, parts = language_of_path(path), without_language(path).split("/")
    name = f"{parts[1]} ({language})" if language else parts[1]
    return f"{name} (edition of {parts[3]})" if len(parts) == 5 else name


def brief_of(path: str) -> str:
    """Return the version of the brief a brief output belongs to."""
    language, brief_id = language_of_path(path), without_language(path).split("/")[1]
    return version_in(brief_id, language)


def country_folder(code: str) -> str:
    """Return the folder of one country's listing and feed, with a trailing slash."""
    return f"countries/{code.lower()}/"


def tag_folder(tag: str) -> str:
    """Return the folder of one tag's listing and feed, with a trailing slash."""
    return f"tags/{tag}/"


def country_path(code: str) -> str:
    """Return where the listing of one country goes."""
    return country_folder(code) + INDEX


def tag_path(tag: str) -> str:
    """Return where the listing of one tag goes."""
    return tag_folder(tag) + INDEX


def feed_path(folder: str = "") -> str:
    """Return where the feed of a folder's briefs goes: the site's (''), a listing's or a brief's.

    Every feed is named here, so a prefix (a language's folder) is added in one place.
    """
    return folder + FEED


def country_feed_path(code: str) -> str:
    """Return where the feed of one country's briefs goes."""
    return feed_path(country_folder(code))


def tag_feed_path(tag: str) -> str:
    """Return where the feed of one tag's briefs goes."""
    return feed_path(tag_folder(tag))


def brief_feed_path(brief_id: str) -> str:
    """Return where the feed of a brief's editions goes."""
    return feed_path(brief_folder(brief_id))


def is_brief_own(brief_id: str, path: str) -> bool:
    """Tell whether a path is one of a brief's own outputs; its feed, a site-wide page made from every edition, is not."""
    return path.startswith(brief_folder(brief_id)) and path != brief_feed_path(brief_id)


def feed_id(base_url: str, path: str) -> str:
    """Return a feed's Atom id: its address, or a urn: name from its path without a base URL.

    The site's feed keeps the urn it always had, so readers never see it as a new feed.
    """
    if base_url:
        return f"{base_url}/{path}"
    scope = path.removesuffix(FEED).strip("/").replace("/", ":")
    return f"urn:briefgen:feed:{scope}" if scope else "urn:briefgen:feed"


def card_name(brief_id: str, root: str) -> str:
    """Name a brief's card for a page at ``root`` from the site root: cards are kept beside the site, not in it."""
    return f"card:{root or './'}{brief_id}"


def root_prefix(path: str) -> str:
    """Return the relative way up from a page to the site root, e.g. '../../'."""
    return "../" * path.count("/")


def page_url(base_url: str, path: str) -> str | None:
    """Return a page's public address, or None when the site has no base URL."""
    return f"{base_url}/{path.removesuffix('index.html')}" if base_url else None


def page_info(path: str, title: str, base_url: str, feed: str | None = None) -> dict:
    """Describe the page being rendered: its path, the way to the root and to its language's home, its public URL
    and the feed it offers. Assets are shared from the root; listings, feeds and search are each language's own.
    """
    root, folder = root_prefix(path), language_folder(language_of_path(path))
    home = root + folder
    feed_href = root + feed if feed else None
    canonical = page_url(base_url, path)
    return {
        "path": path,
        "root": root,
        "home": home,
        "folder": folder,
        "title": title,
        "canonical": canonical,
        "feed_href": feed_href,
    }


def edition_links(*, archived: bool) -> dict[str, str | None]:
    """Link a brief's page to the list of its editions and, from a past edition, to the current one."""
    if archived:  # briefs/<id>/editions/<as_of>/index.html
        return {"editions_href": "../index.html", "current_href": "../../index.html"}
    return {"editions_href": "editions/index.html", "current_href": None}


def edition_list_href(as_of: str, *, current: bool) -> str:
    """Link the list of a brief's editions to one of them."""
    return "../index.html" if current else f"{as_of}/index.html"
